import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Catchment, PolygonGeometry, Position, Residence, School } from '../model';
import { defaultStandards, emptyGrades } from '../model';
import { EvaluationCache, evaluateScenario, type EvaluationData } from './evaluate';
import { mulberry32, syntheticCatchments, uniformPoints } from './synthetic-city';

function city(seed: number): EvaluationData {
  const c = syntheticCatchments(5, 4, 10, seed);
  const pts = uniformPoints(600, c.extent, seed + 1);
  const rnd = mulberry32(seed + 2);
  const residences: Residence[] = Array.from(pts.x, (x, k) => {
    const pupils = emptyGrades();
    for (let g = 0; g < 9; g++) pupils[g] = Math.floor(rnd() * 6);
    return { id: `R${k}`, name: `居住单元${k}`, namePinyin: null, kind: 'complex', settlement: 'urban', geometry: { type: 'Point', coordinates: [x, pts.y[k]] }, township: null, households: null, population: null, pupilsByGrade: pupils, pupilSource: 'grade', extra: {} };
  });
  const schools: School[] = c.catchments.map((g, k) => {
    const ring = g.coordinates[0];
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    return { id: `S${k}`, name: `学校${k}`, namePinyin: null, type: 'nine_year', status: 'open', location: { type: 'Point', coordinates: [cx, cy] }, township: null, address: null, classesByGrade: [2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0], enrolmentByGrade: [90, 90, 90, 90, 90, 90, 100, 100, 100, 0, 0, 0], capacity: {}, staff: 40, teachers: 30 + k, floorAreaM2: 5000, siteAreaM2: 9000, alliance: null, boarding: false, extra: {} };
  });
  const catchments: Catchment[] = c.catchments.flatMap((g, k) => (['primary', 'junior'] as const).map((level) => ({ id: `${level}-${String(k).padStart(2, '0')}`, scenarioId: 'base', level, schoolId: `S${k}`, form: 'polygon' as const, geometry: g, unitIds: [] })));
  return { schools, residences, catchments, roads: [], standards: defaultStandards() };
}

describe('evaluateScenario', () => {
  it('incremental re-evaluation after random boundary edits equals a fresh evaluation', () => {
    const base = city(31);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(39), fc.nat(43), fc.integer({ min: -30, max: 30 }).map((v) => v / 1000), fc.integer({ min: -30, max: 30 }).map((v) => v / 1000)), { minLength: 1, maxLength: 5 }), (edits) => {
        const cache = new EvaluationCache(base);
        evaluateScenario(base, { scenarioId: 'base', network: false }, cache);
        let catchments = base.catchments;
        const kinds: string[] = [];
        for (const [k, v, dx, dy] of edits) {
          const c = catchments[k];
          const ring = (c.geometry as PolygonGeometry).coordinates[0].map((p) => [...p] as Position);
          const at = v % (ring.length - 1);
          ring[at] = [ring[at][0] + dx, ring[at][1] + dy];
          if (at === 0) ring[ring.length - 1] = ring[0];
          catchments = catchments.map((x, j) => (j === k ? { ...x, geometry: { type: 'Polygon', coordinates: [ring] } } : x));
          const data = { ...base, catchments };
          const incremental = evaluateScenario(data, { scenarioId: 'base', network: false }, cache);
          const fresh = evaluateScenario(data, { scenarioId: 'base', network: false });
          expect(incremental).toEqual(fresh);
          kinds.push(...[...cache.catchmentStates.values()].map((s) => s.lastUpdate.kind));
        }
        // Edits that move a vertex are applied incrementally, not by rebuilding.
        if (edits.some(([, , dx, dy]) => dx !== 0 || dy !== 0)) expect(kinds).toContain('incremental');
        expect(kinds).not.toContain('full');
      }),
      { numRuns: 15, seed: 7 },
    );
  });

  it('gives every pupil of a level to exactly one school or lists them as a gap', () => {
    const data = city(5);
    const ev = evaluateScenario(data, { scenarioId: 'base', network: false });
    for (const l of ev.levels) {
      const grades = l.level === 'primary' ? [0, 1, 2, 3, 4, 5] : [6, 7, 8];
      const total = data.residences.reduce((s, r) => s + grades.reduce((a, g) => a + r.pupilsByGrade[g], 0), 0);
      expect(l.county.pupils + l.county.gapPupils).toBe(total);
      expect(l.overlaps).toEqual([]); // the lattice is a partition
    }
  });
});

describe('a catchment that still names a closed school', () => {
  it('counts its pupils as short of seats and reports the problem', () => {
    const data = city(9);
    const closedId = data.schools[0].id;
    const schools = data.schools.map((s) => (s.id === closedId ? { ...s, status: 'closed' as const } : s));
    const ev = evaluateScenario({ ...data, schools }, { scenarioId: 'base', network: false, levels: ['primary'] });
    const row = ev.levels[0].schools.find((s) => s.schoolId === closedId)!;
    expect(row.open).toBe(false);
    expect(row.seats).toBe(0);
    expect(row.pupils).toBeGreaterThan(0);
    expect(row.overCapacity).toBe(true);
    const c = ev.levels[0].county;
    expect(c.seatGap).toBeGreaterThanOrEqual(Math.max(0, -c.seatBalance));
    expect(c.seatGap).toBeGreaterThanOrEqual(row.pupils);
    expect(c.seats).toBe(ev.levels[0].schools.filter((s) => s.open).reduce((a, s) => a + s.seats, 0));
    expect(ev.levels[0].catchments.find((k) => k.schoolId === closedId)!.problems.join(' ')).toContain('closed');
  });
});

describe('balance between schools from imported resource columns', () => {
  it("computes fixture A's pupil-weighted CV of books per pupil from a 图书册数 column", () => {
    const fixtureA = [[45, 279], [37, 137], [89, 935], [76, 160], [55, 402]];
    const schools: School[] = fixtureA.map(([, books], k) => ({
      id: `P${k}`, name: `小学${k + 1}`, namePinyin: null, type: 'primary', status: 'open', location: { type: 'Point', coordinates: [116.6 + k * 0.05, 26.2] }, township: null, address: null,
      classesByGrade: emptyGrades(), enrolmentByGrade: emptyGrades(), capacity: { primary: 200 }, staff: null, teachers: null, floorAreaM2: null, siteAreaM2: null, alliance: null, boarding: false,
      extra: { 图书册数: books },
    }));
    const residences: Residence[] = fixtureA.map(([pupils], k) => {
      const byGrade = emptyGrades();
      byGrade[0] = pupils;
      return { id: `R${k}`, name: `村${k}`, namePinyin: null, kind: 'village', settlement: 'rural', geometry: { type: 'Point', coordinates: [116.6 + k * 0.05, 26.201] }, township: null, households: null, population: null, pupilsByGrade: byGrade, pupilSource: 'grade', extra: {} };
    });
    const ev = evaluateScenario({ schools, residences, catchments: [], roads: [], standards: defaultStandards() }, { scenarioId: 'base', method: 'nearest', levels: ['primary'] });
    const books = ev.levels[0].county.cv.find((c) => c.indicator === 'booksPerPupil')!;
    expect(books.cv).toBeCloseTo(0.51526, 4);
    expect(books.mean).toBeCloseTo(1913 / 302, 6);
    expect(books.pass).toBe(false);
    expect(books.limit).toBe(0.5);
    // Indicators the data does not carry are not reported.
    expect(ev.levels[0].county.cv.map((c) => c.indicator)).toEqual(['booksPerPupil']);
  });
});
