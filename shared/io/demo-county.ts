// Reads the demo county's input files (the same CSV/GeoJSON a planner would import, see
// resources/demo/README.md) into model records. Every bad cell or feature becomes a Problem.
import type { Problem } from '../base/problems';
import { InputError } from '../base/problems';
import {
  emptyGrades, type ArealGeometry, type Catchment, type ContextFeature, type ContextKind, type HousingDevelopment,
  type PointGeometry, type Residence, type Road, type School, type Scenario, type Level,
} from '../model';
import { CellReader, parseCsv } from './csv';
import { parseFeatureCollection } from './geojson';
import {
  CONTEXT_FILE_KINDS, GRADE_WORDS_ZH, lookupWord, RESIDENCE_KIND_WORDS, ROAD_CLASS_WORDS, SCHOOL_STATUS_WORDS,
  SCHOOL_TYPE_WORDS, SETTLEMENT_WORDS,
} from './vocabulary';

export const DEMO_FILES = [
  'project.json', 'schools.csv', 'residences.geojson', 'catchments_primary.csv', 'catchments_junior.geojson', 'housing.csv',
  'roads.geojson', 'context/county.geojson', 'context/townships.geojson', 'context/rivers.geojson', 'context/lakes.geojson',
  'context/places.geojson',
] as const;
export type DemoFileName = (typeof DEMO_FILES)[number];

export interface CountyInputs {
  name: string;
  region: string | null;
  baseline: Scenario;
  schools: School[];
  residences: Residence[];
  catchments: Catchment[];
  housing: HousingDevelopment[];
  roads: Road[];
  context: ContextFeature[];
}

export const BASELINE_SCENARIO_ID = 'baseline';

function point(lon: number | null, lat: number | null): PointGeometry | null {
  return lon === null || lat === null ? null : { type: 'Point', coordinates: [lon, lat] };
}

function readSchools(text: string, problems: Problem[]): School[] {
  const file = 'schools.csv';
  const t = parseCsv(text, file, problems);
  const c = new CellReader(file, problems);
  const out: School[] = [];
  t.rows.forEach((r, i) => {
    const id = c.text(r, i, '学校代码', true);
    const name = c.text(r, i, '学校名称', true);
    const typeWord = c.text(r, i, '学校类型', true);
    const type = lookupWord(SCHOOL_TYPE_WORDS, typeWord);
    if (typeWord !== null && type === null) problems.push({ file, row: i + 1, field: '学校类型', message: `unknown school type "${typeWord}"`, severity: 'error' });
    const status = lookupWord(SCHOOL_STATUS_WORDS, c.text(r, i, '办学状态')) ?? 'open';
    const loc = point(c.number(r, i, '经度', { required: true, min: -180, max: 180 }), c.number(r, i, '纬度', { required: true, min: -90, max: 90 }));
    const enrol = GRADE_WORDS_ZH.map((g) => c.number(r, i, `${g}学生数`, { int: true, min: 0 }) ?? 0);
    const classes = GRADE_WORDS_ZH.map((g) => c.number(r, i, `${g}班数`, { int: true, min: 0 }) ?? 0);
    const capacity: Partial<Record<Level, number>> = {};
    for (const [col, level] of [['小学学位数', 'primary'], ['初中学位数', 'junior'], ['高中学位数', 'senior']] as const) {
      const v = c.number(r, i, col, { int: true, min: 0 });
      if (v !== null) capacity[level] = v;
    }
    if (!id || !name || !type || !loc) return;
    out.push({
      id, name, namePinyin: c.text(r, i, '学校名称拼音'), type, status, location: loc,
      township: c.text(r, i, '乡镇'), address: c.text(r, i, '地址'),
      classesByGrade: classes, enrolmentByGrade: enrol, capacity,
      staff: c.number(r, i, '教职工数', { min: 0 }), teachers: c.number(r, i, '专任教师数', { min: 0 }),
      floorAreaM2: c.number(r, i, '校舍建筑面积', { min: 0 }), siteAreaM2: c.number(r, i, '占地面积', { min: 0 }),
      alliance: c.text(r, i, '教共体'), boarding: c.text(r, i, '寄宿制') === '是', extra: {},
    });
  });
  return out;
}

function readResidences(text: string, problems: Problem[]): Residence[] {
  const file = 'residences.geojson';
  return parseFeatureCollection(text, file, problems, ['Point', 'Polygon', 'MultiPolygon']).flatMap(({ feature: f, index }) => {
    const p = f.properties;
    const id = typeof p['编码'] === 'string' ? p['编码'] : null;
    const name = typeof p['名称'] === 'string' ? p['名称'] : null;
    const where = { file, row: index + 1, feature: id ?? undefined };
    if (!id || !name) {
      problems.push({ ...where, field: id ? '名称' : '编码', message: 'is missing', severity: 'error' });
      return [];
    }
    const grades = emptyGrades();
    GRADE_WORDS_ZH.forEach((g, k) => {
      const v = p[g];
      if (v === undefined || v === null) return;
      if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) problems.push({ ...where, field: g, message: `must be a number ≥ 0 (got ${JSON.stringify(v)})`, severity: 'error' });
      else grades[k] = v;
    });
    const num = (k: string) => (typeof p[k] === 'number' ? (p[k] as number) : null);
    return [{
      id, name, namePinyin: typeof p['拼音'] === 'string' ? p['拼音'] : null,
      kind: lookupWord(RESIDENCE_KIND_WORDS, String(p['类型'] ?? '')) ?? 'other',
      settlement: lookupWord(SETTLEMENT_WORDS, String(p['城乡类型'] ?? '')) ?? 'rural',
      geometry: f.geometry as Residence['geometry'],
      township: typeof p['乡镇'] === 'string' ? p['乡镇'] : null,
      households: num('户数'), population: num('人口'),
      pupilsByGrade: grades, pupilSource: 'grade' as const, extra: {},
    }];
  });
}

function readPrimaryCatchments(text: string, schools: Map<string, School>, residences: Set<string>, problems: Problem[]): Catchment[] {
  const file = 'catchments_primary.csv';
  const t = parseCsv(text, file, problems);
  const c = new CellReader(file, problems);
  const bySchool = new Map<string, string[]>();
  const seen = new Set<string>();
  t.rows.forEach((r, i) => {
    const schoolId = c.text(r, i, '学校代码', true);
    const unitId = c.text(r, i, '单元编码', true);
    if (!schoolId || !unitId) return;
    if (!schools.has(schoolId)) return void problems.push({ file, row: i + 1, field: '学校代码', message: `no school with code ${schoolId}`, severity: 'error' });
    if (!residences.has(unitId)) return void problems.push({ file, row: i + 1, field: '单元编码', message: `no residence unit ${unitId}`, severity: 'error' });
    if (seen.has(unitId)) return void problems.push({ file, row: i + 1, field: '单元编码', message: `unit ${unitId} is listed for more than one school`, severity: 'warning' });
    seen.add(unitId);
    const list = bySchool.get(schoolId) ?? [];
    list.push(unitId);
    bySchool.set(schoolId, list);
  });
  return [...bySchool].map(([schoolId, unitIds]) => ({
    id: `${BASELINE_SCENARIO_ID}:primary:${schoolId}`, scenarioId: BASELINE_SCENARIO_ID, level: 'primary' as const, schoolId,
    form: 'units' as const, geometry: null, unitIds,
  }));
}

function readPolygonCatchments(text: string, file: string, level: Level, schools: Map<string, School>, problems: Problem[]): Catchment[] {
  return parseFeatureCollection(text, file, problems, ['Polygon', 'MultiPolygon']).flatMap(({ feature: f, index }) => {
    const schoolId = typeof f.properties['学校代码'] === 'string' ? f.properties['学校代码'] : null;
    if (!schoolId || !schools.has(schoolId)) {
      problems.push({ file, row: index + 1, field: '学校代码', message: schoolId ? `no school with code ${schoolId}` : 'is missing', severity: 'error' });
      return [];
    }
    return [{
      id: `${BASELINE_SCENARIO_ID}:${level}:${schoolId}`, scenarioId: BASELINE_SCENARIO_ID, level, schoolId, form: 'polygon' as const,
      geometry: f.geometry as ArealGeometry, unitIds: [],
    }];
  });
}

function readHousing(text: string, problems: Problem[]): HousingDevelopment[] {
  const file = 'housing.csv';
  const t = parseCsv(text, file, problems);
  const c = new CellReader(file, problems);
  return t.rows.flatMap((r, i) => {
    const id = c.text(r, i, '项目编码', true);
    const name = c.text(r, i, '项目名称', true);
    const loc = point(c.number(r, i, '经度', { required: true, min: -180, max: 180 }), c.number(r, i, '纬度', { required: true, min: -90, max: 90 }));
    const dwellings = c.number(r, i, '住宅户数', { required: true, int: true, min: 0 });
    const year = c.number(r, i, '竣工年份', { required: true, int: true, min: 1900, max: 2200 });
    if (!id || !name || !loc || dwellings === null || year === null) return [];
    return [{ id, name, namePinyin: c.text(r, i, '项目名称拼音'), geometry: loc, dwellings, completionYear: year, housingType: c.text(r, i, '住宅类型'), pupilsPerDwelling: {} }];
  });
}

function readRoads(text: string, problems: Problem[]): Road[] {
  const file = 'roads.geojson';
  return parseFeatureCollection(text, file, problems, ['LineString', 'MultiLineString']).map(({ feature: f, index }) => {
    const p = f.properties;
    const cls = lookupWord(ROAD_CLASS_WORDS, typeof p['等级'] === 'string' ? p['等级'] : null);
    if (!cls) problems.push({ file, row: index + 1, field: '等级', message: `unknown road class ${JSON.stringify(p['等级'])}; read as village road`, severity: 'warning' });
    return {
      id: typeof p['编码'] === 'string' ? p['编码'] : `road-${index + 1}`,
      name: typeof p['名称'] === 'string' ? p['名称'] : null,
      roadClass: cls ?? 'village', geometry: f.geometry as Road['geometry'], oneway: p['单行'] === true,
    };
  });
}

function readContext(text: string, file: string, kind: ContextKind, problems: Problem[]): ContextFeature[] {
  return parseFeatureCollection(text, file, problems, null).map(({ feature: f, index }) => {
    const p = f.properties;
    const rank = typeof p['等级'] === 'number' ? p['等级'] : kind === 'county' ? 1 : kind === 'township' ? 2 : null;
    return {
      id: `${kind}-${index + 1}`, kind, name: typeof p['名称'] === 'string' ? p['名称'] : null,
      namePinyin: typeof p['拼音'] === 'string' ? p['拼音'] : null, rank, geometry: f.geometry as ContextFeature['geometry'],
    };
  });
}

/** Parses all demo files; throws InputError listing every error if any file is unusable. */
export function parseDemoCounty(files: Record<DemoFileName, string>, createdAt: string): CountyInputs {
  const problems: Problem[] = [];
  let project: { name?: unknown; region?: unknown } = {};
  try {
    project = JSON.parse(files['project.json']) as typeof project;
  } catch (e) {
    problems.push({ file: 'project.json', message: `not valid JSON: ${(e as Error).message}`, severity: 'error' });
  }
  const schools = readSchools(files['schools.csv'], problems);
  const residences = readResidences(files['residences.geojson'], problems);
  const schoolById = new Map(schools.map((s) => [s.id, s]));
  const catchments = [
    ...readPrimaryCatchments(files['catchments_primary.csv'], schoolById, new Set(residences.map((r) => r.id)), problems),
    ...readPolygonCatchments(files['catchments_junior.geojson'], 'catchments_junior.geojson', 'junior', schoolById, problems),
  ];
  const context: ContextFeature[] = [];
  for (const [stem, kind] of Object.entries(CONTEXT_FILE_KINDS)) {
    context.push(...readContext(files[`context/${stem}.geojson` as DemoFileName], `context/${stem}.geojson`, kind, problems));
  }
  const out: CountyInputs = {
    name: typeof project.name === 'string' ? project.name : 'Demo county',
    region: typeof project.region === 'string' ? project.region : null,
    baseline: { id: BASELINE_SCENARIO_ID, name: '现状 Baseline', kind: 'baseline', parentId: null, description: '', createdAt },
    schools, residences, catchments, housing: readHousing(files['housing.csv'], problems), roads: readRoads(files['roads.geojson'], problems), context,
  };
  if (problems.some((p) => p.severity === 'error')) throw new InputError(problems);
  return out;
}
