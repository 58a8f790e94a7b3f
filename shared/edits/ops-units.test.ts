// Unit lists: painting moves units between lists so every unit ends in exactly one list (or none),
// undo restores the lists exactly, outlines follow; converting an outline lists exactly the units
// the engine counts inside it.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Catchment, Position, Residence } from '../model';
import { containsPoint } from '../engine/catchment-index';
import { mulberry32 } from '../engine/synthetic-city';
import { representativePoint } from '../geo/unit-outline';
import { applyEdit, catchmentId, invert } from '.';
import { convertToUnits, EditOpError, paintUnits, type EditContext } from './ops';
import { applied, gx, gy, LEVEL, polygonCatchment, rect, residence, SCENARIO, school, unitsCatchment } from './ops-fixtures';

const id = (s: string): string => catchmentId(SCENARIO, LEVEL, s);

function county(): { residences: Residence[]; base: Omit<EditContext, 'catchments'> } {
  const rnd = mulberry32(42);
  const residences: Residence[] = Array.from({ length: 22 }, (_, k) => residence(`u${k}`, [gx(rnd() * 3), gy(rnd() * 3)], 5));
  // Two polygon units (小区 outlines) and two units at one location.
  residences.push(residence('p0', rect(gx(0.3), gy(2.3), gx(0.5), gy(2.5)), 8), residence('p1', rect(gx(2.1), gy(0.1), gx(2.4), gy(0.3)), 8));
  residences.push(residence('twinA', [gx(1.5), gy(1.5)], 3), residence('twinB', [gx(1.5), gy(1.5)], 3));
  const schools = [0, 1, 2, 3].map((k) => school(`s${k}`, [gx(0.5 + k * 0.6), gy(1)])).concat([school('j', [gx(1), gy(2)], { type: 'junior' })]);
  return { residences, base: { scenarioId: SCENARIO, level: LEVEL, schools, residences, clip: rect(gx(-0.1), gy(-0.1), gx(3.1), gy(3.1)) } };
}

const owner = (list: readonly Catchment[], unit: string): string[] => list.filter((c) => c.form === 'units' && c.unitIds.includes(unit)).map((c) => c.schoolId);

describe('paintUnits', () => {
  const { residences, base } = county();
  const unitIds = residences.map((r) => r.id);

  it('moves painted units to one list and nowhere else; undo restores every list exactly', () => {
    let edits = 0;
    fc.assert(fc.property(
      fc.array(fc.integer({ min: -1, max: 2 }), { minLength: unitIds.length, maxLength: unitIds.length }),
      fc.shuffledSubarray(unitIds, { minLength: 1, maxLength: 8 }),
      fc.option(fc.integer({ min: 0, max: 3 }), { nil: null }),
      (owners, painted, target) => {
        const catchments = [0, 1, 2].map((k) => unitsCatchment(`s${k}`, unitIds.filter((_, u) => owners[u] === k))).filter((c) => c.unitIds.length > 0);
        const ctx: EditContext = { ...base, catchments };
        const schoolId = target === null ? null : `s${target}`;
        const before = new Map(unitIds.map((u) => [u, owner(catchments, u)]));
        const expected = new Map(unitIds.map((u) => [u, painted.includes(u) ? (schoolId ? [schoolId] : []) : before.get(u)!]));
        if (unitIds.every((u) => JSON.stringify(before.get(u)) === JSON.stringify(expected.get(u)))) {
          expect(() => paintUnits(ctx, painted, schoolId)).toThrow('nothing to change');
          return;
        }
        const edit = paintUnits(ctx, painted, schoolId);
        edits++;
        expect(edit.action).toBe('paint');
        const after = applied(ctx, edit);
        for (const u of unitIds) expect(owner(after, u)).toEqual(expected.get(u));
        // Lists keep their order: old units in place, new ones appended in painting order.
        for (const c of after) {
          const old = catchments.find((x) => x.id === c.id)?.unitIds ?? [];
          const kept = old.filter((u) => !painted.includes(u) || c.schoolId === schoolId);
          expect(c.unitIds).toEqual([...kept, ...painted.filter((u) => c.schoolId === schoolId && !old.includes(u))]);
        }
        // Only lists that changed are in the edit, and their outlines hold their units.
        for (const ch of edit.changes) {
          expect(JSON.stringify(ch.before?.unitIds ?? null)).not.toEqual(JSON.stringify(ch.after?.unitIds ?? null));
          if (!ch.after) continue;
          expect(['Polygon', 'MultiPolygon']).toContain(ch.after.geometry?.type);
          for (const u of ch.after.unitIds) {
            if (u.startsWith('twin')) continue; // one cell for both twins: the first list naming one takes it
            const [x, y] = representativePoint(residences.find((r) => r.id === u)!);
            expect(containsPoint(ch.after.geometry, x, y), `${u} in ${ch.id}`).toBe(true);
          }
        }
        expect(applyEdit(after, invert(edit))).toEqual(catchments);
      },
    ), { seed: 3, numRuns: 40 });
    expect(edits).toBeGreaterThan(30);
  });

  it('converts the school’s drawn outline into units first, in the same edit', () => {
    const ctx: EditContext = { ...base, catchments: [polygonCatchment('s0', rect(gx(0), gy(0), gx(1), gy(1))), unitsCatchment('s1', ['u3'])] };
    const inside = residences.filter((r) => containsPoint(rect(gx(0), gy(0), gx(1), gy(1)), ...(representativePoint(r) as [number, number]))).map((r) => r.id);
    const edit = paintUnits(ctx, ['u3'], 's0');
    expect(applied(ctx, edit).map((c) => c.id)).toEqual([id('s0')]);
    const s0 = edit.changes.find((c) => c.id === id('s0'))!.after!;
    expect(s0.form).toBe('units');
    expect(s0.unitIds).toEqual([...inside.filter((u) => u !== 'u3'), 'u3']);
    expect(edit.changes.find((c) => c.id === id('s1'))!.after).toBeNull(); // painted empty: removed
  });

  it('creates a list for a school without one and refuses unknown units or a school of another level', () => {
    const ctx: EditContext = { ...base, catchments: [] };
    const edit = paintUnits(ctx, ['u1', 'u2', 'u1'], 's3');
    expect(applied(ctx, edit)).toHaveLength(1);
    expect(edit.changes).toEqual([{ id: id('s3'), before: null, after: expect.objectContaining({ form: 'units', unitIds: ['u1', 'u2'] }) }]);
    expect(() => paintUnits(ctx, ['nope'], 's3')).toThrow(/no residence unit nope/);
    expect(() => paintUnits(ctx, ['u1'], 'j')).toThrow(/does not teach primary/);
    expect(() => paintUnits(ctx, ['u1'], null)).toThrow(EditOpError);
  });
});

describe('convertToUnits', () => {
  const { residences, base } = county();
  // An irregular outline whose corners and edges pass through some residences exactly.
  const onGrid: Residence[] = [];
  for (let i = 0; i <= 6; i++) for (let j = 0; j <= 6; j++) onGrid.push(residence(`g${i}_${j}`, [gx(i * 0.5), gy(j * 0.5)]));
  const outline = { type: 'Polygon' as const, coordinates: [[[gx(0.5), gy(0.5)], [gx(2.5), gy(0.5)], [gx(2.5), gy(1.5)], [gx(1.5), gy(1.5)], [gx(1.5), gy(2.5)], [gx(0.5), gy(2.5)], [gx(0.5), gy(0.5)]] as Position[]] };

  it('lists exactly the residences the engine counts inside the outline', () => {
    const all = [...residences, ...onGrid];
    const ctx: EditContext = { ...base, residences: all, catchments: [polygonCatchment('s1', outline), unitsCatchment('s2', ['u0'])] };
    const edit = convertToUnits(ctx, id('s1'));
    expect(edit.action).toBe('convert');
    expect(applied(ctx, edit)).toHaveLength(2);
    const after = edit.changes[0].after!;
    expect(after.form).toBe('units');
    const expected = all.filter((r) => {
      const [x, y] = representativePoint(r);
      return containsPoint(outline, x, y);
    }).map((r) => r.id);
    expect(after.unitIds).toEqual(expected);
    // Points on the boundary are decided by the engine's rule: some are in, some out.
    expect(after.unitIds).toContain('g1_1');
    expect(after.unitIds).not.toContain('g5_1');
    expect(after.geometry).not.toBeNull();
    expect(edit.changes).toHaveLength(1);
  });

  it('refuses an outline with no unit inside and a catchment that is already a list', () => {
    const ctx: EditContext = { ...base, catchments: [polygonCatchment('s1', rect(gx(5), gy(5), gx(6), gy(6))), unitsCatchment('s2', ['u0'])] };
    expect(() => convertToUnits(ctx, id('s1'))).toThrow(/No residence unit lies inside/);
    expect(() => convertToUnits(ctx, id('s2'))).toThrow(/already a list/);
  });
});
