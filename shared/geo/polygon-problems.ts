// Problems of a catchment or unit outline that the engine must report rather than trip over:
// structure (empty, unclosed, too few positions, out-of-range coordinates), self-intersection and
// winding. The engine still evaluates what it can; these are shown beside the figures.
import { kinks } from '@turf/turf';
import type { Polygon, MultiPolygon } from 'geojson';
import type { ArealGeometry } from '../model';
import { geometryProblem } from './validate-geometry';

function signedArea(ring: readonly number[][]): number {
  let s = 0;
  for (let k = 0; k + 1 < ring.length; k++) s += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
  return s / 2;
}

export type PolygonProblem = { severity: 'error' | 'warning'; message: string };

// Outlines are immutable values: the answer for one geometry object is kept while it lives.
const memo = new WeakMap<object, readonly PolygonProblem[]>();

/** Readable problems of one areal geometry, errors first; an empty list means it is usable. */
export function polygonProblems(g: ArealGeometry | null | undefined): readonly PolygonProblem[] {
  if (g && typeof g === 'object') {
    const known = memo.get(g);
    if (known) return known;
    const found = checkPolygon(g);
    memo.set(g, found);
    return found;
  }
  return checkPolygon(g);
}

function checkPolygon(g: ArealGeometry | null | undefined): PolygonProblem[] {
  const structural = geometryProblem(g, ['Polygon', 'MultiPolygon']);
  if (structural) return [{ severity: 'error', message: structural }];
  const geom = g as ArealGeometry;
  const out: { severity: 'error' | 'warning'; message: string }[] = [];
  const polys = geom.type === 'Polygon' ? [geom.coordinates] : geom.coordinates;
  polys.forEach((rings, p) => {
    rings.forEach((ring, r) => {
      const a = signedArea(ring);
      const where = polys.length > 1 ? `part ${p + 1}, ` : '';
      if (a === 0 && r === 0) out.push({ severity: 'error', message: `${where}outer ring has no area` });
      else if (a === 0) out.push({ severity: 'warning', message: `${where}hole ${r} has no area (a sliver; it changes nothing)` });
      else if ((r === 0 && a < 0) || (r > 0 && a > 0)) out.push({ severity: 'warning', message: `${where}${r === 0 ? 'outer ring is clockwise' : `hole ${r} is counter-clockwise`} (wrong winding; counted by the even–odd rule)` });
    });
  });
  try {
    const k = kinks(geom as Polygon | MultiPolygon);
    if (k.features.length > 0) {
      const [x, y] = k.features[0].geometry.coordinates;
      out.unshift({ severity: 'error', message: `self-intersection at ${x.toFixed(6)}, ${y.toFixed(6)}${k.features.length > 1 ? ` and ${k.features.length - 1} more` : ''}` });
    }
  } catch (e) {
    out.unshift({ severity: 'error', message: `unreadable outline (${(e as Error).message})` });
  }
  return out;
}
