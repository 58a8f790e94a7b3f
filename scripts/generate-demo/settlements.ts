// Residence units: 小区 in the county seat (a few as small polygons) and in township seats, and
// natural villages strung along the valleys, grouped into administrative villages. Pupils by grade
// follow the population with urban/rural rates (rural cohorts shrink: out-migration, fewer births).
import { dist, insidePolygon, type Rng, type XY } from './frame';
import type { Landscape } from './landscape';
import { COMPLEX_STEMS, URBAN_COMPLEX_SUFFIX, name, type Name, type NameBook } from './names';

export type Settlement = '城区' | '镇区' | '乡村';
export interface Unit {
  id: string;
  name: Name;
  kind: '小区' | '村' | '自然村';
  settlement: Settlement;
  township: number;
  at: XY;
  outline: XY[] | null; // a small polygon for some urban 小区
  population: number;
  households: number;
  pupils: number[]; // grades 1–12
  adminVillage: string | null;
}

const CITY_POPULATION = 150_000;
const CITY_HALF_WIDTH = 2.3; // km either side of the river

// Pupils per resident per grade year: [primary, junior, senior].
const RATES: Record<Settlement, [number, number, number]> = { 城区: [0.0128, 0.0118, 0.0102], 镇区: [0.0118, 0.0108, 0.009], 乡村: [0.0092, 0.0096, 0.0068] };

function pupilsFor(rng: Rng, pop: number, s: Settlement): number[] {
  return Array.from({ length: 12 }, (_, i) => {
    const g = i + 1;
    const rate = RATES[s][g <= 6 ? 0 : g <= 9 ? 1 : 2];
    const decline = s === '乡村' && g <= 6 ? Math.pow(0.93, 6 - g) : s === '城区' && g <= 6 ? 1 + 0.015 * (6 - g) : 1;
    const mean = pop * rate * decline;
    return Math.max(0, Math.round(rng.normal(mean, Math.sqrt(mean) * 0.8)));
  });
}

function townshipOf(p: XY, land: Landscape): number {
  const i = land.townships.findIndex((t) => insidePolygon(p, t.boundary[0]));
  return i;
}

function riverY(land: Landscape, x: number): number {
  const main = land.rivers[0].line;
  let best = main[0];
  for (const p of main) if (Math.abs(p[0] - x) < Math.abs(best[0] - x)) best = p;
  return best[1];
}

export function inCity(land: Landscape, p: XY): boolean {
  return p[0] >= land.citySpan[0] && p[0] <= land.citySpan[1] && Math.abs(p[1] - riverY(land, p[0])) <= CITY_HALF_WIDTH;
}

export function makeUnits(rng: Rng, land: Landscape, names: NameBook): Unit[] {
  const units: Omit<Unit, 'id'>[] = [];
  const usedComplex = new Set<string>();
  const complexName = (prefix: string): Name => {
    for (let i = 0; i < 1000; i++) {
      const stem = rng.pick(COMPLEX_STEMS);
      const suffix = rng.pick(URBAN_COMPLEX_SUFFIX);
      const phase = rng.next() < 0.35 ? rng.pick(['一期', '二期', '三期']) : '';
      const zh = `${prefix}${stem}${suffix}${phase}`;
      if (usedComplex.has(zh)) continue;
      usedComplex.add(zh);
      return name(...[prefix, stem, suffix, phase].filter(Boolean));
    }
    throw new Error('ran out of complex names');
  };

  // County seat: a block grid along both banks.
  const cityBlocks: XY[] = [];
  for (let x = land.citySpan[0]; x <= land.citySpan[1]; x += 0.22) {
    const ry = riverY(land, x);
    for (let y = ry - CITY_HALF_WIDTH; y <= ry + CITY_HALF_WIDTH; y += 0.22) {
      if (Math.abs(y - ry) < 0.12) continue; // the river itself
      const p: XY = [x + rng.range(-0.08, 0.08), y + rng.range(-0.08, 0.08)];
      if (townshipOf(p, land) === 0 && rng.next() < 0.93) cityBlocks.push(p);
    }
  }
  const weights = cityBlocks.map((p) => Math.exp(rng.normal(0, 0.45)) * (1.6 - 0.5 * Math.min(1, dist(p, land.townships[0].seat) / 4)));
  const wsum = weights.reduce((a, b) => a + b, 0);
  const districts = ['城东', '城西', '城南', '城北', ''];
  cityBlocks.forEach((p, i) => {
    const population = Math.max(60, Math.round((CITY_POPULATION * weights[i]) / wsum));
    const polygon = rng.next() < 0.15;
    const a = rng.range(0, Math.PI);
    const rect = (dx: number, dy: number): XY => [p[0] + dx * Math.cos(a) - dy * Math.sin(a), p[1] + dx * Math.sin(a) + dy * Math.cos(a)];
    units.push({
      name: complexName(rng.pick(districts)), kind: '小区', settlement: '城区', township: 0, at: p,
      outline: polygon ? [rect(-0.06, -0.045), rect(0.06, -0.045), rect(0.06, 0.045), rect(-0.06, 0.045), rect(-0.06, -0.045)] : null,
      population, households: Math.round(population / 2.8), pupils: pupilsFor(rng, population, '城区'), adminVillage: null,
    });
  });

  // Township seats: a cluster of 小区 around each seat.
  land.townships.forEach((t, ti) => {
    if (t.isSeatTown) return;
    const n = rng.int(22, 30);
    for (let k = 0; k < n; k++) {
      const a = rng.range(0, 2 * Math.PI);
      const r = rng.range(0.05, 0.8);
      const p: XY = [t.seat[0] + r * Math.cos(a), t.seat[1] + r * Math.sin(a)];
      if (townshipOf(p, land) !== ti) continue;
      const population = Math.round(rng.range(150, 420));
      units.push({ name: complexName(t.name.zh.slice(0, 2)), kind: '小区', settlement: '镇区', township: ti, at: p, outline: null, population, households: Math.round(population / 3), pupils: pupilsFor(rng, population, '镇区'), adminVillage: null });
    }
  });

  // Villages: along every valley, alternating banks, grouped into administrative villages.
  for (const river of land.rivers) {
    let s = rng.range(0.2, 0.6);
    let side = 1;
    let admin: { name: string; left: number } | null = null;
    const line = river.line;
    for (let i = 1; i < line.length; i++) {
      s -= Math.hypot(line[i][0] - line[i - 1][0], line[i][1] - line[i - 1][1]);
      while (s <= 0) {
      s += rng.range(0.2, 0.4);
      side = -side;
      const dx = line[i][0] - line[i - 1][0];
      const dy = line[i][1] - line[i - 1][1];
      const len = Math.hypot(dx, dy) || 1;
      const off = side * rng.range(0.12, 0.55);
      const t = rng.next();
      const base: XY = [line[i - 1][0] + dx * t, line[i - 1][1] + dy * t];
      const p: XY = [base[0] - (dy / len) * off, base[1] + (dx / len) * off];
      const ti = townshipOf(p, land);
      if (ti < 0 || inCity(land, p) || land.townships.some((t) => dist(t.seat, p) < 0.9)) continue; // not a village site
      const remote = Math.min(...land.townships.map((t) => dist(t.seat, p)));
      const population = Math.max(25, Math.round(rng.normal(135, 55) * (remote > 8 ? 0.75 : 1)));
      let kind: '村' | '自然村' = '自然村';
      if (!admin || admin.left <= 0) {
        admin = { name: names.stem(), left: rng.int(3, 6) };
        kind = '村';
      }
      admin.left--;
      const unitName = kind === '村' ? name(admin.name, '村') : name(names.stem3());
      units.push({ name: unitName, kind, settlement: '乡村', township: ti, at: p, outline: null, population, households: Math.round(population / 3.3), pupils: pupilsFor(rng, population, '乡村'), adminVillage: `${admin.name}村` });
      }
    }
  }
  if (units.length < 2000) throw new Error(`only ${units.length} residence units; the demo needs at least 2,000`);
  return units.map((u, i) => ({ ...u, id: `R${String(i + 1).padStart(5, '0')}` }));
}
