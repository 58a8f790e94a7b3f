// The residence units of a large project, for the map: the column block indexed once (flatbush),
// then for each view either bins of a grid (zoomed out: a few thousand circles sized by pupils)
// or the units themselves inside the view (zoomed in), so MapLibre never holds a million features.
import Flatbush from 'flatbush';
import { decodeResidenceColumns, type ResidenceColumnData } from '../../shared/io/residence-columns';
import type { ResidenceLayerRequest, ResidenceLayerReply } from './residence-layer';

let d: ResidenceColumnData | null = null;
let index: Flatbush | null = null;
let ok: Int32Array = new Int32Array(0); // index item → row

/** Zoom from which single units are drawn, and the most drawn at once. */
const DETAIL_ZOOM = 13;
const MAX_POINTS = 60_000;
const BIN_PX = 28;

const post = (m: ResidenceLayerReply) => (self as unknown as Worker).postMessage(m);

function pupilsOf(k: number, grades: readonly number[] | null): number {
  let s = 0;
  if (!d) return 0;
  if (grades) for (const g of grades) s += d.pupils[12 * k + g - 1];
  else for (let g = 0; g < 12; g++) s += d.pupils[12 * k + g];
  return s;
}

self.onmessage = (e: MessageEvent<ResidenceLayerRequest>) => {
  const m = e.data;
  if (m.type === 'load') {
    d = decodeResidenceColumns(new Uint8Array(m.block));
    index = null;
    post({ type: 'loaded', count: d.count });
    // The index is for zoomed-in views; the first, zoomed-out picture is binned by a plain scan.
    setTimeout(buildIndex, 0);
    return;
  }
  if (m.type !== 'view' || !d) return;
  const [w, s, east, n] = m.bbox;
  const features: unknown[] = [];
  if (m.zoom < DETAIL_ZOOM) {
    post({ type: 'view', id: m.id, detail: false, features: { type: 'FeatureCollection', features: bins(m.bbox, m.zoom, m.grades) } });
    return;
  }
  if (!index) buildIndex();
  const hits = index ? index.search(w, s, east, n) : [];
  if (hits.length <= MAX_POINTS) {
    for (const i of hits) {
      const k = ok[i];
      features.push({ type: 'Feature', id: k, geometry: { type: 'Point', coordinates: [d.x[k], d.y[k]] }, properties: { id: d.ids[k], name: d.ids[k], pupils: pupilsOf(k, m.grades), settlement: ['urban', 'town', 'rural'][d.settlement[k]] ?? 'urban' } });
    }
  } else {
    features.push(...bins(m.bbox, m.zoom, m.grades));
  }
  post({ type: 'view', id: m.id, detail: hits.length <= MAX_POINTS, features: { type: 'FeatureCollection', features } });
};

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

/** Square bins of about BIN_PX screen pixels at this zoom over the box: one circle per bin with units. */
function bins(bbox: [number, number, number, number], zoom: number, grades: number[] | null): unknown[] {
  if (!d) return [];
  const [w, s, e, n] = bbox;
  const cell = (BIN_PX * 360) / (512 * 2 ** zoom); // Web Mercator degrees at the equator: fine for binning
  // A grid fixed to the world (not the view), so bins stay put while the map pans.
  const c0 = Math.floor(w / cell);
  const r0 = Math.floor(s / cell);
  const cols = Math.floor(e / cell) - c0 + 1;
  const rows = Math.floor(n / cell) - r0 + 1;
  if (cols * rows > 4_000_000) return [];
  const count = new Float64Array(cols * rows);
  const pupils = new Float64Array(cols * rows);
  const sx = new Float64Array(cols * rows);
  const sy = new Float64Array(cols * rows);
  const { x, y } = d;
  for (let k = 0; k < d.count; k++) {
    const px = x[k];
    const py = y[k];
    if (!(px >= w && px < e && py >= s && py < n)) continue; // NaN fails too
    const c = Math.floor(px / cell) - c0 + cols * (Math.floor(py / cell) - r0);
    count[c]++;
    pupils[c] += pupilsOf(k, grades);
    sx[c] += px;
    sy[c] += py;
  }
  const out: unknown[] = [];
  for (let c = 0; c < count.length; c++) {
    if (count[c] === 0) continue;
    out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [sx[c] / count[c], sy[c] / count[c]] }, properties: { count: count[c], pupils: pupils[c] } });
  }
  return out;
}
