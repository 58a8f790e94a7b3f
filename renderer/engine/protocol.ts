// Messages between the UI thread and the evaluation worker.
import type { EvaluationData, EvaluationOptions } from '../../shared/engine/evaluate';
import type { Evaluation } from '../../shared/engine/types';

export type WorkerOptions = Omit<EvaluationOptions, 'signal' | 'onProgress'>;

export type ToWorker = { type: 'load'; data: EvaluationData } | { type: 'evaluate'; id: number; options: WorkerOptions };

export type FromWorker =
  | { type: 'progress'; id: number; stage: string; done: number; total: number }
  | { type: 'result'; id: number; evaluation: Evaluation; ms: number }
  | { type: 'error'; id: number; message: string };
