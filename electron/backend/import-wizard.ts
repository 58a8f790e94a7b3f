// The import wizard's methods (import.upload / preview / commit / cancel) over the import engine
// (import.ts). A browser cannot hand the host a path, so the wizard uploads each file's bytes into
// a session folder under the system temp folder; the parts of a shapefile share one session under
// their own names, so the engine finds the .dbf/.prj/.cpg beside the .shp. The folders go when the
// backend closes (and a session's files once its import is written).
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { ApiError, schemas, type Handlers, type ParsedParams, type PushEvent, type Result } from '../../shared/api';
import type { Problem } from '../../shared/base/problems';
import { interiorPoint } from '../../shared/geo/interior-point';
import type { LayerReport } from '../../shared/io/import/build';
import { IMPORT_LAYERS, type ImportLayer } from '../../shared/io/import/fields';
import type { Cell, SourceTable } from '../../shared/io/source';
import type { Geometry, Position } from '../../shared/model';
import type { ProjectStore } from '../store';
import { importIntoStore, type BuiltImport, type ImportFileSpec, type ImportResult, type ImportSpec } from './import';

type WizardMethod = 'import.upload' | 'import.preview' | 'import.commit' | 'import.cancel';

export interface ImportWizardOptions {
  /** The open project (throws no_project when none is). */
  store(): ProjectStore;
  emit(e: PushEvent): void;
  /** Where session folders go (default: a new folder in the system temp folder). */
  tempDir?: string;
}

export interface ImportWizard {
  handlers: Pick<Handlers, WizardMethod>;
  /** Stops running jobs and removes every uploaded file. */
  dispose(): void;
}

const SAMPLE_ROWS = 20;
const SAMPLE_POSITIONS = 500;
const MAX_FILES_PER_SESSION = 100;
const MAX_PROBLEMS = 1000;
const MAX_LAYER_PROBLEMS = 500;
const MAX_NAMES = 200;
const MAX_CELL_CHARS = 200;

let jobCounter = 0;

export function createImportWizard(opts: ImportWizardOptions): ImportWizard {
  let root: string | null = opts.tempDir ?? null;
  const jobs = new Map<string, { aborted: boolean }>();

  const rootDir = (): string => {
    if (!root) root = mkdtempSync(join(tmpdir(), 'schoolnet-import-'));
    mkdirSync(root, { recursive: true });
    return root;
  };

  /** The host path of an uploaded file; not_found (naming the field) when the session has no such file. */
  const pathOf = (fileId: string, field: string): string => {
    const slash = fileId.indexOf('/');
    const session = fileId.slice(0, slash);
    const name = fileId.slice(slash + 1);
    const nameOk = schemas.importFileName.safeParse(name).success && schemas.importSession.safeParse(session).success;
    const path = root && nameOk ? join(root, session, name) : null;
    if (!path || !existsSync(path)) {
      throw new ApiError({ code: 'not_found', message: `${field}: no uploaded file "${name}" in this session (upload it first with import.upload)`, field });
    }
    return path;
  };

  const toSpec = (p: ParsedParams<'import.preview'>, store: ProjectStore): ImportSpec => {
    const spec: ImportSpec = {};
    for (const layer of IMPORT_LAYERS) {
      const ref = p[layer];
      if (!ref) continue;
      const f: ImportFileSpec = { path: pathOf(ref.fileId, `params.${layer}.fileId`) };
      if (ref.layer !== undefined) f.layer = ref.layer;
      if (ref.encoding !== undefined) f.encoding = ref.encoding;
      if (ref.crs !== undefined) f.crs = ref.crs;
      if (ref.columns !== undefined) f.columns = ref.columns;
      if (ref.level !== undefined) f.level = ref.level;
      if (ref.schoolKey !== undefined) f.schoolKey = ref.schoolKey;
      if (ref.joins) {
        f.joins = ref.joins.map((j, k) => ({
          path: pathOf(j.fileId, `params.${layer}.joins.${k}.fileId`), leftKey: j.leftKey, rightKey: j.rightKey,
          ...(j.layer !== undefined ? { layer: j.layer } : {}), ...(j.encoding !== undefined ? { encoding: j.encoding } : {}),
        }));
      }
      spec[layer] = f;
    }
    if (p.scenarioId !== undefined) {
      if (!store.scenarios.list().some((s) => s.id === p.scenarioId)) {
        throw new ApiError({ code: 'not_found', message: `params.scenarioId: no scenario "${p.scenarioId}"`, field: 'params.scenarioId' });
      }
      spec.scenarioId = p.scenarioId;
    }
    return spec;
  };

  /** Runs the engine as one job: progress events under the job id, cancellable through import.cancel. */
  const run = async (p: ParsedParams<'import.preview'>, dryRun: boolean) => {
    const store = opts.store();
    const spec = toSpec(p, store);
    const jobId = p.jobId ?? `import-${++jobCounter}`;
    if (jobs.has(jobId)) throw new ApiError({ code: 'invalid_params', message: `params.jobId: a job "${jobId}" is already running`, field: 'params.jobId' });
    const signal = { aborted: false };
    jobs.set(jobId, signal);
    const label = dryRun ? 'import preview' : 'import';
    let last = 0;
    let lastPhase = '';
    const progress = (phase: string, done: number, total: number | null) => {
      const now = Date.now();
      if (phase === lastPhase && now - last < 100) return; // at most ten a second within a phase
      last = now;
      lastPhase = phase;
      opts.emit({ event: 'job.progress', payload: { jobId, label, phase, done: Math.max(0, done), total } });
    };
    try {
      const out = await importIntoStore(store, spec, { dryRun, signal, progress });
      if (signal.aborted && !out.result.written) {
        progress('cancelled', 0, null);
        throw new ApiError({ code: 'cancelled', message: dryRun ? 'The preview was cancelled' : 'The import was cancelled; nothing was written' });
      }
      progress('done', 7, 7);
      return { jobId, ...out };
    } finally {
      jobs.delete(jobId);
    }
  };

  const handlers: Pick<Handlers, WizardMethod> = {
    'import.upload': ({ name, dataBase64, session, append }) => {
      const id = session ?? randomBytes(8).toString('hex');
      const dir = join(rootDir(), id);
      mkdirSync(dir, { recursive: true });
      const path = join(dir, name);
      const had = existsSync(path) ? statSync(path).size : null;
      if (append && had === null) {
        throw new ApiError({ code: 'not_found', message: `params.append: no file "${name}" in this session to append to; send its first part without append`, field: 'params.append' });
      }
      if (!append && had === null && readdirSync(dir).length >= MAX_FILES_PER_SESSION) {
        throw new ApiError({ code: 'invalid_params', message: `params.name: a session holds at most ${MAX_FILES_PER_SESSION} files`, field: 'params.name' });
      }
      const bytes = Buffer.from(dataBase64, 'base64');
      const total = (append ? had ?? 0 : 0) + bytes.length;
      if (total > schemas.IMPORT_MAX_FILE_BYTES) {
        throw new ApiError({ code: 'invalid_params', message: `params.dataBase64: "${name}" is over ${schemas.IMPORT_MAX_FILE_BYTES / 1024 / 1024} MB, the largest file the wizard reads`, field: 'params.dataBase64' });
      }
      if (append) appendFileSync(path, bytes);
      else writeFileSync(path, bytes);
      return { session: id, fileId: `${id}/${name}`, name, bytes: total };
    },

    'import.preview': async (p) => {
      const { jobId, result, built, tables } = await run(p, true);
      return { ...wire(result, jobId), samples: samples(built, tables, result.layers) };
    },

    'import.commit': async (p) => {
      const { jobId, result } = await run(p, false);
      if (result.written) {
        const store = opts.store();
        opts.emit({ event: 'project.changed', payload: { path: store.path, reason: 'imported' } });
        // The files are in the project now: the session's copies go.
        for (const layer of IMPORT_LAYERS) {
          const ref = p[layer];
          if (ref && root) rmSync(join(root, ref.fileId.slice(0, ref.fileId.indexOf('/'))), { recursive: true, force: true });
        }
      }
      return wire(result, jobId);
    },

    'import.cancel': ({ jobId }) => {
      const job = jobs.get(jobId);
      if (job) job.aborted = true;
      return { cancelled: job !== undefined };
    },
  };

  return {
    handlers,
    dispose: () => {
      for (const j of jobs.values()) j.aborted = true;
      if (root) rmSync(root, { recursive: true, force: true });
      root = opts.tempDir ?? null;
    },
  };
}

// ---- what crosses the wire ------------------------------------------------------------------

function totals(problems: readonly Problem[]) {
  let errors = 0;
  for (const p of problems) if (p.severity === 'error') errors++;
  return { problems: problems.length, errors, warnings: problems.length - errors };
}

/** Errors first, then by row: what a capped list should keep. */
function firstProblems(problems: readonly Problem[], max: number): Problem[] {
  if (problems.length <= max) return [...problems];
  const errors = problems.filter((p) => p.severity === 'error');
  return errors.length >= max ? errors.slice(0, max) : [...errors, ...problems.filter((p) => p.severity !== 'error').slice(0, max - errors.length)];
}

function wireLayer(l: LayerReport): Result<'import.commit'>['layers'][number] {
  return {
    ...l,
    inexactMatches: l.inexactMatches.slice(0, MAX_NAMES),
    unmatched: l.unmatched.slice(0, MAX_NAMES),
    problems: firstProblems(l.problems, MAX_LAYER_PROBLEMS),
    totals: { ...totals(l.problems), unmatched: l.unmatched.length, inexactMatches: l.inexactMatches.length },
  };
}

/** The engine's result with long lists cut (totals say how long they were). */
function wire(r: ImportResult, jobId: string): Result<'import.commit'> {
  return { ...r, layers: r.layers.map(wireLayer), problems: firstProblems(r.problems, MAX_PROBLEMS), totals: totals(r.problems), jobId };
}

const inRange = (p: Position | null | undefined): p is Position =>
  !!p && Number.isFinite(p[0]) && Number.isFinite(p[1]) && Math.abs(p[0]) <= 180 && Math.abs(p[1]) <= 90;

/** One position for a record's geometry: the point, a point inside a polygon, a middle vertex of a line. */
function positionOf(g: Geometry | null): Position | null {
  if (!g) return null;
  switch (g.type) {
    case 'Point': return g.coordinates;
    case 'Polygon':
    case 'MultiPolygon': return interiorPoint(g);
    case 'LineString': return g.coordinates[Math.floor(g.coordinates.length / 2)] ?? null;
    case 'MultiLineString': {
      const line = g.coordinates[0] ?? [];
      return line[Math.floor(line.length / 2)] ?? null;
    }
    default: return null;
  }
}

/** Up to `max` positions spread evenly over the records (not only the first ones). */
function spread(geoms: (Geometry | null)[], max: number): Position[] {
  const step = Math.max(1, Math.ceil(geoms.length / max));
  const out: Position[] = [];
  for (let i = 0; i < geoms.length && out.length < max; i += step) {
    const p = positionOf(geoms[i]);
    if (inRange(p)) out.push([p[0], p[1]]);
  }
  return out;
}

function geometriesOf(built: BuiltImport, layer: ImportLayer): (Geometry | null)[] {
  switch (layer) {
    case 'schools': return (built.schools ?? []).map((s) => s.location);
    case 'residences': return (built.residences ?? []).map((r) => r.geometry);
    case 'catchments': return built.catchments.filter((c) => c.form === 'polygon').map((c) => c.geometry);
    case 'assignments': return []; // a list of names: nothing of its own to draw
    case 'roads': return (built.roads ?? []).map((r) => r.geometry);
    case 'housing': return (built.housing ?? []).map((h) => h.geometry);
  }
}

const cellOut = (c: Cell | undefined): Cell => (typeof c === 'string' && c.length > MAX_CELL_CHARS ? `${c.slice(0, MAX_CELL_CHARS - 1)}…` : c ?? null);

function samples(built: BuiltImport, tables: Map<ImportLayer, SourceTable>, layers: readonly LayerReport[]): Result<'import.preview'>['samples'] {
  return layers.map((l) => {
    const t = tables.get(l.layer);
    return {
      layer: l.layer,
      file: l.file,
      columns: t?.columns ?? [],
      rows: (t?.rows ?? []).slice(0, SAMPLE_ROWS).map((row) => (t?.columns ?? []).map((_, k) => cellOut(row[k]))),
      encoding: t?.encoding ?? null,
      positions: spread(geometriesOf(built, l.layer), SAMPLE_POSITIONS),
    };
  });
}
