// Generating all catchments of a scenario and level at once. 'nearest': drawn outlines, the
// Voronoi cells of the open schools of the level (in the engine's local metric frame, so a cell is
// exactly where the engine's nearest-school method sends pupils), cut to the county. 'network' and
// 'capacity': unit lists from the engine's own assignment. Heavy for large counties: call it from
// the evaluation worker, not the UI thread.
import { featureCollection, point, voronoi } from '@turf/turf';
import type { ArealGeometry, Catchment, Level, Residence, Road, School, StandardsProfile } from '../model';
import { LEVEL_GRADES, SCHOOL_TYPE_LEVELS, sumLevel } from '../model';
import { geometryProblem } from '../geo/validate-geometry';
import { representativePoint } from '../geo/unit-outline';
import { evaluateScenario, type EvaluationData } from '../engine/evaluate';
import { catchmentId, type CatchmentChange, type Edit } from '.';
import { catchmentOfSchool, EditOpError, finishEdit, levelCatchments, levelName, type EditContext } from './ops-context';
import { areaOf, bboxOfPolys, geometryOf, intersectionOf, metresBetweenPositions, polysOf, signedArea2, type Polys } from './ops-geometry';
import { settle } from './ops-settle';
import { mustBeValid } from './ops-topology';
import { outlinesFor } from './ops-units';

export type GenerateMethod = 'nearest' | 'network' | 'capacity';

export interface GenerateData {
  roads: readonly Road[];
  standards: StandardsProfile;
}

const RAD = Math.PI / 180;

/** Open schools that teach the level and have a usable location, in project order. */
function openSchools(ctx: EditContext): School[] {
  return ctx.schools.filter((s) => s.status === 'open' && SCHOOL_TYPE_LEVELS[s.type].includes(ctx.level) && !geometryProblem(s.location, ['Point']));
}

function point0(r: Residence): [number, number] | null {
  try {
    const p = representativePoint(r);
    return Number.isFinite(p[0]) && Number.isFinite(p[1]) ? p : null;
  } catch {
    return null;
  }
}

/** Outer rings counter-clockwise, holes clockwise (GeoJSON's rule). */
function oriented(polys: Polys): Polys {
  return polys.map((poly) => poly.map((ring, k) => ((k === 0) === signedArea2(ring) > 0 ? ring : [...ring].reverse())));
}

/**
 * Replaces every catchment of the scenario and level by generated ones (see the module comment).
 * Catchments that come out identical are left out of the edit.
 */
export function generateCatchments(ctx: EditContext, method: GenerateMethod, data: GenerateData): Edit {
  const schools = openSchools(ctx);
  if (schools.length === 0) throw new EditOpError(`No open school teaches ${levelName(ctx.level)} pupils, so there is nothing to generate catchments for`);
  const generated = method === 'nearest' ? nearestCells(ctx, schools) : assignedUnits(ctx, method, data);
  const existing = levelCatchments(ctx);
  const changes: CatchmentChange[] = [];
  const placed = new Set<string>();
  for (const c of existing) {
    const mine = catchmentOfSchool(ctx, c.schoolId)?.id === c.id ? generated.get(c.schoolId) ?? null : null;
    changes.push({ id: c.id, before: c, after: mine ? { ...mine, id: c.id } : null });
    if (mine) placed.add(c.schoolId);
  }
  for (const [schoolId, c] of generated) if (!placed.has(schoolId)) changes.push({ id: c.id, before: null, after: c });
  return finishEdit(ctx, 'generate', changes);
}

function nearestCells(ctx: EditContext, schools: readonly School[]): Map<string, Catchment> {
  // The engine measures straight-line distance in a local frame about the residences' mean
  // position: cells in that frame (x = lon · cos lat0) are its nearest-school areas exactly.
  const pts = ctx.residences.map(point0).filter((p): p is [number, number] => p !== null);
  const lat0 = pts.length ? pts.reduce((s, p) => s + p[1], 0) / pts.length : schools.reduce((s, x) => s + x.location.coordinates[1], 0) / schools.length;
  const kx = Math.cos(lat0 * RAD);
  const sites = new Map<string, School>(); // one site per location: the first school standing there
  for (const s of schools) {
    const [lon, lat] = s.location.coordinates;
    const k = `${lon},${lat}`;
    if (!sites.has(k)) sites.set(k, s);
  }
  const owners = [...sites.values()];
  const box = ctx.clip ? bboxOfPolys(polysOf(ctx.clip)) : [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of [...owners.map((s) => s.location.coordinates), ...pts]) {
    box[0] = Math.min(box[0], p[0]);
    box[1] = Math.min(box[1], p[1]);
    box[2] = Math.max(box[2], p[0]);
    box[3] = Math.max(box[3], p[1]);
  }
  const padX = (box[2] - box[0]) * 0.1 + 0.01;
  const padY = (box[3] - box[1]) * 0.1 + 0.01;
  const cells = voronoi(featureCollection(owners.map((s) => point([s.location.coordinates[0] * kx, s.location.coordinates[1]]))), {
    bbox: [(box[0] - padX) * kx, box[1] - padY, (box[2] + padX) * kx, box[3] + padY],
  });
  const outlines = new Map<string, Polys>();
  owners.forEach((s, k) => {
    const cell = cells.features[k]?.geometry;
    if (!cell) return;
    const g: ArealGeometry = { type: 'Polygon', coordinates: cell.coordinates.map((ring) => ring.map((p) => [p[0] / kx, p[1]] as [number, number])) };
    const clipped = ctx.clip ? intersectionOf(g, ctx.clip) : g;
    if (!clipped) return;
    const polys = oriented(polysOf(clipped)).filter((p) => areaOf([p]) >= 1);
    if (polys.length) outlines.set(s.id, polys);
  });
  const settled = settle({ outlines, neighbours: new Map(), anchors: ctx.clip ? [polysOf(ctx.clip)] : [], nodeNeighbours: false });
  const out = new Map<string, Catchment>();
  for (const [schoolId, polys] of settled.outlines) {
    if (polys.length === 0) continue;
    const c: Catchment = { id: catchmentOfSchool(ctx, schoolId)?.id ?? catchmentId(ctx.scenarioId, ctx.level, schoolId), scenarioId: ctx.scenarioId, level: ctx.level, schoolId, form: 'polygon', geometry: geometryOf(polys), unitIds: [] };
    mustBeValid(ctx, c, c.geometry);
    out.set(schoolId, c);
  }
  return out;
}

/** The residence with one pupil in the level's first grade when it has none (so the engine places it). */
function withAPupil(r: Residence, level: Level): Residence {
  if (sumLevel(r.pupilsByGrade, level) > 0) return r;
  const g = r.pupilsByGrade.slice();
  g[LEVEL_GRADES[level][0] - 1] = 1;
  return { ...r, pupilsByGrade: g };
}

function assignedUnits(ctx: EditContext, method: 'network' | 'capacity', data: GenerateData): Map<string, Catchment> {
  const level = ctx.level;
  const base: EvaluationData = { schools: ctx.schools, residences: ctx.residences, catchments: [], roads: data.roads, standards: data.standards };
  const run = (d: EvaluationData, m: 'network' | 'capacity') => evaluateScenario(d, { scenarioId: ctx.scenarioId, method: m, levels: [level] });
  // Residences without pupils of the level still belong to a catchment: the nearest school (by
  // road where there are roads) takes them, as the engine's network method places any pupil.
  const hasPupils = (r: Residence) => sumLevel(r.pupilsByGrade, level) > 0;
  const needCoverage = method === 'network' || ctx.residences.some((r) => !hasPupils(r));
  const coverage = needCoverage ? run({ ...base, residences: ctx.residences.map((r) => withAPupil(r, level)) }, 'network').assignment[level] ?? {} : {};
  const assignment: Record<string, string> = {};
  if (method === 'network') Object.assign(assignment, coverage);
  else {
    const ev = run(base, 'capacity');
    const seats = new Map(ev.levels[0].schools.map((row) => [row.schoolId, row.seats]));
    Object.assign(assignment, ev.assignment[level] ?? {});
    wholeResidencesWithinSeats(ctx, assignment, seats);
    for (const r of ctx.residences) if (!hasPupils(r) && coverage[r.id] !== undefined) assignment[r.id] = coverage[r.id];
  }
  const lists = new Map<string, string[]>();
  for (const r of ctx.residences) {
    const s = assignment[r.id];
    if (s === undefined) continue;
    if (!lists.has(s)) lists.set(s, []);
    lists.get(s)!.push(r.id);
  }
  const list: Catchment[] = [];
  for (const s of ctx.schools) {
    const unitIds = lists.get(s.id);
    if (!unitIds) continue;
    list.push({ id: catchmentOfSchool(ctx, s.id)?.id ?? catchmentId(ctx.scenarioId, level, s.id), scenarioId: ctx.scenarioId, level, schoolId: s.id, form: 'units', geometry: null, unitIds });
  }
  const outlines = outlinesFor(ctx, list, new Set(list.map((c) => c.id)));
  return new Map(list.map((c) => [c.schoolId, { ...c, geometry: outlines.get(c.id) ?? null }]));
}

/**
 * The capacity method may share one residence's pupils between two schools; a unit list gives a
 * residence to one school whole (the engine's assignment names the first). Where that puts a
 * school over its seats, whole residences move to the school with room that adds the least
 * straight-line distance, one at a time, while such a move exists.
 */
function wholeResidencesWithinSeats(ctx: EditContext, assignment: Record<string, string>, seats: ReadonlyMap<string, number>): void {
  const level = ctx.level;
  const schoolById = new Map(ctx.schools.map((s) => [s.id, s]));
  const receivers = [...seats].filter(([id, n]) => n > 0 && schoolById.get(id)?.status === 'open').map(([id]) => id);
  const pupils = new Map<string, number>();
  const at = new Map<string, [number, number]>();
  const load = new Map<string, number>(receivers.map((id) => [id, 0]));
  for (const r of ctx.residences) {
    const s = assignment[r.id];
    const n = sumLevel(r.pupilsByGrade, level);
    const p = point0(r);
    if (s === undefined || n <= 0 || !p) continue;
    pupils.set(r.id, n);
    at.set(r.id, p);
    load.set(s, (load.get(s) ?? 0) + n);
  }
  const dist = (rid: string, sid: string) => metresBetweenPositions(at.get(rid)!, schoolById.get(sid)!.location.coordinates);
  const stuck = new Set<string>();
  for (let guard = 0; guard < ctx.residences.length * 4; guard++) {
    const over = [...load].filter(([id, n]) => !stuck.has(id) && n > (seats.get(id) ?? 0)).sort((a, b) => b[1] - (seats.get(b[0]) ?? 0) - (a[1] - (seats.get(a[0]) ?? 0)) || (a[0] < b[0] ? -1 : 1));
    if (over.length === 0) return;
    const [from] = over[0];
    let best: { rid: string; to: string; cost: number } | null = null;
    for (const [rid, n] of pupils) {
      if (assignment[rid] !== from) continue;
      for (const to of receivers) {
        if (to === from || (seats.get(to) ?? 0) - (load.get(to) ?? 0) < n) continue;
        const cost = dist(rid, to) - dist(rid, from);
        if (!best || cost < best.cost) best = { rid, to, cost };
      }
    }
    if (!best) {
      stuck.add(from);
      continue;
    }
    const n = pupils.get(best.rid)!;
    assignment[best.rid] = best.to;
    load.set(from, load.get(from)! - n);
    load.set(best.to, (load.get(best.to) ?? 0) + n);
  }
}
