// What every edit operation starts from and ends with: the context of one scenario and level,
// the error a planner reads when an action cannot be done, and the step that turns before/after
// states into a checked Edit.
import type { ArealGeometry, Catchment, Level, Residence, School } from '../model';
import { SCHOOL_TYPE_LEVELS } from '../model';
import { editProblems, sameCatchment, type CatchmentChange, type Edit, type EditAction } from '.';

export interface EditContext {
  scenarioId: string;
  level: Level;
  /** All catchments of the project or scenario; only those of scenarioId and level are used. */
  catchments: readonly Catchment[];
  schools: readonly School[];
  residences: readonly Residence[];
  /** The county boundary. */
  clip: ArealGeometry | null;
}

/** An action that cannot be done; the message says why in the planner's words. */
export class EditOpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EditOpError';
  }
}

const LEVEL_NAMES: Record<Level, string> = { primary: 'primary', junior: 'junior secondary', senior: 'senior secondary' };

export function levelName(level: Level): string {
  return LEVEL_NAMES[level];
}

/** The catchments of the context's scenario and level, in stored order. */
export function levelCatchments(ctx: EditContext): Catchment[] {
  return ctx.catchments.filter((c) => c.scenarioId === ctx.scenarioId && c.level === ctx.level);
}

function schoolName(ctx: EditContext, schoolId: string): string {
  return ctx.schools.find((s) => s.id === schoolId)?.name ?? schoolId;
}

/** "the catchment of <school>" for messages. */
export function catchmentLabel(ctx: EditContext, c: Catchment): string {
  return `the catchment of ${schoolName(ctx, c.schoolId)}`;
}

export function findCatchment(ctx: EditContext, id: string): Catchment {
  const c = levelCatchments(ctx).find((x) => x.id === id);
  if (!c) throw new EditOpError(`There is no ${levelName(ctx.level)} catchment ${id} in this scenario (it may have been removed meanwhile); reload and try again`);
  return c;
}

export function findPolygonCatchment(ctx: EditContext, id: string): Catchment & { geometry: ArealGeometry } {
  const c = findCatchment(ctx, id);
  if (c.form !== 'polygon') throw new EditOpError(`${cap(catchmentLabel(ctx, c))} is a list of residence units; its outline follows the units, so paint units to change it (or draw a new outline to replace the list)`);
  if (!c.geometry) throw new EditOpError(`${cap(catchmentLabel(ctx, c))} has no outline to edit; draw one`);
  return c as Catchment & { geometry: ArealGeometry };
}

/** The school, which must teach the context's level. */
export function teachingSchool(ctx: EditContext, schoolId: string): School {
  const s = ctx.schools.find((x) => x.id === schoolId);
  if (!s) throw new EditOpError(`There is no school ${schoolId} in this project`);
  if (!SCHOOL_TYPE_LEVELS[s.type].includes(ctx.level)) throw new EditOpError(`${s.name} does not teach ${levelName(ctx.level)} pupils, so it cannot have a ${levelName(ctx.level)} catchment`);
  return s;
}

/** The school's catchment of the level, if it has one (the first, should there be several). */
export function catchmentOfSchool(ctx: EditContext, schoolId: string): Catchment | null {
  return levelCatchments(ctx).find((c) => c.schoolId === schoolId) ?? null;
}

export function cap(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The edit of the given changes, unchanged ones left out. Throws 'nothing to change' when none is
 * left, and an internal error when the edit would be malformed (a bug here, not the planner's).
 */
export function finishEdit(ctx: EditContext, action: EditAction | ((changed: number) => EditAction), changes: readonly CatchmentChange[]): Edit {
  const real = changes.filter((c) => !sameCatchment(c.before, c.after));
  if (real.length === 0) throw new EditOpError('nothing to change');
  const edit: Edit = { action: typeof action === 'function' ? action(real.length) : action, scenarioId: ctx.scenarioId, level: ctx.level, changes: real };
  const problems = editProblems(edit);
  if (problems.length) throw new Error(`internal: a malformed ${edit.action} edit (${problems.join('; ')})`);
  return edit;
}

/** 'boundary' when a vertex edit moved more than one catchment, else 'reshape'. */
export const vertexAction = (changed: number): EditAction => (changed > 1 ? 'boundary' : 'reshape');
