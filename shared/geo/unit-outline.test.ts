// Derived outlines of unit-set catchments: they contain their units, do not overlap, and tile the clip area.
import { describe, expect, it } from 'vitest';
import { area, booleanPointInPolygon, intersect, featureCollection, polygon } from '@turf/turf';
import type { Catchment, Residence, PolygonGeometry, ArealGeometry } from '../model';
import { emptyGrades } from '../model';
import { deriveUnitOutlines, representativePoint } from './unit-outline';

const county: PolygonGeometry = { type: 'Polygon', coordinates: [[[116, 26], [116.2, 26], [116.2, 26.2], [116, 26.2], [116, 26]]] };

function unit(id: string, lon: number, lat: number): Residence {
  return { id, name: id, namePinyin: null, kind: 'village', settlement: 'rural', geometry: { type: 'Point', coordinates: [lon, lat] }, township: null, households: 10, population: 30, pupilsByGrade: emptyGrades(), pupilSource: 'grade', extra: {} };
}

function catchment(id: string, unitIds: string[]): Catchment {
  return { id, scenarioId: 'baseline', level: 'primary', schoolId: id, form: 'units', geometry: null, unitIds };
}

const residences = [unit('a1', 116.03, 26.03), unit('a2', 116.05, 26.16), unit('b1', 116.15, 26.05), unit('b2', 116.17, 26.17), unit('b3', 116.12, 26.1)];
const catchments = [catchment('A', ['a1', 'a2']), catchment('B', ['b1', 'b2', 'b3'])];

const f = (g: ArealGeometry) => ({ type: 'Feature' as const, properties: {}, geometry: g });

describe('deriveUnitOutlines', () => {
  const outlines = deriveUnitOutlines(catchments, residences, county);

  it('gives every unit-set catchment an outline containing each of its units', () => {
    for (const c of catchments) {
      const g = outlines.get(c.id);
      expect(g, c.id).toBeTruthy();
      for (const id of c.unitIds) {
        const r = residences.find((x) => x.id === id)!;
        expect(booleanPointInPolygon(representativePoint(r), f(g!)), `${id} in ${c.id}`).toBe(true);
      }
    }
  });

  it('tiles the county: outlines do not overlap and their areas add up to the county', () => {
    const a = outlines.get('A')!;
    const b = outlines.get('B')!;
    const overlap = intersect(featureCollection([f(a), f(b)]));
    expect(overlap ? area(overlap) : 0).toBeLessThan(1); // m²: numerical dust only
    const total = area(f(a)) + area(f(b));
    expect(total / area(polygon(county.coordinates))).toBeCloseTo(1, 6);
  });

  it('skips polygon catchments and gives an empty unit set no outline', () => {
    const poly: Catchment = { ...catchment('P', []), form: 'polygon', geometry: county };
    const out = deriveUnitOutlines([poly, catchment('E', [])], residences, county);
    expect(out.has('P')).toBe(false);
    expect(out.get('E')).toBeNull();
  });

  it('uses a point inside a polygon unit as its site', () => {
    const r: Residence = { ...unit('p', 0, 0), geometry: { type: 'Polygon', coordinates: [[[116.1, 26.1], [116.11, 26.1], [116.11, 26.11], [116.1, 26.11], [116.1, 26.1]]] } };
    const [x, y] = representativePoint(r);
    expect(x).toBeGreaterThanOrEqual(116.1);
    expect(x).toBeLessThanOrEqual(116.11);
    expect(y).toBeGreaterThanOrEqual(26.1);
    expect(y).toBeLessThanOrEqual(26.11);
  });
});
