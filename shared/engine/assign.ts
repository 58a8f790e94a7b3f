// Gives each residence's pupils of one level to schools, by one of four methods. Every method
// returns flows (residence, school, pupils): a residence sends all its pupils to one school except
// under the capacity-limited method, which may split them.
import Flatbush from 'flatbush';
import type { Catchment, Level } from '../model';
import { CatchmentIndex } from './catchment-index';
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
  unseated: { residence: number; pupils: number }[];
}

/**
 * Catchment method: polygon catchments by the index's documented boundary rule at each
 * residence's representative point, unit-set catchments by membership. A residence in several
 * catchments goes to the first (catchments are given sorted by id) and is listed as an overlap.
 */
export function assignByCatchment(inp: LevelInputs, catchments: readonly Catchment[]): LevelAssignmentResult {
  const n = inp.pupils.length;
  const polygonAt: number[] = [];
  const polys = catchments.map((c, k) => {
    if (c.form !== 'polygon') return null;
    polygonAt.push(k);
    return c.geometry;
  });
  const index = CatchmentIndex.build(polys);
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
    const found = polygonAt.length > 0 ? index.locateAll(inp.lon[r], inp.lat[r], scratch) : 0;
    let list: number[] = found > 0 ? scratch.slice() : [];
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
  return { flows, gaps, overlaps, hits, unseated: [] };
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
  const supply = residences.map((r) => Math.round(inp.pupils[r]));
  const capacity = inp.eligible.map((s) => Math.max(0, Math.floor(inp.seats[s])));
  const result = solveCapacityLimited({ supply, capacity, cost: (i, j) => cost(residences[i], inp.eligible[j]) });
  const flows = result.flows.map((f) => ({ residence: residences[f.residence], school: inp.eligible[f.school], pupils: f.pupils }));
  const unseated = result.unseatedByResidence.map((u) => ({ residence: residences[u.residence], pupils: u.pupils }));
  return { flows, gaps: [], overlaps: new Map(), hits: null, unseated };
}

export function assignLevel(method: AssignmentMethod, inp: LevelInputs, ctx: { catchments: readonly Catchment[]; network: { graph: RoadGraph; profile: TravelProfile; schoolSnaps: (Snap | null)[]; residenceSnaps: (Snap | null)[] } | null; cost: (r: number, s: number) => number }): LevelAssignmentResult {
  switch (method) {
    case 'catchment':
      return assignByCatchment(inp, ctx.catchments);
    case 'nearest':
      return assignByNearest(inp);
    case 'network':
      return ctx.network ? assignByNetwork(inp, ctx.network.graph, ctx.network.profile, ctx.network.schoolSnaps, ctx.network.residenceSnaps) : assignByNearest(inp);
    case 'capacity':
      return assignByCapacity(inp, ctx.cost);
  }
}
