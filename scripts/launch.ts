// `npm start`: the desktop app under Electron when its binary is installed, otherwise browser mode
// (saying so, and opening the default browser where one exists).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { startBrowserHost } from '../electron/transport/browser-host';
import { APP_VERSION, ROOT, argValue, buildIfStale } from './lib/app';

function electronBinary(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null; // the package is there but its binary download was skipped or failed
  }
}

function openBrowser(url: string): void {
  const opener = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  const child = spawn(opener, [url], { stdio: 'ignore', detached: true });
  child.on('error', () => console.log('No default browser could be started; open the URL above yourself.'));
  child.unref();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  buildIfStale();
  const electron = electronBinary();
  if (electron && !args.includes('--browser')) {
    const child = spawn(electron, ['.', ...args], { cwd: ROOT, stdio: 'inherit' });
    child.on('exit', (code) => process.exit(code ?? 0));
    return;
  }
  console.log(electron ? 'Starting in browser mode (--browser).' : 'Electron is not installed on this machine (its binary download was skipped), so SchoolNet Planner starts in browser mode.');
  const host = await startBrowserHost({ root: ROOT, appVersion: APP_VERSION, project: argValue(args, '--project'), port: Number(argValue(args, '--port') ?? 0), log: (l) => console.log(l) });
  console.log(`SchoolNet Planner (browser mode) is running at ${host.server.url}`);
  if (!args.includes('--no-open')) openBrowser(host.server.url);
  const stop = () => void host.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((e: unknown) => {
  console.error(`start: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
