// Rules of ../shared/docs/architecture.md that the compiler and ESLint cannot see: SQL lives only in
// electron/store, and the preload's channel names match the contract's.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL, PRELOAD_KEY } from '../shared/api/transport';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(p).isDirectory() ? sources(p) : /\.(ts|tsx)$/.test(name) ? [p] : [];
  });
}

describe('architecture', () => {
  it('keeps SQL inside electron/store', () => {
    const sql = /\b(SELECT\s+[\w*]|INSERT\s+INTO|CREATE\s+(TABLE|INDEX|VIRTUAL|TRIGGER)|DELETE\s+FROM|UPDATE\s+\w+\s+SET|PRAGMA\s+\w)/;
    const offenders = ['shared', 'electron', 'renderer', 'scripts']
      .flatMap((d) => sources(join(ROOT, d)))
      .filter((f) => !relative(ROOT, f).startsWith(join('electron', 'store')) && !f.endsWith('architecture.test.ts'))
      .filter((f) => sql.test(readFileSync(f, 'utf8')))
      .map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
  });

  it('uses the same IPC channel names and bridge key in the preload as the contract', () => {
    const preload = readFileSync(join(ROOT, 'electron', 'preload', 'index.ts'), 'utf8');
    expect(preload).toContain(`'${IPC_CALL_CHANNEL}'`);
    expect(preload).toContain(`'${IPC_EVENT_CHANNEL}'`);
    expect(preload).toContain(`exposeInMainWorld('${PRELOAD_KEY}'`);
  });
});
