// The print layout: one sheet (A4 or A3, landscape or portrait) with the title, the map as the
// app draws it (catchments coloured by utilisation), a legend, key figures, a scale bar, a north
// arrow, the data sources and the date. The app opens it in a new window and prints it; the CLI
// opens it in Chromium and saves it as PDF or PNG once window.__schoolnet.printReady is true.
import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MapView } from '../map/MapView';
import type { MapController } from '../map/controller';
import { utilisationByLevelSchool } from '../map/features';
import { NO_SEATS_COLOR, SCHOOL_COLORS, SETTLEMENT_COLORS, symbolDataUrl, UTILISATION_CLASSES } from '../map/symbols';
import { SCHOOL_TYPES, type Level } from '../../shared/model';
import { useStore } from '../state/store';
import { api } from '../api';
import { sheetMm, today, type PrintParams } from './params';
import './print.css';

const FILL_OPACITY = 0.42; // as the map draws utilisation fills (controller.setUtilisation)
const COUNTY_BG = '#fbfaf5';
const MM_PER_PX = 25.4 / 96; // CSS pixels on paper

/** The colour a fill of `hex` at `alpha` shows over `bg` (the legend prints opaque swatches). */
function over(hex: string, alpha: number, bg = COUNTY_BG): string {
  const c = (h: string, i: number) => parseInt(h.slice(1 + 2 * i, 3 + 2 * i), 16);
  return `#${[0, 1, 2].map((i) => Math.round(c(hex, i) * alpha + c(bg, i) * (1 - alpha)).toString(16).padStart(2, '0')).join('')}`;
}

/** A round length (1, 2 or 5 × 10ⁿ metres) no longer than `max`. */
function niceLength(max: number): number {
  const p = 10 ** Math.floor(Math.log10(max));
  return [5, 2, 1].map((k) => k * p).find((v) => v <= max) ?? p;
}

function ScaleBar({ mpp, paper }: { mpp: number; paper: string }) {
  const { t, i18n } = useTranslation();
  const length = niceLength(mpp * 130); // at most about 34 mm on paper
  const px = length / mpp;
  const km = length >= 1000;
  const fmt = (m: number) => (km ? m / 1000 : m).toLocaleString(i18n.language);
  const denominator = Number((mpp / (MM_PER_PX / 1000)).toPrecision(3));
  const segments = 4;
  return (
    <div className="print-scale" data-testid="print-scale">
      <div className="print-scale-title">
        {t('exportMap.scale')} <b>1 : {denominator.toLocaleString(i18n.language)}</b>
        <small>{t('exportMap.scaleNote', { paper })}</small>
      </div>
      <svg width={px + 24} height={24} viewBox={`-12 0 ${px + 24} 24`} aria-hidden>
        {Array.from({ length: segments }, (_, k) => (
          <rect key={k} x={(k * px) / segments} y={4} width={px / segments} height={5} fill={k % 2 ? '#fff' : '#111'} stroke="#111" strokeWidth={0.8} />
        ))}
      </svg>
      <div className="print-scale-labels" style={{ width: px }}>
        <span style={{ left: 0 }}>0</span>
        <span style={{ left: px / 2 }}>{fmt(length / 2)}</span>
        <span style={{ left: px }}>{fmt(length)} {km ? t('exportMap.km') : t('exportMap.m')}</span>
      </div>
    </div>
  );
}

/** Graticule intervals in degrees: 1°, 30′, 20′, 15′, 10′, 5′, 2′, 1′. */
const STEPS = [1, 1 / 2, 1 / 3, 1 / 4, 1 / 6, 1 / 12, 1 / 30, 1 / 60];
interface Tick { px: number; label: string }

function dms(v: number, pos: string, neg: string): string {
  const a = Math.abs(v);
  let d = Math.floor(a + 1e-9);
  let m = Math.round((a - d) * 60);
  if (m === 60) { d += 1; m = 0; }
  return `${d}°${m ? `${String(m).padStart(2, '0')}′` : ''}${v >= 0 ? pos : neg}`;
}

interface Grid { x: Tick[]; y: Tick[]; width: number; height: number }

/** Meridians and parallels crossing the view, in CSS pixels of the map. */
function graticule(ctl: MapController): Grid {
  const [w, s, e, n] = ctl.viewBounds();
  const step = (span: number) => STEPS.find((k) => span / k >= 3) ?? STEPS[STEPS.length - 1];
  const ticks = (lo: number, hi: number, k: number) => {
    const out: number[] = [];
    for (let i = Math.ceil(lo / k - 1e-9); i * k < hi; i++) out.push(i * k);
    return out;
  };
  const cx = (w + e) / 2;
  const cy = (s + n) / 2;
  const c = ctl.map.getContainer();
  return {
    x: ticks(w, e, step(e - w)).map((lon) => ({ px: ctl.map.project([lon, cy]).x, label: dms(lon, 'E', 'W') })),
    y: ticks(s, n, step(n - s)).map((lat) => ({ px: ctl.map.project([cx, lat]).y, label: dms(lat, 'N', 'S') })),
    width: c.clientWidth, height: c.clientHeight,
  };
}

/** Coordinate ticks on the inside of the map frame. */
function GraticuleTicks({ grid }: { grid: Grid }) {
  const t = 7;
  const { width: w, height: h } = grid;
  return (
    <svg className="print-graticule" viewBox={`0 0 ${w} ${h}`} aria-hidden>
      {grid.x.map((k) => <path key={k.label} d={`M${k.px} 0V${t}M${k.px} ${h}V${h - t}`} />)}
      {grid.y.map((k) => <path key={k.label} d={`M0 ${k.px}H${t}M${w} ${k.px}H${w - t}`} />)}
    </svg>
  );
}

/** Their labels, above and left of the frame. */
function GraticuleLabels({ grid }: { grid: Grid }) {
  return (
    <>
      <div className="print-grid-labels top">{grid.x.map((k) => <span key={k.label} style={{ left: k.px }}>{k.label}</span>)}</div>
      <div className="print-grid-labels left">{grid.y.map((k) => <span key={k.label} style={{ top: k.px }}>{k.label}</span>)}</div>
    </>
  );
}

function NorthArrow({ bearing }: { bearing: number }) {
  const { t } = useTranslation();
  return (
    <div className="print-north" data-testid="print-north">
      <svg viewBox="0 0 40 60" width="34" height="51" aria-label={t('exportMap.north')} style={{ transform: `rotate(${-bearing}deg)` }}>
        <polygon points="20,14 31,54 20,45" fill="#111" />
        <polygon points="20,14 9,54 20,45" fill="#fff" stroke="#111" strokeWidth="1.4" strokeLinejoin="round" />
        <text x="20" y="11" textAnchor="middle" fontSize="12" fontWeight="700" fill="#111">N</text>
      </svg>
    </div>
  );
}

function PrintLegend({ levels }: { levels: Level[] }) {
  const { t } = useTranslation();
  const data = useStore((s) => s.data);
  const layers = useStore((s) => s.layers);
  const colourBy = useStore((s) => s.colourBy);
  const evaluated = useStore((s) => s.evaluation !== null);
  const types = SCHOOL_TYPES.filter((ty) => (data?.summary.counts.schoolsByType[ty] ?? 0) > 0);
  const icons = useMemo(() => Object.fromEntries(SCHOOL_TYPES.map((ty) => [ty, symbolDataUrl(ty, 'open', 28)])), []);
  const planned = useMemo(() => symbolDataUrl('primary', 'planned', 28), []);
  const closed = useMemo(() => symbolDataUrl('primary', 'closed', 28), []);
  const statuses = new Set(data?.schools.map((s) => s.status));
  const settlements = new Set(data?.residences.map((r) => r.settlement));
  const line = (colour: string, cls: string, label: string) => <li key={label}><span className={`line ${cls}`} style={{ borderColor: colour }} /> {label}</li>;
  return (
    <section className="print-box print-legend" data-testid="print-legend">
      <h3>{t('panel.legend')}</h3>
      {levels.length > 0 && colourBy === 'utilisation' && evaluated && (
        <>
          <div className="print-legend-title">{t('legendUtil.title')}</div>
          <ul>
            {UTILISATION_CLASSES.map((c) => <li key={c.key}><span className="swatch" style={{ background: over(c.color, FILL_OPACITY) }} /> {t(`legendUtil.${c.key}`)}</li>)}
            <li><span className="swatch" style={{ background: over(NO_SEATS_COLOR, FILL_OPACITY) }} /> {t('legendUtil.noSeats')}</li>
          </ul>
        </>
      )}
      {levels.length > 0 && colourBy === 'school' && (
        <ul><li><span className="swatch" style={{ background: `linear-gradient(90deg, ${over(SCHOOL_COLORS.primary, 0.2)} 50%, ${over(SCHOOL_COLORS.junior, 0.2)} 50%)` }} /> {t('exportMap.catchmentsBySchool')}</li></ul>
      )}
      {layers.schools && (
        <>
          <div className="print-legend-title">{t('legend.schoolTypes')}</div>
          <ul className="two">
            {types.map((ty) => <li key={ty}><img src={icons[ty]} alt="" /> {t(`schoolType.${ty}`)}</li>)}
            {statuses.has('planned') && <li><img src={planned} alt="" /> {t('legend.planned')}</li>}
            {statuses.has('closed') && <li><img src={closed} alt="" /> {t('legend.closed')}</li>}
          </ul>
        </>
      )}
      {layers.residences && (
        <>
          <div className="print-legend-title">{t('legend.residence')}</div>
          <ul className="two">
            {settlements.has('urban') && <li><span className="dot" style={{ background: SETTLEMENT_COLORS.urban }} /> {t('legend.urban')}</li>}
            {settlements.has('town') && <li><span className="dot" style={{ background: SETTLEMENT_COLORS.town }} /> {t('settlement.town')}</li>}
            {settlements.has('rural') && <li><span className="dot" style={{ background: SETTLEMENT_COLORS.rural }} /> {t('legend.rural')}</li>}
          </ul>
        </>
      )}
      <ul className="two lines">
        {levels.includes('primary') && line('#1e3a8a', '', t('legend.catchmentPrimary'))}
        {levels.includes('junior') && line('#166534', 'dashed', t('legend.catchmentJunior'))}
        {line('#5b5f66', 'thick', t('legend.county'))}
        {layers.townships && line('#8a8f98', 'dashed', t('legend.township'))}
        {layers.rivers && line('#7fb0d8', 'thick', t('legend.river'))}
        {layers.roads && line('#e8a33d', 'thick', t('legend.road'))}
      </ul>
    </section>
  );
}

function Figures({ levels }: { levels: Level[] }) {
  const { t, i18n } = useTranslation();
  const evaluation = useStore((s) => s.evaluation);
  const n = (v: number) => Math.round(v).toLocaleString(i18n.language);
  const shown = (evaluation?.levels ?? []).filter((l) => levels.includes(l.level));
  if (!shown.length) return null;
  return (
    <section className="print-box print-figures" data-testid="print-figures">
      <h3>{t('exportMap.figures')}</h3>
      <table>
        <thead><tr><th />{shown.map((l) => <th key={l.level}>{t(`level.${l.level}`)}</th>)}</tr></thead>
        <tbody>
          <tr><th>{t('evaluation.schools')}</th>{shown.map((l) => <td key={l.level}>{n(l.county.schools)}</td>)}</tr>
          <tr><th>{t('evaluation.pupils')}</th>{shown.map((l) => <td key={l.level}>{n(l.county.pupils)}</td>)}</tr>
          <tr><th>{t('evaluation.seats')}</th>{shown.map((l) => <td key={l.level}>{n(l.county.seats)}</td>)}</tr>
          <tr><th>{t('evaluation.seatBalance')}</th>{shown.map((l) => <td key={l.level} className={l.county.seatBalance < 0 ? 'bad' : ''}>{l.county.seatBalance > 0 ? '+' : ''}{n(l.county.seatBalance)}</td>)}</tr>
          <tr><th>{t('evaluation.overCapacity')}</th>{shown.map((l) => <td key={l.level}>{n(l.county.overCapacitySchools)}</td>)}</tr>
        </tbody>
      </table>
    </section>
  );
}

const nextFrame = () => new Promise<void>((ok) => requestAnimationFrame(() => ok()));

export function PrintLayout({ params }: { params: PrintParams }) {
  const { t } = useTranslation();
  const data = useStore((s) => s.data);
  const status = useStore((s) => s.status);
  const loadError = useStore((s) => s.error);
  const evaluation = useStore((s) => s.evaluation);
  const evaluationStatus = useStore((s) => s.evaluationStatus);
  const evaluationError = useStore((s) => s.evaluationError);
  const layers = useStore((s) => s.layers);
  const colourBy = useStore((s) => s.colourBy);
  const method = useStore((s) => s.method);
  const settings = useStore((s) => s.settings);
  const [ctl, setCtl] = useState<MapController | null>(null);
  const [view, setView] = useState<{ mpp: number; bearing: number; grid: Grid } | null>(null);
  const [image, setImage] = useState<string | null>(null);
  const [version, setVersion] = useState<string | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [w, h] = sheetMm(params.paper, params.orientation);
  const paperName = `${params.paper}`;
  const levels = (['primary', 'junior'] as const).filter((l) => layers[l === 'primary' ? 'catchmentsPrimary' : 'catchmentsJunior']);
  const scenario = data?.summary.scenarios.find((s) => s.id === (evaluation?.scenarioId ?? params.scenario)) ?? data?.summary.scenarios.find((s) => s.kind === 'baseline');
  const file = (data?.summary.path ?? '').split(/[\\/]/).pop() ?? '';
  const levelNames = levels.map((l) => t(`level.${l}`)).join(t('exportMap.and'));
  const theme = !levels.length ? t('exportMap.themeNone') : colourBy === 'utilisation' ? t('exportMap.themeUtil', { levels: levelNames }) : t('exportMap.themeSchool', { levels: levelNames });
  const online = layers.onlineBasemap && settings?.onlineBasemap.enabled ? settings.onlineBasemap : null;

  // The page box, the window title and the page background follow the sheet.
  useEffect(() => {
    const style = document.createElement('style');
    style.textContent = `@page { size: ${w}mm ${h}mm; margin: 0; }`;
    document.head.appendChild(style);
    document.documentElement.classList.add('print-mode');
    if (params.toolbar) document.documentElement.classList.add('print-preview');
    return () => style.remove();
  }, [w, h, params.toolbar]);
  useEffect(() => {
    if (data) document.title = `${data.summary.meta.name} — ${theme}`;
  }, [data, theme]);
  useEffect(() => {
    api.call('app.info').then((i) => setVersion(i.version), () => setVersion(''));
  }, []);

  const error = failure ?? (status === 'error' ? loadError : evaluationStatus === 'error' ? evaluationError : null);
  useEffect(() => {
    if (error && window.__schoolnet) window.__schoolnet.printError = error;
  }, [error]);

  // Once the evaluation is in: draw its colours, wait for the map to settle, measure the scale and
  // keep a picture of the map (a WebGL canvas is not reliably printed; an <img> is).
  useEffect(() => {
    if (!ctl || !data || evaluationStatus !== 'done' || !evaluation) return;
    let cancelled = false;
    void (async () => {
      const hooks = window.__schoolnet!;
      while (!hooks.ready) {
        await new Promise((ok) => setTimeout(ok, 50));
        if (cancelled) return;
      }
      await ctl.setUtilisation(utilisationByLevelSchool(evaluation), colourBy);
      await ctl.whenIdle();
      if (cancelled) return;
      setView({ mpp: ctl.metresPerPixel(), bearing: ctl.bearing, grid: graticule(ctl) });
      const canvas = await ctl.snapshot();
      const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
      if (!blob) throw new Error('the map could not be copied');
      if (!cancelled) setImage(URL.createObjectURL(blob));
    })().catch((e: unknown) => setFailure(e instanceof Error ? e.message : String(e)));
    return () => {
      cancelled = true;
    };
  }, [ctl, data, evaluation, evaluationStatus, colourBy]);

  const imageShown = async () => {
    await document.fonts.ready;
    await nextFrame();
    await nextFrame();
    await document.fonts.ready;
    window.__schoolnet!.printReady = true;
    if (params.autoprint) window.print();
  };

  const ready = image !== null && view !== null;
  return (
    <>
      {params.toolbar && (
        <div className="print-toolbar" data-testid="print-toolbar">
          <span>{error ? t('exportMap.error', { message: error }) : ready ? `${w} × ${h} mm` : t('exportMap.preparing')}</span>
          <button className="primary" disabled={!ready} onClick={() => window.print()}>{t('exportMap.print')}</button>
          <button onClick={() => window.close()}>{t('exportMap.close')}</button>
        </div>
      )}
      <div className={`print-sheet ${params.orientation}`} style={{ width: `${w}mm`, height: `${h}mm` }} data-testid="print-sheet">
        <header className="print-head">
          <div className="print-titles">
            <h1 data-testid="print-title">{data?.summary.meta.name ?? ''}<span className="print-theme"> {theme}</span></h1>
            <div className="print-subtitle">
              {scenario && <span>{t('exportMap.scenario', { name: scenario.name })}</span>}
              {levels.length > 0 && <span>{t('exportMap.method', { method: t(`evaluation.methods.${method}`) })}</span>}
            </div>
          </div>
          <div className="print-brand">{t('app.title')}</div>
        </header>
        <div className="print-body">
          <div className="print-map-area">
            {view && <GraticuleLabels grid={view.grid} />}
            <div className="print-map-frame">
              <MapView variant="print" fitTo={params.bbox} onController={setCtl} />
              {image && <img className="print-map-image" src={image} alt="" onLoad={() => void imageShown()} />}
              {view && <GraticuleTicks grid={view.grid} />}
              <NorthArrow bearing={view?.bearing ?? 0} />
              {view && <ScaleBar mpp={view.mpp} paper={paperName} />}
              {error && <div className="print-error" data-testid="print-error">{t('exportMap.error', { message: error })}</div>}
            </div>
          </div>
          <aside className="print-side">
            <PrintLegend levels={levels} />
            <Figures levels={levels} />
          </aside>
        </div>
        <footer className="print-foot">
          <div className="print-sources" data-testid="print-sources">
            <b>{t('exportMap.sources')}</b>
            <span>{t('exportMap.sourceData', { file })}</span>
            <span>{t('exportMap.sourceBasemap')}</span>
            {online && <span>{t('exportMap.sourceOnline', { attribution: online.attribution || online.urlTemplate })}</span>}
            <span>{t('exportMap.crs')}</span>
          </div>
          <div className="print-date" data-testid="print-date">
            <span>{t('exportMap.date', { date: params.date ?? today() })}</span>
            {version !== null && <span>{t('exportMap.madeWith', { app: t('app.title'), version })}</span>}
          </div>
        </footer>
      </div>
    </>
  );
}
