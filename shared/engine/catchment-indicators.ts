// Per-catchment figures: area, parts (contiguity), Polsby–Popper compactness, overlaps with the
// level's other catchments (area and residences), and whether the school sits outside its own catchment.
import { area as turfArea } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ArealGeometry, Catchment, School } from '../model';
import { SCHOOL_TYPE_LEVELS } from '../model';
import { metresBetween } from '../geo/distance';
import { polygonProblems } from '../geo/polygon-problems';
import { polygonEdges, polygonTester } from './catchment-index';
import { interiorsMayMeet, overlapAreaKm2 } from './outline-overlap';
import type { CatchmentIndicators } from './types';

function perimeterMetres(g: ArealGeometry): number {
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
  let p = 0;
  for (const rings of polys) for (const ring of rings) for (let k = 0; k + 1 < ring.length; k++) p += metresBetween(ring[k][0], ring[k][1], ring[k + 1][0], ring[k + 1][1]);
  return p;
}

function feature(g: ArealGeometry): Feature<Polygon | MultiPolygon> {
  return { type: 'Feature', properties: {}, geometry: g };
}

// Catchments and schools are immutable values: a catchment's figures are kept while the catchment
// object (and its school's) lives, so an edit re-measures only the catchment it changed.
const shapeMemo = new WeakMap<Catchment, { school: School | undefined; shape: CatchmentShape }>();

/** What a catchment's row says regardless of residences: its outline's figures and problems. */
interface CatchmentShape {
  usable: ArealGeometry | null;
  bbox: readonly [number, number, number, number] | null;
  areaKm2: number | null;
  parts: number | null;
  polsbyPopper: number | null;
  schoolOutside: boolean | null;
  problems: readonly string[];
}

function shapeOf(c: Catchment, school: School | undefined): CatchmentShape {
  const known = shapeMemo.get(c);
  if (known && known.school === school) return known.shape;
  const g = c.geometry && polygonProblems(c.geometry).every((p) => p.severity !== 'error') ? c.geometry : null;
  const problems = c.form === 'polygon' ? polygonProblems(c.geometry).map((p) => p.message) : [];
  if (!school) problems.push(`school ${c.schoolId} is not in the project`);
  else if (school.status !== 'open') problems.push(`school ${school.name} is ${school.status}`);
  else if (!SCHOOL_TYPE_LEVELS[school.type].includes(c.level)) problems.push(`school ${school.name} does not teach this level`);
  const area = g ? turfArea(feature(g)) / 1e6 : null;
  const perimeter = g ? perimeterMetres(g) : null;
  const parts = g ? (g.type === 'Polygon' ? 1 : g.coordinates.length) : null;
  if (parts !== null && parts > 1) problems.push(`split into ${parts} parts`);
  let schoolOutside: boolean | null = null;
  if (g && school) schoolOutside = !polygonTester(g)(school.location.coordinates[0], school.location.coordinates[1]);
  const shape: CatchmentShape = {
    usable: g,
    bbox: g ? (polygonEdges(g)?.bbox ?? null) : null,
    areaKm2: area,
    parts,
    polsbyPopper: area !== null && perimeter ? (4 * Math.PI * area * 1e6) / (perimeter * perimeter) : null,
    schoolOutside,
    problems,
  };
  shapeMemo.set(c, { school, shape });
  return shape;
}

/** Residence counts of the level's catchments, as the assignment found them. */
export interface CatchmentTallies {
  /** Residences (with pupils or not) in catchment k, and their pupils of the level. */
  residences: ArrayLike<number>;
  pupils: ArrayLike<number>;
  /** Residences shared by catchments a < b, keyed "a:b" (only pairs that share some). */
  sharedResidences: ReadonlyMap<string, number>;
}

/** The level's catchment rows, in the order of `catchments` (sorted by id). */
export function catchmentIndicators(catchments: readonly Catchment[], schools: readonly School[], tallies: CatchmentTallies): CatchmentIndicators[] {
  const schoolById = new Map<string, School>();
  for (const s of schools) if (!schoolById.has(s.id)) schoolById.set(s.id, s);
  const shapes = catchments.map((c) => shapeOf(c, schoolById.get(c.schoolId)));
  const rows: CatchmentIndicators[] = catchments.map((c, k) => {
    const shape = shapes[k];
    return {
      catchmentId: c.id,
      schoolId: c.schoolId,
      level: c.level,
      form: c.form,
      areaKm2: shape.areaKm2,
      parts: shape.parts,
      polsbyPopper: shape.polsbyPopper,
      residences: tallies.residences[k],
      pupils: tallies.pupils[k],
      overlaps: [],
      schoolOutside: shape.schoolOutside,
      problems: [...shape.problems],
    };
  });
  // Overlaps: polygon pairs whose interiors may share area (neighbours that only share a boundary
  // are skipped without a costly intersection), and any pair sharing residences. The area is then
  // measured exactly.
  const pairs = new Set(tallies.sharedResidences.keys());
  // Candidate pairs by a sweep over the outlines' boxes from west to east.
  const polygons = catchments.flatMap((c, k) => (c.form === 'polygon' && shapes[k].usable && shapes[k].bbox ? [k] : [])).sort((a, b) => shapes[a].bbox![0] - shapes[b].bbox![0] || a - b);
  for (let i = 0; i < polygons.length; i++) {
    const ba = shapes[polygons[i]].bbox!;
    for (let j = i + 1; j < polygons.length; j++) {
      const bb = shapes[polygons[j]].bbox!;
      if (bb[0] >= ba[2]) break;
      if (ba[3] <= bb[1] || bb[3] <= ba[1]) continue;
      const a = Math.min(polygons[i], polygons[j]);
      const b = Math.max(polygons[i], polygons[j]);
      if (interiorsMayMeet(shapes[a].usable!, shapes[b].usable!)) pairs.add(`${a}:${b}`);
    }
  }
  for (const key of [...pairs].sort()) {
    const [a, b] = key.split(':').map(Number);
    const both = catchments[a].form === 'polygon' && catchments[b].form === 'polygon' && shapes[a].usable && shapes[b].usable;
    const area = both ? overlapAreaKm2(shapes[a].usable!, shapes[b].usable!) : null;
    const shared = tallies.sharedResidences.get(key) ?? 0;
    if (shared === 0 && (area === null || area <= 1e-6)) continue;
    rows[a].overlaps.push({ catchmentId: catchments[b].id, schoolId: catchments[b].schoolId, areaKm2: area, residences: shared });
    rows[b].overlaps.push({ catchmentId: catchments[a].id, schoolId: catchments[a].schoolId, areaKm2: area, residences: shared });
  }
  return rows;
}
