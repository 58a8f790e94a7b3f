// Loading for the print layout: the project as the app loads it, but the catchments of the chosen
// scenario, and one evaluation of that scenario in the same worker the app uses. The sheet does
// not follow later changes (it is a print of one moment), so nothing here watches the project.
import { api } from '../api';
import { EvaluationClient } from '../engine/client';
import { LAYERS, useStore } from '../state/store';
import type { PrintParams } from './params';
import { LARGE_PROJECT_RESIDENCES } from '../../shared/io/residence-columns';

export async function loadForPrint(p: PrintParams): Promise<void> {
  const st = useStore.getState();
  if (p.layers) for (const name of LAYERS) st.toggleLayer(name, p.layers.includes(name));
  st.setColourBy(p.colourBy);
  if (p.method) st.setMethod(p.method);
  if (p.profile) st.setProfile(p.profile);
  try {
    const summary = await api.call('project.summary');
    const large = summary.counts.residences > LARGE_PROJECT_RESIDENCES;
    const [schools, residences, residenceBlock, catchments, context, roads, standards] = await Promise.all([
      api.call('schools.list', {}), large ? Promise.resolve([]) : api.call('residences.list', {}), large ? api.call('residences.columns') : Promise.resolve(null),
      api.call('catchments.list', p.scenario ? { scenarioId: p.scenario } : {}),
      api.call('context.list'), api.call('roads.list', {}), api.call('standards.get'),
    ]);
    st.setData({ summary, schools, residences, residenceBlock, catchments, context, roads, standards });
    const scenarioId = p.scenario ?? (summary.scenarios.find((s) => s.kind === 'baseline') ?? summary.scenarios[0])?.id;
    if (!scenarioId) throw new Error('the project has no scenario');
    if (!summary.scenarios.some((s) => s.id === scenarioId)) throw new Error(`no scenario "${scenarioId}"`);
    const client = new EvaluationClient();
    client.load({ schools, residences, catchments, roads, standards }, residenceBlock);
    const s = useStore.getState();
    s.setEvaluation({ evaluationStatus: 'running', evaluationError: null, progress: null });
    try {
      const { evaluation, ms } = await client.evaluate({ scenarioId, method: s.method, profile: s.profile });
      useStore.getState().setEvaluation({ evaluation, evaluationStatus: 'done', evaluationMs: ms, progress: null });
    } catch (e) {
      useStore.getState().setEvaluation({ evaluationStatus: 'error', evaluationError: e instanceof Error ? e.message : String(e), progress: null });
    }
  } catch (e) {
    useStore.getState().setError(e instanceof Error ? e.message : String(e));
  }
}
