// The project store: one SQLite/GeoPackage file, typed repositories over its tables, every write
// in a transaction. The backend reaches the file only through this interface.
import type Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import {
  defaultStandards, type BBox, type Catchment, type ContextFeature, type HousingDevelopment, type Level, type ProjectMeta,
  type Residence, type Road, type Scenario, type School, type SchoolStatus, type SchoolType, type StandardsProfile,
} from '../../shared/model';
import { createRtreeTriggers, dropRtreeTriggers, rebuildSpatialIndex, updateExtent } from './gpkg';
import { EnvelopeList, envelopesOfTable, packRtree } from './gpkg-rtree';
import { decodeGeometry, pointOf } from './gpkg-geometry';
import { CURRENT_SCHEMA_VERSION } from './migrations';
import { connect, inspectProjectFile, migrateOpen, PROJECT_FORMAT, ProjectFileError } from './open';
import {
  GRADE_COLS, RESIDENCE_COLUMNS, SCHOOL_COLUMNS, catchmentToRow, contextTable, contextToRow, housingToRow, residenceToRow, roadToRow,
  rowToCatchment, rowToContext, rowToHousing, rowToResidence, rowToRoad, rowToSchool, schoolToRow, type Row,
} from './rows';

export interface ResidenceColumns {
  ids: string[];
  x: Float64Array;
  y: Float64Array;
  pupils: Float64Array;
  settlement: Uint8Array;
  others: { row: number; geometry: Residence['geometry'] }[];
}

export interface EditLogEntry { seq: number; scenarioId: string; at: string; kind: string; payload: unknown; undone: boolean }

export interface ProjectStore {
  readonly path: string;
  meta(): ProjectMeta;
  transaction<T>(fn: () => T): T;
  /**
   * A transaction for loading many rows: within it, feature rows go in without their R-tree
   * triggers and each touched layer's R-tree is packed once at the end.
   */
  bulk<T>(fn: () => T): T;
  schools: { list(f?: { status?: SchoolStatus; type?: SchoolType }): School[]; get(id: string): School | null; insertMany(rows: School[]): void; count(): number; deleteAll(): void };
  residences: {
    /**
     * Every residence unit as columns, for a large project (a million rows in about a second, where
     * list() builds a million objects): ids, point coordinates (NaN for a polygon unit: `others`
     * lists their rows and geometries), pupils by grade (12 a row) and settlement (0 urban, 1 town, 2 rural).
     */
    columns(): ResidenceColumns;
    /** The cached column block (see migration 3), or null when the residences changed since. */
    columnsCache(): Uint8Array | null;
    setColumnsCache(bytes: Uint8Array): void;
    /** Changes whenever the residences are written through this store (for caches kept in memory). */
    generation(): number;
    list(f?: { bbox?: BBox; limit?: number }): Residence[]; get(id: string): Residence | null; insertMany(rows: Residence[]): void; count(): number; totalPupils(): number; deleteAll(): void };
  catchments: {
    list(f?: { scenarioId?: string; level?: Level }): Catchment[]; get(id: string): Catchment | null; insertMany(rows: Catchment[]): void;
    /** Writes a catchment over the one with its id (keeping its place in the list), or adds it. */
    put(c: Catchment): void; remove(id: string): void;
    count(f?: { level?: Level }): number; delete(f: { scenarioId?: string; level?: Level }): void;
  };
  scenarios: { list(): Scenario[]; insert(s: Scenario): void; baseline(): Scenario | null };
  housing: { list(): HousingDevelopment[]; insertMany(rows: HousingDevelopment[]): void; count(): number; deleteAll(): void };
  roads: { list(f?: { bbox?: BBox }): Road[]; insertMany(rows: Road[]): void; count(): number; deleteAll(): void };
  context: { list(): ContextFeature[]; insertMany(rows: ContextFeature[]): void };
  standards: { get(): StandardsProfile; update(key: string, patch: { primary?: number | null; junior?: number | null }): StandardsProfile };
  editLog: {
    append(e: { scenarioId: string; kind: string; payload: unknown }): number; list(scenarioId?: string): EditLogEntry[];
    /**
     * The newest entries of a scenario, newest first, without their payloads: the level and the
     * catchment ids are read from the stored edit (`level`, `changes[].id`) by SQLite.
     */
    recent(scenarioId: string, limit: number): { seq: number; at: string; kind: string; undone: boolean; level: string; catchmentIds: string[] }[];
    /** The newest entry not undone (what undo takes back), or null. */
    lastDone(scenarioId: string): EditLogEntry | null;
    /** The oldest undone entry (what redo applies again), or null. */
    firstUndone(scenarioId: string): EditLogEntry | null;
    setUndone(seq: number, undone: boolean): void;
    /** Drops the undone entries of a scenario (a new edit ends the redo branch). */
    dropUndone(scenarioId: string): void;
    /** Forgets the history (of one scenario, or all): after an import replaced what it edited. */
    clear(scenarioId?: string): void;
    counts(scenarioId: string): { done: number; undone: number };
  };
  extent(): BBox | null;
  countsByType(): Partial<Record<SchoolType, number>>;
  buildSpatialIndexes(): void;
  /** Records each layer's extent from its (current) spatial index, as GIS tools expect. */
  updateExtents(): void;
  checkpoint(): void;
  /**
   * For a file being built beside its target (never a published project): no journal and no syncs
   * while it is written; `endBuild` restores WAL and full syncs before it is moved into place.
   */
  beginBuild(): void;
  endBuild(): void;
  close(): void;
}

const FEATURE_TABLES = ['schools', 'residences', 'catchments', 'housing', 'roads', 'context_areas', 'context_lines', 'context_places'];

const BULK_ROWS = 2000;
const ROWS_PER_STATEMENT = 50;
const BATCH = 1000;

/**
 * Bulk writes to feature tables: while a bulk scope is open, rows go in without GDAL's R-tree
 * triggers, in multi-row statements; each touched layer's R-tree is packed once when the scope
 * closes (gpkg-rtree.ts). The envelopes of inserted rows are kept as they go in; a layer whose
 * earlier rows survive a partial delete is re-read from its table instead.
 */
class BulkScope {
  /** Per touched table: the envelopes of all its rows, or null when the table must be re-read. */
  readonly tables = new Map<string, EnvelopeList | null>();

  constructor(private readonly db: Database.Database) {}

  touch(table: string): void {
    if (this.tables.has(table)) return;
    dropRtreeTriggers(this.db, table);
    const empty = this.db.prepare(`SELECT 1 FROM "${table}" LIMIT 1`).get() === undefined;
    this.tables.set(table, empty ? new EnvelopeList() : null);
  }

  /** After `DELETE FROM table` with no condition. */
  cleared(table: string): void {
    this.touch(table);
    this.tables.set(table, new EnvelopeList());
  }

  /** After a partial delete. */
  changed(table: string): void {
    this.touch(table);
    this.tables.set(table, null);
  }

  close(): void {
    for (const [table, list] of this.tables) {
      packRtree(this.db, `rtree_${table}_geom`, list ?? envelopesOfTable(this.db, table));
      createRtreeTriggers(this.db, table);
    }
  }
}

const NO_DEFAULT = Symbol('no default');

/** Each column's default value as stored (NO_DEFAULT when it has none that a value can be left to). */
function columnDefaults(db: Database.Database, table: string): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const c of db.prepare(`PRAGMA table_info("${table}")`).all() as { name: string; notnull: number; dflt_value: string | null }[]) {
    const d = c.dflt_value;
    out.set(c.name, d === null ? (c.notnull ? NO_DEFAULT : null)
      : /^-?\d+(\.\d+)?$/.test(d) ? Number(d)
        : /^'.*'$/s.test(d) ? d.slice(1, -1).replace(/''/g, "'")
          : NO_DEFAULT);
  }
  return out;
}

/**
 * Inserts rows within a bulk scope: explicit fids, several rows a statement, envelopes kept. Columns
 * that hold only their default in the whole batch are left out of the statement (a residence layer
 * without townships, households or senior pupils binds 16 values a row instead of 24; binding
 * costs about 0.1 µs a value).
 */
function bulkInsert<T>(db: Database.Database, scope: BulkScope, table: string, columns: string[], items: readonly T[], toRow: (t: T) => Row): void {
  scope.touch(table);
  const envelopes = scope.tables.get(table) ?? null;
  const defaults = columnDefaults(db, table);
  const statements = new Map<string, { many: Database.Statement; single: Database.Statement; per: number; width: number }>();
  const statementsFor = (used: string[]) => {
    const key = used.join(',');
    let st = statements.get(key);
    if (!st) {
      const cols = ['fid', ...used];
      const one = `(${cols.map(() => '?').join(', ')})`;
      const per = Math.max(1, Math.min(ROWS_PER_STATEMENT, Math.floor(30000 / cols.length)));
      st = {
        many: db.prepare(`INSERT INTO "${table}" (${cols.join(', ')}) VALUES ${Array(per).fill(one).join(', ')}`),
        single: db.prepare(`INSERT INTO "${table}" (${cols.join(', ')}) VALUES ${one}`), per, width: cols.length,
      };
      statements.set(key, st);
    }
    return st;
  };
  const last = db.prepare(`SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = ?), 0), coalesce((SELECT max(fid) FROM "${table}"), 0)) AS n`).get(table) as { n: number };
  let fid = last.n;
  const values: unknown[] = [];
  // In batches small enough that their row objects die young (a large batch kept alive costs the
  // garbage collector more than the rows cost to make).
  for (let b = 0; b < items.length; b += BATCH) {
    const rows = items.slice(b, b + BATCH).map(toRow);
    const used = columns.filter((c) => {
      const d = defaults.has(c) ? defaults.get(c) : NO_DEFAULT;
      return d === NO_DEFAULT || rows.some((r) => (r[c] ?? null) !== d);
    });
    const { many, single, per, width } = statementsFor(used);
    let k = 0;
    for (const r of rows) {
      fid++;
      values.push(fid);
      for (const c of used) values.push(r[c] ?? null);
      envelopes?.pushGeometry(fid, r.geom);
      if (++k === per) {
        many.run(...values); // arguments bind faster than one array
        values.length = 0;
        k = 0;
      }
    }
    for (let o = 0; o < values.length; o += width) single.run(...values.slice(o, o + width));
    values.length = 0;
  }
}

function toEntry(r: Row): EditLogEntry {
  return { seq: Number(r.seq), scenarioId: String(r.scenario_id), at: String(r.at), kind: String(r.kind), payload: JSON.parse(String(r.payload)) as unknown, undone: Number(r.undone) === 1 };
}

function bboxClause(table: string): string {
  return `fid IN (SELECT id FROM rtree_${table}_geom WHERE maxx >= @minx AND minx <= @maxx AND maxy >= @miny AND miny <= @maxy)`;
}

function bboxParams(b: BBox) {
  return { minx: b[0], miny: b[1], maxx: b[2], maxy: b[3] };
}

function makeStore(db: Database.Database, path: string): ProjectStore {
  let depth = 0;
  const transaction = <T>(fn: () => T): T => {
    if (depth > 0) return fn(); // nested calls join the outer transaction
    depth++;
    try {
      return db.transaction(fn)();
    } finally {
      depth--;
    }
  };
  const write = (fn: () => void) => transaction(fn);
  let scope: BulkScope | null = null;
  const bulk = <T>(fn: () => T): T => {
    if (scope) return fn();
    return transaction(() => {
      const open = new BulkScope(db);
      scope = open;
      try {
        const out = fn();
        open.close();
        return out;
      } finally {
        scope = null; // on a throw the transaction rolls the dropped triggers back
      }
    });
  };
  /** Inserts items, converting each to its row as it goes (a million rows never sit in memory twice). */
  const insertAll = <T>(table: string, columns: string[], items: readonly T[], toRow: (t: T) => Row = (t) => t as Row): void => {
    if (items.length === 0) return;
    if (table === 'residences') dropColumnsCache();
    const spatial = FEATURE_TABLES.includes(table);
    if (spatial && (scope || items.length >= BULK_ROWS)) {
      bulk(() => bulkInsert(db, scope as BulkScope, table, columns, items, toRow));
      return;
    }
    const stmt = db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`);
    for (const item of items) stmt.run(toRow(item));
  };
  /** Deletes rows; deleting a whole feature layer drops and repacks its (then empty) R-tree. */
  /** The pupils of all residences (a summary asks often; a million rows take a quarter second to sum). */
  let pupilTotal: number | null = null;
  let residenceGeneration = 0;
  const dropColumnsCache = () => {
    pupilTotal = null;
    residenceGeneration++;
    db.prepare('DELETE FROM snp_residence_columns').run();
  };
  const deleteFrom = (table: string, where = '', params: object = {}) => {
    if (table === 'residences') dropColumnsCache();
    const spatial = FEATURE_TABLES.includes(table);
    if (!spatial || (!scope && where)) {
      db.prepare(`DELETE FROM "${table}" ${where}`).run(params);
      return;
    }
    bulk(() => {
      const open = scope as BulkScope;
      open.touch(table);
      db.prepare(`DELETE FROM "${table}" ${where}`).run(params);
      if (where) open.changed(table);
      else open.cleared(table);
    });
  };
  const count = (table: string, where = '', params: object = {}) => (db.prepare(`SELECT count(*) AS n FROM ${table} ${where}`).get(params) as { n: number }).n;

  const unitsOf = (catchmentId: string) =>
    (db.prepare('SELECT residence_id FROM catchment_units WHERE catchment_id = ? ORDER BY position').all(catchmentId) as { residence_id: string }[]).map((r) => r.residence_id);

  const store: ProjectStore = {
    path,
    meta() {
      const rows = db.prepare('SELECT key, value FROM snp_meta').all() as { key: string; value: string }[];
      const m = Object.fromEntries(rows.map((r) => [r.key, r.value]));
      return { name: m.name ?? '', region: m.region ?? null, createdAt: m.created_at ?? '', appVersion: m.app_version ?? '', schemaVersion: Number(m.schema_version) };
    },
    transaction,
    bulk,
    schools: {
      list(f = {}) {
        const where: string[] = [];
        if (f.status) where.push('status = @status');
        if (f.type) where.push('school_type = @type');
        const sql = `SELECT * FROM schools ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY fid`;
        return (db.prepare(sql).all(f) as Row[]).map(rowToSchool);
      },
      get(id) {
        const r = db.prepare('SELECT * FROM schools WHERE id = ?').get(id) as Row | undefined;
        return r ? rowToSchool(r) : null;
      },
      insertMany: (rows) => write(() => insertAll('schools', SCHOOL_COLUMNS, rows, schoolToRow)),
      count: () => count('schools'),
      // Catchments name their school: replacing the roster replaces every catchment too.
      deleteAll: () => write(() => {
        deleteFrom('catchments');
        deleteFrom('schools');
      }),
    },
    residences: {
      columns() {
        const n = count('residences');
        const out: ResidenceColumns = { ids: new Array<string>(n), x: new Float64Array(n), y: new Float64Array(n), pupils: new Float64Array(12 * n), settlement: new Uint8Array(n), others: [] };
        const settlements: Record<string, number> = { urban: 0, town: 1, rural: 2 };
        const stmt = db.prepare(`SELECT id, geom, settlement, ${GRADE_COLS('pupils').join(', ')} FROM residences ORDER BY fid`).raw(true);
        let k = 0;
        for (const r of stmt.iterate() as Iterable<unknown[]>) {
          if (k >= n) break;
          out.ids[k] = String(r[0]);
          const p = pointOf(r[1] as Uint8Array);
          if (p) {
            out.x[k] = p[0];
            out.y[k] = p[1];
          } else {
            out.x[k] = Number.NaN;
            out.y[k] = Number.NaN;
            out.others.push({ row: k, geometry: decodeGeometry(r[1] as Uint8Array) as Residence['geometry'] });
          }
          out.settlement[k] = settlements[String(r[2])] ?? 0;
          for (let g = 0; g < 12; g++) out.pupils[12 * k + g] = Number(r[3 + g] ?? 0);
          k++;
        }
        return out;
      },
      columnsCache() {
        const r = db.prepare('SELECT data FROM snp_residence_columns WHERE part = 0').get() as { data: Uint8Array } | undefined;
        return r ? r.data : null;
      },
      generation: () => residenceGeneration,
      setColumnsCache: (bytes) => write(() => {
        db.prepare('INSERT OR REPLACE INTO snp_residence_columns (part, data) VALUES (0, ?)').run(bytes);
      }),
      list(f = {}) {
        const where = f.bbox ? `WHERE ${bboxClause('residences')}` : '';
        const limit = f.limit ? `LIMIT ${Math.floor(f.limit)}` : '';
        return (db.prepare(`SELECT * FROM residences ${where} ORDER BY fid ${limit}`).all(f.bbox ? bboxParams(f.bbox) : {}) as Row[]).map(rowToResidence);
      },
      get(id) {
        const r = db.prepare('SELECT * FROM residences WHERE id = ?').get(id) as Row | undefined;
        return r ? rowToResidence(r) : null;
      },
      insertMany: (rows) => write(() => insertAll('residences', RESIDENCE_COLUMNS, rows, residenceToRow)),
      count: () => count('residences'),
      deleteAll: () => write(() => {
        deleteFrom('residences'); // unit lists cascade
      }),
      totalPupils: () => (pupilTotal ??= (db.prepare(`SELECT coalesce(sum(${GRADE_COLS('pupils').join(' + ')}), 0) AS n FROM residences`).get() as { n: number }).n),
    },
    catchments: {
      list(f = {}) {
        const where: string[] = [];
        if (f.scenarioId) where.push('scenario_id = @scenarioId');
        if (f.level) where.push('level = @level');
        const rows = db.prepare(`SELECT * FROM catchments ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY fid`).all(f) as Row[];
        return rows.map((r) => rowToCatchment(r, r.form === 'units' ? unitsOf(String(r.id)) : []));
      },
      insertMany: (rows) => write(() => {
        insertAll('catchments', ['geom', 'single', 'id', 'scenario_id', 'level', 'school_id', 'form', 'unit_count'], rows, catchmentToRow);
        const unit = db.prepare('INSERT INTO catchment_units (catchment_id, residence_id, position) VALUES (?, ?, ?)');
        for (const c of rows) c.unitIds.forEach((u, i) => unit.run(c.id, u, i));
      }),
      get(id) {
        const r = db.prepare('SELECT * FROM catchments WHERE id = ?').get(id) as Row | undefined;
        return r ? rowToCatchment(r, r.form === 'units' ? unitsOf(String(r.id)) : []) : null;
      },
      put: (c) => write(() => {
        const exists = db.prepare('SELECT 1 FROM catchments WHERE id = ?').get(c.id) !== undefined;
        if (!exists) {
          store.catchments.insertMany([c]);
          return;
        }
        const r = catchmentToRow(c);
        db.prepare('UPDATE catchments SET geom = @geom, single = @single, scenario_id = @scenario_id, level = @level, school_id = @school_id, form = @form, unit_count = @unit_count WHERE id = @id').run(r);
        db.prepare('DELETE FROM catchment_units WHERE catchment_id = ?').run(c.id);
        const unit = db.prepare('INSERT INTO catchment_units (catchment_id, residence_id, position) VALUES (?, ?, ?)');
        c.unitIds.forEach((u, i) => unit.run(c.id, u, i));
      }),
      remove: (id) => write(() => {
        db.prepare('DELETE FROM catchments WHERE id = ?').run(id); // its unit list cascades; the R-tree trigger follows
      }),
      count: (f = {}) => (f.level ? count('catchments', 'WHERE level = @level', f) : count('catchments')),
      delete: (f) => write(() => {
        const where: string[] = [];
        if (f.scenarioId) where.push('scenario_id = @scenarioId');
        if (f.level) where.push('level = @level');
        deleteFrom('catchments', where.length ? `WHERE ${where.join(' AND ')}` : '', f);
      }),
    },
    scenarios: {
      list: () => (db.prepare("SELECT * FROM scenarios ORDER BY kind = 'baseline' DESC, fid").all() as Row[]).map((r) => ({
        id: String(r.id), name: String(r.name), kind: r.kind as Scenario['kind'], parentId: (r.parent_id as string | null) ?? null,
        description: String(r.description), createdAt: String(r.created_at),
      })),
      insert: (s) => write(() => {
        db.prepare('INSERT INTO scenarios (id, name, kind, parent_id, description, created_at) VALUES (?, ?, ?, ?, ?, ?)').run(s.id, s.name, s.kind, s.parentId, s.description, s.createdAt);
      }),
      baseline: () => store.scenarios.list().find((s) => s.kind === 'baseline') ?? null,
    },
    housing: {
      list: () => (db.prepare('SELECT * FROM housing ORDER BY fid').all() as Row[]).map(rowToHousing),
      insertMany: (rows) => write(() => insertAll('housing', ['geom', 'id', 'name', 'name_pinyin', 'dwellings', 'completion_year', 'housing_type', 'pupils_per_dwelling'], rows, housingToRow)),
      count: () => count('housing'),
      deleteAll: () => write(() => {
        deleteFrom('housing');
      }),
    },
    roads: {
      list(f = {}) {
        const where = f.bbox ? `WHERE ${bboxClause('roads')}` : '';
        return (db.prepare(`SELECT * FROM roads ${where} ORDER BY fid`).all(f.bbox ? bboxParams(f.bbox) : {}) as Row[]).map(rowToRoad);
      },
      insertMany: (rows) => write(() => insertAll('roads', ['geom', 'id', 'name', 'road_class', 'oneway', 'single'], rows, roadToRow)),
      count: () => count('roads'),
      deleteAll: () => write(() => {
        deleteFrom('roads');
      }),
    },
    context: {
      list: () => ['context_areas', 'context_lines', 'context_places'].flatMap((t) => (db.prepare(`SELECT * FROM ${t} ORDER BY fid`).all() as Row[]).map(rowToContext)),
      insertMany: (rows) => write(() => {
        for (const f of rows) {
          const table = contextTable(f);
          const row = contextToRow(f);
          insertAll(table, Object.keys(row), [row]);
        }
      }),
    },
    standards: {
      get: () => (db.prepare('SELECT * FROM standards ORDER BY fid').all() as Row[]).map((r) => ({
        key: String(r.key), primary: r.primary_value === null ? null : Number(r.primary_value), junior: r.junior_value === null ? null : Number(r.junior_value),
        unit: String(r.unit), source: String(r.source), confidence: r.confidence as 'V2' | 'U', edited: Number(r.edited) === 1,
      })),
      update(key, patch) {
        write(() => {
          const found = db.prepare('SELECT 1 FROM standards WHERE key = ?').get(key);
          if (!found) throw new Error(`No standard figure "${key}" in this project`);
          if (patch.primary !== undefined) db.prepare('UPDATE standards SET primary_value = ?, edited = 1 WHERE key = ?').run(patch.primary, key);
          if (patch.junior !== undefined) db.prepare('UPDATE standards SET junior_value = ?, edited = 1 WHERE key = ?').run(patch.junior, key);
        });
        return store.standards.get();
      },
    },
    editLog: {
      append(e) {
        let seq = 0;
        write(() => {
          seq = Number(db.prepare('INSERT INTO edit_log (scenario_id, at, kind, payload) VALUES (?, ?, ?, ?)').run(e.scenarioId, new Date().toISOString(), e.kind, JSON.stringify(e.payload)).lastInsertRowid);
        });
        return seq;
      },
      list(scenarioId) {
        const rows = (scenarioId ? db.prepare('SELECT * FROM edit_log WHERE scenario_id = ? ORDER BY seq').all(scenarioId) : db.prepare('SELECT * FROM edit_log ORDER BY seq').all()) as Row[];
        return rows.map(toEntry);
      },
      recent: (scenarioId, limit) => (db.prepare(`SELECT seq, at, kind, undone, json_extract(payload, '$.level') AS level,
          (SELECT json_group_array(json_extract(value, '$.id')) FROM json_each(payload, '$.changes')) AS ids
          FROM edit_log WHERE scenario_id = ? ORDER BY seq DESC LIMIT ?`).all(scenarioId, Math.max(0, Math.floor(limit))) as Row[])
        .map((r) => ({ seq: Number(r.seq), at: String(r.at), kind: String(r.kind), undone: Number(r.undone) === 1, level: String(r.level), catchmentIds: JSON.parse(String(r.ids)) as string[] })),
      lastDone(scenarioId) {
        const r = db.prepare('SELECT * FROM edit_log WHERE scenario_id = ? AND undone = 0 ORDER BY seq DESC LIMIT 1').get(scenarioId) as Row | undefined;
        return r ? toEntry(r) : null;
      },
      firstUndone(scenarioId) {
        const r = db.prepare('SELECT * FROM edit_log WHERE scenario_id = ? AND undone = 1 ORDER BY seq LIMIT 1').get(scenarioId) as Row | undefined;
        return r ? toEntry(r) : null;
      },
      setUndone: (seq, undone) => write(() => {
        db.prepare('UPDATE edit_log SET undone = ? WHERE seq = ?').run(undone ? 1 : 0, seq);
      }),
      dropUndone: (scenarioId) => write(() => {
        db.prepare('DELETE FROM edit_log WHERE scenario_id = ? AND undone = 1').run(scenarioId);
      }),
      clear: (scenarioId) => write(() => {
        if (scenarioId) db.prepare('DELETE FROM edit_log WHERE scenario_id = ?').run(scenarioId);
        else db.prepare('DELETE FROM edit_log').run();
      }),
      counts(scenarioId) {
        const r = db.prepare('SELECT coalesce(sum(undone = 0), 0) AS done, coalesce(sum(undone = 1), 0) AS undone FROM edit_log WHERE scenario_id = ?').get(scenarioId) as { done: number; undone: number };
        return { done: Number(r.done), undone: Number(r.undone) };
      },
    },
    extent() {
      const b = db.prepare(`SELECT min(min_x) AS a, min(min_y) AS b, max(max_x) AS c, max(max_y) AS d FROM gpkg_contents WHERE table_name IN ('schools', 'residences', 'catchments', 'context_areas') AND min_x IS NOT NULL`).get() as { a: number | null; b: number | null; c: number | null; d: number | null };
      return b.a === null || b.b === null || b.c === null || b.d === null ? null : [b.a, b.b, b.c, b.d];
    },
    countsByType() {
      const rows = db.prepare('SELECT school_type AS t, count(*) AS n FROM schools GROUP BY school_type').all() as { t: SchoolType; n: number }[];
      return Object.fromEntries(rows.map((r) => [r.t, r.n]));
    },
    updateExtents: () => write(() => {
      for (const t of FEATURE_TABLES) updateExtent(db, t);
    }),
    buildSpatialIndexes: () => write(() => {
      for (const t of FEATURE_TABLES) rebuildSpatialIndex(db, t);
    }),
    beginBuild: () => {
      db.pragma('journal_mode = OFF');
      db.pragma('synchronous = OFF');
    },
    endBuild: () => {
      db.pragma('synchronous = FULL');
      db.pragma('journal_mode = WAL');
    },
    checkpoint: () => void db.pragma('wal_checkpoint(TRUNCATE)'),
    close: () => {
      if (db.open) db.close();
    },
  };
  return store;
}

export function createProject(path: string, meta: { name: string; region: string | null; appVersion: string }, opts: { overwrite?: boolean } = {}): ProjectStore {
  if (existsSync(path)) {
    if (!opts.overwrite) throw new ProjectFileError('io', `${path} already exists; choose another file or allow overwriting`, path);
    for (const s of ['', '-wal', '-shm', '-journal']) rmSync(path + s, { force: true });
  }
  let db: Database.Database;
  try {
    db = connect(path, true);
  } catch (e) {
    throw new ProjectFileError('io', `${path} cannot be created: ${(e as Error).message}`, path);
  }
  const store = makeStore(db, path);
  try {
    migrateOpen(db, path);
    db.transaction(() => {
      const set = db.prepare('INSERT INTO snp_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
      set.run('format', PROJECT_FORMAT);
      set.run('name', meta.name);
      set.run('region', meta.region ?? '');
      set.run('app_version', meta.appVersion);
      set.run('created_at', new Date().toISOString());
      const std = db.prepare('INSERT INTO standards (key, primary_value, junior_value, unit, source, confidence, edited) VALUES (?, ?, ?, ?, ?, ?, 0)');
      for (const f of defaultStandards()) std.run(f.key, f.primary, f.junior, f.unit, f.source, f.confidence);
    })();
  } catch (e) {
    db.close();
    for (const s of ['', '-wal', '-shm']) rmSync(path + s, { force: true });
    throw e;
  }
  return store;
}

export function openProject(path: string, _opts: { appVersion?: string } = {}): ProjectStore {
  inspectProjectFile(path);
  const db = connect(path, false);
  try {
    migrateOpen(db, path);
  } catch (e) {
    db.close();
    throw e;
  }
  return makeStore(db, path);
}

export { CURRENT_SCHEMA_VERSION };
