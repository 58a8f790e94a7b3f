// Runtime schemas of everything that crosses the API. Checked at compile time against the model's
// interfaces (see the Assert lines at the end), so the two cannot drift apart.
import { z } from 'zod';
import {
  CATCHMENT_FORMS, CONTEXT_KINDS, LEVELS, PUPIL_SOURCES, RESIDENCE_KINDS, ROAD_CLASSES,
  SCHOOL_STATUSES, SCHOOL_TYPES, SETTLEMENT_TYPES,
} from '../model';
import type * as M from '../model';

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
];
