// Per-catchment figures: area, parts (contiguity), Polsby–Popper compactness, overlaps with the
// level's other catchments (area and residences), and whether the school sits outside its own catchment.
import { area as turfArea, bbox as turfBbox, featureCollection, intersect } from '@turf/turf';
import type { Feature, MultiPolygon, Polygon } from 'geojson';
import type { ArealGeometry, Catchment } from '../model';
import { SCHOOL_TYPE_LEVELS } from '../model';
import { metresBetween } from '../geo/distance';
import { polygonProblems } from '../geo/polygon-problems';
import type { LevelAssignmentResult, LevelInputs } from './assign';
import { polygonTester } from './catchment-index';
import type { EvaluationData } from './evaluate';
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

function overlapAreaKm2(a: ArealGeometry, b: ArealGeometry): number | null {
  const ba = turfBbox(feature(a));
  const bb = turfBbox(feature(b));
  if (ba[2] < bb[0] || bb[2] < ba[0] || ba[3] < bb[1] || bb[3] < ba[1]) return 0;
  try {
    const x = intersect(featureCollection([feature(a), feature(b)]));
    return x ? turfArea(x) / 1e6 : 0;
  } catch {
    return null; // invalid outlines: reported as catchment problems
  }
}

export function catchmentIndicators(catchments: readonly Catchment[], data: EvaluationData, inp: LevelInputs, result: LevelAssignmentResult): CatchmentIndicators[] {
  const n = catchments.length;
  const residences = new Array<number>(n).fill(0);
  const pupils = new Array<number>(n).fill(0);
  const pairResidences = new Map<string, number>();
  const hits = result.hits ?? [];
  for (let r = 0; r < hits.length; r++) {
    const h = hits[r];
    if (!h) continue;
    for (const k of h) {
      residences[k]++;
      pupils[k] += inp.pupils[r];
    }
    for (let a = 0; a < h.length; a++) for (let b = a + 1; b < h.length; b++) {
      const key = `${h[a]}:${h[b]}`;
      pairResidences.set(key, (pairResidences.get(key) ?? 0) + 1);
    }
  }
  const usable = catchments.map((c) => (c.geometry && polygonProblems(c.geometry).every((p) => p.severity !== 'error') ? c.geometry : null));
  const rows: CatchmentIndicators[] = catchments.map((c, k) => {
    const g = usable[k];
    const problems = c.form === 'polygon' ? polygonProblems(c.geometry).map((p) => p.message) : [];
    const school = data.schools.find((s) => s.id === c.schoolId);
    if (!school) problems.push(`school ${c.schoolId} is not in the project`);
    else if (school.status !== 'open') problems.push(`school ${school.name} is ${school.status}`);
    else if (!SCHOOL_TYPE_LEVELS[school.type].includes(c.level)) problems.push(`school ${school.name} does not teach this level`);
    const area = g ? turfArea(feature(g)) / 1e6 : null;
    const perimeter = g ? perimeterMetres(g) : null;
    const parts = g ? (g.type === 'Polygon' ? 1 : g.coordinates.length) : null;
    if (parts !== null && parts > 1) problems.push(`split into ${parts} parts`);
    let schoolOutside: boolean | null = null;
    if (g && school) schoolOutside = !polygonTester(g)(school.location.coordinates[0], school.location.coordinates[1]);
    return {
      catchmentId: c.id,
      schoolId: c.schoolId,
      level: c.level,
      form: c.form,
      areaKm2: area,
      parts,
      polsbyPopper: area !== null && perimeter ? (4 * Math.PI * area * 1e6) / (perimeter * perimeter) : null,
      residences: residences[k],
      pupils: pupils[k],
      overlaps: [],
      schoolOutside,
      problems,
    };
  });
  // Overlaps: polygon pairs whose interiors may share area (the index's grid says so; neighbours
  // that only share a boundary are skipped without a costly intersection), and any pair sharing
  // residences. The area is then measured exactly.
  const pairs = new Set(pairResidences.keys());
  for (const [a, b] of result.index?.interiorOverlapPairs() ?? []) if (usable[a] && usable[b]) pairs.add(`${a}:${b}`);
  for (const key of [...pairs].sort()) {
    const [a, b] = key.split(':').map(Number);
    const both = catchments[a].form === 'polygon' && catchments[b].form === 'polygon' && usable[a] && usable[b];
    const area = both ? overlapAreaKm2(usable[a]!, usable[b]!) : null;
    const shared = pairResidences.get(key) ?? 0;
    if (shared === 0 && (area === null || area <= 1e-6)) continue;
    rows[a].overlaps.push({ catchmentId: catchments[b].id, schoolId: catchments[b].schoolId, areaKm2: area, residences: shared });
    rows[b].overlaps.push({ catchmentId: catchments[a].id, schoolId: catchments[a].schoolId, areaKm2: area, residences: shared });
  }
  return rows;
}
