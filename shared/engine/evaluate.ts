// The one evaluation of a scenario: assigns pupils level by level and computes every indicator
// the map, panels, CLI, exports and tests show. Nothing else computes these figures.
import type { Catchment, Level, Residence, Road, School, StandardsProfile } from '../model';
import { LEVEL_GRADES, SCHOOL_TYPE_LEVELS, capacity as seatsOf, classes as classesOf, enrolment as enrolmentOf, standardClassSize, sumLevel } from '../model';
import { localProjection, type LocalProjection } from '../geo/distance';
import { polygonProblems } from '../geo/polygon-problems';
import { geometryProblem } from '../geo/validate-geometry';
import { representativePoint } from '../geo/unit-outline';
import { assignLevel, CatchmentAssignmentState, type LevelAssignmentResult, type LevelInputs } from './assign';
import { catchmentIndicators } from './catchment-indicators';
import { countyCv } from './county-cv';
import { buildRoadGraph, networkDistances, snapToGraph, type RoadGraph, type Snap, type TravelProfile } from './network';
import { WeightedSample } from './stats';
import type { AssignmentMethod, CountyIndicators, Evaluation, EvaluationProblem, LevelEvaluation, ResidenceRef, SchoolLevelIndicators } from './types';

export interface EvaluationData {
  schools: readonly School[];
  residences: readonly Residence[];
  /** Catchments of every scenario; the evaluation takes those of `scenarioId`. */
  catchments: readonly Catchment[];
  roads: readonly Road[];
  standards: StandardsProfile;
}

export interface EvaluationOptions {
  scenarioId: string;
  method?: AssignmentMethod;
  levels?: readonly Level[];
  profile?: TravelProfile;
  /** Compute road-network distances when the project has roads (default true). */
  network?: boolean;
  signal?: { aborted: boolean };
  onProgress?: (stage: string, done: number, total: number) => void;
}

/**
 * Work that depends only on the project's places, not on a scenario's catchments: reuse one cache
 * across evaluations of the same data (the worker keeps one per loaded project).
 */
export class EvaluationCache {
  graph: RoadGraph | null = null;
  snaps: { schools: (Snap | null)[]; residences: (Snap | null)[] } | null = null;
  matrices = new Map<string, { metres: Float64Array; minutes: Float64Array }>();
  points: { lon: Float64Array; lat: Float64Array; x: Float64Array; y: Float64Array; problems: EvaluationProblem[]; proj: LocalProjection } | null = null;
  /** Per scenario and level: the catchment index and answers, updated incrementally on edits. */
  catchmentStates = new Map<string, CatchmentAssignmentState>();
  constructor(public data: EvaluationData) {}

  /** Adopts new data; what depended on changed places (schools, residences, roads) is dropped. */
  sync(data: EvaluationData): void {
    if (data === this.data) return;
    const old = this.data;
    if (old.residences !== data.residences || old.schools !== data.schools) {
      this.points = null;
      this.snaps = null;
      this.matrices.clear();
      this.catchmentStates.clear();
    }
    if (old.roads !== data.roads) {
      this.graph = null;
      this.snaps = null;
      this.matrices.clear();
    }
    this.data = data;
  }
}

export class EvaluationAborted extends Error {
  constructor() {
    super('evaluation cancelled');
    this.name = 'AbortError';
  }
}

function figure(profile: StandardsProfile, key: string, level: Level): number | null {
  const f = profile.find((x) => x.key === key);
  if (!f) return null;
  return level === 'primary' ? f.primary : f.junior;
}

function residencePoints(cache: EvaluationCache) {
  if (cache.points) return cache.points;
  const { residences, schools } = cache.data;
  const n = residences.length;
  const lon = new Float64Array(n);
  const lat = new Float64Array(n);
  const problems: EvaluationProblem[] = [];
  let sLon = 0;
  let sLat = 0;
  let m = 0;
  residences.forEach((r, k) => {
    const bad = geometryProblem(r.geometry, ['Point', 'Polygon', 'MultiPolygon']);
    if (bad) {
      problems.push({ kind: 'residence', id: r.id, name: r.name, severity: 'error', message: bad });
      lon[k] = Number.NaN;
      lat[k] = Number.NaN;
      return;
    }
    try {
      const p = representativePoint(r);
      lon[k] = p[0];
      lat[k] = p[1];
      sLon += p[0];
      sLat += p[1];
      m++;
    } catch (e) {
      problems.push({ kind: 'residence', id: r.id, name: r.name, severity: 'error', message: `no interior point (${(e as Error).message})` });
      lon[k] = Number.NaN;
      lat[k] = Number.NaN;
    }
  });
  for (const s of schools) {
    const bad = geometryProblem(s.location, ['Point']);
    if (bad) problems.push({ kind: 'school', id: s.id, name: s.name, severity: 'error', message: bad });
  }
  const proj = localProjection(m ? sLon / m : 0, m ? sLat / m : 0);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let k = 0; k < n; k++) [x[k], y[k]] = proj.toXY(lon[k], lat[k]);
  cache.points = { lon, lat, x, y, problems, proj };
  return cache.points;
}

function networkFor(cache: EvaluationCache): { graph: RoadGraph; snaps: NonNullable<EvaluationCache['snaps']> } | null {
  const { roads, schools, residences } = cache.data;
  if (roads.length === 0) return null;
  if (!cache.graph) cache.graph = buildRoadGraph(roads);
  if (cache.graph.edgeCount === 0) return null;
  if (!cache.snaps) {
    const pts = residencePoints(cache);
    cache.snaps = {
      schools: schools.map((s) => snapToGraph(cache.graph!, s.location.coordinates[0], s.location.coordinates[1])),
      residences: residences.map((_, k) => (Number.isFinite(pts.lon[k]) ? snapToGraph(cache.graph!, pts.lon[k], pts.lat[k]) : null)),
    };
  }
  return { graph: cache.graph, snaps: cache.snaps };
}

/** Evaluates one scenario. Pure: the same data and options always give the same figures. */
export function evaluateScenario(data: EvaluationData, options: EvaluationOptions, cache: EvaluationCache = new EvaluationCache(data)): Evaluation {
  cache.sync(data);
  const method = options.method ?? 'catchment';
  const profile = options.profile ?? 'walking';
  const { schools, residences, standards } = data;
  const pts = residencePoints(cache);
  const proj = pts.proj;
  const problems: EvaluationProblem[] = [...pts.problems];
  const scenarioCatchments = data.catchments.filter((c) => c.scenarioId === options.scenarioId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const c of scenarioCatchments) {
    if (c.form !== 'polygon') continue;
    const school = schools.find((s) => s.id === c.schoolId);
    for (const p of polygonProblems(c.geometry)) problems.push({ kind: 'catchment', id: c.id, name: school?.name ?? c.schoolId, severity: p.severity, message: p.message });
  }
  const levels = options.levels ?? (['primary', 'junior'] as Level[]).concat(scenarioCatchments.some((c) => c.level === 'senior') ? ['senior'] : []);
  const schoolIndexById = new Map(schools.map((s, k) => [s.id, k]));
  const sx = new Float64Array(schools.length);
  const sy = new Float64Array(schools.length);
  schools.forEach((s, k) => ([sx[k], sy[k]] = proj.toXY(s.location.coordinates[0], s.location.coordinates[1])));
  const net = options.network === false ? null : networkFor(cache);

  const out: LevelEvaluation[] = [];
  const assignment: Evaluation['assignment'] = {};
  levels.forEach((level, li) => {
    if (options.signal?.aborted) throw new EvaluationAborted();
    options.onProgress?.(level, li, levels.length);
    const pupils = new Float64Array(residences.length);
    residences.forEach((r, k) => {
      pupils[k] = Number.isFinite(pts.lon[k]) ? sumLevel(r.pupilsByGrade, level) : 0;
    });
    const seats = new Float64Array(schools.length);
    schools.forEach((s, k) => {
      seats[k] = seatsOf(s, standards).find((x) => x.level === level)?.seats ?? 0;
    });
    const eligible = schools.flatMap((s, k) => (s.status === 'open' && SCHOOL_TYPE_LEVELS[s.type].includes(level) && !geometryProblem(s.location, ['Point']) ? [k] : []));
    const inp: LevelInputs = { level, rx: pts.x, ry: pts.y, lon: pts.lon, lat: pts.lat, pupils, residenceIds: residences.map((r) => r.id), eligible, sx, sy, seats, schoolIndexById };
    const levelCatchments = scenarioCatchments.filter((c) => c.level === level);

    // Network matrix: every school of the level (eligible or named by a catchment) to every residence.
    const matrixSchools = [...new Set([...eligible, ...levelCatchments.map((c) => schoolIndexById.get(c.schoolId) ?? -1).filter((k) => k >= 0)])].sort((a, b) => a - b);
    const rowOf = new Map(matrixSchools.map((s, k) => [s, k]));
    let matrix: { metres: Float64Array; minutes: Float64Array } | null = null;
    if (net && matrixSchools.length > 0) {
      const key = `${profile}:${matrixSchools.join(',')}`;
      matrix = cache.matrices.get(key) ?? null;
      if (!matrix) {
        matrix = networkDistances(net.graph, profile, matrixSchools.map((s) => net.snaps.schools[s]), net.snaps.residences, {
          signal: options.signal,
          onProgress: (d, t) => options.onProgress?.(`${level}:network`, d, t),
        });
        cache.matrices.set(key, matrix);
      }
    }
    const nR = residences.length;
    const networkMetres = (r: number, s: number): number => {
      const row = rowOf.get(s);
      return matrix && row !== undefined ? matrix.metres[row * nR + r] : Number.NaN;
    };
    const networkMinutes = (r: number, s: number): number => {
      const row = rowOf.get(s);
      return matrix && row !== undefined ? matrix.minutes[row * nR + r] : Number.NaN;
    };
    const straight = (r: number, s: number): number => Math.hypot(sx[s] - pts.x[r], sy[s] - pts.y[r]);
    const cost = matrix ? (r: number, s: number) => networkMetres(r, s) : straight;

    const stateKey = `${options.scenarioId}:${level}`;
    let catchmentState = cache.catchmentStates.get(stateKey);
    if (!catchmentState) {
      catchmentState = new CatchmentAssignmentState();
      cache.catchmentStates.set(stateKey, catchmentState);
    }
    const result = assignLevel(method, inp, {
      catchments: levelCatchments,
      catchmentState,
      network: net ? { graph: net.graph, profile, schoolSnaps: net.snaps.schools, residenceSnaps: net.snaps.residences } : null,
      cost,
    });
    out.push(levelEvaluation(level, method, data, inp, result, levelCatchments, { straight, networkMetres: matrix ? networkMetres : null, networkMinutes: matrix ? networkMinutes : null }));
    const map: Record<string, string> = {};
    for (const f of result.flows) if (map[residences[f.residence].id] === undefined) map[residences[f.residence].id] = schools[f.school].id;
    // Residences without pupils of the level still belong to a catchment (the map shows them).
    result.hits?.forEach((h, r) => {
      if (h.length > 0 && map[residences[r].id] === undefined) map[residences[r].id] = levelCatchments[h[0]].schoolId;
    });
    assignment[level] = map;
  });
  options.onProgress?.('done', levels.length, levels.length);
  return { scenarioId: options.scenarioId, method, profile, levels: out, problems, assignment, roadsUsed: net !== null };
}

interface Distances {
  straight: (r: number, s: number) => number;
  networkMetres: ((r: number, s: number) => number) | null;
  networkMinutes: ((r: number, s: number) => number) | null;
}

function levelEvaluation(level: Level, method: AssignmentMethod, data: EvaluationData, inp: LevelInputs, result: LevelAssignmentResult, catchments: readonly Catchment[], dist: Distances): LevelEvaluation {
  const { schools, residences, standards } = data;
  const grades = LEVEL_GRADES[level];
  const std = (s: School) => standardClassSize(standards, level, s.type === 'teaching_point');
  const urbanRadius = figure(standards, 'serviceRadiusUrban', level) ?? (level === 'primary' ? 500 : 1000);
  const ruralLimit = figure(standards, 'ruralWalkingDistance', level);
  const oversized = figure(standards, 'oversizedClass', level) ?? 56;
  const extraLarge = figure(standards, 'extraLargeClass', level) ?? 66;

  interface Acc { byGrade: number[]; pupils: number; residences: number; straight: WeightedSample; network: WeightedSample; minutes: WeightedSample; within: number; withinBase: number; beyond: number }
  const acc = new Map<number, Acc>();
  const get = (s: number): Acc => {
    let a = acc.get(s);
    if (!a) {
      a = { byGrade: new Array<number>(12).fill(0), pupils: 0, residences: 0, straight: new WeightedSample(), network: new WeightedSample(), minutes: new WeightedSample(), within: 0, withinBase: 0, beyond: 0 };
      acc.set(s, a);
    }
    return a;
  };
  for (const f of result.flows) {
    const a = get(f.school);
    const r = residences[f.residence];
    const share = f.pupils / inp.pupils[f.residence];
    for (const g of grades) a.byGrade[g - 1] += r.pupilsByGrade[g - 1] * share;
    a.residences++;
    a.pupils += f.pupils;
    const d = dist.straight(f.residence, f.school);
    a.straight.add(d, f.pupils);
    const nm = dist.networkMetres?.(f.residence, f.school) ?? Number.NaN;
    a.network.add(nm, f.pupils);
    a.minutes.add(dist.networkMinutes?.(f.residence, f.school) ?? Number.NaN, f.pupils);
    const radius = r.settlement === 'rural' ? (ruralLimit ?? urbanRadius) : urbanRadius;
    a.withinBase += f.pupils;
    if (d <= radius) a.within += f.pupils;
    // The walking limit is a rural standard: urban and town pupils are judged by the service radius.
    if (ruralLimit !== null && r.settlement === 'rural' && (Number.isFinite(nm) ? nm : d) > ruralLimit) a.beyond += f.pupils;
  }

  const schoolRows: SchoolLevelIndicators[] = [];
  schools.forEach((s, k) => {
    const serves = SCHOOL_TYPE_LEVELS[s.type].includes(level);
    const a = acc.get(k);
    if (!serves && !a) return;
    if (s.status !== 'open' && !a) return;
    const byGrade = a?.byGrade ?? new Array<number>(12).fill(0);
    const pupils = a?.pupils ?? 0;
    // A closed or planned school seats no one in this scenario: pupils sent there (by a catchment
    // still naming it) are all short of a seat.
    const seats = s.status === 'open' ? inp.seats[k] : 0;
    const size = std(s);
    let above = 0;
    let over = 0;
    let extra = 0;
    for (const g of grades) {
      const c = s.classesByGrade[g - 1];
      if (c <= 0) continue;
      const mean = s.enrolmentByGrade[g - 1] / c;
      if (mean > size) above += c;
      if (mean >= oversized) over += c;
      if (mean >= extraLarge) extra += c;
    }
    schoolRows.push({
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
      straight: a?.straight.stats() ?? null,
      network: a?.network.stats() ?? null,
      networkMinutes: a?.minutes.stats() ?? null,
      serviceRadius: urbanRadius,
      shareWithinRadius: a && a.withinBase > 0 ? a.within / a.withinBase : null,
      walkingLimit: ruralLimit,
      pupilsBeyondWalkingLimit: a?.beyond ?? 0,
      overCapacity: seats > 0 ? pupils > seats : pupils > 0,
    });
  });

  const ref = (r: number, pupils = inp.pupils[r]): ResidenceRef => ({ residenceId: residences[r].id, name: residences[r].name, pupils });
  const gaps = result.gaps.map((r) => ref(r));
  const overlaps = [...result.overlaps.entries()].map(([r, list]) => ({ ...ref(r), catchmentIds: list.map((k) => catchments[k].id), schoolIds: list.map((k) => catchments[k].schoolId) }));
  const unseated = result.unseated.map((u) => ref(u.residence, u.pupils));
  const catchmentRows = method === 'catchment' ? catchmentIndicators(catchments, data, inp, result) : [];
  return { level, method, schools: schoolRows, catchments: catchmentRows, county: county(level, schoolRows, data, gaps, overlaps, unseated), gaps, overlaps, unseated };
}

function county(level: Level, rows: SchoolLevelIndicators[], data: EvaluationData, gaps: ResidenceRef[], overlaps: ResidenceRef[], unseated: ResidenceRef[]): CountyIndicators {
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
  const maxCv = figure(data.standards, 'maxCv', level) ?? (level === 'primary' ? 0.5 : 0.45);
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
    cv: countyCv(level, rows, data.schools, data.standards, maxCv),
    maxCv,
  };
}

