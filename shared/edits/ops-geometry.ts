// Plain geometry for the edit operations: rings as open position lists, rounding to the stored
// precision, segment tests, and Turf's polygon overlay behind three wrappers that never throw
// anything but a planner-readable EditOpError.
import { area as turfArea, difference as turfDifference, featureCollection, intersect as turfIntersect, union as turfUnion } from '@turf/turf';
import type { Feature as TurfFeature, MultiPolygon, Polygon } from 'geojson';
import type { ArealGeometry, BBox, Position } from '../model';
import { EditOpError } from './ops-context';

/** A ring without its closing position (first ≠ last). */
export type Ring = Position[];
/** Outer ring first, then holes. */
export type Poly = Ring[];
/** The parts of a (multi)polygon. */
export type Polys = Poly[];

/** Stored precision: 1e-7 degrees, about 1 cm. */
export const PRECISION = 1e7;
/** Positions this close (degrees) are the same vertex when looking one up. */
export const SAME_VERTEX = 1e-9;
/** Positions or edges this close (degrees, ~1 cm) are joined when outlines are settled. */
export const JOIN_TOLERANCE = 1e-7;

const R = 6_371_008.8;
const RAD = Math.PI / 180;

export function round7(p: Position): Position {
  return [Math.round(p[0] * PRECISION) / PRECISION, Math.round(p[1] * PRECISION) / PRECISION];
}

export function near(a: Position, b: Position, eps = SAME_VERTEX): boolean {
  return Math.abs(a[0] - b[0]) <= eps && Math.abs(a[1] - b[1]) <= eps;
}

export function same(a: Position, b: Position): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

export function key(p: Position): string {
  return `${p[0]},${p[1]}`;
}

/** The ring without its closing position (rings that are not closed are taken as they are). */
export function openRing(r: readonly Position[]): Ring {
  const n = r.length;
  const out = r.map((p) => [p[0], p[1]] as Position);
  if (n > 1 && same(r[0], r[n - 1])) out.pop();
  return out;
}

export function polysOf(g: ArealGeometry | null): Polys {
  if (!g) return [];
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  return polys.map((rings) => rings.map(openRing));
}

export function closeRing(r: Ring): Position[] {
  return [...r.map((p) => [p[0], p[1]] as Position), [r[0][0], r[0][1]]];
}

export function geometryOf(polys: Polys): ArealGeometry {
  if (polys.length === 1) return { type: 'Polygon', coordinates: polys[0].map(closeRing) };
  return { type: 'MultiPolygon', coordinates: polys.map((p) => p.map(closeRing)) };
}

export function ringsOf(polys: Polys): Ring[] {
  return polys.flat();
}

/** Consecutive repeats and zero-width spikes (a, b, a) removed; null when fewer than 3 positions remain. */
export function cleanRing(ring: Ring): Ring | null {
  let r = ring.slice();
  for (let changed = true; changed && r.length >= 3; ) {
    changed = false;
    const out: Ring = [];
    for (const p of r) if (out.length === 0 || !same(out[out.length - 1], p)) out.push(p);
    while (out.length > 1 && same(out[0], out[out.length - 1])) out.pop();
    if (out.length !== r.length) changed = true;
    r = out;
    for (let k = 0; r.length >= 3 && k < r.length; k++) {
      const prev = r[(k - 1 + r.length) % r.length];
      const next = r[(k + 1) % r.length];
      if (same(prev, next)) {
        // a → b → a: drop b and the repeated a.
        r = r.filter((_, j) => j !== k && j !== (k + 1) % r.length);
        changed = true;
        break;
      }
    }
  }
  return new Set(r.map(key)).size >= 3 ? r : null;
}

/** Rings cleaned; a part whose outer ring collapses is dropped, a collapsed hole too. */
export function cleanPolys(polys: Polys): Polys {
  const out: Polys = [];
  for (const poly of polys) {
    const outer = cleanRing(poly[0]);
    if (!outer) continue;
    const holes = poly.slice(1).map(cleanRing).filter((h): h is Ring => h !== null);
    out.push([outer, ...holes]);
  }
  return out;
}

export function bboxOfPolys(polys: Polys): BBox {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (const ring of ringsOf(polys)) {
    for (const p of ring) {
      if (p[0] < a) a = p[0];
      if (p[1] < b) b = p[1];
      if (p[0] > c) c = p[0];
      if (p[1] > d) d = p[1];
    }
  }
  return [a, b, c, d];
}

export function bboxesMeet(a: BBox, b: BBox, pad = 0): boolean {
  return a[0] - pad <= b[2] && b[0] - pad <= a[2] && a[1] - pad <= b[3] && b[1] - pad <= a[3];
}

/** Twice the signed area in degrees² (positive: counter-clockwise). */
export function signedArea2(ring: Ring): number {
  let s = 0;
  for (let k = 0; k < ring.length; k++) {
    const p = ring[k];
    const q = ring[(k + 1) % ring.length];
    s += p[0] * q[1] - q[0] * p[1];
  }
  return s;
}

/** Orientation of c against the line a → b: > 0 left, < 0 right, 0 on it. */
export function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

/** The segments cross at a point inside both (touching at an end or running along each other is not crossing). */
export function properCross(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  return ((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0));
}

/** Planar (degree) distance from p to segment a–b, the parameter and the nearest point. */
export function toSegment(p: Position, a: Position, b: Position): { d: number; t: number; q: Position } {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const q: Position = t === 0 ? a : t === 1 ? b : [a[0] + t * dx, a[1] + t * dy];
  return { d: Math.hypot(p[0] - q[0], p[1] - q[1]), t, q };
}

/** Metres per degree of longitude and of latitude at a latitude. */
export function metresPerDegree(lat: number): [number, number] {
  return [Math.cos(lat * RAD) * RAD * R, RAD * R];
}

/** Distance in metres from p to segment a–b and the nearest point, in a local frame about p. */
export function toSegmentMetres(p: Position, a: Position, b: Position): { metres: number; q: Position } {
  const [kx, ky] = metresPerDegree(p[1]);
  const ax = (a[0] - p[0]) * kx;
  const ay = (a[1] - p[1]) * ky;
  const bx = (b[0] - p[0]) * kx;
  const by = (b[1] - p[1]) * ky;
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  let t = len2 > 0 ? (-ax * dx - ay * dy) / len2 : 0;
  t = Math.max(0, Math.min(1, t));
  const q: Position = t === 0 ? a : t === 1 ? b : [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])];
  return { metres: Math.hypot(ax + t * dx, ay + t * dy), q };
}

export function metresBetweenPositions(a: Position, b: Position): number {
  const [kx, ky] = metresPerDegree((a[1] + b[1]) / 2);
  return Math.hypot((a[0] - b[0]) * kx, (a[1] - b[1]) * ky);
}

/** Area in m² (Turf's spherical formula). */
export function areaOf(g: ArealGeometry | Polys | null): number {
  if (!g) return 0;
  const geom = Array.isArray(g) ? (g.length ? geometryOf(g) : null) : g;
  return geom ? turfArea(geom) : 0;
}

const feature = (g: ArealGeometry): TurfFeature<Polygon | MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g });

function overlay(what: string, run: () => TurfFeature<Polygon | MultiPolygon> | null): ArealGeometry | null {
  try {
    const f = run();
    return f ? (f.geometry as ArealGeometry) : null;
  } catch (e) {
    throw new EditOpError(`The outlines could not be ${what} (${(e as Error).message}); check them for self-intersections and try again`);
  }
}

export function unionOf(gs: readonly ArealGeometry[]): ArealGeometry | null {
  if (gs.length === 0) return null;
  if (gs.length === 1) return gs[0];
  return overlay('joined', () => turfUnion(featureCollection(gs.map(feature))));
}

/** `g` minus every geometry of `minus` (only those whose boxes meet it are passed to the overlay). */
export function differenceOf(g: ArealGeometry, minus: readonly ArealGeometry[]): ArealGeometry | null {
  const box = bboxOfPolys(polysOf(g));
  const relevant = minus.filter((m) => bboxesMeet(box, bboxOfPolys(polysOf(m))));
  if (relevant.length === 0) return g;
  return overlay('cut', () => turfDifference(featureCollection([feature(g), ...relevant.map(feature)])));
}

export function intersectionOf(a: ArealGeometry, b: ArealGeometry): ArealGeometry | null {
  return overlay('clipped', () => turfIntersect(featureCollection([feature(a), feature(b)])));
}
