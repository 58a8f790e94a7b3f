// One planning table as CSV for Excel and WPS: a UTF-8 byte-order mark (so Chinese text opens
// right), CRLF line ends, RFC 4180 quoting, numbers unformatted (a percent column holds the
// fraction, 0.913; distances in km), an empty field for a missing value.
import type { Cell, PlanningTable } from './planning-tables';

/** One field, quoted when it holds a comma, a double quote, a CR or an LF (quotes doubled). */
export function csvField(value: Cell): string {
  if (value === null) return '';
  const text = typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The table as CSV text starting with U+FEFF; encode it as UTF-8 (TextEncoder) to save it. */
export function writeCsv(table: PlanningTable): string {
  const lines = [table.columns.map((c) => csvField(c.header)), ...table.rows.map((r) => table.columns.map((_, k) => csvField(r[k] ?? null)))];
  return '\uFEFF' + lines.map((l) => l.join(',')).join('\r\n') + '\r\n';
}
