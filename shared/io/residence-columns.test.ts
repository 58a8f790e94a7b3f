// The residence column block: a round trip keeps every id, point, pupil figure and settlement; the
// light records rebuilt from it give the same evaluation as the full records (a polygon unit is
// carried by the interior point the engine uses for it).
import { describe, expect, it } from 'vitest';
import { columnsFromResidences, decodeResidenceColumns, encodeResidenceColumns, residencesFromColumns } from './residence-columns';
import { representativePoint } from '../geo/unit-outline';
import { evaluateScenario } from '../engine/evaluate';
import { syntheticCounty } from '../engine/synthetic-city';
import { defaultStandards } from '../model';
import type { Residence } from '../model';

describe('residence column block', () => {
  const units: Residence[] = [
    { id: 'R1', name: '幸福小区', namePinyin: null, kind: 'complex', settlement: 'urban', geometry: { type: 'Point', coordinates: [116.1, 26.1] }, township: null, households: 10, population: 30, pupilsByGrade: [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0.5], pupilSource: 'grade', extra: {} },
    { id: '块 2', name: 'block', namePinyin: null, kind: 'block', settlement: 'rural', geometry: { type: 'Polygon', coordinates: [[[116, 26], [116.01, 26], [116.01, 26.01], [116, 26.01], [116, 26]]] }, township: null, households: null, population: null, pupilsByGrade: Array(12).fill(1 / 6), pupilSource: 'ratio', extra: {} },
  ];

  it('round-trips ids, points, pupils, settlement and the polygon flag', () => {
    const d = columnsFromResidences(units, representativePoint);
    const back = decodeResidenceColumns(encodeResidenceColumns(d));
    expect(back.count).toBe(2);
    expect(back.ids).toEqual(['R1', '块 2']);
    expect([...back.x]).toEqual([116.1, representativePoint(units[1])[0]]);
    expect([...back.y]).toEqual([26.1, representativePoint(units[1])[1]]);
    expect([...back.pupils.subarray(0, 12)]).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 0, 0.5]);
    expect([...back.settlement]).toEqual([0, 2]);
    expect([...back.polygon]).toEqual([0, 1]);
    // an unaligned copy decodes too
    const bytes = encodeResidenceColumns(d);
    const shifted = new Uint8Array(bytes.length + 3);
    shifted.set(bytes, 3);
    expect(decodeResidenceColumns(shifted.subarray(3)).ids).toEqual(['R1', '块 2']);
  });

  it('stores whole-number pupils in a quarter of the bytes, exactly', () => {
    const whole = units.map((r) => ({ ...r, pupilsByGrade: r.pupilsByGrade.map((p, g) => g * 7 + 1) }));
    const d = columnsFromResidences(whole, representativePoint);
    const bytes = encodeResidenceColumns(d);
    expect(bytes.length).toBeLessThan(encodeResidenceColumns(columnsFromResidences(units, representativePoint)).length);
    expect([...decodeResidenceColumns(bytes).pupils]).toEqual([...d.pupils]);
  });

  it('refuses what is not a block, or a truncated one', () => {
    expect(() => decodeResidenceColumns(new Uint8Array(40))).toThrow(/not a residence column block/);
    const bytes = encodeResidenceColumns(columnsFromResidences(units, representativePoint));
    expect(() => decodeResidenceColumns(bytes.subarray(0, bytes.length - 1))).toThrow(/expected/);
  });

  it('gives the same evaluation as the records it was made from', () => {
    const county = syntheticCounty(4, 3, 12, 4000, 5);
    // a few polygon units among the points
    const residences: Residence[] = county.residences.map((r, k): Residence => (k % 50 === 0 && r.geometry.type === 'Point' ? { ...r, geometry: { type: 'Polygon' as const, coordinates: [[[r.geometry.coordinates[0], r.geometry.coordinates[1]], [r.geometry.coordinates[0] + 0.001, r.geometry.coordinates[1]], [r.geometry.coordinates[0] + 0.001, r.geometry.coordinates[1] + 0.001], [r.geometry.coordinates[0], r.geometry.coordinates[1]]]] as [number, number][][] } } : r));
    const light = residencesFromColumns(decodeResidenceColumns(encodeResidenceColumns(columnsFromResidences(residences, representativePoint))));
    const data = { schools: county.schools, catchments: county.catchments, roads: [], standards: defaultStandards() };
    const opts = { scenarioId: 'base', network: false };
    const a = evaluateScenario({ ...data, residences }, opts);
    const b = evaluateScenario({ ...data, residences: light }, opts);
    expect(b.levels.map((l) => l.schools.map((s) => [s.schoolId, s.pupils, s.residences]))).toEqual(a.levels.map((l) => l.schools.map((s) => [s.schoolId, s.pupils, s.residences])));
    expect(b.levels.map((l) => l.county)).toEqual(a.levels.map((l) => l.county));
  });
});
