// The three real datasets in ../shared/data/real go in through the committed recipes
// (docs/recipes/*.json: which file is which layer, which columns, which key) with no hand editing,
// and the figures of each PROVENANCE.md come out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importIntoProject, type ImportResult, type ImportSpec } from './import';
import { evaluateProject } from './evaluation';
import { openProject, type ProjectStore } from '../store';
import { metresBetween } from '../../shared/geo/distance';
import { exportProject } from './export';
import { spawnSync } from 'node:child_process';

function gdal(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.error || r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.error?.message ?? r.stderr}`);
  return r.stdout;
}

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const REAL = resolve(ROOT, '..', 'shared', 'data', 'real');
const V = '0.0.0-test';
let dir: string;

function recipe(name: string): ImportSpec {
  const data = join(REAL, name);
  if (!existsSync(data)) throw new Error(`Real dataset missing: ${data} (the tests read ../shared/data beside the repository)`);
  const spec = JSON.parse(readFileSync(join(ROOT, 'docs', 'recipes', `${name}.json`), 'utf8')) as ImportSpec;
  for (const f of Object.values(spec)) {
    if (!f || typeof f !== 'object') continue;
    f.path = join(data, f.path);
    for (const j of f.joins ?? []) j.path = join(data, j.path);
  }
  return spec;
}

async function importReal(name: string, extra: Partial<ImportSpec> = {}): Promise<{ result: ImportResult; store: ProjectStore }> {
  const path = join(dir, `${name}.sqlite`);
  const result = await importIntoProject(path, { ...recipe(name), ...extra }, V);
  expect(result.ok, JSON.stringify(result.problems.filter((p) => p.severity === 'error').slice(0, 5))).toBe(true);
  return { result, store: openProject(path, { appVersion: V }) };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snp-real-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('hangzhou-rxyj: GCJ-02 school points and 划片 community lists', () => {
  let result: ImportResult;
  let store: ProjectStore;
  beforeAll(async () => ({ result, store } = await importReal('hangzhou-rxyj')), 120_000);
  afterAll(() => store?.close());

  it('imports every campus with a usable position and reports the 4 without one by row', () => {
    expect(result.layers[0].rows).toBe(493);
    expect(store.schools.count()).toBe(489);
    const bad = result.problems.filter((p) => p.file === 'schools.json' && p.severity === 'error');
    expect(bad.map((p) => p.row).sort((a, b) => a! - b!)).toEqual([135, 136, 198, 199]); // 2 null, 2 placeholders "120, 30"
    expect(bad.filter((p) => /placeholder/.test(p.message))).toHaveLength(2);
    const types = store.countsByType();
    expect((types.primary ?? 0) + (types.junior ?? 0)).toBe(489);
  });

  it('converts GCJ-02 to WGS84 (a few hundred metres) and keeps schools in Hangzhou', () => {
    const raw = (JSON.parse(readFileSync(join(REAL, 'hangzhou-rxyj', 'schools.json'), 'utf8')) as { campus_code: string; lng: string | null; lat: string | null }[]).find((s) => s.campus_code === '2133003382001')!;
    const s = store.schools.get('2133003382001')!;
    const shift = metresBetween(Number(raw.lng), Number(raw.lat), s.location.coordinates[0], s.location.coordinates[1]);
    expect(shift).toBeGreaterThan(300);
    expect(shift).toBeLessThan(700);
    for (const x of store.schools.list()) {
      expect(x.location.coordinates[0]).toBeGreaterThan(118.3);
      expect(x.location.coordinates[0]).toBeLessThan(120.8);
      expect(x.location.coordinates[1]).toBeGreaterThan(29.1);
      expect(x.location.coordinates[1]).toBeLessThan(30.6);
    }
  });

  it('lists every community name of the 划片 lists as unmatched (the project has no residence units for them)', () => {
    const a = result.layers.find((l) => l.layer === 'assignments')!;
    expect(a.rows).toBe(17_742);
    expect(a.unmatched).toHaveLength(9_712);
    expect(store.catchments.count()).toBe(0);
  });
});

describe('fairfax-fcps: state-plane shapefile, capacity table joined by id, census blocks with zone columns', () => {
  let store: ProjectStore;
  beforeAll(async () => ({ store } = await importReal('fairfax-fcps')), 180_000);
  afterAll(() => store?.close());

  it('joins 188 schools to their facility points and zone ids, with the capacities of PROVENANCE.md', () => {
    const schools = store.schools.list();
    expect(schools).toHaveLength(188);
    const by = (t: string) => schools.filter((s) => s.type === t);
    expect([by('primary').length, by('junior').length, by('senior').length]).toEqual([138, 26, 24]);
    const seats = (level: 'primary' | 'junior' | 'senior') => schools.reduce((n, s) => n + (s.capacity[level] ?? 0), 0);
    expect([seats('primary'), seats('junior'), seats('senior')]).toEqual([101_127, 30_211, 58_570]);
    expect(schools.reduce((n, s) => n + s.enrolmentByGrade.reduce((a, b) => a + b, 0), 0)).toBe(173_366);
    for (const s of schools) {
      expect(s.location.coordinates[0]).toBeGreaterThan(-77.6);
      expect(s.location.coordinates[0]).toBeLessThan(-77.0);
    }
  });

  it('imports 9,404 blocks with 1,189,113 people and puts each in its current zone of every level', () => {
    const res = store.residences.list();
    expect(res).toHaveLength(9_404);
    expect(res.reduce((n, r) => n + (r.population ?? 0), 0)).toBe(1_189_113);
    const pop = new Map(res.map((r) => [r.id, r.population ?? 0]));
    const zonePop = (level: 'primary' | 'senior', zone: number) => {
      const school = store.schools.list().find((s) => Number(s.extra.zone_id) === zone && (level === 'primary' ? s.type === 'primary' : s.type === 'senior'))!;
      const c = store.catchments.list({ level }).find((x) => x.schoolId === school.id)!;
      return c.unitIds.reduce((n, id) => n + pop.get(id)!, 0);
    };
    expect(zonePop('primary', 86)).toBe(17_821); // Oak View
    expect(zonePop('primary', 72)).toBe(3_031); // Bucknell
    expect(zonePop('senior', 23)).toBe(62_290); // Fairfax
    expect(zonePop('senior', 20)).toBe(35_721); // South County
    for (const level of ['primary', 'junior', 'senior'] as const) {
      const units = store.catchments.list({ level }).flatMap((c) => c.unitIds);
      expect(new Set(units).size).toBe(9_404);
      expect(units).toHaveLength(9_404);
    }
  });

  it('finds 136 of 138 elementary schools inside a block of their own zone, as PROVENANCE.md says', () => {
    const ev = evaluateProject(store, { method: 'nearest', levels: ['primary'], network: false });
    expect(ev.levels[0].schools).toHaveLength(138);
    const blocks = store.residences.list();
    const esCatchments = store.catchments.list({ level: 'primary' });
    let inOwn = 0;
    for (const s of store.schools.list().filter((x) => x.type === 'primary')) {
      const [x, y] = s.location.coordinates;
      const block = blocks.find((b) => b.geometry.type !== 'Point' && contains(b.geometry, x, y));
      if (block && esCatchments.find((c) => c.schoolId === s.id)!.unitIds.includes(block.id)) inOwn++;
    }
    expect(inOwn).toBe(136);
  });

  it('goes out again as a GeoPackage of 9,404 block polygons and 188 schools that GDAL validates', async () => {
    const gpkg = join(dir, 'fairfax-out.gpkg');
    const r = await exportProject(store, { format: 'gpkg', out: gpkg });
    expect(r.counts).toMatchObject({ schools: 188, residences: 9_404 });
    gdal('/usr/bin/python3', ['-m', 'osgeo_utils.samples.validate_gpkg', gpkg]);
    expect(gdal('ogrinfo', ['-so', gpkg, 'residences'])).toMatch(/Feature Count: 9404/);
  }, 120_000);
});

describe('durham-dps: Web Mercator planning units with students, high schools, regions in state-plane feet', () => {
  let store: ProjectStore;
  beforeAll(async () => {
    // The five base high schools' capacities are not in any data file; PROVENANCE.md lists them from the model code.
    const caps = join(dir, 'durham-capacities.csv');
    writeFileSync(caps, 'name,capacity\nNorthern High School,1400\nJordan High School,1510\nSouthern High School,1340\nRiverside High School,1240\nHillside High School,1335\n');
    const spec = recipe('durham-dps');
    ({ store } = await importReal('durham-dps', { schools: { ...spec.schools!, joins: [{ path: caps, leftKey: 'name', rightKey: 'name' }] } }));
  }, 120_000);
  afterAll(() => store?.close());

  it('reproduces base students against capacity by region, and Riverside outside the region it serves', () => {
    expect(store.residences.count()).toBe(851);
    const ev = evaluateProject(store, { levels: ['senior'] });
    const l = ev.levels[0];
    expect(l.county.pupils).toBe(7_058);
    expect(l.county.seats).toBe(6_825);
    const util = Object.fromEntries(l.schools.map((s) => [s.name, [s.pupils, Math.round((s.utilisation ?? 0) * 100)]]));
    expect(util).toEqual({
      'Northern High School': [1_906, 136], 'Jordan High School': [2_001, 133], 'Southern High School': [1_103, 82],
      'Hillside High School': [1_068, 80], 'Riverside High School': [980, 79],
    });
    expect(l.gaps).toEqual([]);
    expect(l.catchments.filter((c) => c.schoolOutside).map((c) => l.schools.find((s) => s.schoolId === c.schoolId)!.name)).toEqual(['Riverside High School']);
    expect(ev.problems.filter((p) => p.severity === 'error')).toEqual([]);
  });

  it('goes out again: a GeoPackage GDAL validates and a workbook with the regions', async () => {
    const gpkg = join(dir, 'durham-out.gpkg');
    await exportProject(store, { format: 'gpkg', out: gpkg, locale: 'en' });
    gdal('/usr/bin/python3', ['-m', 'osgeo_utils.samples.validate_gpkg', gpkg]);
    const info = gdal('ogrinfo', ['-so', '-al', gpkg]);
    expect(info).toMatch(/Layer name: residences[\s\S]*Feature Count: 851/);
    expect(info).toMatch(/Layer name: catchments[\s\S]*Feature Count: 5/);
    const x = await exportProject(store, { format: 'xlsx', out: join(dir, 'durham.xlsx'), locale: 'en' });
    expect(x.counts).toMatchObject({ schools: 5, catchments: 5 });
  }, 120_000);
});

function contains(g: { type: string; coordinates: unknown }, x: number, y: number): boolean {
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][];
  let inside = false;
  for (const rings of polys) for (const ring of rings) {
    for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
      if (ring[i][1] > y !== ring[j][1] > y && x < ((ring[j][0] - ring[i][0]) * (y - ring[i][1])) / (ring[j][1] - ring[i][1]) + ring[i][0]) inside = !inside;
    }
  }
  return inside;
}
