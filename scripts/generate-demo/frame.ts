// The generator's frame: a seeded random source, smooth noise, and a local kilometre grid placed at
// real coordinates (west Fujian hills) with the conversion to WGS84 longitude/latitude.
import seedrandom from 'seedrandom';
import { createNoise2D } from 'simplex-noise';

/** Centre of the fictional county: hilly country of western Fujian, between real counties. */
export const CENTRE: [number, number] = [116.62, 26.21];
const KM_PER_DEG_LAT = 110.57;
const KM_PER_DEG_LON = 111.32 * Math.cos((CENTRE[1] * Math.PI) / 180);

export type XY = [number, number]; // km east, km north of CENTRE

export function toLonLat([x, y]: XY): [number, number] {
  return [round6(CENTRE[0] + x / KM_PER_DEG_LON), round6(CENTRE[1] + y / KM_PER_DEG_LAT)];
}

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

export interface Rng {
  next(): number; // [0, 1)
  range(a: number, b: number): number;
  int(a: number, b: number): number; // inclusive
  pick<T>(xs: readonly T[]): T;
  normal(mean: number, sd: number): number;
  noise(x: number, y: number): number; // smooth, [-1, 1]
}

export function makeRng(seed: number): Rng {
  const r = seedrandom(String(seed));
  const n2 = createNoise2D(r);
  const next = () => r.quick();
  return {
    next,
    range: (a, b) => a + (b - a) * next(),
    int: (a, b) => a + Math.floor(next() * (b - a + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    normal: (mean, sd) => mean + sd * Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next()),
    noise: n2,
  };
}

export const dist = (a: XY, b: XY) => Math.hypot(a[0] - b[0], a[1] - b[1]);

/** Point at fraction t along a polyline. */
export function along(line: XY[], t: number): XY {
  const i = Math.min(line.length - 1, Math.max(0, Math.round(t * (line.length - 1))));
  return line[i];
}

export function insidePolygon([x, y]: XY, ring: XY[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}
