// Roads that follow the valleys: a national road along the main river, county roads up the
// tributaries to township seats, township roads beyond and up the streams, a provincial road north
// over the hills, a street grid in the county seat, and village spurs. Junctions share vertices,
// so the network is one connected graph.
import { dist, insidePolygon, type Rng, type XY } from './frame';
import type { Landscape } from './landscape';
import type { Unit } from './settlements';
import { inCity } from './settlements';

export type RoadClass = '国道' | '省道' | '县道' | '乡道' | '村道' | '城市道路';
export interface RoadRec { id: string; name: string | null; cls: RoadClass; line: XY[] }

function offset(line: XY[], d: number): XY[] {
  return line.map((p, i) => {
    const a = line[Math.max(0, i - 1)];
    const b = line[Math.min(line.length - 1, i + 1)];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const len = Math.hypot(dx, dy) || 1;
    return [p[0] - (dy / len) * d, p[1] + (dx / len) * d];
  });
}

function nearestIndex(line: XY[], p: XY): number {
  let best = 0;
  for (let i = 1; i < line.length; i++) if (dist(line[i], p) < dist(line[best], p)) best = i;
  return best;
}

export function makeRoads(rng: Rng, land: Landscape, units: Unit[]): RoadRec[] {
  const roads: RoadRec[] = [];
  let n = 0;
  const add = (cls: RoadClass, name: string | null, line: XY[]) => {
    if (line.length >= 2) roads.push({ id: `RD${String(++n).padStart(5, '0')}`, name, cls, line });
    return line;
  };
  const trunkVertices: XY[] = [];
  const main = add('国道', 'G235', offset(land.rivers[0].line, 0.22));
  trunkVertices.push(...main);
  // Tributaries: a county road to the township seat, a township road beyond.
  const tribRoads = new Map<number, XY[]>();
  land.rivers.forEach((r, k) => {
    if (r.rank !== 2) return;
    const body = offset(r.line, 0.15).slice(1);
    const start = main[nearestIndex(main, body[0])];
    const seat = land.townships.find((t) => t.river === k && !t.isSeatTown);
    const cut = seat ? nearestIndex(body, seat.seat) + 1 : Math.ceil(body.length / 2);
    const county = add('县道', `X${String(100 + k).slice(1)}${r.name.zh}线`, [start, ...body.slice(0, cut)]);
    const rest = body.slice(cut - 1);
    const upper = rest.length > 1 ? add('乡道', null, rest) : [];
    tribRoads.set(k, [...county, ...upper.slice(1)]);
    trunkVertices.push(...county, ...upper);
  });
  // Streams: township roads branching from their tributary's road.
  land.rivers.forEach((r) => {
    if (r.rank !== 3 || r.parent === null) return;
    const parentRoad = tribRoads.get(r.parent);
    if (!parentRoad) return;
    const body = offset(r.line, 0.1).slice(1);
    const start = parentRoad[nearestIndex(parentRoad, body[0])];
    trunkVertices.push(...add('乡道', null, [start, ...body]));
  });
  // Provincial road: north from the county seat over the hills to the county edge.
  const seat = land.townships[0].seat;
  const s0 = main[nearestIndex(main, seat)];
  const prov: XY[] = [s0];
  for (let y = s0[1] + 0.5; ; y += 0.5) {
    const p: XY = [s0[0] + 3 * Math.sin(y / 4) + 1.2 * rng.noise(7.7, y / 5), y];
    if (!insidePolygon(p, land.outline)) break;
    prov.push(p);
  }
  trunkVertices.push(...add('省道', 'S205', prov));
  // Street grid in the county seat, joined to the national road where they meet.
  const step = 0.6;
  const key = (i: number, j: number) => `${i},${j}`;
  const nodes = new Map<string, XY>();
  for (let i = Math.floor(land.citySpan[0] / step); i <= Math.ceil(land.citySpan[1] / step); i++) {
    for (let j = Math.floor((seat[1] - 4) / step); j <= Math.ceil((seat[1] + 4) / step); j++) {
      const p: XY = [i * step, j * step];
      if (inCity(land, p)) nodes.set(key(i, j), p);
    }
  }
  for (const [k, p] of nodes) {
    const [i, j] = k.split(',').map(Number);
    const right = nodes.get(key(i + 1, j));
    const up = nodes.get(key(i, j + 1));
    if (right) add('城市道路', null, [p, right]);
    if (up) add('城市道路', null, [p, up]);
    const m = main[nearestIndex(main, p)];
    if (dist(m, p) < step * 0.6) add('城市道路', null, [p, m]);
  }
  // Village and township-seat spurs to the nearest trunk vertex.
  for (const u of units) {
    if (u.settlement === '城区') continue;
    const v = trunkVertices[nearestIndex(trunkVertices, u.at)];
    if (dist(v, u.at) > 0.02) add(u.settlement === '镇区' ? '乡道' : '村道', null, [u.at, v]);
  }
  return roads;
}

/** True when every road is reachable from every other through shared vertices. */
export function isConnected(roads: { line: [number, number][] }[]): boolean {
  const parent = new Map<string, string>();
  const find = (k: string): string => {
    let r = k;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  const key = (p: [number, number]) => `${p[0]},${p[1]}`;
  for (const r of roads) for (const p of r.line) if (!parent.has(key(p))) parent.set(key(p), key(p));
  for (const r of roads) for (let i = 1; i < r.line.length; i++) parent.set(find(key(r.line[i - 1])), find(key(r.line[i])));
  const roots = new Set([...parent.keys()].map(find));
  return roots.size === 1;
}
