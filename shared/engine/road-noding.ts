// Joins roads where they cross or meet without a shared vertex. Bureau road layers are often
// digitised line by line, so a street crossing a county road, or a lane ending a few decimetres
// short of the road it joins, has no junction node, and routing would take long detours around
// them. Crossings get a shared vertex on both roads; an end within `toleranceM` of another road's
// interior is joined to it. Expressways are grade-separated: nothing is joined to them except
// where the data already shares a vertex (their interchanges).
import Flatbush from 'flatbush';
import type { Position, Road } from '../model';

const RAD = Math.PI / 180;
const M_PER_DEG = 6_371_008.8 * RAD;

interface Seg {
  road: number;
  part: number;
  index: number; // segment index within the part
  a: Position;
  b: Position;
  ax: number;
  ay: number;
  bx: number;
  by: number;
  grade: boolean; // expressway
}

export function nodeCrossings(roads: readonly Road[], toleranceM = 1): { roads: Road[]; junctions: number } {
  const segs: Seg[] = [];
  let lonSum = 0;
  let latSum = 0;
  let count = 0;
  const parts = roads.map((r) => (r.geometry.type === 'LineString' ? [r.geometry.coordinates] : r.geometry.coordinates));
  for (const ps of parts) for (const line of ps) for (const p of line) {
    if (Number.isFinite(p[0]) && Number.isFinite(p[1])) {
      lonSum += p[0];
      latSum += p[1];
      count++;
    }
  }
  if (count === 0) return { roads: [...roads], junctions: 0 };
  const lon0 = lonSum / count;
  const lat0 = latSum / count;
  const kx = M_PER_DEG * Math.cos(lat0 * RAD);
  const ky = M_PER_DEG;
  parts.forEach((ps, r) => ps.forEach((line, k) => {
    for (let i = 1; i < line.length; i++) {
      const a = line[i - 1];
      const b = line[i];
      if (![a[0], a[1], b[0], b[1]].every(Number.isFinite)) continue;
      segs.push({ road: r, part: k, index: i - 1, a, b, ax: (a[0] - lon0) * kx, ay: (a[1] - lat0) * ky, bx: (b[0] - lon0) * kx, by: (b[1] - lat0) * ky, grade: roads[r].roadClass === 'expressway' });
    }
  }));
  if (segs.length < 2) return { roads: [...roads], junctions: 0 };
  const index = new Flatbush(segs.length);
  for (const s of segs) index.add(Math.min(s.ax, s.bx) - toleranceM, Math.min(s.ay, s.by) - toleranceM, Math.max(s.ax, s.bx) + toleranceM, Math.max(s.ay, s.by) + toleranceM);
  index.finish();

  // Inserts per segment: parameter along it and the exact position to add (shared by both roads).
  const inserts = new Map<number, { t: number; p: Position }[]>();
  const insert = (s: number, t: number, p: Position) => {
    const list = inserts.get(s);
    if (list) list.push({ t, p });
    else inserts.set(s, [{ t, p }]);
  };
  const same = (p: Position, q: Position) => p[0] === q[0] && p[1] === q[1];
  let junctions = 0;
  const eps = 1e-9;
  segs.forEach((s, i) => {
    if (s.grade) return;
    for (const j of index.search(Math.min(s.ax, s.bx), Math.min(s.ay, s.by), Math.max(s.ax, s.bx), Math.max(s.ay, s.by))) {
      if (j <= i) continue;
      const o = segs[j];
      if (o.grade) continue;
      if (same(s.a, o.a) || same(s.a, o.b) || same(s.b, o.a) || same(s.b, o.b)) continue; // already joined
      const d1x = s.bx - s.ax;
      const d1y = s.by - s.ay;
      const d2x = o.bx - o.ax;
      const d2y = o.by - o.ay;
      const denom = d1x * d2y - d1y * d2x;
      if (Math.abs(denom) > eps) {
        const qx = o.ax - s.ax;
        const qy = o.ay - s.ay;
        const t = (qx * d2y - qy * d2x) / denom;
        const u = (qx * d1y - qy * d1x) / denom;
        if (t > eps && t < 1 - eps && u > eps && u < 1 - eps) {
          // A proper crossing: one new position, inserted into both.
          const p: Position = [s.a[0] + t * (s.b[0] - s.a[0]), s.a[1] + t * (s.b[1] - s.a[1])];
          insert(i, t, p);
          insert(j, u, p);
          junctions++;
          continue;
        }
      }
      // Ends that stop on (or just short of) the other segment's interior join it there.
      const ends: [Seg, number, Position, number, number][] = [[o, j, s.a, s.ax, s.ay], [o, j, s.b, s.bx, s.by], [s, i, o.a, o.ax, o.ay], [s, i, o.b, o.bx, o.by]];
      for (const [seg, k, p, px, py] of ends) {
        const dx = seg.bx - seg.ax;
        const dy = seg.by - seg.ay;
        const len2 = dx * dx + dy * dy;
        if (len2 === 0) continue;
        const t = ((px - seg.ax) * dx + (py - seg.ay) * dy) / len2;
        if (t <= eps || t >= 1 - eps) continue;
        const cx = seg.ax + t * dx - px;
        const cy = seg.ay + t * dy - py;
        if (cx * cx + cy * cy <= toleranceM * toleranceM) {
          insert(k, t, p);
          junctions++;
        }
      }
    }
  });
  if (junctions === 0) return { roads: [...roads], junctions: 0 };

  const bySeg = new Map<string, { t: number; p: Position }[]>();
  segs.forEach((s, i) => {
    const list = inserts.get(i);
    if (list) bySeg.set(`${s.road}:${s.part}:${s.index}`, list.sort((x, y) => x.t - y.t));
  });
  const out = roads.map((road, r): Road => {
    const noded = parts[r].map((line, k) => {
      const pts: Position[] = [];
      const push = (p: Position) => {
        const last = pts[pts.length - 1];
        if (!last || !same(last, p)) pts.push(p);
      };
      line.forEach((p, i) => {
        push(p);
        for (const x of bySeg.get(`${r}:${k}:${i}`) ?? []) push(x.p);
      });
      return pts;
    });
    return { ...road, geometry: road.geometry.type === 'LineString' ? { type: 'LineString', coordinates: noded[0] } : { type: 'MultiLineString', coordinates: noded } };
  });
  return { roads: out, junctions };
}
