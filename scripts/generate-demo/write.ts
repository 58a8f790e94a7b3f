// Writers for the demo's files: CSV as Chinese Excel expects it (UTF-8 with BOM, RFC 4180), and
// RFC 7946 GeoJSON in WGS84 with counter-clockwise outer rings and 6-decimal coordinates.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { rewind } from '@turf/turf';
import type { Feature, Geometry } from 'geojson';
import { toLonLat, type XY } from './frame';

export function csvCell(v: string | number | boolean | null): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(dir: string, file: string, header: string[], rows: (string | number | boolean | null)[][]): void {
  const text = '\ufeff' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\n') + '\n';
  put(dir, file, text);
}

export const ll = (line: XY[]) => line.map(toLonLat);

export function feature(geometry: Geometry, properties: Record<string, unknown>): Feature {
  const f: Feature = { type: 'Feature', properties, geometry };
  return geometry.type === 'Polygon' || geometry.type === 'MultiPolygon' ? (rewind(f, { reverse: false }) as Feature) : f;
}

export function writeGeoJson(dir: string, file: string, features: Feature[]): void {
  // One feature per line: small diffs when the generator changes, still plain GeoJSON.
  const body = features.map((f) => JSON.stringify(f)).join(',\n');
  put(dir, file, `{"type":"FeatureCollection","features":[\n${body}\n]}\n`);
}

export function put(dir: string, file: string, text: string): void {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
