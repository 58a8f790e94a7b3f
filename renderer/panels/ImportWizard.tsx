// The import wizard: choose the layer and its file(s); preview the import (column mapping,
// coordinate system with the assumption spelled out, a map of the converted positions, the first
// rows, name matches to check, problems by row) before anything is written; import with progress
// and cancel; the result. The engine is the CLI's (electron/backend/import.ts, through the API).
import { useEffect, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import * as maplibregl from 'maplibre-gl';
import 'maplibre-gl/dist/maplibre-gl.css';
import workerUrl from 'maplibre-gl/dist/maplibre-gl-worker.mjs?worker&url';
import { describeCrs, parseCrs, type CrsSpec } from '../../shared/geo/crs';
import { FIELDS, IMPORT_LAYERS } from '../../shared/io/import/fields';
import { LEVELS, type Level, type Position } from '../../shared/model';
import { baseStyle } from '../map/style';
import { toSources } from '../map/features';
import { useStore } from '../state/store';
import {
  backToChoose, cancelImport, chooseLayer, commitImport, MAX_FILE_BYTES, openImport, runPreview, setColumn, setOptions, uploadFiles, useImport,
  type ImportPreview,
} from '../state/import';
import './import-wizard.css';

maplibregl.setWorkerUrl(workerUrl);

/** The top-bar button and, when open, the wizard (in a portal: the top bar's button styles stay out of it). */
export function ImportButton() {
  const { t } = useTranslation();
  const open = useImport((s) => s.open);
  return (
    <>
      <button data-testid="import-open" onClick={() => openImport(true)}>{t('import.open')}</button>
      {open && createPortal(<ImportWizard />, document.body)}
    </>
  );
}

const CRS_CHOICES = ['', 'wgs84', 'gcj02', 'bd09', 'cgcs2000'] as const;
const ENCODINGS = ['', 'utf-8', 'gb18030', 'big5'] as const;
const fmtBytes = (n: number) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`);
const ext = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();

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

// ---- 1. layer and files ---------------------------------------------------------------------

function ChooseStep() {
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
        <input type="file" multiple data-testid="import-file" accept=".csv,.txt,.tsv,.xlsx,.xlsm,.json,.geojson,.zip,.shp,.dbf,.prj,.cpg,.shx,.gpkg"
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

// ---- 2. preview -----------------------------------------------------------------------------

function PreviewStep() {
  const { t } = useTranslation();
  const preview = useImport((s) => s.preview);
  const busy = useImport((s) => s.busy);
  const cancelled = useImport((s) => s.cancelled);
  const confirmed = useImport((s) => s.matchesConfirmed);
  const report = preview?.layers[0];
  const sample = preview?.samples[0];
  const inexact = report?.totals.inexactMatches ?? 0;
  const blocked = !preview || !preview.ok;
  const needsConfirm = inexact > 0 && !confirmed;
  return (
    <>
      {cancelled && <p className="iw-banner warn" data-testid="import-cancelled">{t('import.cancelled')}</p>}
      <ErrorLine />
      {!preview && busy === 'previewing' && <p className="iw-status">{t('import.previewing')}</p>}
      {preview && report && sample && (
        <>
          <Summary preview={preview} />
          <div className="iw-columns">
            <div className="iw-settings">
              <CrsSetting report={report} />
              <OtherSettings sample={sample} />
              <Mapping report={report} columns={sample.columns} />
            </div>
            <div className="iw-mapcol">
              <h3>{t('import.map')}</h3>
              <PreviewMap positions={sample.positions} />
              <p className="hint">{sample.positions.length > 0 ? t('import.mapCaption', { shown: sample.positions.length, total: report.imported }) : t('import.noPositions')}</p>
              <Problems preview={preview} />
              {(report.inexactMatches.length > 0 || report.unmatched.length > 0) && <Matches preview={preview} />}
            </div>
          </div>
          <SampleRows preview={preview} />
        </>
      )}
      <div className="buttons iw-foot">
        {busy === 'previewing' && preview && <span className="iw-status">{t('import.previewing')}</span>}
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
  const counts = useStore((s) => s.data?.summary.counts);
  const r = preview.layers[0];
  const n = (v: number) => v.toLocaleString(i18n.language);
  const blocking = preview.problems.filter((p) => p.severity === 'error' && p.row === undefined);
  const existing = counts ? { schools: counts.schools, residences: counts.residences, catchments: counts.catchments, assignments: counts.catchments, roads: counts.roads, housing: counts.housing }[layer] : 0;
  return (
    <div className="iw-summary" data-testid="import-summary">
      <div className="iw-fileline">
        <b>{r.file}</b>
        {files.length > 1 && <small> + {files.filter((f) => f.name !== r.file).map((f) => f.name).join(', ')}</small>}
        <span>{t(layer === 'assignments' ? 'import.rowsSummaryAssignments' : 'import.rowsSummary', { rows: n(r.rows), imported: n(r.imported), skipped: n(r.skipped) })}</span>
        <span className={preview.totals.errors ? 'bad' : ''}>{t('import.problemsSummary', { errors: n(preview.totals.errors), warnings: n(preview.totals.warnings) })}</span>
      </div>
      {!preview.ok ? (
        <div className="iw-banner bad" data-testid="import-blocked">
          <b>{t('import.blocked')}</b>
          <ul>{(blocking.length ? blocking : preview.problems.filter((p) => p.severity === 'error').slice(0, 5)).map((p, i) => <li key={i}>{p.file}{p.field ? ` · ${p.field}` : ''}: {p.message}</li>)}</ul>
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

function CrsSetting({ report }: { report: ImportPreview['layers'][number] }) {
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

function OtherSettings({ sample }: { sample: ImportPreview['samples'][number] }) {
  const { t } = useTranslation();
  const options = useImport((s) => s.options);
  const files = useImport((s) => s.files);
  const mainFileId = useImport((s) => s.mainFileId);
  const main = files.find((f) => f.fileId === mainFileId);
  const hasSheets = main ? ['xlsx', 'xlsm', 'gpkg', 'zip'].includes(ext(main.name)) : false;
  const [sheet, setSheet] = useState(options.sheet);
  return (
    <div className="iw-row3">
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

function Mapping({ report, columns }: { report: ImportPreview['layers'][number]; columns: string[] }) {
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

function SampleRows({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const locale = useStore((s) => s.locale);
  const layer = useImport((s) => s.layer);
  const sample = preview.samples[0];
  const report = preview.layers[0];
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

function Matches({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const confirmed = useImport((s) => s.matchesConfirmed);
  const r = preview.layers[0];
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

function Problems({ preview }: { preview: ImportPreview }) {
  const { t } = useTranslation();
  const list = preview.problems;
  return (
    <section>
      <h3>{t('import.problems')} <small>{t('import.problemsSummary', { errors: preview.totals.errors, warnings: preview.totals.warnings })}</small></h3>
      {list.length === 0 ? <p className="hint">{t('import.problemsNone')}</p> : (
        <div className="iw-scroll y">
          <table className="iw-table" data-testid="import-problems">
            <thead><tr><th>{t('import.row')}</th><th>{t('import.column')}</th><th>{t('import.message')}</th><th>{t('import.severity')}</th></tr></thead>
            <tbody>
              {list.map((p, i) => (
                <tr key={i} className={p.severity}>
                  <td className="num">{p.row ?? t('import.fileLevel')}</td>
                  <td>{p.field ?? ''}</td>
                  <td>{p.message}</td>
                  <td>{t(`import.${p.severity}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {preview.totals.problems > list.length && <p className="hint">{t('import.problemsShown', { shown: list.length, total: preview.totals.problems })}</p>}
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
      {outcome.problems.length > 0 && <Problems preview={{ ...outcome, samples: [] }} />}
      <div className="buttons">
        {!outcome.written && <button onClick={() => void runPreview()}>{t('import.back')}</button>}
        <button className="primary" data-testid="import-finish" onClick={() => openImport(false)}>{t('import.close')}</button>
      </div>
    </div>
  );
}
