// Unit-set (划片 list) catchments: converting a drawn outline into the list of residence units it
// contains, painting units from one school's list to another's, and re-deriving the outlines of
// the lists an edit changes.
import type { ArealGeometry, Catchment, Residence } from '../model';
import { polygonTester } from '../engine/catchment-index';
import { deriveUnitOutlines, representativePoint } from '../geo/unit-outline';
import { catchmentId, type CatchmentChange, type Edit } from '.';
import { cap, catchmentOfSchool, catchmentLabel, EditOpError, findCatchment, finishEdit, levelCatchments, teachingSchool, type EditContext } from './ops-context';

interface Sites {
  /** Residences with a usable representative point (the others have no position to list by). */
  usable: Residence[];
  /** Residence id → site key, as deriveUnitOutlines groups units standing at one location. */
  site: Map<string, string>;
  point: Map<string, [number, number]>;
}

const sitesCache = new WeakMap<readonly Residence[], Sites>();

function sites(residences: readonly Residence[]): Sites {
  const known = sitesCache.get(residences);
  if (known) return known;
  const usable: Residence[] = [];
  const site = new Map<string, string>();
  const point = new Map<string, [number, number]>();
  for (const r of residences) {
    let p: [number, number];
    try {
      p = representativePoint(r);
    } catch {
      continue;
    }
    if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) continue;
    usable.push(r);
    point.set(r.id, p);
    site.set(r.id, `${p[0].toFixed(7)},${p[1].toFixed(7)}`);
  }
  const out = { usable, site, point };
  sitesCache.set(residences, out);
  return out;
}

/** Ids of the residence units whose representative point lies in the outline, by the engine's boundary rule, in project order. */
export function unitsInside(ctx: EditContext, g: ArealGeometry): string[] {
  const inside = polygonTester(g);
  const { usable, point } = sites(ctx.residences);
  return usable.filter((r) => {
    const p = point.get(r.id)!;
    return inside(p[0], p[1]);
  }).map((r) => r.id);
}

/**
 * Derived outlines of the `wanted` unit catchments in the level's list as it will be after an
 * edit (stored order). The other lists are passed to the derivation only with their units that
 * share a location with a wanted one, so a shared cell still goes to the first list naming it.
 */
export function outlinesFor(ctx: EditContext, list: readonly Catchment[], wanted: ReadonlySet<string>): Map<string, ArealGeometry | null> {
  const { usable, site } = sites(ctx.residences);
  const units = list.filter((c) => c.form === 'units');
  const wantedSites = new Set<string>();
  for (const c of units) if (wanted.has(c.id)) for (const u of c.unitIds) if (site.has(u)) wantedSites.add(site.get(u)!);
  const passed = units
    .map((c) => (wanted.has(c.id) ? c : { ...c, unitIds: c.unitIds.filter((u) => wantedSites.has(site.get(u) ?? '')) }))
    .filter((c) => wanted.has(c.id) || c.unitIds.length > 0);
  if (usable.length === 0) return new Map([...wanted].map((id) => [id, null]));
  return deriveUnitOutlines(passed, usable, ctx.clip);
}

/** The level's catchment list after replacing/removing/adding the given states (new ones appended). */
function listAfter(ctx: EditContext, next: ReadonlyMap<string, Catchment | null>): Catchment[] {
  const out: Catchment[] = [];
  const left = new Map(next);
  for (const c of levelCatchments(ctx)) {
    if (!left.has(c.id)) out.push(c);
    else {
      const n = left.get(c.id);
      if (n) out.push(n);
      left.delete(c.id);
    }
  }
  for (const n of left.values()) if (n) out.push(n);
  return out;
}

/** Changes for `next`, with the outlines of its unit catchments re-derived. */
export function unitChanges(ctx: EditContext, next: ReadonlyMap<string, Catchment | null>): CatchmentChange[] {
  const before = new Map(levelCatchments(ctx).map((c) => [c.id, c]));
  const wanted = new Set([...next].filter(([, c]) => c?.form === 'units').map(([id]) => id));
  const outlines = wanted.size ? outlinesFor(ctx, listAfter(ctx, next), wanted) : new Map<string, ArealGeometry | null>();
  return [...next].map(([id, c]) => ({
    id,
    before: before.get(id) ?? null,
    after: c && c.form === 'units' ? { ...c, geometry: outlines.get(id) ?? null } : c,
  }));
}

/**
 * A polygon catchment becomes the list of the residence units whose representative point it
 * contains (the engine's boundary rule), with a derived outline.
 */
export function convertToUnits(ctx: EditContext, id: string): Edit {
  const c = findCatchment(ctx, id);
  if (c.form === 'units') throw new EditOpError(`${cap(catchmentLabel(ctx, c))} is already a list of residence units`);
  if (!c.geometry) throw new EditOpError(`${cap(catchmentLabel(ctx, c))} has no outline to take the units from`);
  const unitIds = unitsInside(ctx, c.geometry);
  if (unitIds.length === 0) throw new EditOpError(`No residence unit lies inside ${catchmentLabel(ctx, c)}, so its list would be empty; draw or reshape it first`);
  return finishEdit(ctx, 'convert', unitChanges(ctx, new Map([[id, { ...c, form: 'units', unitIds, geometry: null }]])));
}

/**
 * Paints residence units to a school (as Districtr paints blocks): they join the end of the
 * school's list for the level (created if the school has none, converted first if it is a drawn
 * outline) and leave every other list; null leaves them unassigned. A list painted empty is
 * removed. Lists keep their order.
 */
export function paintUnits(ctx: EditContext, unitIds: readonly string[], schoolId: string | null): Edit {
  const ids = [...new Set(unitIds)];
  const known = new Set(ctx.residences.map((r) => r.id));
  const unknown = ids.filter((u) => !known.has(u));
  if (unknown.length) throw new EditOpError(`There is no residence unit ${unknown.slice(0, 3).join(', ')}${unknown.length > 3 ? ` (and ${unknown.length - 3} more)` : ''} in this project`);
  if (ids.length === 0) throw new EditOpError('nothing to change');
  const painted = new Set(ids);
  const next = new Map<string, Catchment | null>();
  let targetId: string | null = null;
  if (schoolId !== null) {
    teachingSchool(ctx, schoolId);
    const existing = catchmentOfSchool(ctx, schoolId);
    let target: Catchment;
    if (!existing) target = { id: catchmentId(ctx.scenarioId, ctx.level, schoolId), scenarioId: ctx.scenarioId, level: ctx.level, schoolId, form: 'units', geometry: null, unitIds: [] };
    else if (existing.form === 'polygon') target = { ...existing, form: 'units', geometry: null, unitIds: existing.geometry ? unitsInside(ctx, existing.geometry) : [] };
    else target = existing;
    const have = new Set(target.unitIds);
    targetId = target.id;
    next.set(target.id, { ...target, unitIds: [...target.unitIds, ...ids.filter((u) => !have.has(u))] });
  }
  for (const c of levelCatchments(ctx)) {
    if (c.id === targetId || c.form !== 'units' || !c.unitIds.some((u) => painted.has(u))) continue;
    const left = c.unitIds.filter((u) => !painted.has(u));
    next.set(c.id, left.length ? { ...c, unitIds: left } : null);
  }
  return finishEdit(ctx, 'paint', unitChanges(ctx, next));
}
