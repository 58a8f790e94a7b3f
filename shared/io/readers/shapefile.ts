// Shapefiles (from their member files, or from a zip) to a SourceTable with the shapefile package:
// attributes from the .dbf in the encoding the user chose, the .cpg names or the bytes show;
// geometries in the file's own coordinates; the .prj WKT as the declared CRS. A zip holding no
// shapefile may hold one CSV, XLSX or (Geo)JSON instead.
import * as shapefile from 'shapefile';
import type { Geometry } from '../../model';
import type { Cell, ReadOptions, SourceTable } from '../source';
import { readCsv } from './csv';
import { checkGeometry } from './geometry';
import { readJson, readGeoJson } from './json';
import { checkDbf, checkShp, dbfDate, dbfFieldNames, detectDbfEncoding, encodingFromCpg, type DbfCheck } from './shp-format';
import { cleanHeader, emptyTable, errorMessage, failedTable, Pacer, ProblemLog, splitName, toCell } from './table';
import { normalizeEncoding, textDecoder } from './text';
import { readXlsx } from './xlsx';
import { listZip, unzipMembers, zipProblem } from './zip';

const SHAPEFILE_PARTS = ['shp', 'shx', 'dbf', 'prj', 'cpg'];
/** dBASE field types the shapefile package reads. */
const PACKAGE_FIELD_TYPES = ['B', 'C', 'D', 'F', 'L', 'M', 'N'];

function stemPath(path: string): string {
  const dot = path.lastIndexOf('.');
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  return (dot > slash ? path.slice(0, dot) : path).toLowerCase();
}

/** The member among `candidates` that `layer` names (its path, file name or name without extension). */
function findLayer(candidates: readonly string[], layer: string): string | undefined {
  const want = layer.trim().toLowerCase();
  return candidates.find((c) => {
    const { base, stem } = splitName(c);
    return c.toLowerCase() === want || base.toLowerCase() === want || stem.toLowerCase() === want;
  });
}

/** The sibling of `shp` with extension `ext`: same path and name in any case, else the only such file. */
function sibling(files: Record<string, Uint8Array>, shp: string, ext: string, shpCount: number): string | undefined {
  const names = Object.keys(files).filter((n) => splitName(n).ext === ext);
  const stem = stemPath(shp);
  const same = names.find((n) => stemPath(n) === stem) ?? names.find((n) => splitName(stemPath(n)).base === splitName(stem).base);
  return same ?? (shpCount === 1 && names.length === 1 ? names[0] : undefined);
}

function chooseEncoding(
  opts: ReadOptions,
  cpg: Uint8Array | undefined,
  dbfBytes: Uint8Array,
  dbf: DbfCheck,
  log: ProblemLog,
): string | null {
  if (opts.encoding !== undefined && opts.encoding.trim() !== '') {
    const chosen = normalizeEncoding(opts.encoding);
    if (!chosen) log.error(`unknown text encoding "${opts.encoding}" (try utf-8, gbk, gb18030 or big5)`);
    return chosen;
  }
  const detected = detectDbfEncoding(dbfBytes, dbf);
  if (cpg) {
    const declared = textDecoder('utf-8').decode(cpg).trim();
    const fromCpg = encodingFromCpg(declared);
    if (fromCpg) {
      if (fromCpg === 'utf-8' && detected.encoding !== 'utf-8') {
        log.warn(`the .cpg says UTF-8 but the .dbf text is not valid UTF-8: if names look wrong, choose the encoding (GBK?)`);
      }
      return fromCpg;
    }
    log.warn(`the .cpg names an unknown encoding "${declared}": ${detected.how}`);
    return detected.encoding;
  }
  if (detected.encoding !== 'utf-8') log.warn(`no .cpg names the .dbf encoding: ${detected.how}`);
  return detected.encoding;
}

/**
 * A shapefile from its member files keyed by name (.shp, .dbf, .prj, .cpg, .shx, in any case). With
 * several .shp files, opts.layer picks one (else the first). `label` names the file in problems.
 */
export async function readShapefile(files: Record<string, Uint8Array>, opts: ReadOptions = {}, label?: string): Promise<SourceTable> {
  const shps = Object.keys(files).filter((n) => splitName(n).ext === 'shp');
  if (shps.length === 0) {
    const names = Object.keys(files);
    return failedTable(label ?? names[0] ?? 'shapefile', 'a shapefile needs its .shp file (with the .dbf, .prj and .cpg beside it): no .shp was given');
  }
  let shpName = shps[0];
  if (opts.layer) {
    const found = findLayer(shps, opts.layer);
    if (!found) return failedTable(label ?? shpName, `has no shapefile layer named "${opts.layer}" (layers: ${shps.map((s) => splitName(s).stem).join(', ')})`);
    shpName = found;
  }
  const file = label ?? shpName;
  try {
    return await readOneShapefile(files, shpName, shps.length, file, opts);
  } catch (e) {
    return failedTable(file, `could not read the shapefile: ${errorMessage(e)}`, { code: 'parse-failed', params: { detail: errorMessage(e) } });
  }
}

async function readOneShapefile(files: Record<string, Uint8Array>, shpName: string, shpCount: number, file: string, opts: ReadOptions): Promise<SourceTable> {
  const log = new ProblemLog(file);
  const shpBytes = files[shpName];
  const shp = checkShp(shpBytes);
  if (shp.problem?.fatal) return failedTable(file, shp.problem.message);
  if (shp.problem) log.error(`${shp.problem.message}: read the ${shp.records} whole records before it`, { row: shp.records + 1, code: 'damaged-shapefile', params: { records: shp.records, detail: shp.problem.message } });

  const dbfName = sibling(files, shpName, 'dbf', shpCount);
  const prjName = sibling(files, shpName, 'prj', shpCount);
  const cpgName = sibling(files, shpName, 'cpg', shpCount);
  let dbfBytes: Uint8Array | undefined;
  let encoding: string | null = null;
  let columns: string[] = [];
  let rawNames: string[] = [];
  let dbfInfo: DbfCheck | null = null;
  let skipped = new Set<number>();
  if (!dbfName) log.warn('no .dbf beside the .shp: the features have no attributes');
  else {
    const dbf = checkDbf(files[dbfName]);
    if (dbf.problem?.fatal) log.error(`${dbf.problem.message}: attributes not read`);
    else {
      if (dbf.problem) log.error(dbf.problem.message, { row: dbf.records + 1 });
      encoding = chooseEncoding(opts, cpgName ? files[cpgName] : undefined, files[dbfName], dbf, log);
      if (!encoding) return failedTable(file, log.list.map((p) => p.message).join('; '));
      dbfBytes = files[dbfName].subarray(0, dbf.usableLength);
      dbfInfo = dbf;
      const odd = dbf.fields.map((f, k) => ({ f, k })).filter(({ f }) => !PACKAGE_FIELD_TYPES.includes(f.type));
      if (odd.length > 0) {
        // The shapefile package fails on field types it does not know: let it read them as text, then drop them.
        dbfBytes = dbfBytes.slice();
        for (const { k } of odd) dbfBytes[32 + k * 32 + 11] = 0x43; // 'C'
        skipped = new Set(odd.map(({ k }) => k));
      }
      rawNames = dbfFieldNames(dbf, encoding);
      columns = cleanHeader(rawNames, log);
      for (const k of skipped) log.warn(`field "${columns[k]}" has dBASE type '${dbf.fields[k].type}', which is not read: left empty`);
      if (dbf.records !== shp.records && !dbf.problem && !shp.problem) {
        log.warn(`the .shp has ${shp.records} records and the .dbf ${dbf.records}: rows are matched in order`);
      }
    }
  }

  const table = emptyTable(file, encoding);
  table.columns = columns;
  if (prjName) {
    const wkt = textDecoder('utf-8').decode(files[prjName]).replace(/\0/g, '').trim();
    table.declaredCrs = wkt ? { kind: 'wkt', value: wkt } : null;
    if (!wkt) log.warn('the .prj is empty: the coordinate system is unknown');
  } else log.warn('no .prj beside the .shp: the coordinate system is unknown');

  // The shapefile package decodes the DBF with TextDecoder (its polyfill in Node), which knows these labels.
  const source = await shapefile.open(shpBytes.subarray(0, shp.usableLength), dbfBytes, { encoding: encoding ?? 'utf-8' });
  const geometries: (Geometry | null)[] = [];
  const pacer = new Pacer(opts);
  let missingAttributes = 0;
  let deleted = 0;
  for (let i = 0; ; i++) {
    if (i % 1000 === 999 && (await pacer.pause(i, shp.records))) {
      log.error(`reading was cancelled after ${i.toLocaleString('en-US')} records`);
      break;
    }
    const next = await source.read();
    if (next.done) break;
    if (dbfInfo && dbfBytes && i < dbfInfo.records && dbfBytes[dbfInfo.headerLength + i * dbfInfo.recordLength] === 0x2a) {
      deleted++; // marked deleted in the .dbf: GIS software hides it
      continue;
    }
    const row = table.rows.length + 1;
    const props = next.value.properties as Record<string, unknown> | undefined | null;
    const cells: Cell[] = new Array(columns.length);
    if (!props && columns.length) missingAttributes++;
    for (let j = 0; j < columns.length; j++) {
      const field = dbfInfo?.fields[j];
      if (skipped.has(j)) cells[j] = null;
      else cells[j] = field?.type === 'D' && dbfBytes && dbfInfo ? dbfDate(dbfBytes, dbfInfo, i, field) : props ? toCell(props[rawNames[j]]) : null;
    }
    table.rows.push(cells);
    const { geometry, problem } = checkGeometry(next.value.geometry);
    if (problem) log.error(`unusable geometry: ${problem}`, { row }, 'unusable geometries');
    else if (!geometry) log.warn('has no geometry (a null shape)', { row }, 'records without geometry');
    geometries.push(geometry);
  }
  if (deleted > 0) log.warn(`${deleted} record${deleted === 1 ? ' is' : 's are'} marked deleted in the .dbf: skipped`);
  if (missingAttributes > 0) log.warn(`${missingAttributes} record${missingAttributes === 1 ? ' has' : 's have'} no row in the .dbf: their attributes are empty`);
  opts.onProgress?.(shp.records, shp.records);
  table.geometries = geometries;
  table.problems = log.done();
  return table;
}

type Reader = (bytes: Uint8Array, file: string, opts: ReadOptions) => Promise<SourceTable> | SourceTable;
const TABLE_READERS: Record<string, Reader> = {
  csv: readCsv,
  tsv: readCsv,
  txt: readCsv,
  xlsx: readXlsx,
  geojson: readGeoJson,
  json: readJson,
};

/** The members `want` accepts, or why they could not be unpacked. */
function unpack(bytes: Uint8Array, want: (name: string) => boolean): Record<string, Uint8Array> | string {
  try {
    return unzipMembers(bytes, want);
  } catch (e) {
    return `damaged zip: its files could not be unpacked (${errorMessage(e)})`;
  }
}

/**
 * A zip: the shapefile opts.layer names (else the first; folders inside are fine), or, when it holds
 * no shapefile, the one CSV / XLSX / (Geo)JSON inside.
 */
export async function readZip(bytes: Uint8Array, file: string, opts: ReadOptions = {}): Promise<SourceTable> {
  try {
    const broken = zipProblem(bytes);
    if (broken) return failedTable(file, `not a valid zip file (${broken})${broken.startsWith('zip central') ? ': the file is truncated or damaged' : ''}`, { code: broken.startsWith('zip central') ? 'damaged-zip' : 'invalid-zip', params: { detail: broken } });
    let names: string[];
    try {
      names = listZip(bytes);
    } catch (e) {
      return failedTable(file, `not a valid zip file (${errorMessage(e)}): the file is truncated or damaged`, { code: 'damaged-zip', params: { detail: errorMessage(e) } });
    }
    const shps = names.filter((n) => splitName(n).ext === 'shp');
    if (shps.length > 0) {
      let chosen = shps[0];
      if (opts.layer) {
        const found = findLayer(shps, opts.layer);
        if (!found) return failedTable(file, `has no shapefile layer named "${opts.layer}" (layers: ${shps.map((s) => splitName(s).stem).join(', ')})`);
        chosen = found;
      }
      const stem = stemPath(chosen);
      const members = unpack(bytes, (n) => stemPath(n) === stem && SHAPEFILE_PARTS.includes(splitName(n).ext));
      if (typeof members === 'string') return failedTable(file, members);
      const table = await readShapefile(members, { ...opts, layer: undefined }, `${file}/${chosen}`);
      if (shps.length > 1 && !opts.layer) {
        table.problems.push({
          file: table.file,
          message: `the zip holds ${shps.length} shapefiles (${shps.map((s) => splitName(s).stem).join(', ')}): read "${splitName(chosen).stem}"; choose another layer to read another`,
          severity: 'warning',
        });
      }
      return table;
    }
    const readable = names.filter((n) => splitName(n).ext in TABLE_READERS);
    if (readable.length === 0) {
      const holds = names.length ? ` (it holds ${names.slice(0, 8).join(', ')}${names.length > 8 ? '…' : ''})` : ' (it is empty)';
      const gpkg = names.some((n) => splitName(n).ext === 'gpkg') ? '; a GeoPackage must be unzipped and opened on its own' : '';
      return failedTable(file, `the zip holds no .shp, .csv, .xlsx or .geojson${holds}${gpkg}`, { code: 'zip-nothing-readable', params: { files: names.slice(0, 8).join(', ') + (names.length > 8 ? '…' : '') } });
    }
    let chosen = readable[0];
    let inner = opts;
    const named = opts.layer ? findLayer(readable, opts.layer) : undefined;
    if (named) {
      chosen = named;
      inner = { ...opts, layer: undefined };
    }
    const unpacked = unpack(bytes, (n) => n === chosen);
    if (typeof unpacked === 'string') return failedTable(file, unpacked);
    const member = unpacked[chosen];
    const table = await TABLE_READERS[splitName(chosen).ext](member, `${file}/${chosen}`, inner);
    if (readable.length > 1 && !named) {
      table.problems.push({ file: table.file, message: `the zip holds ${readable.length} readable files (${readable.join(', ')}): read "${chosen}"; choose another layer to read another`, severity: 'warning' });
    }
    return table;
  } catch (e) {
    return failedTable(file, `could not read the zip: ${errorMessage(e)}`);
  }
}
