// Whole-outline edits of polygon catchments: draw (replace a school's catchment by a drawn
// outline, cut back to the county and the neighbours), reshape, split with a line, merge.
// Every new outline is settled into the map (ops-settle) so shared boundaries keep matching.
import type { ArealGeometry, Catchment, Position } from '../model';
import { polygonProblems } from '../geo/polygon-problems';
import { containsPoint } from '../engine/catchment-index';
import { interiorPoint } from '../geo/interior-point';
import { catchmentId, type CatchmentChange, type Edit } from '.';
import { cap, catchmentOfSchool, catchmentLabel, EditOpError, findCatchment, findPolygonCatchment, finishEdit, levelCatchments, teachingSchool, type EditContext } from './ops-context';
import { areaOf, differenceOf, geometryOf, intersectionOf, polysOf, unionOf, type Polys } from './ops-geometry';
import { settle } from './ops-settle';
import { splitFaces } from './ops-split';
import { levelPolygons, mustBeValid, withOutline, type LevelPolygons } from './ops-topology';
import { unitChanges, unitsInside } from './ops-units';

/** Parts smaller than this (m²) left by cutting are slivers, not catchment. */
const SLIVER_M2 = 1;

function drawnOutlineMustBeValid(g: ArealGeometry): void {
  const errors = polygonProblems(g).filter((p) => p.severity === 'error');
  if (errors.length) throw new EditOpError(`The drawn outline is not valid (${errors[0].message}); redraw it`);
}

function withoutSlivers(polys: Polys): Polys {
  return polys.filter((p) => areaOf([p]) >= SLIVER_M2);
}

function countyAnchors(ctx: EditContext): Polys[] {
  return ctx.clip ? [polysOf(ctx.clip)] : [];
}

function others(lp: LevelPolygons, skip: readonly string[]): Map<string, Polys> {
  return new Map([...lp.polys].filter(([id]) => !skip.includes(id)));
}

/** Changes for neighbours that received vertices, each checked. */
function nodedChanges(ctx: EditContext, lp: LevelPolygons, noded: ReadonlyMap<string, Polys>): CatchmentChange[] {
  return [...noded].map(([id, polys]) => {
    const before = lp.byId.get(id)!;
    const after = withOutline(before, polys);
    mustBeValid(ctx, before, after.geometry);
    return { id, before, after };
  });
}

/**
 * Replaces the school's catchment of the level (whatever its form) by a drawn outline. By default
 * the outline is cut back to the county and the other catchments of the level are cut out of it,
 * so drawing never creates an overlap; corners where it meets a neighbour's boundary are added to
 * that boundary too.
 */
export function drawCatchment(ctx: EditContext, schoolId: string, polygon: ArealGeometry, opts: { clipToNeighbours?: boolean; clipToCounty?: boolean } = {}): Edit {
  const clipToNeighbours = opts.clipToNeighbours ?? true;
  const clipToCounty = opts.clipToCounty ?? true;
  const school = teachingSchool(ctx, schoolId);
  drawnOutlineMustBeValid(polygon);
  const existing = catchmentOfSchool(ctx, schoolId);
  const id = existing?.id ?? catchmentId(ctx.scenarioId, ctx.level, schoolId);
  let g: ArealGeometry | null = polygon;
  if (clipToCounty && ctx.clip) {
    g = intersectionOf(g, ctx.clip);
    if (!g) throw new EditOpError('The drawn outline lies outside the county');
  }
  if (clipToNeighbours) {
    g = differenceOf(g, levelCatchments(ctx).filter((c) => c.id !== id && c.geometry).map((c) => c.geometry!));
    if (!g) throw new EditOpError(`The drawn outline lies wholly inside other catchments; nothing is left for ${school.name}`);
  }
  const polys = withoutSlivers(polysOf(g));
  if (polys.length === 0) throw new EditOpError(`Only slivers of the drawn outline lie outside other catchments; nothing is left for ${school.name}`);
  const lp = levelPolygons(ctx);
  const settled = settle({
    outlines: new Map([[id, polys]]),
    neighbours: others(lp, [id]),
    anchors: countyAnchors(ctx),
    previous: existing?.form === 'polygon' && existing.geometry ? [polysOf(existing.geometry)] : [],
    nodeNeighbours: clipToNeighbours,
  });
  const after: Catchment = { id, scenarioId: ctx.scenarioId, level: ctx.level, schoolId, form: 'polygon', geometry: geometryOf(settled.outlines.get(id)!), unitIds: [] };
  mustBeValid(ctx, after, after.geometry);
  return finishEdit(ctx, 'draw', [{ id, before: existing, after }, ...nodedChanges(ctx, lp, settled.neighbours)]);
}

/** A polygon catchment takes a new outline as given (corners within ~1 cm of the map's corners join them). */
export function reshapeCatchment(ctx: EditContext, id: string, geometry: ArealGeometry): Edit {
  const c = findPolygonCatchment(ctx, id);
  drawnOutlineMustBeValid(geometry);
  const lp = levelPolygons(ctx);
  const settled = settle({ outlines: new Map([[id, polysOf(geometry)]]), neighbours: others(lp, [id]), anchors: countyAnchors(ctx), previous: [polysOf(c.geometry)], nodeNeighbours: false });
  const polys = settled.outlines.get(id)!;
  if (polys.length === 0) throw new EditOpError('The new outline has no area');
  const after = withOutline(c, polys);
  mustBeValid(ctx, c, after.geometry);
  return finishEdit(ctx, 'reshape', [{ id, before: c, after }]);
}

const GOING = '\u0000going';

/**
 * Cuts a polygon catchment with a line drawn across it. The part holding the school stays (the
 * largest when none does); the other parts go to `giveTo`'s catchment of the level (created when it
 * has none; for a unit list, the units inside them join it) or, with null, are left unassigned.
 * For a catchment of several parts, only the parts the line cuts lose anything.
 */
export function splitCatchment(ctx: EditContext, id: string, line: readonly Position[], giveTo: string | null): Edit {
  const c = findPolygonCatchment(ctx, id);
  if (giveTo === c.schoolId) throw new EditOpError(`The cut-off part would go back to the school it was cut from; choose another school, or none to leave it unassigned`);
  const receiver = giveTo === null ? null : teachingSchool(ctx, giveTo);
  const parts = polysOf(c.geometry);
  const faces = splitFaces(c.geometry, line);
  if (faces.length <= parts.length) throw new EditOpError(`The line does not cut ${catchmentLabel(ctx, c)} into two or more parts; draw it right across the catchment`);

  // Faces grouped by the part of the catchment they come from.
  const groups = parts.map(() => [] as Polys);
  for (const face of faces) {
    const p = interiorPoint(geometryOf([face]));
    const k = p ? parts.findIndex((part) => containsPoint(geometryOf([part]), p[0], p[1])) : -1;
    groups[k >= 0 ? k : 0].push(face);
  }
  const school = ctx.schools.find((s) => s.id === c.schoolId);
  const at = school?.location.coordinates;
  const stays: Polys = [];
  const goes: Polys = [];
  for (const group of groups) {
    if (group.length <= 1) {
      stays.push(...group);
      continue;
    }
    let keeper = at ? group.findIndex((f) => containsPoint(geometryOf([f]), at[0], at[1])) : -1;
    if (keeper < 0) keeper = group.map((f) => areaOf([f])).reduce((best, a, k, all) => (a > all[best] ? k : best), 0);
    group.forEach((f, k) => (k === keeper ? stays : goes).push(f));
  }

  const lp = levelPolygons(ctx);
  const first = settle({ outlines: new Map([[id, stays], [GOING, goes]]), neighbours: others(lp, [id]), anchors: countyAnchors(ctx), previous: [parts], nodeNeighbours: true });
  const state = new Map(lp.polys);
  for (const [nid, polys] of first.neighbours) state.set(nid, polys);
  state.set(id, first.outlines.get(id)!);
  const given = first.outlines.get(GOING)!;
  const changed = new Map<string, Polys>(first.neighbours);
  changed.set(id, first.outlines.get(id)!);
  const changes: CatchmentChange[] = [];

  if (receiver) {
    const existing = catchmentOfSchool(ctx, receiver.id);
    if (existing?.form === 'units') {
      const have = new Set(existing.unitIds);
      const added = unitsInside(ctx, geometryOf(given)).filter((u) => !have.has(u));
      changes.push(...unitChanges(ctx, new Map([[existing.id, { ...existing, unitIds: [...existing.unitIds, ...added] }]])));
    } else if (existing?.form === 'polygon' && existing.geometry) {
      const base = state.get(existing.id)!;
      const merged = unionOf([geometryOf(base), geometryOf(given)])!;
      const second = settle({ outlines: new Map([[existing.id, polysOf(merged)]]), neighbours: new Map([...state].filter(([nid]) => nid !== existing.id)), anchors: countyAnchors(ctx), previous: [base, given], nodeNeighbours: true });
      for (const [nid, polys] of second.neighbours) changed.set(nid, polys);
      changed.set(existing.id, second.outlines.get(existing.id)!);
    } else {
      const newId = existing?.id ?? catchmentId(ctx.scenarioId, ctx.level, receiver.id);
      const after: Catchment = { id: newId, scenarioId: ctx.scenarioId, level: ctx.level, schoolId: receiver.id, form: 'polygon', geometry: geometryOf(given), unitIds: [] };
      mustBeValid(ctx, after, after.geometry);
      changes.push({ id: newId, before: existing, after });
    }
  }
  for (const [nid, polys] of changed) {
    const before = lp.byId.get(nid)!;
    const after = withOutline(before, polys);
    mustBeValid(ctx, before, after.geometry);
    changes.push({ id: nid, before, after });
  }
  return finishEdit(ctx, 'split', changes);
}

/**
 * Joins catchment `absorbId` into `keepId` (the absorbed one is removed). Two outlines: their
 * union. Two unit lists: keep's units, then the absorbed ones not already listed. One of each: the
 * outline becomes the units inside it first, and the lists are joined.
 */
export function mergeCatchments(ctx: EditContext, keepId: string, absorbId: string): Edit {
  const keep = findCatchment(ctx, keepId);
  const absorb = findCatchment(ctx, absorbId);
  if (keep.id === absorb.id) throw new EditOpError('A catchment cannot be merged with itself');
  if (keep.form === 'polygon' && absorb.form === 'polygon') {
    if (!keep.geometry || !absorb.geometry) throw new EditOpError(`${cap(catchmentLabel(ctx, keep.geometry ? absorb : keep))} has no outline to merge`);
    const lp = levelPolygons(ctx);
    const merged = unionOf([keep.geometry, absorb.geometry])!;
    const settled = settle({ outlines: new Map([[keep.id, polysOf(merged)]]), neighbours: others(lp, [keep.id, absorb.id]), anchors: countyAnchors(ctx), previous: [polysOf(keep.geometry), polysOf(absorb.geometry)], nodeNeighbours: true });
    const after = withOutline(keep, settled.outlines.get(keep.id)!);
    mustBeValid(ctx, keep, after.geometry);
    return finishEdit(ctx, 'merge', [{ id: keep.id, before: keep, after }, { id: absorb.id, before: absorb, after: null }, ...nodedChanges(ctx, lp, settled.neighbours)]);
  }
  const unitsOf = (c: Catchment): string[] => (c.form === 'units' ? c.unitIds : c.geometry ? unitsInside(ctx, c.geometry) : []);
  const kept = unitsOf(keep);
  const have = new Set(kept);
  const unitIds = [...kept, ...unitsOf(absorb).filter((u) => !have.has(u))];
  const next = new Map<string, Catchment | null>([[keep.id, { ...keep, form: 'units', geometry: null, unitIds }], [absorb.id, null]]);
  return finishEdit(ctx, 'merge', unitChanges(ctx, next));
}
