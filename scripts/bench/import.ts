// Import benchmark: a 1,000,000-row residence CSV (code, name, lon, lat, primary and junior pupils)
// parsed by papaparse alone, then imported by the app: read (decode + parse), build (mapping,
// coordinate checks, records) and write (one transaction into a new project).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { importIntoProject } from '../../electron/backend/import';
import { readSource } from '../../shared/io/readers';
import { buildResidences } from '../../shared/io/import/build';
import { mulberry32 } from '../../shared/engine/synthetic-city';

export async function benchImport(log: (s: string) => void, rows = 1_000_000) {
  const dir = mkdtempSync(join(tmpdir(), 'snp-bench-import-'));
  try {
    const csv = join(dir, 'residences.csv');
    (() => {
      const rnd = mulberry32(77);
      const parts = ['单元编码,名称,经度,纬度,小学生数,初中生数\n'];
      for (let k = 0; k < rows; k++) parts.push(`R${k},小区${k},${(116.4 + rnd() * 0.5).toFixed(6)},${(26.0 + rnd() * 0.4).toFixed(6)},${Math.floor(rnd() * 50)},${Math.floor(rnd() * 25)}\n`);
      writeFileSync(csv, parts.join(''));
    })();
    const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
    gc();
    // Each step starts with the previous step's data released, as in the app.
    const papaparseMs = (() => {
      const bytes = new Uint8Array(readFileSync(csv));
      const t0 = performance.now();
      const parsed = Papa.parse(new TextDecoder().decode(bytes), { skipEmptyLines: true });
      const ms = performance.now() - t0;
      if (parsed.data.length !== rows + 1) throw new Error('papaparse lost rows');
      return ms;
    })();
    gc();
    const { readMs, buildMs } = await (async () => {
      const bytes = new Uint8Array(readFileSync(csv));
      const t0 = performance.now();
      const table = await readSource('residences.csv', bytes, {});
      const t1 = performance.now();
      const built = buildResidences(table, {});
      const t2 = performance.now();
      if (built.residences.length !== rows) throw new Error(`built ${built.residences.length} of ${rows} residences`);
      return { readMs: t1 - t0, buildMs: t2 - t1 };
    })();
    gc();
    const t = performance.now();
    const r = await importIntoProject(join(dir, 'p.sqlite'), { residences: { path: csv } }, '0.0.0-bench');
    const totalMs = performance.now() - t;
    if (r.counts.residences !== rows) throw new Error('import lost rows');
    log(`import ${rows.toLocaleString('en')} residence rows: papaparse alone ${(papaparseMs / 1000).toFixed(2)} s; our read ${(readMs / 1000).toFixed(2)} s, build ${(buildMs / 1000).toFixed(2)} s; whole import into a new project ${(totalMs / 1000).toFixed(2)} s`);
    return {
      rows, papaparseMs: Math.round(papaparseMs), readMs: Math.round(readMs), buildMs: Math.round(buildMs), totalMs: Math.round(totalMs),
      readAndBuildVsParse: Math.round(((readMs + buildMs) / papaparseMs) * 10) / 10, totalVsParse: Math.round((totalMs / papaparseMs) * 10) / 10,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
