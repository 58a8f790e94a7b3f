// Properties of evaluateScenario over random small counties (fast-check, fixed seeds):
// (1) catchment method: every pupil is counted exactly once (at a school or as a gap), each
//     residence goes to its lowest-id containing catchment, overlaps are exactly the residences in
//     two or more catchments; (2) nearest method agrees with a brute-force nearest open school
//     serving the level (same local projection), and schools not open never receive pupils;
// (3) capacity method never fills a school beyond its seats and reports the shortfall as unseated;
// (4) invalid catchment outlines never make the evaluation throw and are reported by id.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catchment, Level, PolygonGeometry, Position, Residence, School, SchoolStatus, SchoolType } from '../model';
import { LEVEL_GRADES, SCHOOL_TYPE_LEVELS, defaultStandards, emptyGrades, sumLevel } from '../model';
import { evaluateScenario, type EvaluationData } from './evaluate';
import type { AssignmentMethod } from './types';

const LON0 = 116.6;
const LAT0 = 26.2;
const R = 6_371_008.8;
const RAD = Math.PI / 180;
const LEVELS: Level[] = ['primary', 'junior'];
const SCENARIO = 'base';

function school(id: string, type: SchoolType, status: SchoolStatus, at: Position, opts: { capacity?: Partial<Record<Level, number>>; classes?: number } = {}): School {
  const classes = emptyGrades();
  for (const level of SCHOOL_TYPE_LEVELS[type]) for (const g of LEVEL_GRADES[level]) classes[g - 1] = opts.classes ?? 1;
  return {
    id, name: id, namePinyin: null, type, status, location: { type: 'Point', coordinates: at }, township: null, address: null,
    classesByGrade: classes, enrolmentByGrade: emptyGrades(), capacity: opts.capacity ?? {}, staff: null, teachers: null,
    floorAreaM2: null, siteAreaM2: null, alliance: null, boarding: false, extra: {},
  };
}

function residence(id: string, at: Position, pupilsByGrade: number[]): Residence {
  return {
    id, name: `name-${id}`, namePinyin: null, kind: 'complex', settlement: 'urban', geometry: { type: 'Point', coordinates: at },
    township: null, households: null, population: null, pupilsByGrade, pupilSource: 'grade', extra: {},
  };
}

function catchment(id: string, level: Level, schoolId: string, geometry: Catchment['geometry']): Catchment {
  return { id, scenarioId: SCENARIO, level, schoolId, form: 'polygon', geometry, unitIds: [] };
}

function data(schools: School[], residences: Residence[], catchments: Catchment[]): EvaluationData {
  return { schools, residences, catchments, roads: [], standards: defaultStandards() };
}

/** Rectangle on a 0.001° grid (cells i0 ≤ i < i1, j0 ≤ j < j1), counter-clockwise unless asked. */
const STEP = 0.001;
const gx = (i: number): number => LON0 + i * STEP;
const gy = (j: number): number => LAT0 + j * STEP;
function rectangle(i0: number, j0: number, i1: number, j1: number, clockwise = false): PolygonGeometry {
  const ring: Position[] = [[gx(i0), gy(j0)], [gx(i1), gy(j0)], [gx(i1), gy(j1)], [gx(i0), gy(j1)], [gx(i0), gy(j0)]];
  return { type: 'Polygon', coordinates: [clockwise ? ring.reverse() : ring] };
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const gradesArb = fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 30 })), { minLength: 12, maxLength: 12 });

/** The engine's documented straight-line distance: local equirectangular frame about the residences' mean position. */
function projector(residences: readonly Residence[]): (p: Position) => [number, number] {
  let lon = 0;
  let lat = 0;
  for (const r of residences) {
    const c = r.geometry.coordinates as Position;
    lon += c[0];
    lat += c[1];
  }
  lon /= residences.length;
  lat /= residences.length;
  const kx = Math.cos(lat * RAD) * RAD * R;
  return (p) => [(p[0] - lon) * kx, (p[1] - lat) * RAD * R];
}

describe('catchment method', () => {
  const rectArb = fc.record({ i0: fc.integer({ min: 0, max: 14 }), j0: fc.integer({ min: 0, max: 14 }), w: fc.integer({ min: 1, max: 14 }), h: fc.integer({ min: 1, max: 14 }), clockwise: fc.boolean(), level: fc.constantFrom<Level>('primary', 'junior'), school: fc.nat() });
  // Half of the residences lie on grid lines, so on catchment edges and corners: the documented
  // boundary rule makes a rectangle half-open, [x0, x1) × [y0, y1).
  const resArb = fc.record({ i: fc.integer({ min: -2, max: 30 }), j: fc.integer({ min: -2, max: 30 }), onX: fc.boolean(), onY: fc.boolean(), pupils: gradesArb });
  const poolArb = fc.array(fc.constantFrom<SchoolType>('primary', 'junior', 'nine_year'), { minLength: 0, maxLength: 4 });

  it('counts every pupil once, gives each residence to its lowest-id catchment and lists overlaps exactly', () => {
    const seen = { overlaps: 0, gaps: 0, lexical: 0 };
    fc.assert(
      fc.property(fc.array(rectArb, { minLength: 1, maxLength: 12, size: 'medium' }), fc.array(resArb, { minLength: 1, maxLength: 60, size: 'medium' }), poolArb, fc.nat(), (rects, res, pool, shuffle) => {
        // Schools: the pool plus one nine-year school, so every level has a school to name.
        const schools = [...pool, 'nine_year' as const].map((t, k) => school(`s${k}`, t, 'open', [gx(k * 3), gy(-5)]));
        // Catchment ids c0…c11 (so c10 sorts before c2), given to the engine in a rotated order.
        const catchments = rects.map((r, k) => {
          const serving = schools.filter((s) => SCHOOL_TYPE_LEVELS[s.type].includes(r.level));
          return catchment(`c${k}`, r.level, serving[r.school % serving.length].id, rectangle(r.i0, r.j0, r.i0 + r.w, r.j0 + r.h, r.clockwise));
        });
        const given = catchments.map((_, k) => catchments[(k + shuffle) % catchments.length]);
        const residences = res.map((r, k) => residence(`r${k}`, [r.onX ? gx(r.i) : gx(r.i + 0.5), r.onY ? gy(r.j) : gy(r.j + 0.5)], r.pupils));
        const ev = evaluateScenario(data(schools, residences, given), { scenarioId: SCENARIO, network: false });

        for (const level of LEVELS) {
          const lv = ev.levels.find((l) => l.level === level)!;
          const sorted = rects.map((r, k) => ({ ...r, id: `c${k}`, schoolId: catchments[k].schoolId })).filter((r) => r.level === level).sort(byId);
          const expectedPupils = new Map<string, number>();
          const expectedGaps: string[] = [];
          const expectedOverlaps: { residenceId: string; catchmentIds: string[] }[] = [];
          const gradeTotals = new Map<number, number>();
          let total = 0;
          res.forEach((r, k) => {
            const p = sumLevel(r.pupils, level);
            total += p;
            for (const g of LEVEL_GRADES[level]) gradeTotals.set(g, (gradeTotals.get(g) ?? 0) + r.pupils[g - 1]);
            if (p <= 0) return;
            // In half-grid units (point at 2i or 2i + 1), against the half-open rectangle.
            const x = 2 * r.i + (r.onX ? 0 : 1);
            const y = 2 * r.j + (r.onY ? 0 : 1);
            const inside = sorted.filter((c) => 2 * c.i0 <= x && x < 2 * (c.i0 + c.w) && 2 * c.j0 <= y && y < 2 * (c.j0 + c.h));
            if (inside.length === 0) {
              expectedGaps.push(`r${k}`);
              return;
            }
            if (inside.length > 1) expectedOverlaps.push({ residenceId: `r${k}`, catchmentIds: inside.map((c) => c.id) });
            expectedPupils.set(inside[0].schoolId, (expectedPupils.get(inside[0].schoolId) ?? 0) + p);
          });

          // Every pupil exactly once: at a school or in a gap, in total and grade by grade.
          const assigned = lv.schools.reduce((s, row) => s + row.pupils, 0);
          expect(assigned + lv.county.gapPupils).toBe(total);
          expect(lv.county.pupils).toBe(assigned);
          for (const g of LEVEL_GRADES[level]) {
            const atSchools = lv.schools.reduce((s, row) => s + row.pupilsByGrade[g - 1], 0);
            const inGaps = lv.gaps.reduce((s, gap) => s + residences.find((x) => x.id === gap.residenceId)!.pupilsByGrade[g - 1], 0);
            expect(atSchools + inGaps).toBe(gradeTotals.get(g));
          }
          // Each residence at the school of its lowest-id catchment.
          for (const row of lv.schools) expect(row.pupils, `${level} ${row.schoolId}`).toBe(expectedPupils.get(row.schoolId) ?? 0);
          for (const [id, p] of expectedPupils) expect(lv.schools.find((s) => s.schoolId === id)?.pupils, `${level} ${id}`).toBe(p);
          // Gaps and overlaps exactly.
          expect(lv.gaps.map((g) => g.residenceId)).toEqual(expectedGaps);
          expect(lv.overlaps.map((o) => ({ residenceId: o.residenceId, catchmentIds: o.catchmentIds }))).toEqual(expectedOverlaps);
          expect(lv.county.overlapPupils).toBe(expectedOverlaps.reduce((s, o) => s + sumLevel(res[Number(o.residenceId.slice(1))].pupils, level), 0));
          // Catchment rows: one per catchment of the level, in id order.
          expect(lv.catchments.map((c) => c.catchmentId)).toEqual(sorted.map((c) => c.id));
          if (expectedOverlaps.length > 0) seen.overlaps++;
          if (expectedGaps.length > 0) seen.gaps++;
          if (expectedOverlaps.some((o) => o.catchmentIds[0] === 'c10' || o.catchmentIds[0] === 'c11')) seen.lexical++;
        }
      }),
      { seed: 20240611, numRuns: 300 },
    );
    // The generator does reach the interesting cases.
    expect(seen.overlaps).toBeGreaterThan(80);
    expect(seen.gaps).toBeGreaterThan(50);
    expect(seen.lexical).toBeGreaterThan(0);
  });
});

describe('nearest method', () => {
  const TYPES: SchoolType[] = ['primary', 'junior', 'nine_year', 'complete_secondary', 'senior', 'teaching_point'];
  const STATUSES: SchoolStatus[] = ['open', 'planned', 'closed'];
  const at = fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 300 })).map(([i, j]): Position => [LON0 + i * 1e-4, LAT0 + j * 1e-4]);
  const schoolArb = fc.record({ type: fc.constantFrom(...TYPES), status: fc.constantFrom(...STATUSES), at });

  it('gives each residence a nearest open school serving the level; closed and planned schools get no pupils', () => {
    const seen = { skipped: 0, none: 0 };
    fc.assert(
      fc.property(fc.array(schoolArb, { minLength: 1, maxLength: 10 }), fc.array(fc.record({ at, pupils: gradesArb }), { minLength: 1, maxLength: 30 }), (ss, rs) => {
        const schools = ss.map((s, k) => school(`s${k}`, s.type, s.status, s.at));
        const residences = rs.map((r, k) => residence(`r${k}`, r.at, r.pupils));
        const ev = evaluateScenario(data(schools, residences, []), { scenarioId: SCENARIO, method: 'nearest', network: false });
        const xy = projector(residences);
        const dist = (r: Residence, s: School): number => {
          const a = xy(r.geometry.coordinates as Position);
          const b = xy(s.location.coordinates);
          return Math.hypot(a[0] - b[0], a[1] - b[1]);
        };
        for (const level of LEVELS) {
          const lv = ev.levels.find((l) => l.level === level)!;
          const eligible = schools.filter((s) => s.status === 'open' && SCHOOL_TYPE_LEVELS[s.type].includes(level));
          const withPupils = residences.filter((r) => sumLevel(r.pupilsByGrade, level) > 0);
          const total = withPupils.reduce((s, r) => s + sumLevel(r.pupilsByGrade, level), 0);
          for (const row of lv.schools) {
            const s = schools.find((x) => x.id === row.schoolId)!;
            expect(SCHOOL_TYPE_LEVELS[s.type].includes(level)).toBe(true);
            if (s.status !== 'open') expect(row.pupils, `${row.schoolId} is ${s.status}`).toBe(0);
          }
          if (eligible.length < schools.filter((s) => SCHOOL_TYPE_LEVELS[s.type].includes(level)).length) seen.skipped++;
          if (eligible.length === 0) {
            seen.none++;
            expect(lv.gaps.map((g) => g.residenceId)).toEqual(withPupils.map((r) => r.id));
            expect(lv.county.pupils).toBe(0);
            continue;
          }
          expect(lv.gaps).toEqual([]);
          expect(lv.county.pupils).toBe(total);
          const maxAt = new Map<string, number>();
          for (const r of withPupils) {
            const id = ev.assignment[level]?.[r.id];
            const s = eligible.find((x) => x.id === id);
            expect(s, `${r.id} → ${id}`).toBeDefined();
            const best = Math.min(...eligible.map((x) => dist(r, x)));
            const d = dist(r, s!);
            expect(d, `${level} ${r.id} → ${id}`).toBeLessThanOrEqual(best + 1e-6);
            maxAt.set(s!.id, Math.max(maxAt.get(s!.id) ?? 0, d));
          }
          // The reported straight-line distances are the same local-projection metres.
          for (const [id, d] of maxAt) expect(lv.schools.find((row) => row.schoolId === id)!.straight!.max).toBeCloseTo(d, 6);
        }
      }),
      { seed: 7031, numRuns: 300 },
    );
    expect(seen.skipped).toBeGreaterThan(50);
    expect(seen.none).toBeGreaterThan(10);
  });
});

describe('capacity method', () => {
  const schoolArb = fc.record({
    type: fc.constantFrom<SchoolType>('primary', 'junior', 'nine_year'),
    status: fc.constantFrom<SchoolStatus>('open', 'open', 'open', 'closed', 'planned'),
    stated: fc.option(fc.integer({ min: 0, max: 120 }), { nil: undefined }),
    classes: fc.integer({ min: 0, max: 2 }),
    i: fc.integer({ min: 0, max: 40 }),
    j: fc.integer({ min: 0, max: 40 }),
  });
  const resArb = fc.record({ i: fc.integer({ min: 0, max: 40 }), j: fc.integer({ min: 0, max: 40 }), pupils: fc.array(fc.integer({ min: 0, max: 12 }), { minLength: 12, maxLength: 12 }) });

  it('fills no school beyond its seats; unseated pupils equal the shortfall', () => {
    const seen = { short: 0, enough: 0, tight: 0 };
    fc.assert(
      fc.property(fc.array(schoolArb, { minLength: 1, maxLength: 6 }), fc.array(resArb, { minLength: 1, maxLength: 15 }), (ss, rs) => {
        const schools = ss.map((s, k) => {
          const capacity: Partial<Record<Level, number>> = {};
          if (s.stated !== undefined) for (const level of SCHOOL_TYPE_LEVELS[s.type]) capacity[level] = s.stated;
          return school(`s${k}`, s.type, s.status, [LON0 + s.i * 5e-4, LAT0 + s.j * 5e-4], { capacity, classes: s.classes });
        });
        const residences = rs.map((r, k) => residence(`r${k}`, [LON0 + r.i * 5e-4 + 1e-5, LAT0 + r.j * 5e-4 + 1e-5], r.pupils));
        const ev = evaluateScenario(data(schools, residences, []), { scenarioId: SCENARIO, method: 'capacity', network: false });
        for (const level of LEVELS) {
          const lv = ev.levels.find((l) => l.level === level)!;
          const size = level === 'primary' ? 45 : 50;
          const seatsOf = (s: School): number => s.capacity[level] ?? LEVEL_GRADES[level].reduce((n, g) => n + s.classesByGrade[g - 1], 0) * size;
          const eligible = schools.filter((s) => s.status === 'open' && SCHOOL_TYPE_LEVELS[s.type].includes(level));
          const seats = eligible.reduce((n, s) => n + seatsOf(s), 0);
          const total = residences.reduce((n, r) => n + sumLevel(r.pupilsByGrade, level), 0);
          for (const row of lv.schools) {
            const s = schools.find((x) => x.id === row.schoolId)!;
            if (s.status !== 'open') expect(row.pupils).toBe(0);
            else {
              expect(row.seats).toBe(seatsOf(s));
              expect(row.pupils, `${level} ${row.schoolId}`).toBeLessThanOrEqual(row.seats);
              expect(row.overCapacity).toBe(false);
            }
          }
          expect(lv.county.pupils + lv.county.unseatedPupils).toBe(total);
          expect(lv.unseated.reduce((n, u) => n + u.pupils, 0)).toBe(lv.county.unseatedPupils);
          if (seats >= total) {
            expect(lv.county.unseatedPupils).toBe(0);
            expect(lv.unseated).toEqual([]);
          } else {
            expect(lv.county.unseatedPupils).toBe(total - seats);
            expect(lv.county.pupils).toBe(seats);
            seen.short++;
          }
          if (seats >= total && total > 0) seen.enough++;
          if (seats >= total && lv.schools.some((row) => row.open && row.pupils === row.seats && row.seats > 0)) seen.tight++;
        }
      }),
      { seed: 4242, numRuns: 300 },
    );
    expect(seen.short).toBeGreaterThan(30);
    expect(seen.enough).toBeGreaterThan(30);
    expect(seen.tight).toBeGreaterThan(10);
  });
});

describe('invalid catchment geometry', () => {
  type Broken = 'bow-tie' | 'unclosed' | 'empty' | 'empty-multi' | 'clockwise' | 'out-of-range';
  const MESSAGE: Record<Broken, RegExp> = {
    'bow-tie': /self-intersection/,
    unclosed: /not closed/,
    empty: /empty/,
    'empty-multi': /empty/,
    clockwise: /clockwise/,
    'out-of-range': /outside longitude/,
  };
  function broken(kind: Broken, i0: number, j0: number, w: number, h: number, far: Position): Catchment['geometry'] {
    const [x0, y0, x1, y1] = [gx(i0), gy(j0), gx(i0 + w), gy(j0 + h)];
    switch (kind) {
      case 'bow-tie':
        return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]] };
      case 'unclosed':
        return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1]]] };
      case 'empty':
        return { type: 'Polygon', coordinates: [] };
      case 'empty-multi':
        return { type: 'MultiPolygon', coordinates: [] };
      case 'clockwise':
        return rectangle(i0, j0, i0 + w, j0 + h, true);
      case 'out-of-range':
        return { type: 'Polygon', coordinates: [[[x0, y0], far, [x1, y1], [x0, y1], [x0, y0]]] };
    }
  }
  const kinds = Object.keys(MESSAGE) as Broken[];
  const farArb = fc.oneof(
    fc.constant<Position>([200, 95]),
    fc.tuple(fc.integer({ min: 181, max: 999 }), fc.integer({ min: -89, max: 89 })).map(([x, y]): Position => [x, y]),
    fc.tuple(fc.integer({ min: -179, max: 179 }), fc.integer({ min: 91, max: 500 })).map(([x, y]): Position => [x, -y]),
  );
  const badArb = fc.record({ kind: fc.constantFrom(...kinds), i0: fc.integer({ min: 0, max: 20 }), j0: fc.integer({ min: 0, max: 20 }), w: fc.integer({ min: 1, max: 10 }), h: fc.integer({ min: 1, max: 10 }), level: fc.constantFrom<Level>('primary', 'junior'), far: farArb });
  const goodArb = fc.record({ i0: fc.integer({ min: 0, max: 20 }), j0: fc.integer({ min: 0, max: 20 }), w: fc.integer({ min: 1, max: 10 }), h: fc.integer({ min: 1, max: 10 }), level: fc.constantFrom<Level>('primary', 'junior') });
  const resArb = fc.record({ i: fc.integer({ min: -2, max: 32 }), j: fc.integer({ min: -2, max: 32 }), pupils: gradesArb });

  it('never throws and reports each broken catchment by id with a message naming the problem', () => {
    const seen = new Set<Broken>();
    fc.assert(
      fc.property(fc.array(badArb, { minLength: 1, maxLength: 4 }), fc.array(goodArb, { maxLength: 3 }), fc.array(resArb, { minLength: 1, maxLength: 20 }), fc.constantFrom<AssignmentMethod>('catchment', 'nearest', 'capacity'), (bad, good, rs, method) => {
        const schools = [school('sp', 'primary', 'open', [gx(0), gy(-3)]), school('sj', 'junior', 'open', [gx(5), gy(-3)])];
        const sid = (level: Level): string => (level === 'primary' ? 'sp' : 'sj');
        const catchments = [
          ...bad.map((b, k) => catchment(`bad${k}`, b.level, sid(b.level), broken(b.kind, b.i0, b.j0, b.w, b.h, b.far))),
          ...good.map((g, k) => catchment(`good${k}`, g.level, sid(g.level), rectangle(g.i0, g.j0, g.i0 + g.w, g.j0 + g.h))),
        ];
        const residences = rs.map((r, k) => residence(`r${k}`, [gx(r.i + 0.5), gy(r.j + 0.5)], r.pupils));
        let ev: ReturnType<typeof evaluateScenario> | null = null;
        expect(() => {
          ev = evaluateScenario(data(schools, residences, catchments), { scenarioId: SCENARIO, method, network: false });
        }).not.toThrow();
        const problems = ev!.problems;
        bad.forEach((b, k) => {
          const mine = problems.filter((p) => p.kind === 'catchment' && p.id === `bad${k}`);
          expect(mine.some((p) => MESSAGE[b.kind].test(p.message)), `bad${k} (${b.kind}): ${JSON.stringify(mine)}`).toBe(true);
          expect(mine.every((p) => p.name === 'sp' || p.name === 'sj')).toBe(true);
          seen.add(b.kind);
        });
        good.forEach((_, k) => expect(problems.filter((p) => p.id === `good${k}`)).toEqual([]));
        // Whatever the outlines, each level still counts every pupil once.
        for (const lv of ev!.levels) {
          const total = residences.reduce((n, r) => n + sumLevel(r.pupilsByGrade, lv.level), 0);
          expect(lv.county.pupils + lv.county.gapPupils + lv.county.unseatedPupils).toBe(total);
        }
      }),
      { seed: 9001, numRuns: 300 },
    );
    expect([...seen].sort()).toEqual([...kinds].sort());
  });
});
