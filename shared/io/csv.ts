// CSV text to header + records (papaparse), with a BOM stripped and parse errors as problems.
import Papa from 'papaparse';
import type { Problem } from '../base/problems';

export interface CsvTable {
  file: string;
  header: string[];
  rows: Record<string, string>[];
}

export function parseCsv(text: string, file: string, problems: Problem[]): CsvTable {
  const clean = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out = Papa.parse<Record<string, string>>(clean, { header: true, skipEmptyLines: 'greedy', transformHeader: (h) => h.trim() });
  for (const e of out.errors) {
    problems.push({ file, row: e.row !== undefined ? e.row + 1 : undefined, message: `CSV: ${e.message}`, severity: 'error' });
  }
  return { file, header: out.meta.fields ?? [], rows: out.data };
}

/** Reads typed cells and records a problem naming file, row and column for each bad one. */
export class CellReader {
  constructor(private readonly file: string, private readonly problems: Problem[]) {}

  text(row: Record<string, string>, index: number, column: string, required = false): string | null {
    const v = (row[column] ?? '').trim();
    if (v === '') {
      if (required) this.problems.push({ file: this.file, row: index + 1, field: column, message: 'is empty', severity: 'error' });
      return null;
    }
    return v;
  }

  number(row: Record<string, string>, index: number, column: string, opts: { required?: boolean; int?: boolean; min?: number; max?: number } = {}): number | null {
    const raw = this.text(row, index, column, opts.required);
    if (raw === null) return null;
    const v = Number(raw.replace(/,/g, ''));
    const bad = (msg: string) => {
      this.problems.push({ file: this.file, row: index + 1, field: column, message: `${msg} (got "${raw}")`, severity: 'error' });
      return null;
    };
    if (!Number.isFinite(v)) return bad('is not a number');
    if (opts.int && !Number.isInteger(v)) return bad('must be a whole number');
    if (opts.min !== undefined && v < opts.min) return bad(`must be ≥ ${opts.min}`);
    if (opts.max !== undefined && v > opts.max) return bad(`must be ≤ ${opts.max}`);
    return v;
  }
}
