// School levels (学段) and school types, in the planner's words (see ../shared/docs/domain.md).

/** A level of schooling that has its own catchments and seats. */
export const LEVELS = ['primary', 'junior', 'senior'] as const;
export type Level = (typeof LEVELS)[number];

/** Grades 1–12; primary 1–6, junior 7–9, senior 10–12. */
export const GRADES = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] as const;
export type Grade = (typeof GRADES)[number];
export const GRADE_COUNT = 12;

export const LEVEL_GRADES: Record<Level, readonly Grade[]> = {
  primary: [1, 2, 3, 4, 5, 6],
  junior: [7, 8, 9],
  senior: [10, 11, 12],
};

/** The kind of school, which decides the levels it serves. */
export const SCHOOL_TYPES = [
  'primary', // 小学
  'junior', // 初中
  'nine_year', // 九年一贯制
  'complete_secondary', // 完全中学 (7–12)
  'senior', // 高中
  'teaching_point', // 教学点 (incomplete primary)
] as const;
export type SchoolType = (typeof SCHOOL_TYPES)[number];

export const SCHOOL_TYPE_LEVELS: Record<SchoolType, readonly Level[]> = {
  primary: ['primary'],
  junior: ['junior'],
  nine_year: ['primary', 'junior'],
  complete_secondary: ['junior', 'senior'],
  senior: ['senior'],
  teaching_point: ['primary'],
};

export const SCHOOL_STATUSES = ['open', 'planned', 'closed'] as const;
export type SchoolStatus = (typeof SCHOOL_STATUSES)[number];

export function levelOfGrade(grade: Grade): Level {
  return grade <= 6 ? 'primary' : grade <= 9 ? 'junior' : 'senior';
}

/** Sum of a per-grade array over the grades of one level. */
export function sumLevel(byGrade: readonly number[], level: Level): number {
  let s = 0;
  for (const g of LEVEL_GRADES[level]) s += byGrade[g - 1] ?? 0;
  return s;
}

/** A zero array of counts for grades 1–12 (index 0 is grade 1). */
export function emptyGrades(): number[] {
  return new Array<number>(GRADE_COUNT).fill(0);
}
