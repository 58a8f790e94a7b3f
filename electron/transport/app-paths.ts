// Where the app keeps its own files when not under Electron (browser mode, CLI): XDG folders,
// overridable with SCHOOLNET_DATA_DIR / SCHOOLNET_CONFIG_DIR (tests point them at temp folders).
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export function dataDir(env = process.env): string {
  return env.SCHOOLNET_DATA_DIR ?? join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'schoolnet-planner');
}

export function configDir(env = process.env): string {
  return env.SCHOOLNET_CONFIG_DIR ?? join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'schoolnet-planner');
}

/** The repository (or packaged app) root, found from this file's location. */
export function appRoot(): string {
  return resolve(fileURLToPath(new URL('.', import.meta.url)), '..', '..');
}
