// Imports planners' files into a project: reads each file (any format of shared/io/readers, or a
// GeoPackage through the store), joins side tables, builds records layer by layer (shared/io/import)
// and writes them in one transaction. A new project is written beside its target and moved into
// place only when complete, so nothing is ever half-written. The same code serves the CLI and the
// import wizard (through the API).
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import type { Problem } from '../../shared/base/problems';
import { parseCrs, type CrsSpec } from '../../shared/geo/crs';
import { deriveUnitOutlines } from '../../shared/geo/unit-outline';
import { buildAssignments, buildHousing, buildPolygonCatchments, buildResidences, buildRoads, buildSchools, joinTables, type LayerReport } from '../../shared/io/import/build';
import type { ImportLayer } from '../../shared/io/import/fields';
import { readSource } from '../../shared/io/readers';
import type { ReadOptions, SourceTable } from '../../shared/io/source';
import type { ImportFileSpec, ImportSpec } from '../../shared/io/import/recipe';
import type { BBox, Catchment, Residence, School } from '../../shared/model';
import { createProject, openProject, readGeoPackage, type ProjectStore } from '../store';

export type { ImportFileSpec, ImportSpec };

export interface ImportResult {
  ok: boolean;
  written: boolean;
  counts: { schools: number; residences: number; catchments: number; roads: number; housing: number };
  layers: LayerReport[];
  /** Every error and warning, by file, row and column. */
  problems: Problem[];
  ms: number;
}

export type ImportProgress = (phase: string, done: number, total: number) => void;

/** Reads one input file into a SourceTable (GeoPackage through the store, every other format in shared/). */
export async function readInputFile(path: string, opts: ReadOptions = {}): Promise<SourceTable> {
  const file = basename(path);
  if (!existsSync(path)) return { file, columns: [], rows: [], geometries: null, declaredCrs: null, encoding: null, problems: [{ file, message: `file not found: ${path}`, severity: 'error', code: 'file-not-found', params: { path } }] };
  const ext = extname(path).toLowerCase();
  if (ext === '.gpkg') return readGeoPackage(path, file, opts.layer);
  const bytes = new Uint8Array(readFileSync(path));
  let siblings: Record<string, Uint8Array> | undefined;
  if (ext === '.shp') {
    siblings = {};
    const stem = basename(path, extname(path)).toLowerCase();
    for (const f of readdirSync(dirname(path))) {
      if (basename(f, extname(f)).toLowerCase() === stem) siblings[f] = new Uint8Array(readFileSync(join(dirname(path), f)));
    }
  }
  return readSource(file, bytes, opts, siblings);
}

async function readWithJoins(spec: ImportFileSpec, opts: ReadOptions, seen?: (table: SourceTable) => void): Promise<SourceTable> {
  let table = await readInputFile(spec.path, { ...opts, layer: spec.layer, encoding: spec.encoding });
  for (const j of spec.joins ?? []) {
    const right = await readInputFile(j.path, { ...opts, layer: j.layer, encoding: j.encoding });
    table = joinTables(table, right, j.leftKey, j.rightKey);
    for (const p of right.problems) if (p.severity === 'error') table.problems.push(p);
  }
  seen?.(table);
  return table;
}

function crsOf(spec: ImportFileSpec, problems: Problem[]): CrsSpec | null {
  if (!spec.crs) return null;
  try {
    return parseCrs(spec.crs);
  } catch (e) {
    problems.push({ file: basename(spec.path), field: 'crs', message: (e as Error).message, severity: 'error' });
    return null;
  }
}

function bboxOf(schools: readonly School[], residences: readonly Residence[]): BBox | null {
  let b: BBox | null = null;
  const add = (x: number, y: number) => {
    b = b ? [Math.min(b[0], x), Math.min(b[1], y), Math.max(b[2], x), Math.max(b[3], y)] : [x, y, x, y];
  };
  for (const s of schools) add(s.location.coordinates[0], s.location.coordinates[1]);
  for (const r of residences) if (r.geometry.type === 'Point') add(r.geometry.coordinates[0], r.geometry.coordinates[1]);
  return b;
}

/**
 * Builds every layer of `spec` against the project's current data (references to schools or
 * residences not imported now are matched against the project's). Nothing is written.
 */
export async function buildImport(spec: ImportSpec, existing: { schools: School[]; residences: Residence[]; scenarioId: string }, opts: { signal?: { aborted: boolean }; progress?: ImportProgress; onTable?: (layer: ImportLayer, table: SourceTable) => void } = {}) {
  const seen = (layer: ImportLayer) => (opts.onTable ? (t: SourceTable) => opts.onTable?.(layer, t) : undefined);
  const problems: Problem[] = [];
  const layers: LayerReport[] = [];
  const read: ReadOptions = { signal: opts.signal };
  const steps = 6;
  let schools: School[] | null = null;
  let residences: Residence[] | null = null;
  let catchments: Catchment[] = [];
  let roads = null;
  let housing = null;
  if (spec.schools) {
    opts.progress?.('schools', 0, steps);
    const t = await readWithJoins(spec.schools, read, seen('schools'));
    const out = buildSchools(t, { crs: crsOf(spec.schools, problems), columns: spec.schools.columns, level: spec.schools.level, projectBbox: bboxOf(existing.schools, existing.residences) });
    schools = out.schools;
    layers.push(out.report);
  }
  const allSchools = schools ?? existing.schools;
  if (spec.residences) {
    opts.progress?.('residences', 1, steps);
    const t = await readWithJoins(spec.residences, { ...read, onProgress: (d, n) => opts.progress?.('residences', 1 + d / Math.max(1, n), steps) }, seen('residences'));
    const out = buildResidences(t, { crs: crsOf(spec.residences, problems), columns: spec.residences.columns, level: spec.residences.level, projectBbox: bboxOf(allSchools, []) });
    residences = out.residences;
    layers.push(out.report);
  }
  const allResidences = residences ?? existing.residences;
  if (spec.catchments) {
    opts.progress?.('catchments', 2, steps);
    const t = await readWithJoins(spec.catchments, read, seen('catchments'));
    const out = buildPolygonCatchments(t, allSchools, existing.scenarioId, { crs: crsOf(spec.catchments, problems), columns: spec.catchments.columns, level: spec.catchments.level, schoolKey: spec.catchments.schoolKey });
    catchments = catchments.concat(out.catchments);
    layers.push(out.report);
  }
  if (spec.assignments) {
    opts.progress?.('assignments', 3, steps);
    const t = await readWithJoins(spec.assignments, read, seen('assignments'));
    const out = buildAssignments(t, allSchools, allResidences, existing.scenarioId, { columns: spec.assignments.columns, level: spec.assignments.level, schoolKey: spec.assignments.schoolKey });
    // A polygon and a unit list for the same school and level: keep both under distinct ids.
    const ids = new Set(catchments.map((c) => c.id));
    catchments = catchments.concat(out.catchments.map((c) => (ids.has(c.id) ? { ...c, id: `${c.id}:units` } : c)));
    layers.push(out.report);
  }
  if (spec.roads) {
    opts.progress?.('roads', 4, steps);
    const out = buildRoads(await readWithJoins(spec.roads, read, seen('roads')), { crs: crsOf(spec.roads, problems), columns: spec.roads.columns });
    roads = out.roads;
    layers.push(out.report);
  }
  if (spec.housing) {
    opts.progress?.('housing', 5, steps);
    const out = buildHousing(await readWithJoins(spec.housing, read, seen('housing')), { crs: crsOf(spec.housing, problems), columns: spec.housing.columns, projectBbox: bboxOf(allSchools, allResidences) });
    housing = out.housing;
    layers.push(out.report);
  }
  // Outlines of unit-set catchments, for the map.
  if (catchments.some((c) => c.form === 'units') && allResidences.length > 0) {
    const outlines = deriveUnitOutlines(catchments, allResidences, null);
    catchments = catchments.map((c) => (outlines.has(c.id) ? { ...c, geometry: outlines.get(c.id) ?? null } : c));
  }
  for (const l of layers) {
    if (l.imported === 0 && !(l.layer === 'assignments' && l.rows > 0)) l.problems.push(l.rows === 0
      ? { file: l.file, message: 'has no data rows; nothing of this layer would be imported', severity: 'error', code: 'no-data-rows' }
      : { file: l.file, message: `none of its ${l.rows} rows could be used (see the problems by row)`, severity: 'error', code: 'no-usable-rows', params: { rows: l.rows } });
    for (const p of l.problems) problems.push(p);
  }
  return { schools, residences, catchments, roads, housing, layers, problems };
}

/** True when the import must not be written: an unreadable file, a wrong column or CRS, or a layer with nothing usable. */
function blocking(built: Awaited<ReturnType<typeof buildImport>>): boolean {
  const fileLevel = built.problems.some((p) => p.severity === 'error' && p.row === undefined);
  // A layer with nothing usable would replace the project's layer with nothing.
  // (An assignment list whose names match no unit is reported, not blocking: nothing is replaced.)
  const emptyLayer = built.layers.some((l) => l.imported === 0 && !(l.layer === 'assignments' && l.rows > 0));
  return fileLevel || emptyLayer;
}

export class ImportCancelled extends Error {
  constructor() {
    super('import cancelled: nothing was written');
    this.name = 'AbortError';
  }
}

const CHUNK = 50_000;

function writeInto(store: ProjectStore, built: Awaited<ReturnType<typeof buildImport>>, scenarioId: string, opts: { signal?: { aborted: boolean }; progress?: ImportProgress } = {}): void {
  store.bulk(() => {
    // The edit history describes catchments, schools and homes this import replaces: it ends here.
    if (built.schools || built.residences || built.catchments.length > 0) store.editLog.clear();
    if (built.schools) {
      store.schools.deleteAll();
      store.schools.insertMany(built.schools);
    }
    if (built.residences) {
      store.residences.deleteAll();
      // In chunks, for progress and cancel (a cancel throws, and the transaction rolls back).
      const all = built.residences;
      for (let k = 0; k < all.length; k += CHUNK) {
        if (opts.signal?.aborted) throw new ImportCancelled();
        store.residences.insertMany(all.slice(k, k + CHUNK));
        opts.progress?.('writing residences', Math.min(all.length, k + CHUNK), all.length);
      }
    }
    if (built.catchments.length > 0) {
      for (const level of new Set(built.catchments.map((c) => c.level))) store.catchments.delete({ scenarioId, level });
      store.catchments.insertMany(built.catchments);
    }
    if (built.roads) {
      store.roads.deleteAll();
      store.roads.insertMany(built.roads);
    }
    if (built.housing) {
      store.housing.deleteAll();
      store.housing.insertMany(built.housing);
    }
  });
}

/**
 * Imports into the project at `path`, creating it when it does not exist. All or nothing: if any
 * file is unusable nothing is written and the result says why; rows skipped for a reason are listed.
 */
export async function importIntoProject(path: string, spec: ImportSpec, appVersion: string, opts: { dryRun?: boolean; name?: string; signal?: { aborted: boolean }; progress?: ImportProgress } = {}): Promise<ImportResult> {
  const started = performance.now();
  const isNew = !existsSync(path);
  const existing = isNew ? null : openProject(path, { appVersion });
  try {
    const scenarioId = spec.scenarioId ?? existing?.scenarios.baseline()?.id ?? 'baseline';
    const built = await buildImport(spec, { schools: existing?.schools.list() ?? [], residences: existing?.residences.list() ?? [], scenarioId }, opts);
    const counts = { schools: built.schools?.length ?? 0, residences: built.residences?.length ?? 0, catchments: built.catchments.length, roads: built.roads?.length ?? 0, housing: built.housing?.length ?? 0 };
    const result = (written: boolean): ImportResult => ({ ok: !blocking(built), written, counts, layers: built.layers, problems: built.problems, ms: performance.now() - started });
    if (blocking(built) || opts.dryRun || opts.signal?.aborted) return result(false);
    opts.progress?.('writing', 6, 7);
    if (existing) {
      try {
        writeInto(existing, built, scenarioId, opts);
        existing.updateExtents();
      } catch (e) {
        if (e instanceof ImportCancelled) return { ...result(false), ok: false, problems: [...built.problems, { file: '', message: e.message, severity: 'error', code: 'cancelled' }] };
        throw e;
      }
      return result(true);
    }
    const temp = `${path}.partial-${process.pid}`;
    const clean = () => {
      for (const s of ['', '-wal', '-shm', '-journal']) rmSync(temp + s, { force: true });
    };
    clean();
    const store = createProject(temp, { name: opts.name ?? basename(path, extname(path)), region: null, appVersion });
    try {
      store.beginBuild();
      store.transaction(() => {
        store.scenarios.insert({ id: scenarioId, name: '现状 Baseline', kind: 'baseline', parentId: null, description: '', createdAt: new Date().toISOString() });
        writeInto(store, built, scenarioId, opts);
        store.updateExtents(); // the R-trees were filled as rows went in
      });
      store.endBuild();
      store.checkpoint();
      store.close();
      renameSync(temp, path);
    } catch (e) {
      try {
        store.close();
      } catch {
        // already closed
      }
      clean();
      if (e instanceof ImportCancelled) return { ...result(false), ok: false, problems: [...built.problems, { file: '', message: e.message, severity: 'error', code: 'cancelled' }] };
      throw e;
    }
    return result(true);
  } finally {
    existing?.close();
  }
}

/** What buildImport produced: the records of each layer given, and the report. */
export type BuiltImport = Awaited<ReturnType<typeof buildImport>>;

/**
 * The wizard's import (through the API): builds `spec` against the open project `store` and, unless
 * `dryRun` (or cancelled, or blocked by a file-level error), writes it into that project in one
 * transaction: all or nothing, by the same rules as importIntoProject. Also returns the built
 * records and each layer's source table, for the wizard's preview.
 */
export async function importIntoStore(store: ProjectStore, spec: ImportSpec, opts: { dryRun?: boolean; signal?: { aborted: boolean }; progress?: ImportProgress } = {}): Promise<{ result: ImportResult; built: BuiltImport; tables: Map<ImportLayer, SourceTable> }> {
  const started = performance.now();
  const scenarioId = spec.scenarioId ?? store.scenarios.baseline()?.id ?? 'baseline';
  const tables = new Map<ImportLayer, SourceTable>();
  const built = await buildImport(spec, { schools: store.schools.list(), residences: store.residences.list(), scenarioId }, { ...opts, onTable: (layer, t) => tables.set(layer, t) });
  const counts = { schools: built.schools?.length ?? 0, residences: built.residences?.length ?? 0, catchments: built.catchments.length, roads: built.roads?.length ?? 0, housing: built.housing?.length ?? 0 };
  const ok = !blocking(built);
  const result = (written: boolean): ImportResult => ({ ok, written, counts, layers: built.layers, problems: built.problems, ms: performance.now() - started });
  if (!ok || opts.dryRun || opts.signal?.aborted) return { result: result(false), built, tables };
  opts.progress?.('writing', 6, 7);
  try {
    writeInto(store, built, scenarioId, opts);
    store.updateExtents();
  } catch (e) {
    if (e instanceof ImportCancelled) return { result: { ...result(false), ok: false, problems: [...built.problems, { file: '', message: e.message, severity: 'error', code: 'cancelled' }] }, built, tables };
    throw e;
  }
  return { result: result(true), built, tables };
}
