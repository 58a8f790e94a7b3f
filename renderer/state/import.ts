// The import wizard's state and its calls: upload the chosen files (in parts, base64) into one
// wizard session on the host, preview the import (a dry run) whenever an option changes, commit it
// as a job with progress and cancel. The backend pushes project.changed after a commit, and the
// project slice reloads itself from that (effects.ts).
// Two paths: one layer at a time (its file, side tables joined onto it, its options), or an import
// recipe (the CLI's --recipe JSON, docs/recipes/*.json) naming several layers and their files,
// which are matched to the chosen files by name, uploaded into one session and imported at once.
import { create } from 'zustand';
import i18next from 'i18next';
import { api } from '../api';
import { problemText } from '../i18n/problems';
import type { Params, Result } from '../../shared/api';
import { ApiError, schemas } from '../../shared/api';
import { IMPORT_LAYERS, type ImportLayer } from '../../shared/io/import/fields';
import { checkRecipe, type ImportFileSpec, type ImportSpec } from '../../shared/io/import/recipe';
import type { Level } from '../../shared/model';

export type ImportPreview = Result<'import.preview'>;
export type ImportOutcome = Result<'import.commit'>;
export type WizardStep = 'choose' | 'preview' | 'running' | 'done';

/** The largest file the host accepts (schemas.IMPORT_MAX_FILE_BYTES). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Raw bytes per upload call: well under the browser-mode server's request limit once in base64. */
const PART_BYTES = 6 * 1024 * 1024;

export interface UploadedFile { name: string; bytes: number; fileId: string }

/** A side table joined onto the layer's file: its `rightKey` column equals the layer's `leftKey`. */
export interface JoinChoice { fileId: string; name: string; leftKey: string; rightKey: string }

export type ImportMode = 'single' | 'recipe';

export interface ImportOptions {
  /** '' = what the file declares, else WGS84; otherwise anything parseCrs reads. */
  crs: string;
  columns: Record<string, string>;
  level: Level | '';
  /** '' = detected. */
  encoding: string;
  /** XLSX sheet / GeoPackage layer / zip member; '' = the first. */
  sheet: string;
  /** Side tables joined onto the file, in order (each may use the columns the ones before it added). */
  joins: JoinChoice[];
}

interface ImportState {
  open: boolean;
  step: WizardStep;
  mode: ImportMode;
  layer: ImportLayer;
  /** The recipe in use (recipe mode), with its file name. */
  recipe: { name: string; spec: Recipe } | null;
  /** Recipe path → uploaded fileId. */
  recipeFiles: Record<string, string>;
  session: string | null;
  files: UploadedFile[];
  /** The file read as the layer (a shapefile's .shp; the others are its parts). */
  mainFileId: string | null;
  options: ImportOptions;
  preview: ImportPreview | null;
  /** What is happening now, for the buttons and the status line. */
  busy: 'uploading' | 'previewing' | 'importing' | null;
  uploaded: { done: number; total: number } | null;
  jobId: string | null;
  progress: { phase: string; done: number; total: number | null } | null;
  outcome: ImportOutcome | null;
  cancelled: boolean;
  error: string | null;
  /** The planner has looked at the names matched other than exactly. */
  matchesConfirmed: boolean;
}

const initial = (): Omit<ImportState, 'open'> => ({
  step: 'choose', mode: 'single', layer: 'schools', recipe: null, recipeFiles: {}, session: null, files: [], mainFileId: null,
  options: { crs: '', columns: {}, level: '', encoding: '', sheet: '', joins: [] },
  preview: null, busy: null, uploaded: null, jobId: null, progress: null, outcome: null, cancelled: false, error: null, matchesConfirmed: false,
});

export const useImport = create<ImportState>()(() => ({ open: false, ...initial() }));

const set = (patch: Partial<ImportState>) => useImport.setState(patch);
const message = (e: unknown) => (e instanceof ApiError || e instanceof Error ? e.message : String(e));

export function openImport(open: boolean): void {
  const s = useImport.getState();
  if (!open && s.busy === 'importing') return; // the import must finish or be cancelled first
  set(open ? { open: true, ...initial() } : { open: false });
}

export function chooseLayer(layer: ImportLayer): void {
  set({ layer, preview: null, options: { ...useImport.getState().options, columns: {}, level: '', joins: [] } });
}

export function chooseMode(mode: ImportMode): void {
  set({ mode, preview: null, error: null });
}

/** Base64 of bytes, built in slices (String.fromCharCode over a whole file would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const MAIN_ORDER = ['shp', 'zip', 'gpkg', 'xlsx', 'xlsm', 'geojson', 'json', 'csv', 'txt', 'tsv'];
const extOf = (n: string) => (n.includes('.') ? n.slice(n.lastIndexOf('.') + 1).toLowerCase() : '');
const stemOf = (n: string) => (n.includes('.') ? n.slice(0, n.lastIndexOf('.')) : n).toLowerCase();
/** Which of several files is the layer: the .shp of a shapefile's parts, else the first table. */
export function mainFile<F extends { name: string }>(files: readonly F[]): F | null {
  const rank = (f: F) => {
    const k = MAIN_ORDER.indexOf(extOf(f.name));
    return k < 0 ? MAIN_ORDER.length : k;
  };
  return [...files].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}
/** Files that can be read as a table of their own (not a shapefile's .dbf/.prj/.cpg/.shx). */
export function tableFiles<F extends { name: string }>(files: readonly F[]): F[] {
  return files.filter((f) => MAIN_ORDER.includes(extOf(f.name)));
}

/**
 * Uploads files into `session` (a fresh one when null), part by part, reporting progress in
 * `uploaded`; returns the session and the uploaded files.
 */
async function uploadInto(list: readonly File[], session: string | null): Promise<{ session: string | null; files: UploadedFile[] }> {
  const tooBig = list.find((f) => f.size > MAX_FILE_BYTES);
  if (tooBig) throw new Error(`"${tooBig.name}": ${Math.round(tooBig.size / 1024 / 1024)} MB > 200 MB`);
  const total = list.reduce((n, f) => n + f.size, 0);
  set({ uploaded: { done: 0, total } });
  let id = session ?? undefined;
  const files: UploadedFile[] = [];
  let done = 0;
  for (const file of list) {
    let fileId: string;
    let at = 0;
    do {
      // One part's bytes at a time: a large file is never held whole, nor sent in one request.
      const part = new Uint8Array(await file.slice(at, at + PART_BYTES).arrayBuffer());
      const r = await api.call('import.upload', { name: file.name, dataBase64: toBase64(part), session: id, append: at > 0 });
      id = r.session;
      fileId = r.fileId;
      at += part.length;
      done += part.length;
      set({ uploaded: { done, total } });
      if (part.length === 0) break;
    } while (at < file.size);
    files.push({ name: file.name, bytes: at, fileId });
  }
  return { session: id ?? null, files };
}

/** Columns of uploaded files already read (for join keys), by fileId. */
const columnCache = new Map<string, string[]>();

/** Uploads the chosen files into a fresh session, then previews the import. */
export async function uploadFiles(list: readonly File[]): Promise<void> {
  if (list.length === 0) return;
  set({ busy: 'uploading', error: null, files: [], mainFileId: null, preview: null, matchesConfirmed: false, options: { ...useImport.getState().options, joins: [] } });
  try {
    const { session, files } = await uploadInto(list, null);
    set({ session, files, mainFileId: mainFile(files)?.fileId ?? null, busy: null, uploaded: null });
    await runPreview();
  } catch (e) {
    set({ busy: null, uploaded: null, error: message(e) });
  }
}

/** Reads another of the uploaded files as the layer (the others stay, as side tables or parts). */
export function chooseMainFile(fileId: string): void {
  set({ mainFileId: fileId, options: { ...useImport.getState().options, columns: {}, sheet: '', joins: [] }, matchesConfirmed: false });
  void runPreview();
}

/**
 * Uploads side files (a table, or a shapefile's parts) into the wizard's session, for a join;
 * returns the one to read (the .shp of a shapefile), or null when the upload failed.
 */
export async function uploadSideFiles(list: readonly File[]): Promise<UploadedFile | null> {
  if (list.length === 0) return null;
  const s = useImport.getState();
  set({ busy: 'uploading', error: null });
  try {
    const { session, files } = await uploadInto(list, s.session);
    const names = new Set(files.map((f) => f.name));
    for (const f of files) columnCache.delete(f.fileId); // the same name again: new bytes, perhaps new columns
    // A file uploaded again under the same name replaces the older copy.
    set({ session, files: [...useImport.getState().files.filter((f) => !names.has(f.name)), ...files], busy: null, uploaded: null });
    return mainFile(files);
  } catch (e) {
    set({ busy: null, uploaded: null, error: message(e) });
    return null;
  }
}

/**
 * The columns of an uploaded file, for choosing a join key: a dry run that reads the file as the
 * wizard's layer (nothing is written; only the columns of what was read are used).
 */
export async function columnsOf(fileId: string): Promise<string[]> {
  const cached = columnCache.get(fileId);
  if (cached) return cached;
  const preview = await api.call('import.preview', { [useImport.getState().layer]: { fileId } });
  const columns = preview.samples[0]?.columns ?? [];
  if (columns.length === 0) {
    const why = preview.problems.find((p) => p.severity === 'error');
    throw new Error(why ? `${why.file}: ${problemText(why, i18next)}` : i18next.t('import.join.noColumns'));
  }
  columnCache.set(fileId, columns);
  return columns;
}

export function addJoin(join: JoinChoice): void {
  setOptions({ joins: [...useImport.getState().options.joins, join] });
}

export function removeJoin(index: number): void {
  setOptions({ joins: useImport.getState().options.joins.filter((_, k) => k !== index) });
}

// ---- recipes --------------------------------------------------------------------------------

/** One layer of a recipe: the CLI's file spec, with paths relative to the data folder. */
export type RecipeLayer = ImportFileSpec;
export type Recipe = ImportSpec;

/** A file a recipe names (or needs beside one it names), and where: the layer's file, a joined one, or a shapefile's part. */
export interface RecipeNeed { path: string; name: string; layer: ImportLayer; join?: number; /** Needed beside this file (a shapefile's .dbf beside its .shp). */ of?: string }

/** The last part of a recipe path (recipes may name files in sub-folders; uploads are by file name). */
export const baseName = (path: string) => path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1);
const PLACEHOLDER_SESSION = '0000000000000000';

/** The wizard's API params for a recipe, with each path replaced by `fileIdOf(path)`. */
function recipeParams(recipe: Recipe, fileIdOf: (path: string) => string): Params<'import.preview'> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(recipe)) {
    if (!(IMPORT_LAYERS as readonly string[]).includes(key) || !value || typeof value !== 'object') {
      out[key] = value;
      continue;
    }
    const { path, joins, ...rest } = value as RecipeLayer;
    out[key] = {
      fileId: fileIdOf(path),
      ...rest,
      ...(joins ? { joins: joins.map((j) => (j && typeof j === 'object' ? (({ path: p, ...r }) => ({ fileId: fileIdOf(p), ...r }))(j) : j)) } : {}),
    };
  }
  return out as Params<'import.preview'>;
}

/**
 * Reads a recipe (the JSON of docs/recipes): which file is each layer, its columns, keys and joins.
 * Every error names the place in the recipe ("schools.columns.nonsense: …").
 */
export function parseRecipe(text: string): { recipe: Recipe | null; errors: string[] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    return { recipe: null, errors: [`JSON: ${(e as Error).message}`] };
  }
  const shape = checkRecipe(raw);
  if (!shape.recipe) return shape;
  const errors: string[] = [];
  const recipe = shape.recipe;
  // The rest as the API will check it, with each path standing for a file of that name.
  const check = schemas.importSpecParams.safeParse(recipeParams(recipe, (p) => `${PLACEHOLDER_SESSION}/${baseName(p)}`));
  if (!check.success) {
    for (const issue of check.error.issues) {
      const at = issue.path.map(String).join('.').replace(/\.fileId$/, '.path');
      errors.push(`${at || '(recipe)'}: ${issue.message}`);
    }
  }
  return errors.length ? { recipe: null, errors } : { recipe, errors: [] };
}

/** Every file a recipe needs: each layer's file and joined files, and the .dbf beside a .shp. */
export function recipeNeeds(recipe: Recipe): RecipeNeed[] {
  const out: RecipeNeed[] = [];
  const add = (path: string, layer: ImportLayer, join?: number) => {
    if (out.some((n) => n.path === path)) return;
    const name = baseName(path);
    out.push({ path, name, layer, ...(join !== undefined ? { join } : {}) });
    if (extOf(name) === 'shp') out.push({ path: `${path.slice(0, -3)}dbf`, name: `${name.slice(0, -3)}dbf`, layer, ...(join !== undefined ? { join } : {}), of: name });
  };
  for (const l of IMPORT_LAYERS) {
    const r = recipe[l];
    if (!r) continue;
    add(r.path, l);
    (r.joins ?? []).forEach((j, k) => add(j.path, l, k));
  }
  return out;
}

/** A chosen file for each needed one (by name; case-blind when no exact match), the files missing and those not used. */
export function matchRecipeFiles<F extends { name: string }>(recipe: Recipe, chosen: readonly F[]): { needs: RecipeNeed[]; found: Map<string, F>; missing: RecipeNeed[]; upload: F[]; unused: F[] } {
  const found = new Map<string, F>();
  const missing: RecipeNeed[] = [];
  const byName = (name: string) => chosen.find((f) => f.name === name) ?? chosen.find((f) => f.name.toLowerCase() === name.toLowerCase());
  const needs = recipeNeeds(recipe);
  for (const n of needs) {
    const f = byName(n.name);
    if (f) found.set(n.path, f);
    else missing.push(n);
  }
  // A shapefile's other parts (.prj, .cpg, .shx …) go with it.
  const stems = new Set(needs.filter((n) => extOf(n.name) === 'shp').map((n) => stemOf(n.name)));
  const used = new Set<F>(found.values());
  for (const f of chosen) if (stems.has(stemOf(f.name)) && ['shp', 'dbf', 'prj', 'cpg', 'shx', 'sbn', 'sbx', 'qix', 'xml'].includes(extOf(f.name))) used.add(f);
  return { needs, found, missing, upload: chosen.filter((f) => used.has(f)), unused: chosen.filter((f) => !used.has(f)) };
}

/**
 * Uploads the files a recipe names (and a shapefile's parts) into one session, then previews every
 * layer of it. Files the recipe needs but were not chosen stop it here, named.
 */
export async function uploadRecipe(name: string, recipe: Recipe, chosen: readonly File[]): Promise<void> {
  const m = matchRecipeFiles(recipe, chosen);
  if (m.missing.length) {
    set({ error: `${i18next.t('import.recipe.missing', { count: m.missing.length })}${m.missing.map((n) => n.name).join(i18next.t('import.listSep'))}` });
    return;
  }
  set({ busy: 'uploading', error: null, recipe: { name, spec: recipe }, recipeFiles: {}, files: [], mainFileId: null, preview: null, matchesConfirmed: false });
  try {
    const { session, files } = await uploadInto(m.upload, null);
    const recipeFiles: Record<string, string> = {};
    for (const [path, f] of m.found) recipeFiles[path] = files[m.upload.indexOf(f)].fileId;
    const first = IMPORT_LAYERS.map((l) => recipe[l]).find((r) => r !== undefined);
    set({ session, files, recipeFiles, mainFileId: first ? recipeFiles[first.path] : null, busy: null, uploaded: null });
    await runPreview();
  } catch (e) {
    set({ busy: null, uploaded: null, error: message(e) });
  }
}

function spec(jobId?: string): Params<'import.preview'> {
  const s = useImport.getState();
  if (s.mode === 'recipe' && s.recipe) return { ...recipeParams(s.recipe.spec, (p) => s.recipeFiles[p]), ...(jobId ? { jobId } : {}) };
  const o = s.options;
  const ref = {
    fileId: s.mainFileId!,
    ...(o.crs ? { crs: o.crs } : {}),
    ...(Object.keys(o.columns).length ? { columns: o.columns } : {}),
    ...(o.level ? { level: o.level } : {}),
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.sheet ? { layer: o.sheet } : {}),
    ...(o.joins.length ? { joins: o.joins.map((j) => ({ fileId: j.fileId, leftKey: j.leftKey, rightKey: j.rightKey })) } : {}),
  };
  return { [s.layer]: ref, ...(jobId ? { jobId } : {}) };
}

let previewSeq = 0;
/** The dry run: mapping, coordinate system, problems by row, first rows and converted positions. */
export async function runPreview(): Promise<void> {
  const s = useImport.getState();
  if (!s.mainFileId) return;
  const seq = ++previewSeq;
  set({ busy: 'previewing', error: null, step: 'preview' });
  try {
    const preview = await api.call('import.preview', spec());
    if (seq === previewSeq) set({ preview, busy: null });
  } catch (e) {
    if (seq === previewSeq) set({ busy: null, error: message(e) });
  }
}

/** Changes an option and previews again. */
export function setOptions(patch: Partial<ImportOptions>): void {
  set({ options: { ...useImport.getState().options, ...patch }, matchesConfirmed: false });
  void runPreview();
}

export function setColumn(field: string, column: string): void {
  const columns = { ...useImport.getState().options.columns };
  if (column) columns[field] = column;
  else delete columns[field];
  setOptions({ columns });
}

let jobSeq = 0;
/** Writes the import into the open project (all or nothing), reporting progress; cancel stops it. */
export async function commitImport(): Promise<void> {
  const jobId = `wizard-${Date.now().toString(36)}-${++jobSeq}`;
  set({ busy: 'importing', step: 'running', jobId, progress: null, error: null, cancelled: false, outcome: null });
  const off = api.on('job.progress', (p) => {
    if (p.jobId === jobId) set({ progress: { phase: p.phase, done: p.done, total: p.total } });
  });
  try {
    const outcome = await api.call('import.commit', spec(jobId));
    set({ outcome, busy: null, step: 'done', jobId: null });
  } catch (e) {
    const cancelled = e instanceof ApiError && e.code === 'cancelled';
    set({ busy: null, jobId: null, step: 'preview', cancelled, error: cancelled ? null : message(e) });
  } finally {
    off();
  }
}

export async function cancelImport(): Promise<void> {
  const jobId = useImport.getState().jobId;
  if (jobId) await api.call('import.cancel', { jobId });
}

export function backToChoose(): void {
  set({ step: 'choose', preview: null, error: null, cancelled: false });
}
