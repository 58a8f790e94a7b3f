// What one evaluation of a scenario produces: the figures every view (map, panels, CLI, exports,
// tests) reads. Produced only by evaluateScenario (evaluate.ts).
import type { Level } from '../model';

/** How residences are given to schools. */
export const ASSIGNMENT_METHODS = ['catchment', 'nearest', 'network', 'capacity'] as const;
export type AssignmentMethod = (typeof ASSIGNMENT_METHODS)[number];

export interface DistanceStats {
  mean: number;
  median: number;
  p90: number;
  max: number;
}

export interface SchoolLevelIndicators {
  schoolId: string;
  name: string;
  level: Level;
  open: boolean;
  /** Pupils the scenario assigns to the school, per grade 1–12 (only the level's grades are non-zero). */
  pupilsByGrade: number[];
  pupils: number;
  residences: number;
  /** Pupils enrolled now (the school's own roll), for comparison. */
  enrolment: number;
  seats: number;
  seatsStated: boolean;
  /** pupils / seats; null when the school has no seats. */
  utilisation: number | null;
  /** seats − pupils: positive = spare seats, negative = deficit. */
  surplus: number;
  classes: number;
  /** Classes needed for the assigned pupils at the standard class size, grade by grade. */
  classesNeeded: number;
  standardClassSize: number;
  /** Current classes whose grade's mean size is above 45 (primary) / 50 (junior), ≥ 56 and ≥ 66. */
  classesAboveStandard: number;
  oversizedClasses: number;
  extraLargeClasses: number;
  straight: DistanceStats | null;
  network: DistanceStats | null;
  /** Minutes by the road network (travel profile of the evaluation). */
  networkMinutes: DistanceStats | null;
  serviceRadius: number;
  /** Share of assigned pupils within the service radius (straight line); null without pupils. */
  shareWithinRadius: number | null;
  walkingLimit: number | null;
  /** Assigned pupils living beyond the walking limit (network distance when roads exist). */
  pupilsBeyondWalkingLimit: number;
  overCapacity: boolean;
}

export interface CatchmentIndicators {
  catchmentId: string;
  schoolId: string;
  level: Level;
  form: 'polygon' | 'units';
  areaKm2: number | null;
  parts: number | null;
  /** 4πA / P², 1 for a circle; null without an outline. */
  polsbyPopper: number | null;
  residences: number;
  pupils: number;
  overlaps: { catchmentId: string; schoolId: string; areaKm2: number | null; residences: number }[];
  /** The school's site lies outside its own catchment. */
  schoolOutside: boolean | null;
  problems: string[];
}

export interface ResidenceRef {
  residenceId: string;
  name: string;
  pupils: number;
}

export interface CvIndicator {
  indicator:
    | 'teachersPer100' | 'staffPer100' | 'floorAreaPerPupil' | 'siteAreaPerPupil'
    | 'degreeTeachersPer100' | 'keyTeachersPer100' | 'peArtsTeachersPer100' | 'teachingAreaPerPupil'
    | 'sportsAreaPerPupil' | 'equipmentValuePerPupil' | 'multimediaClassroomsPer100' | 'booksPerPupil';
  cv: number;
  mean: number;
  schools: number;
  limit: number;
  pass: boolean;
}

export interface CountyIndicators {
  level: Level;
  schools: number;
  pupils: number;
  seats: number;
  /** seats − pupils over the county (negative = seats short). */
  seatBalance: number;
  /** Seats short at the schools that lack them (≥ 0), which spare seats elsewhere do not cancel. */
  seatGap: number;
  shareWithinRadius: number | null;
  overCapacitySchools: number;
  classesAboveStandard: number;
  oversizedClasses: number;
  extraLargeClasses: number;
  gapPupils: number;
  overlapPupils: number;
  unseatedPupils: number;
  cv: CvIndicator[];
  maxCv: number;
}

export interface LevelEvaluation {
  level: Level;
  method: AssignmentMethod;
  schools: SchoolLevelIndicators[];
  catchments: CatchmentIndicators[];
  county: CountyIndicators;
  /** Residences with pupils of the level in no catchment (catchment method) or no reachable school. */
  gaps: ResidenceRef[];
  /** Residences in several catchments of the level; their pupils go to the first listed. */
  overlaps: (ResidenceRef & { catchmentIds: string[]; schoolIds: string[] })[];
  /** Pupils left without a seat by the capacity-limited method (total capacity short). */
  unseated: ResidenceRef[];
}

export interface EvaluationProblem {
  kind: 'catchment' | 'residence' | 'school';
  id: string;
  name: string;
  severity: 'error' | 'warning';
  message: string;
}

export interface Evaluation {
  scenarioId: string;
  method: AssignmentMethod;
  profile: 'walking' | 'driving';
  levels: LevelEvaluation[];
  problems: EvaluationProblem[];
  /** residence id → school id per level, for the map and exports (empty when asked for `assignmentIndex`). */
  assignment: Partial<Record<Level, Record<string, string>>>;
  /**
   * With the option assignment: 'index': per level, each residence's school as an index into the
   * evaluated schools, in the order of the residences, −1 for none (nor for a catchment naming a
   * school not in the project). A fresh array each evaluation: it may be transferred.
   */
  assignmentIndex?: Partial<Record<Level, Int32Array>>;
  roadsUsed: boolean;
}
