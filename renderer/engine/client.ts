// The UI side of the evaluation worker: one run at a time; a new request or cancel() terminates a
// run still going (a fresh worker is started and given the data again), so results never arrive
// out of order and a cancelled run costs nothing more.
import type { EvaluationData } from '../../shared/engine/evaluate';
import type { Evaluation } from '../../shared/engine/types';
import type { FromWorker, ToWorker, WorkerOptions } from './protocol';
import type { Edit } from '../../shared/edits';
import { mark } from '../timeline';

export class EvaluationCancelled extends Error {
  constructor() {
    super('evaluation cancelled');
    this.name = 'AbortError';
  }
}

interface Pending {
  id: number;
  resolve(r: { evaluation: Evaluation; ms: number } | { edit: Edit }): void;
  reject(e: Error): void;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export class EvaluationClient {
  private worker: Worker | null = null;
  private data: EvaluationData | null = null;
  private block: Uint8Array | null = null;
  private pending: Pending | null = null;
  private seq = 0;

  /** Starts the worker (its script loaded and compiled) ahead of the first load. */
  warm(): void {
    if (!this.worker) this.spawn();
  }

  private spawn(): Worker {
    const w = new Worker(new URL('./evaluation.worker.ts', import.meta.url), { type: 'module', name: 'evaluation' });
    w.onmessage = (e: MessageEvent<FromWorker>) => {
      mark('message');
      this.receive(e.data);
    };
    w.onerror = (e) => {
      const p = this.pending;
      this.pending = null;
      p?.reject(new Error(e.message || 'evaluation worker failed'));
    };
    if (this.data) this.post(w, this.data);
    this.worker = w;
    return w;
  }

  private receive(m: FromWorker): void {
    if (m.type === 'result') {
      if (m.at) {
        const now = performance.timeOrigin + performance.now();
        mark(`worker began ${Math.round(now - m.at[0])} ms ago, ended ${Math.round(now - m.at[1])} ms ago`);
      }
      mark('result received');
    }
    const p = this.pending;
    if (!p || m.id !== p.id) return;
    if (m.type === 'progress') p.onProgress?.(m.stage, m.done, m.total);
    else {
      this.pending = null;
      if (m.type === 'result') p.resolve({ evaluation: m.evaluation, ms: m.ms });
      else if (m.type === 'generated') p.resolve({ edit: m.edit });
      else p.reject(new Error(m.message));
    }
  }

  /** The project's places and catchments; a large project's residences as their column block. */
  load(data: EvaluationData, block: Uint8Array | null = null): void {
    this.cancel();
    this.data = data;
    this.block = block;
    this.post(this.worker ?? this.spawn(), data);
  }

  private post(w: Worker, data: EvaluationData): void {
    if (!this.block) {
      w.postMessage({ type: 'load', data });
      return;
    }
    const copy = this.block.slice(); // transferred: a worker restarted by cancel() gets a fresh copy
    w.postMessage({ type: 'load', data, block: copy.buffer }, [copy.buffer]);
  }

  /** New catchments for the loaded places (an edit): cheaper than load(), the worker keeps its indexes. */
  setCatchments(catchments: EvaluationData['catchments']): void {
    if (!this.data) return;
    const running = this.pending !== null;
    this.cancel();
    const before = new Set(this.data.catchments);
    this.data = { ...this.data, catchments };
    if (running) return; // cancel() started a fresh worker and gave it this.data whole
    const changed = catchments.filter((c) => !before.has(c));
    (this.worker ?? this.spawn()).postMessage({ type: 'catchments', changed, order: catchments.map((c) => c.id) });
  }

  get running(): boolean {
    return this.pending !== null;
  }

  evaluate(options: WorkerOptions, onProgress?: Pending['onProgress']): Promise<{ evaluation: Evaluation; ms: number }> {
    return this.request((id) => ({ type: 'evaluate', id, options }), onProgress) as Promise<{ evaluation: Evaluation; ms: number }>;
  }

  /** Catchments made by the engine (nearest, road network, capacity) as an edit. */
  async generate(m: Omit<Extract<ToWorker, { type: 'generate' }>, 'id' | 'type'>): Promise<Edit> {
    const r = await this.request((id) => ({ type: 'generate', id, ...m }));
    return (r as { edit: Edit }).edit;
  }

  private request(make: (id: number) => ToWorker, onProgress?: Pending['onProgress']): Promise<unknown> {
    this.cancel();
    const w = this.worker ?? this.spawn();
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending = { id, resolve, reject, onProgress };
      w.postMessage(make(id));
      mark('request posted');
    });
  }

  /** Stops a run in progress (its promise rejects with EvaluationCancelled). */
  cancel(): void {
    const p = this.pending;
    if (!p) return;
    this.pending = null;
    this.worker?.terminate();
    this.worker = null;
    this.spawn();
    p.reject(new EvaluationCancelled());
  }
}
