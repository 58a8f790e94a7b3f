// Small, real-looking inputs for the edit-operation tests: schools, residence units, a 3 × 3 grid
// of square catchments near (116.6E, 26.2N), and the checks a tiling must pass after an edit.
import { area, featureCollection, intersect } from '@turf/turf';
import type { Feature as TurfFeature, MultiPolygon, Polygon } from 'geojson';
import type { ArealGeometry, Catchment, Level, PolygonGeometry, Position, Residence, School, SchoolStatus, SchoolType } from '../model';
import { LEVEL_GRADES, SCHOOL_TYPE_LEVELS, emptyGrades } from '../model';
import { polygonProblems } from '../geo/polygon-problems';
import { applyEdit, catchmentId, editProblems, type Edit } from '.';
import type { EditContext } from './ops-context';

export const SCENARIO = 'base';
export const LEVEL: Level = 'primary';
export const X0 = 116.6;
export const Y0 = 26.2;
/** Grid step: 0.01° (about 1 km). */
export const STEP = 0.01;

export function school(id: string, at: Position, opts: { type?: SchoolType; status?: SchoolStatus; seats?: number } = {}): School {
  const type = opts.type ?? 'primary';
  const classes = emptyGrades();
  for (const level of SCHOOL_TYPE_LEVELS[type]) for (const g of LEVEL_GRADES[level]) classes[g - 1] = 2;
  return {
    id, name: `School ${id}`, namePinyin: null, type, status: opts.status ?? 'open', location: { type: 'Point', coordinates: at }, township: null, address: null,
    classesByGrade: classes, enrolmentByGrade: emptyGrades(), capacity: opts.seats === undefined ? {} : { primary: opts.seats }, staff: null, teachers: null,
    floorAreaM2: null, siteAreaM2: null, alliance: null, boarding: false, extra: {},
  };
}

export function residence(id: string, at: Position | PolygonGeometry, primaryPupils = 0): Residence {
  const grades = emptyGrades();
  // Spread the pupils over grades 1–6 (whole numbers).
  for (let k = 0; k < primaryPupils; k++) grades[k % 6]++;
  return {
    id, name: `Unit ${id}`, namePinyin: null, kind: 'complex', settlement: 'urban', geometry: Array.isArray(at) ? { type: 'Point', coordinates: at } : at,
    township: null, households: null, population: null, pupilsByGrade: grades, pupilSource: 'grade', extra: {},
  };
}

export function polygonCatchment(schoolId: string, geometry: ArealGeometry): Catchment {
  return { id: catchmentId(SCENARIO, LEVEL, schoolId), scenarioId: SCENARIO, level: LEVEL, schoolId, form: 'polygon', geometry, unitIds: [] };
}

export function unitsCatchment(schoolId: string, unitIds: string[]): Catchment {
  return { id: catchmentId(SCENARIO, LEVEL, schoolId), scenarioId: SCENARIO, level: LEVEL, schoolId, form: 'units', geometry: null, unitIds };
}

export const gx = (i: number): number => X0 + i * STEP;
export const gy = (j: number): number => Y0 + j * STEP;

export function rect(x0: number, y0: number, x1: number, y1: number): PolygonGeometry {
  return { type: 'Polygon', coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] };
}

/** n × n grid squares (cell (i, j) → school `g{i}{j}` at its centre), the county is the whole grid. */
export function gridContext(n = 3): EditContext {
  const schools: School[] = [];
  const catchments: Catchment[] = [];
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const id = `g${i}${j}`;
      schools.push(school(id, [gx(i + 0.5), gy(j + 0.5)]));
      catchments.push(polygonCatchment(id, rect(gx(i), gy(j), gx(i + 1), gy(j + 1))));
    }
  }
  return { scenarioId: SCENARIO, level: LEVEL, catchments, schools, residences: [], clip: rect(gx(0), gy(0), gx(n), gy(n)) };
}

const f = (g: ArealGeometry): TurfFeature<Polygon | MultiPolygon> => ({ type: 'Feature', properties: {}, geometry: g });

export function areaM2(g: ArealGeometry | null): number {
  return g ? area(f(g)) : 0;
}

/**
 * Shoelace area in degrees² (holes subtracted): unlike Turf's spherical formula it is exactly
 * additive when an edge is split at a point on it, so it measures gaps between tiles to 1e-12.
 */
export function planarArea(g: ArealGeometry | null): number {
  if (!g) return 0;
  let s = 0;
  for (const poly of g.type === 'Polygon' ? [g.coordinates] : g.coordinates) {
    poly.forEach((ring, k) => {
      let a = 0;
      for (let i = 0; i + 1 < ring.length; i++) a += ring[i][0] * ring[i + 1][1] - ring[i + 1][0] * ring[i][1];
      s += (k === 0 ? 1 : -1) * Math.abs(a / 2);
    });
  }
  return s;
}

export function overlapM2(a: ArealGeometry, b: ArealGeometry): number {
  const x = intersect(featureCollection([f(a), f(b)]));
  return x ? area(x) : 0;
}

/** The level's catchments after the edit; the edit is well-formed and applies to the context. */
export function applied(ctx: EditContext, edit: Edit): Catchment[] {
  const problems = editProblems(edit);
  if (problems.length) throw new Error(`malformed edit: ${problems.join('; ')}`);
  return applyEdit(ctx.catchments, edit);
}

export interface TilingFigures {
  /** Polygon catchments whose outlines have errors. */
  invalid: string[];
  totalAreaM2: number;
  /** Σ of the areas shared by two catchments. */
  overlapM2: number;
}

export function tilingFigures(list: readonly Catchment[]): TilingFigures {
  const polys = list.filter((c) => c.form === 'polygon' && c.geometry);
  const invalid = polys.filter((c) => polygonProblems(c.geometry).some((p) => p.severity === 'error')).map((c) => c.id);
  let overlap = 0;
  for (let a = 0; a < polys.length; a++) for (let b = a + 1; b < polys.length; b++) overlap += overlapM2(polys[a].geometry!, polys[b].geometry!);
  return { invalid, totalAreaM2: polys.reduce((s, c) => s + areaM2(c.geometry), 0), overlapM2: overlap };
}

/** Pairs of distinct corners closer than 1e-9° anywhere in the list (slivers waiting to happen). */
export function nearDuplicates(list: readonly Catchment[]): [Position, Position][] {
  const all = new Map<string, Position>();
  for (const c of list) for (const p of positionsOf(c.geometry)) all.set(`${p[0]},${p[1]}`, p);
  const pts = [...all.values()].sort((a, b) => a[0] - b[0]);
  const out: [Position, Position][] = [];
  for (let i = 0; i < pts.length; i++) {
    for (let j = i + 1; j < pts.length && pts[j][0] - pts[i][0] <= 1e-9; j++) if (Math.abs(pts[j][1] - pts[i][1]) <= 1e-9) out.push([pts[i], pts[j]]);
  }
  return out;
}

/** Every position of an outline (closing positions included). */
export function positionsOf(g: ArealGeometry | null): Position[] {
  if (!g) return [];
  return (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).flat(2) as Position[];
}

export function withCatchments(ctx: EditContext, catchments: Catchment[]): EditContext {
  return { ...ctx, catchments };
}
