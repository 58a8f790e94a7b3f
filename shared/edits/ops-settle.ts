// Settling new outlines into the map so that shared boundaries match bit for bit: a new vertex
// within ~1 cm of a vertex that stays takes its exact coordinates, one within ~1 cm of an edge that
// stays is put exactly on it (a cut's end on a boundary, a crossing with the county line), other
// new vertices are rounded to 1e-7°; then a vertex of the map lying on a new edge is inserted into
// it, and (optionally) a new vertex lying on a neighbour's edge is inserted into the neighbour.
// Without this, overlay results leave T-junctions and centimetre slivers that later vertex edits
// would tear open, and rounding would shift the county line.
import Flatbush from 'flatbush';
import type { Position } from '../model';
import { cleanPolys, JOIN_TOLERANCE, key, ringsOf, round7, SAME_VERTEX, toSegment, type Polys, type Ring } from './ops-geometry';

export interface SettleInput {
  /** New outlines by catchment id (open rings, any precision). */
  outlines: ReadonlyMap<string, Polys>;
  /** Polygon catchments that stay: their vertices are kept exactly and new vertices snap to them. */
  neighbours: ReadonlyMap<string, Polys>;
  /** Outlines that are not catchments but whose vertices and edges are joined the same way (the county). */
  anchors?: readonly Polys[];
  /** Old outlines of the edited catchments: a new vertex that is one of theirs keeps its exact position. */
  previous?: readonly Polys[];
  /** Insert new vertices that lie on a neighbour's edge into the neighbour too. */
  nodeNeighbours: boolean;
}

export interface Settled {
  outlines: Map<string, Polys>;
  /** Neighbours that received vertices (only those). */
  neighbours: Map<string, Polys>;
}

class EdgeIndex {
  private readonly index: Flatbush | null;
  private readonly edges: [Position, Position][] = [];
  constructor(polysList: readonly Polys[]) {
    for (const polys of polysList) for (const ring of ringsOf(polys)) ring.forEach((a, k) => this.edges.push([a, ring[(k + 1) % ring.length]]));
    if (this.edges.length === 0) {
      this.index = null;
      return;
    }
    this.index = new Flatbush(this.edges.length);
    for (const [a, b] of this.edges) this.index.add(Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[0], b[0]), Math.max(a[1], b[1]));
    this.index.finish();
  }

  /** The nearest point on an edge within tol (not at its ends), or null. */
  nearest(p: Position, tol: number): Position | null {
    if (!this.index) return null;
    let best: Position | null = null;
    let bestD = Infinity;
    for (const k of this.index.search(p[0] - tol, p[1] - tol, p[0] + tol, p[1] + tol)) {
      const [a, b] = this.edges[k];
      const s = toSegment(p, a, b);
      if (s.d <= tol && s.d < bestD && s.t > 0 && s.t < 1) {
        best = s.d === 0 ? p : s.q;
        bestD = s.d;
      }
    }
    return best;
  }
}

class PointIndex {
  private readonly index: Flatbush | null;
  constructor(readonly points: Position[]) {
    if (points.length === 0) {
      this.index = null;
      return;
    }
    this.index = new Flatbush(points.length);
    for (const p of points) this.index.add(p[0], p[1], p[0], p[1]);
    this.index.finish();
  }

  within(minX: number, minY: number, maxX: number, maxY: number): Position[] {
    return this.index ? this.index.search(minX, minY, maxX, maxY).map((k) => this.points[k]) : [];
  }

  nearest(p: Position, tol: number): Position | null {
    let best: Position | null = null;
    let bestD = Infinity;
    for (const q of this.within(p[0] - tol, p[1] - tol, p[0] + tol, p[1] + tol)) {
      const d = Math.hypot(q[0] - p[0], q[1] - p[1]);
      if (d <= tol && (d < bestD || (d === bestD && best && (q[0] < best[0] || (q[0] === best[0] && q[1] < best[1]))))) {
        best = q;
        bestD = d;
      }
    }
    return best;
  }
}

function distinctVertices(polysList: readonly Polys[]): Position[] {
  const seen = new Map<string, Position>();
  for (const polys of polysList) for (const ring of ringsOf(polys)) for (const p of ring) if (!seen.has(key(p))) seen.set(key(p), p);
  return [...seen.values()];
}

/** The ring with every indexed point that lies on one of its edges (within tol) inserted; null if none. */
function insertOnEdges(ring: Ring, points: PointIndex, tol: number): Ring | null {
  const own = new Set(ring.map(key));
  const out: Ring = [];
  let inserted = false;
  for (let k = 0; k < ring.length; k++) {
    const a = ring[k];
    const b = ring[(k + 1) % ring.length];
    out.push(a);
    const hits: { t: number; p: Position }[] = [];
    const seen = new Set<string>();
    for (const p of points.within(Math.min(a[0], b[0]) - tol, Math.min(a[1], b[1]) - tol, Math.max(a[0], b[0]) + tol, Math.max(a[1], b[1]) + tol)) {
      const kp = key(p);
      if (own.has(kp) || seen.has(kp)) continue;
      const s = toSegment(p, a, b);
      if (s.d <= tol && s.t > 0 && s.t < 1) {
        hits.push({ t: s.t, p });
        seen.add(kp);
      }
    }
    if (hits.length) {
      hits.sort((x, y) => x.t - y.t);
      for (const h of hits) out.push([h.p[0], h.p[1]]);
      inserted = true;
    }
  }
  return inserted ? out : null;
}

const CELL = 1e-8;

/** The first position seen within 1e-9° of each position (a hash grid of 1e-8° cells). */
class Canonical {
  private readonly cells = new Map<string, Position[]>();
  of(p: Position): Position {
    const cx = Math.floor(p[0] / CELL);
    const cy = Math.floor(p[1] / CELL);
    for (let i = cx - 1; i <= cx + 1; i++) {
      for (let j = cy - 1; j <= cy + 1; j++) {
        for (const q of this.cells.get(`${i},${j}`) ?? []) if (Math.abs(q[0] - p[0]) <= SAME_VERTEX && Math.abs(q[1] - p[1]) <= SAME_VERTEX) return q;
      }
    }
    const k = `${cx},${cy}`;
    if (!this.cells.has(k)) this.cells.set(k, []);
    this.cells.get(k)!.push(p);
    return p;
  }
}

export function settle(input: SettleInput): Settled {
  const tol = JOIN_TOLERANCE;
  const anchors = input.anchors ?? [];
  const stays = [...input.neighbours.values(), ...anchors, ...(input.previous ?? [])];
  const kept = new PointIndex(distinctVertices(stays));
  const keptEdges = new EdgeIndex(stays);

  // 1. Snap to vertices that stay, then onto edges that stay; round the rest.
  const snapped = new Map<string, Polys>();
  for (const [id, polys] of input.outlines) {
    const moved = polys.map((poly) => poly.map((ring) => ring.map((p) => {
      const q = kept.nearest(p, tol) ?? keptEdges.nearest(p, tol);
      return q ? ([q[0], q[1]] as Position) : round7(p);
    })));
    snapped.set(id, moved);
  }
  // Points put on one edge from two outlines may differ in the last bit: one position for each.
  const canonical = new Canonical();
  for (const [id, polys] of snapped) snapped.set(id, cleanPolys(polys.map((poly) => poly.map((ring) => ring.map((p) => canonical.of(p))))));

  // 2. Vertices of the map (neighbours, anchors, other new outlines) lying on a new edge join it.
  const mapPoints = new PointIndex(distinctVertices([...input.neighbours.values(), ...anchors, ...snapped.values()]));
  const outlines = new Map<string, Polys>();
  for (const [id, polys] of snapped) {
    outlines.set(id, cleanPolys(polys.map((poly) => poly.map((ring) => insertOnEdges(ring, mapPoints, tol) ?? ring))));
  }

  // 3. New vertices lying on a neighbour's edge join the neighbour.
  const neighbours = new Map<string, Polys>();
  if (input.nodeNeighbours) {
    const fresh = new PointIndex(distinctVertices([...outlines.values()]));
    for (const [id, polys] of input.neighbours) {
      let changed = false;
      const next = polys.map((poly) => poly.map((ring) => {
        const r = insertOnEdges(ring, fresh, tol);
        if (r) changed = true;
        return r ?? ring;
      }));
      if (changed) neighbours.set(id, cleanPolys(next));
    }
  }
  return { outlines, neighbours };
}
