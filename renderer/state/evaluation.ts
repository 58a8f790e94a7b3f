// Runs the scenario evaluation in the worker whenever the project data, the method or the travel
// profile change, and keeps its result, progress and status in the store.
import { EvaluationCancelled, EvaluationClient } from '../engine/client';
import { useStore, type ProjectData } from './store';

let client: EvaluationClient | null = null;
let loaded: ProjectData | null = null;

function baselineId(data: ProjectData): string | null {
  return (data.summary.scenarios.find((s) => s.kind === 'baseline') ?? data.summary.scenarios[0])?.id ?? null;
}

export async function runEvaluation(): Promise<void> {
  const st = useStore.getState();
  const data = st.data;
  if (!data) return;
  const scenarioId = baselineId(data);
  if (!scenarioId) return;
  client ??= new EvaluationClient();
  if (loaded !== data) {
    client.load({ schools: data.schools, residences: data.residences, catchments: data.catchments, roads: data.roads, standards: data.standards });
    loaded = data;
  }
  st.setEvaluation({ evaluationStatus: 'running', evaluationError: null, progress: null });
  try {
    const { evaluation, ms } = await client.evaluate({ scenarioId, method: st.method, profile: st.profile }, (stage, done, total) => useStore.getState().setEvaluation({ progress: { stage, done, total } }));
    useStore.getState().setEvaluation({ evaluation, evaluationStatus: 'done', evaluationMs: ms, progress: null });
  } catch (e) {
    if (e instanceof EvaluationCancelled) {
      // A newer run replaced this one, or the planner pressed cancel.
      if (!client.running) useStore.getState().setEvaluation({ evaluationStatus: 'cancelled', progress: null });
      return;
    }
    useStore.getState().setEvaluation({ evaluationStatus: 'error', evaluationError: e instanceof Error ? e.message : String(e), progress: null });
  }
}

export function cancelEvaluation(): void {
  client?.cancel();
}

/** Re-evaluates on every change of what the evaluation depends on. */
export function watchEvaluation(): () => void {
  return useStore.subscribe((s, prev) => {
    if (s.data !== prev.data || s.method !== prev.method || s.profile !== prev.profile) void runEvaluation();
  });
}
