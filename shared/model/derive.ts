// Figures derived from a record and the standards profile, shared by every view of a school.
// (The engine of later issues builds its indicators on these.)
import { LEVEL_GRADES, SCHOOL_TYPE_LEVELS, sumLevel, type Level } from './levels';
import type { Residence, School } from './entities';
import type { StandardsProfile } from './standards';

export function levelsServed(s: School): readonly Level[] {
  return SCHOOL_TYPE_LEVELS[s.type];
}

export function enrolment(s: School, level?: Level): number {
  return level ? sumLevel(s.enrolmentByGrade, level) : s.enrolmentByGrade.reduce((a, b) => a + b, 0);
}

export function classes(s: School, level?: Level): number {
  return level ? sumLevel(s.classesByGrade, level) : s.classesByGrade.reduce((a, b) => a + b, 0);
}

export function standardClassSize(profile: StandardsProfile, level: Level, teachingPoint = false): number {
  const key = teachingPoint && level === 'primary' ? 'classSizeTeachingPoint' : 'classSize';
  const f = profile.find((x) => x.key === key);
  const v = level === 'junior' ? f?.junior : f?.primary;
  return v ?? (level === 'primary' ? 45 : 50);
}

export interface Seats { level: Level; seats: number; stated: boolean }

/** Seats per level: as stated by the school, else classes × the standard class size. */
export function capacity(s: School, profile: StandardsProfile): Seats[] {
  return levelsServed(s).map((level) => {
    const stated = s.capacity[level];
    if (stated !== undefined) return { level, seats: stated, stated: true };
    return { level, seats: classes(s, level) * standardClassSize(profile, level, s.type === 'teaching_point'), stated: false };
  });
}

/** Mean pupils per class of each grade that has classes. */
export function classSizes(s: School): { grade: number; pupils: number; classes: number; size: number }[] {
  return s.enrolmentByGrade.flatMap((pupils, i) => (s.classesByGrade[i] > 0 ? [{ grade: i + 1, pupils, classes: s.classesByGrade[i], size: pupils / s.classesByGrade[i] }] : []));
}

export function pupils(r: Residence, level?: Level): number {
  return level ? sumLevel(r.pupilsByGrade, level) : r.pupilsByGrade.reduce((a, b) => a + b, 0);
}

export { LEVEL_GRADES };
