// Exports a project's scenario for the bureau: the planning tables as one XLSX workbook, and the
// schools, residence units and catchments with their indicators as CSV, GeoJSON or one GeoPackage.
// Every figure comes from the one evaluation (evaluation.ts); files are written beside their
// target and moved into place when complete.
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { buildPlanningTables, type Locale } from '../../shared/tables/planning-tables';
import { writeXlsx } from '../../shared/tables/xlsx';
import { writeCsv } from '../../shared/tables/csv';
import { buildExportLayers, layerTable, type ExportLayers, type LayerFeature } from '../../shared/tables/layers';
import { writeGeoPackageFile } from '../store';
import type { ProjectStore } from '../store';
import { EvaluationCache } from '../../shared/engine/evaluate';
import { evaluateProject, loadEvaluationData, resolveScenario } from './evaluation';

export const EXPORT_FORMATS = ['xlsx', 'csv', 'geojson', 'gpkg'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_LAYERS = ['schools', 'residences', 'catchments', 'assignments'] as const;
export type ExportLayerName = (typeof EXPORT_LAYERS)[number];

export interface ExportOptions {
  format: ExportFormat;
  out: string;
  layer?: ExportLayerName;
  scenario?: string;
  locale?: Locale;
}

export interface ExportResult {
  files: string[];
  ms: number;
  counts: Record<string, number>;
}

function writeAtomically(path: string, data: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.partial-${process.pid}`;
  try {
    writeFileSync(temp, data);
    renameSync(temp, path);
  } catch (e) {
    rmSync(temp, { force: true });
    throw e;
  }
}

/** `plan.csv` + layer `schools` → `plan-schools.csv` (one file per layer beside the given path). */
function perLayerPath(out: string, layer: string): string {
  const ext = extname(out);
  return join(dirname(out), `${basename(out, ext)}-${layer}${ext}`);
}

function geojson(features: readonly LayerFeature[]): string {
  return JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', geometry: f.geometry, properties: f.properties })) });
}

export async function exportProject(store: ProjectStore, opts: ExportOptions): Promise<ExportResult> {
  const started = performance.now();
  const locale = opts.locale ?? 'zh-CN';
  const scenario = resolveScenario(store, opts.scenario);
  const data = loadEvaluationData(store);
  const ev = evaluateProject(store, { scenario: scenario.id }, new EvaluationCache(data)); // one read of the project
  const scenarioCatchments = data.catchments.filter((c) => c.scenarioId === scenario.id);
  const files: string[] = [];
  const counts: Record<string, number> = {};
  if (opts.format === 'xlsx') {
    const tables = buildPlanningTables(ev, { schools: data.schools, catchments: scenarioCatchments }, locale);
    const bytes = await writeXlsx(tables, { title: store.meta().name, scenario: scenario.name, generatedAt: new Date().toISOString(), locale });
    writeAtomically(opts.out, bytes);
    files.push(opts.out);
    for (const t of tables) counts[t.id] = t.rows.length;
    return { files, ms: performance.now() - started, counts };
  }
  const layers: ExportLayers = buildExportLayers(ev, { schools: data.schools, residences: data.residences, catchments: scenarioCatchments }, locale);
  const chosen = (opts.layer ? [opts.layer] : [...EXPORT_LAYERS]).filter((l) => opts.format !== 'geojson' || l !== 'assignments' || opts.layer === 'assignments');
  for (const l of chosen) counts[l] = layers[l].length;
  if (opts.format === 'gpkg') {
    writeGeoPackageFile(opts.out, chosen.map((l) => ({
      name: l,
      description: { schools: 'schools with indicators', residences: 'residence units with pupils and assigned schools', catchments: 'catchments with indicators', assignments: 'unit-list catchments: residence unit → school' }[l],
      geometryType: l === 'schools' ? 'POINT' : l === 'catchments' ? 'MULTIPOLYGON' : l === 'residences' ? 'GEOMETRY' : null,
      features: layers[l],
    })), { overwrite: true });
    files.push(opts.out);
    return { files, ms: performance.now() - started, counts };
  }
  for (const l of chosen) {
    const path = opts.layer ? opts.out : perLayerPath(opts.out, l);
    if (opts.format === 'geojson') writeAtomically(path, geojson(layers[l]));
    else {
      const t = layerTable(layers[l]);
      writeAtomically(path, writeCsv({ id: 'schools', title: l, columns: t.columns.map((c) => ({ key: c, header: c, kind: 'text' })), rows: t.rows.map((r) => r.map((v) => (typeof v === 'boolean' ? String(v) : v))) }));
    }
    files.push(path);
  }
  return { files, ms: performance.now() - started, counts };
}
