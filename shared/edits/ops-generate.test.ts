// Generated catchments: nearest-school cells tile the county exactly (no overlap, no gap, one per
// open school of the level, each holding its school, agreeing with the engine's nearest method);
// capacity lists keep every school within its seats; network lists follow the engine's road
// assignment; regenerating the same map changes nothing.
import { describe, expect, it } from 'vitest';
import type { Catchment, Position, Residence, Road, School } from '../model';
import { defaultStandards, sumLevel } from '../model';
import { containsPoint } from '../engine/catchment-index';
import { evaluateScenario } from '../engine/evaluate';
import { mulberry32 } from '../engine/synthetic-city';
import { representativePoint } from '../geo/unit-outline';
import { catchmentId } from '.';
import { EditOpError, generateCatchments, type EditContext } from './ops';
import { applied, areaM2, gx, gy, LEVEL, nearDuplicates, planarArea, polygonCatchment, residence, SCENARIO, school, tilingFigures, unitsCatchment, withCatchments } from './ops-fixtures';
import { toSegment } from './ops-geometry';

const standards = defaultStandards();
const noRoads = { roads: [] as Road[], standards };

/** An irregular octagonal county about 4 km across. */
const countyOutline = { type: 'Polygon' as const, coordinates: [[[gx(1), gy(0)], [gx(3), gy(0.2)], [gx(4), gy(1)], [gx(3.9), gy(3)], [gx(3), gy(4)], [gx(1), gy(3.8)], [gx(0), gy(3)], [gx(0.1), gy(1)], [gx(1), gy(0)]] as Position[]] };

function inside(rnd: () => number): Position {
  for (;;) {
    const p: Position = [gx(rnd() * 4), gy(rnd() * 4)];
    if (containsPoint(countyOutline, p[0], p[1])) return p;
  }
}

function syntheticCounty(seed: number, opts: { seats?: (k: number) => number } = {}): EditContext {
  const rnd = mulberry32(seed);
  const schools: School[] = [];
  for (let k = 0; k < 9; k++) schools.push(school(`p${k}`, inside(rnd), { seats: opts.seats?.(k) }));
  schools.push(school('closed', inside(rnd), { status: 'closed' }), school('jr', inside(rnd), { type: 'junior' }), school('nine', inside(rnd), { type: 'nine_year', seats: opts.seats?.(9) }));
  // A second school on the same site as p0 (one cell per site: p0 keeps it).
  schools.push(school('p0twin', schools[0].location.coordinates));
  const residences: Residence[] = Array.from({ length: 160 }, (_, k) => residence(`r${k}`, inside(rnd), k % 9 === 0 ? 0 : 5 + Math.floor(rnd() * 40)));
  return { scenarioId: SCENARIO, level: LEVEL, catchments: [], schools, residences, clip: countyOutline };
}

const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

function nearBoundary(c: Catchment, p: Position): boolean {
  const polys = c.geometry!.type === 'Polygon' ? [c.geometry!.coordinates] : c.geometry!.coordinates;
  return polys.flat().some((ring) => ring.some((a, k) => k + 1 < ring.length && toSegment(p, a, ring[k + 1]).d < 1e-6));
}

describe("generateCatchments 'nearest'", () => {
  for (const seed of [1, 2, 3]) {
    it(`tiles the county with one cell per open school of the level (seed ${seed})`, () => {
      const ctx = syntheticCounty(seed);
      const edit = generateCatchments(ctx, 'nearest', noRoads);
      expect(edit.action).toBe('generate');
      const after = applied(ctx, edit);
      expect(after.map((c) => c.schoolId).sort()).toEqual(['nine', 'p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7', 'p8']);
      const t = tilingFigures(after);
      expect(t.invalid).toEqual([]);
      expect(t.overlapM2).toBe(0);
      expect(nearDuplicates(after)).toEqual([]);
      expect(relDiff(t.totalAreaM2, areaM2(countyOutline))).toBeLessThan(1e-6);
      // Turf's spherical area moves by ~1e-7 where a county edge is split; the planar one does not.
      expect(relDiff(after.reduce((sum, c) => sum + planarArea(c.geometry), 0), planarArea(countyOutline))).toBeLessThan(1e-9);
      for (const c of after) {
        const [x, y] = ctx.schools.find((s) => s.id === c.schoolId)!.location.coordinates;
        expect(containsPoint(c.geometry, x, y), c.schoolId).toBe(true);
      }
      // Each cell is where the engine's nearest-school method sends pupils.
      const nearest = evaluateScenario({ ...ctx, roads: [], standards, catchments: [] }, { scenarioId: SCENARIO, method: 'nearest', levels: [LEVEL] }).assignment[LEVEL]!;
      let checked = 0;
      for (const r of ctx.residences) {
        const s = nearest[r.id];
        if (!s) continue;
        const p = representativePoint(r);
        const cell = after.find((c) => c.schoolId === (s === 'p0twin' ? 'p0' : s))!;
        if (nearBoundary(cell, p)) continue;
        expect(containsPoint(cell.geometry, p[0], p[1]), `${r.id} → ${s}`).toBe(true);
        checked++;
      }
      expect(checked).toBeGreaterThan(100);
      // Generating the same map again changes nothing: the output is stable under its own rounding.
      expect(() => generateCatchments(withCatchments(ctx, after), 'nearest', noRoads)).toThrow('nothing to change');
    });
  }

  it('replaces every catchment of the level, reusing each school’s catchment id', () => {
    const ctx = syntheticCounty(4);
    const own = { ...polygonCatchment('p1', countyOutline), id: 'imported-p1' };
    const closed = unitsCatchment('closed', ['r1', 'r2']);
    const junior: Catchment = { ...unitsCatchment('jr', ['r3']), level: 'junior', id: catchmentId(SCENARIO, 'junior', 'jr') };
    const withOld = withCatchments(ctx, [own, closed, junior]);
    const edit = generateCatchments(withOld, 'nearest', noRoads);
    expect(edit.changes.find((c) => c.id === 'imported-p1')!.before).toBe(own);
    expect(edit.changes.find((c) => c.id === closed.id)).toEqual({ id: closed.id, before: closed, after: null });
    expect(edit.changes.some((c) => c.id === junior.id)).toBe(false);
    const after = applied(withOld, edit);
    expect(after.filter((c) => c.schoolId === 'p1').map((c) => c.id)).toEqual(['imported-p1']);
    expect(after).toContain(junior);
  });

  it('refuses a level without open schools', () => {
    const ctx = { ...syntheticCounty(5), level: 'senior' as const };
    expect(() => generateCatchments(ctx, 'nearest', noRoads)).toThrow(EditOpError);
  });
});

describe("generateCatchments 'capacity' and 'network'", () => {
  function pupilsBySchool(ctx: EditContext, list: readonly Catchment[]): Map<string, number> {
    const out = new Map<string, number>();
    for (const c of list) out.set(c.schoolId, c.unitIds.reduce((s, u) => s + sumLevel(ctx.residences.find((r) => r.id === u)!.pupilsByGrade, LEVEL), 0));
    return out;
  }

  for (const seed of [1, 2, 3, 4]) {
    it(`keeps every school within its seats when seats suffice (seed ${seed})`, () => {
      const base = syntheticCounty(seed);
      const pupils = base.residences.reduce((s, r) => s + sumLevel(r.pupilsByGrade, LEVEL), 0);
      // 1.25 × the pupils in seats, unevenly: the nearest school is often full.
      const weights = [3, 1, 1, 2, 1, 1, 2, 1, 1, 2];
      const total = weights.reduce((a, b) => a + b, 0);
      const ctx = syntheticCounty(seed, { seats: (k) => Math.ceil((pupils * 1.25 * weights[k]) / total) });
      const edit = generateCatchments(ctx, 'capacity', noRoads);
      const after = applied(ctx, edit);
      expect(after.every((c) => c.form === 'units' && c.geometry !== null)).toBe(true);
      const load = pupilsBySchool(ctx, after);
      for (const s of ctx.schools) {
        const seats = s.capacity.primary;
        if (seats !== undefined) expect(load.get(s.id) ?? 0, s.id).toBeLessThanOrEqual(seats);
      }
      // Every residence is in exactly one list, pupils or not.
      const listed = after.flatMap((c) => c.unitIds);
      expect(listed.slice().sort()).toEqual(ctx.residences.map((r) => r.id).sort());
      // Capacity binds: some residence is not at its nearest school.
      const nearest = evaluateScenario({ ...ctx, roads: [], standards, catchments: [] }, { scenarioId: SCENARIO, method: 'nearest', levels: [LEVEL] }).assignment[LEVEL]!;
      expect(after.some((c) => c.unitIds.some((u) => nearest[u] !== c.schoolId))).toBe(true);
    });
  }

  it('leaves the residences the engine cannot seat unassigned', () => {
    const ctx = syntheticCounty(6, { seats: () => 20 });
    const after = applied(ctx, generateCatchments(ctx, 'capacity', noRoads));
    const ev = evaluateScenario({ ...ctx, roads: [], standards, catchments: [] }, { scenarioId: SCENARIO, method: 'capacity', levels: [LEVEL] });
    const unseatedWhole = ev.levels[0].unseated.filter((u) => u.pupils === sumLevel(ctx.residences.find((r) => r.id === u.residenceId)!.pupilsByGrade, LEVEL)).map((u) => u.residenceId);
    expect(unseatedWhole.length).toBeGreaterThan(0);
    const listed = new Set(after.flatMap((c) => c.unitIds));
    for (const u of unseatedWhole) expect(listed.has(u)).toBe(false);
  });

  it('follows the engine’s road-network assignment', () => {
    const ctx = syntheticCounty(7);
    const roads: Road[] = [];
    for (let k = 0; k <= 8; k++) {
      roads.push({ id: `h${k}`, name: null, roadClass: 'street', oneway: false, geometry: { type: 'LineString', coordinates: [[gx(0), gy(k * 0.5)], [gx(4), gy(k * 0.5)]] } });
      roads.push({ id: `v${k}`, name: null, roadClass: 'street', oneway: false, geometry: { type: 'LineString', coordinates: [[gx(k * 0.5), gy(0)], [gx(k * 0.5), gy(4)]] } });
    }
    const after = applied(ctx, generateCatchments(ctx, 'network', { roads, standards }));
    const ev = evaluateScenario({ ...ctx, roads, standards, catchments: [] }, { scenarioId: SCENARIO, method: 'network', levels: [LEVEL] });
    expect(ev.roadsUsed).toBe(true);
    const assigned = ev.assignment[LEVEL]!;
    for (const r of ctx.residences) {
      const lists = after.filter((c) => c.unitIds.includes(r.id)).map((c) => c.schoolId);
      if (assigned[r.id]) expect(lists, r.id).toEqual([assigned[r.id]]);
      else expect(lists, `${r.id} has no pupils but still belongs somewhere`).toHaveLength(1);
    }
  });
});
