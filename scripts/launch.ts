// `npm start`: the desktop app under Electron when its binary is installed, otherwise browser mode
// (saying so, and opening the default browser where one exists).
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { ROOT, buildIfStale } from './lib/app';
import { exitOnError, runBrowserMode } from './lib/browser-mode';

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
  const host = await runBrowserMode(args, (l) => console.log(l));
  if (!args.includes('--no-open')) openBrowser(host.server.url);
}

main().catch(exitOnError('start'));
