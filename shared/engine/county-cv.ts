// The county's inter-school balance for one level: the pupil-weighted CV of each resource
// indicator the data carries (teachers, staff, floor and site area per pupil), each against the
// standard's limit. Nine-year and complete secondary schools split their resources between levels
// (1 : 1.1 and 1 : 1.2); teaching points under the exclusion threshold are left out.
import type { Level, School, StandardsProfile } from '../model';
import { JUNIOR_WEIGHT, pupilWeightedCv, splitByLevel } from './balance';
import type { CvIndicator, SchoolLevelIndicators } from './types';

type Resource = { key: CvIndicator['indicator']; value: (s: School) => number | null; per: number };

/** A number from the school's extra attributes under any of the given column names. */
function extra(...names: string[]): (s: School) => number | null {
  return (s) => {
    for (const n of names) {
      const v = s.extra[n];
      if (typeof v === 'number' && Number.isFinite(v)) return v;
      if (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))) return Number(v);
    }
    return null;
  };
}

/**
 * The resource indicators, per pupil or per 100 pupils: the model's own fields, then the seven of
 * the 2017 evaluation (教督〔2017〕6号) and books when an import carried them as extra columns.
 */
export const CV_RESOURCES: Resource[] = [
  { key: 'teachersPer100', value: (s) => s.teachers, per: 100 },
  { key: 'staffPer100', value: (s) => s.staff, per: 100 },
  { key: 'floorAreaPerPupil', value: (s) => s.floorAreaM2, per: 1 },
  { key: 'siteAreaPerPupil', value: (s) => s.siteAreaM2, per: 1 },
  { key: 'degreeTeachersPer100', value: extra('degreeTeachers', '高于规定学历教师数'), per: 100 },
  { key: 'keyTeachersPer100', value: extra('keyTeachers', '县级以上骨干教师数'), per: 100 },
  { key: 'peArtsTeachersPer100', value: extra('peArtsTeachers', '体育艺术专任教师数'), per: 100 },
  { key: 'teachingAreaPerPupil', value: extra('teachingAreaM2', '教学及辅助用房面积'), per: 1 },
  { key: 'sportsAreaPerPupil', value: extra('sportsAreaM2', '体育运动场馆面积'), per: 1 },
  { key: 'equipmentValuePerPupil', value: extra('equipmentValueYuan', '教学仪器设备值'), per: 1 },
  { key: 'multimediaClassroomsPer100', value: extra('multimediaClassrooms', '网络多媒体教室数'), per: 100 },
  { key: 'booksPerPupil', value: extra('books', '图书册数'), per: 1 },
];

export function countyCv(level: Level, rows: readonly SchoolLevelIndicators[], schools: readonly School[], standards: StandardsProfile, limit: number): CvIndicator[] {
  const byId = new Map(schools.map((s) => [s.id, s]));
  const exclusion = standards.find((f) => f.key === 'teachingPointExclusion')?.primary ?? 50;
  const out: CvIndicator[] = [];
  for (const res of CV_RESOURCES) {
    const values: { pupils: number; value: number }[] = [];
    for (const row of rows) {
      const s = byId.get(row.schoolId);
      if (!s || !row.open || row.pupils <= 0) continue;
      if (s.type === 'teaching_point' && row.pupils < exclusion) continue;
      const total = res.value(s);
      if (total === null || !Number.isFinite(total)) continue;
      let share = total;
      if (s.type === 'nine_year' || s.type === 'complete_secondary') {
        // Split by the school's own rolls of the two levels it teaches.
        const lower = s.type === 'nine_year' ? 'primary' : 'junior';
        const upper = s.type === 'nine_year' ? 'junior' : 'senior';
        const a = lower === level ? row.pupils : s.enrolmentByGrade.slice(lower === 'primary' ? 0 : 6, lower === 'primary' ? 6 : 9).reduce((x, y) => x + y, 0);
        const b = upper === level ? row.pupils : s.enrolmentByGrade.slice(upper === 'junior' ? 6 : 9, upper === 'junior' ? 9 : 12).reduce((x, y) => x + y, 0);
        const split = splitByLevel(total, a, b, s.type === 'nine_year' ? JUNIOR_WEIGHT.nineYear : JUNIOR_WEIGHT.completeSecondary);
        share = level === lower ? split.primary : split.junior;
      }
      values.push({ pupils: row.pupils, value: (share / row.pupils) * res.per });
    }
    if (values.length < 2) continue;
    const cv = pupilWeightedCv(values);
    if (!cv) continue;
    out.push({ indicator: res.key, cv: cv.cv, mean: cv.mean, schools: cv.schools, limit, pass: cv.cv <= limit });
  }
  return out;
}
