// The planning tables a bureau takes away as a spreadsheet: the school roster (one row per school
// and level), the catchments, and the county summary checked against the standards. Every figure
// is read from one Evaluation (shared/engine/evaluate.ts), so the spreadsheet agrees with the map
// and the panels; nothing is recomputed here. Numbers stay numbers (distances in km, shares as
// fractions); the writers (xlsx.ts, csv.ts) decide how they look.
import type { CvIndicator, DistanceStats, Evaluation, LevelEvaluation, SchoolLevelIndicators } from '../engine/types';
import type { Catchment, Level, School, SchoolStatus, SchoolType } from '../model';
import { LEVEL_GRADES } from '../model';

export type Locale = 'zh-CN' | 'en';
export type ColumnKind = 'text' | 'int' | 'decimal' | 'percent' | 'km' | 'ratio';
export type Cell = string | number | null;

export interface TableColumn {
  key: string;
  header: string;
  kind: ColumnKind;
  /** Width in characters; the XLSX writer measures the contents when absent. */
  width?: number;
}

export interface PlanningTable {
  id: 'schools' | 'catchments' | 'county';
  title: string;
  columns: TableColumn[];
  rows: Cell[][];
  /**
   * Per-cell kind where a column mixes kinds (the county summary's value column holds counts,
   * shares and coefficients): cellKinds[r][c], null or absent = the column's kind.
   */
  cellKinds?: (ColumnKind | null)[][];
  /** What the reader must know about the figures (the XLSX writer lists it on the 'about' sheet). */
  note?: string;
}

// ---------------------------------------------------------------------------------------------
// Wording. Copied from renderer/i18n/{zh-CN,en}.json (keys level, schoolType, status, grade,
// inspector, evaluation, evaluation.cv) so shared/ need not import the renderer; the few labels
// the app has no key for are written in the same style.

interface Words {
  titles: Record<PlanningTable['id'], string>;
  level: Record<Level, string>;
  schoolType: Record<SchoolType, string>;
  status: Record<SchoolStatus, string>;
  form: Record<Catchment['form'], string>;
  grade: (g: number) => string;
  /** Catchment table: a figure of the catchment's school, not of the catchment itself. */
  ofSchool: (header: string) => string;
  yes: string;
  no: string;
  pass: string;
  fail: string;
  listSep: string;
  col: Record<string, string>;
  county: Record<string, string>;
  cv: Record<CvIndicator['indicator'], string>;
  cvSuffix: string;
  cvTitle: string;
  noCv: string;
  radius: (urban: number, rural: number | null) => string;
  notes: Record<PlanningTable['id'], string>;
}

const ZH_GRADES = ['一年级', '二年级', '三年级', '四年级', '五年级', '六年级', '七年级', '八年级', '九年级', '高一', '高二', '高三'];

const WORDS: Record<Locale, Words> = {
  'zh-CN': {
    titles: { schools: '学校名册', catchments: '学区', county: '全县汇总' },
    level: { primary: '小学', junior: '初中', senior: '高中' },
    schoolType: { primary: '小学', junior: '初中', nine_year: '九年一贯制', complete_secondary: '完全中学', senior: '高中', teaching_point: '教学点' },
    status: { open: '在办', planned: '规划', closed: '已撤并' },
    form: { polygon: '边界', units: '名单' },
    grade: (g) => ZH_GRADES[g - 1],
    ofSchool: (h) => `本校${h}`,
    yes: '是',
    no: '否',
    pass: '达标',
    fail: '未达标',
    listSep: '、',
    col: {
      catchmentId: '学区编号',
      code: '学校代码',
      name: '学校名称',
      type: '类型',
      status: '状态',
      township: '乡镇',
      level: '学段',
      enrolment: '在校生',
      assigned: '划入学生',
      seats: '学位',
      utilisation: '学位使用率',
      surplus: '学位余缺',
      classes: '班级数',
      classesNeeded: '按标准班额需班数',
      classesAbove: '超标准班额班级',
      oversized: '大班额班级（≥56人）',
      extraLarge: '超大班额班级（≥66人）',
      straightMean: '直线距离平均（公里）',
      straightMedian: '直线距离中位（公里）',
      straightP90: '直线距离90%（公里）',
      straightMax: '直线距离最远（公里）',
      roadMean: '路网距离平均（公里）',
      minutesMean: '路网时间平均（分钟）',
      withinRadius: '服务半径内学生占比',
      beyondWalking: '超出步行距离的学生',
      overCapacity: '超容量',
      form: '划片方式',
      area: '面积（平方公里）',
      parts: '块数',
      compactness: '紧凑度（Polsby–Popper）',
      residences: '居住单元',
      pupils: '学生',
      overlaps: '重叠学区（学校）',
      schoolOutside: '学校不在本学区内',
      problems: '数据问题',
      indicator: '指标',
      value: '数值',
      standard: '标准',
      result: '是否达标',
    },
    county: {
      schools: '学校数',
      pupils: '学生',
      seats: '学位',
      seatBalance: '学位余缺',
      seatGap: '满员学校缺口',
      overCapacity: '超容量学校',
      classesAbove: '超标准班额班级',
      oversized: '大班额班级（≥56人）',
      extraLarge: '超大班额班级（≥66人）',
      withinRadius: '服务半径内学生占比',
      gaps: '未覆盖学生（空白区）',
      overlaps: '重叠区学生',
      unseated: '无学位学生',
    },
    cv: {
      teachersPer100: '每百名学生专任教师',
      staffPer100: '每百名学生教职工',
      floorAreaPerPupil: '生均校舍建筑面积',
      siteAreaPerPupil: '生均占地面积',
      degreeTeachersPer100: '每百名学生高于规定学历教师数',
      keyTeachersPer100: '每百名学生县级以上骨干教师数',
      peArtsTeachersPer100: '每百名学生体育、艺术专任教师数',
      teachingAreaPerPupil: '生均教学及辅助用房面积',
      sportsAreaPerPupil: '生均体育运动场馆面积',
      equipmentValuePerPupil: '生均教学仪器设备值',
      multimediaClassroomsPer100: '每百名学生网络多媒体教室数',
      booksPerPupil: '生均图书册数',
    },
    cvSuffix: '（差异系数）',
    cvTitle: '校际均衡（差异系数）',
    noCv: '数据中无可比较的资源指标',
    radius: (urban, rural) => `城镇 ${urban} 米${rural !== null ? `；乡村 ${rural} 米` : ''}`,
    notes: {
      schools: '每所学校每个学段一行。划入学生、分年级学生、距离按本方案的划分计算；在校生、班级数、大班额按学校现有在校生和班级计算。各年级列只填该行学段的年级，其余留空。距离单位为公里，使用率与占比为小数（0.913 即 91.3%）。',
      catchments: '每个学区一行。学生为学区内居住单元的学生合计（重叠区的居住单元计入每个学区）；标“本校”的列（划入学生、分年级学生、学位、学位使用率、距离）为该学区所属学校在本学段的数字。仅在“按学区”划分时列出。',
      county: '每个学段的全县指标。差异系数为学生加权的校际差异系数，每项单独与上限比较（小学 0.50，初中 0.45）。',
    },
  },
  en: {
    titles: { schools: 'School roster', catchments: 'Catchments', county: 'County summary' },
    level: { primary: 'Primary', junior: 'Junior', senior: 'Senior' },
    schoolType: { primary: 'Primary', junior: 'Junior secondary', nine_year: 'Nine-year', complete_secondary: 'Complete secondary', senior: 'Senior high', teaching_point: 'Teaching point' },
    status: { open: 'Open', planned: 'Planned', closed: 'Closed' },
    form: { polygon: 'Polygon', units: 'Unit list' },
    grade: (g) => `Grade ${g}`,
    ofSchool: (h) => `School: ${h.charAt(0).toLowerCase()}${h.slice(1)}`,
    yes: 'yes',
    no: 'no',
    pass: 'pass',
    fail: 'fail',
    listSep: ', ',
    col: {
      catchmentId: 'Catchment id',
      code: 'School code',
      name: 'School',
      type: 'Type',
      status: 'Status',
      township: 'Township',
      level: 'Level',
      enrolment: 'Enrolment',
      assigned: 'Pupils assigned',
      seats: 'Seats',
      utilisation: 'Utilisation',
      surplus: 'Seat balance',
      classes: 'Classes',
      classesNeeded: 'Classes needed at standard size',
      classesAbove: 'Classes above standard size',
      oversized: 'Oversized classes (≥56)',
      extraLarge: 'Extra-large classes (≥66)',
      straightMean: 'Straight mean (km)',
      straightMedian: 'Straight median (km)',
      straightP90: 'Straight 90th pct (km)',
      straightMax: 'Straight max (km)',
      roadMean: 'Road mean (km)',
      minutesMean: 'Road time mean (min)',
      withinRadius: 'Pupils within service radius',
      beyondWalking: 'Pupils beyond walking limit',
      overCapacity: 'Over capacity',
      form: 'Form',
      area: 'Area (km²)',
      parts: 'Parts',
      compactness: 'Compactness (Polsby–Popper)',
      residences: 'Residence units',
      pupils: 'Pupils',
      overlaps: 'Overlapping catchments (schools)',
      schoolOutside: 'School outside its catchment',
      problems: 'Data problems',
      indicator: 'Indicator',
      value: 'Value',
      standard: 'Standard',
      result: 'Result',
    },
    county: {
      schools: 'Schools',
      pupils: 'Pupils',
      seats: 'Seats',
      seatBalance: 'Seat balance',
      seatGap: 'Seats short at full schools',
      overCapacity: 'Schools over capacity',
      classesAbove: 'Classes above standard size',
      oversized: 'Oversized classes (≥56)',
      extraLarge: 'Extra-large classes (≥66)',
      withinRadius: 'Pupils within service radius',
      gaps: 'Pupils in no catchment (gaps)',
      overlaps: 'Pupils in overlaps',
      unseated: 'Pupils without a seat',
    },
    cv: {
      teachersPer100: 'Teachers per 100 pupils',
      staffPer100: 'Staff per 100 pupils',
      floorAreaPerPupil: 'Floor area per pupil',
      siteAreaPerPupil: 'Site area per pupil',
      degreeTeachersPer100: 'Teachers above the required degree per 100 pupils',
      keyTeachersPer100: 'County-level key teachers per 100 pupils',
      peArtsTeachersPer100: 'PE and arts teachers per 100 pupils',
      teachingAreaPerPupil: 'Teaching and auxiliary area per pupil',
      sportsAreaPerPupil: 'Sports ground and gym area per pupil',
      equipmentValuePerPupil: 'Teaching equipment value per pupil',
      multimediaClassroomsPer100: 'Networked multimedia classrooms per 100 pupils',
      booksPerPupil: 'Books per pupil',
    },
    cvSuffix: ' (CV)',
    cvTitle: 'Balance between schools (CV)',
    noCv: 'No comparable resource indicator in the data',
    radius: (urban, rural) => `urban ${urban.toLocaleString('en')} m${rural !== null ? `; rural ${rural.toLocaleString('en')} m` : ''}`,
    notes: {
      schools: 'One row per school and level. Pupils assigned, pupils by grade and distances follow the scenario’s assignment; enrolment, classes and class-size counts come from the school’s own roll. Grade columns are filled only for the grades of the row’s level. Distances in km; utilisation and shares as fractions (0.913 = 91.3%).',
      catchments: 'One row per catchment. Pupils: all pupils of the residence units in the catchment (a unit in an overlap counts in each catchment); the columns marked “School:” (pupils assigned, by grade, seats, utilisation, distances) are those of the catchment’s school at that level. Listed only for the by-catchment assignment.',
      county: 'County-wide figures per level. CV: the pupil-weighted coefficient of variation between schools, each indicator checked on its own against the limit (0.50 primary, 0.45 junior).',
    },
  },
};

/** The wording of the tables, for writers and views that label them (sheet 'about', previews). */
export function tableWords(locale: Locale): Readonly<Words> {
  return WORDS[locale];
}

// ---------------------------------------------------------------------------------------------

const km = (d: DistanceStats | null, k: keyof DistanceStats): number | null => (d && Number.isFinite(d[k]) ? d[k] / 1000 : null);
const num = (x: number | null | undefined): number | null => (x === null || x === undefined || !Number.isFinite(x) ? null : x);

/** The grades of the evaluated levels, in order: one column each in the roster and catchment tables. */
function gradesOf(ev: Evaluation): number[] {
  const set = new Set<number>();
  for (const l of ev.levels) for (const g of LEVEL_GRADES[l.level]) set.add(g);
  return [...set].sort((a, b) => a - b);
}

/** Grade cells of one row: the row's own grades filled (0 included), the other levels' left blank. */
function gradeCells(grades: number[], level: Level, byGrade: readonly number[] | null): Cell[] {
  const own = new Set<number>(LEVEL_GRADES[level]);
  return grades.map((g) => (own.has(g) ? (byGrade ? byGrade[g - 1] ?? 0 : null) : null));
}

/** An 'int' column that holds a fraction (a residence split between schools by the capacity method) shows decimals. */
function settleKinds(columns: TableColumn[], rows: Cell[][]): TableColumn[] {
  return columns.map((c, k) => (c.kind === 'int' && rows.some((r) => typeof r[k] === 'number' && !Number.isInteger(r[k])) ? { ...c, kind: 'decimal' } : c));
}

function schoolsTable(ev: Evaluation, byId: Map<string, School>, w: Words): PlanningTable {
  const grades = gradesOf(ev);
  const c = w.col;
  const columns: TableColumn[] = [
    { key: 'code', header: c.code, kind: 'text' },
    { key: 'name', header: c.name, kind: 'text' },
    { key: 'type', header: c.type, kind: 'text' },
    { key: 'status', header: c.status, kind: 'text' },
    { key: 'township', header: c.township, kind: 'text' },
    { key: 'level', header: c.level, kind: 'text' },
    { key: 'enrolment', header: c.enrolment, kind: 'int' },
    { key: 'pupils', header: c.assigned, kind: 'int' },
    ...grades.map((g): TableColumn => ({ key: `g${g}`, header: w.grade(g), kind: 'int' })),
    { key: 'seats', header: c.seats, kind: 'int' },
    { key: 'utilisation', header: c.utilisation, kind: 'percent' },
    { key: 'surplus', header: c.surplus, kind: 'int' },
    { key: 'classes', header: c.classes, kind: 'int' },
    { key: 'classesNeeded', header: c.classesNeeded, kind: 'int' },
    { key: 'classesAboveStandard', header: c.classesAbove, kind: 'int' },
    { key: 'oversizedClasses', header: c.oversized, kind: 'int' },
    { key: 'extraLargeClasses', header: c.extraLarge, kind: 'int' },
    { key: 'straightMean', header: c.straightMean, kind: 'km' },
    { key: 'straightMedian', header: c.straightMedian, kind: 'km' },
    { key: 'straightP90', header: c.straightP90, kind: 'km' },
    { key: 'straightMax', header: c.straightMax, kind: 'km' },
    { key: 'roadMean', header: c.roadMean, kind: 'km' },
    { key: 'minutesMean', header: c.minutesMean, kind: 'decimal' },
    { key: 'shareWithinRadius', header: c.withinRadius, kind: 'percent' },
    { key: 'pupilsBeyondWalkingLimit', header: c.beyondWalking, kind: 'int' },
    { key: 'overCapacity', header: c.overCapacity, kind: 'text' },
  ];
  const rows: Cell[][] = [];
  for (const l of ev.levels) {
    for (const s of l.schools) {
      const school = byId.get(s.schoolId);
      rows.push([
        s.schoolId,
        school?.name ?? s.name,
        school ? w.schoolType[school.type] : null,
        school ? w.status[school.status] : null,
        school?.township ?? null,
        w.level[s.level],
        s.enrolment,
        s.pupils,
        ...gradeCells(grades, s.level, s.pupilsByGrade),
        s.seats,
        num(s.utilisation),
        s.surplus,
        s.classes,
        s.classesNeeded,
        s.classesAboveStandard,
        s.oversizedClasses,
        s.extraLargeClasses,
        km(s.straight, 'mean'),
        km(s.straight, 'median'),
        km(s.straight, 'p90'),
        km(s.straight, 'max'),
        km(s.network, 'mean'),
        s.networkMinutes && Number.isFinite(s.networkMinutes.mean) ? s.networkMinutes.mean : null,
        num(s.shareWithinRadius),
        s.pupilsBeyondWalkingLimit,
        s.overCapacity ? w.yes : w.no,
      ]);
    }
  }
  return { id: 'schools', title: w.titles.schools, columns: settleKinds(columns, rows), rows, note: w.notes.schools };
}

function catchmentsTable(ev: Evaluation, byId: Map<string, School>, w: Words): PlanningTable {
  const grades = gradesOf(ev);
  const c = w.col;
  const columns: TableColumn[] = [
    { key: 'catchmentId', header: c.catchmentId, kind: 'text' },
    { key: 'code', header: c.code, kind: 'text' },
    { key: 'name', header: c.name, kind: 'text' },
    { key: 'level', header: c.level, kind: 'text' },
    { key: 'form', header: c.form, kind: 'text' },
    { key: 'areaKm2', header: c.area, kind: 'decimal' },
    { key: 'parts', header: c.parts, kind: 'int' },
    { key: 'polsbyPopper', header: c.compactness, kind: 'ratio' },
    { key: 'residences', header: c.residences, kind: 'int' },
    { key: 'pupils', header: c.pupils, kind: 'int' },
    { key: 'schoolPupils', header: w.ofSchool(c.assigned), kind: 'int' },
    ...grades.map((g): TableColumn => ({ key: `g${g}`, header: w.ofSchool(w.grade(g)), kind: 'int' })),
    { key: 'seats', header: w.ofSchool(c.seats), kind: 'int' },
    { key: 'utilisation', header: w.ofSchool(c.utilisation), kind: 'percent' },
    { key: 'straightMean', header: w.ofSchool(c.straightMean), kind: 'km' },
    { key: 'straightP90', header: w.ofSchool(c.straightP90), kind: 'km' },
    { key: 'overlaps', header: c.overlaps, kind: 'text', width: 30 },
    { key: 'schoolOutside', header: c.schoolOutside, kind: 'text' },
    { key: 'problems', header: c.problems, kind: 'text', width: 40 },
  ];
  const rows: Cell[][] = [];
  for (const l of ev.levels) {
    const rowOf = new Map<string, SchoolLevelIndicators>(l.schools.map((s) => [s.schoolId, s]));
    for (const k of l.catchments) {
      const school = byId.get(k.schoolId);
      // CatchmentIndicators carries the catchment's pupils but not their grades (and the tables get
      // no residences), so the grade columns, seats, utilisation and distances are the school's
      // row for this level: the same as the catchment's when the school has this one catchment and
      // it overlaps no other. Their headers say "本校" / "School:", and the note on the 'about'
      // sheet explains it.
      const s = rowOf.get(k.schoolId) ?? null;
      const overlapNames = [...new Set(k.overlaps.map((o) => byId.get(o.schoolId)?.name ?? o.schoolId))];
      rows.push([
        k.catchmentId,
        k.schoolId,
        school?.name ?? null,
        w.level[k.level],
        w.form[k.form],
        num(k.areaKm2),
        num(k.parts),
        num(k.polsbyPopper),
        k.residences,
        k.pupils,
        s ? s.pupils : null,
        ...gradeCells(grades, k.level, s ? s.pupilsByGrade : null),
        s ? s.seats : null,
        s ? num(s.utilisation) : null,
        s ? km(s.straight, 'mean') : null,
        s ? km(s.straight, 'p90') : null,
        overlapNames.length ? overlapNames.join(w.listSep) : null,
        k.schoolOutside === null ? null : k.schoolOutside ? w.yes : w.no,
        k.problems.length ? k.problems.join('; ') : null,
      ]);
    }
  }
  return { id: 'catchments', title: w.titles.catchments, columns: settleKinds(columns, rows), rows, note: w.notes.catchments };
}

function countyTable(ev: Evaluation, w: Words): PlanningTable {
  const c = w.col;
  const columns: TableColumn[] = [
    { key: 'level', header: c.level, kind: 'text' },
    { key: 'indicator', header: c.indicator, kind: 'text' },
    // Counts, shares and coefficients share this column: each cell's kind is in cellKinds.
    { key: 'value', header: c.value, kind: 'decimal' },
    { key: 'standard', header: c.standard, kind: 'decimal' },
    { key: 'result', header: c.result, kind: 'text' },
  ];
  const rows: Cell[][] = [];
  const kinds: (ColumnKind | null)[][] = [];
  const add = (level: Level, label: string, value: Cell, kind: ColumnKind, standard: Cell = null, result: Cell = null, standardKind: ColumnKind | null = null): void => {
    rows.push([w.level[level], label, value, standard, result]);
    kinds.push([null, null, typeof value === 'number' && kind === 'int' && !Number.isInteger(value) ? 'decimal' : kind, standardKind, null]);
  };
  for (const l of ev.levels) {
    const t = l.county;
    const k = w.county;
    add(l.level, k.schools, t.schools, 'int');
    add(l.level, k.pupils, t.pupils, 'int');
    add(l.level, k.seats, t.seats, 'int');
    add(l.level, k.seatBalance, t.seatBalance, 'int');
    add(l.level, k.seatGap, t.seatGap, 'int');
    add(l.level, k.overCapacity, t.overCapacitySchools, 'int');
    add(l.level, k.classesAbove, t.classesAboveStandard, 'int');
    add(l.level, k.oversized, t.oversizedClasses, 'int');
    add(l.level, k.extraLarge, t.extraLargeClasses, 'int');
    const { urban, rural } = radiusOf(l);
    add(l.level, k.withinRadius, num(t.shareWithinRadius), 'percent', w.radius(urban, rural), null, 'text');
    add(l.level, k.gaps, t.gapPupils, 'int');
    add(l.level, k.overlaps, t.overlapPupils, 'int');
    add(l.level, k.unseated, t.unseatedPupils, 'int');
    for (const cv of t.cv) add(l.level, `${w.cv[cv.indicator]}${w.cvSuffix}`, cv.cv, 'ratio', cv.limit, cv.pass ? w.pass : w.fail, 'decimal');
    if (t.cv.length === 0) add(l.level, w.cvTitle, null, 'ratio', t.maxCv, w.noCv, 'decimal');
  }
  return { id: 'county', title: w.titles.county, columns, rows, cellKinds: kinds, note: w.notes.county };
}

/** The service radius and rural walking limit the level was judged by (the engine's, from its school rows). */
function radiusOf(l: LevelEvaluation): { urban: number; rural: number | null } {
  const row = l.schools[0];
  if (row) return { urban: row.serviceRadius, rural: row.walkingLimit };
  return { urban: l.level === 'primary' ? 500 : 1000, rural: null };
}

/**
 * The three planning tables of an evaluation: schools (学校名册), catchments (学区, empty unless the
 * assignment is by catchment) and the county summary (全县汇总), labelled in the locale.
 */
export function buildPlanningTables(ev: Evaluation, data: { schools: readonly School[]; catchments: readonly Catchment[] }, locale: Locale): PlanningTable[] {
  const w = WORDS[locale];
  const byId = new Map(data.schools.map((s) => [s.id, s]));
  return [schoolsTable(ev, byId, w), catchmentsTable(ev, byId, w), countyTable(ev, w)];
}
