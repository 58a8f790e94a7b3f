// Per-school figures of one level from the flows a method produced (pupils by grade, distances,
// share within the service radius, pupils beyond the walking limit), the school rows built from
// them, and the county summary over the rows. Every method, and every incremental update, sums a
// school's flows through SchoolTally in residence order, so the same flows give the same bits.
import type { Level, Residence, School, StandardsProfile } from '../model';
import { LEVEL_GRADES, SCHOOL_TYPE_LEVELS, classes as classesOf, enrolment as enrolmentOf, standardClassSize, sumLevel } from '../model';
import { countyCv } from './county-cv';
import { WeightedSample } from './stats';
import type { CountyIndicators, DistanceStats, ResidenceRef, SchoolLevelIndicators } from './types';

export function figure(profile: StandardsProfile, key: string, level: Level): number | null {
  const f = profile.find((x) => x.key === key);
  if (!f) return null;
  return level === 'primary' ? f.primary : f.junior;
}

/** Distances from residence r to school s: straight line, and by road when a matrix exists. */
export interface Distances {
  straight: (r: number, s: number) => number;
  networkMetres: ((r: number, s: number) => number) | null;
  networkMinutes: ((r: number, s: number) => number) | null;
}

/** The standards' figures one level is judged by. */
export interface LevelFigures {
  level: Level;
  grades: readonly number[];
  urbanRadius: number;
  ruralLimit: number | null;
  oversized: number;
  extraLarge: number;
}

export function levelFigures(standards: StandardsProfile, level: Level): LevelFigures {
  return {
    level,
    grades: LEVEL_GRADES[level],
    urbanRadius: figure(standards, 'serviceRadiusUrban', level) ?? (level === 'primary' ? 500 : 1000),
    ruralLimit: figure(standards, 'ruralWalkingDistance', level),
    oversized: figure(standards, 'oversizedClass', level) ?? 56,
    extraLarge: figure(standards, 'extraLargeClass', level) ?? 66,
  };
}

/** What one school's flows add up to. */
export interface SchoolFlowFigures {
  byGrade: number[];
  pupils: number;
  residences: number;
  straight: DistanceStats | null;
  network: DistanceStats | null;
  minutes: DistanceStats | null;
  within: number;
  withinBase: number;
  beyond: number;
}

/**
 * What the tallies read of each residence for one level, in flat arrays (a school's residences are
 * scattered through the residence list: one object and its grade array per residence would be two
 * cache misses a flow).
 */
export interface LevelResidences {
  /** Pupils of the level (0 for residences without a usable location). */
  pupils: Float64Array;
  /** pupilsByGrade over the level's grades, residence-major (residence r, k-th grade at r × grades + k). */
  byGrade: Float64Array;
  rural: Uint8Array;
}

export function levelResidences(residences: readonly Residence[], level: Level, usable: (r: number) => boolean): LevelResidences {
  const grades = LEVEL_GRADES[level];
  const G = grades.length;
  const n = residences.length;
  const pupils = new Float64Array(n);
  const byGrade = new Float64Array(n * G);
  const rural = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    const x = residences[r];
    const b = x.pupilsByGrade;
    for (let k = 0; k < G; k++) byGrade[r * G + k] = b[grades[k] - 1];
    pupils[r] = usable(r) ? sumLevel(b, level) : 0;
    rural[r] = x.settlement === 'rural' ? 1 : 0;
  }
  return { pupils, byGrade, rural };
}

/** Sums the flows into one school; add them in residence order. */
export class SchoolTally {
  private byGrade = new Array<number>(12).fill(0);
  private pupils = 0;
  private residenceCount = 0;
  private straight = new WeightedSample();
  private network = new WeightedSample();
  private minutes = new WeightedSample();
  private within = 0;
  private withinBase = 0;
  private beyond = 0;

  constructor(
    private readonly f: LevelFigures,
    private readonly lr: LevelResidences,
    private readonly dist: Distances,
  ) {}

  add(residence: number, school: number, pupils: number): void {
    const share = pupils / this.lr.pupils[residence];
    const grades = this.f.grades;
    const G = grades.length;
    const byGrade = this.lr.byGrade;
    for (let k = 0; k < G; k++) this.byGrade[grades[k] - 1] += byGrade[residence * G + k] * share;
    this.residenceCount++;
    this.pupils += pupils;
    const d = this.dist.straight(residence, school);
    this.straight.add(d, pupils);
    const nm = this.dist.networkMetres?.(residence, school) ?? Number.NaN;
    this.network.add(nm, pupils);
    this.minutes.add(this.dist.networkMinutes?.(residence, school) ?? Number.NaN, pupils);
    const { ruralLimit, urbanRadius } = this.f;
    const rural = this.lr.rural[residence] === 1;
    const radius = rural ? (ruralLimit ?? urbanRadius) : urbanRadius;
    this.withinBase += pupils;
    if (d <= radius) this.within += pupils;
    // The walking limit is a rural standard: urban and town pupils are judged by the service radius.
    if (ruralLimit !== null && rural && (Number.isFinite(nm) ? nm : d) > ruralLimit) this.beyond += pupils;
  }

  figures(): SchoolFlowFigures {
    return {
      byGrade: this.byGrade,
      pupils: this.pupils,
      residences: this.residenceCount,
      straight: this.straight.stats(),
      network: this.network.stats(),
      minutes: this.minutes.stats(),
      within: this.within,
      withinBase: this.withinBase,
      beyond: this.beyond,
    };
  }
}

/**
 * One row per school that serves the level or receives its pupils (closed and planned schools only
 * when a catchment still sends pupils there); `flows(k)` is school k's figures, null without flows.
 */
export function schoolRows(f: LevelFigures, schools: readonly School[], standards: StandardsProfile, seatsOf: Float64Array, flows: (k: number) => SchoolFlowFigures | null): SchoolLevelIndicators[] {
  const { level, grades } = f;
  const rows: SchoolLevelIndicators[] = [];
  schools.forEach((s, k) => {
    const serves = SCHOOL_TYPE_LEVELS[s.type].includes(level);
    const a = flows(k);
    if (!serves && !a) return;
    if (s.status !== 'open' && !a) return;
    const byGrade = a?.byGrade ?? new Array<number>(12).fill(0);
    const pupils = a?.pupils ?? 0;
    // A closed or planned school seats no one in this scenario: pupils sent there (by a catchment
    // still naming it) are all short of a seat.
    const seats = s.status === 'open' ? seatsOf[k] : 0;
    const size = standardClassSize(standards, level, s.type === 'teaching_point');
    let above = 0;
    let over = 0;
    let extra = 0;
    for (const g of grades) {
      const c = s.classesByGrade[g - 1];
      if (c <= 0) continue;
      const mean = s.enrolmentByGrade[g - 1] / c;
      if (mean > size) above += c;
      if (mean >= f.oversized) over += c;
      if (mean >= f.extraLarge) extra += c;
    }
    rows.push({
      schoolId: s.id,
      name: s.name,
      level,
      open: s.status === 'open',
      pupilsByGrade: byGrade,
      pupils,
      residences: a?.residences ?? 0,
      enrolment: enrolmentOf(s, level),
      seats,
      seatsStated: s.capacity[level] !== undefined,
      utilisation: seats > 0 ? pupils / seats : null,
      surplus: seats - pupils,
      classes: classesOf(s, level),
      classesNeeded: grades.reduce((n, g) => n + Math.ceil(byGrade[g - 1] / size - 1e-9), 0),
      standardClassSize: size,
      classesAboveStandard: above,
      oversizedClasses: over,
      extraLargeClasses: extra,
      straight: a?.straight ?? null,
      network: a?.network ?? null,
      networkMinutes: a?.minutes ?? null,
      serviceRadius: f.urbanRadius,
      shareWithinRadius: a && a.withinBase > 0 ? a.within / a.withinBase : null,
      walkingLimit: f.ruralLimit,
      pupilsBeyondWalkingLimit: a?.beyond ?? 0,
      overCapacity: seats > 0 ? pupils > seats : pupils > 0,
    });
  });
  return rows;
}

export function countyIndicators(level: Level, rows: SchoolLevelIndicators[], schools: readonly School[], standards: StandardsProfile, gaps: ResidenceRef[], overlaps: ResidenceRef[], unseated: ResidenceRef[]): CountyIndicators {
  const open = rows.filter((r) => r.open);
  const pupils = rows.reduce((s, r) => s + r.pupils, 0);
  const seats = rows.reduce((s, r) => s + r.seats, 0);
  let within = 0;
  let base = 0;
  for (const r of rows) {
    if (r.shareWithinRadius !== null) {
      within += r.shareWithinRadius * r.pupils;
      base += r.pupils;
    }
  }
  const maxCv = figure(standards, 'maxCv', level) ?? (level === 'primary' ? 0.5 : 0.45);
  return {
    level,
    schools: open.length,
    pupils,
    seats,
    seatBalance: seats - pupils,
    seatGap: rows.reduce((s, r) => s + Math.max(0, -r.surplus), 0),
    shareWithinRadius: base > 0 ? within / base : null,
    overCapacitySchools: rows.filter((r) => r.overCapacity).length,
    classesAboveStandard: rows.reduce((s, r) => s + r.classesAboveStandard, 0),
    oversizedClasses: rows.reduce((s, r) => s + r.oversizedClasses, 0),
    extraLargeClasses: rows.reduce((s, r) => s + r.extraLargeClasses, 0),
    gapPupils: gaps.reduce((s, g) => s + g.pupils, 0),
    overlapPupils: overlaps.reduce((s, g) => s + g.pupils, 0),
    unseatedPupils: unseated.reduce((s, g) => s + g.pupils, 0),
    cv: countyCv(level, rows, schools, standards, maxCv),
    maxCv,
  };
}
