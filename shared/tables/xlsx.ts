// The planning tables as one XLSX workbook (exceljs): a sheet per table named by its title, the
// header row bold, frozen and filtered, number formats by column kind, widths that count a CJK
// character as two; then an 'about' sheet with the title, scenario, date, source and each table's
// note. Runs in Node and in a browser worker (writeBuffer only, no file or stream APIs).
import ExcelJS from 'exceljs';
import type { Cell, ColumnKind, Locale, PlanningTable } from './planning-tables';

export interface XlsxMeta {
  title: string;
  scenario: string;
  /** ISO 8601; also the workbook's created/modified date when it parses. */
  generatedAt: string;
  locale: Locale;
}

/** Excel number format of each column kind (percent cells hold fractions: 0.913 shows 91.3%). */
export const NUMBER_FORMATS: Record<Exclude<ColumnKind, 'text'>, string> = {
  int: '#,##0',
  decimal: '0.00',
  percent: '0.0%',
  km: '0.00',
  ratio: '0.000',
};

const ABOUT: Record<Locale, { sheet: string; title: string; scenario: string; generatedAt: string; source: string; sourceText: string; sheets: string }> = {
  'zh-CN': {
    sheet: '说明',
    title: '标题',
    scenario: '方案',
    generatedAt: '生成时间',
    source: '数据来源',
    sourceText: 'SchoolNet Planner 方案评估：各表数字与地图、指标面板同出一次计算',
    sheets: '各表说明',
  },
  en: {
    sheet: 'About',
    title: 'Title',
    scenario: 'Scenario',
    generatedAt: 'Generated',
    source: 'Source',
    sourceText: 'SchoolNet Planner scenario evaluation: every table comes from the same evaluation as the map and the indicator panels',
    sheets: 'About the sheets',
  },
};

const CJK = /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

/** Display width in Excel's character units: a CJK (full-width) character counts as two. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += CJK.test(ch) || ch.codePointAt(0)! > 0xffff ? 2 : 1;
  return w;
}

/** A valid, unique sheet name: no []:*?/\, no leading or trailing apostrophe, at most 31 characters. */
export function sheetName(title: string, taken: Set<string>): string {
  let base = title.replace(/[[\]:*?/\\]/g, ' ').replace(/^'+|'+$/g, '').trim() || 'Sheet';
  base = [...base].slice(0, 31).join('');
  let name = base;
  for (let k = 2; taken.has(name.toLowerCase()); k++) {
    const suffix = ` (${k})`;
    name = [...base].slice(0, 31 - suffix.length).join('') + suffix;
  }
  taken.add(name.toLowerCase());
  return name;
}

/** Roughly what Excel shows for a cell, to size its column. */
function shown(value: Cell, kind: ColumnKind): string {
  if (value === null) return '';
  if (typeof value === 'string') return value;
  switch (kind) {
    case 'int': return Math.round(value).toLocaleString('en');
    case 'percent': return `${(value * 100).toFixed(1)}%`;
    case 'ratio': return value.toFixed(3);
    case 'decimal':
    case 'km': return value.toFixed(2);
    default: return String(value);
  }
}

function addTableSheet(wb: ExcelJS.Workbook, table: PlanningTable, name: string): void {
  // exceljs leaves out a column 9 wide (its default), so the sheet's default width is 9 too.
  const ws = wb.addWorksheet(name, { properties: { defaultColWidth: 9 }, views: [{ state: 'frozen', xSplit: 0, ySplit: 1, topLeftCell: 'A2', activeCell: 'A2' }] });
  const header = ws.addRow(table.columns.map((c) => c.header));
  header.font = { bold: true };
  header.alignment = { vertical: 'middle' };
  // Room in the header for the filter button.
  const widths = table.columns.map((c) => displayWidth(c.header) + 2);
  table.rows.forEach((cells, r) => {
    const row = ws.addRow(cells.map((v) => (v === null || (typeof v === 'number' && !Number.isFinite(v)) ? null : v)));
    cells.forEach((v, c) => {
      const kind = table.cellKinds?.[r]?.[c] ?? table.columns[c].kind;
      if (typeof v === 'number' && kind !== 'text') row.getCell(c + 1).numFmt = NUMBER_FORMATS[kind];
      widths[c] = Math.max(widths[c], displayWidth(shown(v, kind)));
    });
  });
  table.columns.forEach((c, k) => {
    ws.getColumn(k + 1).width = c.width ?? Math.min(60, Math.max(6, widths[k] + 2));
  });
  if (table.columns.length > 0) ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: Math.max(1, table.rows.length + 1), column: table.columns.length } };
}

function addAboutSheet(wb: ExcelJS.Workbook, tables: PlanningTable[], names: string[], meta: XlsxMeta, name: string): void {
  const a = ABOUT[meta.locale];
  const ws = wb.addWorksheet(name);
  const lines: [string, string][] = [
    [a.title, meta.title],
    [a.scenario, meta.scenario],
    [a.generatedAt, meta.generatedAt],
    [a.source, a.sourceText],
  ];
  for (const [k, v] of lines) ws.addRow([k, v]).getCell(1).font = { bold: true };
  ws.addRow([]);
  ws.addRow([a.sheets]).getCell(1).font = { bold: true };
  tables.forEach((t, k) => {
    if (!t.note) return;
    const row = ws.addRow([names[k], t.note]);
    row.getCell(1).font = { bold: true };
    row.getCell(2).alignment = { wrapText: true, vertical: 'top' };
    row.getCell(1).alignment = { vertical: 'top' };
  });
  ws.getColumn(1).width = Math.max(12, ...lines.map(([k]) => displayWidth(k) + 2), ...names.map((n) => displayWidth(n) + 2));
  ws.getColumn(2).width = 100;
}

/** The tables as an XLSX file (one sheet each, then the 'about' sheet). */
export async function writeXlsx(tables: PlanningTable[], meta: XlsxMeta): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'SchoolNet Planner';
  wb.title = meta.title;
  wb.subject = meta.scenario;
  const date = new Date(meta.generatedAt);
  if (!Number.isNaN(date.getTime())) {
    wb.created = date;
    wb.modified = date;
  }
  const taken = new Set<string>();
  const names = tables.map((t) => sheetName(t.title, taken));
  tables.forEach((t, k) => addTableSheet(wb, t, names[k]));
  addAboutSheet(wb, tables, names, meta, sheetName(ABOUT[meta.locale].sheet, taken));
  const out = (await wb.xlsx.writeBuffer()) as unknown as ArrayBuffer | Uint8Array;
  // Node gives a Buffer, the browser build an ArrayBuffer: hand back a plain Uint8Array either way.
  return out instanceof Uint8Array ? new Uint8Array(out.buffer, out.byteOffset, out.byteLength) : new Uint8Array(out);
}
