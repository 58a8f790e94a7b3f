// Vertex editing that keeps the map's topology: a corner shared by two or three catchments moves,
// appears or disappears on every side at once, so no gap or overlap opens along shared boundaries.
// Snapping lets a dragged corner land exactly on a nearby corner or boundary of another catchment.
import Flatbush from 'flatbush';
import type { Catchment, Position } from '../model';
import { catchmentLabel, EditOpError, findPolygonCatchment, finishEdit, vertexAction, cap, type EditContext } from './ops-context';
import type { Edit, CatchmentChange } from '.';
import { cleanRing, metresBetweenPositions, metresPerDegree, near, polysOf, ringsOf, round7, same, toSegmentMetres, type Polys, type Ring } from './ops-geometry';
import { edgesAt, levelPolygons, mustBeValid, mustNotNewlyOverlap, withOutline, type LevelPolygons, type Probe } from './ops-topology';

export interface SnapTarget {
  kind: 'vertex' | 'edge';
  /** The catchment snapped to; null for the county boundary. */
  catchmentId: string | null;
  /** For an edge: its two ends. */
  edge: [Position, Position] | null;
}

export interface SnapResult {
  /** Where the corner lands: the snapped position, or the given one when nothing is in reach. */
  position: Position;
  target: SnapTarget | null;
}

interface SnapEdge {
  id: string | null;
  a: Position;
  b: Position;
}

interface SnapIndex {
  clip: EditContext['clip'];
  edges: SnapEdge[];
  index: Flatbush | null;
}

// One index per catchment list (a new list after every edit), scenario and level: the UI calls
// snapPosition on every pointer move.
const snapIndexes = new WeakMap<readonly Catchment[], Map<string, SnapIndex>>();

function snapIndex(ctx: EditContext): SnapIndex {
  let perList = snapIndexes.get(ctx.catchments);
  if (!perList) {
    perList = new Map();
    snapIndexes.set(ctx.catchments, perList);
  }
  const k = `${ctx.scenarioId}|${ctx.level}`;
  const known = perList.get(k);
  if (known && known.clip === ctx.clip) return known;
  const edges: SnapEdge[] = [];
  const add = (id: string | null, polys: Polys) => {
    for (const ring of ringsOf(polys)) ring.forEach((a, j) => edges.push({ id, a, b: ring[(j + 1) % ring.length] }));
  };
  for (const [id, polys] of levelPolygons(ctx).polys) add(id, polys);
  if (ctx.clip) add(null, polysOf(ctx.clip));
  let index: Flatbush | null = null;
  if (edges.length) {
    index = new Flatbush(edges.length);
    for (const e of edges) index.add(Math.min(e.a[0], e.b[0]), Math.min(e.a[1], e.b[1]), Math.max(e.a[0], e.b[0]), Math.max(e.a[1], e.b[1]));
    index.finish();
  }
  const built = { clip: ctx.clip, edges, index };
  perList.set(k, built);
  return built;
}

/**
 * Where a corner dragged to `pos` lands: on the nearest corner of another catchment (or of the
 * county boundary) within `metres`, else on the nearest point of such a boundary within `metres`,
 * else at `pos`. Catchments listed in `exclude` (those moving with the corner) are not snapped to.
 */
export function snapPosition(ctx: EditContext, pos: Position, metres: number, exclude: readonly string[] = []): SnapResult {
  if (!(metres > 0)) return { position: pos, target: null };
  const { edges, index } = snapIndex(ctx);
  if (!index) return { position: pos, target: null };
  const [kx, ky] = metresPerDegree(pos[1]);
  const dx = (metres / kx) * 1.01;
  const dy = (metres / ky) * 1.01;
  const skip = new Set(exclude);
  const found = index.search(pos[0] - dx, pos[1] - dy, pos[0] + dx, pos[1] + dy).map((k) => edges[k]).filter((e) => e.id === null || !skip.has(e.id));
  let vertex: { d: number; e: SnapEdge; p: Position } | null = null;
  let edge: { d: number; e: SnapEdge; p: Position } | null = null;
  const better = (d: number, p: Position, best: { d: number; p: Position } | null) => !best || d < best.d || (d === best.d && (p[0] < best.p[0] || (p[0] === best.p[0] && p[1] < best.p[1])));
  for (const e of found) {
    for (const p of [e.a, e.b]) {
      const d = metresBetweenPositions(pos, p);
      if (d <= metres && better(d, p, vertex)) vertex = { d, e, p };
    }
    const s = toSegmentMetres(pos, e.a, e.b);
    if (s.metres <= metres && better(s.metres, s.q, edge)) edge = { d: s.metres, e, p: s.q };
  }
  if (vertex) return { position: [vertex.p[0], vertex.p[1]], target: { kind: 'vertex', catchmentId: vertex.e.id, edge: null } };
  if (edge) return { position: [edge.p[0], edge.p[1]], target: { kind: 'edge', catchmentId: edge.e.id, edge: [edge.e.a, edge.e.b] } };
  return { position: pos, target: null };
}

/** The exact position of the corner of catchment `id` at `at` (within 1e-9°), or a refusal. */
function cornerOf(ctx: EditContext, c: Catchment, polys: Polys, at: Position): Position {
  let best: Position | null = null;
  for (const ring of ringsOf(polys)) for (const p of ring) if (near(p, at) && (!best || Math.hypot(p[0] - at[0], p[1] - at[1]) < Math.hypot(best[0] - at[0], best[1] - at[1]))) best = p;
  if (!best) throw new EditOpError(`${cap(catchmentLabel(ctx, c))} has no corner at ${at[0].toFixed(7)}, ${at[1].toFixed(7)}; it may have changed meanwhile`);
  return best;
}

/** Ids of the level's polygon catchments that have a corner at p (within 1e-9°). */
function sharing(lp: LevelPolygons, p: Position): string[] {
  return [...lp.polys].filter(([, polys]) => ringsOf(polys).some((r) => r.some((q) => near(q, p)))).map(([id]) => id);
}

function mapRings(polys: Polys, fn: (ring: Ring) => Ring): Polys {
  return polys.map((poly) => poly.map(fn));
}

function cleaned(ctx: EditContext, c: Catchment, polys: Polys): Polys {
  return polys.map((poly) => poly.map((ring) => {
    const r = cleanRing(ring);
    if (!r) throw new EditOpError(`This would collapse a boundary of ${catchmentLabel(ctx, c)} (a ring needs at least three distinct corners)`);
    return r;
  }));
}

/** The edit of new outlines for some polygon catchments, after the validity and overlap checks. */
function vertexEdit(ctx: EditContext, lp: LevelPolygons, next: Map<string, Polys>, oldEdges: Probe[], newEdges: Probe[]): Edit {
  const after = new Map(lp.polys);
  for (const [id, polys] of next) after.set(id, polys);
  const changes: CatchmentChange[] = [];
  for (const [id, polys] of next) {
    const before = lp.byId.get(id)!;
    const updated = withOutline(before, polys);
    mustBeValid(ctx, before, updated.geometry);
    changes.push({ id, before, after: updated });
  }
  mustNotNewlyOverlap(ctx, lp, lp.polys, oldEdges, after, newEdges);
  return finishEdit(ctx, vertexAction, changes);
}

/**
 * Moves a corner of a polygon catchment from `at` to `to`, together with the same corner of every
 * other polygon catchment of the level (a shared boundary moves on both sides). With snapMetres,
 * `to` is first snapped (see snapPosition) to catchments not moving with the corner; landing on a
 * boundary inserts the corner into that boundary as well, so the two stay joined.
 */
export function moveVertex(ctx: EditContext, id: string, at: Position, to: Position, opts: { snapMetres?: number } = {}): Edit {
  const c = findPolygonCatchment(ctx, id);
  const lp = levelPolygons(ctx);
  const corner = cornerOf(ctx, c, lp.polys.get(id)!, at);
  const moving = sharing(lp, corner);
  // A corner lying on a neighbour's edge rather than on its corner (a T-junction, common in data
  // that was not noded): the neighbour gets the corner too, so it moves with it and no gap opens.
  const base = new Map<string, Polys>();
  for (const [nid, polys] of lp.polys) {
    if (moving.includes(nid)) continue;
    const joined = insertOnEdge(polys, corner);
    if (joined) {
      base.set(nid, joined);
      moving.push(nid);
    }
  }
  // Along the edges that meet at the corner, every other catchment's corner lying on them is made a
  // corner of this one too: the boundary is then the same chain of corners on both sides, and
  // moving the corner moves the same segment on both (not a long edge on one side and a short one
  // on the other, which would open a sliver).
  const junctions: Position[] = [];
  for (const polys of lp.polys.values()) for (const ring of ringsOf(polys)) for (const q of ring) junctions.push(q);
  for (const mid of moving) base.set(mid, nodeAt(base.get(mid) ?? lp.polys.get(mid)!, corner, junctions));
  const polysOfMoving = (mid: string) => base.get(mid) ?? lp.polys.get(mid)!;
  const snap = snapPosition(ctx, to, opts.snapMetres ?? 0, moving);
  const target: Position = snap.target ? snap.position : round7(to);
  if (same(target, corner) || (!snap.target && near(to, corner))) throw new EditOpError('nothing to change');

  const next = new Map<string, Polys>();
  for (const mid of moving) {
    next.set(mid, cleaned(ctx, lp.byId.get(mid)!, mapRings(polysOfMoving(mid), (ring) => ring.map((p) => (near(p, corner) ? ([target[0], target[1]] as Position) : p)))));
  }
  if (snap.target?.kind === 'edge' && snap.target.edge) {
    // The corner now lies on that boundary: every catchment with that edge gets the corner too.
    const [a, b] = snap.target.edge;
    for (const [nid, polys] of lp.polys) {
      if (next.has(nid)) continue;
      const r = insertBetween(polys, a, b, target);
      if (r) next.set(nid, r);
    }
  }
  const oldEdges = moving.flatMap((mid) => edgesAt(mid, polysOfMoving(mid), corner));
  const newEdges = moving.flatMap((mid) => edgesAt(mid, next.get(mid)!, target));
  return vertexEdit(ctx, lp, next, oldEdges, newEdges);
}

/**
 * The outline with each of `corners` that lies on one of its edges (within 0.5 m — boundaries rounded
 * to 6 decimals are off by up to 10 cm — and not at its ends) inserted there, in order along the
 * edge; only edges `which` accepts are looked at, and with `once` only the first corner found is
 * inserted. Null when nothing was inserted.
 */
function insertAlong(polys: Polys, corners: readonly Position[], which: (q: Position, n: Position) => boolean, once = false): Polys | null {
  let inserted = 0;
  const out = mapRings(polys, (ring) => {
    const r: Ring = [];
    ring.forEach((q, k) => {
      r.push(q);
      const n = ring[(k + 1) % ring.length];
      if ((once && inserted > 0) || !which(q, n)) return;
      const dx = n[0] - q[0];
      const dy = n[1] - q[1];
      const len2 = dx * dx + dy * dy;
      if (!(len2 > 0)) return;
      const on: { t: number; p: Position }[] = [];
      for (const c of corners) {
        if (near(c, q) || near(c, n)) continue;
        const t = ((c[0] - q[0]) * dx + (c[1] - q[1]) * dy) / len2;
        if (t > 0 && t < 1 && toSegmentMetres(c, q, n).metres < 0.5 && !on.some((o) => near(o.p, c))) on.push({ t, p: [c[0], c[1]] });
      }
      on.sort((a, b) => a.t - b.t);
      for (const o of once ? on.slice(0, 1) : on) r.push(o.p);
      inserted += once ? Math.min(1, on.length) : on.length;
    });
    return r;
  });
  return inserted > 0 ? out : null;
}

/** The outline with the given corners inserted, in order, into the edges that meet at `corner`. */
function nodeAt(polys: Polys, corner: Position, corners: readonly Position[]): Polys {
  return insertAlong(polys, corners, (q, n) => near(q, corner) || near(n, corner)) ?? polys;
}

/** The outline with p inserted into the edge it lies on; null when it lies on none. */
function insertOnEdge(polys: Polys, p: Position): Polys | null {
  return insertAlong(polys, [p], () => true, true);
}

/** The outline with p inserted wherever a ring runs a → b or b → a; null when it has no such edge. */
function insertBetween(polys: Polys, a: Position, b: Position, p: Position): Polys | null {
  let found = false;
  const out = mapRings(polys, (ring) => {
    const r: Ring = [];
    ring.forEach((q, k) => {
      r.push(q);
      const n = ring[(k + 1) % ring.length];
      if ((near(q, a) && near(n, b)) || (near(q, b) && near(n, a))) {
        r.push([p[0], p[1]]);
        found = true;
      }
    });
    return r;
  });
  return found ? out : null;
}

/**
 * Inserts a corner at `at` between the consecutive corners edgeStart and edgeEnd of a polygon
 * catchment, and into every other polygon catchment of the level with the same edge.
 */
export function insertVertex(ctx: EditContext, id: string, edgeStart: Position, edgeEnd: Position, at: Position): Edit {
  const c = findPolygonCatchment(ctx, id);
  const lp = levelPolygons(ctx);
  let edge: [Position, Position] | null = null;
  for (const ring of ringsOf(lp.polys.get(id)!)) {
    ring.forEach((q, k) => {
      const n = ring[(k + 1) % ring.length];
      if (!edge && ((near(q, edgeStart) && near(n, edgeEnd)) || (near(q, edgeEnd) && near(n, edgeStart)))) edge = [q, n];
    });
  }
  if (!edge) throw new EditOpError(`${cap(catchmentLabel(ctx, c))} has no boundary segment between those two corners; it may have changed meanwhile`);
  const [a, b] = edge as [Position, Position];
  const p = round7(at);
  if (same(p, a) || same(p, b)) throw new EditOpError('The new corner would coincide with an existing one; place it along the segment');
  const next = new Map<string, Polys>();
  for (const [nid, polys] of lp.polys) {
    const r = insertBetween(polys, a, b, p);
    if (r) next.set(nid, cleaned(ctx, lp.byId.get(nid)!, r));
  }
  const oldEdges: Probe[] = [...next.keys()].map((nid) => ({ id: nid, a, b }));
  const newEdges = [...next.keys()].flatMap((nid) => edgesAt(nid, next.get(nid)!, p));
  return vertexEdit(ctx, lp, next, oldEdges, newEdges);
}

/**
 * Removes the corner at `at` from every polygon catchment of the level that has it. Refused where
 * three or more boundaries meet (the sides would no longer match) and where a ring would be left
 * with fewer than three corners.
 */
export function deleteVertex(ctx: EditContext, id: string, at: Position): Edit {
  const c = findPolygonCatchment(ctx, id);
  const lp = levelPolygons(ctx);
  const corner = cornerOf(ctx, c, lp.polys.get(id)!, at);
  const owners = sharing(lp, corner);
  const neighbours: Position[] = [];
  for (const oid of owners) {
    for (const e of edgesAt(oid, lp.polys.get(oid)!, corner)) {
      const other = near(e.a, corner) ? e.b : e.a;
      if (!neighbours.some((q) => near(q, other))) neighbours.push(other);
    }
  }
  if (neighbours.length > 2) throw new EditOpError('Three or more boundaries meet at this corner; deleting it would open a gap between the catchments. Move it instead');
  const next = new Map<string, Polys>();
  for (const oid of owners) {
    const oc = lp.byId.get(oid)!;
    next.set(oid, mapRings(lp.polys.get(oid)!, (ring) => {
      if (!ring.some((q) => near(q, corner))) return ring;
      const r = cleanRing(ring.filter((q) => !near(q, corner)));
      if (!r) throw new EditOpError(`${cap(catchmentLabel(ctx, oc))} would be left with fewer than three corners in one of its rings; a boundary needs at least three corners (delete the catchment instead)`);
      return r;
    }));
  }
  const oldEdges = owners.flatMap((oid) => edgesAt(oid, lp.polys.get(oid)!, corner));
  const newEdges: Probe[] = [];
  for (const oid of owners) {
    for (const ring of ringsOf(lp.polys.get(oid)!)) {
      ring.forEach((q, k) => {
        if (near(q, corner)) newEdges.push({ id: oid, a: ring[(k - 1 + ring.length) % ring.length], b: ring[(k + 1) % ring.length] });
      });
    }
  }
  return vertexEdit(ctx, lp, next, oldEdges, newEdges.filter((e) => !same(e.a, e.b)));
}
