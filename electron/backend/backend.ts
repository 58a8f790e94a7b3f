// Implements every method of the API contract over the project store and shared/. Knows nothing
// of Electron or HTTP: both transports call these handlers through the same dispatch.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { ApiError, type Handlers, type PushEvent } from '../../shared/api';
import type { Level, ProjectSummary } from '../../shared/model';
import { createProject, openProject, ProjectFileError, CURRENT_SCHEMA_VERSION, type ProjectStore } from '../store';
import { BASELINE_SCENARIO_ID } from '../../shared/io/demo-county';
import { createDemoProject } from './demo-project';
import { SettingsFile } from './settings';
import { InputError } from '../../shared/base/problems';
import { createImportWizard } from './import-wizard';
import { exportProject } from './export';
import { createEditHandlers } from './edits';
import { LARGE_PROJECT_RESIDENCES, residenceColumnBlock, residenceColumns } from './residence-columns';
import { prepareResidenceView, residenceView } from '../../shared/geo/residence-view';

export interface BackendOptions {
  host: 'electron' | 'browser' | 'node';
  appName: string;
  appVersion: string;
  /** The app's resources folder (demo inputs, basemap). */
  resourcesDir: string;
  settingsFile: string;
  systemLocale: string;
  emit: (e: PushEvent) => void;
}

export interface Backend {
  handlers: Handlers;
  /** Opens a project outside the API (command line --project). */
  open(path: string): ProjectSummary;
  current(): ProjectStore | null;
  close(): void;
}

function toApiError(e: unknown): never {
  if (e instanceof ProjectFileError) throw new ApiError({ code: e.code, message: e.message, where: e.path });
  if (e instanceof InputError) throw new ApiError({ code: 'invalid_params', message: e.message });
  throw e;
}

export function createBackend(opts: BackendOptions): Backend {
  let store: ProjectStore | null = null;
  const settings = new SettingsFile(opts.settingsFile);
  let jobCounter = 0;

  const need = (): ProjectStore => {
    if (!store) throw new ApiError({ code: 'no_project', message: 'No project is open; open or create one first' });
    return store;
  };

  const summary = (): ProjectSummary => {
    const s = need();
    const byLevel: Partial<Record<Level, number>> = {};
    for (const level of ['primary', 'junior', 'senior'] as const) {
      const n = s.catchments.count({ level });
      if (n > 0) byLevel[level] = n;
    }
    const scenarios = s.scenarios.list();
    return {
      path: s.path,
      meta: s.meta(),
      bbox: s.extent(),
      counts: {
        schools: s.schools.count(),
        schoolsByType: s.countsByType(),
        residences: s.residences.count(),
        catchments: s.catchments.count(),
        catchmentsByLevel: byLevel,
        housing: s.housing.count(),
        roads: s.roads.count(),
        scenarios: scenarios.length,
        pupils: s.residences.totalPupils(),
      },
      scenarios: scenarios.map((x) => ({ id: x.id, name: x.name, kind: x.kind })),
    };
  };

  const replace = (next: ProjectStore, reason: string): ProjectSummary => {
    store?.close();
    store = next;
    opts.emit({ event: 'project.changed', payload: { path: next.path, reason } });
    return summary();
  };

  const open = (path: string): ProjectSummary => {
    try {
      const next = openProject(resolve(path), { appVersion: opts.appVersion });
      // A large project's renderer asks for its first view and the residence columns first thing: have them ready.
      if (next.residences.count() > LARGE_PROJECT_RESIDENCES) prepareResidenceView(residenceColumns(next));
      return replace(next, 'opened');
    } catch (e) {
      return toApiError(e);
    }
  };

  const importWizard = createImportWizard({ store: () => need(), emit: opts.emit });

  const notFound = (what: string, id: string): never => {
    throw new ApiError({ code: 'not_found', message: `No ${what} with id "${id}"`, field: 'params.id' });
  };

  const handlers: Handlers = {
    'app.info': () => ({
      name: opts.appName, version: opts.appVersion, host: opts.host, systemLocale: opts.systemLocale,
      projectPath: store?.path ?? null, schemaVersion: CURRENT_SCHEMA_VERSION,
    }),
    'project.open': ({ path }) => open(path),
    'project.create': ({ path, template, name, overwrite }) => {
      const target = resolve(path);
      const jobId = `job-${++jobCounter}`;
      const label = template === 'demo' ? 'demo county' : 'new project';
      try {
        const next = template === 'demo'
          ? createDemoProject(target, opts.resourcesDir, opts.appVersion, { overwrite, name }, (phase, done, total) =>
            opts.emit({ event: 'job.progress', payload: { jobId, label, phase, done, total } }))
          : createEmpty(target, name, overwrite);
        return replace(next, 'created');
      } catch (e) {
        if (e instanceof Error && /already exists/.test(e.message)) throw new ApiError({ code: 'io', message: e.message, field: 'params.path' });
        return toApiError(e);
      }
    },
    'project.summary': () => summary(),
    'project.close': () => {
      const was = store !== null;
      store?.close();
      store = null;
      if (was) opts.emit({ event: 'project.changed', payload: { path: null, reason: 'closed' } });
      return { closed: was };
    },
    'scenarios.list': () => need().scenarios.list(),
    'schools.list': (f) => need().schools.list(f),
    'schools.get': ({ id }) => need().schools.get(id) ?? notFound('school', id),
    'residences.list': (f) => need().residences.list(f),
    'residences.columns': () => residenceColumnBlock(need()),
    'residences.view': (req) => residenceView(residenceColumns(need()), req),
    'residences.get': ({ id }) => need().residences.get(id) ?? notFound('residence unit', id),
    'catchments.list': ({ scenarioId, level }) => {
      const s = need();
      const scenario = scenarioId ?? s.scenarios.baseline()?.id;
      if (scenarioId && !s.scenarios.list().some((x) => x.id === scenarioId)) {
        throw new ApiError({ code: 'not_found', message: `No scenario "${scenarioId}"`, field: 'params.scenarioId' });
      }
      return scenario ? s.catchments.list({ scenarioId: scenario, level }) : [];
    },
    'housing.list': () => need().housing.list(),
    'roads.list': (f) => need().roads.list(f),
    'context.list': () => need().context.list(),
    'standards.get': () => need().standards.get(),
    'standards.update': ({ key, primary, junior }) => {
      const s = need();
      if (!s.standards.get().some((f) => f.key === key)) {
        throw new ApiError({ code: 'invalid_params', message: `params.key: no standard figure "${key}"`, field: 'params.key' });
      }
      const patch: { primary?: number | null; junior?: number | null } = {};
      if (primary !== undefined) patch.primary = primary;
      if (junior !== undefined) patch.junior = junior;
      return s.standards.update(key, patch);
    },
    'settings.get': () => settings.get(),
    'settings.update': (patch) => {
      const clean: Parameters<SettingsFile['update']>[0] = {};
      if (patch.locale !== undefined) clean.locale = patch.locale;
      if (patch.onlineBasemap !== undefined) clean.onlineBasemap = patch.onlineBasemap;
      return settings.update(clean);
    },
    ...importWizard.handlers,
    ...createEditHandlers({ store: need, emit: opts.emit }),
    'export.file': async (p) => {
      const store = need();
      const dir = mkdtempSync(join(tmpdir(), 'snp-export-'));
      try {
        const ext = p.format === 'gpkg' ? 'gpkg' : p.format;
        const base = `${store.meta().name.replace(/[\\/:*?"<>|\s]+/g, '_') || 'project'}${p.layer ? `-${p.layer}` : ''}`;
        const out = join(dir, `${base}.${ext}`);
        await exportProject(store, { format: p.format, out, layer: p.layer, scenario: p.scenarioId, locale: p.locale ?? 'zh-CN' });
        const bytes = readFileSync(out);
        const mime = { xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', csv: 'text/csv', geojson: 'application/geo+json', gpkg: 'application/geopackage+sqlite3' }[p.format];
        return { name: basename(out), mime, bytes: bytes.length, dataBase64: bytes.toString('base64') };
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };

  function createEmpty(path: string, name: string | undefined, overwrite: boolean | undefined): ProjectStore {
    return createEmptyProject(path, name ?? 'New project', opts.appVersion, overwrite);
  }

  return {
    handlers,
    open,
    current: () => store,
    close: () => {
      importWizard.dispose();
      store?.close();
      store = null;
    },
  };
}

function createEmptyProject(path: string, name: string, appVersion: string, overwrite?: boolean): ProjectStore {
  if (existsSync(path) && !overwrite) throw new Error(`${path} already exists; choose another file or allow overwriting`);
  const s = createProject(path, { name, region: null, appVersion }, { overwrite });
  s.scenarios.insert({ id: BASELINE_SCENARIO_ID, name: '现状 Baseline', kind: 'baseline', parentId: null, description: '', createdAt: new Date().toISOString() });
  return s;
}
