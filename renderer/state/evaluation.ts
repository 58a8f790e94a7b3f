// Runs the scenario evaluation in the worker whenever the project data, the method or the travel
// profile change, and keeps its result, progress and status in the store. After an edit only the
// catchments change: the worker keeps its indexes, and while a run is going the next one waits for
// it (and takes the newest catchments) instead of cancelling it, so a drag never restarts the work.
import { EvaluationCancelled, EvaluationClient } from '../engine/client';
import { residencesPending, useStore, type ProjectData } from './store';
import { mark } from '../timeline';
import { afterFirstPicture } from './first-picture';

let client: EvaluationClient | null = null;
let loaded: ProjectData | null = null;
let running = false;
let again = false;

function baselineId(data: ProjectData): string | null {
  return (data.summary.scenarios.find((s) => s.kind === 'baseline') ?? data.summary.scenarios[0])?.id ?? null;
}

const samePlaces = (a: ProjectData | null, b: ProjectData) => a !== null && a.schools === b.schools && a.residences === b.residences && a.residenceBlock === b.residenceBlock && a.roads === b.roads && a.standards === b.standards;

/**
 * A large project's first evaluation waits until the map's first whole picture (or 5 s): on two
 * cores, building a million records in the worker would otherwise hold up the first picture.
 */
let shown: Promise<void> | null = null;
function residencesShown(): Promise<void> {
  // …and until the main thread is next idle: the block is copied for the worker on this thread.
  shown ??= afterFirstPicture().then(() => new Promise<void>((ok) => requestIdleCallback(() => ok(), { timeout: 1000 })));
  return shown;
}

export async function runEvaluation(opts: { queue?: boolean } = {}): Promise<void> {
  // A large project's block is still on its way: its arrival changes the data and runs this again.
  // Meanwhile the worker is started once the first picture is drawn, ready for the block.
  if (residencesPending(useStore.getState().data)) {
    void afterFirstPicture().then(() => {
      client ??= new EvaluationClient();
      client.warm();
    });
    return;
  }
  if (useStore.getState().data?.residenceBlock && !loaded) await residencesShown();
  if (opts.queue && running) {
    again = true;
    return;
  }
  const st = useStore.getState();
  const data = st.data;
  if (!data) return;
  const scenarioId = baselineId(data);
  if (!scenarioId) return;
  client ??= new EvaluationClient();
  if (loaded !== data) {
    if (samePlaces(loaded, data)) client.setCatchments(data.catchments); // an edit: only catchments changed
    else client.load({ schools: data.schools, residences: data.residences, catchments: data.catchments, roads: data.roads, standards: data.standards }, data.residenceBlock);
    loaded = data;
  }
  st.setEvaluation({ evaluationStatus: 'running', evaluationError: null, progress: null });
  running = true;
  again = false;
  try {
    mark('evaluate');
    const { evaluation, ms } = await client.evaluate({ scenarioId, method: st.method, profile: st.profile }, (stage, done, total) => useStore.getState().setEvaluation({ progress: { stage, done, total } }));
    running = false;
    mark(`evaluated ${Math.round(ms)}`);
    useStore.getState().setEvaluation({ evaluation, evaluationStatus: 'done', evaluationMs: ms, progress: null });
    window.dispatchEvent(new CustomEvent('schoolnet:evaluated', { detail: { ms } }));
  } catch (e) {
    running = false;
    if (e instanceof EvaluationCancelled) {
      // A newer run replaced this one, or the planner pressed cancel.
      if (!client.running) useStore.getState().setEvaluation({ evaluationStatus: 'cancelled', progress: null });
      return;
    }
    useStore.getState().setEvaluation({ evaluationStatus: 'error', evaluationError: e instanceof Error ? e.message : String(e), progress: null });
  }
  if (again) void runEvaluation();
}

/** The shared worker client (generation runs beside the evaluation, on the same loaded data). */
export function evaluationClient(): EvaluationClient {
  const data = useStore.getState().data;
  client ??= new EvaluationClient();
  if (data && loaded !== data) {
    if (samePlaces(loaded, data)) client.setCatchments(data.catchments);
    else client.load({ schools: data.schools, residences: data.residences, catchments: data.catchments, roads: data.roads, standards: data.standards }, data.residenceBlock);
    loaded = data;
  }
  return client;
}

export function cancelEvaluation(): void {
  again = false;
  client?.cancel();
}

/** Re-evaluates on every change of what the evaluation depends on. */
export function watchEvaluation(): () => void {
  if (useStore.getState().data) void runEvaluation(); // the project arrived before this watch began
  return useStore.subscribe((s, prev) => {
    if (s.method !== prev.method || s.profile !== prev.profile) void runEvaluation();
    else if (s.data !== prev.data) void runEvaluation({ queue: prev.data !== null && s.data !== null && samePlaces(prev.data, s.data) });
  });
}
