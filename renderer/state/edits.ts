// Edits as the renderer makes them: shown at once (the map and the worker's indicators follow the
// store), sent to the backend one after another, and taken back if the backend refuses. What the
// backend acknowledged is the truth: `acknowledged` holds it, previews and unacknowledged edits
// are drawn on top. Undo and redo walk the file's edit log (edits.undo / edits.redo).
import { api } from '../api';
import { applyEdit, type Edit } from '../../shared/edits';
import type { Catchment } from '../../shared/model';
import { residencesPending, useStore } from './store';
import { mark } from '../timeline';
import { evaluationClient, runEvaluation } from './evaluation';
import type { ArealGeometry } from '../../shared/model';
import i18n from 'i18next';

/** The catchments as the backend last acknowledged them (null until the project is loaded). */
let acknowledged: Catchment[] | null = null;
/** Edits sent and not yet answered, in order. */
const pending: Edit[] = [];
/** Commits go out one at a time, in order (the backend checks each edit's before states). */
let queue: Promise<unknown> = Promise.resolve();

function scenarioId(): string {
  const data = useStore.getState().data;
  return (data?.summary.scenarios.find((s) => s.kind === 'baseline') ?? data?.summary.scenarios[0])?.id ?? 'baseline';
}

/** Called when a project (re)loads: its catchments are the acknowledged state. */
export function resetEdits(catchments: Catchment[]): void {
  acknowledged = catchments;
  pending.length = 0;
  void refreshHistory();
}

function shown(): Catchment[] {
  let list = acknowledged ?? useStore.getState().data?.catchments ?? [];
  for (const e of pending) list = applyEdit(list, e);
  return list;
}

/** The catchments the next edit starts from (acknowledged state plus edits in flight). */
export function currentCatchments(): Catchment[] {
  return shown();
}

/** Draws `edit` without sending it (a drag in progress); null drops the preview. */
export function previewEdit(edit: Edit | null): void {
  const base = shown();
  try {
    useStore.getState().setCatchments(edit ? applyEdit(base, edit) : base);
  } catch {
    useStore.getState().setCatchments(base);
  }
}

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** Shows the edit at once and sends it; on refusal the map returns to what the file holds. */
export function commitEdit(edit: Edit): Promise<boolean> {
  mark('commit');
  const st = useStore.getState();
  try {
    applyEdit(shown(), edit); // a stale edit is refused here, before anything is drawn
  } catch (e) {
    st.setEditNotice({ kind: 'error', text: message(e) });
    previewEdit(null);
    return Promise.resolve(false);
  }
  pending.push(edit);
  st.setEditNotice(null);
  st.setEditsInFlight(pending.length);
  previewEdit(null);
  const run = queue.then(async () => {
    try {
      const out = await api.call('edits.apply', { edit });
      pending.shift();
      acknowledged = applyEdit(acknowledged ?? [], edit);
      useStore.getState().setHistory(out.history);
      return true;
    } catch (e) {
      // Refused: drop it and everything queued after it (they were made on top of it).
      pending.length = 0;
      useStore.getState().setEditNotice({ kind: 'error', text: i18n.t('edit.refused', { message: message(e) }) });
      await reloadCatchments();
      return false;
    } finally {
      useStore.getState().setEditsInFlight(pending.length);
      previewEdit(null);
    }
  });
  queue = run.catch(() => false);
  return run;
}

async function reloadCatchments(): Promise<void> {
  const list = await api.call('catchments.list', { scenarioId: scenarioId() });
  acknowledged = list;
  useStore.getState().setCatchments(list);
  await refreshHistory();
}

function applyChanges(changes: { id: string; catchment: Catchment | null }[]): void {
  const byId = new Map(changes.map((c) => [c.id, c.catchment]));
  const next: Catchment[] = [];
  for (const c of acknowledged ?? []) {
    if (!byId.has(c.id)) next.push(c);
    else {
      const n = byId.get(c.id);
      if (n) next.push(n);
      byId.delete(c.id);
    }
  }
  for (const n of byId.values()) if (n) next.push(n);
  acknowledged = next;
  previewEdit(null);
}

async function step(method: 'edits.undo' | 'edits.redo'): Promise<void> {
  const run = queue.then(async () => {
    try {
      const out = await api.call(method, { scenarioId: scenarioId() });
      applyChanges(out.changes);
      useStore.getState().setHistory(out.history);
      useStore.getState().setEditNotice(null);
    } catch (e) {
      useStore.getState().setEditNotice({ kind: 'error', text: message(e) });
      await reloadCatchments();
    }
  });
  queue = run.catch(() => undefined);
  await run;
}

export const undo = () => step('edits.undo');
export const redo = () => step('edits.redo');

export async function refreshHistory(): Promise<void> {
  try {
    useStore.getState().setHistory(await api.call('edits.history', { scenarioId: scenarioId() }));
  } catch {
    useStore.getState().setHistory(null);
  }
}

/** Edits made elsewhere (another window on the same project) arrive as catchments.changed. */
export function watchEdits(): () => void {
  return api.on('catchments.changed', (p) => {
    if (p.scenarioId !== scenarioId()) return;
    // Our own edits are already shown; another window's are applied when nothing of ours is pending.
    if (pending.length > 0) return;
    const own = acknowledged && p.changes.every((c) => {
      const have = acknowledged!.find((x) => x.id === c.id) ?? null;
      return JSON.stringify(have) === JSON.stringify(c.catchment);
    });
    if (own) return;
    applyChanges(p.changes);
    void refreshHistory();
  });
}

/** Replaces the level's catchments with the engine's (nearest school, road network or capacity-limited). */
export async function generate(method: 'nearest' | 'network' | 'capacity'): Promise<boolean> {
  const st = useStore.getState();
  const data = st.data;
  if (!data) return false;
  if (residencesPending(data)) {
    // (capacity-limited generation needs every unit's pupils)
    st.setEditNotice({ kind: 'error', text: i18n.t('edit.residencesLoading') });
    return false;
  }
  const county = data.context.find((c) => c.kind === 'county');
  try {
    const edit = await evaluationClient().generate({ scenarioId: scenarioId(), level: st.editLevel, method, clip: (county?.geometry as ArealGeometry | undefined) ?? null });
    const ok = await commitEdit(edit);
    if (!ok) void runEvaluation();
    return ok;
  } catch (e) {
    useStore.getState().setEditNotice({ kind: 'error', text: message(e) });
    void runEvaluation();
    return false;
  }
}
