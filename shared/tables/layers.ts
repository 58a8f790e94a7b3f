// The map layers a bureau hands to GIS colleagues (GeoJSON, GeoPackage, CSV): every school,
// residence unit and catchment with all its own fields under the column names planners import
// (so an export can be imported again unchanged) and the scenario's indicators beside them, read
// from the one Evaluation. Unit-list catchments also go out as an assignment table (unit → school).
import type { Evaluation } from '../engine/types';
import type { Catchment, Geometry, Level, Residence, School } from '../model';
import { LEVELS, SCHOOL_TYPE_LEVELS } from '../model';
import { GRADE_WORDS_ZH } from '../io/vocabulary';
import type { Locale } from './planning-tables';

export type Attr = string | number | boolean | null;
export interface LayerFeature {
  geometry: Geometry | null;
  properties: Record<string, Attr>;
}
export interface ExportLayers {
  schools: LayerFeature[];
  residences: LayerFeature[];
  catchments: LayerFeature[];
  /** Unit-list catchments as rows of (unit, school, level); no geometry. */
  assignments: LayerFeature[];
}

const ZH = {
  code: '学校代码', name: '学校名称', type: '学校类型', status: '办学状态', township: '乡镇', address: '地址', lon: '经度', lat: '纬度',
  enrol: (g: number) => `${GRADE_WORDS_ZH[g - 1]}学生数`, classes: (g: number) => `${GRADE_WORDS_ZH[g - 1]}班数`,
  capacity: { primary: '小学学位数', junior: '初中学位数', senior: '高中学位数' } as Record<Level, string>,
  staff: '教职工数', teachers: '专任教师数', floor: '校舍建筑面积', site: '占地面积', alliance: '教共体', boarding: '寄宿制',
  unit: '单元编码', unitName: '名称', kind: '类型', settlement: '城乡类型', households: '户数', population: '人口', pupils: (g: number): string => GRADE_WORDS_ZH[g - 1],
  catchment: '学区编码', level: '学段', form: '形式', assigned: (l: string) => `${l}划入学校`,
  ind: { pupils: '划入学生', seats: '学位', utilisation: '学位使用率', surplus: '学位余缺', classesNeeded: '需班数', oversized: '大班额班级', meanKm: '平均距离公里', withinRadius: '服务半径内占比', area: '面积平方公里', parts: '块数', compactness: '紧凑度', residences: '居住单元数', schoolOutside: '学校在学区外' },
  words: {
    type: { primary: '小学', junior: '初中', nine_year: '九年一贯制', complete_secondary: '完全中学', senior: '高中', teaching_point: '教学点' },
    status: { open: '在办', planned: '规划', closed: '已撤并' },
    level: { primary: '小学', junior: '初中', senior: '高中' },
    kind: { complex: '小区', village: '村', block: '街区', other: '其他' },
    settlement: { urban: '城区', town: '镇区', rural: '乡村' },
    form: { polygon: '多边形', units: '名单' },
    yes: '是', no: '否',
  },
};
const EN: typeof ZH = {
  code: 'school_code', name: 'school_name', type: 'type', status: 'status', township: 'township', address: 'address', lon: 'lon', lat: 'lat',
  enrol: (g) => `enrolment_g${g}`, classes: (g) => `classes_g${g}`,
  capacity: { primary: 'capacity_primary', junior: 'capacity_junior', senior: 'capacity_senior' },
  staff: 'staff', teachers: 'teachers', floor: 'floor_area', site: 'site_area', alliance: 'alliance', boarding: 'boarding',
  unit: 'unit_id', unitName: 'name', kind: 'kind', settlement: 'settlement', households: 'households', population: 'population', pupils: (g) => `pupils_g${g}`,
  catchment: 'catchment_id', level: 'level', form: 'form', assigned: (l) => `${l}_school`,
  ind: { pupils: 'pupils_assigned', seats: 'seats', utilisation: 'utilisation', surplus: 'seat_balance', classesNeeded: 'classes_needed', oversized: 'oversized_classes', meanKm: 'mean_km', withinRadius: 'share_within_radius', area: 'area_km2', parts: 'parts', compactness: 'polsby_popper', residences: 'residences', schoolOutside: 'school_outside' },
  words: {
    type: { primary: 'primary', junior: 'junior', nine_year: 'nine_year', complete_secondary: 'complete_secondary', senior: 'senior', teaching_point: 'teaching_point' },
    status: { open: 'open', planned: 'planned', closed: 'closed' },
    level: { primary: 'primary', junior: 'junior', senior: 'senior' },
    kind: { complex: 'complex', village: 'village', block: 'block', other: 'other' },
    settlement: { urban: 'urban', town: 'town', rural: 'rural' },
    form: { polygon: 'polygon', units: 'units' },
    yes: 'yes', no: 'no',
  },
};

const round = (x: number | null | undefined, d = 4) => (x === null || x === undefined || !Number.isFinite(x) ? null : Math.round(x * 10 ** d) / 10 ** d);

export function buildExportLayers(ev: Evaluation | null, data: { schools: readonly School[]; residences: readonly Residence[]; catchments: readonly Catchment[] }, locale: Locale): ExportLayers {
  const w = locale === 'en' ? EN : ZH;
  const lv = (l: Level) => w.words.level[l];
  const schoolRow = new Map<string, NonNullable<Evaluation['levels'][number]['schools'][number]>>();
  const catchmentRow = new Map<string, NonNullable<Evaluation['levels'][number]['catchments'][number]>>();
  for (const l of ev?.levels ?? []) {
    for (const s of l.schools) schoolRow.set(`${l.level}:${s.schoolId}`, s);
    for (const c of l.catchments) catchmentRow.set(c.catchmentId, c);
  }
  const schoolName = new Map(data.schools.map((s) => [s.id, s.name]));

  const schools = data.schools.map((s): LayerFeature => {
    const p: Record<string, Attr> = {
      [w.code]: s.id, [w.name]: s.name, [w.type]: w.words.type[s.type], [w.status]: w.words.status[s.status], [w.township]: s.township, [w.address]: s.address,
      [w.lon]: round(s.location.coordinates[0], 7), [w.lat]: round(s.location.coordinates[1], 7),
    };
    for (let g = 1; g <= 12; g++) p[w.enrol(g)] = s.enrolmentByGrade[g - 1];
    for (let g = 1; g <= 12; g++) p[w.classes(g)] = s.classesByGrade[g - 1];
    for (const level of LEVELS) p[w.capacity[level]] = s.capacity[level] ?? null;
    Object.assign(p, { [w.staff]: s.staff, [w.teachers]: s.teachers, [w.floor]: s.floorAreaM2, [w.site]: s.siteAreaM2, [w.alliance]: s.alliance, [w.boarding]: s.boarding ? w.words.yes : w.words.no });
    for (const level of SCHOOL_TYPE_LEVELS[s.type]) {
      const r = schoolRow.get(`${level}:${s.id}`);
      if (!r) continue;
      const k = (name: string) => (locale === 'en' ? `${level}_${name}` : `${lv(level)}${name}`);
      Object.assign(p, {
        [k(w.ind.pupils)]: round(r.pupils, 2), [k(w.ind.seats)]: r.seats, [k(w.ind.utilisation)]: round(r.utilisation), [k(w.ind.surplus)]: round(r.surplus, 2),
        [k(w.ind.classesNeeded)]: r.classesNeeded, [k(w.ind.oversized)]: r.oversizedClasses, [k(w.ind.meanKm)]: round(r.straight ? r.straight.mean / 1000 : null), [k(w.ind.withinRadius)]: round(r.shareWithinRadius),
      });
    }
    for (const [key, v] of Object.entries(s.extra)) if (!(key in p)) p[key] = v;
    return { geometry: s.location, properties: p };
  });

  const residences = data.residences.map((r): LayerFeature => {
    const p: Record<string, Attr> = {
      [w.unit]: r.id, [w.unitName]: r.name, [w.kind]: w.words.kind[r.kind], [w.settlement]: w.words.settlement[r.settlement], [w.township]: r.township,
      [w.households]: r.households, [w.population]: r.population,
    };
    for (let g = 1; g <= 12; g++) p[w.pupils(g)] = round(r.pupilsByGrade[g - 1], 4);
    for (const l of ev?.levels ?? []) {
      const to = ev?.assignment[l.level]?.[r.id];
      p[w.assigned(lv(l.level))] = to ? `${to} ${schoolName.get(to) ?? ''}`.trim() : null;
    }
    for (const [key, v] of Object.entries(r.extra)) if (!(key in p)) p[key] = v;
    return { geometry: r.geometry, properties: p };
  });

  const catchments = data.catchments.map((c): LayerFeature => {
    const r = catchmentRow.get(c.id);
    return {
      geometry: c.geometry,
      properties: {
        [w.catchment]: c.id, [w.code]: c.schoolId, [w.name]: schoolName.get(c.schoolId) ?? null, [w.level]: lv(c.level), [w.form]: w.words.form[c.form],
        [w.ind.area]: round(r?.areaKm2 ?? null), [w.ind.parts]: r?.parts ?? null, [w.ind.compactness]: round(r?.polsbyPopper ?? null), [w.ind.residences]: r?.residences ?? null,
        [w.ind.pupils]: round(r?.pupils ?? null, 2), [w.ind.schoolOutside]: r?.schoolOutside === null || r?.schoolOutside === undefined ? null : r.schoolOutside ? w.words.yes : w.words.no,
      },
    };
  });

  const assignments = data.catchments.filter((c) => c.form === 'units').flatMap((c) => c.unitIds.map((u): LayerFeature => ({ geometry: null, properties: { [w.unit]: u, [w.code]: c.schoolId, [w.level]: lv(c.level) } })));
  return { schools, residences, catchments, assignments };
}

/** A layer as a table (for CSV): the union of its features' attribute names, in first-seen order. */
export function layerTable(features: readonly LayerFeature[]): { columns: string[]; rows: Attr[][] } {
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const f of features) for (const k of Object.keys(f.properties)) if (!seen.has(k)) {
    seen.add(k);
    columns.push(k);
  }
  return { columns, rows: features.map((f) => columns.map((c) => f.properties[c] ?? null)) };
}
