// The demo county as a project: everything in resources/demo arrives, the unit-set catchments get
// outlines, and the file is a GeoPackage that GDAL reads and validates.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDemoProject } from './demo-project';
import type { ProjectStore } from '../store';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let store: ProjectStore;
const demo = JSON.parse(readFileSync(join(ROOT, 'resources', 'demo', 'project.json'), 'utf8')) as { counts: { schools: number; residences: number; roads: number; housing: number; townships: number } };

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snp-demo-project-'));
  store = createDemoProject(join(dir, 'demo.gpkg'), join(ROOT, 'resources'), '0.0.0-test');
}, 120_000);
afterAll(() => {
  store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('the demo county project', () => {
  it('holds every school, residence unit, road and housing development of resources/demo', () => {
    expect(store.schools.count()).toBe(demo.counts.schools);
    expect(store.residences.count()).toBe(demo.counts.residences);
    expect(store.roads.count()).toBe(demo.counts.roads);
    expect(store.housing.count()).toBe(demo.counts.housing);
    expect(store.context.list().filter((c) => c.kind === 'township')).toHaveLength(demo.counts.townships);
    expect(store.meta().name).toBe('青溪县（演示）');
  });

  it('lists every residence in exactly one primary catchment, and derives each outline', () => {
    const primary = store.catchments.list({ scenarioId: 'baseline', level: 'primary' });
    const listed = primary.flatMap((c) => c.unitIds);
    expect(listed.length).toBe(demo.counts.residences);
    expect(new Set(listed).size).toBe(listed.length);
    expect(primary.every((c) => c.form === 'units' && c.geometry !== null)).toBe(true);
    const junior = store.catchments.list({ level: 'junior' });
    expect(junior.every((c) => c.form === 'polygon' && c.geometry !== null)).toBe(true);
  });

  it('is a GeoPackage GDAL validates and reads layer by layer', () => {
    store.checkpoint();
    const copy = join(dir, 'copy.gpkg');
    copyFileSync(join(dir, 'demo.gpkg'), copy);
    const v = spawnSync('/usr/bin/python3', ['-m', 'osgeo_utils.samples.validate_gpkg', copy], { encoding: 'utf8' });
    if (v.error) throw new Error(`install gdal-bin and python3-gdal: ${v.error.message}`);
    expect(v.stdout + v.stderr).toBe('');
    expect(v.status).toBe(0);
    const info = spawnSync('ogrinfo', ['-so', '-al', copy], { encoding: 'utf8' }).stdout;
    expect(info).toMatch(new RegExp(`Layer name: schools\\n(?:.*\\n)*?Feature Count: ${demo.counts.schools}\\n`));
    expect(info).toMatch(new RegExp(`Layer name: residences\\n(?:.*\\n)*?Feature Count: ${demo.counts.residences}\\n`));
    expect(statSync(copy).size).toBeLessThan(20e6);
  });
});
