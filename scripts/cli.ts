// The command line: `npm run cli -- <command> …`. Each command calls the same backend code the app uses.
import { resolve } from 'node:path';
import { createDemoProject } from '../electron/backend';
import { openProject } from '../electron/store';
import { APP_VERSION, ROOT } from './lib/app';
import { evaluateProject, resolveScenario } from '../electron/backend/evaluation';
import { ASSIGNMENT_METHODS, type AssignmentMethod } from '../shared/engine/types';
import { LEVELS, type Level } from '../shared/model';
import { formatEvaluation } from './lib/format-evaluation';
import { formatImport } from './lib/format-import';
import { importIntoProject, type ImportSpec } from '../electron/backend/import';
import { checkRecipe } from '../shared/io/import/recipe';
import { exportProject, EXPORT_FORMATS, EXPORT_LAYERS, type ExportFormat, type ExportLayerName } from '../electron/backend/export';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { exportMap, MAP_FORMATS, PAPERS, type MapFormat, type Paper } from './lib/map-export';

const USAGE = `Usage: npm run cli -- <command>
  demo OUT.sqlite [--overwrite]   write the demo county project to OUT.sqlite
  info PROJECT                    print a project's counts
  evaluate PROJECT [--scenario NAME] [--level primary|junior|senior] [--method catchment|nearest|network|capacity]
           [--profile walking|driving] [--json]
                                  print the scenario's indicators (the figures the app shows)
  import PROJECT [--recipe R.json [--data DIR]] [--schools F] [--residences F] [--catchments F] [--assignments F]
         [--roads F] [--housing F] [--crs wgs84|gcj02|bd09|EPSG:n] [--columns field=COLUMN,…] [--level primary|junior|senior]
         [--LAYER-crs …] [--LAYER-columns …] [--LAYER-level …] [--LAYER-layer NAME] [--LAYER-encoding gbk]
         [--LAYER-join FILE:LEFT=RIGHT] [--LAYER-school-key ATTR] [--dry-run] [--json]
                                  import files into PROJECT (created when it does not exist); all or nothing
  export PROJECT --format xlsx|csv|geojson|gpkg --out PATH [--layer schools|residences|catchments|assignments]
         [--scenario NAME] [--lang zh-CN|en]
                                  planning tables (xlsx) or layers with indicators; without --layer, one file per layer beside PATH
  export PROJECT --format png|pdf --out PATH [--scenario NAME] [--lang zh-CN|en] [--level primary|junior]
         [--paper A4|A3] [--orientation landscape|portrait] [--method M] [--profile walking|driving] [--date YYYY-MM-DD]
                                  the map sheet (title, catchments by utilisation, legend, scale bar, north arrow,
                                  sources, date) as a one-page PDF or a PNG of the sheet; needs Chromium (CHROMIUM_PATH)`;

function demo(args: string[]): void {
  const out = args.find((a) => !a.startsWith('--'));
  if (!out) throw new Error(`demo needs an output file\n${USAGE}`);
  const started = performance.now();
  const store = createDemoProject(resolve(out), join(ROOT, 'resources'), APP_VERSION, { overwrite: args.includes('--overwrite') }, (phase, done, total) =>
    process.stderr.write(`  ${phase} (${done}/${total})\n`));
  const counts = { schools: store.schools.count(), residences: store.residences.count(), catchments: store.catchments.count(), roads: store.roads.count() };
  store.close();
  const bytes = statSync(resolve(out)).size;
  console.log(`Wrote ${resolve(out)}: ${counts.schools} schools, ${counts.residences} residence units, ${counts.catchments} catchments, ${counts.roads} roads; ${(bytes / 1e6).toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

function info(args: string[]): void {
  const path = args[0];
  if (!path) throw new Error(`info needs a project file\n${USAGE}`);
  const store = openProject(resolve(path), { appVersion: APP_VERSION });
  try {
    console.log(JSON.stringify({ meta: store.meta(), schools: store.schools.count(), byType: store.countsByType(), residences: store.residences.count(), pupils: store.residences.totalPupils(), catchments: store.catchments.count(), extent: store.extent() }, null, 2));
  } finally {
    store.close();
  }
}

function option(args: string[], name: string): string | undefined {
  const k = args.indexOf(`--${name}`);
  if (k < 0) return undefined;
  const v = args[k + 1];
  if (v === undefined || v.startsWith('--')) throw new Error(`--${name} needs a value\n${USAGE}`);
  return v;
}

function evaluate(args: string[]): void {
  const path = args[0];
  if (!path || path.startsWith('--')) throw new Error(`evaluate needs a project file\n${USAGE}`);
  const level = option(args, 'level');
  if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) throw new Error(`--level must be one of ${LEVELS.join(', ')}`);
  const method = option(args, 'method') ?? 'catchment';
  if (!(ASSIGNMENT_METHODS as readonly string[]).includes(method)) throw new Error(`--method must be one of ${ASSIGNMENT_METHODS.join(', ')}`);
  const profile = option(args, 'profile') ?? 'walking';
  if (profile !== 'walking' && profile !== 'driving') throw new Error('--profile must be walking or driving');
  const store = openProject(resolve(path), { appVersion: APP_VERSION });
  try {
    const scenario = resolveScenario(store, option(args, 'scenario'));
    const ev = evaluateProject(store, { scenario: scenario.id, levels: level ? [level as Level] : undefined, method: method as AssignmentMethod, profile });
    if (args.includes('--json')) console.log(JSON.stringify({ scenario, ...ev }, null, 2));
    else console.log(formatEvaluation(ev, scenario.name));
  } finally {
    store.close();
  }
}

const LAYERS = ['schools', 'residences', 'catchments', 'assignments', 'roads', 'housing'] as const;

function columnsOption(value: string | undefined, layer: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (value ?? '').split(',').map((x) => x.trim()).filter(Boolean)) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new Error(`--columns expects field=COLUMN pairs, got "${part}"`);
    const key = part.slice(0, eq).trim();
    const dot = key.indexOf('.');
    if (dot > 0 && key.slice(0, dot) !== layer) continue;
    out[dot > 0 ? key.slice(dot + 1) : key] = part.slice(eq + 1).trim();
  }
  return out;
}

/** The import spec from a recipe file and/or the command line (the command line wins). */
function importSpec(args: string[]): ImportSpec {
  const recipePath = option(args, 'recipe');
  let spec: ImportSpec = {};
  if (recipePath) {
    let raw: unknown;
    try {
      raw = JSON.parse(readFileSync(resolve(recipePath), 'utf8').replace(/^\uFEFF/, ''));
    } catch (e) {
      throw new Error(`recipe ${recipePath}: ${(e as Error).message}`, { cause: e });
    }
    const checked = checkRecipe(raw);
    if (!checked.recipe) throw new Error(`recipe ${recipePath}: ${checked.errors.join('; ')}`);
    spec = checked.recipe;
  }
  const base = option(args, 'data') ?? (recipePath ? dirname(resolve(recipePath)) : process.cwd());
  for (const layer of LAYERS) {
    const path = option(args, layer);
    const existing = spec[layer];
    if (!path && !existing) continue;
    const level = option(args, `${layer}-level`) ?? option(args, 'level');
    if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) throw new Error(`--level must be one of ${LEVELS.join(', ')}`);
    const joins = args.flatMap((a, k) => (a === `--${layer}-join` ? [args[k + 1]] : [])).map((j) => {
      const m = /^(.+):([^:=]+)=([^:=]+)$/.exec(j ?? '');
      if (!m) throw new Error(`--${layer}-join expects FILE:LEFT=RIGHT, got "${j}"`);
      return { path: m[1], leftKey: m[2], rightKey: m[3] };
    });
    const f = {
      ...existing,
      path: path ?? existing!.path,
      crs: option(args, `${layer}-crs`) ?? option(args, 'crs') ?? existing?.crs,
      columns: { ...existing?.columns, ...columnsOption(option(args, 'columns'), layer), ...columnsOption(option(args, `${layer}-columns`), layer) },
      level: (level as Level | undefined) ?? existing?.level,
      layer: option(args, `${layer}-layer`) ?? existing?.layer,
      encoding: option(args, `${layer}-encoding`) ?? existing?.encoding,
      schoolKey: option(args, `${layer}-school-key`) ?? existing?.schoolKey,
      joins: [...(existing?.joins ?? []), ...joins],
    };
    f.path = resolve(base, f.path);
    f.joins = f.joins.map((j) => ({ ...j, path: resolve(base, j.path) }));
    spec[layer] = f;
  }
  if (LAYERS.every((l) => !spec[l])) throw new Error(`import needs at least one file (--schools, --residences, …)\n${USAGE}`);
  return spec;
}

async function importCommand(args: string[]): Promise<void> {
  const path = args[0];
  if (!path || path.startsWith('--')) throw new Error(`import needs a project file\n${USAGE}`);
  const spec = importSpec(args.slice(1));
  const json = args.includes('--json');
  const result = await importIntoProject(resolve(path), spec, APP_VERSION, {
    dryRun: args.includes('--dry-run'),
    progress: json ? undefined : (phase, done, total) => process.stderr.write(`  ${phase} (${Math.round(done)}/${total})\n`),
  });
  if (json) console.log(JSON.stringify(result, null, 2));
  else console.log(formatImport(result, resolve(path)));
  if (!result.ok) process.exitCode = 1;
}

async function exportCommand(args: string[]): Promise<void> {
  const path = args[0];
  if (!path || path.startsWith('--')) throw new Error(`export needs a project file\n${USAGE}`);
  const format = option(args, 'format');
  if (format && (MAP_FORMATS as readonly string[]).includes(format)) return exportMapCommand(path, format as MapFormat, args);
  if (!format || !(EXPORT_FORMATS as readonly string[]).includes(format)) throw new Error(`--format must be one of ${[...EXPORT_FORMATS, ...MAP_FORMATS].join(', ')}`);
  const out = option(args, 'out');
  if (!out) throw new Error('--out PATH is required');
  const layer = option(args, 'layer');
  if (layer !== undefined && !(EXPORT_LAYERS as readonly string[]).includes(layer)) throw new Error(`--layer must be one of ${EXPORT_LAYERS.join(', ')}`);
  const lang = option(args, 'lang') ?? 'zh-CN';
  if (lang !== 'zh-CN' && lang !== 'en') throw new Error('--lang must be zh-CN or en');
  const store = openProject(resolve(path), { appVersion: APP_VERSION });
  try {
    const r = await exportProject(store, { format: format as ExportFormat, out: resolve(out), layer: layer as ExportLayerName | undefined, scenario: option(args, 'scenario'), locale: lang });
    console.log(`Wrote ${r.files.join(', ')} (${Object.entries(r.counts).map(([k, v]) => `${k} ${v}`).join(', ')}) in ${(r.ms / 1000).toFixed(1)} s`);
  } finally {
    store.close();
  }
}

/** `export --format png|pdf`: the print layout rendered by Chromium (scripts/lib/map-export.ts). */
async function exportMapCommand(path: string, format: MapFormat, args: string[]): Promise<void> {
  const out = option(args, 'out');
  if (!out) throw new Error('--out PATH is required');
  if (option(args, 'layer') !== undefined) throw new Error('--layer applies to table and layer exports; the map sheet shows the catchments of --level');
  const lang = option(args, 'lang') ?? 'zh-CN';
  if (lang !== 'zh-CN' && lang !== 'en') throw new Error('--lang must be zh-CN or en');
  const level = option(args, 'level') ?? 'primary';
  if (level !== 'primary' && level !== 'junior') throw new Error('--level must be primary or junior for a map');
  const paper = option(args, 'paper') ?? 'A4';
  if (!(paper in PAPERS)) throw new Error(`--paper must be one of ${Object.keys(PAPERS).join(', ')}`);
  const orientation = option(args, 'orientation') ?? 'landscape';
  if (orientation !== 'landscape' && orientation !== 'portrait') throw new Error('--orientation must be landscape or portrait');
  const method = option(args, 'method');
  if (method !== undefined && !(ASSIGNMENT_METHODS as readonly string[]).includes(method)) throw new Error(`--method must be one of ${ASSIGNMENT_METHODS.join(', ')}`);
  const profile = option(args, 'profile');
  if (profile !== undefined && profile !== 'walking' && profile !== 'driving') throw new Error('--profile must be walking or driving');
  const r = await exportMap({
    project: path, out, format, scenario: option(args, 'scenario'), lang, level, paper: paper as Paper, orientation,
    method: method as AssignmentMethod | undefined, profile, date: option(args, 'date'), log: (l) => process.stderr.write(`  ${l}\n`),
  });
  const size = format === 'png' ? `${r.width} × ${r.height} px` : `${r.pages} page${r.pages === 1 ? '' : 's'}, ${paper} ${orientation}`;
  console.log(`Wrote ${r.file} (${size}, ${(r.bytes / 1024).toFixed(0)} KB; scenario ${r.scenario}) in ${(r.ms.total / 1000).toFixed(1)} s`);
}

const COMMANDS: Record<string, (args: string[]) => void | Promise<void>> = { demo, info, evaluate, import: importCommand, export: exportCommand };

try {
  const [command, ...rest] = process.argv.slice(2);
  const run = command ? COMMANDS[command] : undefined;
  if (!run) {
    console.error(command ? `Unknown command "${command}"\n${USAGE}` : USAGE);
    process.exit(2);
  }
  await run(rest);
} catch (e) {
  console.error(`cli: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
}
