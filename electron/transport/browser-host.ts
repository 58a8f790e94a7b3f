// Browser mode host: backend + dispatch + local HTTP server, the same pieces Electron uses over IPC.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { createBackend, createDemoProject, type Backend } from '../backend';
import { createDispatch } from './dispatch';
import { EventHub } from './events';
import { startHttpServer, type RunningServer } from './http-server';
import { configDir, dataDir } from './app-paths';

export interface BrowserHostOptions {
  root: string; // app root: out/renderer and resources/ live below it
  appVersion: string;
  port?: number;
  /** Project to open; without one, the demo county in the data folder (created on first start). */
  project?: string;
  validateResults?: boolean;
  log?: (line: string) => void;
}

export interface BrowserHost {
  server: RunningServer;
  backend: Backend;
  close(): Promise<void>;
}

export function defaultDemoPath(): string {
  return join(dataDir(), 'demo-county.sqlite');
}

export async function startBrowserHost(opts: BrowserHostOptions): Promise<BrowserHost> {
  const log = opts.log ?? (() => {});
  const events = new EventHub();
  const resourcesDir = join(opts.root, 'resources');
  const backend = createBackend({
    host: 'browser', appName: 'SchoolNet Planner', appVersion: opts.appVersion, resourcesDir,
    settingsFile: join(configDir(), 'settings.json'),
    systemLocale: Intl.DateTimeFormat().resolvedOptions().locale, emit: events.emit,
  });
  const projectPath = resolve(opts.project ?? defaultDemoPath());
  if (!opts.project && !existsSync(projectPath)) {
    log(`First start: writing the demo county to ${projectPath}`);
    mkdirSync(dirname(projectPath), { recursive: true });
    createDemoProject(projectPath, resourcesDir, opts.appVersion).close();
  }
  backend.open(projectPath);
  const dispatch = createDispatch(backend.handlers, {
    validateResults: opts.validateResults,
    onInternalError: (method, err) => log(`internal error in ${method}: ${err instanceof Error ? err.stack ?? err.message : String(err)}`),
  });
  const server = await startHttpServer({ dispatch, events, staticDir: join(opts.root, 'out', 'renderer'), port: opts.port });
  return {
    server,
    backend,
    close: async () => {
      await server.close();
      backend.close();
    },
  };
}
