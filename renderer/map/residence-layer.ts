// The UI side of the residence layer worker (large projects): gives it the column block once, then
// asks for what the current view shows and hands the answer to the map, newest request wins.
import type { ResidenceView, ResidenceViewRequest } from '../../shared/geo/residence-view';

export type ResidenceLayerRequest =
  | { type: 'load'; block: ArrayBuffer }
  | ({ type: 'view'; id: number } & ResidenceViewRequest);
export type ResidenceLayerReply =
  | { type: 'loaded'; count: number }
  | ({ type: 'view'; id: number } & ResidenceView);

let prepared: { block: Uint8Array; worker: Worker } | null = null;

function startWorker(block: Uint8Array): Worker {
  const worker = new Worker(new URL('./residence-layer.worker.ts', import.meta.url), { type: 'module', name: 'residence-layer' });
  const copy = block.slice(); // the evaluation worker gets the block too
  worker.postMessage({ type: 'load', block: copy.buffer } satisfies ResidenceLayerRequest, [copy.buffer]);
  return worker;
}

/**
 * Starts the worker with a block as soon as it has arrived (while the map is still loading), so the
 * first view is binned the moment the map asks.
 */
export function prepareResidenceLayer(block: Uint8Array): void {
  if (prepared?.block === block) return;
  prepared?.worker.terminate();
  prepared = { block, worker: startWorker(block) };
}

export class ResidenceLayer {
  private worker: Worker;
  private seq = 0;
  private latest = 0;
  private latestRequest: ResidenceViewRequest | null = null;

  constructor(block: Uint8Array, private readonly show: (view: ResidenceView, req: ResidenceViewRequest) => void) {
    if (prepared?.block === block) {
      this.worker = prepared.worker;
      prepared = null;
    } else this.worker = startWorker(block);
    this.worker.onmessage = (e: MessageEvent<ResidenceLayerReply>) => {
      if (e.data.type === 'view' && e.data.id === this.latest && this.latestRequest) this.show(e.data, this.latestRequest);
    };
  }

  view(req: ResidenceViewRequest): void {
    this.latest = ++this.seq;
    this.latestRequest = req;
    this.worker.postMessage({ type: 'view', id: this.latest, ...req } satisfies ResidenceLayerRequest);
  }

  destroy(): void {
    this.worker.terminate();
  }
}
