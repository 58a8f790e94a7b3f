// Derives the outline of a unit-set catchment (a 划片 list of 小区/villages): the union of the
// Voronoi cells of its units' representative points, clipped to the county. Polygon units would
// give the same picture at their own edges; cells also cover the land between units.
import { featureCollection, intersect, point, polygon as turfPolygon, union, voronoi, bbox as turfBbox } from '@turf/turf';
import type { Feature as TurfFeature, MultiPolygon, Polygon } from 'geojson';
import type { ArealGeometry, Catchment, Position, Residence } from '../model';
import { interiorPoint } from './interior-point';

/** A point that lies on the unit: the point itself, or its interior point (as GEOS PointOnSurface). */
export function representativePoint(r: Residence): Position {
  if (r.geometry.type === 'Point') return r.geometry.coordinates;
  const p = interiorPoint(r.geometry);
  if (!p) throw new Error('empty outline');
  return p;
}

function round(g: ArealGeometry): ArealGeometry {
  const r = (p: number[]): [number, number] => [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: g.coordinates.map((ring) => ring.map(r)) }
    : { type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map((ring) => ring.map(r))) };
}

/**
 * Outline per catchment id for every 'units' catchment in the list (polygon catchments are skipped).
 * Units that share a location share one cell; the cell goes to the first catchment listing any of them.
 */
export function deriveUnitOutlines(catchments: readonly Catchment[], residences: readonly Residence[], clip: ArealGeometry | null): Map<string, ArealGeometry | null> {
  const unitCatchments = catchments.filter((c) => c.form === 'units');
  const out = new Map<string, ArealGeometry | null>();
  if (unitCatchments.length === 0) return out;

  // One site per distinct location, remembering which residences stand there.
  const siteOf = new Map<string, number>();
  const sites: Position[] = [];
  const siteByResidence = new Map<string, number>();
  for (const r of residences) {
    const p = representativePoint(r);
    const key = `${p[0].toFixed(7)},${p[1].toFixed(7)}`;
    let k = siteOf.get(key);
    if (k === undefined) {
      k = sites.length;
      sites.push(p);
      siteOf.set(key, k);
    }
    siteByResidence.set(r.id, k);
  }
  const clipFeature: TurfFeature<Polygon | MultiPolygon> | null = clip ? { type: 'Feature', properties: {}, geometry: clip } : null;
  const pad = 0.05;
  const box = clipFeature ? turfBbox(clipFeature) : turfBbox(featureCollection(sites.map((s) => point(s))));
  const cells = voronoi(featureCollection(sites.map((s) => point(s))), { bbox: [box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad] });

  const taken = new Set<number>();
  for (const c of unitCatchments) {
    const parts: TurfFeature<Polygon | MultiPolygon>[] = [];
    for (const unitId of c.unitIds) {
      const k = siteByResidence.get(unitId);
      if (k === undefined || taken.has(k)) continue;
      taken.add(k);
      const cell = cells.features[k];
      if (!cell || !cell.geometry) continue;
      const clipped = clipFeature ? intersect(featureCollection([turfPolygon(cell.geometry.coordinates), clipFeature])) : cell;
      if (clipped) parts.push(clipped as TurfFeature<Polygon | MultiPolygon>);
    }
    if (parts.length === 0) {
      out.set(c.id, null);
      continue;
    }
    const merged = parts.length === 1 ? parts[0] : union(featureCollection(parts));
    out.set(c.id, merged ? round(merged.geometry as ArealGeometry) : null);
  }
  return out;
}
