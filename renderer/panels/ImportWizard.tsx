// The import wizard: choose the layer and its file(s); preview the import (column mapping,
// coordinate system with the assumption spelled out, a map of the converted positions, the first
// rows, name matches to check, problems by row) before anything is written; import with progress
// and cancel; the result. The engine is the CLI's (electron/backend/import.ts, through the API).
// One layer at a time (with side tables joined onto its file), or every layer of an import recipe
// (docs/recipes/*.json) at once, in one transaction.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { describeCrs, parseCrs, type CrsSpec } from '../../shared/geo/crs';
import { FIELDS, IMPORT_LAYERS, type ImportLayer } from '../../shared/io/import/fields';
import type { Problem } from '../../shared/base/problems';
import { problemText } from '../i18n/problems';
import { LEVELS, type Level, type Position } from '../../shared/model';
import { baseStyle } from '../map/style';
import { toSources } from '../map/features';
import { useStore } from '../state/store';
import {
  addJoin, backToChoose, cancelImport, chooseLayer, chooseMainFile, chooseMode, columnsOf, commitImport, matchRecipeFiles, MAX_FILE_BYTES, openImport, parseRecipe,
  removeJoin, runPreview, setColumn, setOptions, tableFiles, uploadFiles, uploadRecipe, uploadSideFiles, useImport,
  type ImportPreview, type Recipe, type RecipeNeed,
} from '../state/import';
import './import-wizard.css';

maplibregl.setWorkerUrl(workerUrl);

/** The top-bar button and, when open, the wizard (in a portal: the top bar's button styles stay out of it). */
const CRS_CHOICES = ['', 'wgs84', 'gcj02', 'bd09', 'cgcs2000'] as const;
const ENCODINGS = ['', 'utf-8', 'gb18030', 'big5'] as const;
const fmtBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
const ext = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();
const ACCEPT = '.csv,.txt,.tsv,.xlsx,.xlsm,.json,.geojson,.zip,.shp,.dbf,.prj,.cpg,.shx,.gpkg';
type LayerReport = ImportPreview['layers'][number];
type LayerSample = ImportPreview['samples'][number];

export function ImportWizard() {
  const { t } = useTranslation();
  const step = useImport((s) => s.step);
  const busy = useImport((s) => s.busy);
  const close = () => openImport(false);
  const stepIndex = step === 'choose' ? 0 : step === 'preview' ? 1 : 2;
  return (
    <div className="dialog-backdrop" onClick={busy === 'importing' ? undefined : close}>
      <div className="dialog import-wizard" role="dialog" aria-label={t('import.title')} data-testid="import-wizard" onClick={(e) => e.stopPropagation()}>
        <header className="iw-head">
          <h2>{t('import.title')}</h2>
          <ol className="iw-steps">
            {(['choose', 'preview', 'import'] as const).map((k, i) => <li key={k} className={i === stepIndex ? 'on' : i < stepIndex ? 'past' : ''}>{i + 1}. {t(`import.steps.${k}`)}</li>)}
          </ol>
          <button className="iw-close" onClick={close} disabled={busy === 'importing'} aria-label={t('import.close')}>×</button>
        </header>
        <div className="iw-body">
          {step === 'choose' && <ChooseStep />}
          {step === 'preview' && <PreviewStep />}
          {step === 'running' && <RunningStep />}
          {step === 'done' && <DoneStep />}
        </div>
      </div>
    </div>
  );
}

function ErrorLine() {
  const error = useImport((s) => s.error);
  return error ? <p className="error iw-error" data-testid="import-error">{error}</p> : null;
}

// ---- 1. layer and files, or a recipe and its files ------------------------------------------

function ChooseStep() {
  const { t } = useTranslation();
  const mode = useImport((s) => s.mode);
  const busy = useImport((s) => s.busy);
  return (
    <>
      <div className="iw-modes" role="radiogroup" aria-label={t('import.mode.title')}>
        {(['single', 'recipe'] as const).map((m) => (
          <label key={m} className={m === mode ? 'on' : ''}>
            <input type="radio" name="iw-mode" value={m} data-testid={`import-mode-${m}`} checked={m === mode} disabled={busy !== null} onChange={() => chooseMode(m)} />
            <span><b>{t(`import.mode.${m}`)}</b><small>{t(`import.mode.${m}Hint`)}</small></span>
          </label>
        ))}
      </div>
      {mode === 'single' ? <SingleChoose /> : <RecipeChoose />}
    </>
  );
}

function SingleChoose() {
  const { t } = useTranslation();
  const layer = useImport((s) => s.layer);
  const busy = useImport((s) => s.busy);
  const uploaded = useImport((s) => s.uploaded);
  const [files, setFiles] = useState<File[]>([]);
  const tooBig = files.filter((f) => f.size > MAX_FILE_BYTES);
  return (
    <>
      <fieldset className="iw-layers">
        <legend>{t('import.layer')}</legend>
        {IMPORT_LAYERS.map((l) => (
          <label key={l} className={l === layer ? 'on' : ''}>
            <input type="radio" name="iw-layer" value={l} data-testid={`import-layer-${l}`} checked={l === layer} onChange={() => chooseLayer(l)} />
            <span><b>{t(`import.layers.${l}`)}</b><small>{t(`import.layerHints.${l}`)}</small></span>
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('import.files')}</legend>
        <p className="hint">{t('import.filesHint')}</p>
        <input type="file" multiple data-testid="import-file" accept={ACCEPT}
          onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
        {files.length > 0 && (
          <ul className="iw-files" data-testid="import-files">
            {files.map((f) => <li key={f.name} className={f.size > MAX_FILE_BYTES ? 'bad' : ''}>{f.name} <small>{fmtBytes(f.size)}</small></li>)}
          </ul>
        )}
        {tooBig.length > 0 && <p className="error">{t('import.tooBig', { name: tooBig[0].name })}</p>}
      </fieldset>
      <ErrorLine />
      <div className="buttons">
        {busy === 'uploading' && uploaded && <span className="iw-status">{t('import.uploading', { percent: Math.round((100 * uploaded.done) / Math.max(1, uploaded.total)) })}</span>}
        {busy === 'previewing' && <span className="iw-status">{t('import.previewing')}</span>}
        <button onClick={() => openImport(false)}>{t('import.cancel')}</button>
        <button className="primary" data-testid="import-next" disabled={files.length === 0 || tooBig.length > 0 || busy !== null} onClick={() => void uploadFiles(files)}>{t('import.next')}</button>
      </div>
    </>
  );
}

function UploadStatus() {
  const { t } = useTranslation();
  const busy = useImport((s) => s.busy);
  const uploaded = useImport((s) => s.uploaded);
  if (busy === 'uploading' && uploaded) return <span className="iw-status">{t('import.uploading', { percent: Math.round((100 * uploaded.done) / Math.max(1, uploaded.total)) })}</span>;
  if (busy === 'previewing') return <span className="iw-status">{t('import.previewing')}</span>;
  return null;
}

/** Where a recipe needs a file: the layer's own file, a joined table, or a shapefile's part. */
function needLabel(n: RecipeNeed, t: (k: string, o?: Record<string, unknown>) => string): string {
  const layer = t(`import.layers.${n.layer}`);
  if (n.of) return t('import.recipe.partOf', { name: n.of });
  return n.join !== undefined ? t('import.recipe.joinOf', { layer }) : layer;
}

function RecipeChoose() {
  const { t } = useTranslation();
  const busy = useImport((s) => s.busy);
  const [name, setName] = useState('');
  const [parsed, setParsed] = useState<{ recipe: Recipe | null; errors: string[] } | null>(null);
  const [files, setFiles] = useState<File[]>([]);
  const match = useMemo(() => (parsed?.recipe ? matchRecipeFiles(parsed.recipe, files) : null), [parsed, files]);
  const tooBig = (match?.upload ?? []).filter((f) => f.size > MAX_FILE_BYTES);
  const readRecipe = async (f: File | undefined) => {
    if (!f) return setParsed(null);
    setName(f.name);
    setParsed(parseRecipe(await f.text()));
  };
  const listed = (recipe: Recipe) => IMPORT_LAYERS.filter((l) => recipe[l]);
  return (
    <>
      <fieldset>
        <legend>{t('import.recipe.file')}</legend>
        <p className="hint">{t('import.recipe.fileHint')}</p>
        <input type="file" accept=".json,application/json" data-testid="import-recipe-file" onChange={(e) => void readRecipe(e.target.files?.[0])} />
        {parsed && parsed.errors.length > 0 && (
          <div className="iw-banner bad" data-testid="import-recipe-invalid">
            <b>{t('import.recipe.invalid', { name })}</b>
            <ul>{parsed.errors.slice(0, 10).map((e, i) => <li key={i}>{e}</li>)}</ul>
          </div>
        )}
        {parsed?.recipe && match && (
          <>
            <p className="iw-recipe-layers" data-testid="import-recipe-summary">{t('import.recipe.layersNamed', { count: listed(parsed.recipe).length, name })}{listed(parsed.recipe).map((l) => t(`import.layers.${l}`)).join(t('import.listSep'))}</p>
            <table className="iw-table iw-needs" data-testid="import-recipe-needs">
              <thead><tr><th>{t('import.recipe.needFile')}</th><th>{t('import.recipe.needFor')}</th><th>{t('import.recipe.needStatus')}</th></tr></thead>
              <tbody>
                {[...match.found.entries()].map(([path, f]) => {
                  const n = match.needs.find((x) => x.path === path)!;
                  return <tr key={path} className="ok" data-file={n.name}><td>{n.name}</td><td>{needLabel(n, t)}</td><td className="good">✓ {t('import.recipe.chosen')} <small>{fmtBytes(f.size)}</small></td></tr>;
                })}
                {match.missing.map((n) => <tr key={n.path} className="error" data-file={n.name}><td>{n.name}</td><td>{needLabel(n, t)}</td><td className="bad">✗ {t('import.recipe.notChosen')}</td></tr>)}
              </tbody>
            </table>
          </>
        )}
      </fieldset>
      <fieldset>
        <legend>{t('import.recipe.data')}</legend>
        <p className="hint">{t('import.recipe.dataHint')}</p>
        <input type="file" multiple data-testid="import-recipe-data" accept={ACCEPT} onChange={(e) => setFiles(Array.from(e.target.files ?? []))} />
        {match && files.length > 0 && match.missing.length > 0 && (
          <p className="iw-banner bad" data-testid="import-recipe-missing">{t('import.recipe.missing', { count: match.missing.length })}{match.missing.map((n) => `${n.name}（${needLabel(n, t)}）`).join(t('import.listSep'))}</p>
        )}
        {match && match.unused.length > 0 && <p className="hint" data-testid="import-recipe-unused">{t('import.recipe.unused')}{match.unused.map((f) => f.name).join(t('import.listSep'))}</p>}
        {tooBig.length > 0 && <p className="error">{t('import.tooBig', { name: tooBig[0].name })}</p>}
      </fieldset>
      <ErrorLine />
      <div className="buttons">
        <UploadStatus />
        <button onClick={() => openImport(false)}>{t('import.cancel')}</button>
        <button className="primary" data-testid="import-next"
          disabled={!parsed?.recipe || !match || match.needs.length === 0 || match.missing.length > 0 || tooBig.length > 0 || busy !== null}
          onClick={() => parsed?.recipe && void uploadRecipe(name, parsed.recipe, files)}>{t('import.next')}</button>
      </div>
    </>
  );
}

// ---- 2. preview -----------------------------------------------------------------------------

function PreviewStep() {
  const { t } = useTranslation();
  const mode = useImport((s) => s.mode);
  const preview = useImport((s) => s.preview);
  const busy = useImport((s) => s.busy);
  const cancelled = useImport((s) => s.cancelled);
  const confirmed = useImport((s) => s.matchesConfirmed);
  const report = preview?.layers[0];
  const sample = preview?.samples[0];
  const inexact = (preview?.layers ?? []).reduce((n, l) => n + l.totals.inexactMatches, 0);
  const blocked = !preview || !preview.ok;
  const needsConfirm = inexact > 0 && !confirmed;
  return (
    <>
      {cancelled && <p className="iw-banner warn" data-testid="import-cancelled">{t('import.cancelled')}</p>}
      <ErrorLine />
      {!preview && busy === 'previewing' && <p className="iw-status">{t('import.previewing')}</p>}
      {preview && mode === 'recipe' && preview.layers.length > 0 && <RecipePreview preview={preview} />}
      {preview && mode === 'single' && report && sample && (
        <>
          <Summary preview={preview} />
          <div className="iw-columns">
            <div className="iw-settings">
              <CrsSetting report={report} />
              <OtherSettings sample={sample} />
              <Joins columns={sample.columns} />
              <Mapping report={report} columns={sample.columns} />
            </div>
            <div className="iw-mapcol">
              <h3>{t('import.map')}</h3>
              <PreviewMap positions={sample.positions} />
              <p className="hint">{sample.positions.length > 0 ? t('import.mapCaption', { shown: sample.positions.length, total: report.imported }) : t('import.noPositions')}</p>
              <Problems list={preview.problems} totals={preview.totals} />
              {(report.inexactMatches.length > 0 || report.unmatched.length > 0) && <Matches report={report} />}
            </div>
          </div>
          <SampleRows layer={report.layer} report={report} sample={sample} />
        </>
      )}
      <div className="buttons iw-foot">
        {busy === 'previewing' && preview && <span className="iw-status">{t('import.previewing')}</span>}
        {busy === 'uploading' && <UploadStatus />}
        {preview && blocked && <span className="iw-status bad">{t('import.disabledBlocked')}</span>}
        {preview && !blocked && needsConfirm && <span className="iw-status">{t('import.disabledMatches')}</span>}
        <button onClick={backToChoose} disabled={busy !== null}>{t('import.back')}</button>
        <button onClick={() => openImport(false)}>{t('import.cancel')}</button>
        <button className="primary" data-testid="import-commit" disabled={blocked || needsConfirm || busy !== null} onClick={() => void commitImport()}>{t('import.import')}</button>
      </div>
    </>
  );
}

function Summary({ preview }: { preview: ImportPreview }) {
  const { t, i18n } = useTranslation();
  const layer = useImport((s) => s.layer);
  const files = useImport((s) => s.files);
  const mainFileId = useImport((s) => s.mainFileId);
  const joins = useImport((s) => s.options.joins);
  const counts = useStore((s) => s.data?.summary.counts);
  const r = preview.layers[0];
  // Files read neither as the layer nor as a joined table (a shapefile's parts go with their .shp).
  const stem = (n: string) => n.slice(0, n.includes('.') ? n.lastIndexOf('.') : n.length).toLowerCase();
  const read = new Set([mainFileId, ...joins.map((j) => j.fileId)]);
  const readStems = new Set(files.filter((f) => read.has(f.fileId)).map((f) => stem(f.name)));
  const others = files.filter((f) => !read.has(f.fileId) && !readStems.has(stem(f.name)));
  const n = (v: number) => v.toLocaleString(i18n.language);
  const blocking = preview.problems.filter((p) => p.severity === 'error' && p.row === undefined);
  const existing = counts ? { schools: counts.schools, residences: counts.residences, catchments: counts.catchments, assignments: counts.catchments, roads: counts.roads, housing: counts.housing }[layer] : 0;
  return (
    <div className="iw-summary" data-testid="import-summary">
      <div className="iw-fileline">
        <b>{r.file}</b>
        {joins.map((j, k) => <small key={k} data-testid={`import-joined-${k}`}> ⟵ {j.name} ({j.leftKey} = {j.rightKey})</small>)}
        {others.length > 0 && <small> + {others.map((f) => f.name).join(', ')}</small>}
        <span>{t(layer === 'assignments' ? 'import.rowsSummaryAssignments' : 'import.rowsSummary', { rows: n(r.rows), imported: n(r.imported), skipped: n(r.skipped) })}</span>
        <span className={preview.totals.errors ? 'bad' : ''}>{t('import.problemsSummary', { errors: n(preview.totals.errors), warnings: n(preview.totals.warnings) })}</span>
      </div>
      {!preview.ok ? (
        <div className="iw-banner bad" data-testid="import-blocked">
          <b>{t('import.blocked')}</b>
          <ul>{(blocking.length ? blocking : preview.problems.filter((p) => p.severity === 'error').slice(0, 5)).map((p, i) => <li key={i}>{p.file}{p.field ? ` · ${p.field}` : ''}: {problemText(p, i18n)}</li>)}</ul>
        </div>
      ) : (
        <p className="iw-banner warn" data-testid="import-replaces">{t(`import.replaces.${layer}`, { count: existing })}</p>
      )}
    </div>
  );
}

function crsLabel(value: string, locale: 'zh-CN' | 'en'): string {
  try {
    return describeCrs(parseCrs(value), locale);
  } catch {
    return value;
  }
}

function CrsSetting({ report }: { report: LayerReport }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.locale);
  const crs = useImport((s) => s.options.crs);
  const known = (CRS_CHOICES as readonly string[]).includes(crs);
  const [custom, setCustom] = useState(known ? '' : crs);
  const [customOpen, setCustomOpen] = useState(!known);
  if (report.crsSource === 'none') return null;
  const source = t(`import.crsSource.${report.crsSource}`);
  return (
    <div className="iw-crs">
      <label>{t('import.crs')}
        <select data-testid="import-crs" value={customOpen ? 'custom' : crs} onChange={(e) => {
          if (e.target.value === 'custom') return setCustomOpen(true);
          setCustomOpen(false);
          setOptions({ crs: e.target.value });
        }}>
          {CRS_CHOICES.map((c) => <option key={c} value={c}>{c === '' ? t('import.crsAuto') : crsLabel(c, locale)}</option>)}
          <option value="custom">{t('import.crsCustom')}</option>
        </select>
      </label>
      {customOpen && (
        <div className="iw-inline">
          <input data-testid="import-crs-custom" value={custom} placeholder={t('import.crsCustomPlaceholder')} onChange={(e) => setCustom(e.target.value)} />
          <button onClick={() => setOptions({ crs: custom.trim() })} disabled={!custom.trim()}>{t('import.apply')}</button>
        </div>
      )}
      <p className={`iw-crs-note ${report.crsSource}`} data-testid="import-crs-note">
        {report.crs ? t('import.crsNote', { crs: describeCrs(report.crs as CrsSpec, locale), source }) : source}
      </p>
      {report.crsSource === 'assumed' && <p className="hint">{t('import.crsAssumedHint')}</p>}
    </div>
  );
}

function OtherSettings({ sample }: { sample: LayerSample }) {
  const { t } = useTranslation();
  const options = useImport((s) => s.options);
  const files = useImport((s) => s.files);
  const mainFileId = useImport((s) => s.mainFileId);
  const busy = useImport((s) => s.busy);
  const main = files.find((f) => f.fileId === mainFileId);
  const hasSheets = main ? ['xlsx', 'xlsm', 'gpkg', 'zip'].includes(ext(main.name)) : false;
  const [sheet, setSheet] = useState(options.sheet);
  const tables = tableFiles(files);
  return (
    <div className="iw-row3">
      {tables.length > 1 && (
        <label>{t('import.mainFile')}
          <select data-testid="import-main-file" value={mainFileId ?? ''} disabled={busy !== null} onChange={(e) => chooseMainFile(e.target.value)}>
            {tables.map((f) => <option key={f.fileId} value={f.fileId}>{f.name}</option>)}
          </select>
        </label>
      )}
      <label>{t('import.level')}
        <select data-testid="import-level" value={options.level} onChange={(e) => setOptions({ level: e.target.value as Level | '' })}>
          <option value="">{t('import.levelNone')}</option>
          {LEVELS.map((l) => <option key={l} value={l}>{t(`level.${l}`)}</option>)}
        </select>
      </label>
      {(sample.encoding !== null || options.encoding !== '') && (
        <label>{t('import.encoding')}
          <select data-testid="import-encoding" value={options.encoding} onChange={(e) => setOptions({ encoding: e.target.value })}>
            {ENCODINGS.map((enc) => <option key={enc} value={enc}>{enc === '' ? t('import.encodingAuto', { encoding: (sample.encoding ?? '').toUpperCase() }) : enc.toUpperCase()}</option>)}
          </select>
        </label>
      )}
      {hasSheets && (
        <label>{t('import.sheet')}
          <input value={sheet} onChange={(e) => setSheet(e.target.value)} onBlur={() => sheet !== options.sheet && setOptions({ sheet: sheet.trim() })} />
        </label>
      )}
    </div>
  );
}

function Mapping({ report, columns }: { report: LayerReport; columns: string[] }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.locale);
  const layer = useImport((s) => s.layer);
  const overrides = useImport((s) => s.options.columns);
  const [all, setAll] = useState(false);
  const fields = FIELDS[layer];
  const byGrade = (key: string) => /_g\d+$/.test(key);
  const shown = fields.filter((f) => all || !byGrade(f.key) || report.mapping[f.key] !== undefined);
  const used = new Map<string, number>();
  for (const c of Object.values(report.mapping)) used.set(c, (used.get(c) ?? 0) + 1);
  return (
    <div className="iw-mapping">
      <h3>{t('import.mapping')}</h3>
      <p className="hint">{t('import.mappingHint')}</p>
      <table data-testid="import-mapping">
        <tbody>
          {shown.map((f) => {
            const col = report.mapping[f.key] ?? '';
            const detected = col !== '' && overrides[f.key] === undefined;
            return (
              <tr key={f.key} className={col ? 'mapped' : ''} data-field={f.key}>
                <th>{f.label[locale]}</th>
                <td>
                  <select value={col} data-testid={`import-map-${f.key}`} onChange={(e) => setColumn(f.key, e.target.value)}>
                    <option value="" disabled={detected}>{t('import.notMapped')}</option>
                    {columns.map((c) => <option key={c} value={c}>{c}</option>)}
                  </select>
                  {col && (used.get(col) ?? 0) > 1 && <small className="bad"> {t('import.usedTwice')}</small>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {fields.some((f) => byGrade(f.key)) && <label className="row"><input type="checkbox" checked={all} onChange={(e) => setAll(e.target.checked)} /> {t('import.showAllFields')}</label>}
      {report.unmappedColumns.length > 0 && <p className="hint" data-testid="import-unmapped">{t('import.unmapped')}{report.unmappedColumns.join('、')}</p>}
    </div>
  );
}

/** 关联表: side tables joined onto the layer's file by a key column on each side (the engine's `joins`). */
function Joins({ columns }: { columns: string[] }) {
  const { t } = useTranslation();
  const joins = useImport((s) => s.options.joins);
  const files = useImport((s) => s.files);
  const mainFileId = useImport((s) => s.mainFileId);
  const busy = useImport((s) => s.busy);
  const [editing, setEditing] = useState(false);
  const [side, setSide] = useState('');
  const [sideColumns, setSideColumns] = useState<string[] | null>(null);
  const [reading, setReading] = useState(false);
  const [readError, setReadError] = useState<string | null>(null);
  const [left, setLeft] = useState('');
  const [right, setRight] = useState('');
  const candidates = tableFiles(files).filter((f) => f.fileId !== mainFileId);
  const mainName = files.find((f) => f.fileId === mainFileId)?.name ?? '';
  const sideName = files.find((f) => f.fileId === side)?.name ?? '';
  const reset = () => {
    setEditing(false);
    setSide('');
    setSideColumns(null);
    setReadError(null);
    setLeft('');
    setRight('');
  };
  const pick = async (fileId: string) => {
    setSide(fileId);
    setSideColumns(null);
    setRight('');
    setReadError(null);
    if (!fileId) return;
    setReading(true);
    try {
      const cols = await columnsOf(fileId);
      setSideColumns(cols);
      if (left && cols.includes(left)) setRight(left); // the same name on both sides: the likely key
    } catch (e) {
      setReadError(e instanceof Error ? e.message : String(e));
    } finally {
      setReading(false);
    }
  };
  const upload = async (input: HTMLInputElement) => {
    const list = Array.from(input.files ?? []);
    input.value = '';
    const f = await uploadSideFiles(list);
    if (f) await pick(f.fileId);
  };
  return (
    <section className="iw-joins" data-testid="import-joins">
      <h3>{t('import.join.title')}</h3>
      <p className="hint">{t('import.join.hint')}</p>
      {joins.length > 0 && (
        <ol className="iw-joinlist">
          {joins.map((j, k) => (
            <li key={k} data-testid={`import-join-${k}`}>
              <b>{j.name}</b> <span>{t('import.join.on', { left: j.leftKey, right: j.rightKey })}</span>{' '}
              <button className="link" onClick={() => removeJoin(k)} disabled={busy !== null}>{t('import.join.remove')}</button>
            </li>
          ))}
        </ol>
      )}
      {!editing ? (
        <button data-testid="import-join-add" onClick={() => setEditing(true)} disabled={busy !== null}>{t('import.join.add')}</button>
      ) : (
        <div className="iw-join-edit" data-testid="import-join-editor">
          <div className="iw-row3">
            <label>{t('import.join.file')}
              <select data-testid="import-join-file" value={side} onChange={(e) => void pick(e.target.value)} disabled={busy !== null}>
                <option value="">{candidates.length ? t('import.join.chooseFile') : t('import.join.noFile')}</option>
                {candidates.map((f) => <option key={f.fileId} value={f.fileId}>{f.name}</option>)}
              </select>
            </label>
            <label>{t('import.join.upload')}
              <input type="file" multiple data-testid="import-join-upload" accept={ACCEPT} disabled={busy !== null} onChange={(e) => void upload(e.currentTarget)} />
            </label>
          </div>
          <p className="hint">{t('import.join.uploadHint')}</p>
          {reading && <p className="iw-status">{t('import.join.reading', { name: sideName })}</p>}
          {readError && <p className="error" data-testid="import-join-error">{readError}</p>}
          <div className="iw-join-keys">
            <label>{t('import.join.leftKey', { name: mainName })}
              <select data-testid="import-join-left" value={left} onChange={(e) => setLeft(e.target.value)}>
                <option value="">{t('import.join.chooseColumn')}</option>
                {columns.map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
            <span className="iw-eq">=</span>
            <label>{t('import.join.rightKey', { name: sideName || '…' })}
              <select data-testid="import-join-right" value={right} disabled={!sideColumns} onChange={(e) => setRight(e.target.value)}>
                <option value="">{t('import.join.chooseColumn')}</option>
                {(sideColumns ?? []).map((c) => <option key={c} value={c}>{c}</option>)}
              </select>
            </label>
          </div>
          <div className="buttons">
            <button onClick={reset}>{t('import.cancel')}</button>
            <button className="primary" data-testid="import-join-apply" disabled={!side || !left || !right || busy !== null}
              onClick={() => {
                addJoin({ fileId: side, name: sideName, leftKey: left, rightKey: right });
                reset();
              }}>{t('import.join.apply')}</button>
          </div>
        </div>
      )}
    </section>
  );
}

// ---- 2b. preview of a recipe: every layer -----------------------------------------------------

function crsCell(report: LayerReport, locale: 'zh-CN' | 'en', t: (k: string) => string): string {
  const source = t(`import.crsSource.${report.crsSource}`);
  return report.crs ? `${describeCrs(report.crs as CrsSpec, locale)} — ${source}` : source;
}

function RecipePreview({ preview }: { preview: ImportPreview }) {
  const { t, i18n } = useTranslation();
  const locale = useStore((s) => s.locale);
  const recipe = useImport((s) => s.recipe);
  const counts = useStore((s) => s.data?.summary.counts);
  const [active, setActive] = useState<ImportLayer>(preview.layers[0].layer);
  const report = preview.layers.find((l) => l.layer === active) ?? preview.layers[0];
  const sampleOf = (layer: ImportLayer) => preview.samples.find((x) => x.layer === layer);
  const sample = sampleOf(report.layer);
  // The map shows the layer in view when it has positions, else the first layer that has.
  const mapped = sample && sample.positions.length > 0 ? report : preview.layers.find((l) => (sampleOf(l.layer)?.positions.length ?? 0) > 0);
  const positions = mapped ? sampleOf(mapped.layer)!.positions : [];
  const spec = recipe?.spec[report.layer];
  const n = (v: number) => v.toLocaleString(i18n.language);
  const blocking = preview.problems.filter((p) => p.severity === 'error' && p.row === undefined);
  const existing = (layer: ImportLayer) => (counts ? { schools: counts.schools, residences: counts.residences, catchments: counts.catchments, assignments: counts.catchments, roads: counts.roads, housing: counts.housing }[layer] : 0);
  const rowsText = (l: LayerReport) => t(l.layer === 'assignments' ? 'import.rowsSummaryAssignments' : 'import.rowsSummary', { rows: n(l.rows), imported: n(l.imported), skipped: n(l.skipped) });
  return (
    <>
      <div className="iw-summary" data-testid="import-summary">
        <div className="iw-fileline">
          <b>{t('import.recipe.previewTitle', { name: recipe?.name ?? '', count: preview.layers.length })}</b>
          <span className={preview.totals.errors ? 'bad' : ''}>{t('import.problemsSummary', { errors: n(preview.totals.errors), warnings: n(preview.totals.warnings) })}</span>
        </div>
        {!preview.ok ? (
          <div className="iw-banner bad" data-testid="import-blocked">
            <b>{t('import.blocked')}</b>
            <ul>{(blocking.length ? blocking : preview.problems.filter((p) => p.severity === 'error').slice(0, 5)).map((p, i) => <li key={i}>{p.file}{p.field ? ` · ${p.field}` : ''}: {problemText(p, i18n)}</li>)}</ul>
          </div>
        ) : (
          <div className="iw-banner warn" data-testid="import-replaces">
            {t('import.recipe.together')}
            <ul>{preview.layers.map((l) => <li key={l.layer}>{t(`import.replaces.${l.layer}`, { count: existing(l.layer) })}</li>)}</ul>
          </div>
        )}
      </div>
      <table className="iw-table iw-overview" data-testid="import-recipe-layers">
        <thead>
          <tr><th>{t('import.layer')}</th><th>{t('import.files')}</th><th>{t('import.recipe.rows')}</th><th>{t('import.crs')}</th><th>{t('import.problems')}</th><th>{t('import.recipe.matchesCol')}</th></tr>
        </thead>
        <tbody>
          {preview.layers.map((l) => {
            const joins = recipe?.spec[l.layer]?.joins ?? [];
            const bad = l.totals.errors > 0 && l.imported === 0;
            return (
              <tr key={l.layer} data-layer={l.layer} className={`${l.layer === report.layer ? 'on' : ''} ${bad ? 'error' : ''}`} onClick={() => setActive(l.layer)}>
                <td><b>{t(`import.layers.${l.layer}`)}</b></td>
                <td>{l.file}{joins.map((j, k) => <small key={k} className="iw-joined"> ⟵ {j.path}</small>)}</td>
                <td>{rowsText(l)}</td>
                <td className={`iw-crs-cell ${l.crsSource}`} data-testid={`import-recipe-crs-${l.layer}`}>{crsCell(l, locale, t)}</td>
                <td className={l.totals.errors ? 'bad' : ''}>{t('import.problemsSummary', { errors: n(l.totals.errors), warnings: n(l.totals.warnings) })}</td>
                <td data-testid={`import-recipe-matches-${l.layer}`}>{t('import.recipe.matchCounts', { unmatched: n(l.totals.unmatched), inexact: n(l.totals.inexactMatches) })}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="iw-tabs" role="tablist">
        {preview.layers.map((l) => (
          <button key={l.layer} role="tab" aria-selected={l.layer === report.layer} className={l.layer === report.layer ? 'on' : ''} data-testid={`import-recipe-tab-${l.layer}`} onClick={() => setActive(l.layer)}>
            {t(`import.layers.${l.layer}`)} <small>{n(l.imported)}</small>{l.totals.errors > 0 && <small className="bad"> · {n(l.totals.errors)}</small>}
          </button>
        ))}
      </div>
      <div className="iw-columns" data-testid="import-recipe-layer" data-layer={report.layer}>
        <div className="iw-settings">
          <p className="iw-fileline"><b>{report.file}</b>{(spec?.joins ?? []).map((j, k) => <small key={k}> ⟵ {j.path} ({j.leftKey} = {j.rightKey})</small>)} <span>{rowsText(report)}</span></p>
          {report.crsSource !== 'none' && <p className={`iw-crs-note ${report.crsSource}`} data-testid="import-crs-note">{report.crs ? t('import.crsNote', { crs: describeCrs(report.crs as CrsSpec, locale), source: t(`import.crsSource.${report.crsSource}`) }) : t(`import.crsSource.${report.crsSource}`)}</p>}
          {(spec?.level || spec?.schoolKey) && (
            <p className="hint">
              {spec.level && <>{t('import.level')}: <b>{t(`level.${spec.level}`)}</b> </>}
              {spec.schoolKey && <>{t('import.recipe.schoolKey')}: <b>{spec.schoolKey}</b></>}
            </p>
          )}
          <MappingView report={report} given={spec?.columns ?? {}} />
        </div>
        <div className="iw-mapcol">
          <h3>{t('import.map')}</h3>
          <PreviewMap positions={positions} />
          <p className="hint">{mapped ? t('import.recipe.mapCaption', { layer: t(`import.layers.${mapped.layer}`), shown: positions.length, total: mapped.imported }) : t('import.noPositions')}</p>
          <Problems list={report.problems} totals={report.totals} />
          {(report.inexactMatches.length > 0 || report.unmatched.length > 0) && <Matches report={report} />}
        </div>
      </div>
      {sample && <SampleRows layer={report.layer} report={report} sample={sample} />}
    </>
  );
}

/** The column mapping of a recipe's layer, as read (the recipe's own choices marked). */
function MappingView({ report, given }: { report: LayerReport; given: Record<string, string> }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.locale);
  const fields = FIELDS[report.layer].filter((f) => report.mapping[f.key] !== undefined);
  return (
    <div className="iw-mapping">
      <h3>{t('import.mapping')}</h3>
      <table data-testid="import-recipe-mapping">
        <tbody>
          {fields.map((f) => (
            <tr key={f.key} className="mapped" data-field={f.key}>
              <th>{f.label[locale]}</th>
              <td>{report.mapping[f.key]} <small className="muted">{given[f.key] !== undefined ? t('import.recipe.byRecipe') : t('import.recipe.detected')}</small></td>
            </tr>
          ))}
        </tbody>
      </table>
      {fields.length === 0 && <p className="hint">{t('import.recipe.noMapping')}</p>}
      {report.unmappedColumns.length > 0 && <p className="hint">{t('import.unmapped')}{report.unmappedColumns.join('、')}</p>}
    </div>
  );
}

function SampleRows({ layer, report, sample }: { layer: ImportLayer; report: LayerReport; sample: LayerSample }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.locale);
  const fieldOf = new Map<string, string>();
  for (const f of FIELDS[layer]) {
    const col = report.mapping[f.key];
    if (col !== undefined && !fieldOf.has(col)) fieldOf.set(col, f.label[locale]);
  }
  const rowSeverity = new Map<number, 'error' | 'warning'>();
  for (const p of report.problems) {
    if (p.row === undefined) continue;
    if (p.severity === 'error' || !rowSeverity.has(p.row)) rowSeverity.set(p.row, p.severity);
  }
  if (sample.columns.length === 0) return null;
  return (
    <section>
      <h3>{t('import.sample', { count: sample.rows.length })}</h3>
      <div className="iw-scroll x">
        <table className="iw-table" data-testid="import-sample">
          <thead>
            <tr><th>#</th>{sample.columns.map((c) => <th key={c}>{c}{fieldOf.has(c) ? <small>→ {fieldOf.get(c)}</small> : <small className="muted">{t('import.extra')}</small>}</th>)}</tr>
          </thead>
          <tbody>
            {sample.rows.map((row, i) => (
              <tr key={i} className={rowSeverity.get(i + 1) ?? ''}>
                <td className="num">{i + 1}</td>
                {row.map((c, k) => <td key={k}>{c === null ? '' : String(c)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Matches({ report: r }: { report: LayerReport }) {
  const { t } = useTranslation();
  const confirmed = useImport((s) => s.matchesConfirmed);
  return (
    <section className="iw-matches">
      {r.inexactMatches.length > 0 && (
        <div data-testid="import-inexact">
          <h3>{t('import.matches', { count: r.totals.inexactMatches })}</h3>
          <ul className="iw-list">
            {r.inexactMatches.map((m, i) => <li key={i}>{m.input} → <b>{m.matched}</b> <small>{t(`import.matchHow.${m.how}`, { defaultValue: m.how })}</small></li>)}
          </ul>
          {r.totals.inexactMatches > r.inexactMatches.length && <p className="hint">{t('import.more', { count: r.totals.inexactMatches - r.inexactMatches.length })}</p>}
          <label className="row"><input type="checkbox" data-testid="import-confirm-matches" checked={confirmed} onChange={(e) => useImport.setState({ matchesConfirmed: e.target.checked })} /> {t('import.matchesConfirm')}</label>
        </div>
      )}
      {r.unmatched.length > 0 && (
        <div data-testid="import-unmatched">
          <h3>{t('import.unmatched', { count: r.totals.unmatched })}</h3>
          <p className="iw-names">{r.unmatched.slice(0, 50).join('、')}</p>
          {r.totals.unmatched > 50 && <p className="hint">{t('import.more', { count: r.totals.unmatched - 50 })}</p>}
        </div>
      )}
    </section>
  );
}

function Problems({ list, totals }: { list: readonly Problem[]; totals: { problems: number; errors: number; warnings: number } }) {
  const { t, i18n } = useTranslation();
  return (
    <section>
      <h3>{t('import.problems')} <small>{t('import.problemsSummary', { errors: totals.errors, warnings: totals.warnings })}</small></h3>
      {list.length === 0 ? <p className="hint">{t('import.problemsNone')}</p> : (
        <div className="iw-scroll y">
          <table className="iw-table" data-testid="import-problems">
            <thead><tr><th>{t('import.row')}</th><th>{t('import.column')}</th><th>{t('import.message')}</th><th>{t('import.severity')}</th></tr></thead>
            <tbody>
              {list.map((p, i) => (
                <tr key={i} className={p.severity}>
                  <td className="num">{p.row ?? t('import.fileLevel')}</td>
                  <td>{p.field ?? ''}</td>
                  <td title={p.code ? p.message : undefined}>{problemText(p, i18n)}</td>
                  <td>{t(`import.${p.severity}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {totals.problems > list.length && <p className="hint">{t('import.problemsShown', { shown: list.length, total: totals.problems })}</p>}
    </section>
  );
}

/** A small map of the converted positions over the project's own context (county, townships, rivers, roads). */
function PreviewMap({ positions }: { positions: Position[] }) {
  const { t } = useTranslation();
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<maplibregl.Map | null>(null);
  const [loaded, setLoaded] = useState(false);
  const data = useStore((s) => s.data);
  const locale = useStore((s) => s.locale);
  const points = useMemo(() => ({
    type: 'FeatureCollection' as const,
    features: positions.map((p) => ({ type: 'Feature' as const, properties: {}, geometry: { type: 'Point' as const, coordinates: p } })),
  }), [positions]);

  useEffect(() => {
    const m = new maplibregl.Map({ container: el.current!, style: baseStyle(locale), center: [116.62, 26.21], zoom: 8, attributionControl: false, maxPitch: 0, dragRotate: false });
    m.addControl(new maplibregl.NavigationControl({ showCompass: false }), 'top-right');
    m.once('load', () => {
      if (data) {
        const sources = toSources({ ...data, residences: [], catchments: [] });
        for (const name of ['county', 'townships', 'rivers', 'lakes', 'places', 'roads'] as const) (m.getSource(name) as maplibregl.GeoJSONSource).setData(sources[name] as never);
        m.addSource('existing-schools', { type: 'geojson', data: sources.schools as never });
        m.addLayer({ id: 'existing-schools', type: 'circle', source: 'existing-schools', paint: { 'circle-radius': 2.5, 'circle-color': '#6b7280', 'circle-opacity': 0.6 } });
      }
      m.addSource('import-preview', { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
      m.addLayer({ id: 'import-preview', type: 'circle', source: 'import-preview', paint: { 'circle-radius': 5, 'circle-color': '#ea580c', 'circle-stroke-color': '#ffffff', 'circle-stroke-width': 1.2 } });
      setLoaded(true);
    });
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
    // The map is made once per preview step; the data and locale of that moment are enough.
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m || !loaded) return;
    (m.getSource('import-preview') as maplibregl.GeoJSONSource).setData(points);
    const b = positions.length ? positions.reduce((a, p) => [Math.min(a[0], p[0]), Math.min(a[1], p[1]), Math.max(a[2], p[0]), Math.max(a[3], p[1])], [Infinity, Infinity, -Infinity, -Infinity]) : data?.summary.bbox;
    if (b) m.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: 30, maxZoom: 12.5, duration: 0 });
  }, [points, positions, loaded, data]);

  return (
    <div className="iw-map-wrap">
      <div ref={el} className="iw-map" data-testid="import-map" data-points={positions.length} />
      <div className="iw-map-legend"><span className="dot new" /> {t('import.mapLegendNew')} <span className="dot old" /> {t('import.mapLegendSchools')}</div>
    </div>
  );
}

// ---- 3. progress and result -----------------------------------------------------------------

function RunningStep() {
  const { t } = useTranslation();
  const progress = useImport((s) => s.progress);
  const share = progress?.total ? Math.min(1, progress.done / progress.total) : null;
  return (
    <div className="iw-running" data-testid="import-running">
      <p>{t('import.running')} {progress && <b>{t(`import.phase.${progress.phase}`, { defaultValue: progress.phase })}</b>}</p>
      <div className="iw-bar"><div style={{ width: share === null ? '5%' : `${Math.round(share * 100)}%` }} /></div>
      <div className="buttons"><button data-testid="import-cancel" onClick={() => void cancelImport()}>{t('import.cancelImport')}</button></div>
    </div>
  );
}

function DoneStep() {
  const { t, i18n } = useTranslation();
  const outcome = useImport((s) => s.outcome);
  if (!outcome) return null;
  const counts = Object.entries(outcome.counts).filter(([, v]) => v > 0) as [keyof typeof outcome.counts, number][];
  const skipped = outcome.layers.reduce((n, l) => n + l.skipped, 0);
  return (
    <div className="iw-done" data-testid="import-done">
      {outcome.written ? (
        <>
          <h3 className="good">{t('import.doneTitle')}</h3>
          <p data-testid="import-done-counts">{t('import.doneCounts')}{counts.map(([k, v]) => t(`import.counts.${k}`, { n: v.toLocaleString(i18n.language) })).join(t('import.listSep'))}</p>
          {skipped > 0 && <p className="hint">{t('import.doneSkipped', { count: skipped })}</p>}
          <p className="hint">{t('import.took', { s: (outcome.ms / 1000).toFixed(1) })}</p>
        </>
      ) : (
        <p className="iw-banner bad">{t('import.notWritten')}</p>
      )}
      {outcome.problems.length > 0 && <Problems list={outcome.problems} totals={outcome.totals} />}
      <div className="buttons">
        {!outcome.written && <button onClick={() => void runPreview()}>{t('import.back')}</button>}
        <button className="primary" data-testid="import-finish" onClick={() => openImport(false)}>{t('import.close')}</button>
      </div>
    </div>
  );
}
