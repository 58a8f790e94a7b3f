// Overlaps between catchments are found by the outlines alone (outline-overlap.ts), not by the
// catchment index's grid: an index updated in place keeps the grid of its first build while a
// fresh one sizes its grid to the outlines of the day, so a sliver about a cell thick could be
// listed by one evaluation and not the other (the random edit sequences of incremental.test.ts
// found one of 0.03 km²), and one much thinner by neither.
import { describe, expect, it } from 'vitest';
import type { Catchment, PolygonGeometry, Position } from '../model';
import { defaultStandards } from '../model';
import { EvaluationCache, evaluateScenario, type EvaluationData } from './evaluate';
import { interiorsMayMeet, overlapAreaKm2 } from './outline-overlap';
import { syntheticCatchments, syntheticCounty } from './synthetic-city';

const square = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({ type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });

describe('interiorsMayMeet', () => {
  it('says no for neighbours that share their boundary vertex for vertex', () => {
    const city = syntheticCatchments(6, 5, 12, 3);
    let touching = 0;
    for (let a = 0; a < city.catchments.length; a++) {
      for (let b = a + 1; b < city.catchments.length; b++) {
        expect(interiorsMayMeet(city.catchments[a], city.catchments[b]), `${a}:${b}`).toBe(false);
        if (Math.abs(a - b) === 1 || Math.abs(a - b) === 6) touching++;
      }
    }
    expect(touching).toBeGreaterThan(40);
  });

  it('says yes for a sliver a metre thick, a catchment inside another, one sharing part of its boundary, and one drawn twice', () => {
    const city = syntheticCatchments(6, 5, 12, 3);
    const [a, b] = [city.catchments[0], city.catchments[1]]; // west–east neighbours
    const ring = b.coordinates[0].map((p) => [...p] as Position);
    // b's west side is a's east side: push one of its inner vertices a metre west, into a.
    const k = ring.findIndex((p, i) => i > 0 && a.coordinates[0].some((q) => q[0] === p[0] && q[1] === p[1]) && p[1] > ring[0][1]);
    ring[k] = [ring[k][0] - 1 / 100_000, ring[k][1]];
    const sliver: PolygonGeometry = { type: 'Polygon', coordinates: [ring] };
    expect(interiorsMayMeet(a, sliver)).toBe(true);
    expect(overlapAreaKm2(a, sliver)!).toBeGreaterThan(1e-6);
    expect(interiorsMayMeet(square(0, 0, 2, 2), square(0.5, 0.5, 1, 1))).toBe(true);
    expect(interiorsMayMeet(square(0, 0, 2, 2), square(0, 0, 1, 2))).toBe(true);
    expect(interiorsMayMeet(square(0, 0, 2, 2), square(0, 0, 2, 2))).toBe(true);
  });

  it('says no for outlines that only touch at a corner or along an edge, or are apart', () => {
    expect(interiorsMayMeet(square(0, 0, 1, 1), square(1, 1, 2, 2))).toBe(false);
    expect(interiorsMayMeet(square(0, 0, 1, 1), square(1, 0, 2, 1))).toBe(false);
    expect(interiorsMayMeet(square(0, 0, 1, 1), square(1, 0.2, 2, 0.6))).toBe(false);
    expect(interiorsMayMeet(square(0, 0, 1, 1), square(3, 3, 4, 4))).toBe(false);
  });
});

describe('overlaps after edits', () => {
  it('lists a sliver metres thick, the same way whether the index was updated in place or built afresh on a finer grid', () => {
    const c = syntheticCounty(6, 5, 8, 3_000, 21);
    const base: EvaluationData = { schools: c.schools, residences: c.residences, catchments: c.catchments, roads: [], standards: defaultStandards() };
    const cache = new EvaluationCache(base);
    evaluateScenario(base, { scenarioId: 'base', network: false }, cache);
    // Densify one catchment tenfold: a fresh index now sizes a finer grid than the kept one.
    const dense = (g: PolygonGeometry): PolygonGeometry => {
      const r = g.coordinates[0];
      const out: Position[] = [];
      for (let i = 0; i + 1 < r.length; i++) for (let t = 0; t < 10; t++) out.push([r[i][0] + ((r[i + 1][0] - r[i][0]) * t) / 10, r[i][1] + ((r[i + 1][1] - r[i][1]) * t) / 10]);
      out.push(out[0]);
      return { type: 'Polygon', coordinates: [out] };
    };
    const at = (id: string) => base.catchments.findIndex((x) => x.id === id);
    let catchments: Catchment[] = base.catchments.map((x, j) => (j === at('primary-020') ? { ...x, geometry: dense(x.geometry as PolygonGeometry) } : x));
    // Then push one vertex of primary-008 a few metres into its neighbour primary-007 (a sliver).
    const k = at('primary-008');
    const west = (c.city.catchments[7].coordinates[0] as Position[]).map((p) => `${p[0]},${p[1]}`);
    const ring = (catchments[k].geometry as PolygonGeometry).coordinates[0].map((p) => [...p] as Position);
    const v = ring.findIndex((p, i) => i > 0 && i < ring.length - 1 && west.includes(`${p[0]},${p[1]}`) && west.includes(`${ring[i - 1][0]},${ring[i - 1][1]}`));
    ring[v] = [ring[v][0] - 3 / 100_000, ring[v][1]];
    catchments = catchments.map((x, j) => (j === k ? { ...x, geometry: { type: 'Polygon' as const, coordinates: [ring] } } : x));
    const data = { ...base, catchments };
    const incremental = evaluateScenario(data, { scenarioId: 'base', network: false }, cache);
    expect(cache.catchmentStates.get('base:primary')!.lastUpdate.kind).toBe('incremental');
    const fresh = evaluateScenario(structuredClone(data), { scenarioId: 'base', network: false });
    expect(incremental).toEqual(fresh);
    const row = incremental.levels[0].catchments.find((x) => x.catchmentId === 'primary-008')!;
    expect(row.overlaps.map((o) => o.catchmentId)).toContain('primary-007');
  });
});
