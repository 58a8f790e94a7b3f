// The engine's home in the renderer: a module worker that keeps the project's evaluation data and
// cache, runs evaluateScenario on request and reports progress. The UI thread never runs it;
// cancelling terminates this worker (client.ts), so a long run never blocks anything.
import { EvaluationCache, evaluateScenario, type EvaluationData, type EvaluationOptions } from '../../shared/engine/evaluate';
import type { FromWorker, ToWorker } from './protocol';
import type { Evaluation } from '../../shared/engine/types';
import { decodeResidenceColumns, LARGE_PROJECT_RESIDENCES, residencesFromColumns } from '../../shared/io/residence-columns';
import { generateCatchments } from '../../shared/edits/ops';

let cache: EvaluationCache | null = null;
let large = false;

/**
 * What the UI thread gets of a large project's evaluation: the figures (the per-unit assignment
 * comes as typed arrays, transferred) with the lists of units in gaps, overlaps and problems cut to
 * their first entries (the county figures count them all).
 */
function forUi(e: Evaluation): Evaluation {
  const LIST = 500;
  return { ...e, problems: e.problems.slice(0, LIST), levels: e.levels.map((l) => ({ ...l, gaps: l.gaps.slice(0, LIST), overlaps: l.overlaps.slice(0, LIST), unseated: l.unseated.slice(0, LIST) })) };
}

const post = (m: FromWorker) => (self as unknown as Worker).postMessage(m);

self.onmessage = (e: MessageEvent<ToWorker>) => {
  const m = e.data;
  if (m.type === 'load') {
    const data = m.block ? { ...m.data, residences: residencesFromColumns(decodeResidenceColumns(new Uint8Array(m.block))) } : m.data;
    large = data.residences.length > LARGE_PROJECT_RESIDENCES;
    cache = new EvaluationCache(data as EvaluationData);
    return;
  }
  if (m.type === 'catchments') {
    if (cache) {
      const byId = new Map(cache.data.catchments.map((c) => [c.id, c]));
      for (const c of m.changed) byId.set(c.id, c);
      cache.sync({ ...cache.data, catchments: m.order.map((id) => byId.get(id)!).filter(Boolean) });
    }
    return;
  }
  if (m.type === 'generate') {
    if (!cache) {
      post({ type: 'error', id: m.id, message: 'no project data loaded in the evaluation worker' });
      return;
    }
    try {
      const d = cache.data;
      const edit = generateCatchments({ scenarioId: m.scenarioId, level: m.level, catchments: d.catchments, schools: d.schools, residences: d.residences, clip: m.clip }, m.method, { roads: d.roads, standards: d.standards });
      post({ type: 'generated', id: m.id, edit });
    } catch (err) {
      post({ type: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) });
    }
    return;
  }
  if (m.type === 'evaluate') {
    if (!cache) {
      post({ type: 'error', id: m.id, message: 'no project data loaded in the evaluation worker' });
      return;
    }
    const started = performance.now();
    const t0 = performance.timeOrigin + started;
    try {
      const options: EvaluationOptions = {
        ...m.options,
        // A large project's per-unit assignment stays a typed array of school indexes (moved, not copied).
        assignment: large ? 'index' : 'record',
        // Progress only for a run long enough to watch: a re-evaluation after an edit takes
        // milliseconds, and each message would cost the UI thread a re-render.
        onProgress: (stage, done, total) => {
          if (performance.now() - started > 150) post({ type: 'progress', id: m.id, stage, done, total });
        },
      };
      const evaluation = evaluateScenario(cache.data, options, cache);
      const out = large ? forUi(evaluation) : evaluation;
      const transfer = Object.values(out.assignmentIndex ?? {}).map((a) => (a as Int32Array).buffer);
      (self as unknown as Worker).postMessage({ type: 'result', id: m.id, evaluation: out, ms: performance.now() - started, at: [t0, performance.timeOrigin + performance.now()] } satisfies FromWorker, transfer);
    } catch (err) {
      post({ type: 'error', id: m.id, message: err instanceof Error ? err.message : String(err) });
    }
  }
};
