// Opening refuses what is not a usable project without changing a byte; migrations each have a
// test that builds the schema one version back, adds rows, migrates and checks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProject, openProject, ProjectFileError, CURRENT_SCHEMA_VERSION } from '.';
import { registerGpkgFunctions, createGpkgCore } from './gpkg';
import { migrate, MIGRATIONS, schemaVersion } from './migrations';
import { schoolToRow, SCHOOL_COLUMNS } from './rows';
import * as F from './fixtures.test-helpers';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'snp-open-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function refusal(path: string): ProjectFileError {
  const before = existsSync(path) ? readFileSync(path) : null;
  let err: unknown;
  try {
    openProject(path).close();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(ProjectFileError);
  if (before) expect(readFileSync(path).equals(before), 'file bytes unchanged').toBe(true);
  expect(existsSync(`${path}-wal`), 'no -wal left').toBe(false);
  expect(existsSync(`${path}-shm`), 'no -shm left').toBe(false);
  return err as ProjectFileError;
}

function project(name: string): string {
  const path = join(dir, name);
  const s = createProject(path, { name: 'p', region: null, appVersion: '0' });
  s.scenarios.insert(F.scenario);
  s.schools.insertMany(F.schools);
  s.checkpoint();
  s.close();
  return path;
}

describe('opening a file that is not a usable project', () => {
  it('refuses a text file as not a project', () => {
    const p = join(dir, 'notes.sqlite');
    writeFileSync(p, '学校名单\n第一小学,45\n'.repeat(20));
    const e = refusal(p);
    expect(e.code).toBe('not_a_project');
    expect(e.message).toContain(p);
  });

  it('refuses a PNG renamed to .sqlite', () => {
    const p = join(dir, 'map.sqlite');
    writeFileSync(p, Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200, 7)]));
    expect(refusal(p).code).toBe('not_a_project');
  });

  it('refuses an ordinary GeoPackage (SQLite, but not ours) and says it can be imported', () => {
    const p = join(dir, 'other.gpkg');
    const db = new Database(p);
    registerGpkgFunctions(db);
    createGpkgCore(db);
    db.close();
    const e = refusal(p);
    expect(e.code).toBe('not_a_project');
    expect(e.message).toMatch(/imported/);
  });

  it('refuses a project written by a newer app, naming both versions', () => {
    const p = project('newer.sqlite');
    const db = new Database(p);
    db.prepare("UPDATE snp_meta SET value = '99' WHERE key = 'schema_version'").run();
    db.pragma('journal_mode = DELETE');
    db.close();
    const e = refusal(p);
    expect(e.code).toBe('project_too_new');
    expect(e.message).toContain('99');
    expect(e.message).toContain(String(CURRENT_SCHEMA_VERSION));
  });

  it('refuses a damaged file (garbage over its pages) as corrupt', () => {
    const p = project('damaged.sqlite');
    const bytes = readFileSync(p);
    for (let i = 4096; i < bytes.length; i += 7) bytes[i] = (bytes[i] * 31 + 17) & 0xff;
    writeFileSync(p, bytes);
    expect(refusal(p).code).toBe('corrupt');
  });

  it('refuses a truncated file as corrupt', () => {
    const p = project('truncated.sqlite');
    writeFileSync(p, readFileSync(p).subarray(0, 4096 * 3));
    expect(['corrupt']).toContain(refusal(p).code);
  });

  it('says a missing file does not exist', () => {
    const e = refusal(join(dir, 'nowhere.sqlite'));
    expect(e.code).toBe('io');
    expect(e.message).toMatch(/does not exist/);
  });

  it('refuses to create over an existing file unless asked to overwrite', () => {
    const p = project('exists.sqlite');
    expect(() => createProject(p, { name: 'x', region: null, appVersion: '0' })).toThrow(/already exists/);
    createProject(p, { name: 'x', region: null, appVersion: '0' }, { overwrite: true }).close();
  });
});

describe('migrations', () => {
  function atVersion(name: string, version: number): Database.Database {
    const db = new Database(join(dir, name));
    registerGpkgFunctions(db);
    migrate(db, version);
    return db;
  }

  it('are numbered 1, 2, … without gaps', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
  });

  it('1 creates the GeoPackage core and the planning layers on an empty file', () => {
    const db = atVersion('m1.sqlite', 1);
    expect(schemaVersion(db)).toBe(1);
    expect(db.pragma('application_id', { simple: true })).toBe(0x47504b47);
    const tables = (db.prepare("SELECT table_name FROM gpkg_contents ORDER BY table_name").all() as { table_name: string }[]).map((r) => r.table_name);
    expect(tables).toEqual(expect.arrayContaining(['schools', 'residences', 'catchments', 'catchment_units', 'scenarios', 'standards']));
    expect(tables).not.toContain('edit_log');
    db.close();
  });

  it('2 adds the edit log to a version-1 file and keeps its rows', () => {
    const db = atVersion('m2.sqlite', 1);
    db.prepare('INSERT INTO scenarios (id, name, kind, created_at) VALUES (?, ?, ?, ?)').run('baseline', '现状', 'baseline', 'now');
    const row = schoolToRow(F.schools[0]);
    db.prepare(`INSERT INTO schools (${SCHOOL_COLUMNS.join(', ')}) VALUES (${SCHOOL_COLUMNS.map((c) => `@${c}`).join(', ')})`).run(row);
    migrate(db, 2);
    expect(schemaVersion(db)).toBe(2);
    expect((db.prepare('SELECT name FROM schools').get() as { name: string }).name).toBe('青溪县实验小学');
    db.prepare("INSERT INTO edit_log (scenario_id, at, kind, payload) VALUES ('baseline', 'now', 'test', '{}')").run();
    expect(() => db.prepare("INSERT INTO edit_log (scenario_id, at, kind, payload) VALUES ('nope', 'now', 'test', '{}')").run()).toThrow(/FOREIGN KEY/);
    db.close();
  });

  it('3 adds the residence column cache to a version-2 file', () => {
    const db = atVersion('m3.sqlite', 2);
    migrate(db, 3);
    expect(schemaVersion(db)).toBe(3);
    db.prepare('INSERT INTO snp_residence_columns (part, data) VALUES (0, ?)').run(Buffer.from([1, 2, 3]));
    expect((db.prepare('SELECT length(data) AS n FROM snp_residence_columns').get() as { n: number }).n).toBe(3);
    db.close();
  });

  it('opening a file at every older version brings it to the current one', () => {
    for (let v = 1; v < CURRENT_SCHEMA_VERSION; v++) {
      const name = `old-v${v}.sqlite`;
      const db = atVersion(name, v);
      db.prepare("INSERT INTO snp_meta (key, value) VALUES ('format', 'schoolnet-planner'), ('name', 'old')").run();
      db.prepare('INSERT INTO scenarios (id, name, kind, created_at) VALUES (?, ?, ?, ?)').run('baseline', '现状', 'baseline', 'now');
      db.close();
      const s = openProject(join(dir, name));
      expect(s.meta().schemaVersion).toBe(CURRENT_SCHEMA_VERSION);
      expect(s.editLog.append({ scenarioId: 'baseline', kind: 'x', payload: 1 })).toBe(1);
      s.close();
    }
  });
});
