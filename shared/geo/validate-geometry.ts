// Structural checks of GeoJSON geometry (types, coordinate ranges, closed rings) with readable messages.
import type { Geometry } from '../model';

function checkPosition(p: unknown): string | null {
  if (!Array.isArray(p) || p.length < 2) return 'a position is not [lon, lat]';
  const [x, y] = p as unknown[];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return 'a coordinate is not a number';
  if (x < -180 || x > 180 || y < -90 || y > 90) return `coordinate [${x}, ${y}] is outside longitude/latitude range (projected data needs a CRS)`;
  return null;
}

function checkLine(line: unknown, min: number): string | null {
  if (!Array.isArray(line) || line.length < min) return `a line has fewer than ${min} positions`;
  for (const p of line) {
    const e = checkPosition(p);
    if (e) return e;
  }
  return null;
}

function checkRing(ring: unknown): string | null {
  const e = checkLine(ring, 4);
  if (e) return e.replace('a line', 'a ring');
  const r = ring as number[][];
  const a = r[0];
  const b = r[r.length - 1];
  if (a[0] !== b[0] || a[1] !== b[1]) return 'a ring is not closed (first and last positions differ)';
  return null;
}

function checkPolygon(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'empty polygon';
  for (const r of rings) {
    const e = checkRing(r);
    if (e) return e;
  }
  return null;
}

/** Returns null when the value is a usable geometry of an allowed type, else what is wrong. */
export function geometryProblem(g: unknown, allowed: readonly Geometry['type'][] | null): string | null {
  if (g === null || g === undefined) return 'has no geometry';
  if (typeof g !== 'object') return 'geometry is not an object';
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  if (typeof type !== 'string') return 'geometry has no type';
  if (allowed && !allowed.includes(type as Geometry['type'])) return `geometry type ${type} is not allowed here (expected ${allowed.join(' or ')})`;
  switch (type) {
    case 'Point':
      return checkPosition(coordinates);
    case 'LineString':
      return checkLine(coordinates, 2);
    case 'MultiLineString':
      if (!Array.isArray(coordinates) || coordinates.length === 0) return 'empty multi-line';
      for (const l of coordinates) {
        const e = checkLine(l, 2);
        if (e) return e;
      }
      return null;
    case 'Polygon':
      return checkPolygon(coordinates);
    case 'MultiPolygon':
      if (!Array.isArray(coordinates) || coordinates.length === 0) return 'empty multi-polygon';
      for (const p of coordinates) {
        const e = checkPolygon(p);
        if (e) return e;
      }
      return null;
    default:
      return `unsupported geometry type ${type}`;
  }
}
