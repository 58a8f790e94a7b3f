// The Electron shell: one window, the preload bridge, IPC wired to the same dispatch browser mode
// uses, and the hardening the renderer relies on (isolation, sandbox, CSP, no navigation, sender check).
import { app, BrowserWindow, dialog, ipcMain, Menu, session, shell } from 'electron';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createBackend, createDemoProject, type Backend } from '../backend';
import { createDispatch } from '../transport/dispatch';
import { EventHub } from '../transport/events';
import { CONTENT_SECURITY_POLICY } from '../transport/http-server';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../shared/api/transport';

const here = fileURLToPath(new URL('.', import.meta.url));
const rendererIndex = join(here, '..', 'renderer', 'index.html');
const preloadPath = join(here, '..', 'preload', 'index.cjs');
const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(here, '..', '..', 'resources');

let backend: Backend | null = null;
let win: BrowserWindow | null = null;
const events = new EventHub();

function projectFromArgs(): string | undefined {
  const i = process.argv.indexOf('--project');
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function isOurPage(url: string): boolean {
  return url.startsWith('file://') && decodeURIComponent(new URL(url).pathname).endsWith('/renderer/index.html');
}

async function createWindow(): Promise<void> {
  win = new BrowserWindow({
    width: 1400, height: 900, title: 'SchoolNet Planner',
    webPreferences: { preload: preloadPath, contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true },
  });
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  // TODO(print): "Export map → PDF" in the renderer opens its print layout (renderer/print,
  // `index.html?layout=print&…&toolbar=1&autoprint=1`) with window.open, which this handler denies,
  // so under Electron the renderer reports the window as blocked. To support it: allow that one URL
  // (isOurPage + layout=print) as a child window with the same webPreferences/preload, let the IPC
  // sender check below accept that window too, and when its page sets
  // window.__schoolnet.printReady, offer webContents.printToPDF({ pageSize: 'A4', landscape: true,
  // printBackground: true }) + a save dialog instead of window.print(). Not done: no Electron
  // binary here to test it; the CLI (`export --format pdf`) makes the same sheet headlessly.
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  const unsubscribe = events.subscribe((e) => win?.webContents.send(IPC_EVENT_CHANNEL, e));
  win.on('closed', () => {
    unsubscribe();
    win = null;
  });
  await win.loadFile(rendererIndex);
}

async function openDialog(): Promise<void> {
  if (!win || !backend) return;
  const r = await dialog.showOpenDialog(win, { filters: [{ name: 'SchoolNet project', extensions: ['sqlite', 'gpkg', 'snp'] }], properties: ['openFile'] });
  if (r.canceled || !r.filePaths[0]) return;
  try {
    backend.open(r.filePaths[0]);
  } catch (e) {
    dialog.showErrorBox('Cannot open project', e instanceof Error ? e.message : String(e));
  }
}

app.whenReady().then(async () => {
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] } });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  backend = createBackend({
    host: 'electron', appName: app.getName(), appVersion: app.getVersion(), resourcesDir,
    settingsFile: join(app.getPath('userData'), 'settings.json'), systemLocale: app.getLocale(), emit: events.emit,
  });
  const project = projectFromArgs() ?? join(app.getPath('userData'), 'demo-county.sqlite');
  if (!projectFromArgs() && !existsSync(project)) createDemoProject(project, resourcesDir, app.getVersion()).close();
  backend.open(project);
  const dispatch = createDispatch(backend.handlers, { onInternalError: (m, e) => console.error(`internal error in ${m}:`, e) });
  ipcMain.handle(IPC_CALL_CHANNEL, (event, method: unknown, params: unknown) => {
    // Only our own page in our own window may call the backend.
    if (!win || event.sender !== win.webContents || !event.senderFrame || !isOurPage(event.senderFrame.url)) {
      return { ok: false, error: { code: 'internal', message: 'call refused: unknown sender' } };
    }
    return dispatch(String(method), params);
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate([
    { label: 'File', submenu: [{ label: 'Open project…', accelerator: 'CmdOrCtrl+O', click: () => void openDialog() }, { type: 'separator' }, { role: 'quit' }] },
    { role: 'editMenu' }, { role: 'viewMenu' }, { role: 'windowMenu' },
  ]));
  await createWindow();
});

app.on('web-contents-created', (_e, contents) => {
  contents.on('will-attach-webview', (e) => e.preventDefault());
});
app.on('window-all-closed', () => {
  backend?.close();
  app.quit();
});
