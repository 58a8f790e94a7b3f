// Migration 1: the GeoPackage core, the project meta table and the planning layers.
import type Database from 'better-sqlite3';
import { createGpkgCore, registerAttributesTable, registerFeatureTable } from '../gpkg';

export const grades = (prefix: string, type: string) => Array.from({ length: 12 }, (_, i) => `${prefix}_g${i + 1} ${type} NOT NULL DEFAULT 0`).join(', ');

export function up(db: Database.Database): void {
  createGpkgCore(db);
  db.exec(`
    CREATE TABLE snp_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);

    CREATE TABLE scenarios (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL,
      kind TEXT NOT NULL CHECK (kind IN ('baseline', 'variant')), parent_id TEXT REFERENCES scenarios(id),
      description TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL);

    CREATE TABLE schools (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT NOT NULL, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_pinyin TEXT,
      school_type TEXT NOT NULL, status TEXT NOT NULL, township TEXT, address TEXT,
      ${grades('enrol', 'INTEGER')}, ${grades('classes', 'INTEGER')},
      capacity_primary INTEGER, capacity_junior INTEGER, capacity_senior INTEGER,
      staff REAL, teachers REAL, floor_area_m2 REAL, site_area_m2 REAL, alliance TEXT, boarding INTEGER NOT NULL DEFAULT 0,
      extra TEXT NOT NULL DEFAULT '{}');

    CREATE TABLE residences (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY NOT NULL, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_pinyin TEXT,
      kind TEXT NOT NULL, settlement TEXT NOT NULL, township TEXT, households REAL, population REAL,
      ${grades('pupils', 'REAL')}, pupil_source TEXT NOT NULL, extra TEXT NOT NULL DEFAULT '{}');

    CREATE TABLE catchments (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON, id TEXT NOT NULL UNIQUE,
      scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE, level TEXT NOT NULL,
      school_id TEXT NOT NULL REFERENCES schools(id), form TEXT NOT NULL CHECK (form IN ('polygon', 'units')),
      unit_count INTEGER NOT NULL DEFAULT 0, single INTEGER NOT NULL DEFAULT 1);

    CREATE TABLE catchment_units (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, catchment_id TEXT NOT NULL REFERENCES catchments(id) ON DELETE CASCADE,
      residence_id TEXT NOT NULL REFERENCES residences(id) ON DELETE CASCADE, position INTEGER NOT NULL,
      UNIQUE (catchment_id, residence_id));

    CREATE TABLE housing (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, geom GEOMETRY NOT NULL, id TEXT NOT NULL UNIQUE, name TEXT NOT NULL, name_pinyin TEXT,
      dwellings INTEGER NOT NULL, completion_year INTEGER NOT NULL, housing_type TEXT, pupils_per_dwelling TEXT NOT NULL DEFAULT '{}');

    CREATE TABLE roads (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTILINESTRING NOT NULL, id TEXT NOT NULL UNIQUE, name TEXT,
      road_class TEXT NOT NULL, oneway INTEGER NOT NULL DEFAULT 0, single INTEGER NOT NULL DEFAULT 1);

    CREATE TABLE context_areas (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTIPOLYGON NOT NULL, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, name TEXT, name_pinyin TEXT, rank INTEGER, single INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE context_lines (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom MULTILINESTRING NOT NULL, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, name TEXT, name_pinyin TEXT, rank INTEGER, single INTEGER NOT NULL DEFAULT 1);
    CREATE TABLE context_places (fid INTEGER PRIMARY KEY AUTOINCREMENT, geom POINT NOT NULL, id TEXT NOT NULL UNIQUE, kind TEXT NOT NULL, name TEXT, name_pinyin TEXT, rank INTEGER);

    CREATE TABLE standards (
      fid INTEGER PRIMARY KEY AUTOINCREMENT, key TEXT NOT NULL UNIQUE, primary_value REAL, junior_value REAL, unit TEXT NOT NULL,
      source TEXT NOT NULL, confidence TEXT NOT NULL, edited INTEGER NOT NULL DEFAULT 0);
  `);
  registerFeatureTable(db, 'schools', 'POINT', 'Schools (学校)');
  registerFeatureTable(db, 'residences', 'GEOMETRY', 'Residence units (小区/村/街区) with pupils by grade');
  registerFeatureTable(db, 'catchments', 'MULTIPOLYGON', 'Catchments (学区/施教区) per scenario and level');
  registerFeatureTable(db, 'housing', 'GEOMETRY', 'Planned housing developments');
  registerFeatureTable(db, 'roads', 'MULTILINESTRING', 'Road network');
  registerFeatureTable(db, 'context_areas', 'MULTIPOLYGON', 'County, township boundaries and lakes');
  registerFeatureTable(db, 'context_lines', 'MULTILINESTRING', 'Rivers');
  registerFeatureTable(db, 'context_places', 'POINT', 'Place names');
  registerAttributesTable(db, 'scenarios', 'Scenarios: the baseline and variants');
  registerAttributesTable(db, 'catchment_units', 'Residence units listed in unit-set catchments (划片名单)');
  registerAttributesTable(db, 'standards', 'Standards profile of this project');
}
