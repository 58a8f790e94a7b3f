// GeoJSON geometry shapes used by the model. Coordinates are always WGS84/CGCS2000 [lon, lat].

export type Position = [number, number];
export interface PointGeometry { type: 'Point'; coordinates: Position }
export interface LineStringGeometry { type: 'LineString'; coordinates: Position[] }
export interface MultiLineStringGeometry { type: 'MultiLineString'; coordinates: Position[][] }
export interface PolygonGeometry { type: 'Polygon'; coordinates: Position[][] }
export interface MultiPolygonGeometry { type: 'MultiPolygon'; coordinates: Position[][][] }

export type ArealGeometry = PolygonGeometry | MultiPolygonGeometry;
export type LinearGeometry = LineStringGeometry | MultiLineStringGeometry;
export type Geometry = PointGeometry | LinearGeometry | ArealGeometry;

/** [minLon, minLat, maxLon, maxLat] */
export type BBox = [number, number, number, number];

export interface Feature<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'Feature';
  id?: string | number;
  geometry: G;
  properties: P;
}
export interface FeatureCollection<G extends Geometry = Geometry, P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Feature<G, P>[];
}
