// Data in and out through the same code the CLI and the wizard use: the demo county's input files
// import into a project that evaluates exactly like the demo project; exports are read by GDAL and
// LibreOffice with the engine's numbers; import(export(project)) gives the same records back; and a
// bad file never leaves a half-written project.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoProject } from './demo-project';
import { evaluateProject } from './evaluation';
import { exportProject } from './export';
import { importIntoProject, type ImportSpec } from './import';
import { openProject, type ProjectStore } from '../store';
import type { Evaluation } from '../../shared/engine/types';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DEMO = join(ROOT, 'resources', 'demo');
const V = '0.0.0-test';
let dir: string;
let demo: ProjectStore;

const demoSpec = (): ImportSpec => ({
  schools: { path: join(DEMO, 'schools.csv') },
  residences: { path: join(DEMO, 'residences.geojson') },
  assignments: { path: join(DEMO, 'catchments_primary.csv'), level: 'primary' },
  catchments: { path: join(DEMO, 'catchments_junior.geojson') },
  roads: { path: join(DEMO, 'roads.geojson') },
  housing: { path: join(DEMO, 'housing.csv') },
});

function run(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.error) throw new Error(`${cmd} is not installed here (apt-get install gdal-bin libreoffice-calc-nogui): ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
}

/** What a planner reads off an evaluation: county figures and each school's row. */
function figures(ev: Evaluation) {
  return ev.levels.map((l) => ({ level: l.level, county: l.county, schools: l.schools.map((s) => [s.schoolId, s.pupils, s.seats, s.utilisation, s.straight?.mean]) }));
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snp-import-'));
  demo = createDemoProject(join(dir, 'demo.sqlite'), join(ROOT, 'resources'), V);
}, 120_000);
afterAll(() => {
  demo?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('importing the demo county from its input files', () => {
  let imported: ProjectStore;
  beforeAll(async () => {
    const r = await importIntoProject(join(dir, 'imported.sqlite'), demoSpec(), V);
    expect(r.ok).toBe(true);
    expect(r.written).toBe(true);
    imported = openProject(join(dir, 'imported.sqlite'), { appVersion: V });
  }, 120_000);
  afterAll(() => imported?.close());

  it('brings in every record with no row skipped and reports the columns it recognised', async () => {
    const r = await importIntoProject(join(dir, 'dry.sqlite'), demoSpec(), V, { dryRun: true });
    expect(r.counts).toEqual({ schools: 108, residences: 2593, catchments: 112, roads: 2140, housing: 9 });
    expect(r.layers.every((l) => l.skipped === 0)).toBe(true);
    expect(r.problems.filter((p) => p.severity === 'error')).toEqual([]);
    const schools = r.layers.find((l) => l.layer === 'schools')!;
    expect(schools.mapping).toMatchObject({ id: '学校代码', name: '学校名称', lon: '经度', lat: '纬度', enrolment_g1: '一年级学生数', classes_g7: '七年级班数', capacityPrimary: '小学学位数' });
    expect(schools.crsSource).toBe('assumed');
    expect(existsSync(join(dir, 'dry.sqlite'))).toBe(false);
  });

  it('evaluates exactly like the demo project', () => {
    expect(figures(evaluateProject(imported, {}))).toEqual(figures(evaluateProject(demo, {})));
  });
});

describe('exports', () => {
  let out: string;
  let ev: Evaluation;
  beforeAll(() => {
    out = join(dir, 'out');
    ev = evaluateProject(demo, {});
  });

  it('writes a GeoPackage that GDAL validates and reads with the engine’s figures', async () => {
    const r = await exportProject(demo, { format: 'gpkg', out: join(out, 'plan.gpkg') });
    expect(r.counts).toEqual({ schools: 108, residences: 2593, catchments: 112, assignments: 2593 });
    run('/usr/bin/python3', ['-m', 'osgeo_utils.samples.validate_gpkg', join(out, 'plan.gpkg')]);
    const info = run('ogrinfo', ['-so', join(out, 'plan.gpkg')]);
    expect(info).toMatch(/schools \(Point\)/);
    expect(info).toMatch(/catchments \(Multi Polygon\)/);
    const json = JSON.parse(run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', join(out, 'plan.gpkg'), 'schools'])) as { features: { properties: Record<string, unknown> }[] };
    expect(json.features).toHaveLength(108);
    const primary = ev.levels.find((l) => l.level === 'primary')!;
    for (const row of primary.schools.slice(0, 20)) {
      const f = json.features.find((x) => x.properties['学校代码'] === row.schoolId)!;
      expect(f.properties['小学划入学生']).toBeCloseTo(row.pupils, 2);
      if (row.utilisation !== null) expect(f.properties['小学学位使用率']).toBeCloseTo(row.utilisation, 4);
    }
  });

  it('writes GeoJSON per layer that GDAL reads, and CSV with a BOM that keeps Chinese text', async () => {
    const g = await exportProject(demo, { format: 'geojson', out: join(out, 'plan.geojson') });
    expect(g.files.map((f) => f.split('/').pop())).toEqual(['plan-schools.geojson', 'plan-residences.geojson', 'plan-catchments.geojson']);
    expect(run('ogrinfo', ['-so', '-al', join(out, 'plan-residences.geojson')])).toMatch(/Feature Count: 2593/);
    const c = await exportProject(demo, { format: 'csv', out: join(out, 'schools.csv'), layer: 'schools', locale: 'en' });
    const bytes = readFileSync(c.files[0]);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text.split('\r\n')[0]).toContain('school_code,school_name,type,status');
    expect(text).toContain('青溪县实验小学');
  });

  it('writes the planning workbook, whose numbers LibreOffice reads back as the engine’s', async () => {
    await exportProject(demo, { format: 'xlsx', out: join(out, 'plan.xlsx') });
    const csvDir = join(out, 'lo');
    run('soffice', ['--headless', `-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1', '--outdir', csvDir, join(out, 'plan.xlsx')]);
    const roster = readdirSync(csvDir).find((f) => f.includes('学校名册'))!;
    const lines = readFileSync(join(csvDir, roster), 'utf8').replace(/^\ufeff/, '').split(/\r?\n/).filter(Boolean);
    const header = lines[0].split(',');
    const code = header.indexOf('学校代码');
    const level = header.indexOf('学段');
    const assigned = header.findIndex((h) => h.includes('划入'));
    const primary = ev.levels.find((l) => l.level === 'primary')!;
    let checked = 0;
    for (const line of lines.slice(1)) {
      const cells = line.split(',');
      if (cells[level] !== '小学') continue;
      const row = primary.schools.find((s) => s.schoolId === cells[code].replace(/"/g, ''))!;
      expect(Number(cells[assigned])).toBeCloseTo(row.pupils, 6);
      checked++;
    }
    expect(checked).toBe(primary.schools.length);
  }, 120_000);
});

describe('round trip', () => {
  it('import(export(project)) gives the same schools, residences and catchments', async () => {
    const gpkg = join(dir, 'rt.gpkg');
    await exportProject(demo, { format: 'gpkg', out: gpkg });
    const spec: ImportSpec = {
      schools: { path: gpkg, layer: 'schools' },
      residences: { path: gpkg, layer: 'residences' },
      catchments: { path: gpkg, layer: 'catchments' },
      assignments: { path: gpkg, layer: 'assignments' },
    };
    const r = await importIntoProject(join(dir, 'rt.sqlite'), spec, V);
    expect(r.ok).toBe(true);
    const back = openProject(join(dir, 'rt.sqlite'), { appVersion: V });
    try {
      const strip = <T extends { extra: object }>(x: T) => ({ ...x, extra: {} });
      expect(back.schools.list().map(strip)).toEqual(demo.schools.list().map((s) => ({ ...strip(s), namePinyin: null })));
      expect(back.residences.list().map(strip)).toEqual(demo.residences.list().map((x) => ({ ...strip(x), namePinyin: null })));
      const key = (c: { id: string; form: string; unitIds: string[]; geometry: unknown }) => [c.id, c.form, c.unitIds.join(','), c.form === 'polygon' ? JSON.stringify(c.geometry) : ''];
      expect(back.catchments.list().map(key).sort()).toEqual(demo.catchments.list().map(key).sort());
      expect(figures(evaluateProject(back, { network: false }))).toEqual(figures(evaluateProject(demo, { network: false })));
    } finally {
      back.close();
    }
  }, 120_000);
});

describe('all or nothing', () => {
  const hash = (p: string) => createHash('sha256').update(readFileSync(p)).digest('hex');

  it('writes nothing into an existing project when a file is unusable, and says which', async () => {
    const path = join(dir, 'kept.sqlite');
    createDemoProject(path, join(ROOT, 'resources'), V).close();
    const before = hash(path);
    const broken = join(dir, 'broken.csv');
    writeFileSync(broken, '学校名称,经度\n');
    const r = await importIntoProject(path, { ...demoSpec(), schools: { path: broken } }, V);
    expect(r.ok).toBe(false);
    expect(r.written).toBe(false);
    expect(r.problems.some((p) => p.file === 'broken.csv')).toBe(true);
    expect(hash(path)).toBe(before);
  }, 120_000);

  it('creates no project file when the input is unusable', async () => {
    const path = join(dir, 'never.sqlite');
    const r = await importIntoProject(path, { schools: { path: join(dir, 'missing.csv') } }, V);
    expect(r.ok).toBe(false);
    expect(r.problems[0].message).toMatch(/not found/);
    expect(readdirSync(dir).filter((f) => f.startsWith('never.sqlite'))).toEqual([]);
  });

  it('refuses an unknown coordinate system by name, before reading rows', async () => {
    const r = await importIntoProject(join(dir, 'crs.sqlite'), { schools: { path: join(DEMO, 'schools.csv'), crs: 'EPSG:9999' } }, V);
    expect(r.ok).toBe(false);
    expect(r.problems.map((p) => p.message).join(' ')).toMatch(/EPSG:9999/);
  });
});

describe('a large import', () => {
  it('reports progress while writing and can be cancelled, leaving no project behind', async () => {
    const csv = join(dir, 'many.csv');
    const lines = ['单元编码,名称,经度,纬度,小学生数,初中生数'];
    for (let k = 0; k < 120_000; k++) lines.push(`R${k},小区${k},${(116.4 + (k % 997) * 0.0005).toFixed(6)},${(26.0 + Math.floor(k / 997) * 0.003).toFixed(6)},${k % 40},${k % 20}`);
    writeFileSync(csv, lines.join('\n'));
    const signal = { aborted: false };
    const phases: string[] = [];
    const path = join(dir, 'cancelled.sqlite');
    const r = await importIntoProject(path, { residences: { path: csv } }, V, {
      signal,
      progress: (phase, done) => {
        phases.push(phase);
        if (phase === 'writing residences' && done >= 50_000) signal.aborted = true;
      },
    });
    expect(phases).toContain('residences');
    expect(phases.filter((p) => p === 'writing residences').length).toBeGreaterThanOrEqual(1);
    expect(r.ok).toBe(false);
    expect(r.written).toBe(false);
    expect(r.problems.at(-1)!.message).toMatch(/cancelled/);
    expect(readdirSync(dir).filter((f) => f.startsWith('cancelled.sqlite'))).toEqual([]);
    // The same file without cancelling goes in whole.
    const ok = await importIntoProject(join(dir, 'many.sqlite'), { residences: { path: csv } }, V);
    expect(ok.counts.residences).toBe(120_000);
    const store = openProject(join(dir, 'many.sqlite'), { appVersion: V });
    try {
      expect(store.residences.count()).toBe(120_000);
      expect(store.residences.list({ bbox: [116.4, 26.0, 116.45, 26.05] }).length).toBeGreaterThan(0); // the spatial index was filled
    } finally {
      store.close();
    }
  }, 180_000);
});

describe('malformed and hostile inputs', () => {
  it('never throws and never leaves a half-written project, whatever the bytes', async () => {
    const sources = ['schools.csv', 'residences.geojson', 'catchments_junior.geojson'].map((f) => readFileSync(join(DEMO, f)));
    let seed = 7;
    const rnd = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
    const cases: { name: string; bytes: Uint8Array }[] = [];
    for (const [k, bytes] of sources.entries()) {
      for (const cut of [0.01, 0.3, 0.77, 0.999]) cases.push({ name: `cut${k}-${cut}`, bytes: bytes.subarray(0, Math.floor(bytes.length * cut)) });
      const flipped = Uint8Array.from(bytes);
      for (let n = 0; n < 40; n++) flipped[Math.floor(rnd() * flipped.length)] = Math.floor(rnd() * 256);
      cases.push({ name: `flip${k}`, bytes: flipped });
    }
    cases.push({ name: 'text-numbers', bytes: Buffer.from('学校名称,学段,经度,纬度,在校生数\n第一小学,小学,东经116度,北纬26度,很多\n') });
    cases.push({ name: 'huge', bytes: Buffer.from('学校名称,学段,经度,纬度,在校生数\n第一小学,小学,116.6,26.2,1e300\n') });
    cases.push({ name: 'gbk-as-utf8', bytes: Uint8Array.from([0xd1, 0xa7, 0xd0, 0xa3, 0xc3, 0xfb, 0xb3, 0xc6, 0x0a, 0xb5, 0xda, 0xd2, 0xbb]) });
    cases.push({ name: 'empty-geometries', bytes: Buffer.from(JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 学校代码: '1', 学段: '初中' }, geometry: { type: 'Polygon', coordinates: [] } }, { type: 'Feature', properties: {}, geometry: null }] })) });
    for (const c of cases) {
      for (const ext of ['csv', 'geojson']) {
        const file = join(dir, `fuzz-${c.name}.${ext}`);
        writeFileSync(file, c.bytes);
        const path = join(dir, `fuzz-${c.name}-${ext}.sqlite`);
        const layer = ext === 'csv' ? { schools: { path: file } } : { catchments: { path: file, level: 'junior' as const } };
        const r = await importIntoProject(path, layer, V);
        expect(typeof r.ok).toBe('boolean');
        if (!r.ok) {
          expect(r.problems.some((p) => p.severity === 'error')).toBe(true);
          expect(existsSync(path)).toBe(false);
        }
        expect(readdirSync(dir).filter((f) => f.includes('.partial-'))).toEqual([]);
      }
    }
  }, 180_000);
});

