// Facts about this checkout the launcher, server and CLI share: root folder, version, build state.
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnSync } from 'node:child_process';

export const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
export const APP_VERSION: string = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const p = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }
  return newest;
}

/** True when out/ is missing or older than the sources it is built from. */
export function buildIsStale(): boolean {
  const marker = join(ROOT, 'out', 'renderer', 'index.html');
  if (!existsSync(marker) || !existsSync(join(ROOT, 'out', 'main', 'index.js'))) return true;
  const built = statSync(marker).mtimeMs;
  return ['renderer', 'shared', 'electron'].some((d) => newestMtime(join(ROOT, d)) > built);
}

export function buildIfStale(log: (s: string) => void = console.error): void {
  if (!buildIsStale()) return;
  log('Building the app (electron-vite build)…');
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error('The build failed; see the messages above');
}

export function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(name);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`${name}=`));
  return eq?.slice(name.length + 1);
}
