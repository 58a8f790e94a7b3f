// The binary layout of .shp and .dbf files, checked before the shapefile package reads them: a
// truncated or damaged file is cut back to its last whole record and the damage named.
import { normalizeEncoding, textDecoder } from './text';

const SHAPE_TYPES = new Set([0, 1, 3, 5, 8, 11, 13, 15, 18, 21, 23, 25, 28]);

export interface ShpCheck {
  /** Bytes up to the end of the last whole record (the header included). */
  usableLength: number;
  records: number;
  shapeType: number;
  /** What is wrong, or null. `fatal` means nothing can be read. */
  problem: { message: string; fatal: boolean } | null;
}

export function checkShp(bytes: Uint8Array): ShpCheck {
  const none = (message: string): ShpCheck => ({ usableLength: 0, records: 0, shapeType: 0, problem: { message, fatal: true } });
  if (bytes.length < 100) return none(`truncated shapefile: the 100-byte header is incomplete (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const code = view.getInt32(0, false);
  if (code !== 9994) return none(`not a shapefile (.shp): its header code is ${code}, expected 9994`);
  const shapeType = view.getInt32(32, true);
  if (!SHAPE_TYPES.has(shapeType)) return none(`unsupported shape type ${shapeType} in the .shp header`);
  const declared = view.getInt32(24, false) * 2;
  let offset = 100;
  let records = 0;
  let problem: ShpCheck['problem'] = null;
  while (offset < bytes.length) {
    const n = records + 1;
    if (offset + 12 > bytes.length) {
      problem = { message: `truncated shapefile: the header of record ${n} is cut off at the end of the file`, fatal: false };
      break;
    }
    const content = view.getInt32(offset + 4, false) * 2;
    if (content < 4) {
      problem = { message: `damaged shapefile: record ${n} has an invalid length (${content} bytes)`, fatal: false };
      break;
    }
    const end = offset + 8 + content;
    if (end > bytes.length) {
      problem = { message: `truncated shapefile: record ${n} ends past the end of the file`, fatal: false };
      break;
    }
    const type = view.getInt32(offset + 8, true);
    if (type !== 0 && type !== shapeType) {
      problem = { message: `damaged shapefile: record ${n} has shape type ${type}, the file's is ${shapeType}`, fatal: false };
      break;
    }
    records = n;
    offset = end;
  }
  if (!problem && declared > bytes.length) {
    problem = { message: `truncated shapefile: the header says ${declared} bytes, the file has ${bytes.length}`, fatal: false };
  }
  return { usableLength: offset, records, shapeType, problem };
}

export interface DbfField {
  nameBytes: Uint8Array;
  type: string;
  offset: number; // within a record (after the deletion flag)
  length: number;
}

export interface DbfCheck {
  records: number;
  headerLength: number;
  recordLength: number;
  fields: DbfField[];
  /** Bytes up to the end of the last whole record. */
  usableLength: number;
  /** Language driver id (byte 29): the code page some writers record instead of a .cpg. */
  languageDriver: number;
  problem: { message: string; fatal: boolean } | null;
}

export function checkDbf(bytes: Uint8Array): DbfCheck {
  const fail = (message: string): DbfCheck => ({ records: 0, headerLength: 0, recordLength: 0, fields: [], usableLength: 0, languageDriver: 0, problem: { message, fatal: true } });
  if (bytes.length < 32) return fail(`truncated .dbf: the 32-byte header is incomplete (${bytes.length} bytes)`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  if (headerLength < 33 || recordLength < 1) return fail('not a dBASE (.dbf) file: its header lengths are impossible');
  const fields: DbfField[] = [];
  let at = 1;
  let n = 32;
  for (;;) {
    if (n < bytes.length && bytes[n] === 0x0d) break;
    if (n + 32 > bytes.length) return fail(`truncated .dbf: the field list is cut off (${bytes.length} of ${headerLength} header bytes)`);
    if (n + 32 >= headerLength) return fail('damaged .dbf: the field list has no end marker');
    let j = 0;
    while (j < 11 && bytes[n + j] !== 0) j++;
    const length = bytes[n + 16];
    fields.push({ nameBytes: bytes.subarray(n, n + j), type: String.fromCharCode(bytes[n + 11]), offset: at, length });
    at += length;
    n += 32;
  }
  if (bytes.length < headerLength) return fail(`truncated .dbf: the header is cut off (${bytes.length} of ${headerLength} bytes)`);
  const available = Math.floor((bytes.length - headerLength) / recordLength);
  const whole = Math.min(records, available);
  const problem = available < records ? { message: `truncated .dbf: it holds ${available} of the ${records} records its header announces`, fatal: false } : null;
  return { records: whole, headerLength, recordLength, fields, usableLength: headerLength + whole * recordLength, languageDriver: bytes[29], problem };
}

/** Field names as the shapefile package decodes them (bytes up to the first NUL, not trimmed). */
export function dbfFieldNames(dbf: DbfCheck, encoding: string): string[] {
  const decoder = textDecoder(encoding);
  return dbf.fields.map((f) => decoder.decode(f.nameBytes));
}

/**
 * A date field (`D`, YYYYMMDD) of record `index` as an ISO date, or null when blank or zeros. Read
 * from the bytes: the shapefile package makes local-time Dates and turns blanks into 1899-11-30.
 */
export function dbfDate(bytes: Uint8Array, dbf: DbfCheck, index: number, field: DbfField): string | null {
  if (index >= dbf.records) return null;
  const at = dbf.headerLength + index * dbf.recordLength + field.offset;
  const raw = String.fromCharCode(...bytes.subarray(at, at + Math.min(field.length, 8)));
  const m = /^(\d{4})(\d{2})(\d{2})$/.exec(raw);
  if (!m || m[1] === '0000') return null;
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= 31 ? `${m[1]}-${m[2]}-${m[3]}` : null;
}

/** Code pages named by the .dbf language driver byte (the common ones). */
const LANGUAGE_DRIVERS: Record<number, string> = {
  0x4d: 'gbk', // 936 Chinese GB2312
  0x7a: 'gbk', // 936 PRC GBK
  0x4f: 'big5', // 950 Chinese Big5
  0x78: 'big5', // 950 Taiwan Big5
  0x57: 'windows-1252', // ANSI
  0x03: 'windows-1252',
  0x01: 'windows-1252', // 437 (no decoder here; 1252 agrees on ASCII and most letters)
  0x02: 'windows-1252',
};

/** Maps a .cpg's text (CP936, 936, GBK, UTF-8, 65001…) to a decoder label, or null. */
export function encodingFromCpg(cpg: string): string | null {
  return normalizeEncoding(cpg.replace(/\0/g, ''));
}

/**
 * The encoding of a DBF's text when nothing declares it: UTF-8 if every text byte is valid UTF-8,
 * else the language driver's code page, else GBK (the usual Chinese ANSI code page).
 */
export function detectDbfEncoding(bytes: Uint8Array, dbf: DbfCheck): { encoding: string; how: string } {
  const textFields = dbf.fields.filter((f) => f.type === 'C');
  const chunks: Uint8Array[] = [];
  let high = false;
  const scan = (b: Uint8Array) => {
    for (let i = 0; i < b.length; i++) if (b[i] >= 0x80) {
      high = true;
      chunks.push(b);
      return;
    }
  };
  scan(bytes.subarray(32, Math.min(dbf.headerLength, bytes.length)));
  const limit = Math.min(dbf.records, 20000);
  for (let r = 0; r < limit; r++) {
    const base = dbf.headerLength + r * dbf.recordLength;
    for (const f of textFields) scan(bytes.subarray(base + f.offset, base + f.offset + f.length));
  }
  if (!high) return { encoding: 'utf-8', how: 'plain ASCII text' };
  try {
    // A fresh streaming decoder per field: a character cut by the field width is not an error.
    for (const c of chunks) textDecoder('utf-8', true).decode(c, { stream: true });
    return { encoding: 'utf-8', how: 'the text is valid UTF-8' };
  } catch {
    const fromDriver = LANGUAGE_DRIVERS[dbf.languageDriver];
    if (fromDriver) return { encoding: fromDriver, how: `the text is not UTF-8; the .dbf language driver names ${fromDriver}` };
    return { encoding: 'gbk', how: 'the text is not UTF-8 and nothing names its encoding: read as GBK' };
  }
}
