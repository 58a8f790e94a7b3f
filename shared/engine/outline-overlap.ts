// Whether two catchment outlines overlap, and by how much: a cheap exact test of whether their
// interiors may meet (so neighbours that only share a boundary are never intersected), and the
// intersection's area by Turf. Both depend on the two outlines alone.
import { area as turfArea, bbox as turfBbox, featureCollection, intersect } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ArealGeometry } from '../model';
import { pointInEdges, polygonEdges } from './catchment-index';

function feature(g: ArealGeometry): Feature<Polygon | MultiPolygon> {
  return { type: 'Feature', properties: {}, geometry: g };
}

// Outlines are immutable values: the answer for one pair is kept while both objects live, so an
// edit re-measures only the pairs of the outline it changed.
const areaMemo = new WeakMap<object, WeakMap<object, number | null>>();
const meetMemo = new WeakMap<object, WeakMap<object, boolean>>();

function memo2<T>(memo: WeakMap<object, WeakMap<object, T>>, a: object, b: object, compute: () => T): T {
  let inner = memo.get(a);
  if (!inner) memo.set(a, (inner = new WeakMap()));
  if (inner.has(b)) return inner.get(b)!;
  const value = compute();
  inner.set(b, value);
  return value;
}

/** Area of the intersection of two outlines in km² (null when an outline cannot be intersected). */
export function overlapAreaKm2(a: ArealGeometry, b: ArealGeometry): number | null {
  return memo2(areaMemo, a, b, () => measureOverlap(a, b));
}

type Edges = NonNullable<ReturnType<typeof polygonEdges>>;

/** Sign of the turn a → b → p (0: collinear, in floating point). */
function turn(ax: number, ay: number, bx: number, by: number, px: number, py: number): number {
  const d = (bx - ax) * (py - ay) - (by - ay) * (px - ax);
  return d > 0 ? 1 : d < 0 ? -1 : 0;
}

/** Within ON (degrees, about 0.1 mm) of an edge: counts as on the boundary, whatever the rounding. */
const ON = 1e-9;

function onBoundary(e: Edges, x: number, y: number): boolean {
  for (let k = 0; k < e.n; k++) {
    const ax = e.ax[k];
    const ay = e.ay[k];
    const bx = e.bx[k];
    const by = e.by[k];
    if (x < Math.min(ax, bx) - ON || x > Math.max(ax, bx) + ON || y < ay - ON || y > by + ON) continue;
    const len = Math.hypot(bx - ax, by - ay);
    if (Math.abs((bx - ax) * (y - ay) - (by - ay) * (x - ax)) <= ON * len) return true;
  }
  return false;
}

/** Some vertex or edge midpoint of `a` in the window lies inside `b` and not on its boundary. */
function pointInside(a: Edges, b: Edges, w: readonly number[]): boolean {
  const test = (x: number, y: number): boolean => x >= w[0] && x <= w[2] && y >= w[1] && y <= w[3] && pointInEdges(b.ax, b.ay, b.bx, b.by, x, y) && !onBoundary(b, x, y);
  for (let k = 0; k < a.n; k++) if (test(a.ax[k], a.ay[k]) || test(a.bx[k], a.by[k]) || test((a.ax[k] + a.bx[k]) / 2, (a.ay[k] + a.by[k]) / 2)) return true;
  return false;
}

/** The same edges (an outline drawn twice): no edge crosses and no point lies off the other's boundary. */
function sameEdges(a: Edges, b: Edges): boolean {
  if (a.n !== b.n) return false;
  const key = (e: Edges, k: number) => `${e.ax[k]},${e.ay[k]},${e.bx[k]},${e.by[k]}`;
  const edges = new Set(Array.from({ length: a.n }, (_, k) => key(a, k)));
  for (let k = 0; k < b.n; k++) if (!edges.has(key(b, k))) return false;
  return true;
}

/**
 * Whether two outlines' interiors may share area: an edge of one crosses an edge of the other at a
 * point inside both, or a vertex or edge midpoint of one lies inside the other (off its boundary),
 * or they are the same outline. Neighbours that only share boundary vertices and edges do not
 * qualify. A function of the two outlines alone, so a fresh evaluation and one updated after
 * edits measure the same pairs.
 */
export function interiorsMayMeet(ga: ArealGeometry, gb: ArealGeometry): boolean {
  return memo2(meetMemo, ga, gb, () => {
    const a = polygonEdges(ga);
    const b = polygonEdges(gb);
    if (!a || !b) return false;
    const w = [Math.max(a.bbox[0], b.bbox[0]), Math.max(a.bbox[1], b.bbox[1]), Math.min(a.bbox[2], b.bbox[2]), Math.min(a.bbox[3], b.bbox[3])];
    if (w[0] >= w[2] || w[1] >= w[3]) return false;
    const inWindow = (e: Edges): number[] => {
      const out: number[] = [];
      for (let k = 0; k < e.n; k++) if (Math.max(e.ax[k], e.bx[k]) >= w[0] && Math.min(e.ax[k], e.bx[k]) <= w[2] && e.by[k] >= w[1] && e.ay[k] <= w[3]) out.push(k);
      return out;
    };
    const ea = inWindow(a);
    const eb = inWindow(b);
    for (const i of ea) {
      for (const j of eb) {
        if (Math.max(a.ax[i], a.bx[i]) < Math.min(b.ax[j], b.bx[j]) || Math.max(b.ax[j], b.bx[j]) < Math.min(a.ax[i], a.bx[i]) || a.by[i] < b.ay[j] || b.by[j] < a.ay[i]) continue;
        const d1 = turn(a.ax[i], a.ay[i], a.bx[i], a.by[i], b.ax[j], b.ay[j]);
        const d2 = turn(a.ax[i], a.ay[i], a.bx[i], a.by[i], b.bx[j], b.by[j]);
        if (d1 === 0 || d2 === 0 || d1 === d2) continue;
        const d3 = turn(b.ax[j], b.ay[j], b.bx[j], b.by[j], a.ax[i], a.ay[i]);
        const d4 = turn(b.ax[j], b.ay[j], b.bx[j], b.by[j], a.bx[i], a.by[i]);
        if (d3 !== 0 && d4 !== 0 && d3 !== d4) return true;
      }
    }
    return pointInside(a, b, w) || pointInside(b, a, w) || sameEdges(a, b);
  });
}

function measureOverlap(a: ArealGeometry, b: ArealGeometry): number | null {
  const ba = turfBbox(feature(a));
  const bb = turfBbox(feature(b));
  if (ba[2] < bb[0] || bb[2] < ba[0] || ba[3] < bb[1] || bb[3] < ba[1]) return 0;
  try {
    const x = intersect(featureCollection([feature(a), feature(b)]));
    return x ? turfArea(x) / 1e6 : 0;
  } catch {
    return null; // invalid outlines: reported as catchment problems
  }
}
