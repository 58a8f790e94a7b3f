// Edits of a scenario's catchments: one value per planner action (draw, reshape, move a shared
// boundary, split, merge, paint units, generate, delete, convert to units). Every edit carries
// the catchments it touches as they were before and as they are after, so applying, inverting and
// checking an edit are the same few lines for every tool, and the edit log is the undo stack:
// undo applies invert(edit), redo applies the edit again (docs/editing.md).
import type { Catchment, Level } from '../model';

export const EDIT_ACTIONS = ['draw', 'reshape', 'boundary', 'split', 'merge', 'paint', 'generate', 'delete', 'convert'] as const;
export type EditAction = (typeof EDIT_ACTIONS)[number];

/** One catchment before and after (null: did not exist / no longer exists). */
export interface CatchmentChange {
  id: string;
  before: Catchment | null;
  after: Catchment | null;
}

export interface Edit {
  action: EditAction;
  scenarioId: string;
  level: Level;
  changes: CatchmentChange[];
}

/** The edit that undoes `e`. */
export function invert(e: Edit): Edit {
  return { ...e, changes: e.changes.map((c) => ({ id: c.id, before: c.after, after: c.before })) };
}

/** The id a catchment of a school gets (one catchment per scenario, level and school). */
export function catchmentId(scenarioId: string, level: Level, schoolId: string): string {
  return `${scenarioId}:${level}:${schoolId}`;
}

/** Problems that make an edit malformed in itself (not against any state); empty when fine. */
export function editProblems(e: Edit): string[] {
  const out: string[] = [];
  if (e.changes.length === 0) out.push('the edit changes no catchment');
  const seen = new Set<string>();
  e.changes.forEach((c, k) => {
    const at = `changes[${k}]`;
    if (seen.has(c.id)) out.push(`${at}: catchment ${c.id} is changed twice in one edit`);
    seen.add(c.id);
    if (!c.before && !c.after) out.push(`${at}: catchment ${c.id} has neither a before nor an after state`);
    for (const [which, v] of [['before', c.before], ['after', c.after]] as const) {
      if (!v) continue;
      if (v.id !== c.id) out.push(`${at}.${which}: its id ${v.id} is not ${c.id}`);
      if (v.scenarioId !== e.scenarioId) out.push(`${at}.${which}: scenario ${v.scenarioId} is not the edit's ${e.scenarioId}`);
      if (v.level !== e.level) out.push(`${at}.${which}: level ${v.level} is not the edit's ${e.level}`);
      if (v.form === 'polygon' && !v.geometry) out.push(`${at}.${which}: a polygon catchment needs a geometry`);
      if (v.form === 'units' && new Set(v.unitIds).size !== v.unitIds.length) out.push(`${at}.${which}: a residence unit is listed twice`);
    }
  });
  return out;
}

/** True when two catchment states are the same (the stored state against an edit's `before`). */
export function sameCatchment(a: Catchment | null, b: Catchment | null): boolean {
  if (a === null || b === null) return a === b;
  return a.id === b.id && a.scenarioId === b.scenarioId && a.level === b.level && a.schoolId === b.schoolId && a.form === b.form
    && (a.form === 'units' ? sameList(a.unitIds, b.unitIds) : JSON.stringify(a.geometry) === JSON.stringify(b.geometry));
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, k) => x === b[k]);
}

/**
 * The catchment list after `e`: changed catchments replaced in place, removed ones dropped, new
 * ones appended. Throws when a `before` does not match what the list holds (a stale edit).
 */
export function applyEdit(list: readonly Catchment[], e: Edit): Catchment[] {
  const byId = new Map(list.map((c, k) => [c.id, k]));
  for (const c of e.changes) {
    const k = byId.get(c.id);
    const current = k === undefined ? null : list[k];
    if (!sameCatchment(current, c.before)) throw new StaleEditError(c.id);
  }
  const changed = new Map(e.changes.map((c) => [c.id, c.after]));
  const out: Catchment[] = [];
  for (const c of list) {
    if (!changed.has(c.id)) out.push(c);
    else {
      const next = changed.get(c.id);
      if (next) out.push(next);
      changed.delete(c.id);
    }
  }
  for (const next of changed.values()) if (next) out.push(next);
  return out;
}

export class StaleEditError extends Error {
  constructor(readonly catchmentId: string) {
    super(`catchment ${catchmentId} has changed since this edit was made (another window, or an import); reload and try again`);
    this.name = 'StaleEditError';
  }
}
