// Assigns many points to catchments through a CatchmentIndex. Points are bucketed once into a
// coarse grid (cheap, and it makes neighbouring points hit the same index cells), so moving one
// catchment re-tests only the points in the buckets its old and new outlines could touch.
import type { CatchmentIndex } from './catchment-index';

const BUCKET_CELLS = 8; // index cells per bucket side

export class PointAssignment {
  /** Catchment of each point (lowest-numbered containing polygon), −1 for none. */
  readonly owner: Int32Array;
  /** How many catchments contain each point (0 = gap, ≥ 2 = overlap). */
  readonly hits: Uint16Array;
  private readonly bucketStart: Int32Array;
  private readonly order: Int32Array;
  private readonly bnx: number;

  constructor(readonly index: CatchmentIndex, readonly x: ArrayLike<number>, readonly y: ArrayLike<number>) {
    const n = x.length;
    const { minX, minY, cellW, cellH, nx, ny } = index.grid;
    const bnx = Math.ceil(nx / BUCKET_CELLS) + 2; // one spare bucket each side for points beyond the grid
    const bny = Math.ceil(ny / BUCKET_CELLS) + 2;
    const bw = cellW * BUCKET_CELLS;
    const bh = cellH * BUCKET_CELLS;
    const bucketOf = new Int32Array(n);
    const start = new Int32Array(bnx * bny + 1);
    // A point without a location (NaN) goes to the first spare bucket, as a point far to the south-west.
    const clamp = (v: number, hi: number): number => (v >= 0 ? Math.min(hi, v) : 0);
    for (let k = 0; k < n; k++) {
      const bi = clamp(Math.floor((x[k] - minX) / bw) + 1, bnx - 1);
      const bj = clamp(Math.floor((y[k] - minY) / bh) + 1, bny - 1);
      const b = bj * bnx + bi;
      bucketOf[k] = b;
      start[b + 1]++;
    }
    for (let b = 0; b < bnx * bny; b++) start[b + 1] += start[b];
    const fill = start.slice(0, bnx * bny);
    const order = new Int32Array(n);
    for (let k = 0; k < n; k++) order[fill[bucketOf[k]]++] = k;
    this.bnx = bnx;
    this.bucketStart = start;
    this.order = order;
    this.owner = new Int32Array(n);
    this.hits = new Uint16Array(n);
    index.locateMany(x, y, this.owner, this.hits, order);
  }

  /**
   * Re-tests the points that may lie in index cells [i0, i1] × [j0, j1] (as returned by
   * CatchmentIndex.setPolygon); returns how many points changed catchment. `touched`, when given,
   * receives every re-tested point whose list of containing catchments may differ: a new owner or
   * count, or several catchments before or after (their list is not kept here).
   */
  reassignCells(i0: number, j0: number, i1: number, j1: number, touched?: number[]): number {
    const b0 = Math.floor(i0 / BUCKET_CELLS) + 1;
    const b1 = Math.floor(i1 / BUCKET_CELLS) + 1;
    const c0 = Math.floor(j0 / BUCKET_CELLS) + 1;
    const c1 = Math.floor(j1 / BUCKET_CELLS) + 1;
    let m = 0;
    for (let bj = c0; bj <= c1; bj++) for (let bi = b0; bi <= b1; bi++) m += this.bucketStart[bj * this.bnx + bi + 1] - this.bucketStart[bj * this.bnx + bi];
    // The points of those buckets, with their answers before, then located again in one call.
    const points = new Int32Array(m);
    let at = 0;
    for (let bj = c0; bj <= c1; bj++) {
      for (let bi = b0; bi <= b1; bi++) {
        const b = bj * this.bnx + bi;
        points.set(this.order.subarray(this.bucketStart[b], this.bucketStart[b + 1]), at);
        at += this.bucketStart[b + 1] - this.bucketStart[b];
      }
    }
    const owner = new Int32Array(m);
    const hits = new Uint16Array(m);
    for (let q = 0; q < m; q++) {
      owner[q] = this.owner[points[q]];
      hits[q] = this.hits[points[q]];
    }
    this.index.locateMany(this.x, this.y, this.owner, this.hits, points);
    let changed = 0;
    for (let q = 0; q < m; q++) {
      const k = points[q];
      if (this.owner[k] !== owner[q]) changed++;
      if (touched && (this.owner[k] !== owner[q] || this.hits[k] !== hits[q] || this.hits[k] > 1)) touched.push(k);
    }
    return changed;
  }
}
