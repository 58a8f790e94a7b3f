// What the map shows of a large project's residence units for one view: bins of a grid fixed to
// the world when zoomed out (a circle per bin, sized by its pupils), the units themselves inside
// the view when zoomed in, so the map never holds a million features. The same function serves
// the residence layer's worker (renderer/map/residence-layer.worker.ts, from the column block it
// holds) and the backend (`residences.view`, for the first picture, before the block has arrived):
// both give the same features for the same view.
import type { BBox } from '../model';
import type { ResidenceColumnData } from '../io/residence-columns';

export interface ResidenceViewRequest {
  /** West, south, east, north of the view (padded as the caller likes). */
  bbox: BBox;
  zoom: number;
  /** Grades 1–12 whose pupils count; null: all. */
  grades: number[] | null;
}

export interface ResidenceViewFeature {
  type: 'Feature';
  /** A unit's row in the block (absent on a bin). */
  id?: number;
  geometry: { type: 'Point'; coordinates: [number, number] };
  properties: { count: number; pupils: number } | { id: string; name: string; pupils: number; settlement: string };
}

export interface ResidenceView {
  /** true: the units themselves; false: bins. */
  detail: boolean;
  features: { type: 'FeatureCollection'; features: ResidenceViewFeature[] };
}

/** Zoom from which single units are drawn, and the most drawn at once (more: bins again). */
export const DETAIL_ZOOM = 13;
export const MAX_VIEW_UNITS = 60_000;
/** A bin's side in screen pixels. */
export const BIN_PX = 28;
/** Views needing more grid cells than this get no bins (a box far larger than the world's). */
const MAX_CELLS = 4_000_000;
const SETTLEMENTS = ['urban', 'town', 'rural'];

/** The rows of the units in a box: a spatial index's answer, or a scan when there is none. */
export type RowSearch = (bbox: BBox) => ArrayLike<number>;

export function residenceView(d: ResidenceColumnData, req: ResidenceViewRequest, search: RowSearch = (b) => scanRows(d, b)): ResidenceView {
  if (req.zoom < DETAIL_ZOOM) return { detail: false, features: collection(residenceBins(d, req)) };
  const rows = search(req.bbox);
  if (rows.length > MAX_VIEW_UNITS) return { detail: false, features: collection(residenceBins(d, req)) };
  const features: ResidenceViewFeature[] = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const k = rows[i];
    const id = d.ids[k];
    features[i] = {
      type: 'Feature', id: k, geometry: { type: 'Point', coordinates: [d.x[k], d.y[k]] },
      properties: { id, name: id, pupils: pupilsOf(d, k, req.grades), settlement: SETTLEMENTS[d.settlement[k]] ?? 'urban' },
    };
  }
  return { detail: true, features: collection(features) };
}

const collection = (features: ResidenceViewFeature[]) => ({ type: 'FeatureCollection' as const, features });

function pupilsOf(d: ResidenceColumnData, k: number, grades: readonly number[] | null): number {
  let s = 0;
  if (grades) for (const g of grades) s += d.pupils[12 * k + g - 1];
  else for (let g = 0; g < 12; g++) s += d.pupils[12 * k + g];
  return s;
}

/** Sums what a first, zoomed-out view needs ahead of time (each unit's pupils of all grades). */
export function prepareResidenceView(d: ResidenceColumnData): void {
  pupilColumn(d, null);
}

/** Each unit's pupils of a set of grades, summed once per block and grade set (the newest few kept). */
const sums = new WeakMap<ResidenceColumnData, Map<string, Float64Array>>();
function pupilColumn(d: ResidenceColumnData, grades: readonly number[] | null): Float64Array {
  const key = grades ? grades.join(',') : 'all';
  let held = sums.get(d);
  if (!held) sums.set(d, (held = new Map()));
  let col = held.get(key);
  if (!col) {
    col = new Float64Array(d.count);
    for (let k = 0; k < d.count; k++) col[k] = pupilsOf(d, k, grades);
    if (held.size >= 4) held.delete(held.keys().next().value!);
    held.set(key, col);
  }
  return col;
}

/** Rows of the units whose point lies in the box (west and south inclusive), in row order. */
export function scanRows(d: ResidenceColumnData, [w, s, e, n]: BBox): Int32Array {
  const { x, y } = d;
  let hits = 0;
  for (let k = 0; k < d.count; k++) if (x[k] >= w && x[k] <= e && y[k] >= s && y[k] <= n) hits++;
  const rows = new Int32Array(hits);
  for (let k = 0, i = 0; k < d.count; k++) if (x[k] >= w && x[k] <= e && y[k] >= s && y[k] <= n) rows[i++] = k;
  return rows;
}

/**
 * Square bins of about BIN_PX screen pixels at this zoom over the box, on a grid fixed to the
 * world (not the view), so bins stay put while the map pans: one circle per bin holding units, at
 * the mean of their points, with their count and pupils.
 */
export function residenceBins(d: ResidenceColumnData, { bbox: [w, s, e, n], zoom, grades }: ResidenceViewRequest): ResidenceViewFeature[] {
  const cell = (BIN_PX * 360) / (512 * 2 ** zoom); // Web Mercator degrees at the equator: fine for binning
  const c0 = Math.floor(w / cell);
  const r0 = Math.floor(s / cell);
  const cols = Math.floor(e / cell) - c0 + 1;
  const rows = Math.floor(n / cell) - r0 + 1;
  if (!(cols > 0 && rows > 0) || cols * rows > MAX_CELLS) return [];
  const count = new Float64Array(cols * rows);
  const pupils = new Float64Array(cols * rows);
  const sx = new Float64Array(cols * rows);
  const sy = new Float64Array(cols * rows);
  const { x, y } = d;
  const unitPupils = pupilColumn(d, grades);
  for (let k = 0; k < d.count; k++) {
    const px = x[k];
    const py = y[k];
    if (!(px >= w && px < e && py >= s && py < n)) continue; // NaN fails too
    const c = Math.floor(px / cell) - c0 + cols * (Math.floor(py / cell) - r0);
    count[c]++;
    pupils[c] += unitPupils[k];
    sx[c] += px;
    sy[c] += py;
  }
  const out: ResidenceViewFeature[] = [];
  for (let c = 0; c < count.length; c++) {
    if (count[c] === 0) continue;
    out.push({ type: 'Feature', geometry: { type: 'Point', coordinates: [sx[c] / count[c], sy[c] / count[c]] }, properties: { count: count[c], pupils: pupils[c] } });
  }
  return out;
}
