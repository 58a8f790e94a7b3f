// XLSX bytes to a SourceTable with exceljs: the first sheet (or the one named by opts.layer), the
// header is the first non-empty row, cells flattened to text/number/boolean (rich text → text,
// formulas → their cached result, dates → ISO date, hyperlinks → their text).
import ExcelJS from 'exceljs';
import type { Cell, ReadOptions, SourceTable } from '../source';
import { cleanHeader, emptyTable, errorMessage, failedTable, isoDate, Pacer, ProblemLog } from './table';
import { listZip, zipProblem } from './zip';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

/** One exceljs cell value as a plain cell. */
export function flattenCellValue(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  if (typeof v === 'string') return v === '' ? null : v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  // Excel stores wall-clock dates; exceljs hands them over as UTC instants.
  if (v instanceof Date) return isoDate(v, true);
  if (!isObject(v)) return String(v);
  if (Array.isArray(v.richText)) {
    const text = (v.richText as { text?: unknown }[]).map((r) => (typeof r?.text === 'string' ? r.text : '')).join('');
    return text === '' ? null : text;
  }
  if ('hyperlink' in v || ('text' in v && !('formula' in v))) return flattenCellValue(v.text ?? v.hyperlink);
  if ('formula' in v || 'sharedFormula' in v || 'result' in v) return flattenCellValue(v.result);
  if (typeof v.error === 'string') return v.error;
  return JSON.stringify(v);
}

function rowHasValues(values: Cell[]): boolean {
  for (const c of values) if (c !== null && (typeof c !== 'string' || c.trim() !== '')) return true;
  return false;
}

type Loaded = { ok: true; workbook: ExcelJS.Workbook } | { ok: false; table: SourceTable };

async function load(bytes: Uint8Array, file: string): Promise<Loaded> {
  const broken = zipProblem(bytes);
  if (broken) {
    const hint = broken === 'not a zip archive' ? ' — is it an old .xls or a CSV renamed? Save it as .xlsx or .csv' : ': the file is truncated or damaged';
    return { ok: false, table: failedTable(file, `not a valid XLSX file (${broken})${broken === 'the file is empty' ? '' : hint}`, broken === 'the file is empty' ? { code: 'empty-file' } : { code: broken === 'not a zip archive' ? 'invalid-xlsx' : 'damaged-zip', params: { detail: broken } }) };
  }
  let names: string[];
  try {
    names = listZip(bytes);
  } catch (e) {
    return { ok: false, table: failedTable(file, `not a valid XLSX file (${errorMessage(e)}): the file is truncated or damaged`, { code: 'damaged-zip', params: { detail: errorMessage(e) } }) };
  }
  if (!names.includes('xl/workbook.xml')) {
    return { ok: false, table: failedTable(file, `not a valid XLSX file (a zip archive without xl/workbook.xml${names.length ? `; it holds ${names.slice(0, 5).join(', ')}${names.length > 5 ? '…' : ''}` : ''})`) };
  }
  const workbook = new ExcelJS.Workbook();
  try {
    // exceljs declares Buffer; it hands the bytes to JSZip, which takes a Uint8Array.
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    return { ok: false, table: failedTable(file, `not a valid XLSX file (${errorMessage(e)})`, { code: 'invalid-xlsx', params: { detail: errorMessage(e) } }) };
  }
  return { ok: true, workbook };
}

function pickSheet(workbook: ExcelJS.Workbook, layer: string | undefined): ExcelJS.Worksheet | string {
  const sheets = workbook.worksheets; // in tab order
  if (sheets.length === 0) return 'the workbook has no sheets';
  if (layer === undefined || layer === '') return sheets.find((s) => s.state === 'visible' || s.state === undefined) ?? sheets[0];
  const want = layer.trim().toLowerCase();
  const found = sheets.find((s) => s.name === layer) ?? sheets.find((s) => s.name.trim().toLowerCase() === want);
  return found ?? `has no sheet named "${layer}" (sheets: ${sheets.map((s) => `"${s.name}"`).join(', ')})`;
}

export async function readXlsx(bytes: Uint8Array, file: string, opts: ReadOptions = {}): Promise<SourceTable> {
  try {
    const loaded = await load(bytes, file);
    if (!loaded.ok) return loaded.table;
    const sheet = pickSheet(loaded.workbook, opts.layer);
    if (typeof sheet === 'string') return failedTable(file, sheet);
    return await readSheet(sheet, file, opts);
  } catch (e) {
    return failedTable(file, `could not read the XLSX file: ${errorMessage(e)}`, { code: 'parse-failed', params: { detail: errorMessage(e) } });
  }
}

async function readSheet(sheet: ExcelJS.Worksheet, file: string, opts: ReadOptions): Promise<SourceTable> {
  const table = emptyTable(file);
  const log = new ProblemLog(file);
  const pacer = new Pacer(opts);
  const last = sheet.rowCount;
  let width = 0;
  let header: string[] | null = null;
  let noResult = 0;
  for (let r = 1; r <= last; r++) {
    if (r % 2000 === 0 && (await pacer.pause(r, last))) {
      log.error(`reading was cancelled after ${table.rows.length.toLocaleString('en-US')} rows`);
      break;
    }
    const row = sheet.findRow(r);
    if (!row || !row.hasValues) continue;
    const raw = row.values as unknown[]; // 1-based, sparse
    const cells: Cell[] = [];
    for (let c = 1; c < raw.length; c++) {
      const v = raw[c];
      if (isObject(v) && ('formula' in v || 'sharedFormula' in v) && v.result === undefined) noResult++;
      cells.push(flattenCellValue(v));
    }
    if (!rowHasValues(cells)) continue;
    if (!header) {
      let n = cells.length;
      while (n > 0 && (cells[n - 1] === null || String(cells[n - 1]).trim() === '')) n--;
      header = cleanHeader(cells.slice(0, n), log);
      width = header.length;
      table.columns = header;
      continue;
    }
    const rowNo = table.rows.length + 1;
    if (cells.length > width) {
      const extra = cells.slice(width).filter((c) => c !== null && String(c).trim() !== '').length;
      if (extra > 0) log.warn(`sheet row ${r} has ${extra} value${extra === 1 ? '' : 's'} right of the last named column: dropped`, { row: rowNo }, 'values right of the last named column');
      cells.length = width;
    }
    while (cells.length < width) cells.push(null);
    table.rows.push(cells);
  }
  opts.onProgress?.(last, last);
  if (!header) log.error(`sheet "${sheet.name}" is empty`);
  if (noResult > 0) log.warn(`${noResult} formula cell${noResult === 1 ? ' has' : 's have'} no saved result (the file was not recalculated in Excel): read as empty`);
  table.problems = log.done();
  return table;
}
