// CRS parsing, conversion, labels and coordinate checks. Known points come from the real datasets
// beside the repository (../shared/data/real/*, see their PROVENANCE.md): Fairfax (EPSG:2283 feet
// shapefile + its .prj), Durham (EPSG:3857 points with published WGS84 and NC State Plane values),
// Hangzhou (GCJ-02 school points).
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { BBox, Geometry } from '../model/geometry';
import {
  firstWithSameCoordinates,
  KNOWN_EPSG_CODES, coordinateChecks, crsFromDeclared, describeCrs, fromWgs84, guessCrs, parseCrs,
  toWgs84, transformGeometry, type AnyGeometry, type CrsSpec,
} from './crs';

const REAL = resolve(__dirname, '../../../shared/data/real');
function need(...parts: string[]): string {
  const path = join(REAL, ...parts);
  if (!existsSync(path)) throw new Error(`Real dataset missing: ${path} (the tests read ../shared/data beside the repository; see its PROVENANCE.md)`);
  return path;
}
const readJson = <T>(...parts: string[]): T => JSON.parse(readFileSync(need(...parts), 'utf8')) as T;

/** Great-circle metres, for "moved by about" checks. */
function metres(a: [number, number], b: [number, number]): number {
  const r = Math.PI / 180;
  const h = Math.sin(((b[1] - a[1]) * r) / 2) ** 2 + Math.cos(a[1] * r) * Math.cos(b[1] * r) * Math.sin(((b[0] - a[0]) * r) / 2) ** 2;
  return 2 * 6371008.8 * Math.asin(Math.sqrt(h));
}
const proj = (crs: CrsSpec) => {
  if (crs.kind !== 'proj') throw new Error(`expected a proj CRS, got ${crs.kind}`);
  return crs;
};

describe('parseCrs', () => {
  it('reads the named systems', () => {
    expect(parseCrs('wgs84')).toEqual({ kind: 'wgs84' });
    expect(parseCrs(' WGS 84 ')).toEqual({ kind: 'wgs84' });
    expect(parseCrs('EPSG:4326')).toEqual({ kind: 'wgs84' });
    expect(parseCrs('gcj02')).toEqual({ kind: 'gcj02' });
    expect(parseCrs('GCJ-02')).toEqual({ kind: 'gcj02' });
    expect(parseCrs('bd09')).toEqual({ kind: 'bd09' });
    const cgcs = proj(parseCrs('cgcs2000'));
    expect(cgcs.code).toBe('EPSG:4490');
    expect(parseCrs('EPSG:4490')).toEqual(cgcs);
  });

  it('reads EPSG codes in every spelling', () => {
    const a = parseCrs('EPSG:2283');
    expect(parseCrs('epsg:2283')).toEqual(a);
    expect(parseCrs('2283')).toEqual(a);
    expect(parseCrs('urn:ogc:def:crs:EPSG::2283')).toEqual(a);
    expect(proj(a)).toMatchObject({ code: 'EPSG:2283', name: 'NAD83 / Virginia North (US ft)' });
    expect(proj(parseCrs('EPSG:900913')).code).toBe('EPSG:3857');
  });

  it('generates the zone series with the right parameters', () => {
    const def = (code: number) => proj(parseCrs(`EPSG:${code}`)).definition;
    const params = (code: number) => {
      const d = def(code);
      return { lon0: Number(/\+lon_0=(\S+)/.exec(d)?.[1]), x0: Number(/\+x_0=(\S+)/.exec(d)?.[1]) };
    };
    // CGCS2000 3° zone-prefixed 4513–4533 (zones 25–45), CM variants 4534–4554.
    expect(params(4513)).toEqual({ lon0: 75, x0: 25_500_000 });
    expect(params(4527)).toEqual({ lon0: 117, x0: 39_500_000 });
    expect(params(4533)).toEqual({ lon0: 135, x0: 45_500_000 });
    expect(params(4534)).toEqual({ lon0: 75, x0: 500_000 });
    expect(params(4547)).toEqual({ lon0: 114, x0: 500_000 });
    expect(params(4549)).toEqual({ lon0: 120, x0: 500_000 });
    expect(params(4554)).toEqual({ lon0: 135, x0: 500_000 });
    // CGCS2000 6° zone-prefixed 4491–4501 (zones 13–23), CM variants 4502–4512.
    expect(params(4491)).toEqual({ lon0: 75, x0: 13_500_000 });
    expect(params(4498)).toEqual({ lon0: 117, x0: 20_500_000 });
    expect(params(4501)).toEqual({ lon0: 135, x0: 23_500_000 });
    expect(params(4502)).toEqual({ lon0: 75, x0: 500_000 });
    expect(params(4512)).toEqual({ lon0: 135, x0: 500_000 });
    for (const code of [4513, 4534, 4491, 4502]) expect(def(code)).toMatch(/\+proj=tmerc .*\+k=1 .*\+ellps=GRS80/);
    // UTM
    expect(def(32650)).toBe('+proj=utm +zone=50 +datum=WGS84 +units=m +no_defs');
    expect(def(32601)).toContain('+zone=1 ');
    expect(def(32760)).toBe('+proj=utm +zone=60 +south +datum=WGS84 +units=m +no_defs');
    expect(KNOWN_EPSG_CODES).toHaveLength(7 + 21 * 2 + 11 * 2 + 60 * 2);
    expect(proj(parseCrs('EPSG:4214')).name).toMatch(/approximate/);
  });

  it('accepts proj4 strings and WKT, including the Fairfax .prj', () => {
    const p = proj(parseCrs('+proj=tmerc +lat_0=0 +lon_0=117 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs'));
    expect(p.code).toBeNull();
    const prj = readFileSync(need('fairfax-fcps', 'School_Facilities.prj'), 'utf8');
    const w = proj(parseCrs(prj));
    expect(w.definition).toBe(prj.trim());
    // ESRI name, verified to convert like the table's EPSG:2283.
    expect(w.code).toBe('EPSG:2283');
    const wkt2 = 'GEOGCRS["NAD83",DATUM["North American Datum 1983",ELLIPSOID["GRS 1980",6378137,298.257222101,LENGTHUNIT["metre",1]]],'
      + 'PRIMEM["Greenwich",0,ANGLEUNIT["degree",0.0174532925199433]],CS[ellipsoidal,2],'
      + 'AXIS["geodetic latitude (Lat)",north,ORDER[1],ANGLEUNIT["degree",0.0174532925199433]],'
      + 'AXIS["geodetic longitude (Lon)",east,ORDER[2],ANGLEUNIT["degree",0.0174532925199433]],ID["EPSG",4269]]';
    expect(proj(parseCrs(wkt2)).code).toBe('EPSG:4269');
    // A declared id the table does not know is kept; one the WKT contradicts is dropped.
    const tm = (id: string) => 'PROJCS["Some TM",GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563]],'
      + 'PRIMEM["Greenwich",0],UNIT["degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],'
      + `PARAMETER["central_meridian",9],PARAMETER["scale_factor",0.9996],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1],AUTHORITY["EPSG","${id}"]]`;
    expect(proj(parseCrs(tm('32632')))).toMatchObject({ code: 'EPSG:32632', name: 'WGS 84 / UTM zone 32N' }); // matches the table
    expect(proj(parseCrs(tm('25832'))).code).toBe('EPSG:25832');
    expect(proj(parseCrs(tm('32650'))).code).toBeNull(); // claims UTM 50N (CM 117°E) with CM 9°E
  });

  it('treats custom longlat definitions as geographic', () => {
    const crs = parseCrs('+proj=longlat +ellps=krass +towgs84=15.8,-154.4,-82.3,0,0,0,0 +no_defs');
    const r = coordinateChecks([{ row: 1, x: 39_500_000, y: 2_900_000 }], crs);
    expect(r.problems.map((p) => p.code)).toEqual(['projected-as-geographic']);
  });

  it('explains what it cannot read, naming the input', () => {
    expect(() => parseCrs('EPSG:9999')).toThrow('EPSG:9999 is not known here; give the .prj file or a proj4 definition');
    expect(() => parseCrs('9999')).toThrow('EPSG:9999 is not known here');
    expect(() => parseCrs('Xian80')).toThrow(/"Xian80" is not a coordinate system known here/);
    expect(() => parseCrs('+proj=foo')).toThrow(/\+proj=foo.*could not be read by proj4/);
    expect(() => parseCrs('PROJCS["broken"')).toThrow(/PROJCS\["broken".*could not be read/);
    expect(() => parseCrs('  ')).toThrow(/No coordinate system given/);
    expect(() => parseCrs('bd09mc')).toThrow(/bd09mc.*not supported/);
  });
});

describe('crsFromDeclared', () => {
  it('reads GeoJSON crs names, EPSG numbers and WKT', () => {
    expect(proj(crsFromDeclared({ kind: 'name', value: 'urn:ogc:def:crs:EPSG::4269' })!).code).toBe('EPSG:4269');
    expect(crsFromDeclared({ kind: 'name', value: 'urn:ogc:def:crs:OGC:1.3:CRS84' })).toEqual({ kind: 'wgs84' });
    expect(crsFromDeclared({ kind: 'name', value: 'http://www.opengis.net/def/crs/OGC/1.3/CRS84' })).toEqual({ kind: 'wgs84' });
    expect(proj(crsFromDeclared({ kind: 'name', value: 'EPSG:3857' })!).code).toBe('EPSG:3857');
    expect(proj(crsFromDeclared({ kind: 'epsg', value: '2264' })!).code).toBe('EPSG:2264');
    const prj = readFileSync(need('fairfax-fcps', 'School_Facilities.prj'), 'utf8');
    expect(proj(crsFromDeclared({ kind: 'wkt', value: prj })!).code).toBe('EPSG:2283');
  });

  it('reads the crs members of the real GeoJSON files', () => {
    const declared = (...parts: string[]) =>
      crsFromDeclared({ kind: 'name', value: readJson<{ crs: { properties: { name: string } } }>(...parts).crs.properties.name });
    expect(proj(declared('durham-dps', 'hs_full_geo.geojson')!).code).toBe('EPSG:3857');
    expect(proj(declared('durham-dps', 'durham_regions.geojson')!).code).toBe('EPSG:2264');
    expect(proj(declared('fairfax-fcps', 'ffx_blocks.geojson')!).code).toBe('EPSG:4269');
    expect(declared('fairfax-fcps', 'scenario_2_hs.geojson')).toEqual({ kind: 'wgs84' });
  });

  it('returns null for empty or unresolvable declarations', () => {
    expect(crsFromDeclared({ kind: 'name', value: '' })).toBeNull();
    expect(crsFromDeclared({ kind: 'name', value: 'urn:ogc:def:crs:EPSG::9999' })).toBeNull();
    expect(crsFromDeclared({ kind: 'epsg', value: 'abc' })).toBeNull();
    expect(crsFromDeclared({ kind: 'wkt', value: 'EPSG:4326' })).toBeNull();
  });
});

describe('toWgs84 / fromWgs84', () => {
  it('Fairfax School_Facilities: EPSG:2283 feet and the .prj agree and land in Fairfax County', () => {
    const shp = readFileSync(need('fairfax-fcps', 'School_Facilities.shp'));
    // Shapefile header bbox (bytes 36–67, little-endian doubles), then point records.
    const bbox = [36, 44, 52, 60].map((o) => shp.readDoubleLE(o));
    expect(bbox[0]).toBeCloseTo(11771760, -2);
    expect(bbox[3]).toBeCloseTo(7050035, -2);
    const points: [number, number][] = [];
    for (let off = 100; off < shp.length;) {
      const len = shp.readInt32BE(off + 4) * 2;
      if (shp.readInt32LE(off + 8) === 1) points.push([shp.readDoubleLE(off + 12), shp.readDoubleLE(off + 20)]);
      off += 8 + len;
    }
    expect(points).toHaveLength(260);
    const byCode = toWgs84(parseCrs('EPSG:2283'));
    const byPrj = toWgs84(parseCrs(readFileSync(need('fairfax-fcps', 'School_Facilities.prj'), 'utf8')));
    for (const [x, y] of [...points, [bbox[0], bbox[1]], [bbox[2], bbox[3]]] as [number, number][]) {
      const [lon, lat] = byCode(x, y);
      expect(lon).toBeGreaterThan(-77.6);
      expect(lon).toBeLessThan(-77.0);
      expect(lat).toBeGreaterThan(38.6);
      expect(lat).toBeLessThan(39.1);
      const [lon2, lat2] = byPrj(x, y);
      expect(Math.abs(lon2 - lon)).toBeLessThan(1e-9);
      expect(Math.abs(lat2 - lat)).toBeLessThan(1e-9);
    }
  });

  it('Durham: EPSG:3857 and EPSG:2264 school points match the published WGS84 values', () => {
    const [lon, lat] = toWgs84(parseCrs('EPSG:3857'))(-8775215.494331025, 4300607.749805495);
    expect(lon).toBeCloseTo(-78.829102, 6);
    expect(lat).toBeCloseTo(35.999901, 6);
    type P = { x_wgs84: number; y_wgs84: number; x_ncplane: number; y_ncplane: number };
    const fc = readJson<{ features: { geometry: { coordinates: [number, number] }; properties: P }[] }>('durham-dps', 'dps_hs_locations.geojson');
    const from3857 = toWgs84(parseCrs('EPSG:3857'));
    const from2264 = toWgs84(parseCrs('EPSG:2264'));
    expect(fc.features).toHaveLength(5);
    for (const f of fc.features) {
      const p = f.properties;
      const a = from3857(...f.geometry.coordinates);
      expect(metres(a, [p.x_wgs84, p.y_wgs84])).toBeLessThan(0.5);
      const b = from2264(p.x_ncplane, p.y_ncplane);
      expect(metres(b, [p.x_wgs84, p.y_wgs84])).toBeLessThan(2); // NAD83 ≈ WGS84, published to 6 decimals
    }
  });

  it('CGCS2000 Gauss–Krüger 3° zone 39: the central meridian is exactly 117°E', () => {
    const [lon, lat] = toWgs84(parseCrs('EPSG:4527'))(39_500_000, 2_900_000);
    expect(lon).toBeCloseTo(117, 9);
    expect(lat).toBeGreaterThan(26.15);
    expect(lat).toBeLessThan(26.25);
    // The CM 117°E variant without the zone prefix is the same projection.
    const [lon2, lat2] = toWgs84(parseCrs('EPSG:4548'))(500_000, 2_900_000);
    expect(lon2).toBeCloseTo(117, 9);
    expect(lat2).toBeCloseTo(lat, 9);
    // and so is the 6° zone 20 (CM 117°E).
    expect(toWgs84(parseCrs('EPSG:4498'))(20_500_000, 2_900_000)[1]).toBeCloseTo(lat, 9);
    // 100 km east of the CM at 26°N is about 1° of longitude.
    const [lon3] = toWgs84(parseCrs('EPSG:4527'))(39_600_000, 2_900_000);
    expect(lon3).toBeGreaterThan(117.99);
    expect(lon3).toBeLessThan(118.01);
  });

  it('round-trips through proj4 for the table systems', () => {
    const cases: [string, number, number][] = [
      ['EPSG:2283', -77.3, 38.85], ['EPSG:2264', -78.9, 36.0], ['EPSG:3857', 120.2, 30.3], ['EPSG:32650', 117.3, 30.1],
      ['EPSG:32733', 13.2, -8.8], ['EPSG:4547', 113.3, 23.1], ['EPSG:4527', 117.4, 26.5], ['EPSG:4491', 75.5, 39.5],
      ['EPSG:4214', 116.4, 39.9], ['EPSG:4490', 120.1, 30.2], ['EPSG:4269', -77.2, 38.9],
    ];
    for (const [code, lon, lat] of cases) {
      const crs = parseCrs(code);
      const [x, y] = fromWgs84(crs)(lon, lat);
      const [lon2, lat2] = toWgs84(crs)(x, y);
      expect(Math.abs(lon2 - lon), code).toBeLessThan(1e-8);
      expect(Math.abs(lat2 - lat), code).toBeLessThan(1e-8);
    }
    // CGCS2000 is WGS84 to far below a centimetre here; Beijing 1954 shifts by tens of metres.
    expect(metres(toWgs84(parseCrs('cgcs2000'))(120.1, 30.2), [120.1, 30.2])).toBeLessThan(0.01);
    const shift54 = metres(toWgs84(parseCrs('EPSG:4214'))(116.4, 39.9), [116.4, 39.9]);
    expect(shift54).toBeGreaterThan(20);
    expect(shift54).toBeLessThan(150);
  });

  it('GCJ-02 and BD-09 (Hangzhou): shift of hundreds of metres, gcoord round trip < 1e-6°', () => {
    const schools = readJson<{ lng: string | null; lat: string | null }[]>('hangzhou-rxyj', 'schools.json');
    const gcj: [number, number] = [Number(schools[0].lng), Number(schools[0].lat)];
    expect(gcj).toEqual([120.235194, 30.311913]);
    const wgs = toWgs84({ kind: 'gcj02' })(...gcj);
    const moved = metres(gcj, wgs);
    expect(moved).toBeGreaterThan(300);
    expect(moved).toBeLessThan(600);
    const back = fromWgs84({ kind: 'gcj02' })(...wgs);
    expect(Math.abs(back[0] - gcj[0])).toBeLessThan(1e-6);
    expect(Math.abs(back[1] - gcj[1])).toBeLessThan(1e-6);

    // The same place in BD-09 (Baidu adds ~1 km on top of GCJ-02).
    const bd = fromWgs84({ kind: 'bd09' })(...wgs);
    const movedBd = metres(bd, wgs);
    expect(movedBd).toBeGreaterThan(800);
    expect(movedBd).toBeLessThan(1500);
    const wgs2 = toWgs84({ kind: 'bd09' })(...bd);
    expect(Math.abs(wgs2[0] - wgs[0])).toBeLessThan(1e-6);
    expect(Math.abs(wgs2[1] - wgs[1])).toBeLessThan(1e-6);

    // Outside China gcoord leaves points alone.
    expect(toWgs84({ kind: 'gcj02' })(-77.3, 38.8)).toEqual([-77.3, 38.8]);
  });

  it('never throws for unconvertible points: NaN instead', () => {
    expect(toWgs84(parseCrs('EPSG:4527'))(2_900_000, 39_500_000).every(Number.isNaN)).toBe(true);
    expect(toWgs84({ kind: 'gcj02' })(NaN, 30).every(Number.isNaN)).toBe(true);
    expect(toWgs84({ kind: 'wgs84' })(Infinity, 30).every(Number.isNaN)).toBe(true);
  });
});

describe('transformGeometry', () => {
  const shift = (x: number, y: number): [number, number] => [x + 1, y * 2];
  it('maps every position of every geometry type and returns new objects', () => {
    const poly: Geometry = { type: 'Polygon', coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const out = transformGeometry(poly, shift);
    expect(out).toEqual({ type: 'Polygon', coordinates: [[[1, 0], [2, 0], [2, 2], [1, 0]]] });
    expect(poly.coordinates[0][1]).toEqual([1, 0]);
    expect(out).not.toBe(poly);

    expect(transformGeometry({ type: 'Point', coordinates: [1, 2] }, shift)).toEqual({ type: 'Point', coordinates: [2, 4] });
    expect(transformGeometry({ type: 'LineString', coordinates: [[1, 2], [3, 4]] }, shift).coordinates).toEqual([[2, 4], [4, 8]]);
    expect(transformGeometry({ type: 'MultiLineString', coordinates: [[[1, 2]], [[3, 4]]] }, shift).coordinates).toEqual([[[2, 4]], [[4, 8]]]);
    expect(transformGeometry({ type: 'MultiPolygon', coordinates: [[[[1, 1]]], [[[2, 2]]]] }, shift).coordinates).toEqual([[[[2, 2]]], [[[3, 4]]]]);
    const coll: AnyGeometry = {
      type: 'GeometryCollection',
      geometries: [{ type: 'MultiPoint', coordinates: [[0, 1]] }, { type: 'Point', coordinates: [5, 5] }],
    };
    expect(transformGeometry(coll, shift)).toEqual({
      type: 'GeometryCollection',
      geometries: [{ type: 'MultiPoint', coordinates: [[1, 2]] }, { type: 'Point', coordinates: [6, 10] }],
    });
    // A stale bbox is dropped.
    const withBbox = { type: 'Point', coordinates: [1, 2], bbox: [1, 2, 1, 2] } as unknown as Geometry;
    expect(transformGeometry(withBbox, shift)).toEqual({ type: 'Point', coordinates: [2, 4] });
  });

  it('reprojects a real Durham region (EPSG:2264 MultiPolygon) into North Carolina', () => {
    const fc = readJson<{ features: { geometry: Geometry }[] }>('durham-dps', 'durham_regions.geojson');
    const g = transformGeometry(fc.features[0].geometry, toWgs84(parseCrs('EPSG:2264')));
    expect(g.type).toBe('MultiPolygon');
    const flat = JSON.stringify(g.coordinates).match(/-?\d+(\.\d+)?(e-?\d+)?/g)!.map(Number);
    const lons = flat.filter((_, i) => i % 2 === 0);
    const lats = flat.filter((_, i) => i % 2 === 1);
    expect(Math.min(...lons)).toBeGreaterThan(-79.1);
    expect(Math.max(...lons)).toBeLessThan(-78.7);
    expect(Math.min(...lats)).toBeGreaterThan(35.8);
    expect(Math.max(...lats)).toBeLessThan(36.3);
  });
});

describe('describeCrs', () => {
  it('gives short labels in both languages', () => {
    expect(describeCrs({ kind: 'gcj02' }, 'zh-CN')).toBe('GCJ-02 (高德/腾讯)');
    expect(describeCrs({ kind: 'bd09' }, 'zh-CN')).toBe('BD-09 (百度)');
    expect(describeCrs({ kind: 'wgs84' }, 'en')).toMatch(/^WGS84/);
    expect(describeCrs(parseCrs('EPSG:2283'), 'en')).toBe('EPSG:2283 NAD83 / Virginia North (US ft)');
    expect(describeCrs(parseCrs(readFileSync(need('fairfax-fcps', 'School_Facilities.prj'), 'utf8')), 'en'))
      .toBe('EPSG:2283 NAD83 / Virginia North (US ft)');
    expect(describeCrs(parseCrs('EPSG:4527'), 'zh-CN')).toBe('EPSG:4527 CGCS2000 / 3度带高斯-克吕格 第39带（中央经线 117°E，横坐标带带号）');
    expect(describeCrs(parseCrs('EPSG:4549'), 'en')).toBe('EPSG:4549 CGCS2000 / 3-degree Gauss-Kruger CM 120E (easting without zone prefix)');
    expect(describeCrs(parseCrs('+proj=tmerc +lon_0=117 +ellps=GRS80'), 'en')).toBe('Custom proj4: +proj=tmerc +lon_0=117 +ellps=GRS80');
    const esriUnknown = 'PROJCS["My_Local_TM",GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],'
      + 'PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Transverse_Mercator"],PARAMETER["False_Easting",500000.0],'
      + 'PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
    expect(describeCrs(parseCrs(esriUnknown), 'en')).toBe('My_Local_TM (from .prj/WKT)');
  });
});

describe('coordinateChecks', () => {
  const HANGZHOU: BBox = [118.3, 29.1, 120.8, 30.6];
  const FAIRFAX: BBox = [-77.54, 38.6, -77.04, 39.06];
  const rows = (pts: [number, number][]) => pts.map(([x, y], i) => ({ row: i + 1, x, y }));
  const codes = (r: ReturnType<typeof coordinateChecks>) => r.problems.map((p) => `${p.row}:${p.severity}:${p.code}`);

  it('passes clean data', () => {
    const r = coordinateChecks(rows([[120.15, 30.28], [120.2, 30.3]]), { kind: 'gcj02' }, HANGZHOU);
    expect(r).toEqual({ swapped: false, problems: [] });
  });

  it('detects swapped lat/lon and checks the rows as swapped back', () => {
    const r = coordinateChecks(rows([[30.28, 120.15], [30.3, 120.2], [30.1, 119.9]]), { kind: 'gcj02' });
    expect(r.swapped).toBe(true);
    expect(r.problems).toEqual([]);
    // China pattern with longitude below 90 (Kashgar): x in 18–54, y in 73–135.
    expect(coordinateChecks(rows([[39.47, 75.99], [39.5, 76.0]]), { kind: 'wgs84' }).swapped).toBe(true);
    // Chinese survey convention X = northing: GK zone 39 with the columns exchanged.
    const gk = coordinateChecks(rows([[2_900_000, 39_500_000], [2_901_000, 39_510_000]]), parseCrs('EPSG:4527'));
    expect(gk.swapped).toBe(true);
    expect(gk.problems).toEqual([]);
    // Projected systems valid either way (3857) are decided by the project bbox.
    const m = coordinateChecks(rows([[4300607.75, -8775215.49]]), parseCrs('EPSG:3857'), [-79.1, 35.8, -78.7, 36.3]);
    expect(m.swapped).toBe(true);
  });

  it('flags missing values and placeholders', () => {
    const r = coordinateChecks(
      [{ row: 1, x: NaN, y: 30 }, { row: 2, x: 0, y: 0 }, { row: 3, x: -999, y: 30 }, { row: 4, x: 120.5, y: 120.5 },
        { row: 5, x: 120, y: 30 }, { row: 6, x: 120.2, y: 30.3 }],
      { kind: 'wgs84' },
    );
    expect(r.swapped).toBe(false);
    expect(codes(r)).toEqual(['1:error:missing', '2:error:placeholder', '3:error:placeholder', '4:error:placeholder', '5:warning:placeholder']);
    expect(r.problems[0].message).toMatch(/^Row 1: coordinate missing/);
  });

  it('flags values out of range after conversion', () => {
    const geo = coordinateChecks(rows([[120.1, 30.2], [120.2, 95], [120.3, 30.4]]), { kind: 'wgs84' });
    expect(codes(geo)).toEqual(['2:error:out-of-range']);
    // 3857 beyond the world width: proj4 would wrap it silently.
    const merc = coordinateChecks(rows([[-8775215.49, 4300607.75], [30_000_000, 4300607.75]]), parseCrs('EPSG:3857'));
    expect(codes(merc)).toEqual(['2:error:out-of-range']);
    // GK easting with a zone prefix given to the CM variant: the message points to the prefixed code.
    const gk = coordinateChecks(rows([[39_500_000, 2_900_000]]), parseCrs('EPSG:4548'));
    expect(codes(gk)).toEqual(['1:error:out-of-range']);
    expect(gk.problems[0].message).toContain('EPSG:4527');
  });

  it('flags projected values declared geographic and suggests a projected CRS', () => {
    const pts = rows([[11_800_000, 6_990_000], [11_850_000, 7_010_000]]);
    const r = coordinateChecks(pts, { kind: 'wgs84' }, FAIRFAX);
    expect(codes(r)).toEqual(['1:error:projected-as-geographic', '2:error:projected-as-geographic']);
    expect(r.problems[0].message).toMatch(/projected/);
    expect(r.problems[0].message).toContain('EPSG:2283');
    const gk = coordinateChecks(rows([[39_500_000, 2_900_000]]), { kind: 'wgs84' });
    expect(gk.problems[0].message).toContain('EPSG:4527');
  });

  it('warns about points far from the project and outside the system\'s area', () => {
    const r = coordinateChecks(rows([[120.2, 30.3], [116.4, 39.9]]), { kind: 'gcj02' }, HANGZHOU);
    expect(codes(r)).toEqual(['2:warning:far-from-project']);
    expect(r.problems[0].message).toMatch(/about 1\d{3} km/);
    const va = coordinateChecks(rows([[11_800_000, 6_990_000], [11_800_000, 9_990_000]]), parseCrs('EPSG:2283'));
    expect(codes(va)).toEqual(['2:warning:outside-crs-area']);
    const us = coordinateChecks(rows([[-77.3, 38.8]]), { kind: 'gcj02' });
    expect(codes(us)).toEqual(['1:warning:outside-china']);
  });

  it('finds the known problems of the real Hangzhou school list (GCJ-02)', () => {
    const schools = readJson<{ lng: string | null; lat: string | null }[]>('hangzhou-rxyj', 'schools.json');
    const pts = schools.map((s, i) => ({ row: i + 1, x: s.lng === null ? NaN : Number(s.lng), y: s.lat === null ? NaN : Number(s.lat) }));
    const r = coordinateChecks(pts, parseCrs('gcj02'), HANGZHOU);
    expect(r.swapped).toBe(false);
    const by = (code: string) => r.problems.filter((p) => p.code === code);
    expect(by('missing')).toHaveLength(2); // 2 null coordinates
    expect(by('placeholder').map((p) => p.severity)).toEqual(['warning', 'warning']); // the "120, 30" pair
    expect(by('duplicate')).toHaveLength(3); // two shared-coordinate pairs + the placeholder pair
    expect(r.problems.filter((p) => p.severity === 'error')).toHaveLength(2);
    expect(by('far-from-project')).toHaveLength(0);
  });
});

describe('guessCrs', () => {
  it('recognises geographic values', () => {
    expect(guessCrs([{ x: 120.2, y: 30.3 }, { x: 120.1, y: 30.2 }])).toEqual({ kind: 'wgs84' });
    expect(guessCrs([{ x: 30.3, y: 120.2 }])).toEqual({ kind: 'wgs84' }); // swapped: coordinateChecks reports it
  });

  it('derives the CGCS2000 Gauss–Krüger zone from the easting prefix', () => {
    expect(proj(guessCrs([{ x: 39_512_345, y: 2_900_000 }, { x: 39_480_000, y: 2_950_000 }])!).code).toBe('EPSG:4527');
    expect(proj(guessCrs([{ x: 40_400_000, y: 3_350_000 }])!).code).toBe('EPSG:4528'); // zone 40, CM 120°E (Hangzhou)
    expect(proj(guessCrs([{ x: 20_500_000, y: 3_000_000 }])!).code).toBe('EPSG:4498'); // 6° zone 20
    expect(proj(guessCrs([{ x: 2_900_000, y: 39_500_000 }])!).code).toBe('EPSG:4527'); // X = northing
  });

  it('recognises Web Mercator metres and gives up on ambiguous values', () => {
    expect(proj(guessCrs([{ x: -8775215.49, y: 4300607.75 }, { x: -8783508.9, y: 4294197.4 }])!).code).toBe('EPSG:3857');
    expect(guessCrs([{ x: 450_000, y: 3_300_000 }])).toBeNull(); // UTM or GK CM: zone unknown
    expect(guessCrs([{ x: 1e9, y: 1e9 }])).toBeNull();
    expect(guessCrs([])).toBeNull();
    expect(guessCrs([{ x: 0, y: 0 }])).toBeNull();
  });

  it('with a project bbox, picks the known system that lands there', () => {
    const fairfax = [{ x: 11_800_000, y: 6_990_000 }, { x: 11_850_000, y: 7_010_000 }];
    expect(proj(guessCrs(fairfax, [-77.54, 38.6, -77.04, 39.06])!).code).toBe('EPSG:2283');
    expect(proj(guessCrs([{ x: 2050552.39, y: 818903.23 }], [-79.1, 35.8, -78.7, 36.3])!).code).toBe('EPSG:2264');
    // GK CM 120°E without prefix near Hangzhou: CGCS2000 preferred over UTM 51N.
    const [x, y] = fromWgs84(parseCrs('EPSG:4549'))(120.2, 30.3);
    expect(proj(guessCrs([{ x, y }], [119.8, 30.0, 120.6, 30.5])!).code).toBe('EPSG:4549');
  });
});

describe('firstWithSameCoordinates', () => {
  it('names the first point at exactly the same place, and agrees with a brute-force search', () => {
    let seed = 3;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    // Few distinct values, so many repeats (and many hash collisions); -0 is the same place as 0.
    const pts = Array.from({ length: 5000 }, () => ({ x: Math.floor(rnd() * 20) / 4 - 2, y: Math.floor(rnd() * 20) / 4 - 2 }));
    pts.push({ x: -0, y: 0 }, { x: 0, y: -0 });
    const got = firstWithSameCoordinates(pts);
    pts.forEach((p, k) => {
      const first = pts.findIndex((q) => q.x === p.x && q.y === p.y);
      expect(got[k]).toBe(first);
    });
    expect(got[pts.length - 1]).toBe(got[pts.length - 2]);
    expect(firstWithSameCoordinates([{ x: 1, y: 2 }, { x: 2, y: 1 }])).toEqual(new Uint32Array([0, 1]));
  });
});
