// Edits of catchments over the project file: each edit, undo and redo is one transaction that
// checks the catchments' before states against the file, writes the after states and the edit
// log, and only then answers. The log is the undo stack, so undo and redo survive a restart.
import { ApiError, type Handlers, type PushEvent, type Result } from '../../shared/api';
import { editProblems, invert, sameCatchment, type Edit } from '../../shared/edits';
import type { ProjectStore } from '../store';

type EditHandlers = Pick<Handlers, 'edits.apply' | 'edits.undo' | 'edits.redo' | 'edits.history'>;

const HISTORY_ENTRIES = 100;

export function createEditHandlers(deps: { store(): ProjectStore; emit(e: PushEvent): void }): EditHandlers {
  const history = (s: ProjectStore, scenarioId: string): Result<'edits.history'> => {
    const counts = s.editLog.counts(scenarioId);
    // Only the newest entries are read: each holds whole catchments, and the log grows all day.
    const entries = s.editLog.recent(scenarioId, HISTORY_ENTRIES).map((e) => ({ seq: e.seq, at: e.at, action: e.kind as Edit['action'], level: e.level as Edit['level'], catchments: e.catchmentIds, undone: e.undone }));
    return { scenarioId, canUndo: counts.done > 0, canRedo: counts.undone > 0, entries, ...counts };
  };

  const scenarioMustExist = (s: ProjectStore, scenarioId: string) => {
    if (!s.scenarios.list().some((x) => x.id === scenarioId)) throw new ApiError({ code: 'not_found', message: `No scenario "${scenarioId}"`, field: 'params.scenarioId' });
  };

  /** Checks every before state against the file and writes the after states (inside a transaction). */
  const write = (s: ProjectStore, e: Edit, what: string): void => {
    for (const c of e.changes) {
      if (!sameCatchment(s.catchments.get(c.id), c.before)) {
        throw new ApiError({ code: 'conflict', message: `Cannot ${what}: catchment ${c.id} is no longer as this edit left it (changed in another window or by an import)`, where: c.id });
      }
    }
    for (const c of e.changes) {
      if (c.after) s.catchments.put(c.after);
      else s.catchments.remove(c.id);
    }
  };

  const outcome = (s: ProjectStore, e: Edit, seq: number | null): Result<'edits.apply'> => {
    const changes = e.changes.map((c) => ({ id: c.id, catchment: c.after }));
    deps.emit({ event: 'catchments.changed', payload: { scenarioId: e.scenarioId, seq, changes } });
    return { seq, changes, history: history(s, e.scenarioId) };
  };

  return {
    'edits.apply': ({ edit }) => {
      const s = deps.store();
      const problems = editProblems(edit);
      if (problems.length) throw new ApiError({ code: 'invalid_params', message: `params.edit: ${problems.join('; ')}`, field: 'params.edit' });
      scenarioMustExist(s, edit.scenarioId);
      const schools = new Set(s.schools.list().map((x) => x.id));
      edit.changes.forEach((c, k) => {
        if (c.after && !schools.has(c.after.schoolId)) throw new ApiError({ code: 'invalid_params', message: `params.edit.changes.${k}.after: no school "${c.after.schoolId}"`, field: `params.edit.changes.${k}.after.schoolId` });
      });
      const seq = s.transaction(() => {
        write(s, edit, 'apply this edit');
        s.editLog.dropUndone(edit.scenarioId);
        return s.editLog.append({ scenarioId: edit.scenarioId, kind: edit.action, payload: edit });
      });
      return outcome(s, edit, seq);
    },
    'edits.undo': ({ scenarioId }) => {
      const s = deps.store();
      scenarioMustExist(s, scenarioId);
      const done = s.transaction(() => {
        const entry = s.editLog.lastDone(scenarioId);
        if (!entry) return null;
        const back = invert(entry.payload as Edit);
        write(s, back, 'undo');
        s.editLog.setUndone(entry.seq, true);
        return { seq: entry.seq, edit: back };
      });
      return done ? outcome(s, done.edit, done.seq) : { seq: null, changes: [], history: history(s, scenarioId) };
    },
    'edits.redo': ({ scenarioId }) => {
      const s = deps.store();
      scenarioMustExist(s, scenarioId);
      const done = s.transaction(() => {
        const entry = s.editLog.firstUndone(scenarioId);
        if (!entry) return null;
        const again = entry.payload as Edit;
        write(s, again, 'redo');
        s.editLog.setUndone(entry.seq, false);
        return { seq: entry.seq, edit: again };
      });
      return done ? outcome(s, done.edit, done.seq) : { seq: null, changes: [], history: history(s, scenarioId) };
    },
    'edits.history': ({ scenarioId }) => {
      const s = deps.store();
      scenarioMustExist(s, scenarioId);
      return history(s, scenarioId);
    },
  };
}
