// Helpers of the editing specs: the app's test hooks (window.__schoolnet.edit), waiting for an edit
// to be saved and its figures recomputed, and the command line's evaluation to compare with.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

export type Pos = [number, number];
export interface Geometry { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown }
export interface CatchmentJson { id: string; schoolId: string; form: string; geometry: Geometry | null; unitIds: string[] }
interface SchoolRow { schoolId: string; pupils: number; utilisation: number | null }
interface LevelEv { level: string; schools: SchoolRow[]; county: { gapPupils: number; overlapPupils: number; overCapacitySchools: number } }
interface Ev { levels: LevelEv[] }
interface Hooks {
  ready: boolean;
  evaluation(): { status: string; evaluation: Ev | null };
  edit: {
    state(): { tool: string; level: string; selectedCatchment: string | null; canUndo: boolean; canRedo: boolean; done: number; inFlight: number; notice: string | null };
    catchment(id: string): CatchmentJson | null;
    catchments(level: string): { id: string; schoolId: string; form: string; units: number }[];
    screenPoint(lon: number, lat: number): { x: number; y: number } | null;
    view(lon: number, lat: number, zoom: number): Promise<void>;
    fit(bbox: [number, number, number, number]): Promise<void>;
    residenceAt(id: string): Pos | null;
  };
}
declare global { interface Window { __schoolnet: Hooks } }

export function cli(projectPath: string): Ev {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'cli.ts'), 'evaluate', projectPath, '--json'], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`cli evaluate failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Ev;
}

export const state = (p: Page) => p.evaluate(() => window.__schoolnet.edit.state());
export const catchment = (p: Page, id: string) => p.evaluate((x) => window.__schoolnet.edit.catchment(x), id);
export const county = (p: Page, level: string) => p.evaluate((l) => window.__schoolnet.evaluation().evaluation!.levels.find((x) => x.level === l)!.county, level);

/** Waits until `done` edits are saved and the figures are recomputed for them. */
export async function settled(p: Page, done: number): Promise<void> {
  await p.waitForFunction((d) => {
    const s = window.__schoolnet.edit.state();
    return s.inFlight === 0 && s.done === d;
  }, done, { timeout: 30_000 });
  await p.waitForFunction(() => window.__schoolnet.evaluation().status === 'done', null, { timeout: 60_000 });
  await p.waitForTimeout(300); // a queued re-evaluation may still start
  await p.waitForFunction(() => window.__schoolnet.evaluation().status === 'done', null, { timeout: 60_000 });
}

/** The figures on screen equal the command line's for the file as it now is. */
export async function sameAsCli(p: Page, projectPath: string): Promise<void> {
  const expected = cli(projectPath);
  const shown = await p.evaluate(() => window.__schoolnet.evaluation().evaluation!.levels.map((l) => ({ level: l.level, county: l.county, schools: l.schools.map((s) => ({ schoolId: s.schoolId, pupils: s.pupils, utilisation: s.utilisation })) })));
  for (const l of expected.levels) {
    const s = shown.find((x) => x.level === l.level)!;
    expect(s.county.gapPupils).toBeCloseTo(l.county.gapPupils, 6);
    expect(s.county.overCapacitySchools).toBe(l.county.overCapacitySchools);
    expect(s.schools.map((x) => [x.schoolId, Math.round(x.pupils * 1000)])).toEqual(l.schools.map((x) => [x.schoolId, Math.round(x.pupils * 1000)]));
  }
}

export const rings = (g: Geometry | null): Pos[][] => (!g ? [] : g.type === 'Polygon' ? (g.coordinates as Pos[][]) : (g.coordinates as Pos[][][]).flat());
export const hasVertex = (g: Geometry | null, v: Pos) => rings(g).some((r) => r.some((p) => Math.abs(p[0] - v[0]) < 1e-9 && Math.abs(p[1] - v[1]) < 1e-9));

/** Clicks around a map position until the catchment wanted is the one selected. */
export async function selectCatchment(p: Page, id: string, near: Pos): Promise<void> {
  const at = (await p.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), near))!;
  for (const r of [30, 55, 80]) {
    for (let k = 0; k < 12; k++) {
      const a = (k / 12) * 2 * Math.PI;
      await p.mouse.click(at.x + r * Math.cos(a), at.y + r * Math.sin(a));
      if ((await state(p)).selectedCatchment === id) return;
    }
  }
  throw new Error(`could not select ${id} by clicking near it`);
}

