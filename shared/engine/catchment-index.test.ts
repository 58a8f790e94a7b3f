import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { booleanPointInPolygon } from '@turf/turf';
import type { ArealGeometry, PolygonGeometry, Position } from '../model';
import { CatchmentIndex, polygonTester } from './catchment-index';
import { PointAssignment } from './point-assignment';
import { mulberry32, pointsNearBoundaries, syntheticCatchments, uniformPoints } from './synthetic-city';

const square = (x0: number, y0: number, x1: number, y1: number): PolygonGeometry => ({
  type: 'Polygon',
  coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]],
});

describe('catchment index: the documented boundary rule', () => {
  const west = square(0, 0, 1, 1);
  const east = square(1, 0, 2, 1);
  const north = square(0, 1, 1, 2);
  const index = CatchmentIndex.build([west, east, north]);

  it('gives a point on a shared north–south boundary to the catchment on its east', () => {
    expect(index.locate(1, 0.5)).toBe(1);
    const all: number[] = [];
    expect(index.locateAll(1, 0.5, all)).toBe(1);
  });

  it('gives a point on a shared east–west boundary to the catchment on its north', () => {
    expect(index.locate(0.5, 1)).toBe(2);
  });

  it('counts outer west and south sides as inside and east and north sides as outside', () => {
    expect(index.locate(0, 0.5)).toBe(0);
    expect(index.locate(0.5, 0)).toBe(0);
    expect(index.locate(2, 0.5)).toBe(-1);
    expect(index.locate(0.5, 2)).toBe(-1);
  });

  it('respects holes and multi-part polygons, whatever the winding', () => {
    const donut: ArealGeometry = {
      type: 'MultiPolygon',
      coordinates: [
        [[[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]], [[3, 3], [3, 7], [7, 7], [7, 3], [3, 3]]],
        [[[20, 0], [20, 5], [25, 5], [25, 0], [20, 0]]], // clockwise
      ],
    };
    const idx = CatchmentIndex.build([donut]);
    expect(idx.locate(1, 1)).toBe(0);
    expect(idx.locate(5, 5)).toBe(-1);
    expect(idx.locate(22, 2)).toBe(0);
    expect(idx.locate(15, 2)).toBe(-1);
  });

  it('reports every catchment of an overlap, lowest first', () => {
    const idx = CatchmentIndex.build([square(0, 0, 2, 2), square(1, 1, 3, 3)]);
    const all: number[] = [];
    expect(idx.locateAll(1.5, 1.5, all)).toBe(2);
    expect(all).toEqual([0, 1]);
    expect(idx.locate(1.5, 1.5)).toBe(0);
  });

  it('survives degenerate and broken geometry without throwing', () => {
    const bad = [
      null,
      { type: 'Polygon', coordinates: [] },
      { type: 'Polygon', coordinates: [[[0, 0], [1, 1]]] },
      { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }, // unclosed: closed implicitly
      { type: 'Polygon', coordinates: [[[0, 0], [Number.NaN, 0], [1, 1], [0, 1], [0, 0]]] },
    ] as (ArealGeometry | null)[];
    const idx = CatchmentIndex.build(bad);
    expect(idx.locate(0.5, 0.5)).toBe(3);
    expect(idx.locate(5, 5)).toBe(-1);
  });
});

describe('catchment index on a synthetic city', () => {
  const city = syntheticCatchments(12, 9, 24, 11);
  const index = CatchmentIndex.build(city.catchments);

  it('agrees with the plain crossing rule everywhere, including within a metre of boundaries', () => {
    const pts = [uniformPoints(20_000, city.extent, 1), pointsNearBoundaries(20_000, city.catchments, 1, 2), pointsNearBoundaries(5_000, city.catchments, 0.001, 3)];
    let tested = 0;
    const testers = city.catchments.map((g) => polygonTester(g));
    for (const p of pts) {
      for (let k = 0; k < p.x.length; k++) {
        let expected = -1;
        for (let c = 0; c < city.catchments.length && expected < 0; c++) if (testers[c](p.x[k], p.y[k])) expected = c;
        expect(index.locate(p.x[k], p.y[k])).toBe(expected);
        tested++;
      }
    }
    expect(tested).toBe(45_000);
  });

  it("agrees with Turf's booleanPointInPolygon for points near boundaries", () => {
    const p = pointsNearBoundaries(3_000, city.catchments, 1, 5);
    const features = city.catchments.map((g) => ({ type: 'Feature' as const, geometry: g, properties: {} }));
    let mismatches = 0;
    for (let k = 0; k < p.x.length; k++) {
      const turf = features.flatMap((f, c) => (booleanPointInPolygon([p.x[k], p.y[k]], f) ? [c] : []));
      const mine = index.locate(p.x[k], p.y[k]);
      if (turf.length === 0 ? mine !== -1 : !turf.includes(mine)) mismatches++;
    }
    expect(mismatches).toBe(0);
  });

  it('a partition leaves every point inside the city in exactly one catchment', () => {
    const p = uniformPoints(10_000, city.extent, 9);
    const pa = new PointAssignment(index, p.x, p.y);
    for (let k = 0; k < p.x.length; k++) {
      const insideCity = p.x[k] > city.extent[0] && p.x[k] < city.extent[2] && p.y[k] > city.extent[1] && p.y[k] < city.extent[3];
      if (insideCity) expect(pa.hits[k]).toBe(1);
      else expect(pa.hits[k]).toBe(0);
    }
  });
});

describe('incremental reassignment', () => {
  it('equals a full recompute after random boundary moves', () => {
    const city = syntheticCatchments(6, 5, 12, 21);
    const pts = uniformPoints(8_000, city.extent, 22);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(29), fc.nat(60), fc.double({ min: -0.02, max: 0.02, noNaN: true }), fc.double({ min: -0.02, max: 0.02, noNaN: true })), { minLength: 1, maxLength: 6 }), (moves) => {
        const polys: PolygonGeometry[] = city.catchments.map((g) => ({ type: 'Polygon', coordinates: [g.coordinates[0].map((p) => [...p] as Position)] }));
        const index = CatchmentIndex.build(polys, { extent: city.extent });
        const pa = new PointAssignment(index, pts.x, pts.y);
        for (const [k, v, dx, dy] of moves) {
          const ring = polys[k].coordinates[0];
          const at = v % (ring.length - 1);
          ring[at] = [ring[at][0] + dx, ring[at][1] + dy];
          if (at === 0) ring[ring.length - 1] = ring[0];
          const cells = index.setPolygon(k, polys[k]);
          if (cells) pa.reassignCells(...cells);
        }
        const fresh = new PointAssignment(CatchmentIndex.build(polys, { extent: city.extent }), pts.x, pts.y);
        expect(Array.from(pa.owner)).toEqual(Array.from(fresh.owner));
        expect(Array.from(pa.hits)).toEqual(Array.from(fresh.hits));
      }),
      { numRuns: 25, seed: 42 },
    );
  });

  it('a seeded generator is deterministic', () => {
    const a = mulberry32(5);
    const b = mulberry32(5);
    expect([a(), a()]).toEqual([b(), b()]);
  });
});
