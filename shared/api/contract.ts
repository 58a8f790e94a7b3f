// The typed API contract: every method the renderer (or the CLI, or a test) may call on the
// backend, with runtime schemas for its parameters and result, and the push events.
import { z } from 'zod';
import * as s from './schemas';

function method<P extends z.ZodType, R extends z.ZodType>(params: P, result: R, doc: string) {
  return { params, result, doc };
}
const none = z.object({}).strict();

export const CONTRACT = {
  'app.info': method(none, z.object({
    name: z.string(),
    version: z.string(),
    host: z.enum(['electron', 'browser', 'node']),
    systemLocale: z.string(),
    projectPath: z.string().nullable(),
    schemaVersion: z.number().int(),
  }), 'Application name, version, host kind, system locale and the open project, if any.'),

  'project.open': method(z.object({ path: z.string().min(1) }).strict(), s.projectSummary,
    'Open an existing project file. Refuses non-projects, newer schemas and corrupt files without changing them.'),
  'project.create': method(z.object({
    path: z.string().min(1),
    template: z.enum(['empty', 'demo']),
    name: z.string().min(1).max(200).optional(),
    overwrite: z.boolean().optional(),
  }).strict(), s.projectSummary, 'Create a new project file, empty or with the demo county, and open it.'),
  'project.summary': method(none, s.projectSummary, 'Counts, extent and scenarios of the open project.'),
  'project.close': method(none, z.object({ closed: z.boolean() }), 'Close the open project.'),

  'scenarios.list': method(none, z.array(s.scenario), 'Scenarios of the project, baseline first.'),
  'schools.list': method(z.object({ status: s.schoolStatus.optional(), type: s.schoolType.optional() }).strict(),
    z.array(s.school), 'Schools, optionally filtered by status or type.'),
  'schools.get': method(z.object({ id: z.string().min(1) }).strict(), s.school, 'One school by id.'),
  'residences.list': method(z.object({ bbox: s.bbox.optional(), limit: z.number().int().min(1).max(5_000_000).optional() }).strict(),
    z.array(s.residence), 'Residence units, optionally those whose location lies in a bbox.'),
  'residences.columns': method(none, z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected bytes' }),
    'Every residence unit as one binary block of columns (ids, points, pupils by grade, settlement; see shared/io/residence-columns.ts): '
    + 'what a large project loads instead of the records. Over HTTP the answer is the bytes themselves (application/octet-stream).'),
  'residences.view': method(s.residenceViewRequest, s.residenceView,
    'What the map shows of a large project\'s residence units in one view: bins of a world grid when zoomed out, the units in the view from zoom 13 '
    + '(shared/geo/residence-view.ts; the renderer\'s residence worker gives the same once the column block has arrived). Pupils of the given grades, or all.'),
  'residences.get': method(z.object({ id: z.string().min(1) }).strict(), s.residence, 'One residence unit by id.'),
  'catchments.list': method(z.object({ scenarioId: z.string().min(1).optional(), level: s.level.optional() }).strict(),
    z.array(s.catchment), 'Catchments of a scenario (default: the baseline), optionally of one level.'),
  'housing.list': method(none, z.array(s.housingDevelopment), 'Planned housing developments.'),
  'roads.list': method(z.object({ bbox: s.bbox.optional() }).strict(), z.array(s.road), 'The road network.'),
  'context.list': method(none, z.array(s.contextFeature), 'Basemap context: county and township boundaries, rivers, lakes, place names.'),

  'standards.get': method(none, z.array(s.standardFigure), "The project's standards profile."),
  'standards.update': method(z.object({
    key: z.string().min(1),
    primary: z.number().min(0).nullable().optional(),
    junior: z.number().min(0).nullable().optional(),
  }).strict(), z.array(s.standardFigure), 'Change one figure of the standards profile; returns the whole profile.'),

  'settings.get': method(none, s.appSettings, 'Application settings (language, optional online basemap).'),
  'settings.update': method(z.object({
    locale: z.enum(['zh-CN', 'en']).nullable().optional(),
    onlineBasemap: s.onlineBasemap.optional(),
  }).strict(), s.appSettings, 'Change application settings; returns them all.'),

  'import.upload': method(s.importUploadParams, s.importUploadResult,
    'Store one file (or, with append, the next part of one) for the import wizard in a session folder on the host; '
    + 'the parts of a shapefile (.shp/.dbf/.prj/.cpg) go into one session under their own names. At most 200 MB a file.'),
  'import.preview': method(s.importSpecParams, s.importPreview,
    'Read the uploaded files and build every layer without writing: the column mapping, coordinate system, matches and problems by row, '
    + 'with each file\'s first rows and converted positions for the map preview.'),
  'import.commit': method(s.importSpecParams, s.importResult,
    'Import the uploaded files into the open project in one transaction (all or nothing; a schools file replaces the roster), then push project.changed. '
    + 'Progress arrives as job.progress events under jobId; import.cancel stops it before anything is written.'),
  'import.cancel': method(z.object({ jobId: s.importJobId }).strict(), z.object({ cancelled: z.boolean() }),
    'Cancel a running import.preview or import.commit by its jobId; false when no such job is running.'),

  'edits.apply': method(z.object({ edit: s.edit }).strict(), s.editOutcome,
    'Apply one edit of a scenario\'s catchments: written with its edit-log entry in one transaction before the answer. '
    + 'Refused (conflict) when a catchment\'s before state is not what the project holds. Ends the redo branch.'),
  'edits.undo': method(z.object({ scenarioId: z.string().min(1) }).strict(), s.editOutcome,
    'Take back the newest edit of the scenario (seq null when there is nothing to undo).'),
  'edits.redo': method(z.object({ scenarioId: z.string().min(1) }).strict(), s.editOutcome,
    'Apply again the edit undone last (seq null when there is nothing to redo).'),
  'edits.history': method(z.object({ scenarioId: z.string().min(1) }).strict(), s.editHistory,
    'The edit history of a scenario, newest first, and whether undo and redo are possible.'),

  'export.file': method(z.object({
    format: z.enum(['xlsx', 'csv', 'geojson', 'gpkg']),
    layer: z.enum(['schools', 'residences', 'catchments', 'assignments']).optional(),
    scenarioId: z.string().min(1).optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
  }).strict().refine((p) => (p.format !== 'csv' && p.format !== 'geojson') || p.layer !== undefined, { message: 'csv and geojson export one layer: give layer', path: ['layer'] }),
  z.object({ name: z.string(), mime: z.string(), bytes: z.number().int().min(0), dataBase64: z.string() }),
  'The planning workbook (xlsx), one layer with its indicators (csv, geojson) or every layer (gpkg) of a scenario, as a file to save.'),
} as const;

export type Contract = typeof CONTRACT;
export type MethodName = keyof Contract;
export type Params<M extends MethodName> = z.input<Contract[M]['params']>;
export type ParsedParams<M extends MethodName> = z.output<Contract[M]['params']>;
export type Result<M extends MethodName> = z.output<Contract[M]['result']>;

export const METHOD_NAMES = Object.keys(CONTRACT) as MethodName[];

export function isMethodName(x: string): x is MethodName {
  return Object.prototype.hasOwnProperty.call(CONTRACT, x);
}

// ---- push events -------------------------------------------------------------------------

export const EVENTS = {
  /** Progress of a long job (creating the demo, later imports, optimisations). */
  'job.progress': z.object({
    jobId: z.string(),
    label: z.string(),
    phase: z.string(),
    done: z.number().min(0),
    total: z.number().min(0).nullable(),
  }),
  /** Catchments changed by an edit, undo or redo: clients replace those catchments (no refetch). */
  'catchments.changed': z.object({ scenarioId: z.string(), seq: z.number().int().nullable(), changes: z.array(z.object({ id: z.string(), catchment: s.catchment.nullable() })) }),
  /** The open project changed (opened, closed, imported): clients refetch what they show. */
  'project.changed': z.object({ path: z.string().nullable(), reason: z.string() }),
} as const;

export type EventName = keyof typeof EVENTS;
export type EventPayload<E extends EventName> = z.output<(typeof EVENTS)[E]>;
/** A push event; for the union of all events, `event` narrows `payload`. */
export type PushEvent<E extends EventName = EventName> = { [K in E]: { event: K; payload: EventPayload<K> } }[E];

// ---- what a backend implements ------------------------------------------------------------

/** One handler per method: a method without a handler does not compile. */
export type Handlers = { [M in MethodName]: (params: ParsedParams<M>) => Promise<Result<M>> | Result<M> };
