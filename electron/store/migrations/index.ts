// Numbered migrations, applied in order, each in its own transaction. Never edit a shipped one: add the next.
import type Database from 'better-sqlite3';
import * as m001 from './001-geopackage-core';
import * as m002 from './002-edit-log';
import * as m003 from './003-residence-columns';

export interface Migration { version: number; name: string; up(db: Database.Database): void }

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'geopackage-core', up: m001.up },
  { version: 2, name: 'edit-log', up: m002.up },
  { version: 3, name: 'residence-columns', up: m003.up },
];

export const CURRENT_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

export function schemaVersion(db: Database.Database): number {
  const has = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'snp_meta'").get();
  if (!has) return 0;
  const row = db.prepare("SELECT value FROM snp_meta WHERE key = 'schema_version'").get() as { value: string } | undefined;
  return row ? Number(row.value) : 0;
}

/** Brings the file from its version up to `target` (default: current). */
export function migrate(db: Database.Database, target = CURRENT_SCHEMA_VERSION): void {
  for (const m of MIGRATIONS) {
    if (m.version > target) break;
    if (schemaVersion(db) >= m.version) continue;
    db.transaction(() => {
      m.up(db);
      db.prepare("INSERT INTO snp_meta (key, value) VALUES ('schema_version', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value").run(String(m.version));
    })();
  }
}
