// Vertex editing keeps a tiling a tiling: moving, inserting and deleting a corner shared by
// neighbouring catchments moves every side at once (no gap, no overlap, total area unchanged),
// refusals are readable, and snapping lands exactly on a neighbour's corner or boundary.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catchment, Position } from '../model';
import { defaultStandards } from '../model';
import { polygonProblems } from '../geo/polygon-problems';
import { mulberry32 } from '../engine/synthetic-city';
import { applyEdit, invert } from '.';
import { deleteVertex, EditOpError, generateCatchments, insertVertex, moveVertex, snapPosition, type EditContext } from './ops';
import { applied, areaM2, gridContext, gx, gy, LEVEL, nearDuplicates, polygonCatchment, positionsOf, rect, SCENARIO, school, STEP, tilingFigures, withCatchments } from './ops-fixtures';
import { toSegment } from './ops-geometry';

/** A Voronoi tiling of 12 seeded schools over a square county (generated, then used as the map). */
function voronoiContext(seed: number): EditContext {
  const rnd = mulberry32(seed);
  const schools = Array.from({ length: 12 }, (_, k) => school(`v${k}`, [gx(0.2 + rnd() * 4.6), gy(0.2 + rnd() * 4.6)]));
  const ctx: EditContext = { scenarioId: SCENARIO, level: LEVEL, catchments: [], schools, residences: [], clip: rect(gx(0), gy(0), gx(5), gy(5)) };
  return withCatchments(ctx, applyEdit([], generateCatchments(ctx, 'nearest', { roads: [], standards: defaultStandards() })));
}

function onCounty(ctx: EditContext, p: Position): boolean {
  const ring = ctx.clip!.coordinates[0] as Position[];
  return ring.some((a, k) => k + 1 < ring.length && toSegment(p, a, ring[k + 1]).d < 1e-9);
}

/** Corners shared by three or more catchments, away from the county boundary, with how far they may move. */
function interiorJunctions(ctx: EditContext): { at: Position; owner: string; radius: number }[] {
  const owners = new Map<string, { at: Position; ids: Set<string> }>();
  for (const c of ctx.catchments) {
    for (const p of positionsOf(c.geometry)) {
      const k = `${p[0]},${p[1]}`;
      if (!owners.has(k)) owners.set(k, { at: p, ids: new Set() });
      owners.get(k)!.ids.add(c.id);
    }
  }
  const out: { at: Position; owner: string; radius: number }[] = [];
  for (const { at, ids } of owners.values()) {
    if (ids.size < 3 || onCounty(ctx, at)) continue;
    // A fifth of the distance to the nearest edge not touching the corner keeps every cell simple.
    let d = Infinity;
    for (const c of ctx.catchments) {
      if (!ids.has(c.id)) continue;
      const ring = (c.geometry!.coordinates as Position[][])[0];
      for (let k = 0; k + 1 < ring.length; k++) {
        if ((ring[k][0] === at[0] && ring[k][1] === at[1]) || (ring[k + 1][0] === at[0] && ring[k + 1][1] === at[1])) continue;
        d = Math.min(d, toSegment(at, ring[k], ring[k + 1]).d);
      }
    }
    out.push({ at, owner: [...ids][0], radius: d / 5 });
  }
  return out;
}

function expectTilingKept(before: readonly Catchment[], after: readonly Catchment[]): void {
  const a = tilingFigures(before);
  const b = tilingFigures(after);
  expect(b.invalid).toEqual([]);
  expect(Math.abs(b.totalAreaM2 - a.totalAreaM2) / a.totalAreaM2).toBeLessThan(1e-9);
  expect(b.overlapM2).toBe(0);
  expect(nearDuplicates(after)).toEqual([]);
}

describe('moveVertex on a tiling', () => {
  const grid = gridContext();

  it('moves a corner shared by four squares on all four sides (no gap, no overlap)', () => {
    expect(tilingFigures(grid.catchments).overlapM2).toBe(0);
    fc.assert(fc.property(fc.constantFrom(1, 2), fc.constantFrom(1, 2), fc.double({ min: -0.4, max: 0.4, noNaN: true }), fc.double({ min: -0.4, max: 0.4, noNaN: true }), (i, j, dx, dy) => {
      fc.pre(Math.abs(dx) > 1e-4 || Math.abs(dy) > 1e-4);
      const at: Position = [gx(i), gy(j)];
      const edit = moveVertex(grid, `${SCENARIO}:${LEVEL}:g${i}${j}`, at, [at[0] + dx * STEP, at[1] + dy * STEP]);
      expect(edit.action).toBe('boundary');
      expect(edit.changes.map((c) => c.id).sort()).toEqual([`g${i - 1}${j - 1}`, `g${i}${j - 1}`, `g${i - 1}${j}`, `g${i}${j}`].map((s) => `${SCENARIO}:${LEVEL}:${s}`).sort());
      const after = applied(grid, edit);
      expectTilingKept(grid.catchments, after);
      expect(applyEdit(after, invert(edit))).toEqual(grid.catchments);
    }), { seed: 7, numRuns: 40 });
  });

  it('keeps the tiling over a sequence of moves of different corners', () => {
    const rnd = mulberry32(11);
    let ctx = grid;
    for (let step = 0; step < 12; step++) {
      const i = 1 + Math.floor(rnd() * 2);
      const j = 1 + Math.floor(rnd() * 2);
      // Where corner (i, j) is now: look it up in the square to its north-east.
      const ne = ctx.catchments.find((c) => c.schoolId === `g${i}${j}`)!;
      const at = (ne.geometry!.coordinates as Position[][])[0][0];
      const edit = moveVertex(ctx, ne.id, at, [gx(i) + (rnd() - 0.5) * 0.5 * STEP, gy(j) + (rnd() - 0.5) * 0.5 * STEP]);
      ctx = withCatchments(ctx, applied(ctx, edit));
    }
    expectTilingKept(grid.catchments, ctx.catchments);
  });

  it('moves a junction of three Voronoi cells on every side', () => {
    for (const seed of [1, 2, 3]) {
      const ctx = voronoiContext(seed);
      expect(tilingFigures(ctx.catchments).overlapM2).toBe(0);
      const junctions = interiorJunctions(ctx);
      expect(junctions.length).toBeGreaterThan(5);
      fc.assert(fc.property(fc.nat({ max: junctions.length - 1 }), fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }), fc.double({ min: 0.05, max: 1, noNaN: true }), (k, angle, r) => {
        const { at, owner, radius } = junctions[k];
        const edit = moveVertex(ctx, owner, at, [at[0] + Math.cos(angle) * r * radius, at[1] + Math.sin(angle) * r * radius]);
        expect(edit.changes.length).toBeGreaterThanOrEqual(3);
        expectTilingKept(ctx.catchments, applied(ctx, edit));
      }), { seed: 100 + seed, numRuns: 15 });
    }
  });

  it('moves the closing position of a ring with its first one', () => {
    const edit = moveVertex(grid, `${SCENARIO}:${LEVEL}:g11`, [gx(1), gy(1)], [gx(1) + 0.001, gy(1) + 0.002]);
    for (const c of edit.changes) {
      const ring = (c.after!.geometry!.coordinates as Position[][])[0];
      expect(ring[0]).toEqual(ring[ring.length - 1]);
    }
    const g11 = edit.changes.find((c) => c.id.endsWith('g11'))!.after!;
    expect((g11.geometry!.coordinates as Position[][])[0][0]).toEqual([gx(1) + 0.001, gy(1) + 0.002].map((v) => Math.round(v * 1e7) / 1e7));
  });

  it('refuses a move that would make catchments overlap or a corner that is not there', () => {
    // Corner (1, 1) dragged past corner (2, 2): the squares would cross.
    expect(() => moveVertex(grid, `${SCENARIO}:${LEVEL}:g11`, [gx(1), gy(1)], [gx(2.5), gy(2.5)])).toThrow(EditOpError);
    expect(() => moveVertex(grid, `${SCENARIO}:${LEVEL}:g11`, [gx(1.5), gy(1)], [gx(1.5), gy(1.2)])).toThrow(/no corner/);
    expect(() => moveVertex(grid, `${SCENARIO}:${LEVEL}:g11`, [gx(1), gy(1)], [gx(1), gy(1)])).toThrow('nothing to change');
  });

  it('refuses moving a corner of a unit-list catchment', () => {
    const ctx = withCatchments(grid, grid.catchments.map((c) => (c.schoolId === 'g00' ? { ...c, form: 'units' as const, unitIds: [] } : c)));
    expect(() => moveVertex(ctx, `${SCENARIO}:${LEVEL}:g00`, [gx(0), gy(0)], [gx(0.1), gy(0)])).toThrow(/paint units/);
  });
});

describe('insertVertex', () => {
  const grid = gridContext();

  it('puts the corner on both sides of a shared edge, and a later move keeps the tiling', () => {
    // The edge between g11 and g21 runs from (2, 1) to (2, 2).
    const at: Position = [gx(2), gy(1.4)];
    const edit = insertVertex(grid, `${SCENARIO}:${LEVEL}:g11`, [gx(2), gy(1)], [gx(2), gy(2)], at);
    expect(edit.changes.map((c) => c.id.split(':')[2]).sort()).toEqual(['g11', 'g21']);
    const after = applied(grid, edit);
    expectTilingKept(grid.catchments, after);
    const ctx = withCatchments(grid, after);
    const p = [Math.round(at[0] * 1e7) / 1e7, Math.round(at[1] * 1e7) / 1e7] as Position;
    fc.assert(fc.property(fc.double({ min: -0.4, max: 0.4, noNaN: true }), fc.double({ min: -0.2, max: 0.2, noNaN: true }), (dx, dy) => {
      fc.pre(Math.abs(dx) > 1e-4 || Math.abs(dy) > 1e-4);
      const moved = moveVertex(ctx, `${SCENARIO}:${LEVEL}:g21`, p, [p[0] + dx * STEP, p[1] + dy * STEP]);
      expect(moved.changes).toHaveLength(2);
      expectTilingKept(grid.catchments, applied(ctx, moved));
    }), { seed: 5, numRuns: 30 });
  });

  it('refuses an edge the catchment does not have', () => {
    expect(() => insertVertex(grid, `${SCENARIO}:${LEVEL}:g11`, [gx(1), gy(1)], [gx(2), gy(2)], [gx(1.5), gy(1.5)])).toThrow(/no boundary segment/);
  });
});

describe('deleteVertex', () => {
  it('refuses to leave a triangle with two corners', () => {
    const tri = polygonCatchment('t', { type: 'Polygon', coordinates: [[[gx(0), gy(0)], [gx(1), gy(0)], [gx(0), gy(1)], [gx(0), gy(0)]]] });
    const ctx: EditContext = { scenarioId: SCENARIO, level: LEVEL, catchments: [tri], schools: [school('t', [gx(0.2), gy(0.2)])], residences: [], clip: null };
    expect(() => deleteVertex(ctx, tri.id, [gx(1), gy(0)])).toThrow(/at least three corners/);
  });

  it('removes a shared corner from both sides', () => {
    // Two rectangles sharing the edge x = 1, with an extra corner at (1, 0.5) on both sides.
    const west = polygonCatchment('w', { type: 'Polygon', coordinates: [[[gx(0), gy(0)], [gx(1), gy(0)], [gx(1.1), gy(0.5)], [gx(1), gy(1)], [gx(0), gy(1)], [gx(0), gy(0)]]] });
    const east = polygonCatchment('e', { type: 'Polygon', coordinates: [[[gx(1), gy(0)], [gx(2), gy(0)], [gx(2), gy(1)], [gx(1), gy(1)], [gx(1.1), gy(0.5)], [gx(1), gy(0)]]] });
    const ctx: EditContext = { scenarioId: SCENARIO, level: LEVEL, catchments: [west, east], schools: [school('w', [gx(0.5), gy(0.5)]), school('e', [gx(1.5), gy(0.5)])], residences: [], clip: null };
    expect(tilingFigures(ctx.catchments).overlapM2).toBe(0);
    const edit = deleteVertex(ctx, east.id, [gx(1.1), gy(0.5)]);
    expect(edit.action).toBe('boundary');
    const after = applied(ctx, edit);
    for (const c of after) {
      expect(positionsOf(c.geometry).some((p) => p[0] === gx(1.1))).toBe(false);
      expect(positionsOf(c.geometry)).toHaveLength(5);
    }
    expectTilingKept(ctx.catchments, after);
  });

  it('refuses a corner where four squares meet', () => {
    const grid = gridContext();
    expect(() => deleteVertex(grid, `${SCENARIO}:${LEVEL}:g11`, [gx(1), gy(1)])).toThrow(/Three or more boundaries meet/);
  });

  it('removes an unshared corner from its catchment only', () => {
    const grid = gridContext();
    const withExtra = withCatchments(grid, applied(grid, insertVertex(grid, `${SCENARIO}:${LEVEL}:g00`, [gx(0), gy(0)], [gx(1), gy(0)], [gx(0.5), gy(-0.1)])));
    const edit = deleteVertex(withExtra, `${SCENARIO}:${LEVEL}:g00`, [gx(0.5), Math.round(gy(-0.1) * 1e7) / 1e7]);
    expect(edit.action).toBe('reshape');
    expect(edit.changes[0].after).toEqual(grid.catchments[0]);
  });
});

describe('snapping', () => {
  // Two squares 0.0005° (about 50 m east–west) apart: a at x ∈ [0, 1], b at x ∈ [1.05, 2].
  const a = polygonCatchment('a', rect(gx(0), gy(0), gx(1), gy(1)));
  const b = polygonCatchment('b', rect(gx(1.05), gy(0), gx(2), gy(1)));
  const ctx: EditContext = { scenarioId: SCENARIO, level: LEVEL, catchments: [a, b], schools: [school('a', [gx(0.5), gy(0.5)]), school('b', [gx(1.5), gy(0.5)])], residences: [], clip: null };

  it('lands exactly on a neighbour corner within reach', () => {
    // Drag a's corner (1, 1) to 8 m west of b's corner (1.02, 1).
    const near: Position = [gx(1.05) - 0.00008, gy(1) - 0.00002];
    const edit = moveVertex(ctx, a.id, [gx(1), gy(1)], near, { snapMetres: 20 });
    expect(tilingFigures(applied(ctx, edit)).overlapM2).toBe(0);
    const ring = (edit.changes[0].after!.geometry!.coordinates as Position[][])[0];
    expect(ring).toContainEqual([gx(1.05), gy(1)]);
    expect(edit.changes).toHaveLength(1);
    expect(snapPosition(ctx, near, 20, [a.id]).target).toEqual({ kind: 'vertex', catchmentId: b.id, edge: null });
  });

  it('lands on a neighbour boundary (and joins it) when no corner is within reach', () => {
    const near: Position = [gx(1.05) - 0.0001, gy(0.5)];
    const edit = moveVertex(ctx, a.id, [gx(1), gy(1)], near, { snapMetres: 20 });
    expect(edit.action).toBe('boundary');
    expect(tilingFigures(applied(ctx, edit)).invalid).toEqual([]);
    const moved = edit.changes.find((c) => c.id === a.id)!.after!;
    const p = (moved.geometry!.coordinates as Position[][])[0].find((q) => q[1] === gy(0.5) || Math.abs(q[1] - gy(0.5)) < 1e-6)!;
    expect(toSegment(p, [gx(1.05), gy(0)], [gx(1.05), gy(1)]).d).toBeLessThan(1e-9);
    const joined = edit.changes.find((c) => c.id === b.id)!.after!;
    expect(positionsOf(joined.geometry)).toContainEqual(p);
    expect(polygonProblems(joined.geometry).filter((x) => x.severity === 'error')).toEqual([]);
  });

  it('refuses a move that pushes a corner into a neighbour', () => {
    expect(() => moveVertex(ctx, a.id, [gx(1), gy(1)], [gx(1.5), gy(0.9)])).toThrow(/would overlap the catchment of School b/);
  });

  it('leaves the position alone beyond reach and ignores excluded catchments', () => {
    const far: Position = [gx(1.05) - 0.00025, gy(0.5)]; // 25 m from both squares
    expect(snapPosition(ctx, far, 20)).toEqual({ position: far, target: null });
    expect(snapPosition(ctx, [gx(1.05) - 0.0001, gy(0.5)], 20, [b.id]).target).toBeNull();
    const edit = moveVertex(ctx, a.id, [gx(1), gy(1)], far, { snapMetres: 20 });
    expect(edit.changes).toHaveLength(1);
  });

  it('snaps to the county boundary too', () => {
    const withCounty = { ...ctx, clip: rect(gx(-1), gy(-1), gx(3), gy(3)) };
    const r = snapPosition(withCounty, [gx(3) - 0.0001, gy(2)], 20);
    expect(r.target?.kind).toBe('edge');
    expect(r.target?.catchmentId).toBeNull();
    expect(r.position[0]).toBeCloseTo(gx(3), 12);
  });
});

describe('moveVertex at a T-junction', () => {
  it('moves a corner that lies on a neighbour\'s edge (not its corner) on both sides: no gap opens', () => {
    // A's right side has a corner at its middle; B's left side runs straight past it.
    const a = polygonCatchment('A', { type: 'Polygon', coordinates: [[[gx(0), gy(0)], [gx(1), gy(0)], [gx(1), (gy(0) + gy(1)) / 2], [gx(1), gy(1)], [gx(0), gy(1)], [gx(0), gy(0)]]] });
    const b = polygonCatchment('B', rect(gx(1), gy(0), gx(2), gy(1)));
    const ctx: EditContext = { scenarioId: SCENARIO, level: LEVEL, catchments: [a, b], schools: [school('A', [gx(0.5), gy(0.5)]), school('B', [gx(1.5), gy(0.5)])], residences: [], clip: null };
    const mid: Position = [gx(1), (gy(0) + gy(1)) / 2];
    const to: Position = [gx(1) + STEP * 0.3, mid[1]];
    const edit = moveVertex(ctx, a.id, mid, to);
    expect(edit.changes.map((c) => c.id).sort()).toEqual([a.id, b.id].sort());
    const list = applied(ctx, edit);
    const f = tilingFigures(list);
    expect(f.invalid).toEqual([]);
    expect(f.overlapM2).toBeLessThan(1e-3);
    // The union still covers the two squares: the moved corner opened no gap.
    expect(Math.abs(f.totalAreaM2 - (areaM2(a.geometry) + areaM2(b.geometry)))).toBeLessThan(1e-6 * f.totalAreaM2);
  });
});

describe('moveVertex where boundaries meet along a long edge', () => {
  it('moves the same segment on every side: C\'s long top edge is split at the other junctions first', () => {
    // A and B sit side by side on top of C; C's top is one edge from x0 to x3 passing the A|B junction
    // (at x1) and B's far corner (x2 < x3 is inside C's edge too).
    const y0 = gy(0), y1 = gy(1), y2 = gy(2);
    const [x0, x1, x2, x3] = [gx(0), gx(1), gx(2), gx(3)];
    const a = polygonCatchment('A', rect(x0, y1, x1, y2));
    const b = polygonCatchment('B', { type: 'Polygon', coordinates: [[[x1, y1], [x2, y1], [x3, y1], [x3, y2], [x1, y2], [x1, y1]]] });
    const c = polygonCatchment('C', { type: 'Polygon', coordinates: [[[x0, y0], [x3, y0], [x3, y1], [x0, y1], [x0, y0]]] });
    const ctx: EditContext = { scenarioId: SCENARIO, level: LEVEL, catchments: [a, b, c], schools: ['A', 'B', 'C'].map((id, k) => school(id, [gx(k + 0.5), gy(k === 2 ? 0.5 : 1.5)])), residences: [], clip: null };
    const edit = moveVertex(ctx, a.id, [x1, y1], [x1 + STEP * 0.2, y1 - STEP * 0.3]);
    const f = tilingFigures(applied(ctx, edit));
    expect(f.invalid).toEqual([]);
    expect(f.overlapM2).toBeLessThan(1e-3);
    expect(Math.abs(f.totalAreaM2 - (areaM2(a.geometry) + areaM2(b.geometry) + areaM2(c.geometry)))).toBeLessThan(1e-6 * f.totalAreaM2);
  });
});
