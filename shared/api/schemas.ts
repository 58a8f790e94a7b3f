// Runtime schemas of everything that crosses the API. Checked at compile time against the model's
// interfaces (see the Assert lines at the end), so the two cannot drift apart.
import { z } from 'zod';
import {
  CATCHMENT_FORMS, CONTEXT_KINDS, LEVELS, PUPIL_SOURCES, RESIDENCE_KINDS, ROAD_CLASSES,
  SCHOOL_STATUSES, SCHOOL_TYPES, SETTLEMENT_TYPES,
} from '../model';
import type * as M from '../model';
import { FIELDS, IMPORT_LAYERS } from '../io/import/fields';
import type { Problem } from '../base/problems';
import type { CrsSpec } from '../geo/crs';
import type { LayerReport } from '../io/import/build';
import { EDIT_ACTIONS, type Edit } from '../edits';
import type { ResidenceView } from '../geo/residence-view';

export const lon = z.number().min(-180).max(180);
export const lat = z.number().min(-90).max(90);
export const position = z.tuple([lon, lat]);
export const bbox = z.tuple([lon, lat, lon, lat]).refine((b) => b[0] <= b[2] && b[1] <= b[3], {
  message: 'bbox must be [minLon, minLat, maxLon, maxLat] with min ≤ max',
});

const ring = z.array(position).min(4);
export const pointGeometry = z.object({ type: z.literal('Point'), coordinates: position });
export const lineStringGeometry = z.object({ type: z.literal('LineString'), coordinates: z.array(position).min(2) });
export const multiLineStringGeometry = z.object({ type: z.literal('MultiLineString'), coordinates: z.array(z.array(position).min(2)) });
export const polygonGeometry = z.object({ type: z.literal('Polygon'), coordinates: z.array(ring).min(1) });
export const multiPolygonGeometry = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(ring).min(1)) });
export const arealGeometry = z.discriminatedUnion('type', [polygonGeometry, multiPolygonGeometry]);
export const linearGeometry = z.discriminatedUnion('type', [lineStringGeometry, multiLineStringGeometry]);

export const level = z.enum(LEVELS);
export const schoolType = z.enum(SCHOOL_TYPES);
export const schoolStatus = z.enum(SCHOOL_STATUSES);
const count = z.number().int().min(0);
const byGrade = z.array(z.number().min(0)).length(12);
const nullableAmount = z.number().min(0).nullable();
const extra = z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()]));
const perLevel = z.object({ primary: z.number().min(0).optional(), junior: z.number().min(0).optional(), senior: z.number().min(0).optional() });

export const school = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  namePinyin: z.string().nullable(),
  type: schoolType,
  status: schoolStatus,
  location: pointGeometry,
  township: z.string().nullable(),
  address: z.string().nullable(),
  classesByGrade: byGrade,
  enrolmentByGrade: byGrade,
  capacity: perLevel,
  staff: nullableAmount,
  teachers: nullableAmount,
  floorAreaM2: nullableAmount,
  siteAreaM2: nullableAmount,
  alliance: z.string().nullable(),
  boarding: z.boolean(),
  extra,
});

export const residence = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  namePinyin: z.string().nullable(),
  kind: z.enum(RESIDENCE_KINDS),
  settlement: z.enum(SETTLEMENT_TYPES),
  geometry: z.discriminatedUnion('type', [pointGeometry, polygonGeometry, multiPolygonGeometry]),
  township: z.string().nullable(),
  households: nullableAmount,
  population: nullableAmount,
  pupilsByGrade: byGrade,
  pupilSource: z.enum(PUPIL_SOURCES),
  extra,
});

export const catchment = z.object({
  id: z.string().min(1),
  scenarioId: z.string().min(1),
  level,
  schoolId: z.string().min(1),
  form: z.enum(CATCHMENT_FORMS),
  geometry: arealGeometry.nullable(),
  unitIds: z.array(z.string()),
});

export const scenario = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  kind: z.enum(['baseline', 'variant']),
  parentId: z.string().nullable(),
  description: z.string(),
  createdAt: z.string(),
});

export const housingDevelopment = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  namePinyin: z.string().nullable(),
  geometry: z.discriminatedUnion('type', [pointGeometry, polygonGeometry, multiPolygonGeometry]),
  dwellings: count,
  completionYear: z.number().int().min(1900).max(2200),
  housingType: z.string().nullable(),
  pupilsPerDwelling: perLevel,
});

export const road = z.object({
  id: z.string().min(1),
  name: z.string().nullable(),
  roadClass: z.enum(ROAD_CLASSES),
  geometry: linearGeometry,
  oneway: z.boolean(),
});

export const contextFeature = z.object({
  id: z.string().min(1),
  kind: z.enum(CONTEXT_KINDS),
  name: z.string().nullable(),
  namePinyin: z.string().nullable(),
  rank: z.number().int().nullable(),
  geometry: z.discriminatedUnion('type', [pointGeometry, lineStringGeometry, multiLineStringGeometry, polygonGeometry, multiPolygonGeometry]),
});

export const standardFigure = z.object({
  key: z.string(),
  primary: z.number().nullable(),
  junior: z.number().nullable(),
  unit: z.string(),
  source: z.string(),
  confidence: z.enum(['V2', 'U']),
  edited: z.boolean(),
});

export const projectMeta = z.object({
  name: z.string(),
  region: z.string().nullable(),
  createdAt: z.string(),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
});

export const projectSummary = z.object({
  path: z.string(),
  meta: projectMeta,
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
  counts: z.object({
    schools: count,
    schoolsByType: z.partialRecord(schoolType, count),
    residences: count,
    catchments: count,
    catchmentsByLevel: z.partialRecord(level, count),
    housing: count,
    roads: count,
    scenarios: count,
    pupils: z.number().min(0),
  }),
  scenarios: z.array(z.object({ id: z.string(), name: z.string(), kind: z.enum(['baseline', 'variant']) })),
});

const httpUrlTemplate = z.string().max(2000).refine((s) => s === '' || /^https?:\/\/[^\s]+$/i.test(s), {
  message: 'must be an http(s) URL template such as https://tile.openstreetmap.org/{z}/{x}/{y}.png',
}).refine((s) => s === '' || (s.includes('{z}') && s.includes('{x}') && s.includes('{y}')), {
  message: 'must contain {z}, {x} and {y}',
});
export const onlineBasemap = z.object({
  enabled: z.boolean(),
  urlTemplate: httpUrlTemplate,
  apiKey: z.string().max(500).nullable(),
  attribution: z.string().max(500),
  maxZoom: z.number().int().min(1).max(22),
}).refine((b) => !b.enabled || b.urlTemplate !== '', { message: 'an enabled online basemap needs a URL template', path: ['urlTemplate'] });

export const appSettings = z.object({
  locale: z.enum(['zh-CN', 'en']).nullable(),
  onlineBasemap,
});

// ---- import (the wizard; the engine is electron/backend/import.ts) ----------------------------

/** Largest file the wizard accepts (a residence layer of a big city is well below). */
export const IMPORT_MAX_FILE_BYTES = 200 * 1024 * 1024;
export const importLayer = z.enum(IMPORT_LAYERS);
/** A wizard session: the host folder that holds one wizard's uploads (a shapefile's parts share it). */
export const importSession = z.string().regex(/^[0-9a-f]{16}$/, 'must be a session id returned by import.upload');
/** A file name as the planner's computer knows it: no folders, nothing a file system refuses. */
export const importFileName = z.string().min(1).max(255)
  .refine((n) => !/[/\\]/.test(n), { message: 'must be a file name without folders (no / or \\)' })
  // eslint-disable-next-line no-control-regex
  .refine((n) => !/[\u0000-\u001f<>:"|?*]/.test(n) && n.trim() === n && n !== '.' && n !== '..' && !n.endsWith('.'), { message: 'is not a usable file name' });
/** An uploaded file: `<session>/<name>`, as import.upload returns it. */
export const importFileId = z.string().max(300).regex(/^[0-9a-f]{16}\/[^/\\]+$/, 'must be a fileId returned by import.upload');
export const importJobId = z.string().regex(/^[\w.:-]{1,64}$/, 'must be 1–64 letters, digits, "_", ".", ":" or "-"');
const base64 = z.string().max(Math.ceil(IMPORT_MAX_FILE_BYTES / 3) * 4, `is over ${IMPORT_MAX_FILE_BYTES / 1024 / 1024} MB`)
  .refine((s) => s.length % 4 === 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(s), { message: 'must be base64 (A–Z, a–z, 0–9, +, / and = padding)' });

export const importUploadParams = z.object({
  name: importFileName,
  dataBase64: base64,
  /** Put the file in this wizard session's folder (default: a new session). */
  session: importSession.optional(),
  /** Append to the file of this name in the session (a large file sent in several calls). */
  append: z.boolean().optional(),
}).strict();
export const importUploadResult = z.object({ session: importSession, fileId: importFileId, name: z.string(), bytes: count });

const shortText = z.string().min(1).max(255);
/** One layer's file of an import, as the wizard sends it (the CLI's ImportFileSpec with fileIds for paths). */
export const importFileRef = z.object({
  fileId: importFileId,
  /** XLSX sheet or GeoPackage layer. */
  layer: shortText.optional(),
  encoding: z.string().min(1).max(40).optional(),
  /** 'wgs84' | 'gcj02' | 'bd09' | 'cgcs2000' | 'EPSG:n' | proj4 | WKT; default: what the file declares, else WGS84. */
  crs: z.string().min(1).max(20_000).optional(),
  /** Field → column overrides of the detected mapping. */
  columns: z.record(z.string().min(1).max(100), z.string().min(1).max(500)).optional(),
  level: level.optional(),
  schoolKey: shortText.optional(),
  joins: z.array(z.object({ fileId: importFileId, leftKey: shortText, rightKey: shortText, layer: shortText.optional(), encoding: z.string().min(1).max(40).optional() }).strict()).max(20).optional(),
}).strict();

export const importSpecParams = z.object({
  schools: importFileRef.optional(),
  residences: importFileRef.optional(),
  catchments: importFileRef.optional(),
  assignments: importFileRef.optional(),
  roads: importFileRef.optional(),
  housing: importFileRef.optional(),
  /** Scenario the catchments go to (default: the baseline). */
  scenarioId: z.string().min(1).optional(),
  /** The caller's id for this job: progress events carry it and import.cancel takes it. */
  jobId: importJobId.optional(),
}).strict().superRefine((spec, ctx) => {
  if (!IMPORT_LAYERS.some((l) => spec[l])) ctx.addIssue({ code: 'custom', message: `give at least one layer: ${IMPORT_LAYERS.join(', ')}` });
  for (const l of IMPORT_LAYERS) {
    const known = new Set(FIELDS[l].map((f) => f.key));
    for (const key of Object.keys(spec[l]?.columns ?? {})) {
      if (!known.has(key)) ctx.addIssue({ code: 'custom', path: [l, 'columns', key], message: `is not a field of ${l} (fields: ${[...known].slice(0, 20).join(', ')}…)` });
    }
  }
});

export const cell = z.union([z.string(), z.number(), z.boolean(), z.null()]);
export const problem = z.object({
  file: z.string(),
  row: z.number().int().min(0).optional(),
  feature: z.string().optional(),
  field: z.string().optional(),
  message: z.string(),
  severity: z.enum(['error', 'warning']),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number()])).optional(),
});
export const crsSpec = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('wgs84') }),
  z.object({ kind: z.literal('gcj02') }),
  z.object({ kind: z.literal('bd09') }),
  z.object({ kind: z.literal('proj'), code: z.string().nullable(), definition: z.string(), name: z.string() }),
]);
export const layerReport = z.object({
  file: z.string(),
  layer: importLayer,
  rows: count,
  imported: count,
  skipped: count,
  mapping: z.record(z.string(), z.string()),
  unmappedColumns: z.array(z.string()),
  crs: crsSpec.nullable(),
  crsSource: z.enum(['given', 'declared', 'assumed', 'none']),
  inexactMatches: z.array(z.object({ input: z.string(), matched: z.string(), how: z.string() })),
  unmatched: z.array(z.string()),
  problems: z.array(problem),
});
/** Long lists are cut for the wire; totals say how many there were. */
const importTotals = z.object({ problems: count, errors: count, warnings: count });
export const importLayerReport = layerReport.extend({
  totals: importTotals.extend({ unmatched: count, inexactMatches: count }),
});
export const importResult = z.object({
  ok: z.boolean(),
  written: z.boolean(),
  counts: z.object({ schools: count, residences: count, catchments: count, roads: count, housing: count }),
  layers: z.array(importLayerReport),
  problems: z.array(problem),
  ms: z.number().min(0),
  totals: importTotals,
  jobId: importJobId,
});
export const importLayerSample = z.object({
  layer: importLayer,
  file: z.string(),
  columns: z.array(z.string()),
  /** The first rows, as cells in the file's column order. */
  rows: z.array(z.array(cell)),
  encoding: z.string().nullable(),
  /** Up to 500 positions of the built records, after conversion to WGS84 (for the map preview). */
  positions: z.array(position),
});
export const importPreview = importResult.extend({ samples: z.array(importLayerSample) });

// ---- edits --------------------------------------------------------------------------------

export const edit = z.object({
  action: z.enum(EDIT_ACTIONS),
  scenarioId: z.string().min(1),
  level,
  changes: z.array(z.object({ id: z.string().min(1), before: catchment.nullable(), after: catchment.nullable() })).min(1).max(20_000),
});

export const editHistory = z.object({
  scenarioId: z.string(),
  canUndo: z.boolean(),
  canRedo: z.boolean(),
  /** The newest entries first (at most 100). */
  entries: z.array(z.object({ seq: z.number().int(), at: z.string(), action: z.enum(EDIT_ACTIONS), level, catchments: z.array(z.string()), undone: z.boolean() })),
  done: z.number().int().min(0),
  undone: z.number().int().min(0),
});

/** What an edit, undo or redo did: the catchments as they now are (null = removed). */
export const editOutcome = z.object({
  seq: z.number().int().nullable(),
  changes: z.array(z.object({ id: z.string(), catchment: catchment.nullable() })),
  history: editHistory,
});

/** What the map shows of a large project's units in one view (shared/geo/residence-view.ts). */
export const residenceViewRequest = z.object({
  bbox,
  zoom: z.number().min(0).max(24),
  grades: z.array(z.number().int().min(1).max(12)).max(12).nullable().default(null),
}).strict();
const viewPoint = z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number(), z.number()]) });
export const residenceView = z.object({
  detail: z.boolean(),
  features: z.object({
    type: z.literal('FeatureCollection'),
    features: z.array(z.object({
      type: z.literal('Feature'),
      id: z.number().int().min(0).optional(),
      geometry: viewPoint,
      properties: z.union([
        z.object({ count: z.number(), pupils: z.number() }),
        z.object({ id: z.string(), name: z.string(), pupils: z.number(), settlement: z.string() }),
      ]),
    })),
  }),
});

// Compile-time proof that each schema produces exactly the model's type.
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type Assert<T extends true> = T;
export type _Checks = [
  Assert<Same<z.infer<typeof school>, M.School>>,
  Assert<Same<z.infer<typeof residence>, M.Residence>>,
  Assert<Same<z.infer<typeof catchment>, M.Catchment>>,
  Assert<Same<z.infer<typeof scenario>, M.Scenario>>,
  Assert<Same<z.infer<typeof housingDevelopment>, M.HousingDevelopment>>,
  Assert<Same<z.infer<typeof road>, M.Road>>,
  Assert<Same<z.infer<typeof contextFeature>, M.ContextFeature>>,
  Assert<Same<z.infer<typeof standardFigure>, M.StandardFigure>>,
  Assert<Same<z.infer<typeof projectSummary>, M.ProjectSummary>>,
  Assert<Same<z.infer<typeof appSettings>, M.AppSettings>>,
  Assert<Same<z.infer<typeof problem>, Problem>>,
  Assert<Same<z.infer<typeof crsSpec>, CrsSpec>>,
  Assert<Same<z.infer<typeof layerReport>, LayerReport>>,
  Assert<Same<z.infer<typeof edit>, Edit>>,
  Assert<Same<z.infer<typeof residenceView>, ResidenceView>>,
];
