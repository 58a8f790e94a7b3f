// The units of a large project, for the map: the column block indexed once (flatbush), then each
// view answered by shared/geo/residence-view.ts (bins when zoomed out, the units in view when
// zoomed in), so MapLibre never holds a million features.
import Flatbush from 'flatbush';
import { decodeResidenceColumns, type ResidenceColumnData } from '../../shared/io/residence-columns';
import { DETAIL_ZOOM, residenceView } from '../../shared/geo/residence-view';
import type { BBox } from '../../shared/model';
import type { ResidenceLayerRequest, ResidenceLayerReply } from './residence-layer';

let d: ResidenceColumnData | null = null;
let index: Flatbush | null = null;
let ok: Int32Array = new Int32Array(0); // index item → row

const post = (m: ResidenceLayerReply) => (self as unknown as Worker).postMessage(m);

self.onmessage = (e: MessageEvent<ResidenceLayerRequest>) => {
  const m = e.data;
  if (m.type === 'load') {
    d = decodeResidenceColumns(new Uint8Array(m.block));
    index = null;
    post({ type: 'loaded', count: d.count });
    // The index is for zoomed-in views; a zoomed-out view is binned by a plain scan.
    setTimeout(buildIndex, 0);
    return;
  }
  if (m.type !== 'view' || !d) return;
  if (m.zoom >= DETAIL_ZOOM) buildIndex();
  post({ type: 'view', id: m.id, ...residenceView(d, m, search) });
};

/** Rows in the box, in row order (as the backend's scan gives them). */
function search(bbox: BBox): Int32Array {
  if (!index) return new Int32Array(0);
  const hits = index.search(bbox[0], bbox[1], bbox[2], bbox[3]);
  const rows = new Int32Array(hits.length);
  for (let i = 0; i < hits.length; i++) rows[i] = ok[hits[i]];
  return rows.sort();
}

function buildIndex(): void {
  if (index || !d) return;
  const rows: number[] = [];
  for (let k = 0; k < d.count; k++) if (Number.isFinite(d.x[k]) && Number.isFinite(d.y[k])) rows.push(k);
  ok = Int32Array.from(rows);
  if (!rows.length) return;
  const f = new Flatbush(rows.length);
  for (const k of rows) f.add(d.x[k], d.y[k], d.x[k], d.y[k]);
  f.finish();
  index = f;
}
