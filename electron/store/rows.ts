// Row <-> model mapping for the planning layers: flat per-grade columns, JSON for open-ended maps,
// and single-part geometries kept single when stored in multi-geometry columns.
import type {
  ArealGeometry, Catchment, ContextFeature, Geometry, HousingDevelopment, LinearGeometry, Level, Residence, Road, School,
} from '../../shared/model';
import { decodeGeometry, encodeGeometry } from './gpkg-geometry';

export const GRADE_COLS = (prefix: string) => Array.from({ length: 12 }, (_, i) => `${prefix}_g${i + 1}`);
export type Row = Record<string, unknown>;

const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const gradesOf = (row: Row, prefix: string) => GRADE_COLS(prefix).map((c) => Number(row[c] ?? 0));
const gradeColumns = new Map<string, string[]>();
const gradeParams = (prefix: string, values: number[]): Row => {
  let cols = gradeColumns.get(prefix);
  if (!cols) {
    cols = GRADE_COLS(prefix);
    gradeColumns.set(prefix, cols);
  }
  const out: Row = {};
  for (let i = 0; i < cols.length; i++) out[cols[i]] = values[i] ?? 0;
  return out;
};

/** Polygon → MultiPolygon (and LineString → MultiLineString) for multi columns; remembers it was single. */
export function toMulti(g: ArealGeometry | LinearGeometry): { geom: Buffer; single: number } {
  if (g.type === 'Polygon') return { geom: encodeGeometry({ type: 'MultiPolygon', coordinates: [g.coordinates] }), single: 1 };
  if (g.type === 'LineString') return { geom: encodeGeometry({ type: 'MultiLineString', coordinates: [g.coordinates] }), single: 1 };
  return { geom: encodeGeometry(g), single: 0 };
}

export function fromMulti(blob: Buffer, single: unknown): Geometry {
  const g = decodeGeometry(blob);
  if (Number(single) === 1 && g.type === 'MultiPolygon' && g.coordinates.length === 1) return { type: 'Polygon', coordinates: g.coordinates[0] };
  if (Number(single) === 1 && g.type === 'MultiLineString' && g.coordinates.length === 1) return { type: 'LineString', coordinates: g.coordinates[0] };
  return g;
}

export const SCHOOL_COLUMNS = ['geom', 'id', 'name', 'name_pinyin', 'school_type', 'status', 'township', 'address', ...GRADE_COLS('enrol'), ...GRADE_COLS('classes'),
  'capacity_primary', 'capacity_junior', 'capacity_senior', 'staff', 'teachers', 'floor_area_m2', 'site_area_m2', 'alliance', 'boarding', 'extra'];

export function schoolToRow(s: School): Row {
  return {
    geom: encodeGeometry(s.location), id: s.id, name: s.name, name_pinyin: s.namePinyin, school_type: s.type, status: s.status,
    township: s.township, address: s.address, ...gradeParams('enrol', s.enrolmentByGrade), ...gradeParams('classes', s.classesByGrade),
    capacity_primary: s.capacity.primary ?? null, capacity_junior: s.capacity.junior ?? null, capacity_senior: s.capacity.senior ?? null,
    staff: s.staff, teachers: s.teachers, floor_area_m2: s.floorAreaM2, site_area_m2: s.siteAreaM2, alliance: s.alliance,
    boarding: s.boarding ? 1 : 0, extra: JSON.stringify(s.extra),
  };
}

export function rowToSchool(r: Row): School {
  const capacity: Partial<Record<Level, number>> = {};
  if (r.capacity_primary !== null) capacity.primary = Number(r.capacity_primary);
  if (r.capacity_junior !== null) capacity.junior = Number(r.capacity_junior);
  if (r.capacity_senior !== null) capacity.senior = Number(r.capacity_senior);
  return {
    id: String(r.id), name: String(r.name), namePinyin: str(r.name_pinyin), type: r.school_type as School['type'], status: r.status as School['status'],
    location: decodeGeometry(r.geom as Buffer) as School['location'], township: str(r.township), address: str(r.address),
    classesByGrade: gradesOf(r, 'classes'), enrolmentByGrade: gradesOf(r, 'enrol'), capacity,
    staff: num(r.staff), teachers: num(r.teachers), floorAreaM2: num(r.floor_area_m2), siteAreaM2: num(r.site_area_m2),
    alliance: str(r.alliance), boarding: Number(r.boarding) === 1, extra: JSON.parse(String(r.extra)) as School['extra'],
  };
}

export const RESIDENCE_COLUMNS = ['geom', 'id', 'name', 'name_pinyin', 'kind', 'settlement', 'township', 'households', 'population', ...GRADE_COLS('pupils'), 'pupil_source', 'extra'];

const PUPIL_COLS = GRADE_COLS('pupils');

export function residenceToRow(r: Residence): Row {
  const row: Row = {
    geom: encodeGeometry(r.geometry), id: r.id, name: r.name, name_pinyin: r.namePinyin, kind: r.kind, settlement: r.settlement, township: r.township,
    households: r.households, population: r.population, pupil_source: r.pupilSource, extra: JSON.stringify(r.extra),
  };
  for (let g = 0; g < PUPIL_COLS.length; g++) row[PUPIL_COLS[g]] = r.pupilsByGrade[g] ?? 0;
  return row;
}

export function rowToResidence(r: Row): Residence {
  return {
    id: String(r.id), name: String(r.name), namePinyin: str(r.name_pinyin), kind: r.kind as Residence['kind'], settlement: r.settlement as Residence['settlement'],
    geometry: decodeGeometry(r.geom as Buffer) as Residence['geometry'], township: str(r.township), households: num(r.households), population: num(r.population),
    pupilsByGrade: gradesOf(r, 'pupils'), pupilSource: r.pupil_source as Residence['pupilSource'], extra: JSON.parse(String(r.extra)) as Residence['extra'],
  };
}

export function catchmentToRow(c: Catchment): Row {
  const m = c.geometry ? toMulti(c.geometry) : null;
  return { geom: m?.geom ?? null, single: m?.single ?? 1, id: c.id, scenario_id: c.scenarioId, level: c.level, school_id: c.schoolId, form: c.form, unit_count: c.unitIds.length };
}

export function rowToCatchment(r: Row, unitIds: string[]): Catchment {
  return {
    id: String(r.id), scenarioId: String(r.scenario_id), level: r.level as Level, schoolId: String(r.school_id), form: r.form as Catchment['form'],
    geometry: r.geom ? (fromMulti(r.geom as Buffer, r.single) as ArealGeometry) : null, unitIds,
  };
}

export function housingToRow(h: HousingDevelopment): Row {
  return {
    geom: encodeGeometry(h.geometry), id: h.id, name: h.name, name_pinyin: h.namePinyin, dwellings: h.dwellings, completion_year: h.completionYear,
    housing_type: h.housingType, pupils_per_dwelling: JSON.stringify(h.pupilsPerDwelling),
  };
}

export function rowToHousing(r: Row): HousingDevelopment {
  return {
    id: String(r.id), name: String(r.name), namePinyin: str(r.name_pinyin), geometry: decodeGeometry(r.geom as Buffer) as HousingDevelopment['geometry'],
    dwellings: Number(r.dwellings), completionYear: Number(r.completion_year), housingType: str(r.housing_type),
    pupilsPerDwelling: JSON.parse(String(r.pupils_per_dwelling)) as HousingDevelopment['pupilsPerDwelling'],
  };
}

export function roadToRow(x: Road): Row {
  const { geom, single } = toMulti(x.geometry);
  return { geom, id: x.id, name: x.name, road_class: x.roadClass, oneway: x.oneway ? 1 : 0, single };
}

export function rowToRoad(r: Row): Road {
  return { id: String(r.id), name: str(r.name), roadClass: r.road_class as Road['roadClass'], geometry: fromMulti(r.geom as Buffer, r.single) as LinearGeometry, oneway: Number(r.oneway) === 1 };
}

export function contextTable(f: ContextFeature): 'context_areas' | 'context_lines' | 'context_places' {
  const t = f.geometry.type;
  return t === 'Point' ? 'context_places' : t === 'LineString' || t === 'MultiLineString' ? 'context_lines' : 'context_areas';
}

export function contextToRow(f: ContextFeature): Row {
  const base = { id: f.id, kind: f.kind, name: f.name, name_pinyin: f.namePinyin, rank: f.rank };
  if (f.geometry.type === 'Point') return { ...base, geom: encodeGeometry(f.geometry) };
  return { ...base, ...toMulti(f.geometry) };
}

export function rowToContext(r: Row): ContextFeature {
  return {
    id: String(r.id), kind: r.kind as ContextFeature['kind'], name: str(r.name), namePinyin: str(r.name_pinyin), rank: num(r.rank),
    geometry: fromMulti(r.geom as Buffer, r.single ?? 0) as ContextFeature['geometry'],
  };
}
