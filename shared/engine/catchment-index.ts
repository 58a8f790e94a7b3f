// Exact point-in-catchment index: a uniform grid over the catchments where each polygon keeps, per
// grid cell of its bounding box, whether the cell is wholly inside, wholly outside or on its
// boundary (with the edges that touch the cell). Most points are answered by one array read;
// points in boundary cells cast the usual ray to the east, but only through the polygon's edges in
// the boundary cells of that row. One polygon can be replaced without rebuilding the rest.
//
// Boundary rule (documented in docs/engine.md): a point is inside a polygon when a ray from it
// towards +x crosses the polygon's rings an odd number of times, an edge (a, b) counting when
// min(ay, by) <= y < max(ay, by) and x < the edge's x at y, always computed from its lower end.
// Consequences: a point exactly on a boundary shared by two catchments belongs to exactly one of
// them — the one to its east, or for an east–west boundary, the one to its north; a point on the
// outer boundary of a county's catchments is inside on the west and south sides, outside on the
// east and north. Holes and multi-part polygons follow the same parity rule.
import type { ArealGeometry } from '../model';

const NONE = -1;
const MIXED = -2;
const OUTSIDE = 0;
const INSIDE = 1;
const BOUNDARY = 2;

export interface GridSpec {
  minX: number;
  minY: number;
  cellW: number;
  cellH: number;
  nx: number;
  ny: number;
}

/** One polygon rasterised on the shared grid. */
interface PolyGrid {
  i0: number;
  j0: number;
  w: number;
  h: number;
  status: Uint8Array; // per cell of the bbox: OUTSIDE, INSIDE, BOUNDARY
  cellStart: Int32Array; // CSR over the bbox cells: edges touching each boundary cell
  cellEdges: Int32Array;
  ax: Float64Array; // edges, each stored from its lower end (ay <= by)
  ay: Float64Array;
  bx: Float64Array;
  by: Float64Array;
}

function ringsOf(g: ArealGeometry | null): number[][][] {
  if (!g) return [];
  if (g.type === 'Polygon') return g.coordinates;
  if (g.type === 'MultiPolygon') return g.coordinates.flat();
  return [];
}

/** Edges of all rings, lower end first (with their bounding box); null for an outline without area. */
export function polygonEdges(g: ArealGeometry | null): ReturnType<typeof collectEdges> {
  return collectEdges(g);
}

/** Edges of all rings, lower end first; rings with fewer than 3 distinct positions are ignored. */
function collectEdges(g: ArealGeometry | null): { ax: Float64Array; ay: Float64Array; bx: Float64Array; by: Float64Array; n: number; bbox: [number, number, number, number] } | null {
  const rings = ringsOf(g).filter((r) => Array.isArray(r) && r.length >= 3);
  let n = 0;
  for (const r of rings) n += r.length;
  const ax = new Float64Array(n);
  const ay = new Float64Array(n);
  const bx = new Float64Array(n);
  const by = new Float64Array(n);
  let m = 0;
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const r of rings) {
    const len = r.length;
    // Close the ring implicitly: the last edge joins the last position to the first.
    for (let k = 0; k < len; k++) {
      const p = r[k];
      const q = r[(k + 1) % len];
      const x1 = p[0];
      const y1 = p[1];
      const x2 = q[0];
      const y2 = q[1];
      if (!Number.isFinite(x1) || !Number.isFinite(y1) || !Number.isFinite(x2) || !Number.isFinite(y2)) continue;
      if (x1 === x2 && y1 === y2) continue;
      if (y1 < y2 || (y1 === y2 && x1 <= x2)) {
        ax[m] = x1; ay[m] = y1; bx[m] = x2; by[m] = y2;
      } else {
        ax[m] = x2; ay[m] = y2; bx[m] = x1; by[m] = y1;
      }
      if (x1 < minX) minX = x1;
      if (x1 > maxX) maxX = x1;
      if (y1 < minY) minY = y1;
      if (y1 > maxY) maxY = y1;
      m++;
    }
  }
  if (m < 3) return null;
  return { ax: ax.subarray(0, m), ay: ay.subarray(0, m), bx: bx.subarray(0, m), by: by.subarray(0, m), n: m, bbox: [minX, minY, maxX, maxY] };
}

/** The crossing-number rule itself, over every edge: the reference the grid must agree with. */
export function pointInEdges(ax: ArrayLike<number>, ay: ArrayLike<number>, bx: ArrayLike<number>, by: ArrayLike<number>, x: number, y: number): boolean {
  let inside = false;
  for (let e = 0; e < ax.length; e++) {
    if (ay[e] <= y && y < by[e]) {
      const xi = ax[e] + ((y - ay[e]) * (bx[e] - ax[e])) / (by[e] - ay[e]);
      if (x < xi) inside = !inside;
    }
  }
  return inside;
}

/** The documented rule applied to one geometry, without any index (for tests and single checks). */
export function containsPoint(g: ArealGeometry | null, x: number, y: number): boolean {
  return polygonTester(g)(x, y);
}

/** A reusable single-polygon test by the documented rule (edges collected once). */
export function polygonTester(g: ArealGeometry | null): (x: number, y: number) => boolean {
  const e = collectEdges(g);
  return e ? (x, y) => pointInEdges(e.ax, e.ay, e.bx, e.by, x, y) : () => false;
}

export class CatchmentIndex {
  readonly grid: GridSpec;
  private readonly polys: (PolyGrid | null)[] = [];
  private readonly insideCount: Uint16Array;
  private readonly boundaryCount: Uint16Array;
  private readonly insideSum: Int32Array;
  /** Per cell: the owning polygon, NONE, or MIXED (kept in step with the counts). */
  readonly owners: Int32Array;
  /** Coarse buckets of polygons by bounding box, for points in cells that are not resolved. */
  private readonly coarse: number[][];
  private readonly coarseF: number;
  private readonly cnx: number;
  private readonly cny: number;

  private constructor(grid: GridSpec) {
    this.grid = grid;
    const cells = grid.nx * grid.ny;
    this.insideCount = new Uint16Array(cells);
    this.boundaryCount = new Uint16Array(cells);
    this.insideSum = new Int32Array(cells);
    this.owners = new Int32Array(cells).fill(NONE);
    this.coarseF = 8;
    this.cnx = Math.ceil(grid.nx / this.coarseF);
    this.cny = Math.ceil(grid.ny / this.coarseF);
    this.coarse = Array.from({ length: this.cnx * this.cny }, () => []);
  }

  /**
   * Builds the index over the given polygons (null = no catchment at that index). The grid covers
   * `extent` (or the polygons' extent) with about `cellsPerEdge` cells per polygon edge.
   */
  static build(polygons: readonly (ArealGeometry | null)[], opts: { extent?: [number, number, number, number]; cellsPerEdge?: number; maxCells?: number } = {}): CatchmentIndex {
    let minX = Infinity;
    let minY = Infinity;
    let maxX = -Infinity;
    let maxY = -Infinity;
    let edges = 0;
    const collected = polygons.map((g) => collectEdges(g));
    for (const c of collected) {
      if (!c) continue;
      edges += c.n;
      minX = Math.min(minX, c.bbox[0]);
      minY = Math.min(minY, c.bbox[1]);
      maxX = Math.max(maxX, c.bbox[2]);
      maxY = Math.max(maxY, c.bbox[3]);
    }
    if (opts.extent) {
      minX = Math.min(minX, opts.extent[0]);
      minY = Math.min(minY, opts.extent[1]);
      maxX = Math.max(maxX, opts.extent[2]);
      maxY = Math.max(maxY, opts.extent[3]);
    }
    if (!Number.isFinite(minX)) {
      minX = 0; minY = 0; maxX = 1; maxY = 1;
    }
    // A margin so that no polygon touches the grid's outer edge.
    const spanX = Math.max(maxX - minX, 1e-9);
    const spanY = Math.max(maxY - minY, 1e-9);
    minX -= spanX * 1e-3;
    minY -= spanY * 1e-3;
    maxX += spanX * 1e-3;
    maxY += spanY * 1e-3;
    const target = Math.min(opts.maxCells ?? 4_000_000, Math.max(1024, edges * (opts.cellsPerEdge ?? 16)));
    const aspect = (maxX - minX) / (maxY - minY);
    const nx = Math.max(1, Math.round(Math.sqrt(target * aspect)));
    const ny = Math.max(1, Math.round(target / nx));
    const index = new CatchmentIndex({ minX, minY, cellW: (maxX - minX) / nx, cellH: (maxY - minY) / ny, nx, ny });
    collected.forEach((c, k) => index.place(k, c));
    return index;
  }

  get size(): number {
    return this.polys.length;
  }

  /** Replaces polygon k (or adds it when k = size). Returns the cell rectangle whose answers may change. */
  setPolygon(k: number, g: ArealGeometry | null): [number, number, number, number] | null {
    const old = this.polys[k] ?? null;
    if (old) this.account(k, old, -1);
    const before = old ? ([old.i0, old.j0, old.i0 + old.w - 1, old.j0 + old.h - 1] as const) : null;
    this.polys[k] = null;
    this.place(k, collectEdges(g));
    const now = this.polys[k] as PolyGrid | null;
    const after = now ? ([now.i0, now.j0, now.i0 + now.w - 1, now.j0 + now.h - 1] as const) : null;
    if (!before && !after) return null;
    if (!before) return [...after!];
    if (!after) return [...before];
    return [Math.min(before[0], after[0]), Math.min(before[1], after[1]), Math.max(before[2], after[2]), Math.max(before[3], after[3])];
  }

  cellOf(x: number, y: number): number {
    const g = this.grid;
    const i = Math.floor((x - g.minX) / g.cellW);
    const j = Math.floor((y - g.minY) / g.cellH);
    if (!(i >= 0 && j >= 0 && i < g.nx && j < g.ny)) return -1; // also a point without a location (NaN)
    return j * g.nx + i;
  }

  /** The single polygon owning a cell, NONE when no polygon touches it, MIXED when points must be tested. */
  cellOwner(cell: number): number {
    return this.owners[cell];
  }

  private refreshOwner(cell: number): void {
    const n = this.insideCount[cell];
    this.owners[cell] = this.boundaryCount[cell] > 0 ? MIXED : n === 0 ? NONE : n === 1 ? this.insideSum[cell] - 1 : MIXED;
  }

  /**
   * Locates many points at once: out[k] = lowest-numbered polygon containing point k, or −1;
   * hits[k] (optional) = how many polygons contain it.
   */
  locateMany(xs: ArrayLike<number>, ys: ArrayLike<number>, out: Int32Array, hits?: Uint16Array, order?: ArrayLike<number>): void {
    const { minX, minY, cellW, cellH, nx, ny } = this.grid;
    const owners = this.owners;
    const scratch: number[] = [];
    const n = order ? order.length : xs.length;
    for (let q = 0; q < n; q++) {
      const k = order ? order[q] : q;
      const x = xs[k];
      const y = ys[k];
      const i = Math.floor((x - minX) / cellW);
      const j = Math.floor((y - minY) / cellH);
      if (!(i >= 0 && j >= 0 && i < nx && j < ny)) {
        out[k] = NONE;
        if (hits) hits[k] = 0;
        continue;
      }
      const cell = j * nx + i;
      const o = owners[cell];
      if (o !== MIXED) {
        out[k] = o;
        if (hits) hits[k] = o === NONE ? 0 : 1;
        continue;
      }
      if (hits) {
        hits[k] = this.locateAll(x, y, scratch);
        out[k] = scratch.length > 0 ? scratch[0] : NONE;
      } else out[k] = this.slowLocate(cell, x, y, null);
    }
  }

  /** Index of the lowest-numbered polygon containing the point, or -1. */
  locate(x: number, y: number): number {
    const cell = this.cellOf(x, y);
    if (cell < 0) return NONE;
    const o = this.cellOwner(cell);
    if (o !== MIXED) return o;
    return this.slowLocate(cell, x, y, null);
  }

  /** Every polygon containing the point, ascending, written to `out`; returns how many. */
  locateAll(x: number, y: number, out: number[]): number {
    out.length = 0;
    const cell = this.cellOf(x, y);
    if (cell < 0) return 0;
    const o = this.cellOwner(cell);
    if (o === NONE) return 0;
    if (o !== MIXED) {
      out.push(o);
      return 1;
    }
    this.slowLocate(cell, x, y, out);
    return out.length;
  }

  /** Whether polygon k contains the point, by the documented rule. */
  contains(k: number, x: number, y: number): boolean {
    const cell = this.cellOf(x, y);
    if (cell < 0) return false;
    return this.testPoly(k, cell % this.grid.nx, Math.floor(cell / this.grid.nx), x, y);
  }

  /**
   * Pairs of polygons (a < b) whose interiors may share area: some grid cell is inside one and
   * inside or on the boundary of the other. Neighbours that only share a boundary line are not
   * listed (a sliver thinner than a cell along a shared edge is not either; residences in one are
   * still found point by point).
   */
  interiorOverlapPairs(): [number, number][] {
    const out: [number, number][] = [];
    const n = this.polys.length;
    for (let a = 0; a < n; a++) {
      const pa = this.polys[a];
      if (!pa) continue;
      for (let b = a + 1; b < n; b++) {
        const pb = this.polys[b];
        if (!pb) continue;
        const i0 = Math.max(pa.i0, pb.i0);
        const i1 = Math.min(pa.i0 + pa.w, pb.i0 + pb.w) - 1;
        const j0 = Math.max(pa.j0, pb.j0);
        const j1 = Math.min(pa.j0 + pa.h, pb.j0 + pb.h) - 1;
        let found = false;
        for (let j = j0; j <= j1 && !found; j++) {
          for (let i = i0; i <= i1; i++) {
            const sa = pa.status[(j - pa.j0) * pa.w + i - pa.i0];
            if (sa === OUTSIDE) continue;
            const sb = pb.status[(j - pb.j0) * pb.w + i - pb.i0];
            if (sb !== OUTSIDE && (sa === INSIDE || sb === INSIDE)) {
              found = true;
              break;
            }
          }
        }
        if (found) out.push([a, b]);
      }
    }
    return out;
  }

  private slowLocate(cell: number, x: number, y: number, out: number[] | null): number {
    const nx = this.grid.nx;
    const i = cell % nx;
    const j = (cell - i) / nx;
    const bucket = this.coarse[Math.floor(j / this.coarseF) * this.cnx + Math.floor(i / this.coarseF)];
    let first = NONE;
    for (let b = 0; b < bucket.length; b++) {
      const k = bucket[b];
      if (this.testPoly(k, i, j, x, y)) {
        if (!out) return k;
        if (first === NONE) first = k;
        out.push(k);
      }
    }
    return first;
  }

  private testPoly(k: number, i: number, j: number, x: number, y: number): boolean {
    const p = this.polys[k];
    if (!p) return false;
    let li = i - p.i0;
    const lj = j - p.j0;
    if (li < 0 || lj < 0 || li >= p.w || lj >= p.h) return false;
    const row = lj * p.w;
    let s = p.status[row + li];
    if (s !== BOUNDARY) return s === INSIDE;
    const g = this.grid;
    let odd = false;
    let lo = x;
    for (; li < p.w; li++) {
      s = p.status[row + li];
      if (s !== BOUNDARY) return odd !== (s === INSIDE);
      // The grid's last column also holds the edges of outlines drawn past its east side (clamped
      // there by place): count their crossings too.
      const hi = p.i0 + li === g.nx - 1 ? Infinity : g.minX + (p.i0 + li + 1) * g.cellW;
      const c = row + li;
      for (let q = p.cellStart[c]; q < p.cellStart[c + 1]; q++) {
        const e = p.cellEdges[q];
        const ay = p.ay[e];
        const by = p.by[e];
        if (ay <= y && y < by) {
          const ax = p.ax[e];
          const xi = ax + ((y - ay) * (p.bx[e] - ax)) / (by - ay);
          if (xi > lo && xi <= hi) odd = !odd;
        }
      }
      lo = hi > x ? hi : x;
    }
    return odd; // past the polygon's bbox to the east: outside
  }

  private place(k: number, c: ReturnType<typeof collectEdges>): void {
    while (this.polys.length <= k) this.polys.push(null);
    if (!c) {
      this.polys[k] = null;
      return;
    }
    const g = this.grid;
    const fi = (x: number): number => Math.min(g.nx - 1, Math.max(0, Math.floor((x - g.minX) / g.cellW)));
    const fj = (y: number): number => Math.min(g.ny - 1, Math.max(0, Math.floor((y - g.minY) / g.cellH)));
    const epsX = g.cellW * 1e-6;
    const epsY = g.cellH * 1e-6;
    const i0 = fi(c.bbox[0] - epsX);
    const j0 = fj(c.bbox[1] - epsY);
    const w = fi(c.bbox[2] + epsX) - i0 + 1;
    const h = fj(c.bbox[3] + epsY) - j0 + 1;
    const counts = new Int32Array(w * h + 1);
    // Visit the cells each edge touches, row by row (conservatively: a small margin in x and y).
    const visit = (e: number, fn: (cell: number) => void): void => {
      const ax = c.ax[e];
      const ay = c.ay[e];
      const bx = c.bx[e];
      const by = c.by[e];
      const ja = fj(ay - epsY) - j0;
      const jb = fj(by + epsY) - j0;
      for (let lj = ja; lj <= jb; lj++) {
        let xa: number;
        let xb: number;
        if (ay === by) {
          xa = Math.min(ax, bx);
          xb = Math.max(ax, bx);
        } else {
          const y0 = Math.max(ay, g.minY + (j0 + lj) * g.cellH - epsY);
          const y1 = Math.min(by, g.minY + (j0 + lj + 1) * g.cellH + epsY);
          const x0 = ax + ((y0 - ay) * (bx - ax)) / (by - ay);
          const x1 = ax + ((y1 - ay) * (bx - ax)) / (by - ay);
          xa = Math.min(x0, x1);
          xb = Math.max(x0, x1);
        }
        const ia = fi(xa - epsX) - i0;
        const ib = fi(xb + epsX) - i0;
        for (let li = ia; li <= ib; li++) fn(lj * w + li);
      }
    };
    for (let e = 0; e < c.n; e++) visit(e, (cell) => counts[cell + 1]++);
    for (let q = 0; q < w * h; q++) counts[q + 1] += counts[q];
    const cellStart = counts;
    const cellEdges = new Int32Array(cellStart[w * h]);
    const fill = cellStart.slice(0, w * h);
    for (let e = 0; e < c.n; e++) visit(e, (cell) => { cellEdges[fill[cell]++] = e; });
    // Status of edge-free cells: constant along each run of such cells in a row.
    const status = new Uint8Array(w * h);
    for (let lj = 0; lj < h; lj++) {
      let runStatus = -1;
      for (let li = 0; li < w; li++) {
        const cell = lj * w + li;
        if (cellStart[cell + 1] > cellStart[cell]) {
          status[cell] = BOUNDARY;
          runStatus = -1;
          continue;
        }
        if (runStatus < 0) {
          const cx = g.minX + (i0 + li + 0.5) * g.cellW;
          const cy = g.minY + (j0 + lj + 0.5) * g.cellH;
          runStatus = pointInEdges(c.ax, c.ay, c.bx, c.by, cx, cy) ? INSIDE : OUTSIDE;
        }
        status[cell] = runStatus;
      }
    }
    const p: PolyGrid = { i0, j0, w, h, status, cellStart, cellEdges, ax: c.ax, ay: c.ay, bx: c.bx, by: c.by };
    this.polys[k] = p;
    this.account(k, p, 1);
  }

  /** Adds (sign 1) or removes (sign −1) a polygon's cells from the owner counts and buckets. */
  private account(k: number, p: PolyGrid, sign: 1 | -1): void {
    const nx = this.grid.nx;
    for (let lj = 0; lj < p.h; lj++) {
      for (let li = 0; li < p.w; li++) {
        const s = p.status[lj * p.w + li];
        if (s === OUTSIDE) continue;
        const cell = (p.j0 + lj) * nx + p.i0 + li;
        if (s === BOUNDARY) this.boundaryCount[cell] += sign;
        else {
          this.insideCount[cell] += sign;
          this.insideSum[cell] += sign * (k + 1);
        }
        this.refreshOwner(cell);
      }
    }
    const f = this.coarseF;
    for (let cj = Math.floor(p.j0 / f); cj <= Math.floor((p.j0 + p.h - 1) / f); cj++) {
      for (let ci = Math.floor(p.i0 / f); ci <= Math.floor((p.i0 + p.w - 1) / f); ci++) {
        const b = this.coarse[cj * this.cnx + ci];
        if (sign > 0) {
          let at = b.length;
          while (at > 0 && b[at - 1] > k) at--;
          b.splice(at, 0, k);
        } else {
          const at = b.indexOf(k);
          if (at >= 0) b.splice(at, 1);
        }
      }
    }
  }
}
