// The fields an import can fill, per layer, with the column headers planners' tables use for them
// (Chinese and English). Detection compares normalised headers (see normaliseHeader).
import { GRADE_WORDS_ZH } from '../vocabulary';

export const IMPORT_LAYERS = ['schools', 'residences', 'catchments', 'assignments', 'roads', 'housing'] as const;
export type ImportLayer = (typeof IMPORT_LAYERS)[number];

export type FieldKind = 'text' | 'int' | 'number' | 'schoolType' | 'status' | 'settlement' | 'residenceKind' | 'roadClass' | 'bool' | 'level';

export interface FieldDef {
  key: string;
  kind: FieldKind;
  /** Header words that mean this field, in the order tried. */
  synonyms: string[];
  label: { 'zh-CN': string; en: string };
}

const f = (key: string, kind: FieldKind, zh: string, en: string, synonyms: string[]): FieldDef => ({ key, kind, synonyms, label: { 'zh-CN': zh, en } });

const GRADE_EN = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11', '12'];
function gradeFields(prefix: string, zhSuffixes: string[], enWords: string[], kind: FieldKind, zhLabel: string, enLabel: string): FieldDef[] {
  return GRADE_WORDS_ZH.map((g, k) =>
    f(`${prefix}${k + 1}`, kind, `${g}${zhLabel}`, `grade ${GRADE_EN[k]} ${enLabel}`, [
      ...zhSuffixes.map((s) => `${g}${s}`),
      ...enWords.flatMap((w) => [`${w}${k + 1}`, `${w}_${k + 1}`, `${w} ${k + 1}`]),
    ]),
  );
}

const LON = ['经度', 'lon', 'lng', 'long', 'longitude', 'x', 'x_wgs84', 'point_x', 'intptlon20', 'intptlon'];
const LAT = ['纬度', 'lat', 'latitude', 'y', 'y_wgs84', 'point_y', 'intptlat20', 'intptlat'];

export const FIELDS: Record<ImportLayer, FieldDef[]> = {
  schools: [
    f('id', 'text', '学校代码', 'school code', ['学校代码', '学校标识码', '学校编码', '校区代码', 'campus_code', 'school_code', 'code', 'sch_id', 'school_id', 'id', 'objectid', 'object_id_school']),
    f('name', 'text', '学校名称', 'school name', ['学校名称', '校名', '学校', '名称', 'school_name', 'schoolname', 'school', 'name', 'school_nam', 'sch_name']),
    f('type', 'schoolType', '学校类型/学段', 'type or level', ['学校类型', '学段', '办学类型', '类型', 'school_type', 'sch_type', 'type', 'level', 'school_typ', 'grades', 'grade_band', 'sch_type_2324']),
    f('status', 'status', '办学状态', 'status', ['办学状态', '状态', 'status']),
    f('lon', 'number', '经度', 'longitude', LON),
    f('lat', 'number', '纬度', 'latitude', LAT),
    f('township', 'text', '乡镇', 'township or district', ['乡镇', '乡镇街道', '街道', '所属乡镇', '区县', 'township', 'district', 'region']),
    f('address', 'text', '地址', 'address', ['地址', '学校地址', 'address']),
    f('enrolment', 'int', '在校生数', 'enrolment', ['在校生数', '在校生', '学生数', '学生人数', 'enrolment', 'enrollment', 'membership', 'students', 'student_count', 'pupils']),
    f('classes', 'int', '班级数', 'classes', ['班级数', '班数', '教学班数', 'classes', 'class_count']),
    f('capacity', 'int', '学位数', 'seats', ['学位数', '核定学位', '学位', '容量', 'capacity', 'seats']),
    f('capacityPrimary', 'int', '小学学位数', 'primary seats', ['小学学位数', 'primary_capacity', 'capacity_primary']),
    f('capacityJunior', 'int', '初中学位数', 'junior seats', ['初中学位数', 'junior_capacity', 'capacity_junior']),
    f('capacitySenior', 'int', '高中学位数', 'senior seats', ['高中学位数', 'senior_capacity', 'capacity_senior']),
    f('teachers', 'number', '专任教师数', 'teachers', ['专任教师数', '专任教师', '教师数', '教师人数', 'teachers', 'teacher_count']),
    f('staff', 'number', '教职工数', 'staff', ['教职工数', '教职工', 'staff']),
    f('floorAreaM2', 'number', '校舍建筑面积', 'floor area m²', ['校舍建筑面积', '建筑面积', 'floor_area', 'flooraream2']),
    f('siteAreaM2', 'number', '占地面积', 'site area m²', ['占地面积', '校园面积', 'site_area', 'siteaream2']),
    f('alliance', 'text', '教共体', 'alliance', ['教共体', '教育集团', 'alliance']),
    f('boarding', 'bool', '寄宿制', 'boarding', ['寄宿制', '寄宿', 'boarding']),
    ...gradeFields('enrolment_g', ['学生数', '在校生', '人数', ''], ['grade', 'g', 'enrolment_g'], 'int', '学生数', 'pupils'),
    ...gradeFields('classes_g', ['班数', '班级数'], ['classes_g', 'classes'], 'int', '班数', 'classes'),
  ],
  residences: [
    f('id', 'text', '单元编码', 'unit code', ['单元编码', '编码', '小区编码', '代码', 'geoid20', 'geoid', 'pu_2324_84', 'unit_id', 'code', 'id']),
    f('name', 'text', '名称', 'name', ['名称', '小区名称', '小区', '社区', '村', '居住单元', 'community_name', 'name']),
    f('kind', 'residenceKind', '类型', 'kind', ['类型', '单元类型', 'kind', 'type']),
    f('settlement', 'settlement', '城乡类型', 'urban or rural', ['城乡类型', '城乡', 'settlement', 'ur20', 'urban_rural']),
    f('lon', 'number', '经度', 'longitude', LON),
    f('lat', 'number', '纬度', 'latitude', LAT),
    f('township', 'text', '乡镇', 'township', ['乡镇', '乡镇街道', '街道', 'street_name', 'township', 'region', 'countyfp20']),
    f('households', 'number', '户数', 'households', ['户数', '住户数', '住宅户数', 'households', 'housing20', 'housing', 'dwellings']),
    f('population', 'number', '人口', 'population', ['人口', '常住人口', '户籍人口', 'population', 'pop', 'pop20']),
    f('pupilsPrimary', 'number', '小学生数', 'primary pupils', ['小学生数', '小学生', '小学学生数', 'primary', 'primary_pupils']),
    f('pupilsJunior', 'number', '初中生数', 'junior pupils', ['初中生数', '初中生', '初中学生数', 'junior', 'junior_pupils']),
    f('pupilsSenior', 'number', '高中生数', 'senior pupils', ['高中生数', '高中生', 'senior', 'high_school_students', 'basez']),
    f('pupils', 'number', '学生数', 'pupils', ['学生数', '适龄学生数', 'pupils', 'students']),
    ...gradeFields('pupils_g', ['', '学生数', '人数'], ['grade', 'g', 'pupils_g'], 'number', '学生数', 'pupils'),
  ],
  catchments: [
    f('school', 'text', '学校', 'school', ['学校代码', '学校名称', '学校', '校名', 'school_code', 'school_id', 'school', 'school_name', 'name', 'region', 'zone']),
    f('level', 'level', '学段', 'level', ['学段', '学区类型', 'level', 'type']),
    f('id', 'text', '学区编码', 'catchment code', ['学区编码', '学区代码', 'catchment_id', 'id', 'objectid']),
    f('form', 'text', '形式', 'form', ['形式', 'form']),
  ],
  assignments: [
    f('residence', 'text', '居住单元', 'residence unit', ['单元编码', '小区名称', '小区', '社区', '居住单元', '名称', 'community_name', 'residence', 'unit', 'unit_id', 'geoid20', 'block']),
    f('school', 'text', '学校', 'school', ['学校代码', '学校名称', '学校', 'campus_code', 'school_code', 'school', 'school_name', 'zone', 'zone_id']),
    f('level', 'level', '学段', 'level', ['学段', 'level', 'school_type']),
    f('primary', 'text', '小学学区', 'primary zone', ['小学学区', 'elem_current', 'elementary', 'es_zone']),
    f('junior', 'text', '初中学区', 'junior zone', ['初中学区', 'middle_current', 'middle', 'ms_zone']),
    f('senior', 'text', '高中学区', 'senior zone', ['高中学区', 'high_current', 'high', 'hs_zone']),
  ],
  roads: [
    f('id', 'text', '编码', 'id', ['编码', '道路编码', 'id', 'osm_id']),
    f('name', 'text', '名称', 'name', ['名称', '道路名称', 'name']),
    f('roadClass', 'roadClass', '等级', 'class', ['等级', '道路等级', '技术等级', 'class', 'highway', 'road_class', 'fclass']),
    f('oneway', 'bool', '单行', 'one-way', ['单行', '单向', 'oneway', 'one_way']),
  ],
  housing: [
    f('id', 'text', '项目编码', 'project code', ['项目编码', '编码', 'id', 'code']),
    f('name', 'text', '项目名称', 'name', ['项目名称', '名称', 'name']),
    f('lon', 'number', '经度', 'longitude', LON),
    f('lat', 'number', '纬度', 'latitude', LAT),
    f('dwellings', 'int', '住宅户数', 'dwellings', ['住宅户数', '户数', '套数', 'dwellings', 'units']),
    f('completionYear', 'int', '竣工年份', 'completion year', ['竣工年份', '交付年份', '年份', 'completion_year', 'year']),
    f('housingType', 'text', '住宅类型', 'housing type', ['住宅类型', '类型', 'housing_type', 'type']),
  ],
};

/**
 * Header text in a comparable form: full-width to half-width (NFKC), lower case, units and notes
 * in brackets dropped ("学位数（个）" → "学位数"), spaces, dots and dashes removed.
 */
export function normaliseHeader(h: string): string {
  return h
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[(（[【].*?[)）\]】]/g, '')
    .replace(/[\s.\-·•:：/\\]+/g, '')
    .trim();
}

/** Field → column for the columns a table has, by exact match of normalised headers, first synonym first. */
export function detectColumns(layer: ImportLayer, columns: readonly string[]): Record<string, string> {
  const byNorm = new Map<string, string>();
  for (const c of columns) if (!byNorm.has(normaliseHeader(c))) byNorm.set(normaliseHeader(c), c);
  const used = new Set<string>();
  const out: Record<string, string> = {};
  for (const def of FIELDS[layer]) {
    for (const s of def.synonyms) {
      const col = byNorm.get(normaliseHeader(s));
      if (col !== undefined && !used.has(col)) {
        out[def.key] = col;
        used.add(col);
        break;
      }
    }
  }
  return out;
}
