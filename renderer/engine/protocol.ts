// Messages between the UI thread and the evaluation worker.
import type { EvaluationData, EvaluationOptions } from '../../shared/engine/evaluate';
import type { Evaluation } from '../../shared/engine/types';
import type { Edit } from '../../shared/edits';
import type { ArealGeometry, Level } from '../../shared/model';

export type WorkerOptions = Omit<EvaluationOptions, 'signal' | 'onProgress'>;

export type ToWorker =
  /** With `block`, the residences are in the column block (a large project) and `data.residences` is empty. */
  | { type: 'load'; data: EvaluationData; block?: ArrayBuffer }
  /**
   * The same places with new catchments (after an edit), as the change to the list the worker has:
   * the catchments that are new objects, and the order of ids. Unchanged catchments keep their
   * identity in the worker (a copy of all would look new to the engine's memos), so only what moved
   * is re-assigned and re-measured.
   */
  | { type: 'catchments'; changed: EvaluationData['catchments']; order: string[] }
  | { type: 'evaluate'; id: number; options: WorkerOptions }
  /** Catchments made by the engine for a level, as an edit of the scenario (the engine runs here, not on the UI thread). */
  | { type: 'generate'; id: number; scenarioId: string; level: Level; method: 'nearest' | 'network' | 'capacity'; clip: ArealGeometry | null };

export type FromWorker =
  | { type: 'progress'; id: number; stage: string; done: number; total: number }
  /** `at`: when the run began and ended (timeOrigin-based ms), to see where an evaluation's time goes. */
  | { type: 'result'; id: number; evaluation: Evaluation; ms: number; at?: [number, number] }
  | { type: 'generated'; id: number; edit: Edit }
  | { type: 'error'; id: number; message: string };
