// The interior point of a polygon residence unit, by the same algorithm as GEOS's
// InteriorPointArea (PostGIS ST_PointOnSurface, sf::st_point_on_surface, OGR PointOnSurface):
// a horizontal scan line between the vertices nearest the bbox's middle height, and the midpoint
// of the widest interior section it crosses. Always inside (for valid polygons), deterministic,
// and the choice the planners' GIS makes, so assignments agree with theirs.
import type { ArealGeometry, Position } from '../model';

const avg = (a: number, b: number) => (a + b) / 2;

function scanLineY(rings: readonly Position[][]): number {
  let minY = Infinity;
  let maxY = -Infinity;
  for (const p of rings[0]) {
    if (p[1] < minY) minY = p[1];
    if (p[1] > maxY) maxY = p[1];
  }
  const centreY = avg(minY, maxY);
  let hiY = maxY;
  let loY = minY;
  for (const ring of rings) {
    for (const p of ring) {
      const y = p[1];
      if (y <= centreY) {
        if (y > loY) loY = y;
      } else if (y < hiY) hiY = y;
    }
  }
  return avg(hiY, loY);
}

function crossingX(p0: Position, p1: Position, y: number): number {
  const x0 = p0[0];
  const x1 = p1[0];
  if (x0 === x1) return x0;
  const m = (p1[1] - p0[1]) / (x1 - x0);
  return x0 + (y - p0[1]) / m;
}

function counted(p0: Position, p1: Position, y: number): boolean {
  if (p0[1] > y && p1[1] > y) return false;
  if (p0[1] < y && p1[1] < y) return false;
  if (p0[1] === p1[1]) return false; // horizontal
  if (p0[1] === y && p1[1] < y) return false; // downward segment does not include its start
  if (p1[1] === y && p0[1] < y) return false; // upward segment does not include its end
  return true;
}

function polygonInterior(rings: readonly Position[][]): { point: Position; width: number } | null {
  if (rings.length === 0 || rings[0].length === 0) return null;
  const y = scanLineY(rings);
  const xs: number[] = [];
  for (const ring of rings) {
    for (let k = 1; k < ring.length; k++) if (counted(ring[k - 1], ring[k], y)) xs.push(crossingX(ring[k - 1], ring[k], y));
  }
  let width = 0;
  let point: Position = [rings[0][0][0], rings[0][0][1]]; // zero-area polygon: its first vertex
  xs.sort((a, b) => a - b);
  for (let k = 0; k + 1 < xs.length; k += 2) {
    const w = xs[k + 1] - xs[k];
    if (w > width) {
      width = w;
      point = [avg(xs[k], xs[k + 1]), y];
    }
  }
  return { point, width };
}

/** A point inside the polygon (GEOS InteriorPointArea); null for an empty geometry. */
export function interiorPoint(g: ArealGeometry): Position | null {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let best: Position | null = null;
  let bestWidth = -1;
  for (const rings of polys) {
    const r = polygonInterior(rings);
    if (r && r.width > bestWidth) {
      bestWidth = r.width;
      best = r.point;
    }
  }
  return best;
}
