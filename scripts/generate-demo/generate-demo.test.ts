// The demo county generator: deterministic, identical to the committed files, and plausible
// against the standards (schools of every type, crowded town schools, half-empty village schools).
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { booleanPointInPolygon, area } from '@turf/turf';
import { generateDemo } from './index';
import { isConnected } from './roads';

const COMMITTED = fileURLToPath(new URL('../../resources/demo', import.meta.url));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
}
const files = (dir: string) => walk(dir).map((f) => relative(dir, f)).sort();

describe('demo county generator', () => {
  const a = mkdtempSync(join(tmpdir(), 'snp-demo-a-'));
  const b = mkdtempSync(join(tmpdir(), 'snp-demo-b-'));
  const summary = generateDemo(a);
  generateDemo(b);
  const read = (f: string) => readFileSync(join(a, f), 'utf8');
  const geo = (f: string) => JSON.parse(read(f)) as { features: { geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }[] };

  it('writes byte-identical files from the same seed, equal to the committed resources/demo', () => {
    expect(files(a)).toEqual(files(b));
    for (const f of files(a)) expect(readFileSync(join(b, f)).equals(readFileSync(join(a, f))), f).toBe(true);
    expect(files(COMMITTED)).toEqual(files(a));
    for (const f of files(a)) expect(readFileSync(join(COMMITTED, f)).equals(readFileSync(join(a, f))), `resources/demo/${f} is stale: run npm run demo:generate`).toBe(true);
  });

  it('has at least 100 schools of every type, 2,000 residence units and a county seat of about 150,000', () => {
    const c = summary.counts;
    expect(c.schools).toBeGreaterThanOrEqual(100);
    for (const t of ['小学', '初中', '九年一贯制', '完全中学', '高中', '教学点']) expect(c.schoolsByType[t], t).toBeGreaterThan(0);
    expect(c.residences).toBeGreaterThanOrEqual(2000);
    expect(c.countySeatPopulation).toBeGreaterThan(130_000);
    expect(c.countySeatPopulation).toBeLessThan(170_000);
    expect(c.townships).toBeGreaterThanOrEqual(10);
    expect(c.planned).toBeGreaterThan(0);
    expect(c.closed).toBeGreaterThan(0);
  });

  it('puts every residence in the county and in exactly one township, and in exactly one primary catchment row', () => {
    const county = geo('context/county.geojson').features[0];
    const towns = geo('context/townships.geojson').features;
    const units = geo('residences.geojson').features;
    const rows = read('catchments_primary.csv').replace(/^\ufeff/, '').trim().split('\n').slice(1).map((l) => l.split(','));
    const listed = new Map<string, number>();
    for (const r of rows) listed.set(r[2], (listed.get(r[2]) ?? 0) + 1);
    for (const u of units) {
      const p = u.geometry.type === 'Point' ? (u.geometry.coordinates as number[]) : (u.geometry.coordinates as number[][][])[0][0];
      expect(booleanPointInPolygon(p, county as never), String(u.properties['编码'])).toBe(true);
      expect(towns.filter((t) => booleanPointInPolygon(p, t as never)).length, String(u.properties['编码'])).toBe(1);
      expect(listed.get(String(u.properties['编码']))).toBe(1);
    }
  });

  it('junior catchments tile the county and each contains its school', () => {
    const county = geo('context/county.geojson').features[0];
    const zones = geo('catchments_junior.geojson').features;
    const total = zones.reduce((s, z) => s + area(z as never), 0);
    expect(total / area(county as never)).toBeCloseTo(1, 3);
    const schools = read('schools.csv').replace(/^\ufeff/, '').trim().split('\n').slice(1).map((l) => l.split(','));
    for (const z of zones) {
      const s = schools.find((r) => r[0] === z.properties['学校代码'])!;
      expect(booleanPointInPolygon([Number(s[5]), Number(s[6])], z as never), s[1]).toBe(true);
    }
  });

  it('has crowded town schools and half-empty village schools', () => {
    expect(summary.counts.oversizedClasses).toBeGreaterThan(20);
    expect(summary.counts.smallSchools).toBeGreaterThan(15);
    const schools = read('schools.csv').replace(/^\ufeff/, '').trim().split('\n').slice(1).map((l) => l.split(','));
    const pupils = (r: string[]) => r.slice(9, 21).reduce((s, v) => s + Number(v), 0);
    const village = schools.filter((r) => r[4] === '在办' && (r[3] === '教学点' || (r[3] === '小学' && r[7] !== '城关镇' && !r[1].endsWith('中心小学'))));
    expect(village.filter((r) => pupils(r) < 100).length / village.length).toBeGreaterThan(0.6);
    for (const r of schools) {
      expect(r[1].length, 'name').toBeGreaterThan(2);
      expect(r[2], `pinyin of ${r[1]}`).toMatch(/^[A-Z][a-zü]+( [A-Z][a-zü]+)+$/);
    }
  });

  it('builds one connected road network', () => {
    const roads = geo('roads.geojson').features.map((f) => ({ line: f.geometry.coordinates as [number, number][] }));
    expect(roads.length).toBeGreaterThan(500);
    expect(isConnected(roads)).toBe(true);
  });
});
