// Whole-outline edits keep the map consistent: a drawn catchment fills only free land and joins
// its neighbours' boundaries, a split divides the area exactly and hands the cut-off part over,
// a merge adds the areas up, and every edit is well-formed and applies.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catchment, Position } from '../model';
import { defaultStandards } from '../model';
import { mulberry32 } from '../engine/synthetic-city';
import { containsPoint } from '../engine/catchment-index';
import { applyEdit, catchmentId, invert } from '.';
import { drawCatchment, EditOpError, generateCatchments, mergeCatchments, reshapeCatchment, splitCatchment, splitParts, type EditContext } from './ops';
import { applied, areaM2, gridContext, gx, gy, LEVEL, nearDuplicates, planarArea, positionsOf, rect, residence, SCENARIO, school, tilingFigures, unitsCatchment, withCatchments } from './ops-fixtures';

const id = (s: string): string => catchmentId(SCENARIO, LEVEL, s);
const byId = (list: readonly Catchment[], s: string): Catchment | undefined => list.find((c) => c.id === id(s));
const relDiff = (a: number, b: number): number => Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));

function expectConsistent(list: readonly Catchment[]): void {
  const t = tilingFigures(list);
  expect(t.invalid).toEqual([]);
  expect(t.overlapM2).toBe(0);
  expect(nearDuplicates(list)).toEqual([]);
}

describe('drawCatchment', () => {
  const grid = gridContext();
  const holed = withCatchments(grid, grid.catchments.filter((c) => c.schoolId !== 'g11'));

  it('fills only the free land: an outline drawn over the neighbours becomes exactly the hole', () => {
    const edit = drawCatchment(holed, 'g11', rect(gx(0.8), gy(0.7), gx(2.3), gy(2.2)));
    expect(edit.action).toBe('draw');
    expect(edit.changes).toHaveLength(1);
    const after = applied(holed, edit);
    expect(relDiff(areaM2(byId(after, 'g11')!.geometry), areaM2(byId(grid.catchments, 'g11')!.geometry))).toBeLessThan(1e-9);
    expect(relDiff(tilingFigures(after).totalAreaM2, tilingFigures(grid.catchments).totalAreaM2)).toBeLessThan(1e-9);
    expectConsistent(after);
    expect(positionsOf(byId(after, 'g11')!.geometry)).toContainEqual([gx(1), gy(1)]);
  });

  it('adds the corners where it meets a neighbour to that neighbour, which keeps its area', () => {
    const edit = drawCatchment(holed, 'g11', rect(gx(1.2), gy(0.5), gx(1.8), gy(1.5)));
    expect(edit.changes.map((c) => c.id).sort()).toEqual([id('g10'), id('g11')]);
    const after = applied(holed, edit);
    expectConsistent(after);
    const g10 = byId(after, 'g10')!;
    expect(positionsOf(g10.geometry)).toContainEqual([gx(1.2), gy(1)]);
    expect(relDiff(areaM2(g10.geometry), areaM2(byId(grid.catchments, 'g10')!.geometry))).toBeLessThan(1e-9);
    expect(relDiff(areaM2(byId(after, 'g11')!.geometry), areaM2(rect(gx(1.2), gy(1), gx(1.8), gy(1.5))))).toBeLessThan(1e-9);
    expect(applyEdit(after, invert(edit))).toEqual(holed.catchments);
  });

  it('is cut back to the county, and may overlap when asked not to cut', () => {
    const over = rect(gx(-0.5), gy(1.2), gx(0.5), gy(1.8));
    const clipped = applied(grid, drawCatchment(grid, 'g01', over, { clipToNeighbours: false }));
    expect(relDiff(areaM2(byId(clipped, 'g01')!.geometry), areaM2(rect(gx(0), gy(1.2), gx(0.5), gy(1.8))))).toBeLessThan(1e-9);
    const overlapping = applied(grid, drawCatchment(grid, 'g11', rect(gx(0.5), gy(0.5), gx(2.5), gy(2.5)), { clipToNeighbours: false }));
    expect(tilingFigures(overlapping).overlapM2).toBeGreaterThan(0);
  });

  it('replaces a unit-list catchment by the drawn outline', () => {
    const ctx = withCatchments(holed, [...holed.catchments, unitsCatchment('g11', ['u1'])]);
    const edit = drawCatchment(ctx, 'g11', rect(gx(1), gy(1), gx(2), gy(2)));
    expectConsistent(applied(ctx, edit));
    expect(edit.changes[0].before?.form).toBe('units');
    expect(edit.changes[0].after?.form).toBe('polygon');
    expect(edit.changes[0].after?.unitIds).toEqual([]);
  });

  it('refuses a school of another level, a self-crossing outline and an outline with no free land', () => {
    const ctx: EditContext = { ...holed, schools: [...holed.schools, school('j', [gx(1.5), gy(1.5)], { type: 'junior' })] };
    expect(() => drawCatchment(ctx, 'j', rect(gx(1), gy(1), gx(2), gy(2)))).toThrow(/does not teach primary/);
    const bowTie = { type: 'Polygon' as const, coordinates: [[[gx(1), gy(1)], [gx(2), gy(2)], [gx(2), gy(1)], [gx(1), gy(2)], [gx(1), gy(1)]] as Position[]] };
    expect(() => drawCatchment(holed, 'g11', bowTie)).toThrow(/not valid \(self-intersection/);
    expect(() => drawCatchment(holed, 'g11', rect(gx(0.1), gy(0.1), gx(0.9), gy(0.9)))).toThrow(EditOpError);
    expect(() => drawCatchment(holed, 'nope', rect(gx(1), gy(1), gx(2), gy(2)))).toThrow(/no school nope/);
  });
});

describe('reshapeCatchment', () => {
  const grid = gridContext();

  it('joins corners that come within a centimetre of the map’s corners', () => {
    // Within 1 cm of every original corner: nothing changes at all.
    expect(() => reshapeCatchment(grid, id('g00'), rect(gx(0), gy(0), gx(1) + 3e-8, gy(1) - 2e-8))).toThrow('nothing to change');
    const g = { type: 'Polygon' as const, coordinates: [[[gx(0), gy(0)], [gx(1), gy(0)], [gx(1) + 3e-8, gy(1) - 2e-8], [gx(0), gy(0.8)], [gx(0), gy(0)]] as Position[]] };
    const edit = reshapeCatchment(grid, id('g00'), g);
    expect(edit.action).toBe('reshape');
    const after = applied(grid, edit);
    expect(positionsOf(byId(after, 'g00')!.geometry)).toContainEqual([gx(1), gy(1)]);
    expect(tilingFigures(after).overlapM2).toBe(0);
  });

  it('refuses a unit list and an invalid outline', () => {
    const ctx = withCatchments(grid, [unitsCatchment('g00', [])]);
    expect(() => reshapeCatchment(ctx, id('g00'), rect(gx(0), gy(0), gx(1), gy(1)))).toThrow(/list of residence units/);
    expect(() => reshapeCatchment(grid, id('g00'), { type: 'Polygon', coordinates: [[[gx(0), gy(0)], [gx(1), gy(1)], [gx(1), gy(0)], [gx(0), gy(1)], [gx(0), gy(0)]]] })).toThrow(/not valid/);
  });
});

describe('splitCatchment', () => {
  const grid = gridContext();
  // Across the centre square below its school (at 1.5, 1.5), from the west neighbour to the east one.
  const line: Position[] = [[gx(0.8), gy(1.37)], [gx(2.2), gy(1.37)]];
  const square = byId(grid.catchments, 'g11')!;

  it('previews two parts whose areas add up to the square', () => {
    const parts = splitParts(square.geometry!, line);
    expect(parts).toHaveLength(2);
    expect(relDiff(parts.reduce((s, p) => s + areaM2(p), 0), areaM2(square.geometry))).toBeLessThan(1e-12);
  });

  it('keeps the part with the school and leaves the other unassigned (null)', () => {
    const edit = splitCatchment(grid, square.id, line, null);
    expect(edit.action).toBe('split');
    const after = applied(grid, edit);
    const kept = byId(after, 'g11')!;
    expect(containsPoint(kept.geometry, gx(1.5), gy(1.5))).toBe(true);
    expect(relDiff(areaM2(kept.geometry), areaM2(rect(gx(1), gy(1.37), gx(2), gy(2))))).toBeLessThan(1e-9);
    // The cut's ends lie on the west and east neighbours' boundaries: they get the corners too.
    expect(edit.changes.map((c) => c.id).sort()).toEqual([id('g01'), id('g11'), id('g21')]);
    expect(positionsOf(byId(after, 'g01')!.geometry)).toContainEqual([gx(1), gy(1.37)]);
    expectConsistent(after);
    expect(relDiff(tilingFigures(after).totalAreaM2 + areaM2(rect(gx(1), gy(1), gx(2), gy(1.37))), tilingFigures(grid.catchments).totalAreaM2)).toBeLessThan(1e-9);
  });

  it('gives the other part to a neighbour, whose area grows by exactly that part', () => {
    const edit = splitCatchment(grid, square.id, line, 'g10');
    const after = applied(grid, edit);
    const before = areaM2(byId(grid.catchments, 'g10')!.geometry);
    const given = areaM2(square.geometry) - areaM2(byId(after, 'g11')!.geometry);
    expect(relDiff(areaM2(byId(after, 'g10')!.geometry), before + given)).toBeLessThan(1e-9);
    expect(relDiff(given, areaM2(rect(gx(1), gy(1), gx(2), gy(1.37))))).toBeLessThan(1e-9);
    expectConsistent(after);
    expect(relDiff(tilingFigures(after).totalAreaM2, tilingFigures(grid.catchments).totalAreaM2)).toBeLessThan(1e-9);
    expect(byId(after, 'g10')!.geometry!.type).toBe('Polygon');
  });

  it('creates a catchment for a school that has none, and adds the units inside to a unit list', () => {
    const ctx: EditContext = { ...grid, schools: [...grid.schools, school('new', [gx(1.5), gy(1.1)])] };
    const edit = splitCatchment(ctx, square.id, line, 'new');
    expectConsistent(applied(ctx, edit));
    const created = edit.changes.find((c) => c.id === id('new'))!;
    expect(created.before).toBeNull();
    expect(relDiff(areaM2(created.after!.geometry), areaM2(rect(gx(1), gy(1), gx(2), gy(1.37))))).toBeLessThan(1e-9);

    const units: EditContext = { ...ctx, catchments: [...grid.catchments, unitsCatchment('new', ['r0'])], residences: [residence('r0', [gx(3.5), gy(3.5)]), residence('r1', [gx(1.4), gy(1.2)]), residence('r2', [gx(1.4), gy(1.6)])] };
    const unitEdit = splitCatchment(units, square.id, line, 'new');
    expect(() => applied(units, unitEdit)).not.toThrow();
    const joined = unitEdit.changes.find((c) => c.id === id('new'))!;
    expect(joined.after!.unitIds).toEqual(['r0', 'r1']);
  });

  it('cuts into three parts with a zig-zag and keeps the school’s part', () => {
    const zig: Position[] = [[gx(0.9), gy(1.2)], [gx(2.1), gy(1.3)], [gx(0.9), gy(1.8)]];
    const parts = splitParts(square.geometry!, zig);
    expect(parts).toHaveLength(3);
    expect(relDiff(parts.reduce((s, p) => s + areaM2(p), 0), areaM2(square.geometry))).toBeLessThan(1e-12);
    const after = applied(grid, splitCatchment(grid, square.id, zig, 'g10'));
    expect(containsPoint(byId(after, 'g11')!.geometry, gx(1.5), gy(1.5))).toBe(true);
    expectConsistent(after);
    expect(relDiff(tilingFigures(after).totalAreaM2, tilingFigures(grid.catchments).totalAreaM2)).toBeLessThan(1e-9);
  });

  it('cuts through a hole', () => {
    const holed = { type: 'Polygon' as const, coordinates: [rect(gx(0), gy(0), gx(1), gy(1)).coordinates[0], [[gx(0.4), gy(0.4)], [gx(0.4), gy(0.6)], [gx(0.6), gy(0.6)], [gx(0.6), gy(0.4)], [gx(0.4), gy(0.4)]] as Position[]] };
    const parts = splitParts(holed, [[gx(-0.1), gy(0.5)], [gx(1.1), gy(0.5)]]);
    expect(parts).toHaveLength(2);
    expect(relDiff(parts.reduce((s, p) => s + areaM2(p), 0), areaM2(holed))).toBeLessThan(1e-12);
    // A cut that misses the hole keeps it in one part.
    const side = splitParts(holed, [[gx(-0.1), gy(0.2)], [gx(1.1), gy(0.2)]]);
    expect(side.map((p) => p.coordinates.length).sort()).toEqual([1, 2]);
  });

  it('refuses a line that misses or does not cut across', () => {
    expect(() => splitCatchment(grid, square.id, [[gx(3.5), gy(0)], [gx(3.5), gy(3)]], null)).toThrow(/does not cut/);
    expect(() => splitCatchment(grid, square.id, [[gx(0.8), gy(1.37)], [gx(1.5), gy(1.37)]], null)).toThrow(/does not cut/);
    expect(() => splitCatchment(grid, square.id, line, 'g11')).toThrow(EditOpError);
  });
});

describe('splitCatchment on a Voronoi tiling', () => {
  // Cuts at any angle: the cut's ends land on slanted shared edges, which both sides must get.
  const rnd = mulberry32(21);
  const schools = Array.from({ length: 10 }, (_, k) => school(`v${k}`, [gx(0.3 + rnd() * 3.4), gy(0.3 + rnd() * 3.4)]));
  const base: EditContext = { scenarioId: SCENARIO, level: LEVEL, catchments: [], schools, residences: [], clip: rect(gx(0), gy(0), gx(4), gy(4)) };
  const ctx = withCatchments(base, applyEdit([], generateCatchments(base, 'nearest', { roads: [], standards: defaultStandards() })));
  const planarTotal = (list: readonly Catchment[]) => list.reduce((sum, c) => sum + planarArea(c.geometry), 0);

  it('keeps the map consistent for random cuts, given away or left unassigned', () => {
    let cuts = 0;
    fc.assert(fc.property(fc.nat({ max: 9 }), fc.double({ min: 0, max: Math.PI, noNaN: true }), fc.double({ min: -0.8, max: 0.8, noNaN: true }), fc.option(fc.nat({ max: 9 }), { nil: null }), (k, angle, offset, to) => {
      const c = ctx.catchments[k];
      const [sx, sy] = ctx.schools.find((x) => x.id === c.schoolId)!.location.coordinates;
      // A long line near the school, offset across its direction by up to 0.008°.
      const dir: Position = [Math.cos(angle), Math.sin(angle)];
      const mid: Position = [sx - dir[1] * offset * 0.01, sy + dir[0] * offset * 0.01];
      const line: Position[] = [[mid[0] - dir[0] * 0.05, mid[1] - dir[1] * 0.05], [mid[0] + dir[0] * 0.05, mid[1] + dir[1] * 0.05]];
      const giveTo = to === null || ctx.catchments[to].schoolId === c.schoolId ? null : ctx.catchments[to].schoolId;
      let edit;
      try {
        edit = splitCatchment(ctx, c.id, line, giveTo);
      } catch (e) {
        expect(e).toBeInstanceOf(EditOpError);
        expect((e as Error).message).toMatch(/does not cut/); // the line missed the cell
        return;
      }
      const after = applied(ctx, edit);
      cuts++;
      expectConsistent(after);
      const lost = planarArea(c.geometry) - planarArea(byId(after, c.schoolId)!.geometry);
      expect(lost).toBeGreaterThan(0);
      const expected = planarTotal(ctx.catchments) - (giveTo === null ? lost : 0);
      expect(relDiff(planarTotal(after), expected)).toBeLessThan(1e-9);
      if (containsPoint(c.geometry, sx, sy) && Math.abs(offset) > 1e-3) expect(containsPoint(byId(after, c.schoolId)!.geometry, sx, sy)).toBe(true);
    }), { seed: 9, numRuns: 40 });
    expect(cuts).toBeGreaterThan(30);
  });
});

describe('mergeCatchments', () => {
  const grid = gridContext();

  it('adds the areas of two outlines and removes the absorbed one', () => {
    const edit = mergeCatchments(grid, id('g11'), id('g21'));
    expect(edit.action).toBe('merge');
    const after = applied(grid, edit);
    expect(byId(after, 'g21')).toBeUndefined();
    const merged = byId(after, 'g11')!;
    expect(relDiff(areaM2(merged.geometry), areaM2(byId(grid.catchments, 'g11')!.geometry) + areaM2(byId(grid.catchments, 'g21')!.geometry))).toBeLessThan(1e-9);
    // The corners the neighbours still have along the merged boundary stay in it.
    expect(positionsOf(merged.geometry)).toContainEqual([gx(2), gy(1)]);
    expect(positionsOf(merged.geometry)).toContainEqual([gx(2), gy(2)]);
    expectConsistent(after);
  });

  it('joins unit lists, keep’s units first', () => {
    const residences = ['a', 'b', 'c', 'd'].map((u, k) => residence(u, [gx(0.2 + k * 0.5), gy(0.5)]));
    const ctx: EditContext = { ...grid, residences, catchments: [unitsCatchment('g00', ['b', 'a']), unitsCatchment('g10', ['d', 'a', 'c'])] };
    const edit = mergeCatchments(ctx, id('g00'), id('g10'));
    const after = applied(ctx, edit);
    expect(after).toHaveLength(1);
    expect(after[0].unitIds).toEqual(['b', 'a', 'd', 'c']);
    expect(after[0].geometry).not.toBeNull();
  });

  it('turns a drawn outline into its units when merging with a unit list', () => {
    const residences = [residence('in', [gx(1.5), gy(0.5)]), residence('out', [gx(2.5), gy(0.5)]), residence('x', [gx(0.5), gy(0.5)])];
    const ctx: EditContext = { ...grid, residences, catchments: [unitsCatchment('g00', ['x']), byId(grid.catchments, 'g10')!] };
    const after = applied(ctx, mergeCatchments(ctx, id('g00'), id('g10')));
    expect(after.map((c) => [c.id, c.form, c.unitIds])).toEqual([[id('g00'), 'units', ['x', 'in']]]);
    const other = applied(ctx, mergeCatchments(ctx, id('g10'), id('g00')));
    expect(other.map((c) => [c.id, c.form, c.unitIds])).toEqual([[id('g10'), 'units', ['in', 'x']]]);
  });

  it('refuses merging a catchment with itself', () => {
    expect(() => mergeCatchments(grid, id('g11'), id('g11'))).toThrow(/itself/);
  });
});
