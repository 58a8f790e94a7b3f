// The UI side of the residence layer worker (large projects): gives it the column block once, then
// asks for what the current view shows and hands the answer to the map, newest request wins.
export type ResidenceLayerRequest =
  | { type: 'load'; block: ArrayBuffer }
  | { type: 'view'; id: number; bbox: [number, number, number, number]; zoom: number; grades: number[] | null };
export type ResidenceLayerReply =
  | { type: 'loaded'; count: number }
  | { type: 'view'; id: number; detail: boolean; features: { type: 'FeatureCollection'; features: unknown[] } };

export class ResidenceLayer {
  private worker = new Worker(new URL('./residence-layer.worker.ts', import.meta.url), { type: 'module', name: 'residence-layer' });
  private seq = 0;
  private latest = 0;

  constructor(block: Uint8Array, private readonly show: (fc: ResidenceLayerReply & { type: 'view' }) => void) {
    this.worker.onmessage = (e: MessageEvent<ResidenceLayerReply>) => {
      if (e.data.type === 'view' && e.data.id === this.latest) this.show(e.data);
    };
    const copy = block.slice(); // the evaluation worker gets the block too
    this.worker.postMessage({ type: 'load', block: copy.buffer } satisfies ResidenceLayerRequest, [copy.buffer]);
  }

  view(bbox: [number, number, number, number], zoom: number, grades: number[] | null): void {
    this.latest = ++this.seq;
    this.worker.postMessage({ type: 'view', id: this.latest, bbox, zoom, grades } satisfies ResidenceLayerRequest);
  }

  destroy(): void {
    this.worker.terminate();
  }
}
