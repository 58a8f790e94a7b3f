// The import wizard's state and its calls: upload the chosen files (in parts, base64) into one
// wizard session on the host, preview the import (a dry run) whenever an option changes, commit it
// as a job with progress and cancel. The backend pushes project.changed after a commit, and the
// project slice reloads itself from that (effects.ts).
import { create } from 'zustand';
import { api } from '../api';
import type { Result } from '../../shared/api';
import { ApiError } from '../../shared/api';
import type { ImportLayer } from '../../shared/io/import/fields';
import type { Level } from '../../shared/model';

export type ImportPreview = Result<'import.preview'>;
export type ImportOutcome = Result<'import.commit'>;
export type WizardStep = 'choose' | 'preview' | 'running' | 'done';

/** The largest file the host accepts (schemas.IMPORT_MAX_FILE_BYTES). */
export const MAX_FILE_BYTES = 200 * 1024 * 1024;
/** Raw bytes per upload call: well under the browser-mode server's request limit once in base64. */
const PART_BYTES = 6 * 1024 * 1024;

export interface UploadedFile { name: string; bytes: number; fileId: string }

export interface ImportOptions {
  /** '' = what the file declares, else WGS84; otherwise anything parseCrs reads. */
  crs: string;
  columns: Record<string, string>;
  level: Level | '';
  /** '' = detected. */
  encoding: string;
  /** XLSX sheet / GeoPackage layer / zip member; '' = the first. */
  sheet: string;
}

interface ImportState {
  open: boolean;
  step: WizardStep;
  layer: ImportLayer;
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
  step: 'choose', layer: 'schools', session: null, files: [], mainFileId: null,
  options: { crs: '', columns: {}, level: '', encoding: '', sheet: '' },
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
  set({ layer, preview: null, options: { ...useImport.getState().options, columns: {}, level: '' } });
}

/** Base64 of bytes, built in slices (String.fromCharCode over a whole file would overflow the stack). */
export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

const MAIN_ORDER = ['shp', 'zip', 'gpkg', 'xlsx', 'xlsm', 'geojson', 'json', 'csv', 'txt', 'tsv'];
/** Which of several files is the layer: the .shp of a shapefile's parts, else the first table. */
export function mainFile(files: readonly UploadedFile[]): UploadedFile | null {
  const ext = (n: string) => n.slice(n.lastIndexOf('.') + 1).toLowerCase();
  const rank = (f: UploadedFile) => {
    const k = MAIN_ORDER.indexOf(ext(f.name));
    return k < 0 ? MAIN_ORDER.length : k;
  };
  return [...files].sort((a, b) => rank(a) - rank(b))[0] ?? null;
}

/** Uploads the chosen files into a fresh session, then previews the import. */
export async function uploadFiles(list: readonly File[]): Promise<void> {
  if (list.length === 0) return;
  const tooBig = list.find((f) => f.size > MAX_FILE_BYTES);
  if (tooBig) {
    set({ error: `"${tooBig.name}": ${Math.round(tooBig.size / 1024 / 1024)} MB > 200 MB` });
    return;
  }
  const total = list.reduce((n, f) => n + f.size, 0);
  set({ busy: 'uploading', error: null, uploaded: { done: 0, total }, files: [], mainFileId: null, preview: null, matchesConfirmed: false });
  try {
    let session: string | undefined;
    const files: UploadedFile[] = [];
    let done = 0;
    for (const file of list) {
      let fileId = '';
      let at = 0;
      do {
        // One part's bytes at a time: a large file is never held whole, nor sent in one request.
        const part = new Uint8Array(await file.slice(at, at + PART_BYTES).arrayBuffer());
        const r = await api.call('import.upload', { name: file.name, dataBase64: toBase64(part), session, append: at > 0 });
        session = r.session;
        fileId = r.fileId;
        at += part.length;
        done += part.length;
        set({ uploaded: { done, total } });
        if (part.length === 0) break;
      } while (at < file.size);
      files.push({ name: file.name, bytes: at, fileId });
    }
    set({ session: session ?? null, files, mainFileId: mainFile(files)?.fileId ?? null, busy: null, uploaded: null });
    await runPreview();
  } catch (e) {
    set({ busy: null, uploaded: null, error: message(e) });
  }
}

function spec(jobId?: string) {
  const s = useImport.getState();
  const o = s.options;
  const ref = {
    fileId: s.mainFileId!,
    ...(o.crs ? { crs: o.crs } : {}),
    ...(Object.keys(o.columns).length ? { columns: o.columns } : {}),
    ...(o.level ? { level: o.level } : {}),
    ...(o.encoding ? { encoding: o.encoding } : {}),
    ...(o.sheet ? { layer: o.sheet } : {}),
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
