// JSON bytes to a SourceTable: an array of flat records (also inside a `data` or `records` member),
// or GeoJSON (a FeatureCollection, a single Feature or a bare geometry) with its geometries checked
// structurally in the file's own coordinates and the CRS named by a legacy `crs` member.
import type { Cell, ReadOptions, SourceTable } from '../source';
import type { Geometry } from '../../model';
import { decodeText } from './text';
import { checkGeometry } from './geometry';
import { findJsonError } from './json-syntax';
import { emptyTable, errorMessage, failedTable, ProblemLog, safely, toCell } from './table';

type Parsed = { ok: true; value: unknown; encoding: string; warning?: string } | { ok: false; table: SourceTable };

function parseJson(bytes: Uint8Array, file: string, encodingOverride?: string): Parsed {
  let text: string;
  let encoding: string;
  let warning: string | undefined;
  try {
    ({ text, encoding, warning } = decodeText(bytes, encodingOverride));
  } catch (e) {
    return { ok: false, table: failedTable(file, `could not decode the text: ${errorMessage(e)}`, { code: 'decode-failed', params: { detail: errorMessage(e) } }) };
  }
  try {
    return { ok: true, value: JSON.parse(text), encoding, warning };
  } catch (e) {
    if (text.trim() === '') return { ok: false, table: failedTable(file, 'not valid JSON: the file is empty', { code: 'empty-file' }, encoding) };
    const where = findJsonError(text);
    const message = where
      ? where.truncated
        ? `not valid JSON: ${where.message}`
        : `not valid JSON at line ${where.line}, column ${where.column}: ${where.message}`
      : `not valid JSON: ${errorMessage(e)}`;
    const coded = where?.truncated ? { code: 'truncated' } : { code: 'invalid-json', params: where ? { line: where.line, column: where.column, detail: where.message } : { line: '?', column: '?', detail: errorMessage(e) } };
    return { ok: false, table: failedTable(file, message, coded, encoding) };
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Columns = union of keys in first-seen order; nested values become JSON text. */
function tabulate(records: readonly (Record<string, unknown> | null)[]): { columns: string[]; rows: Cell[][] } {
  const index = new Map<string, number>();
  for (const r of records) {
    if (!r) continue;
    for (const k of Object.keys(r)) if (!index.has(k)) index.set(k, index.size);
  }
  const columns = [...index.keys()];
  const rows = records.map((r) => {
    const cells: Cell[] = new Array(columns.length).fill(null);
    if (r) for (const k of Object.keys(r)) cells[index.get(k) as number] = toCell(r[k]);
    return cells;
  });
  return { columns, rows };
}

function recordsFrom(value: unknown): unknown[] | null {
  if (Array.isArray(value)) return value;
  if (isRecord(value)) {
    for (const key of ['data', 'records', 'rows', 'items']) {
      if (Array.isArray(value[key])) return value[key] as unknown[];
    }
  }
  return null;
}

function recordsTable(value: unknown, file: string, encoding: string, warning?: string): SourceTable {
  const records = recordsFrom(value);
  if (!records) return failedTable(file, 'is not a list of records: expected a JSON array of objects (or { "data": [...] } / { "records": [...] })', {}, encoding);
  const log = new ProblemLog(file);
  if (warning) log.warn(warning);
  const kept: Record<string, unknown>[] = [];
  records.forEach((r, i) => {
    if (isRecord(r)) kept.push(r);
    else log.error(`item ${i + 1} is ${Array.isArray(r) ? 'an array' : r === null ? 'null' : `a ${typeof r}`}, not an object with named fields: skipped`, {}, 'items that are not objects');
  });
  if (records.length === 0) log.error('holds no records: the list is empty');
  const table = emptyTable(file, encoding);
  Object.assign(table, tabulate(kept));
  table.problems = log.done();
  return table;
}

/** A JSON array of flat objects (or one wrapped in `data` / `records`). */
export function readJsonRecords(bytes: Uint8Array, file: string, opts: ReadOptions = {}): SourceTable {
  return safely(file, 'JSON', () => {
    const parsed = parseJson(bytes, file, opts.encoding);
    return parsed.ok ? recordsTable(parsed.value, file, parsed.encoding, parsed.warning) : parsed.table;
  });
}

/** The legacy GeoJSON `crs` member: EPSG names become { kind: 'epsg', value: 'EPSG:n' }, others stay names. */
export function crsFromMember(crs: unknown): SourceTable['declaredCrs'] {
  if (!isRecord(crs) || !isRecord(crs.properties)) return null;
  const props = crs.properties;
  if (crs.type === 'EPSG' && (typeof props.code === 'number' || typeof props.code === 'string')) return { kind: 'epsg', value: `EPSG:${props.code}` };
  if (crs.type !== 'name' || typeof props.name !== 'string') return null;
  const name = props.name.trim();
  const m = /^(?:urn:ogc:def:crs:EPSG:[\d.]*:|EPSG:{1,2}|https?:\/\/www\.opengis\.net\/def\/crs\/EPSG\/[\d.]+\/)(\d+)$/i.exec(name);
  return m ? { kind: 'epsg', value: `EPSG:${m[1]}` } : { kind: 'name', value: name };
}

function featureLabel(f: Record<string, unknown>): string | undefined {
  const p = isRecord(f.properties) ? f.properties : {};
  const label = p['名称'] ?? p['name'] ?? p['NAME'] ?? p['编码'] ?? p['id'] ?? f.id;
  return label === undefined || label === null || typeof label === 'object' ? undefined : String(label);
}

function geoJsonTable(value: unknown, file: string, encoding: string, warning?: string): SourceTable {
  if (!isRecord(value)) return failedTable(file, 'is not GeoJSON: expected a FeatureCollection or a Feature', {}, encoding);
  let features: unknown[];
  if (value.type === 'FeatureCollection') {
    if (!Array.isArray(value.features)) return failedTable(file, 'is a FeatureCollection without a "features" list', {}, encoding);
    features = value.features;
  } else if (value.type === 'Feature') features = [value];
  else if (typeof value.type === 'string' && 'coordinates' in value) features = [{ type: 'Feature', properties: {}, geometry: value }];
  else return failedTable(file, `is not GeoJSON: its type is ${JSON.stringify(value.type ?? null)}, expected FeatureCollection or Feature`, {}, encoding);

  const log = new ProblemLog(file);
  if (warning) log.warn(warning);
  const props: (Record<string, unknown> | null)[] = [];
  const geometries: (Geometry | null)[] = [];
  features.forEach((raw, i) => {
    const row = props.length + 1;
    if (!isRecord(raw) || raw.type !== 'Feature') {
      log.error(`item ${i + 1} of "features" is not a Feature: skipped`, {}, 'items that are not Features');
      return;
    }
    const feature = featureLabel(raw);
    const where = feature === undefined ? { row } : { row, feature };
    props.push(isRecord(raw.properties) ? raw.properties : null);
    const { geometry, problem } = checkGeometry(raw.geometry);
    if (problem) log.error(`unusable geometry: ${problem}`, where, 'unusable geometries');
    else if (!geometry) log.warn('has no geometry', where, 'features without geometry');
    geometries.push(geometry);
  });
  if (features.length === 0) log.error('holds no features');
  const table = emptyTable(file, encoding);
  Object.assign(table, tabulate(props));
  table.geometries = geometries;
  table.declaredCrs = crsFromMember(value.crs);
  table.problems = log.done();
  return table;
}

/** A GeoJSON FeatureCollection (or one Feature): columns from properties, geometries as in the file. */
export function readGeoJson(bytes: Uint8Array, file: string, opts: ReadOptions = {}): SourceTable {
  return safely(file, 'GeoJSON', () => {
    const parsed = parseJson(bytes, file, opts.encoding);
    return parsed.ok ? geoJsonTable(parsed.value, file, parsed.encoding, parsed.warning) : parsed.table;
  });
}

export function isGeoJson(value: unknown): boolean {
  return isRecord(value) && (value.type === 'FeatureCollection' || value.type === 'Feature');
}

/** Any .json: GeoJSON when its type says so, else records. Parses once. */
export function readJson(bytes: Uint8Array, file: string, opts: ReadOptions = {}): SourceTable {
  return safely(file, 'JSON', () => {
    const parsed = parseJson(bytes, file, opts.encoding);
    if (!parsed.ok) return parsed.table;
    return isGeoJson(parsed.value)
      ? geoJsonTable(parsed.value, file, parsed.encoding, parsed.warning)
      : recordsTable(parsed.value, file, parsed.encoding, parsed.warning);
  });
}
