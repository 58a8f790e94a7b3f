// The land: a county outline, a main river with tributary valleys and streams, township seats in the
// valleys, township boundaries (Voronoi of seats clipped to the county), and a reservoir or two.
// Valleys are where people live, so rivers are drawn first and everything else follows them.
import { featureCollection, intersect, point, polygon, voronoi } from '@turf/turf';
import type { Feature, Polygon, MultiPolygon } from 'geojson';
import { dist, insidePolygon, type Rng, type XY } from './frame';
import { name, NameBook, type Name } from './names';

export interface River { name: Name; rank: 1 | 2 | 3; line: XY[]; parent: number | null }
export interface Township { name: Name; kind: '镇' | '乡'; seat: XY; river: number; isSeatTown: boolean; boundary: XY[][] }
export interface Landscape { outline: XY[]; rivers: River[]; townships: Township[]; lakes: { name: Name; ring: XY[] }[]; citySpan: [number, number] }

const RADIUS = 29; // km: about 2,700 km²

function makeOutline(rng: Rng): XY[] {
  const ring: XY[] = [];
  for (let i = 0; i < 180; i++) {
    const a = (i / 180) * 2 * Math.PI;
    const r = RADIUS * (1 + 0.16 * rng.noise(Math.cos(a) * 1.3, Math.sin(a) * 1.3) + 0.05 * rng.noise(Math.cos(a) * 5, Math.sin(a) * 5 + 9));
    ring.push([r * Math.cos(a) * 1.1, r * Math.sin(a) * 0.92]);
  }
  ring.push(ring[0]);
  return ring;
}

/** A meandering line from `start` heading `angle`, stopping at `length` km or at the county edge. */
function meander(rng: Rng, start: XY, angle: number, length: number, outline: XY[], wiggle: number): XY[] {
  const line: XY[] = [start];
  const step = 0.45;
  let [x, y] = start;
  const seed = rng.range(0, 100);
  for (let s = step; s <= length; s += step) {
    const a = angle + wiggle * rng.noise(seed, s / 6);
    x += step * Math.cos(a);
    y += step * Math.sin(a);
    if (!insidePolygon([x, y], outline) || Math.hypot(x, y) > RADIUS * 1.25) break;
    line.push([x, y]);
  }
  return line;
}

export function makeLandscape(rng: Rng, names: NameBook): Landscape {
  const outline = makeOutline(rng);
  const rivers: River[] = [];
  names.reserve('青溪');
  // Main river: west to east through the county seat near the centre.
  const mainStart: XY = [-RADIUS * 1.2, rng.range(-4, 4)];
  const main: XY[] = [];
  for (let x = mainStart[0]; x <= RADIUS * 1.2; x += 0.45) {
    const p: XY = [x, 6 * rng.noise(x / 18, 3.3) + 1.5 * rng.noise(x / 4, 7.1)];
    if (insidePolygon(p, outline)) main.push(p);
  }
  rivers.push({ name: name('青', '溪'), rank: 1, line: main, parent: null });

  // Tributary valleys alternate north and south of the main river.
  const tributaries = 13;
  for (let k = 0; k < tributaries; k++) {
    const t = 0.06 + (0.88 * (k + rng.range(0.1, 0.9))) / tributaries;
    const start = main[Math.floor(t * (main.length - 1))];
    const north = k % 2 === 0;
    const angle = (north ? 1 : -1) * (Math.PI / 2 + rng.range(-0.6, 0.6)) + (start[0] > 0 ? -0.15 : 0.15) * (north ? 1 : -1);
    const line = meander(rng, start, angle, rng.range(16, 30), outline, 0.7);
    if (line.length < 12) continue;
    const stem = names.stem();
    rivers.push({ name: name(stem, rng.pick(['溪', '水', '河'])), rank: 2, line, parent: 0 });
  }
  // Streams: side valleys of the tributaries.
  const tribCount = rivers.length;
  for (let k = 1; k < tribCount; k++) {
    const trib = rivers[k].line;
    const n = rng.int(2, 3);
    for (let j = 0; j < n; j++) {
      const start = trib[Math.floor(trib.length * rng.range(0.25, 0.85))];
      const dir = Math.atan2(trib[trib.length - 1][1] - trib[0][1], trib[trib.length - 1][0] - trib[0][0]);
      const line = meander(rng, start, dir + (j % 2 === 0 ? 1 : -1) * rng.range(0.8, 1.4), rng.range(4, 10), outline, 0.6);
      if (line.length < 6) continue;
      rivers.push({ name: name(names.stem(), '坑'), rank: 3, line, parent: k });
    }
  }

  // Township seats: the county seat on the main river near the centre; twelve more up the valleys.
  let seatIdx = 0;
  for (let i = 0; i < main.length; i++) if (Math.abs(main[i][0] - 1) < Math.abs(main[seatIdx][0] - 1)) seatIdx = i;
  const citySeat = main[seatIdx];
  const townships: Omit<Township, 'boundary'>[] = [{ name: name('城关', '镇'), kind: '镇', seat: citySeat, river: 0, isSeatTown: true }];
  const candidates: { seat: XY; river: number }[] = [];
  for (let k = 1; k < tribCount; k++) candidates.push({ seat: along(rivers[k].line, rng.range(0.35, 0.55)), river: k });
  for (let k = 1; k < tribCount; k++) candidates.push({ seat: along(rivers[k].line, rng.range(0.75, 0.9)), river: k });
  for (const t of [0.12, 0.85]) candidates.push({ seat: main[Math.floor(t * (main.length - 1))], river: 0 });
  for (const c of candidates) {
    if (townships.length >= 13) break;
    if (townships.some((t) => dist(t.seat, c.seat) < 7)) continue;
    const big = rng.next() < 0.6;
    townships.push({ name: name(names.stem(), big ? '镇' : '乡'), kind: big ? '镇' : '乡', seat: c.seat, river: c.river, isSeatTown: false });
  }

  // Township boundaries: Voronoi cells of the seats, clipped to the county outline.
  const toTurf = (ring: XY[]) => polygon([ring]);
  const cells = voronoi(featureCollection(townships.map((t) => point(t.seat))), { bbox: [-60, -60, 60, 60] });
  const county = toTurf(outline);
  const withBoundaries: Township[] = townships.map((t, i) => {
    const cell = cells.features[i];
    const clipped = intersect(featureCollection([cell as Feature<Polygon>, county])) as Feature<Polygon | MultiPolygon> | null;
    if (!clipped) throw new Error(`township ${t.name.zh} has no land`);
    const rings = clipped.geometry.type === 'Polygon' ? clipped.geometry.coordinates : clipped.geometry.coordinates.reduce((a, b) => (b[0].length > a[0].length ? b : a));
    return { ...t, boundary: rings as XY[][] };
  });

  // A reservoir up one tributary.
  const lakes: Landscape['lakes'] = [];
  const tribForLake = rivers.find((r) => r.rank === 2 && r.line.length > 40);
  if (tribForLake) {
    const c = along(tribForLake.line, 0.8);
    const ring: XY[] = [];
    for (let i = 0; i < 24; i++) {
      const a = (i / 24) * 2 * Math.PI;
      ring.push([c[0] + 1.3 * Math.cos(a) * (1 + 0.2 * rng.noise(i, 1)), c[1] + 0.6 * Math.sin(a)]);
    }
    ring.push(ring[0]);
    lakes.push({ name: name(tribForLake.name.zh.slice(0, 2), '水库'), ring });
  }
  return { outline, rivers, townships: withBoundaries, lakes, citySpan: [citySeat[0] - 4.5, citySeat[0] + 4.5] };
}

function along(line: XY[], t: number): XY {
  return line[Math.min(line.length - 1, Math.max(0, Math.floor(t * (line.length - 1))))];
}
