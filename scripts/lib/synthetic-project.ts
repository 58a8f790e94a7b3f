// A synthetic county for scale checks (the map benchmark, the large-project e2e spec): the
// synthetic city's 300 primary catchments, one school each, and any number of residence points.
import { statSync } from 'node:fs';
import { APP_VERSION } from './app';
import { createProject } from '../../electron/store';
import { catchmentId } from '../../shared/edits';
import type { Catchment, Position, Residence, School } from '../../shared/model';
import { mulberry32, syntheticCatchments, uniformPoints } from '../../shared/engine/synthetic-city';

export const SYNTHETIC_SCENARIO = 'baseline';
const SCENARIO = SYNTHETIC_SCENARIO;
const LEVEL = 'primary' as const;

/**
 * Writes the project: 300 primary schools (one near the middle of each cell of the synthetic city's
 * 20 × 15 lattice, seats from the expected demand of its cell × 0.8–1.2), `residences` residence points
 * with seeded pupils (0–3 a grade, grades 1–9) and one polygon catchment a school tiling the county;
 * neighbouring catchments share their boundary vertices exactly (synthetic-city stores each boundary once).
 */
export function writeSyntheticProject(path: string, residences: number, log: (s: string) => void = () => {}): { residences: number; catchments: number; sharedVertices: number } {
  const city = syntheticCatchments(20, 15, 24, 7);
  const rnd = mulberry32(9);
  const area = (ring: Position[]) => {
    let s = 0;
    for (let k = 0; k + 1 < ring.length; k++) s += ring[k][0] * ring[k + 1][1] - ring[k + 1][0] * ring[k][1];
    return Math.abs(s) / 2;
  };
  const [x0, y0, x1, y1] = city.extent;
  const countyArea = (x1 - x0) * (y1 - y0);
  // uniformPoints spreads over the extent plus a 2 % margin each side; 1.5 pupils a grade on average.
  const inside = 1 / (1.04 * 1.04);
  const schools: School[] = city.catchments.map((g, k) => {
    const ring = g.coordinates[0];
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    const demand = residences * inside * 9 * (area(ring) / countyArea);
    const seats = Math.round(demand * (0.8 + 0.4 * rnd()));
    const classes = Math.max(1, Math.round(seats / 45 / 6));
    const enrolled = Math.round((seats * (0.85 + 0.2 * rnd())) / 6);
    return {
      id: `S${String(k).padStart(3, '0')}`, name: `学校${k}`, namePinyin: null, type: 'primary', status: 'open', location: { type: 'Point', coordinates: [cx, cy] },
      township: null, address: null, classesByGrade: [classes, classes, classes, classes, classes, classes, 0, 0, 0, 0, 0, 0],
      enrolmentByGrade: [enrolled, enrolled, enrolled, enrolled, enrolled, enrolled, 0, 0, 0, 0, 0, 0], capacity: { primary: seats },
      staff: null, teachers: null, floorAreaM2: null, siteAreaM2: null, alliance: null, boarding: false, extra: {},
    };
  });
  const catchments: Catchment[] = city.catchments.map((g, k) => ({
    id: catchmentId(SCENARIO, LEVEL, schools[k].id), scenarioId: SCENARIO, level: LEVEL, schoolId: schools[k].id, form: 'polygon', geometry: g, unitIds: [],
  }));
  // The drag needs vertices present, with identical coordinates, in two catchments' rings.
  const owners = new Map<string, Set<number>>();
  city.catchments.forEach((g, k) => {
    for (const p of g.coordinates[0]) {
      const key = `${p[0]},${p[1]}`;
      if (!owners.has(key)) owners.set(key, new Set());
      owners.get(key)!.add(k);
    }
  });
  const sharedVertices = [...owners.values()].filter((s) => s.size === 2).length;
  if (sharedVertices === 0) throw new Error('synthetic project: the synthetic catchments share no vertex; the shared-vertex drag cannot be measured');

  const pts = uniformPoints(residences, city.extent, 8);
  const pupils = mulberry32(10);
  const CHUNK = 50_000;
  const store = createProject(path, { name: `synthetic ${residences.toLocaleString('en')}`, region: null, appVersion: APP_VERSION });
  const t = performance.now();
  try {
    store.beginBuild();
    store.bulk(() => {
      store.scenarios.insert({ id: SCENARIO, name: '现状 Baseline', kind: 'baseline', parentId: null, description: '', createdAt: new Date().toISOString() });
      store.schools.insertMany(schools);
      for (let from = 0; from < residences; from += CHUNK) {
        const rows: Residence[] = [];
        for (let k = from; k < Math.min(residences, from + CHUNK); k++) {
          const byGrade = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
          for (let g = 0; g < 9; g++) byGrade[g] = Math.floor(pupils() * 4);
          rows.push({
            id: `R${k}`, name: `居住单元${k}`, namePinyin: null, kind: 'complex', settlement: pupils() < 0.2 ? 'rural' : 'urban',
            geometry: { type: 'Point', coordinates: [pts.x[k], pts.y[k]] }, township: null, households: null, population: null,
            pupilsByGrade: byGrade, pupilSource: 'grade', extra: {},
          });
        }
        store.residences.insertMany(rows);
      }
      store.catchments.insertMany(catchments);
    });
    store.updateExtents();
    store.endBuild();
    store.checkpoint();
  } finally {
    store.close();
  }
  log(`wrote the ${residences.toLocaleString('en')}-residence project (${schools.length} primary schools, ${catchments.length} polygon catchments, ${sharedVertices.toLocaleString('en')} vertices shared by two) in ${((performance.now() - t) / 1000).toFixed(1)} s, ${(statSync(path).size / 1e6).toFixed(0)} MB`);
  return { residences: residences, catchments: catchments.length, sharedVertices };
}
