// The desktop shell: runs where an Electron binary is installed; on machines without one (its
// download is skipped here) it reports itself skipped and says why.
import { test, expect, _electron as electron } from '@playwright/test';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function electronBinary(): string | null {
  try {
    const p = createRequire(import.meta.url)('electron') as unknown;
    return typeof p === 'string' && existsSync(p) ? p : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();

test.describe('Electron shell', () => {
  test.skip(binary === null, 'No Electron binary on this machine (ELECTRON_SKIP_BINARY_DOWNLOAD); the same UI is tested in browser mode');

  test('opens the demo county in a hardened window and calls the backend over IPC', async () => {
    const userData = mkdtempSync(join(tmpdir(), 'snp-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: [ROOT, `--user-data-dir=${userData}`], cwd: ROOT });
    try {
      const window = await app.firstWindow();
      await window.waitForFunction(() => (window as unknown as { __schoolnet?: { ready?: boolean } }).__schoolnet?.ready === true, undefined, { timeout: 60_000 });
      const prefs = await app.evaluate(({ BrowserWindow }) => {
        const w = BrowserWindow.getAllWindows()[0];
        const p = w.webContents.getLastWebPreferences();
        return { contextIsolation: p?.contextIsolation, sandbox: p?.sandbox, nodeIntegration: p?.nodeIntegration };
      });
      expect(prefs).toEqual({ contextIsolation: true, sandbox: true, nodeIntegration: false });
      const info = await window.evaluate(async () => {
        const bridge = (window as unknown as { schoolnet: { call(m: string, p: unknown): Promise<{ ok: boolean; result: { host: string } }> } }).schoolnet;
        return bridge.call('app.info', {});
      });
      expect(info.ok).toBe(true);
      expect(info.result.host).toBe('electron');
      expect(await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require)).toBe('undefined');
    } finally {
      await app.close();
    }
  });
});
