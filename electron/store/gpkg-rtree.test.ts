// The packed R-tree of a bulk load (gpkg-rtree.ts) against SQLite's own R*Tree module: the same
// entries bit for bit, the same answers to box queries, a valid tree by SQLite's and GDAL's checks,
// and still a working index for the row-by-row inserts and deletes that follow.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createProject, openProject } from '.';
import type { Residence } from '../../shared/model';
import { registerGpkgFunctions } from './gpkg';
import { EnvelopeList, packRtree } from './gpkg-rtree';
import * as F from './fixtures.test-helpers';

let dir: string;
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'snp-rtree-')); });
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const N = 20_000;

/** A seeded generator (tests must not vary between runs). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Points and a few small polygons over a county, some attributes left at their column defaults. */
function residences(seed: number, n: number, idPrefix = 'R'): Residence[] {
  const rnd = mulberry32(seed);
  return Array.from({ length: n }, (_, k): Residence => {
    const x = 116 + rnd() * 0.6;
    const y = 26 + rnd() * 0.5;
    const polygon = k % 37 === 0;
    return {
      ...F.residences[1], id: `${idPrefix}${k}`, name: `小区${k}`,
      geometry: polygon ? { type: 'Polygon', coordinates: [[[x, y], [x + 0.002, y], [x + 0.002, y + 0.0015], [x, y + 0.0015], [x, y]]] } : { type: 'Point', coordinates: [x, y] },
      // The first thousand rows leave these at their defaults (the bulk insert leaves such columns out).
      township: k < 1000 ? null : `镇${k % 5}`, households: k < 1000 ? null : k % 300, extra: k < 1000 ? {} : { 备注: `第${k}行` },
      pupilsByGrade: Array.from({ length: 12 }, (_, g) => (k < 1000 || g >= 9 ? 0 : (k + g) % 7)),
    };
  });
}

function rtreeEntries(path: string): unknown[] {
  const db = new Database(path, { readonly: true });
  try {
    return db.prepare('SELECT id, minx, maxx, miny, maxy FROM rtree_residences_geom ORDER BY id').raw(true).all();
  } finally {
    db.close();
  }
}

function checks(path: string): { rtree: unknown; integrity: unknown } {
  const db = new Database(path, { readonly: true });
  try {
    return { rtree: db.prepare("SELECT rtreecheck('rtree_residences_geom') AS r").pluck().get(), integrity: db.prepare('PRAGMA integrity_check').pluck().get() };
  } finally {
    db.close();
  }
}

describe('a bulk-loaded R-tree', () => {
  const rows = residences(5, N);
  let packed: string;
  let oracle: string;

  beforeAll(() => {
    packed = join(dir, 'packed.sqlite');
    const a = createProject(packed, { name: 'packed', region: null, appVersion: '0' });
    a.residences.insertMany(rows); // ≥ 2000 rows: the bulk path
    a.close();
    oracle = join(dir, 'oracle.sqlite');
    const b = createProject(oracle, { name: 'oracle', region: null, appVersion: '0' });
    for (let k = 0; k < N; k += 1000) b.residences.insertMany(rows.slice(k, k + 1000)); // GDAL's triggers, row by row
    b.close();
  });

  it('holds exactly the entries SQLite itself stores, float32 rounding outwards included', () => {
    const got = rtreeEntries(packed);
    expect(got).toHaveLength(N);
    expect(got).toEqual(rtreeEntries(oracle));
  });

  it('passes rtreecheck() and PRAGMA integrity_check', () => {
    expect(checks(packed)).toEqual({ rtree: 'ok', integrity: 'ok' });
  });

  it('keeps every attribute, columns left at their defaults included', () => {
    const s = openProject(packed);
    expect(s.residences.list()).toEqual(rows);
    s.close();
  });

  it('answers box queries as the row-by-row index does', () => {
    const a = openProject(packed);
    const b = openProject(oracle);
    const rnd = mulberry32(9);
    let found = 0;
    for (let q = 0; q < 200; q++) {
      const x = 116 + rnd() * 0.6;
      const y = 26 + rnd() * 0.5;
      const w = rnd() * 0.05;
      const box: [number, number, number, number] = [x, y, x + w, y + w * 0.8];
      const ids = a.residences.list({ bbox: box }).map((r) => r.id).sort();
      expect(ids).toEqual(b.residences.list({ bbox: box }).map((r) => r.id).sort());
      found += ids.length;
    }
    expect(found).toBeGreaterThan(1000); // the queries were not all empty
    a.close();
    b.close();
  });

  it('stays a valid index through later row-by-row inserts and deletes', () => {
    const more = residences(6, 600, 'S');
    for (const path of [packed, oracle]) {
      const s = openProject(path);
      s.residences.insertMany(more); // < 2000 rows: through the triggers
      s.close();
      const db = new Database(path);
      registerGpkgFunctions(db);
      db.prepare('DELETE FROM residences WHERE fid % 7 = 0 OR fid BETWEEN 5000 AND 9000').run(); // condenses and reinserts nodes
      db.prepare("UPDATE residences SET geom = (SELECT geom FROM residences WHERE id = 'R1') WHERE fid % 11 = 0").run();
      db.close();
    }
    expect(checks(packed)).toEqual({ rtree: 'ok', integrity: 'ok' });
    expect(rtreeEntries(packed)).toEqual(rtreeEntries(oracle));
  });

  it('passes GDAL\'s GeoPackage validator', () => {
    const gpkg = join(dir, 'packed.gpkg');
    copyFileSync(packed, gpkg);
    const r = spawnSync('/usr/bin/python3', ['-m', 'osgeo_utils.samples.validate_gpkg', gpkg], { encoding: 'utf8' });
    if (r.error) throw new Error(`install gdal-bin and python3-gdal: ${r.error.message}`);
    expect(r.stderr + r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});

describe('packRtree', () => {
  it('builds trees of one leaf, of two levels and of three levels', () => {
    for (const n of [1, 7, 51, 52, 2601, 2602, 30_000]) {
      const db = new Database(':memory:');
      const list = new EnvelopeList();
      const rnd = mulberry32(n);
      for (let k = 1; k <= n; k++) {
        const x = -180 + rnd() * 360;
        const y = -90 + rnd() * 180;
        list.push(k * 3, x, y, x + rnd(), y + rnd());
      }
      packRtree(db, 'rt', list);
      expect(db.prepare("SELECT rtreecheck('rt')").pluck().get(), `n = ${n}`).toBe('ok');
      expect(db.prepare('SELECT count(*) FROM rt').pluck().get()).toBe(n);
      // Every entry is found by a query for its own box.
      for (let k = 0; k < Math.min(n, 200); k++) {
        const [x0, y0, x1, y1] = list.boxes.subarray(4 * k, 4 * k + 4);
        const hits = db.prepare('SELECT id FROM rt WHERE minx <= ? AND maxx >= ? AND miny <= ? AND maxy >= ?').pluck().all(x1, x0, y1, y0);
        expect(hits).toContain(list.fids[k]);
      }
      db.close();
    }
  });

  it('leaves an empty index for no rows', () => {
    const db = new Database(':memory:');
    packRtree(db, 'rt', new EnvelopeList());
    expect(db.prepare("SELECT rtreecheck('rt')").pluck().get()).toBe('ok');
    expect(db.prepare('SELECT count(*) FROM rt').pluck().get()).toBe(0);
    db.close();
  });
});
