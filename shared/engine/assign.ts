// Gives each residence's pupils of one level to schools, by one of four methods. Every method
// returns flows (residence, school, pupils): a residence sends all its pupils to one school except
// under the capacity-limited method, which may split them.
import Flatbush from 'flatbush';
import type { Catchment, Level } from '../model';
import { CatchmentIndex } from './catchment-index';
import { PointAssignment } from './point-assignment';
import { solveCapacityLimited } from './capacity-flow';
import { nearestByNetwork, type RoadGraph, type Snap, type TravelProfile } from './network';
import type { AssignmentMethod } from './types';

export interface Flow {
  residence: number;
  school: number;
  pupils: number;
}

export interface LevelInputs {
  level: Level;
  /** Residence positions in the local metric frame, and their pupils of the level. */
  rx: Float64Array;
  ry: Float64Array;
  lon: Float64Array;
  lat: Float64Array;
  pupils: Float64Array;
  residenceIds: readonly string[];
  /** Schools that may receive pupils of the level (open and serving it). */
  eligible: readonly number[];
  sx: Float64Array;
  sy: Float64Array;
  seats: Float64Array;
  schoolIndexById: ReadonlyMap<string, number>;
}

export interface LevelAssignmentResult {
  flows: Flow[];
  /** Residences (with pupils) in no catchment / with no reachable school. */
  gaps: number[];
  /** Residences in several catchments: residence → catchment indexes (into the level's catchment list). */
  overlaps: Map<number, number[]>;
  /** Residence → catchment indexes containing it (catchment method only). */
  hits: Int32Array[] | null;
  /** The polygon-catchment index used (catchment method only). */
  index?: CatchmentIndex;
  unseated: { residence: number; pupils: number }[];
}

/**
 * Catchment method: polygon catchments by the index's documented boundary rule at each
 * residence's representative point, unit-set catchments by membership. A residence in several
 * catchments goes to the first (catchments are given sorted by id) and is listed as an overlap.
 * This is the one-shot form of the rule; evaluateScenario keeps the same answers between edits in
 * CatchmentLevelState (catchment-level.ts), and a test holds the two to each other.
 */
export function assignByCatchment(inp: LevelInputs, catchments: readonly Catchment[], state?: CatchmentAssignmentState): LevelAssignmentResult {
  const n = inp.pupils.length;
  const located = (state ?? new CatchmentAssignmentState()).update(catchments, inp.lon, inp.lat);
  const unitHits = new Map<string, number[]>();
  catchments.forEach((c, k) => {
    if (c.form !== 'units') return;
    for (const id of c.unitIds) {
      const list = unitHits.get(id);
      if (list) list.push(k);
      else unitHits.set(id, [k]);
    }
  });
  const flows: Flow[] = [];
  const gaps: number[] = [];
  const overlaps = new Map<number, number[]>();
  const hits: Int32Array[] = new Array<Int32Array>(n);
  const scratch: number[] = [];
  for (let r = 0; r < n; r++) {
    let list: number[];
    const h = located.hits[r];
    if (h === 0) list = [];
    else if (h === 1) list = [located.owner[r]];
    else {
      located.index.locateAll(inp.lon[r], inp.lat[r], scratch);
      list = scratch.slice();
    }
    const units = unitHits.get(inp.residenceIds[r]);
    if (units) list = [...new Set([...list, ...units])].sort((a, b) => a - b);
    hits[r] = Int32Array.from(list);
    if (inp.pupils[r] <= 0) continue;
    if (list.length === 0) {
      gaps.push(r);
      continue;
    }
    if (list.length > 1) overlaps.set(r, list);
    const school = inp.schoolIndexById.get(catchments[list[0]].schoolId);
    if (school === undefined) gaps.push(r);
    else flows.push({ residence: r, school, pupils: inp.pupils[r] });
  }
  return { flows, gaps, overlaps, hits, index: located.index, unseated: [] };
}

/**
 * The polygon-catchment index and the residences' answers for one scenario and level, kept between
 * evaluations: when only outlines changed (same catchments, same residences), just the changed
 * polygons are re-indexed and only the residences near them re-tested. Anything else rebuilds.
 */
export class CatchmentAssignmentState {
  private ids: string[] | null = null;
  private geometries: (Catchment['geometry'])[] = [];
  private points: { lon: Float64Array; lat: Float64Array } | null = null;
  private assignment: PointAssignment | null = null;
  /** How the last update was done, for tests and the benchmark. */
  lastUpdate: { kind: 'full' | 'incremental' | 'unchanged'; changed: number } = { kind: 'full', changed: 0 };
  /**
   * What the last update may have changed, for whoever keeps figures derived from the answers:
   * the catchments whose outline changed and the points whose list of catchments may differ
   * (null after a full rebuild: anything may differ). `generation` counts updates, so a follower
   * can tell whether it saw every one.
   */
  lastChanges: { catchments: number[]; points: number[] } | null = null;
  generation = 0;

  update(catchments: readonly Catchment[], lon: Float64Array, lat: Float64Array): PointAssignment {
    const ids = catchments.map((c) => c.id);
    const geometries = catchments.map((c) => (c.form === 'polygon' ? c.geometry : null));
    const same = this.assignment && this.points?.lon === lon && this.points.lat === lat && this.ids && this.ids.length === ids.length && this.ids.every((id, k) => id === ids[k]);
    if (!same) {
      const index = CatchmentIndex.build(geometries, { extent: extentOf(lon, lat) });
      this.assignment = new PointAssignment(index, lon, lat);
      this.lastUpdate = { kind: 'full', changed: ids.length };
      this.lastChanges = null;
    } else {
      const changes = { catchments: [] as number[], points: [] as number[] };
      geometries.forEach((g, k) => {
        if (g === this.geometries[k] || JSON.stringify(g) === JSON.stringify(this.geometries[k])) return;
        const cells = this.assignment!.index.setPolygon(k, g);
        if (cells) this.assignment!.reassignCells(...cells, changes.points);
        changes.catchments.push(k);
      });
      const changed = changes.catchments.length;
      this.lastUpdate = { kind: changed ? 'incremental' : 'unchanged', changed };
      this.lastChanges = changes;
    }
    this.generation++;
    this.ids = ids;
    this.geometries = geometries;
    this.points = { lon, lat };
    return this.assignment!;
  }
}

function extentOf(lon: Float64Array, lat: Float64Array): [number, number, number, number] | undefined {
  let a = Infinity;
  let b = Infinity;
  let c = -Infinity;
  let d = -Infinity;
  for (let k = 0; k < lon.length; k++) {
    if (!Number.isFinite(lon[k]) || !Number.isFinite(lat[k])) continue;
    a = Math.min(a, lon[k]);
    b = Math.min(b, lat[k]);
    c = Math.max(c, lon[k]);
    d = Math.max(d, lat[k]);
  }
  return Number.isFinite(a) ? [a, b, c, d] : undefined;
}

/** Nearest eligible school by straight-line distance in the local metric frame (ties: lower index). */
export function assignByNearest(inp: LevelInputs): LevelAssignmentResult {
  const flows: Flow[] = [];
  const gaps: number[] = [];
  const m = inp.eligible.length;
  if (m === 0) {
    for (let r = 0; r < inp.pupils.length; r++) if (inp.pupils[r] > 0) gaps.push(r);
    return { flows, gaps, overlaps: new Map(), hits: null, unseated: [] };
  }
  const index = new Flatbush(m);
  for (const s of inp.eligible) index.add(inp.sx[s], inp.sy[s], inp.sx[s], inp.sy[s]);
  index.finish();
  for (let r = 0; r < inp.pupils.length; r++) {
    if (inp.pupils[r] <= 0) continue;
    const x = inp.rx[r];
    const y = inp.ry[r];
    // Take the few nearest boxes, then settle exact ties by school index.
    const near = index.neighbors(x, y, 4);
    let best = -1;
    let bestD = Infinity;
    for (const k of near) {
      const s = inp.eligible[k];
      const d = Math.hypot(inp.sx[s] - x, inp.sy[s] - y);
      if (d < bestD || (d === bestD && s < best)) {
        bestD = d;
        best = s;
      }
    }
    flows.push({ residence: r, school: best, pupils: inp.pupils[r] });
  }
  return { flows, gaps, overlaps: new Map(), hits: null, unseated: [] };
}

/** Nearest eligible school by road-network travel time for the profile. */
export function assignByNetwork(inp: LevelInputs, graph: RoadGraph, profile: TravelProfile, schoolSnaps: readonly (Snap | null)[], residenceSnaps: readonly (Snap | null)[]): LevelAssignmentResult {
  const sources = inp.eligible.map((s) => schoolSnaps[s]);
  const near = nearestByNetwork(graph, profile, sources, residenceSnaps);
  const flows: Flow[] = [];
  const gaps: number[] = [];
  for (let r = 0; r < inp.pupils.length; r++) {
    if (inp.pupils[r] <= 0) continue;
    const k = near.source[r];
    if (k < 0) gaps.push(r);
    else flows.push({ residence: r, school: inp.eligible[k], pupils: inp.pupils[r] });
  }
  return { flows, gaps, overlaps: new Map(), hits: null, unseated: [] };
}

/**
 * Capacity-limited: minimum total pupil distance with no school above its seats (exact
 * transportation solve, integral in pupils). `cost(r, s)` is the distance used (Infinity = not
 * reachable). When seats are short, the unseated pupils are reported, never dropped.
 */
export function assignByCapacity(inp: LevelInputs, cost: (r: number, s: number) => number): LevelAssignmentResult {
  const residences: number[] = [];
  for (let r = 0; r < inp.pupils.length; r++) if (inp.pupils[r] > 0) residences.push(r);
  // The solve is integral in pupils; a fractional remainder (pupils estimated from ratios) follows
  // the residence's largest flow, or its unseated pupils, so every pupil is still counted once.
  const supply = residences.map((r) => Math.floor(inp.pupils[r]));
  const capacity = inp.eligible.map((s) => Math.max(0, Math.floor(inp.seats[s])));
  const result = solveCapacityLimited({ supply, capacity, cost: (i, j) => cost(residences[i], inp.eligible[j]) });
  const flows = result.flows.map((f) => ({ residence: residences[f.residence], school: inp.eligible[f.school], pupils: f.pupils }));
  const unseated = result.unseatedByResidence.map((u) => ({ residence: residences[u.residence], pupils: u.pupils }));
  const largest = new Map<number, { pupils: number }>();
  for (const f of [...flows, ...unseated]) if ((largest.get(f.residence)?.pupils ?? -1) < f.pupils) largest.set(f.residence, f);
  residences.forEach((r, i) => {
    const rest = inp.pupils[r] - supply[i];
    if (rest <= 0) return;
    const into = largest.get(r);
    if (into) {
      into.pupils += rest;
      return;
    }
    let best = -1;
    for (const s of inp.eligible) if (Number.isFinite(cost(r, s)) && (best < 0 || cost(r, s) < cost(r, best))) best = s;
    if (best >= 0) flows.push({ residence: r, school: best, pupils: rest });
    else unseated.push({ residence: r, pupils: rest });
  });
  return { flows, gaps: [], overlaps: new Map(), hits: null, unseated };
}

export function assignLevel(method: AssignmentMethod, inp: LevelInputs, ctx: { catchments: readonly Catchment[]; catchmentState?: CatchmentAssignmentState; network: { graph: RoadGraph; profile: TravelProfile; schoolSnaps: (Snap | null)[]; residenceSnaps: (Snap | null)[] } | null; cost: (r: number, s: number) => number }): LevelAssignmentResult {
  switch (method) {
    case 'catchment':
      return assignByCatchment(inp, ctx.catchments, ctx.catchmentState);
    case 'nearest':
      return assignByNearest(inp);
    case 'network':
      return ctx.network ? assignByNetwork(inp, ctx.network.graph, ctx.network.profile, ctx.network.schoolSnaps, ctx.network.residenceSnaps) : assignByNearest(inp);
    case 'capacity':
      return assignByCapacity(inp, ctx.cost);
  }
}
