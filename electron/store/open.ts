// Opening and creating project files. A file is checked read-only first (not SQLite? not ours?
// newer? damaged?) so a refusal changes nothing; only a good file is switched to WAL and migrated.
import Database from 'better-sqlite3';
import { closeSync, existsSync, openSync, readSync, rmSync, statSync } from 'node:fs';
import { registerGpkgFunctions } from './gpkg';
import { CURRENT_SCHEMA_VERSION, migrate, schemaVersion } from './migrations';

export type ProjectFileErrorCode = 'not_a_project' | 'project_too_new' | 'corrupt' | 'io';

export class ProjectFileError extends Error {
  constructor(readonly code: ProjectFileErrorCode, message: string, readonly path: string) {
    super(message);
    this.name = 'ProjectFileError';
  }
}

export const PROJECT_FORMAT = 'schoolnet-planner';
const SQLITE_MAGIC = 'SQLite format 3\u0000';

function readHeader(path: string): Buffer {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(100);
    const n = readSync(fd, buf, 0, 100, 0);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

function isCorruption(e: unknown): boolean {
  const code = (e as { code?: string }).code ?? '';
  return /SQLITE_(CORRUPT|NOTADB|IOERR)/.test(code) || /malformed|not a database|disk image/i.test(String((e as Error).message));
}

/** Checks a file without writing to it; throws ProjectFileError with a planner-readable reason. */
export function inspectProjectFile(path: string): { schemaVersion: number } {
  if (!existsSync(path)) throw new ProjectFileError('io', `${path} does not exist`, path);
  let header: Buffer;
  try {
    if (!statSync(path).isFile()) throw new Error('not a file');
    header = readHeader(path);
  } catch (e) {
    throw new ProjectFileError('io', `${path} cannot be read: ${(e as Error).message}`, path);
  }
  if (header.length < 100 || header.subarray(0, 16).toString('latin1') !== SQLITE_MAGIC) {
    throw new ProjectFileError('not_a_project', `${path} is not a SchoolNet project (it is not an SQLite/GeoPackage file)`, path);
  }
  const hadWal = existsSync(`${path}-wal`);
  const hadShm = existsSync(`${path}-shm`);
  let db: Database.Database | null = null;
  try {
    db = new Database(path, { readonly: true, fileMustExist: true });
    const format = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'snp_meta'").get()
      ? (db.prepare("SELECT value FROM snp_meta WHERE key = 'format'").get() as { value: string } | undefined)?.value
      : undefined;
    if (format !== PROJECT_FORMAT) {
      throw new ProjectFileError('not_a_project', `${path} is an SQLite file but not a SchoolNet project (an ordinary GeoPackage or database can be imported instead)`, path);
    }
    const version = schemaVersion(db);
    if (version > CURRENT_SCHEMA_VERSION) {
      throw new ProjectFileError('project_too_new', `${path} was written by a newer SchoolNet Planner (project schema ${version}; this version reads up to ${CURRENT_SCHEMA_VERSION}). Update the app to open it.`, path);
    }
    const check = db.pragma('quick_check', { simple: true });
    if (check !== 'ok') throw new ProjectFileError('corrupt', `${path} is damaged (${String(check)}); restore it from a backup`, path);
    return { schemaVersion: version };
  } catch (e) {
    if (e instanceof ProjectFileError) throw e;
    if (isCorruption(e)) throw new ProjectFileError('corrupt', `${path} is damaged (${(e as Error).message}); restore it from a backup`, path);
    throw new ProjectFileError('io', `${path} cannot be opened: ${(e as Error).message}`, path);
  } finally {
    db?.close();
    // A read-only look must leave no trace: remove side files this look created (an empty WAL only).
    if (!hadShm) rmSync(`${path}-shm`, { force: true });
    if (!hadWal && existsSync(`${path}-wal`) && statSync(`${path}-wal`).size === 0) rmSync(`${path}-wal`, { force: true });
  }
}

/** A read-write connection with the project pragmas and the GeoPackage functions. */
export function connect(path: string, create: boolean): Database.Database {
  const db = new Database(path, { fileMustExist: !create });
  registerGpkgFunctions(db);
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('synchronous = FULL'); // an acknowledged edit survives a crash of the process or the machine
  // Up to 128 MB of page cache (used only as needed): a million-row import keeps its indexes in memory.
  db.pragma('cache_size = -131072');
  return db;
}

export function migrateOpen(db: Database.Database, path: string): void {
  try {
    migrate(db);
  } catch (e) {
    throw new ProjectFileError('corrupt', `${path} could not be upgraded to the current project schema (${(e as Error).message}); the file was left as it was`, path);
  }
}
