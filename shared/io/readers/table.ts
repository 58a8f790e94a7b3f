// What the readers share: an empty or failed SourceTable, a problem list that stays readable on a
// million bad rows, header clean-up, cell flattening and a pause that lets a worker see a cancel.
import type { Problem } from '../../base/problems';
import type { Cell, ReadOptions, SourceTable } from '../source';

export function emptyTable(file: string, encoding: string | null = null): SourceTable {
  return { file, columns: [], rows: [], geometries: null, declaredCrs: null, encoding, problems: [] };
}

/** A table that could not be read at all: no rows, one error saying why. */
export function failedTable(file: string, message: string, extra: Partial<Problem> = {}, encoding: string | null = null): SourceTable {
  const t = emptyTable(file, encoding);
  t.problems.push({ file, message, severity: 'error', ...extra });
  return t;
}

/** Runs a reader; an unexpected exception becomes an error problem naming the file. */
export function safely(file: string, what: string, read: () => SourceTable): SourceTable {
  try {
    return read();
  } catch (e) {
    return failedTable(file, `could not read the ${what}: ${errorMessage(e)}`, { code: 'parse-failed', params: { detail: errorMessage(e) } });
  }
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}

const PER_KIND = 50;

/**
 * Problems of one file. The same kind of problem (a ragged row, a null geometry) is listed for the
 * first rows only, then summed up in one line, so a million bad rows stay a readable list.
 */
export class ProblemLog {
  readonly list: Problem[] = [];
  private readonly counts = new Map<string, { n: number; severity: Problem['severity']; label: string }>();

  constructor(readonly file: string) {}

  add(p: Omit<Problem, 'file'>, kind?: string): void {
    if (kind !== undefined) {
      const c = this.counts.get(kind) ?? { n: 0, severity: p.severity, label: kind };
      c.n++;
      if (p.severity === 'error') c.severity = 'error';
      this.counts.set(kind, c);
      if (c.n > PER_KIND) return;
    }
    this.list.push({ file: this.file, ...p });
  }

  error(message: string, extra: Partial<Omit<Problem, 'file' | 'message' | 'severity'>> = {}, kind?: string): void {
    this.add({ message, severity: 'error', ...extra }, kind);
  }

  warn(message: string, extra: Partial<Omit<Problem, 'file' | 'message' | 'severity'>> = {}, kind?: string): void {
    this.add({ message, severity: 'warning', ...extra }, kind);
  }

  count(kind: string): number {
    return this.counts.get(kind)?.n ?? 0;
  }

  hasErrors(): boolean {
    return this.list.some((p) => p.severity === 'error');
  }

  /** The list, with one summary line for every kind that passed its cap. */
  done(): Problem[] {
    for (const c of this.counts.values()) {
      if (c.n > PER_KIND) {
        this.list.push({ file: this.file, message: `and ${(c.n - PER_KIND).toLocaleString('en-US')} more rows with the same problem: ${c.label}`, severity: c.severity });
      }
    }
    this.counts.clear();
    return this.list;
  }
}

/**
 * Column names from a header row: trimmed; an empty name becomes `column_N` (its 1-based position);
 * a repeated name gets `_2`, `_3`… Each fix is reported once.
 */
export function cleanHeader(raw: readonly unknown[], log: ProblemLog): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  const unnamed: number[] = [];
  const renamed: string[] = [];
  raw.forEach((v, i) => {
    let name = v === null || v === undefined ? '' : String(v).replace(/^\ufeff/, '').trim();
    if (name === '') {
      name = `column_${i + 1}`;
      unnamed.push(i + 1);
    }
    if (seen.has(name)) {
      let k = 2;
      while (seen.has(`${name}_${k}`)) k++;
      renamed.push(`"${name}" → "${name}_${k}"`);
      name = `${name}_${k}`;
    }
    seen.add(name);
    names.push(name);
  });
  if (unnamed.length) log.warn(`the header has no name for column${unnamed.length > 1 ? 's' : ''} ${unnamed.join(', ')}: named column_N`, { row: 0 });
  if (renamed.length) log.warn(`repeated column names renamed: ${renamed.join(', ')}`, { row: 0 });
  return names;
}

function pad(n: number, w = 2): string {
  return String(n).padStart(w, '0');
}

/** A date as `YYYY-MM-DD`, with the time (`THH:MM:SS`) only when it is not midnight; null if invalid. */
export function isoDate(d: Date, utc: boolean): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const [y, m, day, h, min, s] = utc
    ? [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds()]
    : [d.getFullYear(), d.getMonth() + 1, d.getDate(), d.getHours(), d.getMinutes(), d.getSeconds()];
  const date = `${pad(y, 4)}-${pad(m)}-${pad(day)}`;
  return h === 0 && min === 0 && s === 0 ? date : `${date}T${pad(h)}:${pad(min)}:${pad(s)}`;
}

/** A JSON or DBF value as a cell: nested objects and arrays become their JSON text. */
export function toCell(v: unknown): Cell {
  if (v === null || v === undefined) return null;
  switch (typeof v) {
    case 'string':
      return v;
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'boolean':
      return v;
    case 'bigint':
      return v.toString();
    case 'object':
      if (v instanceof Date) return isoDate(v, false);
      return JSON.stringify(v);
    default:
      return String(v);
  }
}

type Timers = { setTimeout?: (fn: () => void, ms: number) => unknown };
const timers = globalThis as unknown as Timers;

/**
 * Lets the host run (a worker receives its cancel message, a page repaints) at most every `everyMs`.
 * Returns true when the read should stop.
 */
export class Pacer {
  private last = Date.now();
  constructor(private readonly opts: ReadOptions, private readonly everyMs = 50) {}

  get cancelled(): boolean {
    return this.opts.signal?.aborted === true;
  }

  async pause(done: number, total: number): Promise<boolean> {
    this.opts.onProgress?.(done, total);
    if (Date.now() - this.last >= this.everyMs) {
      await new Promise<void>((resolve) => (timers.setTimeout ? timers.setTimeout(resolve, 0) : resolve()));
      this.last = Date.now();
    }
    return this.cancelled;
  }
}

/** The name of a path's last part and its lower-case extension ('' when none). */
export function splitName(path: string): { base: string; stem: string; ext: string } {
  const base = path.split(/[\\/]/).pop() ?? path;
  const dot = base.lastIndexOf('.');
  return dot > 0 ? { base, stem: base.slice(0, dot), ext: base.slice(dot + 1).toLowerCase() } : { base, stem: base, ext: '' };
}
