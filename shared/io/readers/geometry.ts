// Structural check of a geometry read from a file, in the file's own coordinates. Unlike
// geo/validate-geometry (which also rejects positions outside longitude/latitude), any finite
// coordinates pass: projected data (feet, metres) is converted later. Extra ordinates (z, m) are
// dropped in place, and a MultiPoint of one point becomes a Point.
import type { Geometry } from '../../model';

export interface CheckedGeometry {
  geometry: Geometry | null;
  /** What makes the geometry unusable, or null. A missing geometry is not a problem here. */
  problem: string | null;
}

function position(p: unknown): string | null {
  if (!Array.isArray(p) || p.length < 2) return 'a position is not [x, y]';
  const x = p[0];
  const y = p[1];
  if (typeof x !== 'number' || typeof y !== 'number' || !Number.isFinite(x) || !Number.isFinite(y)) return 'a coordinate is not a finite number';
  if (p.length > 2) p.length = 2;
  return null;
}

function line(l: unknown, min: number, what: string): string | null {
  if (!Array.isArray(l) || l.length < min) return `a ${what} has fewer than ${min} positions`;
  for (const p of l) {
    const e = position(p);
    if (e) return e;
  }
  return null;
}

function ring(r: unknown): string | null {
  const e = line(r, 4, 'ring');
  if (e) return e;
  const pts = r as number[][];
  const a = pts[0];
  const b = pts[pts.length - 1];
  return a[0] !== b[0] || a[1] !== b[1] ? 'a ring is not closed (first and last positions differ)' : null;
}

function polygon(rings: unknown): string | null {
  if (!Array.isArray(rings) || rings.length === 0) return 'empty polygon';
  for (const r of rings) {
    const e = ring(r);
    if (e) return e;
  }
  return null;
}

function every(parts: unknown, what: string, check: (part: unknown) => string | null): string | null {
  if (!Array.isArray(parts) || parts.length === 0) return `empty ${what}`;
  for (const part of parts) {
    const e = check(part);
    if (e) return e;
  }
  return null;
}

export function checkGeometry(g: unknown): CheckedGeometry {
  if (g === null || g === undefined) return { geometry: null, problem: null };
  if (typeof g !== 'object' || Array.isArray(g)) return { geometry: null, problem: 'geometry is not an object' };
  const { type, coordinates } = g as { type?: unknown; coordinates?: unknown };
  let problem: string | null;
  switch (type) {
    case 'Point':
      problem = position(coordinates);
      break;
    case 'MultiPoint': {
      if (!Array.isArray(coordinates) || coordinates.length === 0) return { geometry: null, problem: 'empty MultiPoint' };
      if (coordinates.length > 1) return { geometry: null, problem: `a MultiPoint of ${coordinates.length} points is not supported (one point per row)` };
      const p = coordinates[0] as unknown;
      const e = position(p);
      return e ? { geometry: null, problem: e } : { geometry: { type: 'Point', coordinates: p as [number, number] }, problem: null };
    }
    case 'LineString':
      problem = line(coordinates, 2, 'line');
      break;
    case 'MultiLineString':
      problem = every(coordinates, 'multi-line', (l) => line(l, 2, 'line'));
      break;
    case 'Polygon':
      problem = polygon(coordinates);
      break;
    case 'MultiPolygon':
      problem = every(coordinates, 'multi-polygon', polygon);
      break;
    case undefined:
      return { geometry: null, problem: 'geometry has no type' };
    default:
      return { geometry: null, problem: `unsupported geometry type ${String(type)}` };
  }
  if (problem) return { geometry: null, problem };
  return { geometry: { type, coordinates } as Geometry, problem: null };
}
