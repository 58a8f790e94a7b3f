// Loads what an evaluation needs from a project store and runs the one evaluation function of
// shared/engine. The backend (for the API), the CLI and tests call this; the renderer's worker
// runs the same evaluateScenario on data it fetched through the contract.
import type { Level } from '../../shared/model';
import { EvaluationCache, evaluateScenario, type EvaluationData, type EvaluationOptions } from '../../shared/engine/evaluate';
import type { Evaluation } from '../../shared/engine/types';
import type { ProjectStore } from '../store';

export function loadEvaluationData(store: ProjectStore): EvaluationData {
  return {
    schools: store.schools.list(),
    residences: store.residences.list(),
    catchments: store.catchments.list(),
    roads: store.roads.list(),
    standards: store.standards.get(),
  };
}

/** Finds a scenario by id or name (the baseline when none is given). */
export function resolveScenario(store: ProjectStore, nameOrId: string | undefined): { id: string; name: string } {
  const all = store.scenarios.list();
  if (!nameOrId) {
    const b = store.scenarios.baseline() ?? all[0];
    if (!b) throw new Error('the project has no scenario');
    return { id: b.id, name: b.name };
  }
  const s = all.find((x) => x.id === nameOrId || x.name === nameOrId);
  if (!s) throw new Error(`no scenario "${nameOrId}" (scenarios: ${all.map((x) => x.name).join(', ')})`);
  return { id: s.id, name: s.name };
}

export function evaluateProject(store: ProjectStore, opts: Omit<EvaluationOptions, 'scenarioId'> & { scenario?: string; levels?: Level[] }, cache?: EvaluationCache): Evaluation {
  const scenario = resolveScenario(store, opts.scenario);
  const data = cache?.data ?? loadEvaluationData(store);
  return evaluateScenario(data, { ...opts, scenarioId: scenario.id }, cache ?? new EvaluationCache(data));
}
