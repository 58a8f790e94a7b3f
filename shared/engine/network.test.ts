// Road-network distances: a hand-checked 3 × 3 street grid, and random networks checked against a
// plain O(V²) Dijkstra over an independently built graph (segments split at every snap point).
import { describe, expect, it } from 'vitest';
import { ROAD_CLASSES, type Position, type Road, type RoadClass } from '../model';
import { buildRoadGraph, nearestByNetwork, networkDistances, snapToGraph, type Snap, type TravelProfile } from './network';
import { mulberry32 } from './synthetic-city';

const R = 6371008.8;
const RAD = Math.PI / 180;
function hav(a: Position, b: Position): number {
  const dLat = (b[1] - a[1]) * RAD;
  const dLon = (b[0] - a[0]) * RAD;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * RAD) * Math.cos(b[1] * RAD) * Math.sin(dLon / 2) ** 2;
  return 2 * R * Math.asin(Math.sqrt(s));
}


const road = (id: string, coords: Position[], roadClass: RoadClass = 'street', oneway = false): Road =>
  ({ id, name: null, roadClass, oneway, geometry: { type: 'LineString', coordinates: coords } });

// m/min: walking 4.5 km/h everywhere; driving street 25 km/h, off-road 15 km/h.
const WALK = 75;
const STREET = 25000 / 60;
const OFF_DRIVE = 15000 / 60;
const EXPRESS = 80000 / 60;

describe('a 3 × 3 street grid', () => {
  // Grid node (i, j) at lon 120 + 0.01 i, lat 30 + 0.01 j.
  const P = (i: number, j: number): Position => [120 + 0.01 * i, 30 + 0.01 * j];
  const roads: Road[] = [
    road('H0', [P(0, 0), P(1, 0), P(2, 0)]),
    // H1 is oneway, digitised east → west.
    road('H1', [P(2, 1), P(1, 1), P(0, 1)], 'street', true),
    road('H2', [P(0, 2), P(1, 2), P(2, 2)]),
    road('V0', [P(0, 0), P(0, 1), P(0, 2)]),
    road('V1', [P(1, 0), P(1, 1), P(1, 2)]),
    road('V2', [P(2, 0), P(2, 1), P(2, 2)]),
    // A diagonal expressway crossing the grid (no junction at the centre: an overpass).
    road('X', [P(0, 0), P(2, 2)], 'expressway'),
    // A street far away, not connected.
    road('far', [[120.1, 30.1], [120.11, 30.1]]),
  ];
  const g = buildRoadGraph(roads);
  // Segment lengths: every vertical 0.01° is R·0.01·π/180 ≈ 1111.95 m; horizontals shrink with cos(lat).
  const V = hav(P(0, 0), P(0, 1));
  const H = [hav(P(0, 0), P(1, 0)), hav(P(0, 1), P(1, 1)), hav(P(0, 2), P(1, 2))];
  const DIAG = hav(P(0, 0), P(2, 2));
  const at = (lon: number, lat: number) => snapToGraph(g, lon, lat)!;
  const one = (profile: TravelProfile, s: Snap | null, t: Snap | null) => {
    const r = networkDistances(g, profile, [s], [t]);
    return { metres: r.metres[0], minutes: r.minutes[0] };
  };

  it('has the hand-counted nodes, segments and CSR arcs', () => {
    expect(V).toBeCloseTo(1111.95, 2);
    expect(H[0]).toBeCloseTo(962.98, 1);
    expect(g.nodeCount).toBe(11);
    expect(g.edgeCount).toBe(14);
    expect(g.arcCount).toBe(28);
    expect(g.offsets.length).toBe(12);
    expect(g.offsets[11]).toBe(28);
    expect(g.targets).toBeInstanceOf(Int32Array);
    expect(g.arcLength).toBeInstanceOf(Float64Array);
    expect(g.arcClass).toBeInstanceOf(Uint8Array);
    // Centre node (1, 1) joins four street segments; the expressway does not stop there.
    const centre = [...g.nodeLon].findIndex((lon, n) => lon === 120.01 && g.nodeLat[n] === 30.01);
    expect(g.offsets[centre + 1] - g.offsets[centre]).toBe(4);
  });

  it('walks node to node along the shortest streets (north first: the northern horizontals are shorter)', () => {
    const r = one('walking', at(...P(0, 0)), at(...P(2, 2)));
    expect(r.metres).toBeCloseTo(2 * V + 2 * H[2], 6);
    expect(r.minutes).toBeCloseTo((2 * V + 2 * H[2]) / WALK, 9);
  });

  it('drives the expressway but never walks it', () => {
    const s = at(...P(0, 0)), t = at(...P(2, 2));
    const drive = one('driving', s, t);
    expect(drive.metres).toBeCloseTo(DIAG, 6);
    expect(drive.minutes).toBeCloseTo(DIAG / EXPRESS, 9);
    expect(one('walking', s, t).metres).toBeCloseTo(2 * V + 2 * H[2], 6);
    // Points next to the expressway are not snapped onto it (no frontage access) ...
    const nearX = at(120.0051, 30.0049);
    expect(g.segClass[nearX.segment]).not.toBe(ROAD_CLASSES.indexOf('expressway'));
    // ... unless asked to.
    const ontoX = snapToGraph(g, 120.0051, 30.0049, { includeExpressways: true })!;
    expect(g.segClass[ontoX.segment]).toBe(ROAD_CLASSES.indexOf('expressway'));
    expect(one('walking', ontoX, t).minutes).toBe(Infinity);
  });

  it('keeps a oneway street from driving against it, but not from walking', () => {
    const west = at(...P(0, 1)), east = at(...P(2, 1));
    expect(one('walking', west, east).metres).toBeCloseTo(2 * H[1], 6);
    expect(one('walking', east, west).metres).toBeCloseTo(2 * H[1], 6);
    // Driving east must leave H1. Round by the streets (up V0, along H2, down V2) is 2V + 2H₂ at
    // 25 km/h ≈ 9.96 min; down V0, the expressway to (2, 2) and down V2 is longer but faster.
    const eastbound = one('driving', west, east);
    expect(eastbound.metres).toBeCloseTo(2 * V + DIAG, 6);
    expect(eastbound.minutes).toBeCloseTo(2 * V / STREET + DIAG / EXPRESS, 9);
    expect(eastbound.minutes).toBeLessThan((2 * V + 2 * H[2]) / STREET);
    expect(one('driving', east, west).metres).toBeCloseTo(2 * H[1], 6);
  });

  it('gives Infinity for a disconnected component', () => {
    const far = at(120.105, 30.1002);
    expect(g.nodeLat[far.a]).toBe(30.1);
    for (const profile of ['walking', 'driving'] as const) {
      const r = one(profile, at(...P(1, 1)), far);
      expect(r.metres).toBe(Infinity);
      expect(r.minutes).toBe(Infinity);
    }
    expect(one('walking', null, far).minutes).toBe(Infinity);
  });

  it('snaps onto the middle of a segment and adds the off-road and partial legs', () => {
    const s = at(120.005, 30.001);
    const ends = [s.a, s.b].map((n) => [g.nodeLon[n], g.nodeLat[n]]);
    expect(ends).toEqual([P(0, 0), P(1, 0)]);
    expect(s.t).toBeCloseTo(0.5, 9);
    expect(s.lon).toBeCloseTo(120.005, 9);
    expect(s.lat).toBeCloseTo(30, 9);
    const off = hav([120.005, 30.001], [120.005, 30]);
    expect(off).toBeCloseTo(111.195, 3);
    expect(s.offRoadM).toBeCloseTo(off, 6);
    expect(s.toA).toBeCloseTo(H[0] / 2, 6);
    expect(s.toB).toBeCloseTo(H[0] / 2, 6);
    // To (2, 2): east to (1, 0), north to (1, 2), east to (2, 2).
    const metres = off + H[0] / 2 + 2 * V + H[2];
    const walk = one('walking', s, at(...P(2, 2)));
    expect(walk.metres).toBeCloseTo(metres, 6);
    expect(walk.minutes).toBeCloseTo(metres / WALK, 9);
    // Driving goes west to (0, 0) and takes the expressway.
    const drive = one('driving', s, at(...P(2, 2)));
    expect(drive.metres).toBeCloseTo(off + H[0] / 2 + DIAG, 6);
    expect(drive.minutes).toBeCloseTo(off / OFF_DRIVE + H[0] / 2 / STREET + DIAG / EXPRESS, 9);
    // The reverse trip takes the same streets.
    expect(one('walking', at(...P(2, 2)), s).metres).toBeCloseTo(metres, 6);
  });

  it('goes directly along a shared segment, unless a oneway forbids it', () => {
    // Both on H0 between (0, 0) and (1, 0).
    const s = at(120.003, 29.999), t = at(120.008, 29.9995);
    expect(s.segment).toBe(t.segment);
    const offS = hav([120.003, 29.999], [120.003, 30]);
    const offT = hav([120.008, 29.9995], [120.008, 30]);
    const along = hav([120.003, 30], [120.008, 30]);
    expect(one('walking', s, t).metres).toBeCloseTo(offS + along + offT, 6);
    expect(one('walking', t, s).metres).toBeCloseTo(offS + along + offT, 6);
    expect(one('driving', s, t).minutes).toBeCloseTo((offS + offT) / OFF_DRIVE + along / STREET, 9);

    // Both on oneway H1 between (1, 1) and (0, 1), the target east of the source.
    const a = at(120.003, 30.0101), b = at(120.008, 30.0102);
    expect(a.segment).toBe(b.segment);
    const offA = hav([120.003, 30.0101], [120.003, 30.01]);
    const offB = hav([120.008, 30.0102], [120.008, 30.01]);
    const ab = hav([120.003, 30.01], [120.008, 30.01]);
    expect(one('walking', a, b).metres).toBeCloseTo(offA + ab + offB, 6);
    expect(one('driving', b, a).metres).toBeCloseTo(offA + ab + offB, 6); // westward, with the flow
    // Eastward driving: west to (0, 1), round by V0, H2, V1 to (1, 1), then west along H1 to b.
    const aToWest = hav([120.003, 30.01], P(0, 1));
    const eastToB = hav(P(1, 1), [120.008, 30.01]);
    const loop = aToWest + 2 * V + H[2] + eastToB;
    const drive = one('driving', a, b);
    expect(drive.metres).toBeCloseTo(offA + loop + offB, 6);
    expect(drive.minutes).toBeCloseTo((offA + offB) / OFF_DRIVE + loop / STREET, 9);
  });

  it('fills a row-major matrix, reports progress and stops on abort', () => {
    const sources = [at(...P(0, 0)), at(...P(2, 2))];
    const targets = [at(...P(0, 0)), at(...P(2, 0)), at(120.105, 30.1)];
    const done: number[] = [];
    const r = networkDistances(g, 'walking', sources, targets, { onProgress: (d, total) => done.push(d * 10 + total) });
    expect(done).toEqual([12, 22]);
    expect(Array.from(r.metres.slice(0, 3))).toEqual([0, expect.closeTo(2 * H[0], 6), Infinity]);
    expect(r.metres[3]).toBeCloseTo(2 * V + 2 * H[2], 6);
    expect(r.metres[4]).toBeCloseTo(2 * V, 6);
    expect(r.metres[5]).toBe(Infinity);
    expect(() => networkDistances(g, 'walking', sources, targets, { signal: { aborted: true } })).toThrow(/abort/);
  });

  it('finds the nearest source, ties to the lowest index', () => {
    const sources = [at(...P(2, 2)), at(...P(0, 0)), at(...P(0, 0))];
    const targets = [at(120.001, 30.0001), at(...P(2, 1)), at(120.105, 30.1)];
    const n = nearestByNetwork(g, 'walking', sources, targets);
    expect(Array.from(n.source)).toEqual([1, 0, -1]);
    expect(n.metres[1]).toBeCloseTo(V, 6);
    expect(n.minutes[2]).toBe(Infinity);
  });
});

// ---- Random networks against a reference Dijkstra ------------------------------------------------

interface RefSeg { a: Position; b: Position; len: number; cls: RoadClass; oneway: boolean }

/** Segments in the order buildRoadGraph numbers them (roads, parts, consecutive vertices; zero-length dropped). */
function refSegments(roads: Road[]): RefSeg[] {
  const out: RefSeg[] = [];
  for (const r of roads) {
    const parts = r.geometry.type === 'LineString' ? [r.geometry.coordinates] : r.geometry.coordinates;
    for (const line of parts) {
      for (let i = 1; i < line.length; i++) {
        if (line[i - 1][0] === line[i][0] && line[i - 1][1] === line[i][1]) continue;
        out.push({ a: line[i - 1], b: line[i], len: hav(line[i - 1], line[i]), cls: r.roadClass, oneway: r.oneway });
      }
    }
  }
  return out;
}

const KMH: Record<TravelProfile, Record<RoadClass, number>> = {
  walking: { expressway: 0, national: 4.5, provincial: 4.5, county: 4.5, township: 4.5, village: 4.5, street: 4.5 },
  driving: { expressway: 80, national: 60, provincial: 50, county: 40, township: 30, village: 20, street: 25 },
};
const OFF_KMH: Record<TravelProfile, number> = { walking: 4.5, driving: 15 };

/**
 * Reference: split every segment at the snap points on it, hang each point off its snap point by an
 * off-road edge, and run an array-scan Dijkstra from each source point.
 */
function reference(roads: Road[], profile: TravelProfile, sources: Snap[], targets: Snap[]) {
  const segs = refSegments(roads);
  const ids = new Map<string, number>();
  const id = (k: string) => { if (!ids.has(k)) ids.set(k, ids.size); return ids.get(k)!; };
  const edges: { u: number; v: number; min: number; m: number }[] = [];
  const add = (u: number, v: number, m: number, kmh: number, both: boolean) => {
    if (kmh <= 0) return;
    const min = m / (kmh * 1000 / 60);
    edges.push({ u, v, min, m });
    if (both) edges.push({ u: v, v: u, min, m });
  };
  const onSeg = new Map<number, { t: number; node: number }[]>();
  const pointNode = (kind: string, k: number, sn: Snap) => {
    const n = id(`${kind}${k}`);
    const on = id(`snap-${kind}${k}`);
    add(n, on, sn.offRoadM, OFF_KMH[profile], true);
    const list = onSeg.get(sn.segment) ?? [];
    list.push({ t: sn.t, node: on });
    onSeg.set(sn.segment, list);
    return n;
  };
  const srcNodes = sources.map((sn, k) => pointNode('s', k, sn));
  const tgtNodes = targets.map((sn, k) => pointNode('t', k, sn));
  segs.forEach((s, k) => {
    const chain = [{ t: 0, node: id(`${s.a[0]},${s.a[1]}`) }, ...(onSeg.get(k) ?? []).sort((x, y) => x.t - y.t), { t: 1, node: id(`${s.b[0]},${s.b[1]}`) }];
    const both = !(profile === 'driving' && s.oneway);
    for (let i = 1; i < chain.length; i++) add(chain[i - 1].node, chain[i].node, (chain[i].t - chain[i - 1].t) * s.len, KMH[profile][s.cls], both);
  });
  const N = ids.size;
  const metres: number[][] = [], minutes: number[][] = [];
  for (const src of srcNodes) {
    const dist = new Array<number>(N).fill(Infinity), met = new Array<number>(N).fill(Infinity), done = new Array<boolean>(N).fill(false);
    dist[src] = 0;
    met[src] = 0;
    for (;;) {
      let u = -1;
      for (let i = 0; i < N; i++) if (!done[i] && dist[i] < Infinity && (u < 0 || dist[i] < dist[u])) u = i;
      if (u < 0) break;
      done[u] = true;
      for (const e of edges) {
        if (e.u === u && dist[u] + e.min < dist[e.v]) {
          dist[e.v] = dist[u] + e.min;
          met[e.v] = met[u] + e.m;
        }
      }
    }
    minutes.push(tgtNodes.map((t) => dist[t]));
    metres.push(tgtNodes.map((t) => met[t]));
  }
  return { minutes, metres };
}

function randomNetwork(rand: () => number): Road[] {
  // A jittered 7 × 7 lattice; roads walk 1–3 lattice steps, some oneway, any class.
  const n = 7;
  const pos: Position[][] = [];
  for (let i = 0; i < n; i++) {
    pos.push([]);
    for (let j = 0; j < n; j++) pos[i].push([110 + 0.004 * i + 0.0015 * (rand() - 0.5), 25 + 0.004 * j + 0.0015 * (rand() - 0.5)]);
  }
  const roads: Road[] = [];
  for (let k = 0; k < 70; k++) {
    let i = Math.floor(rand() * n), j = Math.floor(rand() * n);
    const coords: Position[] = [pos[i][j]];
    const steps = 1 + Math.floor(rand() * 3);
    for (let s = 0; s < steps; s++) {
      const dir = Math.floor(rand() * 4);
      const ni = i + [1, -1, 0, 0][dir], nj = j + [0, 0, 1, -1][dir];
      if (ni < 0 || nj < 0 || ni >= n || nj >= n) continue;
      i = ni;
      j = nj;
      coords.push(pos[i][j]);
    }
    if (coords.length < 2) continue;
    const cls = ROAD_CLASSES[Math.floor(rand() * ROAD_CLASSES.length)];
    roads.push(road(`r${k}`, coords, cls, rand() < 0.3));
  }
  // An island and a road given as a MultiLineString.
  roads.push(road('island', [[110.05, 25.05], [110.052, 25.051], [110.053, 25.049]]));
  roads.push({ id: 'multi', name: null, roadClass: 'village', oneway: false, geometry: { type: 'MultiLineString', coordinates: [[pos[0][0], pos[0][1]], [pos[6][6], pos[5][6], pos[5][5]]] } });
  return roads;
}

describe('random networks against a reference Dijkstra', () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`agrees on seed ${seed}`, () => {
      const rand = mulberry32(seed);
      const roads = randomNetwork(rand);
      const g = buildRoadGraph(roads);
      const segs = refSegments(roads);
      expect(g.edgeCount).toBe(segs.length);
      const randomPoint = (): Position => (rand() < 0.1 ? [110.051, 25.0502] : [110 + 0.026 * rand() - 0.001, 25 + 0.026 * rand() - 0.001]);
      const ps = Array.from({ length: 6 }, randomPoint);
      const pt = Array.from({ length: 40 }, randomPoint);
      const sources = ps.map((p) => snapToGraph(g, p[0], p[1])!);
      const targets = pt.map((p) => snapToGraph(g, p[0], p[1])!);
      // Also force a few targets onto sources' segments.
      for (let k = 0; k < 4; k++) {
        const s = sources[k];
        const a = g.segA[s.segment], b = g.segB[s.segment];
        const f = rand();
        const p: Position = [g.nodeLon[a] + f * (g.nodeLon[b] - g.nodeLon[a]) + 1e-5, g.nodeLat[a] + f * (g.nodeLat[b] - g.nodeLat[a])];
        pt.push(p);
        targets.push(snapToGraph(g, p[0], p[1])!);
      }

      // Snapping: brute force over the usable segments in a local frame at the point.
      [...ps, ...pt].forEach((p, k) => {
        const sn = k < ps.length ? sources[k] : targets[k - ps.length];
        const kx = Math.cos(p[1] * RAD);
        let best = Infinity;
        segs.forEach((s) => {
          if (s.cls === 'expressway') return;
          const ax = (s.a[0] - p[0]) * kx, ay = s.a[1] - p[1], dx = (s.b[0] - p[0]) * kx - ax, dy = s.b[1] - p[1] - ay;
          const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy)));
          best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy) * R * RAD);
        });
        // (the reported off-road distance is the haversine to the snap point: equal within 1e-5)
        expect(Math.abs(sn.offRoadM - best)).toBeLessThan(1e-5 * best + 1e-6);
        expect(sn.toA + sn.toB).toBeCloseTo(g.segLength[sn.segment], 9);
      });

      for (const profile of ['walking', 'driving'] as const) {
        const got = networkDistances(g, profile, sources, targets);
        const want = reference(roads, profile, sources, targets);
        let finite = 0;
        for (let i = 0; i < sources.length; i++) {
          for (let j = 0; j < targets.length; j++) {
            const gm = got.minutes[i * targets.length + j], wm = want.minutes[i][j];
            if (wm === Infinity) {
              expect(gm, `${profile} ${i}→${j}`).toBe(Infinity);
              expect(got.metres[i * targets.length + j]).toBe(Infinity);
              continue;
            }
            finite++;
            expect(Math.abs(gm - wm), `${profile} ${i}→${j} minutes`).toBeLessThan(1e-9 * (1 + wm));
            expect(Math.abs(got.metres[i * targets.length + j] - want.metres[i][j]), `${profile} ${i}→${j} metres`).toBeLessThan(1e-6 * (1 + want.metres[i][j]));
          }
        }
        expect(finite).toBeGreaterThan(sources.length * targets.length * 0.3);

        // The single multi-source run agrees with the matrix's argmin.
        const near = nearestByNetwork(g, profile, sources, targets);
        for (let j = 0; j < targets.length; j++) {
          let best = -1;
          for (let i = 0; i < sources.length; i++) {
            const m = got.minutes[i * targets.length + j];
            if (m < Infinity && (best < 0 || m < got.minutes[best * targets.length + j])) best = i;
          }
          expect(near.source[j], `${profile} target ${j}`).toBe(best);
          if (best >= 0) expect(near.minutes[j]).toBeCloseTo(got.minutes[best * targets.length + j], 9);
        }
      }
    });
  }
});
