// Real data: Durham Public Schools, North Carolina (../shared/data/real/durham-dps, see its
// PROVENANCE.md). The five regions are the high-school attendance zones (polygon catchments, in
// NC State Plane feet); the 851 planning units carry base high-school enrolment (`basez`, grades
// 9–12, used as pupils of grade 10); the five base high schools have the capacities PROVENANCE.md
// lists. Coordinates are reprojected to WGS84 with proj4, as an import would.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import proj4 from 'proj4';
import { describe, expect, it } from 'vitest';
import type { ArealGeometry, Catchment, Position, Residence, School } from '../../model';
import { defaultStandards, emptyGrades } from '../../model';
import { evaluateScenario } from '../evaluate';

const DIR = resolve(__dirname, '../../../../shared/data/real/durham-dps');
function need(file: string): { features: { properties: Record<string, unknown>; geometry: { type: string; coordinates: unknown } }[] } {
  const path = join(DIR, file);
  if (!existsSync(path)) throw new Error(`Real dataset missing: ${path} (the tests read ../shared/data beside the repository; see its PROVENANCE.md)`);
  return JSON.parse(readFileSync(path, 'utf8'));
}

const EPSG_2264 = '+proj=lcc +lat_0=33.75 +lon_0=-79 +lat_1=36.1666666666667 +lat_2=34.3333333333333 +x_0=609601.219202438 +y_0=0 +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=us-ft +no_defs';
const from2264 = proj4(EPSG_2264, 'WGS84');
const from3857 = proj4('EPSG:3857', 'WGS84');
const areal = (g: { type: string; coordinates: unknown }, t: proj4.Converter): ArealGeometry => {
  const ring = (r: Position[]) => r.map((p) => t.forward(p) as Position);
  return g.type === 'Polygon'
    ? { type: 'Polygon', coordinates: (g.coordinates as Position[][]).map(ring) }
    : { type: 'MultiPolygon', coordinates: (g.coordinates as Position[][][]).map((poly) => poly.map(ring)) };
};

const CAPACITY: Record<string, number> = { 'Northern High School': 1400, 'Jordan High School': 1510, 'Southern High School': 1340, 'Riverside High School': 1240, 'Hillside High School': 1335 };
const schools: School[] = need('dps_hs_locations.geojson').features.map((f) => ({
  id: String(f.properties.region_base), name: String(f.properties.name), namePinyin: null, type: 'senior', status: 'open',
  location: { type: 'Point', coordinates: from3857.forward(f.geometry.coordinates as Position) as Position }, township: null, address: null,
  classesByGrade: emptyGrades(), enrolmentByGrade: emptyGrades(), capacity: { senior: CAPACITY[String(f.properties.name)] }, staff: null, teachers: null, floorAreaM2: null, siteAreaM2: null, alliance: null, boarding: false, extra: {},
}));
const regions = need('durham_regions.geojson').features;
const catchments: Catchment[] = regions.map((f) => ({ id: `hs-${String(f.properties.region).toLowerCase()}`, scenarioId: 'base', level: 'senior', schoolId: String(f.properties.region).toLowerCase(), form: 'polygon', geometry: areal(f.geometry, from2264), unitIds: [] }));
const units = need('hs_full_geo.geojson').features;
const residences: Residence[] = units.map((f) => {
  const pupils = emptyGrades();
  pupils[9] = Number(f.properties.basez);
  return { id: `PU${f.properties.pu_2324_84}`, name: `PU ${f.properties.pu_2324_84}`, namePinyin: null, kind: 'block', settlement: 'urban', geometry: areal(f.geometry, from3857), township: String(f.properties.Region), households: null, population: null, pupilsByGrade: pupils, pupilSource: 'grade', extra: {} };
});

describe('Durham high-school regions as polygon catchments', () => {
  const ev = evaluateScenario({ schools, residences, catchments, roads: [], standards: defaultStandards() }, { scenarioId: 'base', levels: ['senior'] });
  const level = ev.levels[0];
  const row = (id: string) => level.schools.find((s) => s.schoolId === id)!;

  it('puts every planning unit in the region its data names, with no gap or overlap', () => {
    expect(level.gaps).toEqual([]);
    expect(level.overlaps).toEqual([]);
    const assigned = ev.assignment.senior ?? {};
    const wrong = units.filter((f) => assigned[`PU${f.properties.pu_2324_84}`] !== String(f.properties.Region).toLowerCase());
    expect(wrong.map((f) => f.properties.pu_2324_84)).toEqual([]);
  });

  it('reproduces the base students against capacity of PROVENANCE.md', () => {
    expect(level.county.pupils).toBe(7_058);
    expect(level.county.seats).toBe(6_825);
    expect([row('north').pupils, row('southwest').pupils, row('east').pupils, row('southeast').pupils, row('central').pupils]).toEqual([1_906, 2_001, 1_103, 1_068, 980]);
    expect(Math.round(row('north').utilisation! * 100)).toBe(136);
    expect(Math.round(row('southwest').utilisation! * 100)).toBe(133);
    expect(level.county.overCapacitySchools).toBe(2);
    expect(level.county.seatGap).toBe(1_906 - 1_400 + 2_001 - 1_510);
  });

  it('finds Riverside High School outside the Central region it serves, and measures the regions', () => {
    const byId = new Map(level.catchments.map((c) => [c.catchmentId, c]));
    expect(byId.get('hs-central')!.schoolOutside).toBe(true);
    expect(['hs-north', 'hs-east', 'hs-southeast', 'hs-southwest'].map((id) => byId.get(id)!.schoolOutside)).toEqual([false, false, false, false]);
    // Areas against the layer's own Shape_Area (ft² in the State Plane projection): within 0.5 %.
    for (const f of regions) {
      const km2 = (Number(f.properties.Shape_Area) * 0.3048006096 ** 2) / 1e6;
      expect(byId.get(`hs-${String(f.properties.region).toLowerCase()}`)!.areaKm2! / km2).toBeCloseTo(1, 2);
    }
  });
});
