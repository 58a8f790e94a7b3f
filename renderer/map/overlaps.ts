// The areas where two catchments of a level overlap (drawn red on the map), from the pairs the
// evaluation found to share residences or ground.
import { featureCollection, intersect } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { Catchment } from '../../shared/model';

export function overlapAreas(catchments: readonly Catchment[], pairs: readonly [string, string][]): (Polygon | MultiPolygon)[] {
  const byId = new Map(catchments.map((c) => [c.id, c]));
  const out: (Polygon | MultiPolygon)[] = [];
  for (const [a, b] of pairs) {
    const ga = byId.get(a)?.geometry;
    const gb = byId.get(b)?.geometry;
    if (!ga || !gb) continue;
    try {
      const f = intersect(featureCollection([{ type: 'Feature', properties: {}, geometry: ga } as Feature<Polygon | MultiPolygon>, { type: 'Feature', properties: {}, geometry: gb } as Feature<Polygon | MultiPolygon>]));
      if (f) out.push(f.geometry);
    } catch {
      // an invalid polygon is reported as a problem of its own
    }
  }
  return out;
}
