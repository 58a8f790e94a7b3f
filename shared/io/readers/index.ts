// One entry for every input file: picks the reader by extension, checked against the first bytes
// (an .xlsx renamed .csv, a GeoJSON saved as .json). Pure TypeScript over bytes: runs in Node and in a
// browser worker. GeoPackage is not read here: it needs SQLite, which the host (Electron side) has.
import { InputError } from '../../base/problems';
import type { ReadOptions, SourceFormat, SourceTable } from '../source';
import { readCsv } from './csv';
import { readJson, readGeoJson } from './json';
import { readShapefile, readZip } from './shapefile';
import { failedTable, errorMessage, splitName } from './table';
import { readXlsx } from './xlsx';
import { listZip, looksLikeZip } from './zip';

export { decodeText, normalizeEncoding } from './text';
export { readCsv, parseCsvText } from './csv';
export { readXlsx } from './xlsx';
export { readJson, readJsonRecords, readGeoJson } from './json';
export { readShapefile, readZip } from './shapefile';

function startsWith(bytes: Uint8Array, ascii: string): boolean {
  if (bytes.length < ascii.length) return false;
  for (let i = 0; i < ascii.length; i++) if (bytes[i] !== ascii.charCodeAt(i)) return false;
  return true;
}

function firstNonSpace(bytes: Uint8Array): number {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x09 || bytes[i] === 0x0a || bytes[i] === 0x0d)) i++;
  return i < bytes.length ? bytes[i] : -1;
}

/** What the bytes are, from their first bytes alone; null when they look like plain text. */
export function sniffFormat(bytes: Uint8Array): SourceFormat | 'zip' | null {
  if (startsWith(bytes, 'SQLite format 3\0')) return 'gpkg';
  if (bytes.length >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0x27 && bytes[3] === 0x0a) return 'shapefile';
  if (looksLikeZip(bytes)) {
    try {
      return listZip(bytes).includes('xl/workbook.xml') ? 'xlsx' : 'zip';
    } catch {
      return 'zip';
    }
  }
  const c = firstNonSpace(bytes);
  if (c === 0x7b || c === 0x5b) return 'json'; // { or [
  return null;
}

function gpkgError(name: string): InputError {
  return new InputError([
    { file: name, message: 'GeoPackage (.gpkg) files are read by the host (the Electron side, with SQLite), not by the in-browser readers: open it through the desktop app', severity: 'error' },
  ]);
}

/**
 * Reads any supported input file into a SourceTable. `siblings` holds the other files of a shapefile
 * (.dbf, .prj, .cpg, .shx) when `name` is its .shp. Never throws for a damaged file (the table carries
 * an error problem instead); throws an InputError only for a GeoPackage, which is read by the host.
 */
export async function readSource(name: string, bytes: Uint8Array, opts: ReadOptions = {}, siblings?: Record<string, Uint8Array>): Promise<SourceTable> {
  const { ext } = splitName(name);
  if (ext === 'gpkg') throw gpkgError(name);
  let sniffed: ReturnType<typeof sniffFormat>;
  try {
    sniffed = sniffFormat(bytes);
  } catch (e) {
    return failedTable(name, `could not read the file: ${errorMessage(e)}`, { code: 'parse-failed', params: { detail: errorMessage(e) } });
  }
  if (sniffed === 'gpkg') throw gpkgError(name);

  switch (ext) {
    case 'xlsx':
    case 'xlsm':
      return readXlsx(bytes, name, opts);
    case 'zip':
      return readZip(bytes, name, opts);
    case 'shp':
      return readShapefile({ ...siblings, [name]: bytes }, opts, name);
    case 'dbf':
    case 'shx':
    case 'prj':
    case 'cpg':
      return failedTable(name, `a .${ext} is part of a shapefile: choose its .shp (with the other files beside it) or a .zip of all of them`);
    case 'xls':
      // Many systems export "xls" that is really an XLSX, an HTML table or tab-separated text.
      if (bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0) {
        return failedTable(name, 'old Excel 97–2003 (.xls) workbooks are not read: open it in Excel and save it as .xlsx or .csv');
      }
      if (firstNonSpace(bytes) === 0x3c) {
        return failedTable(name, 'is a web page (HTML) saved with an .xls name: open it in Excel and save it as .xlsx or .csv');
      }
      break;
    case 'geojson':
      return readGeoJson(bytes, name, opts);
    case 'json':
      return readJson(bytes, name, opts);
    default:
      break;
  }
  // .csv/.txt/.tsv, unknown extensions and mislabelled files: trust the content.
  switch (sniffed) {
    case 'xlsx':
      return readXlsx(bytes, name, opts);
    case 'zip':
      return readZip(bytes, name, opts);
    case 'shapefile':
      return readShapefile({ ...siblings, [`${splitName(name).stem}.shp`]: bytes }, opts, name);
    case 'json':
      if (ext !== 'csv' && ext !== 'tsv') return readJson(bytes, name, opts);
      return readCsv(bytes, name, opts);
    default:
      return readCsv(bytes, name, opts);
  }
}
