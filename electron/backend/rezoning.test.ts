// The acceptance task, done the way a planner would with the paint tool: for each primary
// school over capacity in the demo county, give its residence units nearest to a neighbouring
// school with spare seats to that school, a brushful (one edit) at a time, watching the figures
// after every edit. Every school that can be relieved this way ends within its seats, no school
// is pushed over, and reopening the file gives the same figures (nothing was lost).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { paintUnits } from '../../shared/edits/ops-units';
import { LEVEL_GRADES, type Residence } from '../../shared/model';
import { createBackend, createDemoProject } from '.';
import { evaluateProject } from './evaluation';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'snp-rezone-')); }, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const metres = (a: number[], b: number[]) => {
  const ky = 111_320;
  const kx = ky * Math.cos(((a[1] + b[1]) / 2) * (Math.PI / 180));
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * ky);
};
const primaryPupils = (r: Residence) => LEVEL_GRADES.primary.reduce((s, g) => s + (r.pupilsByGrade[g - 1] ?? 0), 0);

describe('rezoning the demo county by hand', () => {
  it('relieves every over-capacity primary school that has a neighbour with spare seats, and loses nothing', async () => {
    const path = join(dir, 'demo.sqlite');
    createDemoProject(path, join(ROOT, 'resources'), '0.0.0-test').close();
    const backend = createBackend({ host: 'node', appName: 'test', appVersion: '0.0.0-test', resourcesDir: join(ROOT, 'resources'), settingsFile: join(dir, 'settings.json'), systemLocale: 'zh-CN', emit: () => undefined });
    backend.open(path);
    const store = backend.current()!;
    const schools = store.schools.list();
    const residences = store.residences.list();
    const byId = new Map(residences.map((r) => [r.id, r]));
    const figures = () => evaluateProject(store, { levels: ['primary'], network: false }).levels[0].schools;
    const start = figures();
    const overBefore = start.filter((s) => s.overCapacity).map((s) => s.schoolId);
    expect(overBefore.length).toBeGreaterThan(0);

    const RADIUS = 6000; // a neighbour within 6 km, as a planner would look
    let edits = 0;
    for (const id of overBefore) {
      for (let round = 0; round < 60; round++) {
        const now = new Map(figures().map((s) => [s.schoolId, s]));
        const me = now.get(id)!;
        if (!me.overCapacity) break;
        const at = schools.find((s) => s.id === id)!.location.coordinates;
        const mine = store.catchments.list({ scenarioId: 'baseline', level: 'primary' }).find((c) => c.schoolId === id)!;
        // Neighbours with spare seats, nearest first; the first that can take some of the units nearest to it.
        const neighbours = [...now.values()]
          .filter((s) => s.schoolId !== id && s.open && s.surplus > 0)
          .map((s) => ({ s, d: metres(at, schools.find((x) => x.id === s.schoolId)!.location.coordinates) }))
          .filter((x) => x.d <= RADIUS)
          .sort((a, b) => a.d - b.d);
        let brush: string[] = [];
        let to = schools[0];
        for (const n of neighbours) {
          to = schools.find((x) => x.id === n.s.schoolId)!;
          const room = Math.min(n.s.surplus, me.pupils - me.seats);
          brush = [];
          let moved = 0;
          for (const u of [...mine.unitIds].sort((a, b) => metres(byId.get(a)!.geometry.coordinates as number[], to.location.coordinates) - metres(byId.get(b)!.geometry.coordinates as number[], to.location.coordinates))) {
            const p = primaryPupils(byId.get(u)!);
            if (p === 0 || moved + p > n.s.surplus) continue;
            brush.push(u);
            moved += p;
            if (moved >= room) break;
          }
          if (brush.length > 0) break;
        }
        if (brush.length === 0) break;
        const ctx = { scenarioId: 'baseline', level: 'primary' as const, catchments: store.catchments.list({ scenarioId: 'baseline' }), schools, residences, clip: (store.context.list().find((c) => c.kind === 'county')?.geometry ?? null) as never };
        const out = await backend.handlers['edits.apply']({ edit: paintUnits(ctx, brush, to.id) });
        expect(out.seq).toBeGreaterThan(0);
        edits++;
      }
    }
    const end = figures();
    const over = new Set(end.filter((s) => s.overCapacity).map((s) => s.schoolId));
    // Fewer schools over capacity; none of those with spare seats before was pushed over.
    expect(over.size).toBeLessThan(overBefore.length);
    for (const s of start) if (!s.overCapacity) expect(over.has(s.schoolId), `${s.name} pushed over capacity`).toBe(false);
    // Those still over have no school with spare seats within reach.
    for (const id of over) {
      const at = schools.find((s) => s.id === id)!.location.coordinates;
      const spare = end.filter((s) => s.schoolId !== id && s.open && s.surplus > 0 && metres(at, schools.find((x) => x.id === s.schoolId)!.location.coordinates) <= RADIUS);
      const units = store.catchments.list({ scenarioId: 'baseline', level: 'primary' }).find((c) => c.schoolId === id)!.unitIds.map((u) => primaryPupils(byId.get(u)!)).filter((p) => p > 0);
      // no neighbour can take even the smallest unit
      for (const n of spare) expect(Math.min(...units)).toBeGreaterThan(n.surplus);
    }
    console.log(`rezoning the demo county: ${overBefore.length} primary schools over capacity before, ${over.size} after, in ${edits} edits`);

    // Nothing lost: the reopened file has every edit and gives the same figures.
    const history = await backend.handlers['edits.history']({ scenarioId: 'baseline' });
    expect(history.done).toBe(edits);
    backend.close();
    const again = createBackend({ host: 'node', appName: 'test', appVersion: '0.0.0-test', resourcesDir: join(ROOT, 'resources'), settingsFile: join(dir, 'settings.json'), systemLocale: 'zh-CN', emit: () => undefined });
    again.open(path);
    expect(evaluateProject(again.current()!, { levels: ['primary'], network: false }).levels[0].schools).toEqual(end);
    again.close();
  }, 300_000);
});
