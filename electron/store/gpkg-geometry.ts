// GeoPackage geometry blobs: the "GP" header (version 0, little-endian, envelope) followed by ISO WKB.
// Encodes and decodes the GeoJSON geometries the model uses.
import type { Geometry, Position } from '../../shared/model';

const WKB = { Point: 1, LineString: 2, Polygon: 3, MultiPoint: 4, MultiLineString: 5, MultiPolygon: 6 } as const;

type Coords = Position | Position[] | Position[][] | Position[][][];

function bounds(g: Geometry): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  const walk = (c: Coords): void => {
    if (typeof c[0] === 'number') {
      const [x, y] = c as Position;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    } else for (const k of c as Coords[]) walk(k);
  };
  walk(g.coordinates as Coords);
  return [minX, maxX, minY, maxY];
}

function wkbSize(g: Geometry): number {
  const ring = (r: Position[]) => 4 + r.length * 16;
  const poly = (p: Position[][]) => 4 + p.reduce((s, r) => s + ring(r), 0);
  switch (g.type) {
    case 'Point': return 5 + 16;
    case 'LineString': return 5 + ring(g.coordinates);
    case 'Polygon': return 5 + poly(g.coordinates);
    case 'MultiLineString': return 5 + 4 + g.coordinates.reduce((s, l) => s + 5 + ring(l), 0);
    case 'MultiPolygon': return 5 + 4 + g.coordinates.reduce((s, p) => s + 5 + poly(p), 0);
  }
}

function writeWkb(v: DataView, o: number, g: Geometry): number {
  const head = (type: number) => {
    v.setUint8(o, 1);
    v.setUint32(o + 1, type, true);
    o += 5;
  };
  const pts = (r: Position[]) => {
    v.setUint32(o, r.length, true);
    o += 4;
    for (const p of r) {
      v.setFloat64(o, p[0], true);
      v.setFloat64(o + 8, p[1], true);
      o += 16;
    }
  };
  const rings = (p: Position[][]) => {
    v.setUint32(o, p.length, true);
    o += 4;
    for (const r of p) pts(r);
  };
  switch (g.type) {
    case 'Point':
      head(WKB.Point);
      v.setFloat64(o, g.coordinates[0], true);
      v.setFloat64(o + 8, g.coordinates[1], true);
      return o + 16;
    case 'LineString':
      head(WKB.LineString);
      pts(g.coordinates);
      return o;
    case 'Polygon':
      head(WKB.Polygon);
      rings(g.coordinates);
      return o;
    case 'MultiLineString':
      head(WKB.MultiLineString);
      v.setUint32(o, g.coordinates.length, true);
      o += 4;
      for (const l of g.coordinates) o = writeWkb(v, o, { type: 'LineString', coordinates: l });
      return o;
    case 'MultiPolygon':
      head(WKB.MultiPolygon);
      v.setUint32(o, g.coordinates.length, true);
      o += 4;
      for (const p of g.coordinates) o = writeWkb(v, o, { type: 'Polygon', coordinates: p });
      return o;
  }
}

/** The point blob, written without helpers: a million points are a common import. */
function encodePoint(x: number, y: number, srsId: number): Buffer {
  const buf = Buffer.allocUnsafe(8 + 21);
  buf[0] = 0x47; // G
  buf[1] = 0x50; // P
  buf[2] = 0; // version
  buf[3] = 0b1; // little-endian, no envelope
  buf.writeInt32LE(srsId, 4);
  buf[8] = 1; // WKB little-endian
  buf.writeUInt32LE(WKB.Point, 9);
  buf.writeDoubleLE(x, 13);
  buf.writeDoubleLE(y, 21);
  return buf;
}

/** GeoPackage blob for a geometry in SRS `srsId`. Points carry no envelope, others [minx, maxx, miny, maxy]. */
export function encodeGeometry(g: Geometry, srsId = 4326): Buffer {
  if (g.type === 'Point') return encodePoint(g.coordinates[0], g.coordinates[1], srsId);
  const envelope = true; // every non-point blob carries [minx, maxx, miny, maxy]
  const headerSize = 8 + (envelope ? 32 : 0);
  // Every byte is written below, so the pooled, unzeroed allocation is safe (and far faster for points).
  const buf = Buffer.allocUnsafe(headerSize + wkbSize(g));
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  buf[0] = 0x47; // G
  buf[1] = 0x50; // P
  buf[2] = 0; // version 1.0 of the blob format
  buf[3] = 0b1 | ((envelope ? 1 : 0) << 1); // little-endian, envelope type
  v.setInt32(4, srsId, true);
  if (envelope) {
    const [minX, maxX, minY, maxY] = bounds(g);
    v.setFloat64(8, minX, true);
    v.setFloat64(16, maxX, true);
    v.setFloat64(24, minY, true);
    v.setFloat64(32, maxY, true);
  }
  writeWkb(v, headerSize, g);
  return buf;
}

const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

function headerOf(blob: Uint8Array): { little: boolean; envelope: number; empty: boolean; wkbOffset: number; view: DataView } {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry blob');
  const flags = blob[3];
  const envelope = (flags >> 1) & 0b111;
  if (envelope > 4) throw new Error(`bad envelope indicator ${envelope}`);
  return {
    little: (flags & 1) === 1, envelope, empty: ((flags >> 4) & 1) === 1, wkbOffset: 8 + ENVELOPE_BYTES[envelope],
    view: new DataView(blob.buffer, blob.byteOffset, blob.byteLength),
  };
}

function readWkb(v: DataView, start: number): { g: Geometry; end: number } {
  let o = start;
  const little = v.getUint8(o) === 1;
  const rawType = v.getUint32(o + 1, little);
  o += 5;
  const type = rawType % 1000; // ISO Z/M variants: take x, y
  const dims = rawType >= 3000 ? 4 : rawType >= 1000 ? 3 : 2;
  const pos = (): Position => {
    const p: Position = [v.getFloat64(o, little), v.getFloat64(o + 8, little)];
    o += dims * 8;
    return p;
  };
  const line = (): Position[] => {
    const n = v.getUint32(o, little);
    o += 4;
    const out: Position[] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = pos();
    return out;
  };
  const poly = (): Position[][] => {
    const n = v.getUint32(o, little);
    o += 4;
    const out: Position[][] = new Array(n);
    for (let i = 0; i < n; i++) out[i] = line();
    return out;
  };
  // Multi-geometries hold whole WKB geometries (each with its own byte order and type).
  const parts = <T>(): T[] => {
    const n = v.getUint32(o, little);
    o += 4;
    const out: T[] = [];
    for (let i = 0; i < n; i++) {
      const sub = readWkb(v, o);
      o = sub.end;
      out.push(sub.g.coordinates as T);
    }
    return out;
  };
  switch (type) {
    case WKB.Point: return { g: { type: 'Point', coordinates: pos() }, end: o };
    case WKB.LineString: return { g: { type: 'LineString', coordinates: line() }, end: o };
    case WKB.Polygon: return { g: { type: 'Polygon', coordinates: poly() }, end: o };
    case WKB.MultiLineString: return { g: { type: 'MultiLineString', coordinates: parts<Position[]>() }, end: o };
    case WKB.MultiPolygon: return { g: { type: 'MultiPolygon', coordinates: parts<Position[][]>() }, end: o };
    default: throw new Error(`unsupported WKB geometry type ${rawType}`);
  }
}

export function decodeGeometry(blob: Uint8Array): Geometry {
  const h = headerOf(blob);
  return readWkb(h.view, h.wkbOffset).g;
}

/** A 2D point blob's coordinates read in place; null for any other geometry (or an empty one). */
export function pointOf(blob: Uint8Array): [number, number] | null {
  const h = headerOf(blob);
  if (h.empty) return null;
  const v = h.view;
  const o = h.wkbOffset;
  const le = v.getUint8(o) === 1;
  if (v.getUint32(o + 1, le) !== WKB.Point) return null;
  return [v.getFloat64(o + 5, le), v.getFloat64(o + 13, le)];
}

/** [minx, maxx, miny, maxy] from the header envelope, or from the coordinates; null when empty. */
export function envelopeOf(blob: Uint8Array): [number, number, number, number] | null {
  const h = headerOf(blob);
  if (h.empty) return null;
  if (h.envelope > 0) {
    const v = h.view;
    return [v.getFloat64(8, h.little), v.getFloat64(16, h.little), v.getFloat64(24, h.little), v.getFloat64(32, h.little)];
  }
  // A 2D point (the common case in bulk loads): read it in place.
  const v = h.view;
  const o = h.wkbOffset;
  const le = v.getUint8(o) === 1;
  if (v.getUint32(o + 1, le) === WKB.Point) {
    const x = v.getFloat64(o + 5, le);
    const y = v.getFloat64(o + 13, le);
    return [x, x, y, y];
  }
  return bounds(readWkb(h.view, h.wkbOffset).g);
}

export function isEmptyGeometry(blob: Uint8Array): boolean {
  return headerOf(blob).empty;
}
