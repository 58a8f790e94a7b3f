// Cutting an outline with a line drawn across it. The rings and the line are noded (split at every
// crossing, the crossing computed once and shared by both), the parts of the line inside the
// outline are kept, loose ends pruned, and the faces of the resulting planar graph traced; the
// faces inside the outline are the parts. Only the drawn line cuts: it is not extended.
import type { ArealGeometry, PolygonGeometry, Position } from '../model';
import { containsPoint, polygonTester } from '../engine/catchment-index';
import { interiorPoint } from '../geo/interior-point';
import { key, orient, polysOf, ringsOf, same, signedArea2, closeRing, type Poly, type Ring } from './ops-geometry';

interface Seg {
  a: Position;
  b: Position;
  fromLine: boolean;
  cuts: { t: number; p: Position }[];
}

const EPS = 1e-12;

function cross(ax: number, ay: number, bx: number, by: number): number {
  return ax * by - ay * bx;
}

/** Records where line segment l meets segment s (a ring's or another piece of the line). */
function meet(l: Seg, s: Seg): void {
  const rx = l.b[0] - l.a[0];
  const ry = l.b[1] - l.a[1];
  const sx = s.b[0] - s.a[0];
  const sy = s.b[1] - s.a[1];
  const qx = s.a[0] - l.a[0];
  const qy = s.a[1] - l.a[1];
  const denom = cross(rx, ry, sx, sy);
  if (denom === 0) {
    if (orient(l.a, l.b, s.a) !== 0) return; // parallel, apart
    // Collinear: each segment is cut where the other one's ends lie on it.
    const along = (g: Seg, p: Position) => {
      const dx = g.b[0] - g.a[0];
      const dy = g.b[1] - g.a[1];
      const len2 = dx * dx + dy * dy;
      const t = len2 > 0 ? ((p[0] - g.a[0]) * dx + (p[1] - g.a[1]) * dy) / len2 : 0;
      if (t > EPS && t < 1 - EPS) g.cuts.push({ t, p });
    };
    along(l, s.a);
    along(l, s.b);
    along(s, l.a);
    along(s, l.b);
    return;
  }
  const t = cross(qx, qy, sx, sy) / denom;
  const u = cross(qx, qy, rx, ry) / denom;
  if (t < -EPS || t > 1 + EPS || u < -EPS || u > 1 + EPS) return;
  // The crossing is taken from an existing position when it is (nearly) one: ring corners first.
  const p: Position = u <= EPS ? s.a : u >= 1 - EPS ? s.b : t <= EPS ? l.a : t >= 1 - EPS ? l.b : [l.a[0] + t * rx, l.a[1] + t * ry];
  if (t > EPS && t < 1 - EPS) l.cuts.push({ t, p });
  if (u > EPS && u < 1 - EPS) s.cuts.push({ t: u, p });
}

function pieces(s: Seg): [Position, Position][] {
  const pts: Position[] = [s.a, ...s.cuts.sort((x, y) => x.t - y.t).map((c) => c.p), s.b];
  const out: [Position, Position][] = [];
  for (let k = 0; k + 1 < pts.length; k++) if (!same(pts[k], pts[k + 1])) out.push([pts[k], pts[k + 1]]);
  return out;
}

class PlanarGraph {
  readonly pos = new Map<string, Position>();
  readonly adj = new Map<string, Set<string>>();

  add(a: Position, b: Position): void {
    const ka = key(a);
    const kb = key(b);
    if (ka === kb) return;
    this.pos.set(ka, a);
    this.pos.set(kb, b);
    if (!this.adj.has(ka)) this.adj.set(ka, new Set());
    if (!this.adj.has(kb)) this.adj.set(kb, new Set());
    this.adj.get(ka)!.add(kb);
    this.adj.get(kb)!.add(ka);
  }

  remove(ka: string, kb: string): void {
    this.adj.get(ka)?.delete(kb);
    this.adj.get(kb)?.delete(ka);
  }

  /** Removes loose ends (corners with one edge) until none is left. */
  prune(): void {
    const queue = [...this.adj.keys()].filter((k) => this.adj.get(k)!.size <= 1);
    while (queue.length) {
      const k = queue.pop()!;
      const ns = this.adj.get(k);
      if (!ns) continue;
      for (const n of ns) {
        this.adj.get(n)!.delete(k);
        if (this.adj.get(n)!.size <= 1) queue.push(n);
      }
      this.adj.delete(k);
    }
  }

  /** Cycles with their face on the left; bridges (edges with the same face on both sides) removed first. */
  faces(): Ring[] {
    for (;;) {
      const cycles = this.trace();
      const bridges: [string, string][] = [];
      for (const cycle of cycles) {
        const half = new Set<string>();
        cycle.forEach((k, j) => half.add(`${k}>${cycle[(j + 1) % cycle.length]}`));
        cycle.forEach((k, j) => {
          const n = cycle[(j + 1) % cycle.length];
          if (half.has(`${n}>${k}`)) bridges.push([k, n]);
        });
      }
      if (bridges.length === 0) return cycles.map((c) => c.map((k) => this.pos.get(k)!));
      for (const [a, b] of bridges) this.remove(a, b);
      this.prune();
    }
  }

  private trace(): string[][] {
    const sorted = new Map<string, string[]>();
    for (const [k, ns] of this.adj) {
      const p = this.pos.get(k)!;
      const angle = (n: string) => {
        const q = this.pos.get(n)!;
        return Math.atan2(q[1] - p[1], q[0] - p[0]);
      };
      sorted.set(k, [...ns].sort((x, y) => angle(x) - angle(y) || (x < y ? -1 : 1)));
    }
    const seen = new Set<string>();
    const cycles: string[][] = [];
    for (const u of [...this.adj.keys()].sort()) {
      for (const v of sorted.get(u)!) {
        if (seen.has(`${u}>${v}`)) continue;
        const cycle: string[] = [];
        let from = u;
        let to = v;
        while (!seen.has(`${from}>${to}`)) {
          seen.add(`${from}>${to}`);
          cycle.push(from);
          const around = sorted.get(to)!;
          const back = around.indexOf(from);
          const next = around[(back - 1 + around.length) % around.length];
          from = to;
          to = next;
        }
        cycles.push(cycle);
      }
    }
    return cycles;
  }

  components(): Map<string, string> {
    const parent = new Map<string, string>();
    const find = (k: string): string => {
      let r = k;
      while (parent.get(r) !== r) r = parent.get(r)!;
      parent.set(k, r);
      return r;
    };
    for (const k of this.adj.keys()) parent.set(k, k);
    for (const [k, ns] of this.adj) for (const n of ns) parent.set(find(k), find(n));
    const out = new Map<string, string>();
    for (const k of this.adj.keys()) out.set(k, find(k));
    return out;
  }
}

/** The faces the line cuts the outline into, as polygons (outer ring counter-clockwise, holes clockwise); open rings. */
export function splitFaces(g: ArealGeometry, line: readonly Position[]): Poly[] {
  const rings = ringsOf(polysOf(g)).filter((r) => r.length >= 3);
  const ringSegs: Seg[] = [];
  for (const r of rings) r.forEach((a, k) => ringSegs.push({ a, b: r[(k + 1) % r.length], fromLine: false, cuts: [] }));
  const pts = line.filter((p, k) => k === 0 || !same(p, line[k - 1]));
  const lineSegs: Seg[] = [];
  for (let k = 0; k + 1 < pts.length; k++) lineSegs.push({ a: pts[k], b: pts[k + 1], fromLine: true, cuts: [] });
  lineSegs.forEach((l, i) => {
    for (const s of ringSegs) meet(l, s);
    for (let j = i + 2; j < lineSegs.length; j++) meet(l, lineSegs[j]);
  });

  const graph = new PlanarGraph();
  for (const s of ringSegs) for (const [a, b] of pieces(s)) graph.add(a, b);
  const inside = polygonTester(g);
  for (const s of lineSegs) {
    for (const [a, b] of pieces(s)) if (inside((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)) graph.add(a, b);
  }
  graph.prune();

  const cycles = graph.faces();
  const comp = graph.components();
  const shells = cycles.filter((c) => signedArea2(c) > 0).map((ring) => ({ ring, area: signedArea2(ring) / 2, comp: comp.get(key(ring[0]))!, holes: [] as Ring[] }));
  for (const hole of cycles.filter((c) => signedArea2(c) < 0)) {
    const hc = comp.get(key(hole[0]));
    let best: (typeof shells)[number] | null = null;
    for (const s of shells) {
      if (s.comp === hc || (best && best.area <= s.area)) continue;
      if (containsPoint({ type: 'Polygon', coordinates: [closeRing(s.ring)] }, hole[0][0], hole[0][1])) best = s;
    }
    best?.holes.push(hole);
  }
  const faces: Poly[] = [];
  for (const s of shells) {
    const poly: Poly = [s.ring, ...s.holes];
    const p = interiorPoint({ type: 'Polygon', coordinates: poly.map(closeRing) });
    if (p && containsPoint(g, p[0], p[1])) faces.push(poly);
  }
  return faces;
}

/** The parts a line drawn across an outline cuts it into, largest first (for a preview). */
export function splitParts(polygon: ArealGeometry, line: readonly Position[]): PolygonGeometry[] {
  return splitFaces(polygon, line)
    .map((poly) => ({ poly, area: poly.reduce((sum, ring) => sum + signedArea2(ring), 0) }))
    .sort((a, b) => b.area - a.area)
    .map(({ poly }) => ({ type: 'Polygon', coordinates: poly.map(closeRing) }));
}
