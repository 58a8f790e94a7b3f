// The project store: exact round trips, transactions, durability, and the file as a GeoPackage
// read by GDAL (ogrinfo, ogr2ogr, the GeoPackage validator).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createProject, openProject, type ProjectStore } from '.';
import * as F from './fixtures.test-helpers';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'snp-store-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function filled(name: string): ProjectStore {
  const s = createProject(join(dir, name), { name: '测试项目', region: '青溪县', appVersion: '0.0.0' });
  s.transaction(() => {
    s.scenarios.insert(F.scenario);
    s.schools.insertMany(F.schools);
    s.residences.insertMany(F.residences);
    s.catchments.insertMany(F.catchments);
    s.housing.insertMany(F.housing);
    s.roads.insertMany(F.roads);
    s.context.insertMany(F.context);
    s.buildSpatialIndexes();
  });
  return s;
}

function gdal(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd} is not available: install gdal-bin and python3-gdal (${r.error.message})`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout + r.stderr;
}

describe('project store round trips', () => {
  it('returns exactly what was stored, for every layer', () => {
    const path = join(dir, 'round.sqlite');
    filled('round.sqlite').close();
    const s = openProject(path);
    expect(s.schools.list()).toEqual(F.schools);
    expect(s.residences.list()).toEqual(F.residences);
    expect(s.catchments.list()).toEqual(F.catchments);
    expect(s.housing.list()).toEqual(F.housing);
    expect(s.roads.list()).toEqual(F.roads);
    expect(s.context.list()).toEqual(F.context);
    expect(s.scenarios.list()).toEqual([F.scenario]);
    expect(s.meta()).toMatchObject({ name: '测试项目', region: '青溪县', schemaVersion: 3 });
    s.close();
  });

  it('filters by status, type, level, scenario and bbox (through the R-tree)', () => {
    const s = filled('filters.sqlite');
    expect(s.schools.list({ type: 'nine_year' }).map((x) => x.id)).toEqual(['2136000002']);
    expect(s.schools.list({ status: 'closed' })).toEqual([]);
    expect(s.catchments.list({ level: 'junior' })).toHaveLength(1);
    expect(s.catchments.list({ scenarioId: 'other' })).toEqual([]);
    expect(s.residences.list({ bbox: [116.05, 26.05, 116.1, 26.1] }).map((r) => r.id)).toEqual(['R1']);
    expect(s.residences.list({ bbox: [116.19, 26.19, 116.21, 26.21] }).map((r) => r.id)).toEqual(['R2']);
    expect(s.roads.list({ bbox: [116.25, 25.99, 116.35, 26.01] }).map((r) => r.id)).toEqual(['X1']);
    expect(s.extent()).toEqual([116, 26, 116.5, 26.5]);
    expect(s.countsByType()).toEqual({ primary: 1, nine_year: 1 });
    expect(s.residences.totalPupils()).toBeCloseTo(9 * 20 + 36 + 15 + 18 + 6 * 1.5, 6);
    s.close();
  });

  it('seeds the standards profile with sources and marks edits', () => {
    const s = filled('std.sqlite');
    const classSize = s.standards.get().find((f) => f.key === 'classSize');
    expect(classSize).toMatchObject({ primary: 45, junior: 50, confidence: 'V2', edited: false });
    expect(classSize?.source).toContain('教督〔2017〕6号');
    const after = s.standards.update('classSize', { primary: 40 });
    expect(after.find((f) => f.key === 'classSize')).toMatchObject({ primary: 40, junior: 50, edited: true });
    expect(() => s.standards.update('noSuchFigure', { primary: 1 })).toThrow(/noSuchFigure/);
    s.close();
  });

  it('rolls a whole transaction back when any part fails', () => {
    const s = filled('tx.sqlite');
    expect(() => s.transaction(() => {
      s.housing.insertMany([{ ...F.housing[0], id: 'H2' }]);
      s.schools.insertMany([F.schools[0]]); // duplicate id: the UNIQUE constraint fails
    })).toThrow();
    expect(s.housing.count()).toBe(1);
    expect(s.schools.count()).toBe(2);
    s.close();
  });

  it('refuses a catchment of a school that does not exist (foreign keys are on)', () => {
    const s = filled('fk.sqlite');
    expect(() => s.catchments.insertMany([{ ...F.catchments[2], id: 'x', schoolId: 'nobody' }])).toThrow(/FOREIGN KEY/);
    s.close();
  });

  it('keeps an acknowledged write when the process is killed without closing the file', () => {
    const path = join(dir, 'crash.sqlite');
    filled('crash.sqlite').close();
    const storeIndex = fileURLToPath(new URL('./index.ts', import.meta.url));
    const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
    const script = `import { openProject } from ${JSON.stringify(storeIndex)};
      const s = openProject(${JSON.stringify(path)});
      for (let i = 0; i < 20; i++) s.editLog.append({ scenarioId: 'baseline', kind: 'test', payload: { i } });
      process.stdout.write('acknowledged\\n');
      process.kill(process.pid, 'SIGKILL');`;
    const file = join(dir, 'crash-writer.ts');
    writeFileSync(file, script);
    // node itself runs the writer (tsx only as a loader), so the SIGKILL hits the writing process.
    const r = spawnSync(process.execPath, ['--import', tsx, file], { encoding: 'utf8' });
    expect(r.stdout).toContain('acknowledged');
    expect(r.signal).toBe('SIGKILL');
    const s = openProject(path);
    expect(s.editLog.list('baseline').map((e) => (e.payload as { i: number }).i)).toEqual([...Array(20).keys()]);
    s.close();
  });
});

describe('the project file is a GeoPackage that GDAL reads', () => {
  let gpkg: string;
  beforeAll(() => {
    const s = filled('gdal.sqlite');
    s.checkpoint();
    s.close();
    gpkg = join(dir, 'gdal.gpkg'); // the validator insists on the .gpkg extension
    copyFileSync(join(dir, 'gdal.sqlite'), gpkg);
  });

  it('lists the planning layers with their geometry types and feature counts', () => {
    const out = gdal('ogrinfo', ['-so', '-al', gpkg]);
    const layer = (name: string) => new RegExp(`Layer name: ${name}\\n(?:.*\\n)*?Geometry: ([^\\n]+)\\nFeature Count: (\\d+)`).exec(out);
    expect(layer('schools')?.slice(1)).toEqual(['Point', '2']);
    expect(layer('residences')?.slice(1)).toEqual(['Unknown (any)', '2']);
    expect(layer('catchments')?.slice(1)).toEqual(['Multi Polygon', '3']);
    expect(layer('roads')?.slice(1)).toEqual(['Multi Line String', '2']);
    expect(layer('context_areas')?.[2]).toBe('1');
  });

  it('gives the attributes, per-grade columns included, to ogr2ogr', () => {
    const json = JSON.parse(gdal('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', gpkg, 'schools']).replace(/^[^{]*/, '')) as { features: { properties: Record<string, unknown>; geometry: { coordinates: number[] } }[] };
    const first = json.features[0];
    expect(first.properties).toMatchObject({ id: '2136000001', name: '青溪县实验小学', school_type: 'primary', enrol_g1: 460, classes_g1: 8, capacity_primary: 2160 });
    expect(first.geometry.coordinates).toEqual([116.1, 26.1]);
  });

  it('uses its spatial index in a GDAL spatial filter', () => {
    const out = gdal('ogrinfo', ['-q', '-spat', '116.19', '26.19', '116.21', '26.21', gpkg, 'residences']);
    expect(out).toContain('上洋村');
    expect(out).not.toContain('幸福小区');
  });

  it('passes GDAL\'s GeoPackage validator', () => {
    const r = spawnSync('/usr/bin/python3', ['-m', 'osgeo_utils.samples.validate_gpkg', gpkg], { encoding: 'utf8' });
    if (r.error) throw new Error(`install gdal-bin and python3-gdal: ${r.error.message}`);
    expect(r.stderr + r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
