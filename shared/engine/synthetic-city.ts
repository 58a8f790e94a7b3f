// A synthetic city for the benchmark and the property tests: a lattice of catchments whose shared
// boundaries are wavy polylines stored once (so neighbours share exactly the same vertices), and
// seeded random residence points, some placed within a metre of a boundary.
import type { Catchment, PolygonGeometry, Position, Residence, School } from '../model';

/** A small seeded generator (mulberry32), uniform in [0, 1): tests and benchmarks are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SyntheticCity {
  catchments: PolygonGeometry[];
  extent: [number, number, number, number];
  /** Sides of the lattice: catchment k is column k % cols, row floor(k / cols). */
  cols: number;
  rows: number;
}

/**
 * cols × rows catchments over a county-sized box near (116.6E, 26.2N), each with about
 * 4 × (segments + 1) vertices.
 */
export function syntheticCatchments(cols: number, rows: number, segments: number, seed: number): SyntheticCity {
  const rnd = mulberry32(seed);
  const x0 = 116.4;
  const y0 = 26.0;
  const w = 0.5;
  const h = 0.4;
  const dx = w / cols;
  const dy = h / rows;
  // Lattice nodes, jittered inside their cell (the outer frame stays straight).
  const node: Position[][] = [];
  for (let j = 0; j <= rows; j++) {
    node.push([]);
    for (let i = 0; i <= cols; i++) {
      const jx = i === 0 || i === cols ? 0 : (rnd() - 0.5) * 0.3 * dx;
      const jy = j === 0 || j === rows ? 0 : (rnd() - 0.5) * 0.3 * dy;
      node[j].push([x0 + i * dx + jx, y0 + j * dy + jy]);
    }
  }
  const wavy = (a: Position, b: Position, outer: boolean): Position[] => {
    const pts: Position[] = [a];
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const phase = rnd() * Math.PI * 2;
    const amp = outer ? 0 : 0.06 + rnd() * 0.06;
    for (let s = 1; s <= segments; s++) {
      const t = s / (segments + 1);
      const off = amp * Math.sin(phase + t * Math.PI * 3) * Math.sin(t * Math.PI) + (outer ? 0 : (rnd() - 0.5) * 0.01);
      pts.push([a[0] + ex * t - ey * off, a[1] + ey * t + ex * off]);
    }
    pts.push(b);
    return pts;
  };
  // Horizontal boundary j between node (i, j) and (i + 1, j); vertical boundary between (i, j) and (i, j + 1).
  const hEdge: Position[][][] = [];
  const vEdge: Position[][][] = [];
  for (let j = 0; j <= rows; j++) {
    hEdge.push([]);
    for (let i = 0; i < cols; i++) hEdge[j].push(wavy(node[j][i], node[j][i + 1], j === 0 || j === rows));
  }
  for (let j = 0; j < rows; j++) {
    vEdge.push([]);
    for (let i = 0; i <= cols; i++) vEdge[j].push(wavy(node[j][i], node[j + 1][i], i === 0 || i === cols));
  }
  const catchments: PolygonGeometry[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const ring: Position[] = [
        ...hEdge[j][i].slice(0, -1),
        ...vEdge[j][i + 1].slice(0, -1),
        ...[...hEdge[j + 1][i]].reverse().slice(0, -1),
        ...[...vEdge[j][i]].reverse(),
      ];
      catchments.push({ type: 'Polygon', coordinates: [ring] });
    }
  }
  return { catchments, extent: [x0, y0, x0 + w, y0 + h], cols, rows };
}

/** n points: uniform over the extent (with a 2 % margin outside it). */
export function uniformPoints(n: number, extent: [number, number, number, number], seed: number): { x: Float64Array; y: Float64Array } {
  const rnd = mulberry32(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const mx = (extent[2] - extent[0]) * 0.02;
  const my = (extent[3] - extent[1]) * 0.02;
  for (let k = 0; k < n; k++) {
    x[k] = extent[0] - mx + rnd() * (extent[2] - extent[0] + 2 * mx);
    y[k] = extent[1] - my + rnd() * (extent[3] - extent[1] + 2 * my);
  }
  return { x, y };
}

/**
 * n points within `metres` of a catchment boundary: a random position on a random edge, moved
 * perpendicular to it by up to `metres` either side (never exactly on it unless metres = 0).
 */
export function pointsNearBoundaries(n: number, catchments: readonly PolygonGeometry[], metres: number, seed: number): { x: Float64Array; y: Float64Array } {
  const rnd = mulberry32(seed);
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  const degY = metres / 111_320;
  for (let k = 0; k < n; k++) {
    const ring = catchments[Math.floor(rnd() * catchments.length)].coordinates[0];
    const e = Math.floor(rnd() * (ring.length - 1));
    const a = ring[e];
    const b = ring[e + 1];
    const t = rnd();
    const ex = b[0] - a[0];
    const ey = b[1] - a[1];
    const len = Math.hypot(ex, ey) || 1;
    const off = (rnd() * 2 - 1) * degY;
    x[k] = a[0] + ex * t - (ey / len) * off;
    y[k] = a[1] + ey * t + (ex / len) * off;
  }
  return { x, y };
}

/**
 * A whole synthetic county for evaluation tests and the benchmark: the lattice of catchments above
 * (one nine-year school near each catchment's centre, a primary and a junior catchment per cell in
 * scenario 'base'), and n residences uniform over the county with seeded pupils per grade.
 */
export function syntheticCounty(cols: number, rows: number, segments: number, n: number, seed: number): { city: SyntheticCity; schools: School[]; residences: Residence[]; catchments: Catchment[] } {
  const city = syntheticCatchments(cols, rows, segments, seed);
  const pts = uniformPoints(n, city.extent, seed + 1);
  const rnd = mulberry32(seed + 2);
  const residences: Residence[] = new Array<Residence>(n);
  for (let k = 0; k < n; k++) {
    const pupils = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0];
    for (let g = 0; g < 9; g++) pupils[g] = Math.floor(rnd() * 4);
    const settlement = rnd() < 0.2 ? 'rural' : 'urban';
    residences[k] = { id: `R${k}`, name: `居住单元${k}`, namePinyin: null, kind: 'complex', settlement, geometry: { type: 'Point', coordinates: [pts.x[k], pts.y[k]] }, township: null, households: null, population: null, pupilsByGrade: pupils, pupilSource: 'grade', extra: {} };
  }
  const schools: School[] = city.catchments.map((g, k) => {
    const ring = g.coordinates[0];
    const cx = ring.reduce((s, p) => s + p[0], 0) / ring.length;
    const cy = ring.reduce((s, p) => s + p[1], 0) / ring.length;
    const e = 60 + Math.floor(rnd() * 80);
    return {
      id: `S${String(k).padStart(3, '0')}`, name: `学校${k}`, namePinyin: null, type: 'nine_year', status: 'open', location: { type: 'Point', coordinates: [cx, cy] }, township: null, address: null,
      classesByGrade: [2, 2, 2, 2, 2, 2, 2, 2, 2, 0, 0, 0], enrolmentByGrade: [e, e, e, e, e, e, e + 10, e + 10, e + 10, 0, 0, 0], capacity: {},
      staff: 40 + (k % 7), teachers: 30 + (k % 11), floorAreaM2: 5000 + 10 * k, siteAreaM2: 9000, alliance: null, boarding: false, extra: {},
    };
  });
  const catchments: Catchment[] = city.catchments.flatMap((g, k) =>
    (['primary', 'junior'] as const).map((level) => ({ id: `${level}-${String(k).padStart(3, '0')}`, scenarioId: 'base', level, schoolId: schools[k].id, form: 'polygon' as const, geometry: g, unitIds: [] })),
  );
  return { city, schools, residences, catchments };
}
