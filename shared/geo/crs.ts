// Coordinate reference systems for import: parse what the user or the file declares, convert to the
// stored WGS84/CGCS2000 [lon, lat], label the system for the wizard, and check the coordinates.
// shared/docs/domain.md "Coordinates": convert on import, never silently — the import step names the
// system it assumed (describeCrs), and guessCrs only pre-selects the wizard's default.
//
// Pure TypeScript (Node, browser, workers): proj4 for projected systems and datum shifts, gcoord for
// the Chinese obfuscated systems (GCJ-02, BD-09). No network: EPSG codes resolve from the table below.
//
// Axis convention everywhere here: x = easting / longitude, y = northing / latitude. (Chinese survey
// tables often call the northing "X" — coordinateChecks reports such files as swapped.)

import gcoord from 'gcoord';
import proj4 from 'proj4';
import type { BBox, Geometry, Position } from '../model/geometry';

export type CrsSpec =
  | { kind: 'wgs84' }
  | { kind: 'gcj02' }
  | { kind: 'bd09' }
  | { kind: 'proj'; code: string | null; definition: string; name: string };

// ---------------------------------------------------------------------------------------------
// The EPSG table (definitions known without network)
// ---------------------------------------------------------------------------------------------

interface GkInfo { degrees: 3 | 6; cm: number; zone: number; prefixed: boolean }
interface EpsgEntry {
  code: number;
  definition: string;
  name: string;
  nameZh: string;
  /** Official EPSG / ESRI names, matched (normalised) against WKT names without an EPSG id. */
  aliases: string[];
  geographic: boolean;
  /** The datum shift is a country-wide approximation (errors of tens of metres possible). */
  approximate?: boolean;
  /** Rough area of use [minLon, minLat, maxLon, maxLat]; used for plausibility only. */
  area: BBox;
  gk?: GkInfo;
}

const WGS84_DEF = '+proj=longlat +datum=WGS84 +no_defs';
const WORLD: BBox = [-180, -90, 180, 90];
/** China incl. the South China Sea; the GK zones' latitude span. */
const CHINA_LAT: [number, number] = [3, 54];
/** gcoord's own "is in China" box: outside it, GCJ-02/BD-09 ↔ WGS84 is the identity. */
const GCOORD_CHINA: BBox = [72.004, 0.8293, 137.8347, 55.8271];

// CGCS2000 is realised on ITRF97 (epoch 2000.0); WGS84 (G-series) agrees with ITRF at the cm level, and
// the GRS80 / WGS84 ellipsoids differ by 0.1 mm in the semi-minor axis. So CGCS2000 is treated as
// WGS84 (+towgs84=0): differences of a few centimetres, far below what school planning can see.
const CGCS2000_ELLPS = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';

function buildTable(): Map<number, EpsgEntry> {
  const entries: EpsgEntry[] = [
    {
      code: 4326, definition: WGS84_DEF, name: 'WGS 84 (longitude/latitude)', nameZh: 'WGS 84 经纬度',
      aliases: ['WGS 84', 'GCS_WGS_1984', 'WGS84'], geographic: true, area: WORLD,
    },
    {
      code: 4490, definition: `+proj=longlat ${CGCS2000_ELLPS} +no_defs`,
      name: 'CGCS2000 (longitude/latitude)', nameZh: 'CGCS2000 经纬度（2000国家大地坐标系）',
      aliases: ['China Geodetic Coordinate System 2000', 'GCS_China_Geodetic_Coordinate_System_2000', 'CGCS2000'],
      geographic: true, area: [73, CHINA_LAT[0], 136, CHINA_LAT[1]],
    },
    {
      // NAD83 ≈ WGS84 within about a metre (proj4js's NAD83 datum has a zero shift).
      code: 4269, definition: '+proj=longlat +datum=NAD83 +no_defs',
      name: 'NAD83 (longitude/latitude, ≈ WGS84)', nameZh: 'NAD83 经纬度（北美，≈ WGS84）',
      aliases: ['NAD83', 'GCS_North_American_1983'], geographic: true, area: [-172, 14, -47, 86],
    },
    {
      // One country-wide 3-parameter shift (the common EPSG/PROJ default): errors of tens of metres
      // locally. Good enough to place schools, not for cadastral work.
      code: 4214, definition: '+proj=longlat +ellps=krass +towgs84=15.8,-154.4,-82.3,0,0,0,0 +no_defs',
      name: 'Beijing 1954 (longitude/latitude; approximate shift)', nameZh: '北京54 经纬度（近似转换，误差可达数十米）',
      aliases: ['Beijing 1954', 'GCS_Beijing_1954'], geographic: true, approximate: true,
      area: [73, CHINA_LAT[0], 136, CHINA_LAT[1]],
    },
    {
      code: 3857,
      definition: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs',
      name: 'WGS 84 / Pseudo-Mercator (Web Mercator)', nameZh: 'Web 墨卡托（WGS 84 / Pseudo-Mercator）',
      aliases: ['WGS 84 / Pseudo-Mercator', 'WGS_1984_Web_Mercator_Auxiliary_Sphere', 'WGS_84_Pseudo_Mercator', 'Popular Visualisation CRS / Mercator', 'Google Maps Global Mercator'],
      geographic: false, area: [-180, -85.06, 180, 85.06],
    },
    {
      code: 2264,
      definition: '+proj=lcc +lat_0=33.75 +lon_0=-79 +lat_1=36.1666666666667 +lat_2=34.3333333333333 +x_0=609601.219202438 +y_0=0 +datum=NAD83 +units=us-ft +no_defs',
      name: 'NAD83 / North Carolina (US ft)', nameZh: 'NAD83 / 北卡罗来纳州平面坐标（美国测量英尺）',
      aliases: ['NAD83 / North Carolina (ftUS)', 'NAD_1983_StatePlane_North_Carolina_FIPS_3200_Feet'],
      geographic: false, area: [-84.33, 33.83, -75.38, 36.59],
    },
    {
      code: 2283,
      definition: '+proj=lcc +lat_0=37.6666666666667 +lon_0=-78.5 +lat_1=39.2 +lat_2=38.0333333333333 +x_0=3500000.0001016 +y_0=2000000.0001016 +datum=NAD83 +units=us-ft +no_defs',
      name: 'NAD83 / Virginia North (US ft)', nameZh: 'NAD83 / 弗吉尼亚州北区平面坐标（美国测量英尺）',
      aliases: ['NAD83 / Virginia North (ftUS)', 'NAD_1983_StatePlane_Virginia_North_FIPS_4501_Feet'],
      geographic: false, area: [-80.06, 37.77, -76.51, 39.46],
    },
  ];

  // CGCS2000 Gauss–Krüger (transverse Mercator, k = 1, GRS80). Listed before UTM so that, for a
  // project in China, guessCrs prefers them over the equivalent-looking UTM zone; 3° before 6°
  // because their CM variants coincide where the central meridians do (e.g. 117°E) and 3° zones are
  // what municipal survey data uses.
  const gk = (code: number, degrees: 3 | 6, zone: number, cm: number, prefixed: boolean): EpsgEntry => {
    const half = degrees / 2;
    const kind = degrees === 3 ? '3-degree Gauss-Kruger' : 'Gauss-Kruger';
    const kindZh = degrees === 3 ? '3度带高斯-克吕格' : '6度带高斯-克吕格';
    const epsgName = prefixed ? `CGCS2000 / ${kind} zone ${zone}` : `CGCS2000 / ${kind} CM ${cm}E`;
    const esriName = degrees === 3
      ? (prefixed ? `CGCS2000_3_Degree_GK_Zone_${zone}` : `CGCS2000_3_Degree_GK_CM_${cm}E`)
      : (prefixed ? `CGCS2000_GK_Zone_${zone}` : `CGCS2000_GK_CM_${cm}E`);
    return {
      code,
      definition: `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${prefixed ? zone * 1_000_000 + 500_000 : 500_000} +y_0=0 ${CGCS2000_ELLPS} +units=m +no_defs`,
      name: prefixed ? `${epsgName} (CM ${cm}°E, zone-prefixed easting)` : `${epsgName} (easting without zone prefix)`,
      nameZh: prefixed
        ? `CGCS2000 / ${kindZh} 第${zone}带（中央经线 ${cm}°E，横坐标带带号）`
        : `CGCS2000 / ${kindZh} 中央经线 ${cm}°E（横坐标不带带号）`,
      aliases: [epsgName, esriName],
      geographic: false,
      area: [cm - half, CHINA_LAT[0], cm + half, CHINA_LAT[1]],
      gk: { degrees, cm, zone, prefixed },
    };
  };
  // 3°: EPSG:4513–4533 = zones 25–45 (CM = 3·zone, 75…135°E), false easting zone·10⁶ + 500 000;
  //     EPSG:4534–4554 = the same central meridians, false easting 500 000.
  for (let zone = 25; zone <= 45; zone++) entries.push(gk(4513 + zone - 25, 3, zone, 3 * zone, true));
  for (let zone = 25; zone <= 45; zone++) entries.push(gk(4534 + zone - 25, 3, zone, 3 * zone, false));
  // 6°: EPSG:4491–4501 = zones 13–23 (CM = 6·zone − 3, 75…135°E), false easting zone·10⁶ + 500 000;
  //     EPSG:4502–4512 = CM 75…135°E by 6°, false easting 500 000.
  for (let zone = 13; zone <= 23; zone++) entries.push(gk(4491 + zone - 13, 6, zone, 6 * zone - 3, true));
  for (let zone = 13; zone <= 23; zone++) entries.push(gk(4502 + zone - 13, 6, zone, 6 * zone - 3, false));

  // UTM on WGS84: EPSG:32601–32660 (north), 32701–32760 (south).
  for (const south of [false, true]) {
    for (let zone = 1; zone <= 60; zone++) {
      const hemi = south ? 'S' : 'N';
      const west = zone * 6 - 186;
      entries.push({
        code: (south ? 32700 : 32600) + zone,
        definition: `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
        name: `WGS 84 / UTM zone ${zone}${hemi}`,
        nameZh: `WGS 84 / UTM 第${zone}带（${south ? '南' : '北'}半球）`,
        aliases: [`WGS 84 / UTM zone ${zone}${hemi}`, `WGS_1984_UTM_Zone_${zone}${hemi}`],
        geographic: false,
        area: south ? [west, -80, west + 6, 0] : [west, 0, west + 6, 84],
      });
    }
  }
  return new Map(entries.map((e) => [e.code, e]));
}

const TABLE = buildTable();
/** Codes that are other names for Web Mercator. */
const EPSG_ALIASES: Record<number, number> = { 900913: 3857, 3785: 3857, 102100: 3857, 102113: 3857 };
const normName = (s: string) => s.toLowerCase().replace(/[^a-z0-9]/g, '');
const BY_NAME = new Map<string, EpsgEntry>();
for (const e of TABLE.values()) for (const a of e.aliases) BY_NAME.set(normName(a), e);

/** The EPSG codes parseCrs resolves without a definition (for pickers). */
export const KNOWN_EPSG_CODES: readonly number[] = [...TABLE.keys()];

function entryFor(crs: CrsSpec): EpsgEntry | undefined {
  if (crs.kind !== 'proj' || !crs.code) return undefined;
  const m = /^EPSG:(\d+)$/.exec(crs.code);
  return m ? TABLE.get(Number(m[1])) : undefined;
}

function specFromEntry(e: EpsgEntry): CrsSpec {
  if (e.code === 4326) return { kind: 'wgs84' };
  return { kind: 'proj', code: `EPSG:${e.code}`, definition: e.definition, name: e.name };
}

// ---------------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------------

const NAMED: Record<string, 'wgs84' | 'gcj02' | 'bd09' | number> = {
  wgs84: 'wgs84', wgs1984: 'wgs84', crs84: 'wgs84', ogccrs84: 'wgs84', gps: 'wgs84',
  // CGCS2000 is treated as WGS84 to ~cm (see CGCS2000_ELLPS); it keeps its own label (EPSG:4490).
  cgcs2000: 4490, cgcs: 4490, china2000: 4490, 国家2000: 4490, '2000国家大地坐标系': 4490,
  gcj02: 'gcj02', gcj: 'gcj02', amap: 'gcj02', gaode: 'gcj02', 高德: 'gcj02', 腾讯: 'gcj02', 火星坐标: 'gcj02',
  bd09: 'bd09', bd09ll: 'bd09', baidu: 'bd09', 百度: 'bd09',
  nad83: 4269, crs83: 4269, beijing54: 4214, beijing1954: 4214, 北京54: 4214,
  webmercator: 3857, pseudomercator: 3857,
};

/** EPSG code, 'crs84', or null, from the many ways files name a CRS. */
function codeFromName(s: string): number | 'crs84' | null {
  const v = s.trim();
  if (/^(?:urn:(?:x-)?ogc:def:crs:ogc:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/ogc\/[\d.]+\/|ogc:)?crs84$/i.test(v)) return 'crs84';
  if (/^(?:urn:(?:x-)?ogc:def:crs:ogc:[\d.]*:|https?:\/\/www\.opengis\.net\/def\/crs\/ogc\/[\d.]+\/|ogc:)?crs83$/i.test(v)) return 4269;
  const m = /^urn:(?:x-)?ogc:def:crs:epsg:[\d.]*:(\d+)$/i.exec(v)
    ?? /^https?:\/\/www\.opengis\.net\/def\/crs\/epsg\/[^/]+\/(\d+)$/i.exec(v)
    ?? /^(?:epsg|esri)\s*:{1,2}\s*(\d+)$/i.exec(v)
    ?? /^(\d+)$/.exec(v);
  return m ? Number(m[1]) : null;
}

const WKT_START = /^(?:PROJCS|GEOGCS|GEOCCS|COMPD_CS|PROJCRS|PROJECTEDCRS|GEOGCRS|GEOGRAPHICCRS|GEODCRS|GEODETICCRS|BOUNDCRS|COMPOUNDCRS)\s*\[/i;

const shorten = (s: string, n = 60) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

/**
 * Reads a CRS from user input: 'wgs84', 'cgcs2000', 'gcj02', 'bd09' (and a few aliases),
 * 'EPSG:n' / 'epsg:n' / 'n' (and URN/URL forms), a proj4 string '+proj=…', or WKT (the content of a
 * .prj; WKT1 or WKT2). Throws an Error naming the input for anything it cannot resolve.
 */
export function parseCrs(input: string): CrsSpec {
  const raw = input.replace(/^\uFEFF/, '').trim();
  if (!raw) throw new Error('No coordinate system given: use wgs84, cgcs2000, gcj02, bd09, EPSG:<code>, a proj4 definition or the content of a .prj file');

  const named = NAMED[raw.toLowerCase().replace(/[\s_\-./]/g, '')];
  if (named === 'wgs84' || named === 'gcj02' || named === 'bd09') return { kind: named };
  if (typeof named === 'number') return specFromEntry(TABLE.get(named)!);
  if (/^bd-?09-?(mc|meter)$/i.test(raw)) {
    throw new Error(`${raw} (Baidu Mercator metres) is not supported here; export BD-09 longitude/latitude (bd09) instead`);
  }

  const code = codeFromName(raw);
  if (code === 'crs84') return { kind: 'wgs84' };
  if (code !== null) {
    const entry = TABLE.get(EPSG_ALIASES[code] ?? code);
    if (!entry) throw new Error(`EPSG:${code} is not known here; give the .prj file or a proj4 definition`);
    return specFromEntry(entry);
  }

  if (raw.startsWith('+') || /^proj=/i.test(raw)) {
    const def = raw.startsWith('+') ? raw.replace(/\s+/g, ' ') : `+${raw.replace(/\s+/g, ' ')}`;
    tryConverter(def, `The proj4 definition "${shorten(def)}"`);
    return { kind: 'proj', code: null, definition: def, name: `proj4 ${shorten(def, 80)}` };
  }

  if (WKT_START.test(raw)) return parseWkt(raw);

  throw new Error(`"${shorten(raw)}" is not a coordinate system known here: use wgs84, cgcs2000, gcj02, bd09, EPSG:<code>, a proj4 definition (+proj=…) or the content of a .prj file (WKT)`);
}

function parseWkt(wkt: string): CrsSpec {
  tryConverter(wkt, `The WKT "${shorten(wkt)}"`);
  const name = /^[A-Z_]+\s*\[\s*"([^"]*)"/i.exec(wkt)?.[1] ?? 'WKT';
  // The top-level identifier is the last element of the outermost bracket (WKT1 AUTHORITY, WKT2 ID).
  const idMatch = /AUTHORITY\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/i.exec(wkt)
    ?? /\bID\[\s*"EPSG"\s*,\s*(\d+)[^[\]]*(?:\[[^\]]*\][^[\]]*)*\]\s*\]\s*$/i.exec(wkt);
  const declared = idMatch ? Number(idMatch[1]) : null;
  const candidate = declared !== null ? TABLE.get(EPSG_ALIASES[declared] ?? declared) : BY_NAME.get(normName(name));
  // Use the table's identity only when the WKT really converts like it (within ~1 m).
  if (candidate && sameConversion(wkt, candidate)) {
    if (candidate.code === 4326) return { kind: 'wgs84' };
    return { kind: 'proj', code: `EPSG:${candidate.code}`, definition: wkt, name: candidate.name };
  }
  // A declared code the table knows but the WKT contradicts is dropped, so the label cannot mislead.
  const code = declared !== null && !TABLE.has(EPSG_ALIASES[declared] ?? declared) ? `EPSG:${declared}` : null;
  return { kind: 'proj', code, definition: wkt, name };
}

function sameConversion(definition: string, e: EpsgEntry): boolean {
  const lon = (e.area[0] + e.area[2]) / 2;
  const lat = (e.area[1] + e.area[3]) / 2;
  const [x, y] = fromWgs84Def(e.definition)(lon, lat);
  const [lon2, lat2] = toWgs84Def(definition)(x, y);
  return Math.abs(lon2 - lon) < 1e-5 && Math.abs(lat2 - lat) < 1e-5;
}

/**
 * CRS from what a file declares: a .prj's WKT, a GeoJSON legacy `crs` name
 * ('urn:ogc:def:crs:EPSG::4269', 'urn:ogc:def:crs:OGC:1.3:CRS84', 'EPSG:3857' …) or an EPSG number.
 * Returns null when the declaration is empty or cannot be resolved here (call parseCrs(value) for
 * the explanation). Legacy GeoJSON with 'EPSG::4326'/'EPSG::4269' is read as lon/lat, as GDAL writes
 * it; coordinateChecks reports files that turn out swapped.
 */
export function crsFromDeclared(d: { kind: 'wkt' | 'name' | 'epsg'; value: string }): CrsSpec | null {
  const v = (d.value ?? '').replace(/^\uFEFF/, '').trim();
  if (!v) return null;
  try {
    if (d.kind === 'epsg') {
      const code = codeFromName(v);
      return typeof code === 'number' ? parseCrs(`EPSG:${code}`) : null;
    }
    if (d.kind === 'wkt') return WKT_START.test(v) ? parseCrs(v) : null;
    return parseCrs(v);
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Conversion
// ---------------------------------------------------------------------------------------------

type XY = (x: number, y: number) => [number, number];
const converterCache = new Map<string, proj4.Converter>();

function converter(definition: string): proj4.Converter {
  let c = converterCache.get(definition);
  if (!c) {
    if (converterCache.size > 64) converterCache.clear();
    c = proj4(definition, WGS84_DEF);
    converterCache.set(definition, c);
  }
  return c;
}

function tryConverter(definition: string, what: string): void {
  try {
    converter(definition);
  } catch (e) {
    throw new Error(`${what} could not be read by proj4: ${errorText(e)}`, { cause: e });
  }
}

const finitePair = (r: number[]): [number, number] =>
  (Number.isFinite(r[0]) && Number.isFinite(r[1]) ? [r[0], r[1]] : [NaN, NaN]);

function runProj(c: proj4.Converter, dir: 'forward' | 'inverse'): XY {
  return (x, y) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return [NaN, NaN];
    try {
      return finitePair(c[dir]([x, y]));
    } catch {
      return [NaN, NaN];
    }
  };
}
const toWgs84Def = (definition: string): XY => runProj(converter(definition), 'forward');
const fromWgs84Def = (definition: string): XY => runProj(converter(definition), 'inverse');

type GcoordCrs = Parameters<typeof gcoord.transform>[1];
function runGcoord(from: GcoordCrs, to: GcoordCrs): XY {
  return (x, y) => {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return [NaN, NaN];
    try {
      return finitePair(gcoord.transform([x, y] as [number, number], from, to));
    } catch {
      return [NaN, NaN];
    }
  };
}

/**
 * A function converting (x, y) in `crs` to WGS84 [lon, lat]: GCJ-02/BD-09 through gcoord (identity
 * outside China, as gcoord does), everything else through proj4. Never throws: a point that cannot
 * be converted (non-finite input, outside the projection's domain) gives [NaN, NaN], which
 * coordinateChecks reports. Throws only if the proj definition itself is unreadable.
 */
export function toWgs84(crs: CrsSpec): XY {
  switch (crs.kind) {
    case 'wgs84': return (x, y) => (Number.isFinite(x) && Number.isFinite(y) ? [x, y] : [NaN, NaN]);
    case 'gcj02': return runGcoord(gcoord.GCJ02, gcoord.WGS84);
    case 'bd09': return runGcoord(gcoord.BD09, gcoord.WGS84);
    case 'proj': return toWgs84Def(crs.definition);
  }
}

/** The inverse of toWgs84: WGS84 [lon, lat] → (x, y) in `crs` (for export and round-trip checks). */
export function fromWgs84(crs: CrsSpec): XY {
  switch (crs.kind) {
    case 'wgs84': return (x, y) => (Number.isFinite(x) && Number.isFinite(y) ? [x, y] : [NaN, NaN]);
    case 'gcj02': return runGcoord(gcoord.WGS84, gcoord.GCJ02);
    case 'bd09': return runGcoord(gcoord.WGS84, gcoord.BD09);
    case 'proj': return fromWgs84Def(crs.definition);
  }
}

type MultiPointGeometry = { type: 'MultiPoint'; coordinates: Position[] };
type GeometryCollectionGeometry = { type: 'GeometryCollection'; geometries: AnyGeometry[] };
/** The model's geometries plus the two other GeoJSON geometry types an imported file may hold. */
export type AnyGeometry = Geometry | MultiPointGeometry | GeometryCollectionGeometry;

/**
 * Applies `f` to every position of a GeoJSON geometry and returns a new geometry of the same type
 * (the input is not changed; a stale `bbox` member is dropped, a z value is dropped — positions
 * are [x, y] in the model).
 */
export function transformGeometry<G extends AnyGeometry>(g: G, f: XY): G;
export function transformGeometry(g: AnyGeometry, f: XY): AnyGeometry {
  const p = (q: Position): Position => f(q[0], q[1]);
  const ps = (qs: Position[]) => qs.map(p);
  const { bbox: _bbox, ...rest } = g as AnyGeometry & { bbox?: unknown };
  switch (g.type) {
    case 'Point': return { ...rest, type: 'Point', coordinates: p(g.coordinates) };
    case 'MultiPoint':
    case 'LineString': return { ...rest, type: g.type, coordinates: ps(g.coordinates) } as AnyGeometry;
    case 'MultiLineString':
    case 'Polygon': return { ...rest, type: g.type, coordinates: g.coordinates.map(ps) } as AnyGeometry;
    case 'MultiPolygon': return { ...rest, type: 'MultiPolygon', coordinates: g.coordinates.map((poly) => poly.map(ps)) };
    case 'GeometryCollection': return { ...rest, type: 'GeometryCollection', geometries: g.geometries.map((x) => transformGeometry(x, f)) };
  }
}

// ---------------------------------------------------------------------------------------------
// Labels
// ---------------------------------------------------------------------------------------------

/** A short human label for the import wizard, e.g. "GCJ-02 (高德/腾讯)", "EPSG:2283 NAD83 / Virginia North (US ft)". */
export function describeCrs(crs: CrsSpec, locale: 'zh-CN' | 'en'): string {
  const zh = locale === 'zh-CN';
  switch (crs.kind) {
    case 'wgs84': return zh ? 'WGS84（GPS 经纬度）' : 'WGS84 (GPS longitude/latitude)';
    case 'gcj02': return zh ? 'GCJ-02 (高德/腾讯)' : 'GCJ-02 (AMap/Tencent, China)';
    case 'bd09': return zh ? 'BD-09 (百度)' : 'BD-09 (Baidu, China)';
    case 'proj': {
      const entry = entryFor(crs);
      if (entry) return `EPSG:${entry.code} ${zh ? entry.nameZh : entry.name}`;
      if (crs.code) return `${crs.code} ${crs.name}`;
      if (crs.definition.startsWith('+')) return zh ? `自定义 proj4：${shorten(crs.definition, 80)}` : `Custom proj4: ${shorten(crs.definition, 80)}`;
      return zh ? `${crs.name}（.prj/WKT 定义）` : `${crs.name} (from .prj/WKT)`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Checks and guesses
// ---------------------------------------------------------------------------------------------

export type CoordinateProblemCode =
  | 'missing' | 'placeholder' | 'duplicate' | 'projected-as-geographic' | 'out-of-range'
  | 'outside-crs-area' | 'outside-china' | 'far-from-project';
export interface CoordinateProblem {
  row: number;
  severity: 'error' | 'warning';
  message: string;
  /** Stable kind of problem, for translation and grouping in the UI. */
  code: CoordinateProblemCode;
  /** Values beyond the row's x/y that the message names (the earlier row of a duplicate, the distance). */
  params?: Record<string, number>;
}
export interface CoordinateCheckResult {
  /** The x and y columns look exchanged; the per-row checks below were run with them exchanged back. */
  swapped: boolean;
  problems: CoordinateProblem[];
}

interface XYPoint { x: number; y: number }
interface RowPoint extends XYPoint { row: number }

function isGeographic(crs: CrsSpec): boolean {
  if (crs.kind !== 'proj') return true;
  const entry = entryFor(crs);
  if (entry) return entry.geographic;
  try {
    const projName = (new proj4.Proj(crs.definition) as unknown as { projName?: string }).projName;
    return projName === 'longlat' || projName === 'latlong' || projName === 'lnglat';
  } catch {
    return false;
  }
}

/** 999, -9999, 99999 … : the usual "no value" fillers. */
const isNines = (v: number) => Math.abs(v) >= 999 && /^9+$/.test(String(Math.abs(v)));

function placeholderReason(p: XYPoint): string | null {
  if (p.x === 0 && p.y === 0) return '(0, 0) is a placeholder, not a location';
  if (isNines(p.x) || isNines(p.y)) return `(${p.x}, ${p.y}) contains a "no value" filler`;
  if (p.x === p.y) return `x and y are both ${p.x}: a placeholder, not a location`;
  return null;
}

const inBox = (lon: number, lat: number, b: BBox, margin = 0) =>
  lon >= b[0] - margin && lon <= b[2] + margin && lat >= b[1] - margin && lat <= b[3] + margin;

/** Great-circle distance (km) from a point to the nearest point of a lon/lat box (0 inside). */
function kmFromBox(lon: number, lat: number, b: BBox): number {
  const cLon = Math.min(Math.max(lon, b[0]), b[2]);
  const cLat = Math.min(Math.max(lat, b[1]), b[3]);
  const rad = Math.PI / 180;
  const dLat = (cLat - lat) * rad;
  const dLon = (cLon - lon) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat * rad) * Math.cos(cLat * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.min(1, Math.sqrt(h)));
}

const FAR_KM = 200;

/**
 * Converts one point and says whether the result is usable: finite, within ±180/±90, and — for
 * projected systems — round-trips (proj4 happily wraps or extrapolates values outside a
 * projection's domain, e.g. 3857 x beyond ±20 037 508 m).
 */
function convertChecked(crs: CrsSpec, geographic: boolean, to: XY, from: XY, x: number, y: number): [number, number] | null {
  if (geographic && (Math.abs(x) > 180 || Math.abs(y) > 90)) return null;
  const [lon, lat] = to(x, y);
  if (!Number.isFinite(lon) || !Number.isFinite(lat) || Math.abs(lon) > 180 || Math.abs(lat) > 90) return null;
  if (!geographic && crs.kind === 'proj') {
    const [x2, y2] = from(lon, lat);
    const tol = 1e-3 + 1e-6 * Math.max(Math.abs(x), Math.abs(y));
    if (!(Math.abs(x2 - x) <= tol && Math.abs(y2 - y) <= tol)) return null;
  }
  return [lon, lat];
}

/** Up to n points spread evenly over the list. */
function spread<T>(list: T[], n: number): T[] {
  if (list.length <= n) return list;
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(list[Math.floor((i * list.length) / n)]);
  return out;
}

/** Geographic input whose columns look exchanged: lat in x, lon in y. */
const looksSwappedGeographic = (p: XYPoint) =>
  (Math.abs(p.x) <= 90 && Math.abs(p.y) > 90 && Math.abs(p.y) <= 180)
  // China: latitude 18–54 in x, longitude 73–135 in y (catches y ≤ 90, which the rule above cannot).
  || (p.x >= 18 && p.x <= 54 && p.y >= 73 && p.y <= 135);

function detectSwap(points: XYPoint[], crs: CrsSpec, geographic: boolean, bbox: BBox | null | undefined): boolean {
  const sample = spread(points, 500);
  if (!sample.length) return false;
  const to = toWgs84(crs);
  const from = fromWgs84(crs);
  const entry = entryFor(crs);
  const score = (swap: boolean) => {
    let valid = 0;
    let near = 0;
    for (const p of sample) {
      const [x, y] = swap ? [p.y, p.x] : [p.x, p.y];
      const ll = convertChecked(crs, geographic, to, from, x, y);
      if (!ll) continue;
      if (entry && !inBox(ll[0], ll[1], entry.area, 1)) continue;
      valid++;
      if (bbox && kmFromBox(ll[0], ll[1], bbox) <= FAR_KM) near++;
    }
    return { valid, near };
  };
  const half = sample.length / 2;
  const asIs = score(false);
  const swapped = score(true);
  if (bbox && (asIs.near > 0 || swapped.near > 0)) return swapped.near > asIs.near && swapped.near > half;
  if (geographic) return sample.filter(looksSwappedGeographic).length > half;
  return swapped.valid > asIs.valid && swapped.valid > half;
}

/** Suggests the right GK variant when the easting's zone prefix does not match the chosen GK system. */
function gkHint(entry: EpsgEntry | undefined, x: number): string {
  if (!entry?.gk || !Number.isFinite(x)) return '';
  const { degrees, cm, prefixed } = entry.gk;
  if (prefixed && Math.abs(x) < 1e7) {
    const cmCode = degrees === 3 ? 4534 + (cm - 75) / 3 : 4502 + (cm - 75) / 6;
    return ` The easting has no zone prefix: try EPSG:${cmCode} (${TABLE.get(cmCode)?.name}).`;
  }
  if (!prefixed && x >= 1e7) {
    const zone = Math.floor(x / 1e6);
    const code = zone >= 25 && zone <= 45 ? 4513 + zone - 25 : zone >= 13 && zone <= 23 ? 4491 + zone - 13 : null;
    return code ? ` The easting starts with zone number ${zone}: try EPSG:${code} (${TABLE.get(code)?.name}).` : '';
  }
  return '';
}

/**
 * Checks imported coordinates given in `crs` (rows are the caller's row numbers): missing/NaN,
 * placeholders (0,0; x = y; 999/-9999 fillers; whole-degree lon/lat as a warning), duplicates,
 * swapped x/y (geographic or projected), projected-looking values declared geographic, values that do not convert (out of range / outside
 * the projection's domain), points outside the CRS's area of use, GCJ-02/BD-09 points outside China
 * (no shift applies there), and — with a project bbox — points more than 200 km from it (warning).
 * Messages are English; `code` identifies the problem for translation.
 */
export function coordinateChecks(
  points: { row: number; x: number; y: number }[],
  crs: CrsSpec,
  projectBbox?: [number, number, number, number] | null,
): CoordinateCheckResult {
  const problems: CoordinateProblem[] = [];
  const add = (row: number, severity: 'error' | 'warning', code: CoordinateProblemCode, message: string, params?: Record<string, number>) =>
    problems.push(params ? { row, severity, code, message, params } : { row, severity, code, message });
  const label = describeCrs(crs, 'en');
  const geographic = isGeographic(crs);
  const entry = entryFor(crs);

  const usable: RowPoint[] = [];
  for (const p of points) {
    if (typeof p.x !== 'number' || typeof p.y !== 'number' || !Number.isFinite(p.x) || !Number.isFinite(p.y)) {
      add(p.row, 'error', 'missing', `Row ${p.row}: coordinate missing or not a number (x=${String(p.x)}, y=${String(p.y)})`);
      continue;
    }
    const why = placeholderReason(p);
    if (why) {
      add(p.row, 'error', 'placeholder', `Row ${p.row}: ${why}`);
      continue;
    }
    usable.push(p);
  }

  const swapped = detectSwap(usable, crs, geographic, projectBbox);
  const pts: RowPoint[] = swapped ? usable.map((p) => ({ row: p.row, x: p.y, y: p.x })) : usable;

  const to = toWgs84(crs);
  const from = fromWgs84(crs);
  let suggestion: string | undefined;
  const suggest = () => {
    if (suggestion === undefined) {
      const g = guessCrs(pts, projectBbox);
      suggestion = g && g.kind === 'proj' ? ` They look like ${describeCrs(g, 'en')}.` : '';
    }
    return suggestion;
  };

  const earlier = firstWithSameCoordinates(pts);
  for (let k = 0; k < pts.length; k++) {
    const p = pts[k];
    if (earlier[k] !== k) {
      const first = pts[earlier[k]].row;
      add(p.row, 'warning', 'duplicate', `Row ${p.row}: same coordinates as row ${first}`, { first });
    }

    if (geographic && (Math.abs(p.x) > 180 || Math.abs(p.y) > 180)) {
      add(p.row, 'error', 'projected-as-geographic',
        `Row ${p.row}: (${p.x}, ${p.y}) are not degrees — the values look projected (metres or feet), but ${label} was chosen: choose a projected coordinate system (EPSG code or the .prj file).${suggest()}`);
      continue;
    }
    if (geographic && Math.abs(p.y) > 90) {
      add(p.row, 'error', 'out-of-range', `Row ${p.row}: latitude ${p.y} is beyond ±90° — are x and y swapped on this row?`);
      continue;
    }
    if (geographic && Number.isInteger(p.x) && Number.isInteger(p.y)) {
      // e.g. Hangzhou's "120, 30" filler: a real place, but only to ~100 km.
      add(p.row, 'warning', 'placeholder', `Row ${p.row}: (${p.x}, ${p.y}) are whole degrees (about 100 km precision): probably a placeholder`);
    }
    const ll = convertChecked(crs, geographic, to, from, p.x, p.y);
    if (!ll) {
      add(p.row, 'error', 'out-of-range',
        `Row ${p.row}: (${p.x}, ${p.y}) cannot be converted from ${label} — outside the system's valid range.${gkHint(entry, p.x)}`);
      continue;
    }
    const [lon, lat] = ll;
    if (entry && !inBox(lon, lat, entry.area, 1)) {
      add(p.row, 'warning', 'outside-crs-area',
        `Row ${p.row}: converts to (${lon.toFixed(5)}, ${lat.toFixed(5)}), outside the area where ${label} is used — is the system right?${gkHint(entry, p.x)}`);
    }
    if ((crs.kind === 'gcj02' || crs.kind === 'bd09') && !inBox(p.x, p.y, GCOORD_CHINA)) {
      add(p.row, 'warning', 'outside-china', `Row ${p.row}: (${p.x}, ${p.y}) is outside China, where ${label} does not apply; it was left unshifted`);
    }
    if (projectBbox) {
      const km = kmFromBox(lon, lat, projectBbox);
      if (km > FAR_KM) add(p.row, 'warning', 'far-from-project', `Row ${p.row}: about ${Math.round(km)} km from the project area (${lon.toFixed(4)}, ${lat.toFixed(4)})`, { km: Math.round(km) });
    }
  }

  problems.sort((a, b) => a.row - b.row);
  return { swapped, problems };
}

/**
 * For each point, the index of the first point with exactly the same coordinates (itself when none
 * came before). A hash table over the coordinates' bits: a million points take tens of
 * milliseconds, where a Map of "x,y" strings took most of a second and its garbage.
 */
export function firstWithSameCoordinates(points: readonly XYPoint[]): Uint32Array {
  const n = points.length;
  const out = new Uint32Array(n);
  let size = 1;
  while (size < 2 * n) size *= 2;
  const slots = new Int32Array(size).fill(-1);
  const bits = new Float64Array(2);
  const words = new Int32Array(bits.buffer);
  for (let k = 0; k < n; k++) {
    const { x, y } = points[k];
    bits[0] = x === 0 ? 0 : x; // -0 and 0 are the same place
    bits[1] = y === 0 ? 0 : y;
    let h = Math.imul(words[0] ^ Math.imul(words[1], 0x9e3779b1), 0x85ebca6b) ^ Math.imul(words[2] ^ Math.imul(words[3], 0xc2b2ae35), 0x27d4eb2f);
    h ^= h >>> 15;
    let slot = h & (size - 1);
    out[k] = k;
    for (;;) {
      const j = slots[slot];
      if (j === -1) {
        slots[slot] = k;
        break;
      }
      if (points[j].x === x && points[j].y === y) {
        out[k] = j;
        break;
      }
      slot = (slot + 1) & (size - 1);
    }
  }
  return out;
}

/** Easting with a CGCS2000 GK zone prefix → the prefixed EPSG entry (3° zones 25–45, 6° zones 13–23). */
function gkZoneFromEasting(easting: number): EpsgEntry | undefined {
  const zone = Math.floor(easting / 1e6);
  const rest = easting - zone * 1e6;
  if (zone >= 25 && zone <= 45 && rest >= 2e5 && rest <= 8e5) return TABLE.get(4513 + zone - 25);
  if (zone >= 13 && zone <= 23 && rest >= 1e5 && rest <= 9e5) return TABLE.get(4491 + zone - 13);
  return undefined;
}
const chinaNorthing = (y: number) => y >= 1e6 && y <= 6.2e6;

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/**
 * A best-effort guess of the CRS of a sample, used ONLY as the import wizard's default selection and
 * always shown to the user (domain.md: never convert silently). Rules: values within ±180/±90 (or
 * swapped) → WGS84 (GCJ-02 and BD-09 cannot be told from WGS84 by the numbers: they differ by
 * ~500 m); eastings of 13–23 or 25–45 million with a Chinese-range northing (either column) → the
 * CGCS2000 Gauss–Krüger zone named by the leading digits; Web-Mercator-range metres → EPSG:3857
 * (except UTM-shaped values, eastings 150–850 km, which are ambiguous → null). With `projectBbox`
 * (optional), the first known projected system that puts the sample within 200 km of the project
 * wins (e.g. Virginia State Plane feet for a Fairfax project). Otherwise null.
 */
export function guessCrs(sample: { x: number; y: number }[], projectBbox?: BBox | null): CrsSpec | null {
  const pts = spread(sample.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && !placeholderReason(p)), 200);
  if (!pts.length) return null;
  const share = (pred: (p: XYPoint) => boolean) => pts.filter(pred).length / pts.length;

  if (share((p) => Math.abs(p.x) <= 180 && Math.abs(p.y) <= 90) >= 0.8
    || share((p) => Math.abs(p.x) <= 90 && Math.abs(p.y) <= 180) >= 0.8) return { kind: 'wgs84' };

  let plain: CrsSpec | null = null;
  const gkX = gkZoneFromEasting(median(pts.map((p) => p.x)));
  const gkY = gkZoneFromEasting(median(pts.map((p) => p.y)));
  if (gkX && share((p) => gkZoneFromEasting(p.x) === gkX && chinaNorthing(p.y)) >= 0.8) plain = specFromEntry(gkX);
  else if (gkY && share((p) => gkZoneFromEasting(p.y) === gkY && chinaNorthing(p.x)) >= 0.8) plain = specFromEntry(gkY); // X = northing convention
  else if (share((p) => Math.abs(p.x) <= 20_037_508.35 && Math.abs(p.y) <= 20_048_966.1) >= 0.8
    && share((p) => p.x >= 1.5e5 && p.x <= 8.5e5 && p.y >= 0 && p.y <= 1e7) < 0.8) plain = specFromEntry(TABLE.get(3857)!);

  if (!projectBbox) return plain;
  const lands = (crs: CrsSpec) => {
    const to = toWgs84(crs);
    const from = fromWgs84(crs);
    const near = pts.filter((p) => {
      const ll = convertChecked(crs, false, to, from, p.x, p.y);
      return ll !== null && kmFromBox(ll[0], ll[1], projectBbox) <= FAR_KM;
    }).length;
    return near / pts.length >= 0.8;
  };
  if (plain && lands(plain)) return plain;
  for (const e of TABLE.values()) {
    if (e.geographic || !inBox((projectBbox[0] + projectBbox[2]) / 2, (projectBbox[1] + projectBbox[3]) / 2, e.area, 1)) continue;
    const spec = specFromEntry(e);
    if (lands(spec)) return spec;
  }
  return plain;
}

