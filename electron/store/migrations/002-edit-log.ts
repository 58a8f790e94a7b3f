// Migration 2: the edit log (the undo/redo stack of later issues) and lookup indexes.
import type Database from 'better-sqlite3';
import { registerAttributesTable } from '../gpkg';

export function up(db: Database.Database): void {
  db.exec(`
    CREATE TABLE edit_log (
      seq INTEGER PRIMARY KEY AUTOINCREMENT, scenario_id TEXT NOT NULL REFERENCES scenarios(id) ON DELETE CASCADE,
      at TEXT NOT NULL, kind TEXT NOT NULL, payload TEXT NOT NULL, undone INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX edit_log_scenario ON edit_log (scenario_id, seq);
    CREATE INDEX catchments_scenario_level ON catchments (scenario_id, level);
    CREATE INDEX catchment_units_residence ON catchment_units (residence_id);
    CREATE INDEX schools_type ON schools (school_type, status);
  `);
  registerAttributesTable(db, 'edit_log', 'Edit log: every acknowledged edit, walked by undo/redo');
}
