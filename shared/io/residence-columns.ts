// The residence units of a large project as one binary block of columns: what the renderer loads
// instead of a million JSON objects (the map bins and draws them in a worker; the evaluation
// worker rebuilds light records from them). Layout, little-endian, every section aligned:
//   "SNRC" · u16 version (3) · u16 pupil encoding (1 = u16, 2 = f64) · u32 count · u32 byte length of the ids
//   f64 x[count] · f64 y[count]            representative point (a polygon unit's interior point)
//   pupils[12 · count]                     pupils by grade 1–12, row after row, exact (the UI's figures
//                                          must equal the command line's): as u16 when every figure is
//                                          a whole number below 65,536 (a quarter of the bytes), else f64
//   u8 settlement[count]                   0 urban, 1 town, 2 rural
//   u8 polygon[count]                      1 when the unit is a polygon (drawn as its point)
//   UTF-8 ids joined by "\n"
import type { Position, Residence } from '../model';

export interface ResidenceColumnData {
  count: number;
  ids: string[];
  x: Float64Array;
  y: Float64Array;
  /** Whole numbers below 65,536 come as u16, anything else as f64; both exact. */
  pupils: Float64Array | Uint16Array;
  settlement: Uint8Array;
  polygon: Uint8Array;
}

/** Above this many units a project is large: the renderer loads this block instead of the records. */
export const LARGE_PROJECT_RESIDENCES = 50_000;

const MAGIC = 0x43524e53; // "SNRC" little-endian
const VERSION = 3;
const PUPILS_U16 = 1;
const PUPILS_F64 = 2;

/** True for a block this code reads (a cache written by an older version is rebuilt). */
export function isCurrentBlock(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 16) return false;
  const v = new DataView(bytes.buffer, bytes.byteOffset, 16);
  return v.getUint32(0, true) === MAGIC && v.getUint16(4, true) === VERSION;
}
const SETTLEMENTS = ['urban', 'town', 'rural'] as const;

function layout(count: number, idsBytes: number, pupilBytes: number) {
  const x = 16;
  const y = x + 8 * count;
  const pupils = y + 8 * count;
  const settlement = pupils + 12 * pupilBytes * count;
  const polygon = settlement + count;
  const ids = polygon + count;
  return { x, y, pupils, settlement, polygon, ids, total: ids + idsBytes };
}

export function columnsFromResidences(residences: readonly Residence[], pointOf: (r: Residence) => Position | null): ResidenceColumnData {
  const n = residences.length;
  const d: ResidenceColumnData = { count: n, ids: new Array<string>(n), x: new Float64Array(n), y: new Float64Array(n), pupils: new Float64Array(12 * n), settlement: new Uint8Array(n), polygon: new Uint8Array(n) };
  residences.forEach((r, k) => {
    d.ids[k] = r.id;
    let p: Position | null;
    try {
      p = pointOf(r);
    } catch {
      p = null; // an unusable outline: the evaluation reports it; the map leaves it out
    }
    d.x[k] = p ? p[0] : Number.NaN;
    d.y[k] = p ? p[1] : Number.NaN;
    for (let g = 0; g < 12; g++) d.pupils[12 * k + g] = r.pupilsByGrade[g] ?? 0;
    d.settlement[k] = Math.max(0, SETTLEMENTS.indexOf(r.settlement));
    d.polygon[k] = r.geometry.type === 'Point' ? 0 : 1;
  });
  return d;
}

export function encodeResidenceColumns(d: ResidenceColumnData): Uint8Array {
  if (d.ids.some((id) => id.includes('\n'))) throw new Error('a residence id contains a line break');
  const idBytes = new TextEncoder().encode(d.ids.join('\n'));
  const small = d.pupils.every((p) => Number.isInteger(p) && p >= 0 && p < 65536);
  const at = layout(d.count, idBytes.length, small ? 2 : 8);
  const out = new Uint8Array(at.total);
  const v = new DataView(out.buffer);
  v.setUint32(0, MAGIC, true);
  v.setUint16(4, VERSION, true);
  v.setUint16(6, small ? PUPILS_U16 : PUPILS_F64, true);
  v.setUint32(8, d.count, true);
  v.setUint32(12, idBytes.length, true);
  new Float64Array(out.buffer, at.x, d.count).set(d.x);
  new Float64Array(out.buffer, at.y, d.count).set(d.y);
  if (small) new Uint16Array(out.buffer, at.pupils, 12 * d.count).set(d.pupils);
  else new Float64Array(out.buffer, at.pupils, 12 * d.count).set(d.pupils);
  out.set(d.settlement, at.settlement);
  out.set(d.polygon, at.polygon);
  out.set(idBytes, at.ids);
  return out;
}

/**
 * Reads the block; the coordinates share its memory when it is aligned (copied otherwise). The ids
 * are decoded when first read (the map's bins do not need them).
 */
export function decodeResidenceColumns(bytes: Uint8Array): ResidenceColumnData {
  const buf = bytes.byteOffset % 8 === 0 ? bytes : bytes.slice();
  const v = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  if (buf.byteLength < 16 || v.getUint32(0, true) !== MAGIC) throw new Error('not a residence column block');
  if (v.getUint16(4, true) !== VERSION) throw new Error(`residence column block version ${v.getUint16(4, true)} is not known`);
  const encoding = v.getUint16(6, true);
  if (encoding !== PUPILS_U16 && encoding !== PUPILS_F64) throw new Error(`residence column block: unknown pupil encoding ${encoding}`);
  const count = v.getUint32(8, true);
  const at = layout(count, v.getUint32(12, true), encoding === PUPILS_U16 ? 2 : 8);
  if (at.total !== buf.byteLength) throw new Error(`residence column block is ${buf.byteLength} bytes, expected ${at.total}`);
  const o = buf.byteOffset;
  let ids: string[] | null = null;
  return {
    count,
    get ids() {
      ids ??= count === 0 ? [] : new TextDecoder().decode(buf.subarray(at.ids)).split('\n');
      return ids;
    },
    x: new Float64Array(buf.buffer, o + at.x, count),
    y: new Float64Array(buf.buffer, o + at.y, count),
    pupils: encoding === PUPILS_U16 ? new Uint16Array(buf.buffer, o + at.pupils, 12 * count) : new Float64Array(buf.buffer, o + at.pupils, 12 * count),
    settlement: buf.subarray(at.settlement, at.settlement + count),
    polygon: buf.subarray(at.polygon, at.polygon + count),
  };
}

/** The one (frozen) empty `extra` of every light record. */
const NO_EXTRA: Residence['extra'] = Object.freeze({});

/**
 * Light records for the engine: each unit as its representative point (the point the engine uses
 * for a polygon unit anyway), with its pupils and settlement; names are the ids.
 */
export function residencesFromColumns(d: ResidenceColumnData): Residence[] {
  const out = new Array<Residence>(d.count);
  const { pupils } = d;
  for (let k = 0; k < d.count; k++) {
    const o = 12 * k;
    out[k] = {
      id: d.ids[k], name: d.ids[k], namePinyin: null, kind: d.polygon[k] ? 'block' : 'complex', settlement: SETTLEMENTS[d.settlement[k]] ?? 'urban',
      geometry: { type: 'Point', coordinates: [d.x[k], d.y[k]] }, township: null, households: null, population: null,
      pupilsByGrade: [pupils[o], pupils[o + 1], pupils[o + 2], pupils[o + 3], pupils[o + 4], pupils[o + 5], pupils[o + 6], pupils[o + 7], pupils[o + 8], pupils[o + 9], pupils[o + 10], pupils[o + 11]],
      pupilSource: 'grade', extra: NO_EXTRA,
    };
  }
  return out;
}
