// The edit algebra: applying an edit and then its inverse gives back the list; stale and malformed
// edits are caught before anything changes.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Catchment } from '../model';
import { applyEdit, catchmentId, editProblems, invert, sameCatchment, StaleEditError, type Edit } from '.';

const unitsCatchment = (school: string, units: string[]): Catchment => ({ id: catchmentId('s', 'primary', school), scenarioId: 's', level: 'primary', schoolId: school, form: 'units', geometry: null, unitIds: units });

describe('edits', () => {
  it('apply then invert gives back the list, in order, for any repaint of units', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), (owners, from, to) => {
      const schools = ['A', 'B', 'C', 'D'];
      const list = schools.map((s, k) => unitsCatchment(s, owners.flatMap((o, u) => (o === k ? [`u${u}`] : []))));
      if (from === to) return;
      const moved = list[from].unitIds.slice(0, 2);
      const edit: Edit = { action: 'paint', scenarioId: 's', level: 'primary', changes: [
        { id: list[from].id, before: list[from], after: { ...list[from], unitIds: list[from].unitIds.slice(2) } },
        { id: list[to].id, before: list[to], after: { ...list[to], unitIds: [...list[to].unitIds, ...moved] } },
      ] };
      expect(editProblems(edit)).toEqual([]);
      const after = applyEdit(list, edit);
      expect(after.flatMap((c) => c.unitIds).sort()).toEqual(list.flatMap((c) => c.unitIds).sort()); // no unit lost or doubled
      expect(applyEdit(after, invert(edit))).toEqual(list);
    }));
  });

  it('adds and removes catchments', () => {
    const a = unitsCatchment('A', ['u1']);
    const b = unitsCatchment('B', ['u2']);
    const add: Edit = { action: 'draw', scenarioId: 's', level: 'primary', changes: [{ id: b.id, before: null, after: b }] };
    expect(applyEdit([a], add)).toEqual([a, b]);
    expect(applyEdit([a, b], invert(add))).toEqual([a]);
  });

  it('refuses an edit whose before state is not the current one', () => {
    const a = unitsCatchment('A', ['u1', 'u2']);
    const edit: Edit = { action: 'paint', scenarioId: 's', level: 'primary', changes: [{ id: a.id, before: { ...a, unitIds: ['u1'] }, after: a }] };
    expect(() => applyEdit([a], edit)).toThrow(StaleEditError);
    expect(sameCatchment(a, { ...a, unitIds: ['u2', 'u1'] })).toBe(false); // list order is part of a 划片 list
  });

  it('names what is malformed', () => {
    const a = unitsCatchment('A', ['u1', 'u1']);
    const p = editProblems({ action: 'paint', scenarioId: 's', level: 'junior', changes: [{ id: 'x', before: null, after: null }, { id: a.id, before: null, after: a }] });
    expect(p.join('\n')).toMatch(/changes\[0\]: catchment x has neither/);
    expect(p.join('\n')).toMatch(/changes\[1\].after: level primary is not the edit's junior/);
    expect(p.join('\n')).toMatch(/listed twice/);
    expect(editProblems({ action: 'draw', scenarioId: 's', level: 'primary', changes: [] })).toEqual(['the edit changes no catchment']);
  });
});
