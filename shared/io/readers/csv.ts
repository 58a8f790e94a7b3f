// CSV/TSV bytes to a SourceTable with papaparse: encoding detected, delimiter guessed (comma,
// semicolon, tab), empty rows (also rows of only commas) skipped, cells kept as text (the column
// mapping converts numbers), ragged rows reported by row. Parses in chunks so a million-row file
// reports progress and can be cancelled.
import Papa from 'papaparse';
import type { Cell, ReadOptions, SourceTable } from '../source';
import { decodeText } from './text';
import { cleanHeader, emptyTable, errorMessage, failedTable, Pacer, ProblemLog } from './table';

/** Characters per papaparse chunk: big enough that chunking costs nothing, small enough for progress. */
const CHUNK_CHARS = 1 << 21;
const DELIMITERS = [',', ';', '\t'];

/** papaparse streams a string in chunks too, though its types offer `chunk` only for files. */
interface ChunkedStringConfig {
  delimiter: string;
  chunkSize: number;
  skipEmptyLines: false;
  chunk(results: Papa.ParseResult<string[]>, parser: Papa.Parser): void;
  complete(): void;
}
const parseChunked = Papa.parse as unknown as (input: string, config: ChunkedStringConfig) => void;

/** Guesses the delimiter from the first rows (papaparse's own guess, limited to , ; and tab). */
export function guessDelimiter(text: string): string {
  const sample = text.slice(0, 1 << 16);
  const guess = Papa.parse<string[]>(sample, { preview: 30, delimitersToGuess: DELIMITERS, skipEmptyLines: 'greedy' });
  const d = guess.meta.delimiter;
  return DELIMITERS.includes(d) ? d : ',';
}

function isEmptyRow(r: string[]): boolean {
  for (let i = 0; i < r.length; i++) {
    const c = r[i];
    if (c !== '' && c.trim() !== '') return false;
  }
  return true;
}

const QUOTE_MESSAGES: Record<string, string> = {
  MissingQuotes: 'a quoted cell is never closed (a " is missing): the rest of the file was read into this cell',
  InvalidQuotes: 'a quote inside a quoted cell is not doubled (write "" for a quote)',
};

export async function readCsv(bytes: Uint8Array, file: string, opts: ReadOptions = {}): Promise<SourceTable> {
  let text: string;
  let encoding: string;
  const log = new ProblemLog(file);
  try {
    const decoded = decodeText(bytes, opts.encoding);
    text = decoded.text;
    encoding = decoded.encoding;
    if (decoded.warning) log.warn(decoded.warning);
  } catch (e) {
    return failedTable(file, `could not decode the text: ${errorMessage(e)}`, { code: 'decode-failed', params: { detail: errorMessage(e) } });
  }
  try {
    return await parseCsvText(text, file, encoding, opts, log);
  } catch (e) {
    return failedTable(file, `could not read the CSV: ${errorMessage(e)}`, { code: 'parse-failed', params: { detail: errorMessage(e) } }, encoding);
  }
}

/** Parses decoded CSV text (exported for callers that already hold text). */
export function parseCsvText(text: string, file: string, encoding: string | null, opts: ReadOptions = {}, log = new ProblemLog(file)): Promise<SourceTable> {
  const table = emptyTable(file, encoding);
  const rows: Cell[][] = table.rows;
  const pacer = new Pacer(opts);
  const delimiter = guessDelimiter(text);
  let header: string[] | null = null;
  let width = 0;
  let lastShort = -1; // data row number of the latest row with missing cells
  let lastShortCells = 0;
  let cancelled = false;
  let crashed: unknown;

  const onChunk = (data: string[][], errors: Papa.ParseError[]) => {
    let e = 0;
    for (let i = 0; i < data.length; i++) {
      const r = data[i];
      const rowNo = rows.length + 1; // the data row this raw row becomes (header = row 0)
      while (e < errors.length && (errors[e].row ?? 0) <= i) {
        const err = errors[e++];
        const where = header ? { row: rowNo } : { row: 0 };
        log.error(QUOTE_MESSAGES[err.code] ?? `CSV: ${err.message}`, where, `CSV ${err.code}`);
      }
      if (isEmptyRow(r)) continue;
      if (!header) {
        header = cleanHeader(r, log);
        width = header.length;
        table.columns = header;
        continue;
      }
      const n = r.length;
      // papaparse's own row array becomes the table row: no second array per row.
      const cells = r as Cell[];
      for (let j = 0; j < n; j++) if (r[j] === '') cells[j] = null;
      if (n < width) {
        for (let j = n; j < width; j++) cells.push(null);
        lastShort = rowNo;
        lastShortCells = n;
        log.warn(`has ${n} cell${n === 1 ? '' : 's'}, the header has ${width}: the missing cells are left empty`, { row: rowNo, code: 'row-too-short', params: { cells: n, width } }, 'fewer cells than the header');
      } else if (n > width) {
        let extra = 0;
        for (let j = width; j < n; j++) if (r[j] !== null && r[j].trim() !== '') extra++;
        if (extra > 0) {
          log.error(`has ${n} cells, the header has ${width}: ${extra} non-empty cell${extra === 1 ? '' : 's'} past the last column dropped (a delimiter inside an unquoted cell?)`, { row: rowNo, code: 'row-too-long', params: { cells: n, width, extra } }, 'more cells than the header');
        }
        cells.length = width;
      }
      rows.push(cells);
    }
    for (; e < errors.length; e++) {
      const err = errors[e];
      log.error(QUOTE_MESSAGES[err.code] ?? `CSV: ${err.message}`, { row: Math.max(rows.length, header ? 1 : 0) }, `CSV ${err.code}`);
    }
  };

  return new Promise<SourceTable>((resolve, reject) => {
    const finish = () => {
      if (cancelled) log.error(`reading was cancelled after ${rows.length.toLocaleString('en-US')} rows`);
      if (!header) log.error('holds no rows: the file is empty', { code: 'empty-file' });
      else if (lastShort === rows.length && lastShort > 0 && !/[\r\n]$/.test(text)) {
        log.error(`the file ends in the middle of this row (${lastShortCells} of ${width} cells): it may be truncated`, { row: lastShort, code: 'truncated', params: { cells: lastShortCells, width } });
      }
      table.problems = log.done();
      resolve(table);
    };
    try {
      parseChunked(text, {
        delimiter,
        chunkSize: CHUNK_CHARS,
        skipEmptyLines: false,
        chunk: (results, parser) => {
          try {
            onChunk(results.data, results.errors);
          } catch (err) {
            crashed = err;
            parser.abort();
            return;
          }
          const done = results.meta.cursor;
          if (done >= text.length) return; // last chunk: complete follows
          parser.pause();
          pacer.pause(done, text.length).then((stop) => {
            if (stop) {
              cancelled = true;
              parser.abort();
            } else parser.resume();
          }, reject);
        },
        complete: () => {
          if (crashed !== undefined) return reject(crashed);
          if (!cancelled) opts.onProgress?.(text.length, text.length);
          finish();
        },
      });
    } catch (err) {
      reject(err);
    }
  });
}
