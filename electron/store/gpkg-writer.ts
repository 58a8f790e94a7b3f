// Writes layers of features with attributes to a new GeoPackage for someone else (an export):
// one feature table per layer with typed columns (INTEGER, REAL, TEXT) named as given (Chinese
// names are fine), R-tree indexes, extents in gpkg_contents, and journal_mode=DELETE so the result
// is one self-contained file. Written beside the target and moved into place when complete.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Geometry } from '../../shared/model';
import { encodeGeometry } from './gpkg-geometry';
import { createGpkgCore, dropRtreeTriggers, rebuildSpatialIndex, registerAttributesTable, registerFeatureTable, registerGpkgFunctions } from './gpkg';

export interface ExportLayer {
  name: string;
  description: string;
  /** null: an attribute table (no geometry column). */
  geometryType: 'POINT' | 'MULTIPOLYGON' | 'GEOMETRY' | 'MULTILINESTRING' | null;
  features: { geometry: Geometry | null; properties: Record<string, string | number | boolean | null> }[];
}

function columnType(values: unknown[]): 'INTEGER' | 'REAL' | 'TEXT' {
  let sawReal = false;
  let sawAny = false;
  for (const v of values) {
    if (v === null || v === undefined) continue;
    sawAny = true;
    if (typeof v === 'boolean') continue;
    if (typeof v !== 'number') return 'TEXT';
    if (!Number.isInteger(v)) sawReal = true;
  }
  return !sawAny ? 'TEXT' : sawReal ? 'REAL' : 'INTEGER';
}

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** Promotes polygons to multipolygons so a MULTIPOLYGON layer holds one geometry type. */
function forLayer(g: Geometry | null, type: ExportLayer['geometryType']): Geometry | null {
  if (!g) return null;
  if (type === 'MULTIPOLYGON' && g.type === 'Polygon') return { type: 'MultiPolygon', coordinates: [g.coordinates] };
  if (type === 'MULTILINESTRING' && g.type === 'LineString') return { type: 'MultiLineString', coordinates: [g.coordinates] };
  return g;
}

export function writeGeoPackageFile(path: string, layers: ExportLayer[], opts: { overwrite?: boolean } = {}): void {
  if (existsSync(path) && !opts.overwrite) throw new Error(`${path} already exists`);
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.partial-${process.pid}`;
  rmSync(temp, { force: true });
  const db = new Database(temp);
  try {
    db.pragma('journal_mode = DELETE');
    registerGpkgFunctions(db);
    db.transaction(() => {
      createGpkgCore(db);
      for (const layer of layers) {
        const keys: string[] = [];
        for (const f of layer.features) for (const k of Object.keys(f.properties)) if (!keys.includes(k)) keys.push(k);
        const types = keys.map((k) => columnType(layer.features.map((f) => f.properties[k])));
        const type = layer.geometryType;
        const cells = (f: ExportLayer['features'][number]) => keys.map((k) => {
          const v = f.properties[k];
          return v === undefined ? null : typeof v === 'boolean' ? (v ? 1 : 0) : v;
        });
        const cols = keys.map((k, i) => `, ${quote(k)} ${types[i]}`).join('');
        if (type === null) {
          db.exec(`CREATE TABLE ${quote(layer.name)} (id INTEGER PRIMARY KEY AUTOINCREMENT${cols})`);
          registerAttributesTable(db, layer.name, layer.description);
          const insert = db.prepare(keys.length ? `INSERT INTO ${quote(layer.name)} (${keys.map(quote).join(', ')}) VALUES (${keys.map(() => '?').join(', ')})` : `INSERT INTO ${quote(layer.name)} DEFAULT VALUES`);
          for (const f of layer.features) insert.run(...cells(f));
          continue;
        }
        db.exec(`CREATE TABLE ${quote(layer.name)} (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom ${type}${cols})`);
        registerFeatureTable(db, layer.name, type, layer.description);
        dropRtreeTriggers(db, layer.name); // the R-tree is packed once the rows are in
        const insert = db.prepare(`INSERT INTO ${quote(layer.name)} (geom${keys.map((k) => `, ${quote(k)}`).join('')}) VALUES (?${keys.map(() => ', ?').join('')})`);
        for (const f of layer.features) {
          const g = forLayer(f.geometry, type);
          insert.run(g ? encodeGeometry(g) : null, ...cells(f));
        }
        rebuildSpatialIndex(db, layer.name);
      }
    })();
    db.close();
    if (existsSync(path)) rmSync(path);
    renameSync(temp, path);
  } catch (e) {
    if (db.open) db.close();
    rmSync(temp, { force: true });
    throw e;
  }
}
