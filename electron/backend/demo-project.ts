// Writes the demo county (resources/demo) into a new project file: parse the inputs, derive the
// outlines of unit-set catchments, insert everything in one transaction, index.
import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_FILES, parseDemoCounty, type CountyInputs, type DemoFileName } from '../../shared/io/demo-county';
import { deriveUnitOutlines } from '../../shared/geo/unit-outline';
import type { ArealGeometry } from '../../shared/model';
import { createProject, openProject, type ProjectStore } from '../store';

export type ProgressFn = (phase: string, done: number, total: number) => void;

export function readDemoInputs(resourcesDir: string, createdAt: string): CountyInputs {
  const dir = join(resourcesDir, 'demo');
  const files = {} as Record<DemoFileName, string>;
  for (const name of DEMO_FILES) {
    try {
      files[name] = readFileSync(join(dir, name), 'utf8');
    } catch {
      throw new Error(`The demo county input ${join(dir, name)} is missing; the app's resources folder is incomplete`);
    }
  }
  return parseDemoCounty(files, createdAt);
}

/** Fills outlines of unit-set catchments, clipped to the county boundary. */
export function withDerivedOutlines(inputs: CountyInputs): CountyInputs {
  const county = inputs.context.find((c) => c.kind === 'county');
  const clip = county && (county.geometry.type === 'Polygon' || county.geometry.type === 'MultiPolygon') ? (county.geometry as ArealGeometry) : null;
  const outlines = deriveUnitOutlines(inputs.catchments, inputs.residences, clip);
  return { ...inputs, catchments: inputs.catchments.map((c) => (outlines.has(c.id) ? { ...c, geometry: outlines.get(c.id) ?? null } : c)) };
}

/**
 * Writes a whole county into a new project at `path`. The file is built beside the target and
 * moved into place only when complete, so a failure never leaves a half-written project (and an
 * existing file is replaced only with overwrite).
 */
export function writeCountyProject(path: string, inputs: CountyInputs, appVersion: string, opts: { overwrite?: boolean; name?: string }, progress: ProgressFn = () => {}): ProjectStore {
  if (existsSync(path) && !opts.overwrite) throw new Error(`${path} already exists; choose another file or allow overwriting`);
  const temp = `${path}.partial-${process.pid}`;
  const cleanTemp = () => {
    for (const suffix of ['', '-wal', '-shm', '-journal']) rmSync(temp + suffix, { force: true });
  };
  cleanTemp();
  const store = createProject(temp, { name: opts.name ?? inputs.name, region: inputs.region, appVersion });
  try {
    const steps = 6;
    store.transaction(() => {
      store.scenarios.insert(inputs.baseline);
      progress('context', 1, steps);
      store.context.insertMany(inputs.context);
      progress('schools', 2, steps);
      store.schools.insertMany(inputs.schools);
      progress('residences', 3, steps);
      store.residences.insertMany(inputs.residences);
      progress('catchments', 4, steps);
      store.catchments.insertMany(inputs.catchments);
      progress('roads', 5, steps);
      store.roads.insertMany(inputs.roads);
      store.housing.insertMany(inputs.housing);
      store.buildSpatialIndexes();
    });
    store.checkpoint();
    store.close();
    for (const suffix of ['-wal', '-shm']) rmSync(path + suffix, { force: true });
    renameSync(temp, path);
    progress('done', steps, steps);
  } catch (e) {
    try {
      store.close();
    } catch {
      // already closed
    }
    cleanTemp();
    throw e;
  }
  return openProject(path, { appVersion });
}

export function createDemoProject(path: string, resourcesDir: string, appVersion: string, opts: { overwrite?: boolean; name?: string } = {}, progress: ProgressFn = () => {}): ProjectStore {
  progress('reading', 0, 6);
  const inputs = withDerivedOutlines(readDemoInputs(resourcesDir, new Date().toISOString()));
  return writeCountyProject(path, inputs, appVersion, opts, progress);
}
