// Rules of ../shared/docs/architecture.md that the compiler and ESLint cannot see: SQL lives only in
// electron/store, and the preload's channel names match the contract's.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
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

describe('layer rules enforced by ESLint', () => {
  const eslint = new ESLint({ cwd: ROOT });
  const violations = async (filePath: string, code: string) => {
    const [r] = await eslint.lintText(code, { filePath: join(ROOT, filePath) });
    return r.messages.filter((m) => m.ruleId === '@typescript-eslint/no-restricted-imports').length;
  };

  it.each([
    ['shared/model/x.ts', "import { readFileSync } from 'node:fs'; export const a = readFileSync;"],
    ['shared/engine/x.ts', "import { openProject } from '../../electron/store'; export const a = openProject;"],
    ['shared/geo/x.ts', "import maplibregl from 'maplibre-gl'; export const a = maplibregl;"],
    ['renderer/panels/x.ts', "import Database from 'better-sqlite3'; export const a = Database;"],
    ['renderer/map/x.ts', "import { createBackend } from '../../electron/backend'; export const a = createBackend;"],
    ['electron/store/x.ts', "import { ApiError } from '../../shared/api'; export const a = ApiError;"],
    ['electron/backend/x.ts', "import { app } from 'electron'; export const a = app;"],
    ['electron/main/x.ts', "import { openProject } from '../store'; export const a = openProject;"],
    ['electron/preload/x.ts', "import { CONTRACT } from '../../shared/api'; export const a = CONTRACT;"],
    ['e2e/x.spec.ts', "import { createBackend } from '../electron/backend'; export const a = createBackend;"],
    ['renderer/panels/x.ts', "import { evaluateScenario } from '../../shared/engine/evaluate'; export const a = evaluateScenario;"],
    ['shared/engine/x.ts', "import highs from 'highs'; export const a = highs;"],
  ])('refuses the wrong import in %s', async (file, code) => {
    expect(await violations(file, code)).toBeGreaterThan(0);
  });

  it.each([
    ['shared/engine/x.ts', "import { area } from '@turf/turf'; import type { School } from '../model'; export const a = (s: School) => [area, s];"],
    ['electron/store/x.ts', "import Database from 'better-sqlite3'; import type { School } from '../../shared/model'; export const a = (s: School) => [Database, s];"],
    ['electron/preload/x.ts', "import { contextBridge } from 'electron'; import type { CallResponse } from '../../shared/api/transport'; export const a = (c: CallResponse) => [contextBridge, c];"],
    ['renderer/map/x.ts', "import * as maplibregl from 'maplibre-gl'; import { api } from '../api'; export const a = [maplibregl, api];"],
    ['renderer/engine/evaluation.worker.ts', "import { evaluateScenario } from '../../shared/engine/evaluate'; export const a = evaluateScenario;"],
    ['renderer/panels/x.ts', "import type { Evaluation } from '../../shared/engine/types'; import { ASSIGNMENT_METHODS } from '../../shared/engine/types'; export const a = (e: Evaluation) => [e, ASSIGNMENT_METHODS];"],
  ])('allows the right imports in %s', async (file, code) => {
    expect(await violations(file, code)).toBe(0);
  });
});
