// Re-evaluating after edits through one EvaluationCache gives exactly what a fresh evaluation of
// the same data gives (every number to the last bit), whatever the edits: a vertex dragged, an
// outline replaced, a catchment removed or added, a unit-set catchment's list or derived outline
// changed, a catchment given to another (or a missing) school, a catchment turned from outline to
// unit set. Each fresh evaluation runs on a deep copy of the data, so no memo keyed by object
// identity can hide a stale figure. Results handed out earlier are never changed later.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catchment, Level, PolygonGeometry, Position, Residence, School } from '../model';
import { defaultStandards, sumLevel } from '../model';
import { assignByCatchment } from './assign';
import { EvaluationCache, evaluateScenario, type EvaluationData, type EvaluationOptions } from './evaluate';
import { mulberry32, syntheticCounty } from './synthetic-city';
import type { AssignmentMethod, Evaluation } from './types';

const LEVELS: Level[] = ['primary', 'junior'];
const NOWHERE = 1_200;

/**
 * A small county with the awkward cases: a closed school, rural homes, homes without pupils, a
 * repeated residence id, one without a usable location, unit-set catchments, a second scenario.
 */
function county(seed: number): EvaluationData {
  const c = syntheticCounty(6, 5, 8, 2_500, seed);
  const rnd = mulberry32(seed + 9);
  const residences: Residence[] = c.residences.map((r, k) => {
    if (k % 17 === 0) return { ...r, pupilsByGrade: new Array<number>(12).fill(0) };
    if (k % 23 === 0) return { ...r, pupilsByGrade: r.pupilsByGrade.map((p) => p * 0.37) }; // pupils estimated from ratios
    return r;
  });
  residences[11] = { ...residences[11], id: residences[10].id }; // a repeated id (an import left it)
  residences[NOWHERE] = { ...residences[NOWHERE], geometry: { type: 'Point', coordinates: [999, 99] } }; // no usable location (and in no unit list)
  const schools: School[] = c.schools.map((s, k) => (k === 4 ? { ...s, status: 'closed' } : k % 9 === 2 ? { ...s, type: 'primary' } : s));
  const units: Catchment[] = [0, 1, 2].map((k) => ({
    id: `primary-u${k}`, scenarioId: 'base', level: 'primary', schoolId: schools[k * 7].id, form: 'units', geometry: null,
    unitIds: residences.slice(0, 300).filter(() => rnd() < 0.15).map((r) => r.id), // the three lists share residences
  }));
  const alt: Catchment[] = c.catchments.filter((_, k) => k % 3 === 0).map((x) => ({ ...x, id: `alt-${x.id}`, scenarioId: 'alt' }));
  return { schools, residences, catchments: [...c.catchments, ...units, ...alt], roads: [], standards: defaultStandards() };
}

type Edit =
  | { kind: 'move'; pick: number; vertex: number; dx: number; dy: number }
  | { kind: 'replace'; pick: number; box: [number, number, number, number] }
  | { kind: 'remove'; pick: number }
  | { kind: 'add'; level: Level; school: number; box: [number, number, number, number] }
  | { kind: 'units'; pick: number; add: number[]; drop: number }
  | { kind: 'outline'; pick: number; box: [number, number, number, number] }
  | { kind: 'school'; pick: number; school: number }
  | { kind: 'toUnits'; pick: number; take: number[] }
  | { kind: 'same'; pick: number };

const unit = fc.integer({ min: 0, max: 1000 }).map((v) => v / 1000);
const boxArb = fc.tuple(unit, unit, unit, unit).map(([a, b, c, d]) => [Math.min(a, c), Math.min(b, d), Math.max(a, c) + 0.02, Math.max(b, d) + 0.02] as [number, number, number, number]);
const shift = fc.integer({ min: -40, max: 40 }).map((v) => v / 2000);
const editArb: fc.Arbitrary<Edit> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(), vertex: fc.nat(), dx: shift, dy: shift }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('replace' as const), pick: fc.nat(), box: boxArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('remove' as const), pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('add' as const), level: fc.constantFrom<Level>('primary', 'junior'), school: fc.integer({ min: -1, max: 29 }), box: boxArb }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('units' as const), pick: fc.nat(), add: fc.array(fc.nat(299), { maxLength: 40 }), drop: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('outline' as const), pick: fc.nat(), box: boxArb }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('school' as const), pick: fc.nat(), school: fc.integer({ min: -1, max: 29 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('toUnits' as const), pick: fc.nat(), take: fc.array(fc.nat(299), { maxLength: 60 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('same' as const), pick: fc.nat() }) },
);

/** Applies one edit as the app does: a new catchment list, edited catchments replaced by new objects, the others kept. */
function apply(data: EvaluationData, e: Edit, serial: number): readonly Catchment[] {
  const list = data.catchments;
  const { extent } = { extent: [116.4, 26.0, 116.9, 26.4] };
  const schoolId = (k: number) => (k < 0 ? 'S-not-in-project' : data.schools[k % data.schools.length].id);
  const rect = (b: [number, number, number, number]): PolygonGeometry => {
    const x = (t: number) => extent[0] + t * (extent[2] - extent[0]);
    const y = (t: number) => extent[1] + t * (extent[3] - extent[1]);
    return { type: 'Polygon', coordinates: [[[x(b[0]), y(b[1])], [x(b[2]), y(b[1])], [x(b[2]), y(b[3])], [x(b[0]), y(b[3])], [x(b[0]), y(b[1])]]] };
  };
  const replaceAt = (k: number, c: Catchment) => list.map((x, j) => (j === k ? c : x));
  const pick = (n: number, ok: (c: Catchment) => boolean): number => {
    const idx = list.flatMap((c, k) => (ok(c) ? [k] : []));
    return idx.length === 0 ? -1 : idx[n % idx.length];
  };
  switch (e.kind) {
    case 'move': {
      const k = pick(e.pick, (c) => c.form === 'polygon' && c.geometry?.type === 'Polygon');
      if (k < 0) return list;
      const ring = (list[k].geometry as PolygonGeometry).coordinates[0].map((p) => [...p] as Position);
      const at = e.vertex % (ring.length - 1);
      ring[at] = [ring[at][0] + e.dx, ring[at][1] + e.dy];
      if (at === 0) ring[ring.length - 1] = ring[0];
      return replaceAt(k, { ...list[k], geometry: { type: 'Polygon', coordinates: [ring] } });
    }
    case 'replace': {
      const k = pick(e.pick, (c) => c.form === 'polygon');
      return k < 0 ? list : replaceAt(k, { ...list[k], geometry: rect(e.box) });
    }
    case 'remove': {
      const k = pick(e.pick, () => true);
      return list.filter((_, j) => j !== k);
    }
    case 'add':
      return [...list, { id: `${e.level}-n${serial}`, scenarioId: 'base', level: e.level, schoolId: schoolId(e.school), form: 'polygon', geometry: rect(e.box), unitIds: [] }];
    case 'units': {
      const k = pick(e.pick, (c) => c.form === 'units');
      if (k < 0) return list;
      const ids = list[k].unitIds.filter((_, j) => e.drop === 0 || j % (e.drop + 1) !== 0);
      return replaceAt(k, { ...list[k], unitIds: [...ids, ...e.add.map((r) => data.residences[r % data.residences.length].id)] });
    }
    case 'outline': {
      // A unit-set catchment's outline is derived: it changes the row's area, not who is in it.
      const k = pick(e.pick, (c) => c.form === 'units');
      return k < 0 ? list : replaceAt(k, { ...list[k], geometry: rect(e.box) });
    }
    case 'school': {
      const k = pick(e.pick, () => true);
      return k < 0 ? list : replaceAt(k, { ...list[k], schoolId: schoolId(e.school) });
    }
    case 'toUnits': {
      const k = pick(e.pick, (c) => c.form === 'polygon');
      return k < 0 ? list : replaceAt(k, { ...list[k], form: 'units', geometry: e.take.length % 2 ? list[k].geometry : null, unitIds: e.take.map((r) => data.residences[r % data.residences.length].id) });
    }
    case 'same': {
      const k = pick(e.pick, () => true);
      return k < 0 ? list : replaceAt(k, structuredClone(list[k]));
    }
  }
}

function fresh(data: EvaluationData, options: EvaluationOptions): Evaluation {
  return evaluateScenario(structuredClone(data), options);
}

describe('re-evaluation after edits', () => {
  it('equals a fresh evaluation after every edit of a random sequence, in both assignment forms and for both scenarios', () => {
    const base = county(3);
    const seen = new Set<string>();
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 7 }), (edits) => {
        const cache = new EvaluationCache(base);
        let data = base;
        const kept: { ev: Evaluation; copy: Evaluation }[] = [];
        edits.forEach((e, step) => {
          data = { ...data, catchments: apply(data, e, step) };
          seen.add(e.kind);
          // The scenario edited in either form, and now and then its sibling: one cache serves them all.
          const runs: EvaluationOptions[] = [{ scenarioId: 'base', network: false, assignment: step % 2 ? 'index' : 'record' }];
          if (step % 3 === 1) runs.push({ scenarioId: 'alt', network: false, assignment: 'index' });
          for (const options of runs) {
            const ev = evaluateScenario(data, options, cache);
            expect(ev).toEqual(fresh(data, options));
            kept.push({ ev, copy: structuredClone(ev) });
          }
        });
        // Nothing handed out was changed afterwards.
        for (const { ev, copy } of kept) expect(ev).toEqual(copy);
      }),
      { seed: 20250612, numRuns: 30 },
    );
    expect([...seen].sort()).toEqual(['add', 'move', 'outline', 'remove', 'replace', 'same', 'school', 'toUnits', 'units']);
  }, 120_000);

  it('moves a vertex without rebuilding: only residences near the catchment are looked at again', () => {
    const base = county(5);
    const cache = new EvaluationCache(base);
    evaluateScenario(base, { scenarioId: 'base', network: false }, cache);
    const first = evaluateScenario(base, { scenarioId: 'base', network: false }, cache);
    const data = { ...base, catchments: apply(base, { kind: 'move', pick: 3, vertex: 5, dx: 0.01, dy: -0.01 }, 0) };
    const ev = evaluateScenario(data, { scenarioId: 'base', network: false }, cache);
    expect(ev).toEqual(fresh(data, { scenarioId: 'base', network: false }));
    const updates = [...cache.catchmentLevels.values()].map((s) => s.lastUpdate);
    expect(updates.every((u) => !u.full)).toBe(true);
    expect(Math.max(...updates.map((u) => u.touched))).toBeLessThan(base.residences.length / 10);
    // The level the edit did not touch is handed out again as it was.
    const edited = data.catchments.find((c, k) => c !== base.catchments[k])!;
    const other = LEVELS.find((l) => l !== edited.level)!;
    expect(ev.levels.find((l) => l.level === other)).toBe(first.levels.find((l) => l.level === other));
  });

  it.each<AssignmentMethod>(['nearest', 'capacity'])('%s: ignores catchment edits and still equals a fresh evaluation', (method) => {
    const base = county(7);
    const small = { ...base, residences: base.residences.slice(0, 600) };
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 5 }), (edits) => {
        const cache = new EvaluationCache(small);
        let data = small;
        let before: Evaluation | null = null;
        edits.forEach((e, step) => {
          data = { ...data, catchments: apply(data, e, step) };
          // Interleaved with the catchment method on the same cache.
          const byCatchment = evaluateScenario(data, { scenarioId: 'base', network: false }, cache);
          expect(byCatchment).toEqual(fresh(data, { scenarioId: 'base', network: false }));
          for (const assignment of ['record', 'index'] as const) {
            const ev = evaluateScenario(data, { scenarioId: 'base', network: false, method, assignment }, cache);
            expect(ev).toEqual(fresh(data, { scenarioId: 'base', network: false, method, assignment }));
            if (assignment === 'record') {
              if (before) expect(ev.levels).toEqual(before.levels);
              before = ev;
            }
          }
        });
      }),
      { seed: 77, numRuns: 8 },
    );
  }, 120_000);

  it('follows new standards and a new school list through the same cache', () => {
    const base = county(13);
    const cache = new EvaluationCache(base);
    const methods: AssignmentMethod[] = ['catchment', 'nearest', 'capacity'];
    const small = { ...base, residences: base.residences.slice(0, 800) };
    const cacheSmall = new EvaluationCache(small);
    for (const method of methods) evaluateScenario(method === 'catchment' ? base : small, { scenarioId: 'base', network: false, method }, method === 'catchment' ? cache : cacheSmall);
    const standards = base.standards.map((f) => (f.key === 'serviceRadiusUrban' ? { ...f, primary: 800, junior: 1500 } : f.key === 'maxCv' ? { ...f, primary: 0.2 } : f));
    const schools = base.schools.map((s, k) => (k === 6 ? { ...s, status: 'closed' as const } : k === 7 ? { ...s, capacity: { primary: 10, junior: 10 } } : s));
    for (const change of [{ standards }, { schools }]) {
      for (const method of methods) {
        const data = { ...(method === 'catchment' ? base : small), ...change };
        const ev = evaluateScenario(data, { scenarioId: 'base', network: false, method }, method === 'catchment' ? cache : cacheSmall);
        expect(ev).toEqual(fresh(data, { scenarioId: 'base', network: false, method }));
      }
    }
  });

  it('answers for an outline dragged past the east side of the index grid as for one within it', () => {
    const base = county(17);
    const cache = new EvaluationCache(base);
    evaluateScenario(base, { scenarioId: 'base', network: false }, cache);
    // The east column of the lattice: push its east side 0.05° beyond the county (and the grid).
    const k = base.catchments.findIndex((c) => c.id === 'primary-011');
    const ring = (base.catchments[k].geometry as PolygonGeometry).coordinates[0].map((p) => (p[0] > 116.89 ? [p[0] + 0.05, p[1]] : [...p]) as Position);
    const catchments = base.catchments.map((c, j) => (j === k ? { ...c, geometry: { type: 'Polygon' as const, coordinates: [ring] } } : c));
    const data = { ...base, catchments };
    const ev = evaluateScenario(data, { scenarioId: 'base', network: false }, cache);
    expect(cache.catchmentStates.get('base:primary')!.lastUpdate.kind).toBe('incremental');
    expect(ev).toEqual(fresh(data, { scenarioId: 'base', network: false }));
  });

  it('keeps the answers of the one-shot catchment rule (assignByCatchment) through edits', () => {
    const base = county(19);
    fc.assert(
      fc.property(fc.array(editArb, { minLength: 1, maxLength: 5 }), (edits) => {
        const cache = new EvaluationCache(base);
        let data = base;
        edits.forEach((e, step) => {
          data = { ...data, catchments: apply(data, e, step) };
          const ev = evaluateScenario(data, { scenarioId: 'base', network: false, assignment: 'index' }, cache);
          const lon = Float64Array.from(data.residences, (r, k) => (k === NOWHERE ? Number.NaN : (r.geometry as { coordinates: Position }).coordinates[0]));
          const lat = Float64Array.from(data.residences, (r, k) => (k === NOWHERE ? Number.NaN : (r.geometry as { coordinates: Position }).coordinates[1]));
          for (const lv of ev.levels) {
            const catchments = data.catchments.filter((c) => c.scenarioId === 'base' && c.level === lv.level).sort((a, b) => (a.id < b.id ? -1 : 1));
            const pupils = Float64Array.from(data.residences, (r, k) => (k === NOWHERE ? 0 : sumLevel(r.pupilsByGrade, lv.level)));
            const inp = { level: lv.level, rx: lon, ry: lat, lon, lat, pupils, residenceIds: data.residences.map((r) => r.id), eligible: [], sx: new Float64Array(0), sy: new Float64Array(0), seats: new Float64Array(0), schoolIndexById: new Map(data.schools.map((s, k) => [s.id, k])) };
            const oneShot = assignByCatchment(inp, catchments);
            expect(lv.gaps.map((g) => g.residenceId)).toEqual(oneShot.gaps.map((r) => data.residences[r].id));
            expect(lv.overlaps.map((o) => [o.residenceId, ...o.catchmentIds])).toEqual([...oneShot.overlaps].map(([r, list]) => [data.residences[r].id, ...list.map((k) => catchments[k].id)]));
            const bySchool = new Map<string, number>();
            for (const f of oneShot.flows) bySchool.set(data.schools[f.school].id, (bySchool.get(data.schools[f.school].id) ?? 0) + 1);
            for (const row of lv.schools) expect(row.residences, row.schoolId).toBe(bySchool.get(row.schoolId) ?? 0);
            const index = ev.assignmentIndex![lv.level]!;
            oneShot.hits!.forEach((h, r) => expect(index[r]).toBe(h.length > 0 ? (inp.schoolIndexById.get(catchments[h[0]].schoolId) ?? -1) : -1));
          }
        });
      }),
      { seed: 4242, numRuns: 6 },
    );
  }, 60_000);

  it('puts a residence without a usable location in no catchment', () => {
    const data = county(23);
    const ev = evaluateScenario(data, { scenarioId: 'base', network: false, assignment: 'index' });
    expect(ev.problems.some((p) => p.kind === 'residence' && p.id === data.residences[NOWHERE].id)).toBe(true);
    // The catchments count the same residences as without it.
    const without = evaluateScenario({ ...data, residences: data.residences.filter((_, k) => k !== NOWHERE) }, { scenarioId: 'base', network: false });
    for (const lv of ev.levels) {
      expect(ev.assignmentIndex![lv.level]![NOWHERE]).toBe(-1);
      expect(lv.catchments.map((c) => c.residences)).toEqual(without.levels.find((l) => l.level === lv.level)!.catchments.map((c) => c.residences));
    }
    const record = evaluateScenario(data, { scenarioId: 'base', network: false });
    for (const lv of record.levels) expect(record.assignment[lv.level]![data.residences[NOWHERE].id]).toBeUndefined();
  });

  it("gives the index form the record's schools", () => {
    const data = county(11);
    const record = evaluateScenario(data, { scenarioId: 'base', network: false });
    const index = evaluateScenario(data, { scenarioId: 'base', network: false, assignment: 'index' });
    expect(index.assignment).toEqual({});
    for (const level of LEVELS) {
      const arr = index.assignmentIndex![level]!;
      expect(arr).toHaveLength(data.residences.length);
      const rec = record.assignment[level]!;
      let assigned = 0;
      data.residences.forEach((r, k) => {
        if (k === 11 || k === 10) return; // the repeated id: the record keeps one of the two
        if (arr[k] >= 0) {
          assigned++;
          expect(rec[r.id]).toBe(data.schools[arr[k]].id);
        } else if (rec[r.id] !== undefined) expect(data.schools.some((s) => s.id === rec[r.id])).toBe(false);
      });
      expect(assigned).toBeGreaterThan(data.residences.length / 2);
    }
    expect(index.levels).toEqual(record.levels);
  });
});
