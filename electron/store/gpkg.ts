// GeoPackage plumbing: the core tables, registering feature and attribute tables, the R-tree
// spatial index extension with GDAL's triggers, and the ST_* functions those triggers call.
import type Database from 'better-sqlite3';
import { envelopeOf, isEmptyGeometry } from './gpkg-geometry';
import { envelopesOfTable, packRtree } from './gpkg-rtree';

export const GPKG_APPLICATION_ID = 0x47504b47;
export const GPKG_USER_VERSION = 10300; // 1.3 (1.4 makes GDAL 3.6 warn)

const WGS84_WKT = 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

/** Every connection that writes feature tables needs these, or the R-tree triggers fail. */
export function registerGpkgFunctions(db: Database.Database): void {
  const env = (blob: unknown) => (blob instanceof Uint8Array ? envelopeOf(blob) : null);
  db.function('ST_IsEmpty', { deterministic: true }, (blob: unknown) => (blob instanceof Uint8Array ? (isEmptyGeometry(blob) ? 1 : 0) : null));
  db.function('ST_MinX', { deterministic: true }, (blob: unknown) => env(blob)?.[0] ?? null);
  db.function('ST_MaxX', { deterministic: true }, (blob: unknown) => env(blob)?.[1] ?? null);
  db.function('ST_MinY', { deterministic: true }, (blob: unknown) => env(blob)?.[2] ?? null);
  db.function('ST_MaxY', { deterministic: true }, (blob: unknown) => env(blob)?.[3] ?? null);
}

export function createGpkgCore(db: Database.Database): void {
  db.pragma(`application_id = ${GPKG_APPLICATION_ID}`);
  db.pragma(`user_version = ${GPKG_USER_VERSION}`);
  db.exec(`
    CREATE TABLE gpkg_spatial_ref_sys (
      srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL,
      organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
    CREATE TABLE gpkg_contents (
      table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '',
      last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')),
      min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER,
      CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
    CREATE TABLE gpkg_geometry_columns (
      table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL,
      z TINYINT NOT NULL, m TINYINT NOT NULL,
      CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name),
      CONSTRAINT uk_gc_table_name UNIQUE (table_name),
      CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name),
      CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
    CREATE TABLE gpkg_extensions (
      table_name TEXT, column_name TEXT, extension_name TEXT NOT NULL, definition TEXT NOT NULL, scope TEXT NOT NULL,
      CONSTRAINT ge_tce UNIQUE (table_name, column_name, extension_name));
  `);
  const srs = db.prepare('INSERT INTO gpkg_spatial_ref_sys VALUES (?, ?, ?, ?, ?, ?)');
  srs.run('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
  srs.run('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');
  srs.run('WGS 84 geodetic', 4326, 'EPSG', 4326, WGS84_WKT, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid');
}

/** Registers an existing table with a `geom` column as a feature layer, with an R-tree index. */
export function registerFeatureTable(db: Database.Database, table: string, geometryType: string, description: string): void {
  db.prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, description, srs_id) VALUES (?, 'features', ?, ?, 4326)").run(table, table, description);
  db.prepare("INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, 4326, 0, 0)").run(table, geometryType);
  db.prepare("INSERT INTO gpkg_extensions VALUES (?, 'geom', 'gpkg_rtree_index', 'http://www.geopackage.org/spec120/#extension_rtree', 'write-only')").run(table);
  createRtreeTriggers(db, table);
}

/** GDAL's triggers that keep a layer's R-tree in step with its rows. */
export function createRtreeTriggers(db: Database.Database, table: string): void {
  db.exec(`CREATE VIRTUAL TABLE IF NOT EXISTS "rtree_${table}_geom" USING rtree(id, minx, maxx, miny, maxy);`);
  const t = table;
  const r = `rtree_${t}_geom`;
  const values = 'NEW.fid, ST_MinX(NEW.geom), ST_MaxX(NEW.geom), ST_MinY(NEW.geom), ST_MaxY(NEW.geom)';
  db.exec(`
    CREATE TRIGGER "${r}_insert" AFTER INSERT ON "${t}" WHEN (new.geom NOT NULL AND NOT ST_IsEmpty(NEW.geom))
      BEGIN INSERT OR REPLACE INTO "${r}" VALUES (${values}); END;
    CREATE TRIGGER "${r}_update1" AFTER UPDATE OF geom ON "${t}" WHEN OLD.fid = NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
      BEGIN INSERT OR REPLACE INTO "${r}" VALUES (${values}); END;
    CREATE TRIGGER "${r}_update2" AFTER UPDATE OF geom ON "${t}" WHEN OLD.fid = NEW.fid AND (NEW.geom IS NULL OR ST_IsEmpty(NEW.geom))
      BEGIN DELETE FROM "${r}" WHERE id = OLD.fid; END;
    CREATE TRIGGER "${r}_update3" AFTER UPDATE ON "${t}" WHEN OLD.fid != NEW.fid AND (NEW.geom NOTNULL AND NOT ST_IsEmpty(NEW.geom))
      BEGIN DELETE FROM "${r}" WHERE id = OLD.fid; INSERT OR REPLACE INTO "${r}" VALUES (${values}); END;
    CREATE TRIGGER "${r}_update4" AFTER UPDATE ON "${t}" WHEN OLD.fid != NEW.fid AND (NEW.geom IS NULL OR ST_IsEmpty(NEW.geom))
      BEGIN DELETE FROM "${r}" WHERE id IN (OLD.fid, NEW.fid); END;
    CREATE TRIGGER "${r}_delete" AFTER DELETE ON "${t}" WHEN old.geom NOT NULL
      BEGIN DELETE FROM "${r}" WHERE id = OLD.fid; END;
  `);
}

/** Drops those triggers (for a bulk load that fills the R-tree itself; recreate them after). */
export function dropRtreeTriggers(db: Database.Database, table: string): void {
  for (const s of ['insert', 'update1', 'update2', 'update3', 'update4', 'delete']) db.exec(`DROP TRIGGER IF EXISTS "rtree_${table}_geom_${s}"`);
}

export function registerAttributesTable(db: Database.Database, table: string, description: string): void {
  db.prepare("INSERT INTO gpkg_contents (table_name, data_type, identifier, description) VALUES (?, 'attributes', ?, ?)").run(table, table, description);
}

/** Rebuilds a layer's R-tree from its rows and stores the layer's extent in gpkg_contents. */
export function rebuildSpatialIndex(db: Database.Database, table: string): void {
  dropRtreeTriggers(db, table);
  packRtree(db, `rtree_${table}_geom`, envelopesOfTable(db, table));
  createRtreeTriggers(db, table);
  updateExtent(db, table);
}

/** Stores a layer's extent (from its R-tree, which must be current) in gpkg_contents. */
export function updateExtent(db: Database.Database, table: string): void {
  const r = `rtree_${table}_geom`;
  const b = db.prepare(`SELECT min(minx) AS a, min(miny) AS b, max(maxx) AS c, max(maxy) AS d FROM "${r}"`).get() as { a: number | null; b: number | null; c: number | null; d: number | null };
  db.prepare("UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = strftime('%Y-%m-%dT%H:%M:%fZ','now') WHERE table_name = ?").run(b.a, b.b, b.c, b.d, table);
}
