// The residence view the map draws for a large project: bins conserve units and pupils, the
// detail view lists exactly the units in the box, and an index-based search gives what the scan gives.
import { describe, expect, it } from 'vitest';
import Flatbush from 'flatbush';
import type { BBox } from '../model';
import { decodeResidenceColumns, encodeResidenceColumns, type ResidenceColumnData } from '../io/residence-columns';
import { mulberry32 } from '../engine/synthetic-city';
import { DETAIL_ZOOM, MAX_VIEW_UNITS, residenceBins, residenceView, scanRows } from './residence-view';

/** Seeded units over [116, 26]–[116.5, 26.4], some without a point, pupils 0–3 a grade. */
function block(n: number, seed = 7): ResidenceColumnData {
  const rnd = mulberry32(seed);
  const d: ResidenceColumnData = {
    count: n, ids: Array.from({ length: n }, (_, k) => `R${k}`), x: new Float64Array(n), y: new Float64Array(n),
    pupils: new Float64Array(12 * n), settlement: new Uint8Array(n), polygon: new Uint8Array(n),
  };
  for (let k = 0; k < n; k++) {
    const missing = k % 97 === 0;
    d.x[k] = missing ? Number.NaN : 116 + 0.5 * rnd();
    d.y[k] = missing ? Number.NaN : 26 + 0.4 * rnd();
    for (let g = 0; g < 12; g++) d.pupils[12 * k + g] = Math.floor(4 * rnd());
    d.settlement[k] = k % 3;
  }
  // Through the wire format, as the backend and the worker read it (pupils as u16).
  return decodeResidenceColumns(encodeResidenceColumns(d));
}

const sumPupils = (d: ResidenceColumnData, k: number, grades: number[] | null) =>
  (grades ?? [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).reduce((a, g) => a + d.pupils[12 * k + g - 1], 0);

describe('residenceView', () => {
  const d = block(20_000);
  const all: BBox = [115.9, 25.9, 116.6, 26.5];

  it('bins every located unit and pupil of the box once when zoomed out', () => {
    for (const grades of [null, [1, 2, 3, 4, 5, 6], [7]]) {
      const v = residenceView(d, { bbox: all, zoom: 10, grades });
      expect(v.detail).toBe(false);
      const located = scanRows(d, all);
      let pupils = 0;
      for (const k of located) pupils += sumPupils(d, k, grades);
      const bins = v.features.features.map((f) => f.properties as { count: number; pupils: number });
      expect(bins.reduce((a, b) => a + b.count, 0)).toBe(located.length);
      expect(bins.reduce((a, b) => a + b.pupils, 0)).toBe(pupils);
      expect(located.length).toBe(d.count - Math.ceil(d.count / 97));
    }
  });

  it('keeps bins on a grid fixed to the world: a panned view gives the same bins where both see all of a bin', () => {
    const cell = (28 * 360) / (512 * 2 ** 11);
    const a = residenceBins(d, { bbox: [116, 26, 116.5, 26.4], zoom: 11, grades: null });
    const b = residenceBins(d, { bbox: [116 + 3 * cell, 26, 116.5 + 3 * cell, 26.4], zoom: 11, grades: null });
    const key = (f: (typeof a)[number]) => f.geometry.coordinates.join(',');
    const inA = new Map(a.map((f) => [key(f), f.properties]));
    // bins wholly inside both views (away from both views' west and east edges)
    const inner = b.filter((f) => f.geometry.coordinates[0] > 116 + 5 * cell && f.geometry.coordinates[0] < 116.5 - 2 * cell);
    expect(inner.length).toBeGreaterThan(50);
    for (const f of inner) expect(inA.get(key(f))).toEqual(f.properties);
  });

  it('lists exactly the units in the box, in row order, from the detail zoom', () => {
    const box: BBox = [116.1, 26.1, 116.13, 26.12];
    const v = residenceView(d, { bbox: box, zoom: DETAIL_ZOOM, grades: [1, 2, 3, 4, 5, 6] });
    expect(v.detail).toBe(true);
    const expected: number[] = [];
    for (let k = 0; k < d.count; k++) if (d.x[k] >= box[0] && d.x[k] <= box[2] && d.y[k] >= box[1] && d.y[k] <= box[3]) expected.push(k);
    expect(expected.length).toBeGreaterThan(10);
    expect(v.features.features.map((f) => f.id)).toEqual(expected);
    for (const f of v.features.features) {
      const k = f.id!;
      expect(f.properties).toEqual({ id: `R${k}`, name: `R${k}`, pupils: sumPupils(d, k, [1, 2, 3, 4, 5, 6]), settlement: ['urban', 'town', 'rural'][k % 3] });
      expect(f.geometry.coordinates).toEqual([d.x[k], d.y[k]]);
    }
  });

  it('gives the same view from a spatial index as from the scan (the worker and the backend agree)', () => {
    const rows: number[] = [];
    for (let k = 0; k < d.count; k++) if (Number.isFinite(d.x[k])) rows.push(k);
    const index = new Flatbush(rows.length);
    for (const k of rows) index.add(d.x[k], d.y[k], d.x[k], d.y[k]);
    index.finish();
    const search = (b: BBox) => Int32Array.from(index.search(b[0], b[1], b[2], b[3]), (i) => rows[i]).sort();
    for (const box of [[116.2, 26.2, 116.25, 26.23], [116.45, 26.35, 116.7, 26.6], [117, 27, 117.1, 27.1]] as BBox[]) {
      expect(residenceView(d, { bbox: box, zoom: 14, grades: null }, search)).toEqual(residenceView(d, { bbox: box, zoom: 14, grades: null }));
    }
  });

  it('falls back to bins when a zoomed-in view holds more units than the map draws at once', () => {
    const many = block(MAX_VIEW_UNITS + 5_000, 3);
    const v = residenceView(many, { bbox: all, zoom: DETAIL_ZOOM + 1, grades: null });
    expect(v.detail).toBe(false);
    expect(v.features.features.reduce((a, f) => a + (f.properties as { count: number }).count, 0)).toBe(scanRows(many, all).length);
  });

  it('gives nothing for a box too large for a grid rather than running out of memory', () => {
    expect(residenceBins(d, { bbox: [-180, -90, 180, 90], zoom: 12, grades: null })).toEqual([]);
  });
});
