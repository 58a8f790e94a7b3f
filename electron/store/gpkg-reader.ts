// Reads a planner's GeoPackage (from QGIS, ArcGIS, GDAL …) as a SourceTable for import: one
// feature or attribute table, its columns and rows, geometries decoded to GeoJSON shapes in the
// layer's own coordinates, and the layer's coordinate system as declared in gpkg_spatial_ref_sys.
// Opened read-only: the planner's file is never changed.
import Database from 'better-sqlite3';
import type { Problem } from '../../shared/base/problems';
import type { Geometry } from '../../shared/model';
import type { Cell, SourceTable } from '../../shared/io/source';
import { decodeGeometry } from './gpkg-geometry';

interface ContentRow { table_name: string; data_type: string }

export function geoPackageLayers(path: string): { name: string; kind: 'features' | 'attributes' }[] {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT table_name, data_type FROM gpkg_contents WHERE data_type IN ('features', 'attributes') ORDER BY table_name").all() as ContentRow[]).map((r) => ({ name: r.table_name, kind: r.data_type as 'features' | 'attributes' }));
  } finally {
    db.close();
  }
}

export function readGeoPackage(path: string, file: string, layer?: string): SourceTable {
  const problems: Problem[] = [];
  const empty = (message: string): SourceTable => ({ file, columns: [], rows: [], geometries: null, declaredCrs: null, encoding: null, problems: [{ file, message, severity: 'error' }] });
  let db: Database.Database;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
  } catch (e) {
    return empty(`cannot open as a GeoPackage (${(e as Error).message})`);
  }
  try {
    let contents: ContentRow[];
    try {
      contents = db.prepare("SELECT table_name, data_type FROM gpkg_contents WHERE data_type IN ('features', 'attributes') ORDER BY table_name").all() as ContentRow[];
    } catch {
      return empty('is not a GeoPackage (it has no gpkg_contents table)');
    }
    if (contents.length === 0) return empty('holds no feature or attribute table');
    const chosen = layer ? contents.find((c) => c.table_name === layer) : contents[0];
    if (!chosen) return empty(`has no layer "${layer}"; its layers are ${contents.map((c) => c.table_name).join(', ')}`);
    const name = `${file}:${chosen.table_name}`;
    const geomCol = chosen.data_type === 'features'
      ? (db.prepare('SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?').get(chosen.table_name) as { column_name: string; srs_id: number } | undefined)
      : undefined;
    let declaredCrs: SourceTable['declaredCrs'] = null;
    if (geomCol) {
      const srs = db.prepare('SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?').get(geomCol.srs_id) as { organization: string; organization_coordsys_id: number; definition: string } | undefined;
      if (srs && srs.organization?.toUpperCase() === 'EPSG' && srs.organization_coordsys_id > 0) declaredCrs = { kind: 'epsg', value: String(srs.organization_coordsys_id) };
      else if (srs && srs.definition && srs.definition !== 'undefined') declaredCrs = { kind: 'wkt', value: srs.definition };
    }
    const info = db.prepare(`PRAGMA table_info("${chosen.table_name.replace(/"/g, '""')}")`).all() as { name: string; pk: number; type: string }[];
    // The integer primary key (fid, or id in attribute tables) is the file's row number, not data.
    const columns = info.filter((c) => c.name !== geomCol?.column_name && !(c.pk === 1 && c.type.toUpperCase() === 'INTEGER')).map((c) => c.name);
    const rows: Cell[][] = [];
    const geometries: (Geometry | null)[] = [];
    const stmt = db.prepare(`SELECT * FROM "${chosen.table_name.replace(/"/g, '""')}"`);
    let k = 0;
    for (const raw of stmt.iterate() as Iterable<Record<string, unknown>>) {
      rows.push(columns.map((c) => {
        const v = raw[c];
        return v === null || v === undefined ? null : typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean' ? v : typeof v === 'bigint' ? Number(v) : String(v);
      }));
      if (geomCol) {
        const blob = raw[geomCol.column_name];
        let g: Geometry | null = null;
        if (blob instanceof Uint8Array) {
          try {
            g = decodeGeometry(blob);
          } catch (e) {
            problems.push({ file: name, row: k + 1, message: `geometry cannot be read (${(e as Error).message})`, severity: 'error' });
          }
        }
        geometries.push(g);
      }
      k++;
    }
    return { file: name, columns, rows, geometries: geomCol ? geometries : null, declaredCrs, encoding: null, problems };
  } finally {
    db.close();
  }
}
