// The polygon catchments of one scenario and level seen as one map: their outlines by id, and the
// check that an edited outline neither is invalid nor newly overlaps another catchment.
import type { ArealGeometry, Catchment, Position } from '../model';
import { polygonProblems } from '../geo/polygon-problems';
import { containsPoint } from '../engine/catchment-index';
import { cap, catchmentLabel, EditOpError, levelCatchments, type EditContext } from './ops-context';
import { bboxesMeet, bboxOfPolys, geometryOf, key, near, polysOf, properCross, ringsOf, SAME_VERTEX, toSegment, type Polys } from './ops-geometry';

export interface LevelPolygons {
  /** Polygon catchments of the level with an outline, by id, in stored order. */
  byId: Map<string, Catchment>;
  polys: Map<string, Polys>;
}

export function levelPolygons(ctx: EditContext): LevelPolygons {
  const byId = new Map<string, Catchment>();
  const polys = new Map<string, Polys>();
  for (const c of levelCatchments(ctx)) {
    if (c.form !== 'polygon' || !c.geometry) continue;
    byId.set(c.id, c);
    polys.set(c.id, polysOf(c.geometry));
  }
  return { byId, polys };
}

/** The catchment with a new outline (same id, school and form). */
export function withOutline(c: Catchment, polys: Polys): Catchment {
  return { ...c, geometry: geometryOf(polys), unitIds: c.form === 'polygon' ? [] : c.unitIds };
}

/** Refuses an outline with errors (self-intersection, no area, …), naming the catchment. */
export function mustBeValid(ctx: EditContext, c: Catchment, g: ArealGeometry | null): void {
  const errors = polygonProblems(g).filter((p) => p.severity === 'error');
  if (errors.length) throw new EditOpError(`This would leave ${catchmentLabel(ctx, c)} with an invalid outline (${errors[0].message}); try a smaller change`);
}

/** An edge of an outline that an edit created or removed, used to look for overlaps it causes. */
export interface Probe {
  id: string;
  a: Position;
  b: Position;
}

/** Edges of catchment `id` that touch the position p (within 1e-9°). */
export function edgesAt(id: string, polys: Polys, p: Position): Probe[] {
  const out: Probe[] = [];
  for (const ring of ringsOf(polys)) {
    ring.forEach((q, k) => {
      if (!near(q, p)) return;
      out.push({ id, a: ring[(k - 1 + ring.length) % ring.length], b: q }, { id, a: q, b: ring[(k + 1) % ring.length] });
    });
  }
  return out;
}

interface Outline {
  polys: Polys;
  edges: Set<string>;
  geometry: ArealGeometry;
}

function outline(polys: Polys): Outline {
  const edges = new Set<string>();
  for (const ring of ringsOf(polys)) ring.forEach((p, k) => edges.add(`${key(p)}|${key(ring[(k + 1) % ring.length])}`));
  return { polys, edges, geometry: geometryOf(polys) };
}

function strictlyInside(o: Outline, p: Position): boolean {
  if (!containsPoint(o.geometry, p[0], p[1])) return false;
  for (const ring of ringsOf(o.polys)) for (let k = 0; k < ring.length; k++) if (toSegment(p, ring[k], ring[(k + 1) % ring.length]).d <= SAME_VERTEX) return false;
  return true;
}

/** Pairs "probe catchment|other catchment" whose interiors meet along the probe edges. */
function meetingPairs(state: ReadonlyMap<string, Polys>, probes: readonly Probe[]): Set<string> {
  const outlines = new Map<string, Outline>();
  const boxes = new Map([...state].map(([id, polys]) => [id, bboxOfPolys(polys)]));
  const get = (id: string): Outline => {
    let o = outlines.get(id);
    if (!o) {
      o = outline(state.get(id)!);
      outlines.set(id, o);
    }
    return o;
  };
  const out = new Set<string>();
  for (const pr of probes) {
    const box: [number, number, number, number] = [Math.min(pr.a[0], pr.b[0]), Math.min(pr.a[1], pr.b[1]), Math.max(pr.a[0], pr.b[0]), Math.max(pr.a[1], pr.b[1])];
    const mid: Position = [(pr.a[0] + pr.b[0]) / 2, (pr.a[1] + pr.b[1]) / 2];
    for (const id of state.keys()) {
      if (id === pr.id || out.has(`${pr.id}|${id}`)) continue;
      if (!bboxesMeet(boxes.get(id)!, box, SAME_VERTEX)) continue;
      const o = get(id);
      if (o.edges.has(`${key(pr.a)}|${key(pr.b)}`) || o.edges.has(`${key(pr.b)}|${key(pr.a)}`)) continue;
      let meets = strictlyInside(o, mid) || strictlyInside(o, pr.a) || strictlyInside(o, pr.b);
      for (const ring of ringsOf(o.polys)) {
        for (let k = 0; !meets && k < ring.length; k++) meets = properCross(pr.a, pr.b, ring[k], ring[(k + 1) % ring.length]);
        if (meets) break;
      }
      if (meets) out.add(`${pr.id}|${id}`);
    }
  }
  return out;
}

/**
 * Refuses an edit whose new edges make two catchments overlap where they did not before (the old
 * edges are checked the same way, so an overlap already in the data does not block editing nearby).
 */
export function mustNotNewlyOverlap(ctx: EditContext, lp: LevelPolygons, before: ReadonlyMap<string, Polys>, oldEdges: readonly Probe[], after: ReadonlyMap<string, Polys>, newEdges: readonly Probe[]): void {
  const was = meetingPairs(before, oldEdges);
  for (const pair of meetingPairs(after, newEdges)) {
    const [a, b] = pair.split('|');
    if (was.has(pair) || was.has(`${b}|${a}`)) continue;
    throw new EditOpError(`${cap(catchmentLabel(ctx, lp.byId.get(a)!))} would overlap ${catchmentLabel(ctx, lp.byId.get(b)!)}; move the corner less far, or move the shared boundary instead`);
  }
}
