// The one evaluation of a scenario: assigns pupils level by level and computes every indicator
// the map, panels, CLI, exports and tests show. Nothing else computes these figures. Through an
// EvaluationCache, evaluating again after a catchment edit redoes only what the edit touched
// (catchment-level.ts) and gives exactly what a fresh evaluation gives.
import type { Catchment, Level, Residence, Road, School, StandardsProfile } from '../model';
import { SCHOOL_TYPE_LEVELS, capacity as seatsOf } from '../model';
import { localProjection, type LocalProjection } from '../geo/distance';
import { polygonProblems } from '../geo/polygon-problems';
import { geometryProblem } from '../geo/validate-geometry';
import { representativePoint } from '../geo/unit-outline';
import { assignLevel, CatchmentAssignmentState, type LevelAssignmentResult, type LevelInputs } from './assign';
import { catchmentIndicators } from './catchment-indicators';
import { CatchmentLevelState } from './catchment-level';
import { buildRoadGraph, networkDistances, snapToGraph, type RoadGraph, type Snap, type TravelProfile } from './network';
import { countyIndicators, levelFigures, levelResidences, schoolRows, SchoolTally, type Distances, type LevelFigures, type LevelResidences, type SchoolFlowFigures } from './school-indicators';
import type { AssignmentMethod, Evaluation, EvaluationProblem, LevelEvaluation, ResidenceRef } from './types';

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
  /**
   * How each residence's school is given: 'record' (default) as `assignment`, residence id →
   * school id per level; 'index' as `assignmentIndex`, one Int32Array per level in the order of
   * `data.residences` (index into `data.schools`, −1 for none), leaving `assignment` empty. With a
   * million residences a record costs hundreds of milliseconds to build and far more to post to
   * another thread; the arrays cost about one and can be transferred.
   */
  assignment?: 'record' | 'index';
  signal?: { aborted: boolean };
  onProgress?: (stage: string, done: number, total: number) => void;
}

interface LevelMemo {
  key: readonly unknown[];
  result: LevelEvaluation;
  /** The flows of a method other than catchments, from which the assignment is read. */
  flows?: LevelAssignmentResult['flows'];
  record?: Record<string, string>;
  index?: Int32Array;
}

/**
 * Work that depends only on the project's places, not on a scenario's catchments: reuse one cache
 * across evaluations of the same data (the worker keeps one per loaded project). Evaluations made
 * through one cache may share unchanged parts (rows, lists, records): treat them as immutable.
 */
export class EvaluationCache {
  graph: RoadGraph | null = null;
  snaps: { schools: (Snap | null)[]; residences: (Snap | null)[] } | null = null;
  matrices = new Map<string, { metres: Float64Array; minutes: Float64Array }>();
  points: { lon: Float64Array; lat: Float64Array; x: Float64Array; y: Float64Array; problems: EvaluationProblem[]; proj: LocalProjection } | null = null;
  /** Per scenario and level: the catchment index and answers, updated incrementally on edits. */
  catchmentStates = new Map<string, CatchmentAssignmentState>();
  /** Per scenario and level: residences of each catchment and school and their figures, updated incrementally on edits. */
  catchmentLevels = new Map<string, CatchmentLevelState>();
  /** Per level: each residence's pupils of the level, by grade, and settlement. */
  private levelData = new Map<Level, LevelResidences>();
  private ids: string[] | null = null;
  private byId: Map<string, number | number[]> | null = null;
  /** Finished level results, with what they were computed from. */
  private levels = new Map<string, LevelMemo>();
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
      this.catchmentLevels.clear();
      this.levelData.clear();
      this.ids = null;
      this.byId = null;
      this.levels.clear();
    }
    if (old.roads !== data.roads) {
      this.graph = null;
      this.snaps = null;
      this.matrices.clear();
      this.levels.clear();
    }
    this.data = data;
  }

  /** @internal */
  levelResidences(level: Level, lon: Float64Array): LevelResidences {
    let known = this.levelData.get(level);
    if (!known) this.levelData.set(level, (known = levelResidences(this.data.residences, level, (r) => Number.isFinite(lon[r]))));
    return known;
  }

  /** @internal */
  residenceIds(): string[] {
    return (this.ids ??= this.data.residences.map((r) => r.id));
  }

  /** @internal Residence indexes by id (an array where ids repeat). */
  residencesById(): Map<string, number | number[]> {
    if (!this.byId) {
      const byId = new Map<string, number | number[]>();
      this.data.residences.forEach((r, k) => {
        const known = byId.get(r.id);
        if (known === undefined) byId.set(r.id, k);
        else if (typeof known === 'number') byId.set(r.id, [known, k]);
        else known.push(k);
      });
      this.byId = byId;
    }
    return this.byId;
  }

  /** @internal A level result computed from exactly `key` (compared item by item), or undefined. */
  level(name: string, key: readonly unknown[]): LevelMemo | undefined {
    const m = this.levels.get(name);
    return m && m.key.length === key.length && m.key.every((x, k) => x === key[k]) ? m : undefined;
  }

  /** @internal */
  keepLevel(name: string, memo: LevelMemo): void {
    this.levels.set(name, memo);
  }
}

export class EvaluationAborted extends Error {
  constructor() {
    super('evaluation cancelled');
    this.name = 'AbortError';
  }
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
  const form = options.assignment ?? 'record';
  const { schools, residences, standards } = data;
  const pts = residencePoints(cache);
  const proj = pts.proj;
  const problems: EvaluationProblem[] = [...pts.problems];
  const scenarioCatchments = data.catchments.filter((c) => c.scenarioId === options.scenarioId).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const schoolById = new Map<string, School>();
  for (const s of schools) if (!schoolById.has(s.id)) schoolById.set(s.id, s);
  for (const c of scenarioCatchments) {
    if (c.form !== 'polygon') continue;
    const school = schoolById.get(c.schoolId);
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
  const assignmentIndex: NonNullable<Evaluation['assignmentIndex']> = {};
  levels.forEach((level, li) => {
    if (options.signal?.aborted) throw new EvaluationAborted();
    options.onProgress?.(level, li, levels.length);
    const lr = cache.levelResidences(level, pts.lon);
    const pupils = lr.pupils;
    const seats = new Float64Array(schools.length);
    schools.forEach((s, k) => {
      seats[k] = seatsOf(s, standards).find((x) => x.level === level)?.seats ?? 0;
    });
    const eligible = schools.flatMap((s, k) => (s.status === 'open' && SCHOOL_TYPE_LEVELS[s.type].includes(level) && !geometryProblem(s.location, ['Point']) ? [k] : []));
    const inp: LevelInputs = { level, rx: pts.x, ry: pts.y, lon: pts.lon, lat: pts.lat, pupils, residenceIds: cache.residenceIds(), eligible, sx, sy, seats, schoolIndexById };
    const levelCatchments = scenarioCatchments.filter((c) => c.level === level);
    const lf = levelFigures(standards, level);

    // The methods other than catchments give the same figures whatever the catchments are.
    const memoName = method === 'catchment' ? `catchment:${options.scenarioId}:${level}` : `${method}:${level}`;
    const placesKey = [standards, profile, net !== null];
    if (method !== 'catchment') {
      const known = cache.level(memoName, placesKey);
      if (known) {
        out.push(known.result);
        if (form === 'record') assignment[level] = known.record ??= recordOfFlows(residences, schools, known.flows!);
        else assignmentIndex[level] = (known.index ??= indexOfFlows(residences.length, known.flows!)).slice();
        return;
      }
    }

    const { dist, matrix } = levelDistances(cache, net, profile, inp, levelCatchments, pts, options);

    if (method === 'catchment') {
      const state = catchmentLevelState(cache, `${options.scenarioId}:${level}`);
      state.update({
        catchments: levelCatchments,
        inp,
        residences,
        schoolCount: schools.length,
        residencesById: () => cache.residencesById(),
        tally: () => new SchoolTally(lf, lr, dist),
        tallyKey: [standards, matrix],
      });
      const key = [state, state.version, standards];
      let memo = cache.level(memoName, key);
      if (!memo) {
        const rows = schoolRows(lf, schools, standards, seats, (k) => state.figuresOf(k));
        const catchmentRows = catchmentIndicators(levelCatchments, schools, state.tallies());
        const county = countyIndicators(level, rows, schools, standards, state.gaps, state.overlaps, []);
        memo = { key, result: { level, method, schools: rows, catchments: catchmentRows, county, gaps: state.gaps, overlaps: state.overlaps, unseated: [] } };
        cache.keepLevel(memoName, memo);
      }
      out.push(memo.result);
      if (form === 'record') assignment[level] = memo.record ??= recordOfCatchments(residences, schools, levelCatchments, pupils, state.firstCatchment, schoolIndexById);
      else assignmentIndex[level] = state.schoolIndex.slice();
      return;
    }

    const result = assignLevel(method, inp, {
      catchments: levelCatchments,
      network: net ? { graph: net.graph, profile, schoolSnaps: net.snaps.schools, residenceSnaps: net.snaps.residences } : null,
      cost: dist.networkMetres ?? dist.straight,
    });
    const lv = levelEvaluation(lf, method, data, inp, lr, result, dist);
    const memo: LevelMemo = { key: placesKey, result: lv, flows: result.flows };
    cache.keepLevel(memoName, memo);
    out.push(lv);
    if (form === 'record') assignment[level] = memo.record = recordOfFlows(residences, schools, result.flows);
    else assignmentIndex[level] = (memo.index = indexOfFlows(residences.length, result.flows)).slice();
  });
  options.onProgress?.('done', levels.length, levels.length);
  const evaluation: Evaluation = { scenarioId: options.scenarioId, method, profile, levels: out, problems, assignment, roadsUsed: net !== null };
  if (form === 'index') evaluation.assignmentIndex = assignmentIndex;
  return evaluation;
}

function catchmentLevelState(cache: EvaluationCache, key: string): CatchmentLevelState {
  const known = cache.catchmentLevels.get(key);
  if (known && cache.catchmentStates.has(key)) return known;
  const points = new CatchmentAssignmentState();
  const state = new CatchmentLevelState(points);
  cache.catchmentStates.set(key, points);
  cache.catchmentLevels.set(key, state);
  return state;
}

/** Straight-line distances, and road distances from a matrix of every school of the level (eligible or named by a catchment) to every residence. */
function levelDistances(cache: EvaluationCache, net: ReturnType<typeof networkFor>, profile: TravelProfile, inp: LevelInputs, levelCatchments: readonly Catchment[], pts: { x: Float64Array; y: Float64Array }, options: EvaluationOptions): { dist: Distances; matrix: { metres: Float64Array; minutes: Float64Array } | null } {
  const { eligible, schoolIndexById, sx, sy, level } = inp;
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
  const nR = inp.pupils.length;
  const m = matrix;
  const networkMetres = (r: number, s: number): number => {
    const row = rowOf.get(s);
    return m && row !== undefined ? m.metres[row * nR + r] : Number.NaN;
  };
  const networkMinutes = (r: number, s: number): number => {
    const row = rowOf.get(s);
    return m && row !== undefined ? m.minutes[row * nR + r] : Number.NaN;
  };
  const straight = (r: number, s: number): number => Math.hypot(sx[s] - pts.x[r], sy[s] - pts.y[r]);
  return { dist: { straight, networkMetres: m ? networkMetres : null, networkMinutes: m ? networkMinutes : null }, matrix };
}

/** Each residence's school by the flows: the first flow's (the capacity method may split a residence). */
function indexOfFlows(n: number, flows: LevelAssignmentResult['flows']): Int32Array {
  const index = new Int32Array(n).fill(-1);
  for (const f of flows) if (index[f.residence] < 0) index[f.residence] = f.school;
  return index;
}

function recordOfFlows(residences: readonly Residence[], schools: readonly School[], flows: LevelAssignmentResult['flows']): Record<string, string> {
  const map: Record<string, string> = {};
  for (const f of flows) if (map[residences[f.residence].id] === undefined) map[residences[f.residence].id] = schools[f.school].id;
  return map;
}

/**
 * The catchment method's record: residences with pupils go to their first catchment's school;
 * residences without pupils (or whose catchment names a school not in the project) still belong
 * to that catchment's school on the map. Where ids repeat, the first residence sending pupils wins.
 */
function recordOfCatchments(residences: readonly Residence[], schools: readonly School[], catchments: readonly Catchment[], pupils: Float64Array, first: Int32Array, schoolIndexById: ReadonlyMap<string, number>): Record<string, string> {
  const map: Record<string, string> = {};
  for (let r = 0; r < first.length; r++) {
    if (first[r] < 0 || pupils[r] <= 0) continue;
    const s = schoolIndexById.get(catchments[first[r]].schoolId);
    if (s !== undefined && map[residences[r].id] === undefined) map[residences[r].id] = schools[s].id;
  }
  for (let r = 0; r < first.length; r++) if (first[r] >= 0 && map[residences[r].id] === undefined) map[residences[r].id] = catchments[first[r]].schoolId;
  return map;
}

function levelEvaluation(lf: LevelFigures, method: AssignmentMethod, data: EvaluationData, inp: LevelInputs, lr: LevelResidences, result: LevelAssignmentResult, dist: Distances): LevelEvaluation {
  const { schools, residences, standards } = data;
  const tallies = new Map<number, SchoolTally>();
  for (const f of result.flows) {
    let t = tallies.get(f.school);
    if (!t) tallies.set(f.school, (t = new SchoolTally(lf, lr, dist)));
    t.add(f.residence, f.school, f.pupils);
  }
  const figures = new Map<number, SchoolFlowFigures>();
  for (const [s, t] of tallies) figures.set(s, t.figures());
  const rows = schoolRows(lf, schools, standards, inp.seats, (k) => figures.get(k) ?? null);
  const ref = (r: number, pupils = inp.pupils[r]): ResidenceRef => ({ residenceId: residences[r].id, name: residences[r].name, pupils });
  const gaps = result.gaps.map((r) => ref(r));
  const unseated = result.unseated.map((u) => ref(u.residence, u.pupils));
  return { level: lf.level, method, schools: rows, catchments: [], county: countyIndicators(lf.level, rows, schools, standards, gaps, [], unseated), gaps, overlaps: [], unseated };
}
