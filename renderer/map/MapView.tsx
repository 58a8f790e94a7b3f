// The map component: mounts the controller once and forwards store changes to it; exposes the
// test hooks e2e specs read (window.__schoolnet).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MapController } from './controller';
import type { BBox, Catchment } from '../../shared/model';
import { levelProblems, problemFeatures, utilisationByLevelSchool } from './features';
import { mark } from '../timeline';
import { LEVEL_GRADES } from '../../shared/model';
import { cancelEvaluation, runEvaluation } from '../state/evaluation';
import type { Evaluation } from '../../shared/engine/types';
import { largeProject, useStore } from '../state/store';
import { api } from '../api';

interface Hover { x: number; y: number; kind: 'school' | 'residence'; id: string; name: string; value: number; lngLat: [number, number]; row?: number }

export interface TestHooks {
  ready: boolean;
  mapIdle: boolean;
  counts: { schools: number; residences: number; catchments: number };
  renderedSchools(): number;
  renderedCatchments(): number;
  schoolScreenPoint(id: string): { x: number; y: number } | null;
  /** The latest evaluation shown (null until the worker has answered) and its status. */
  evaluation(): { status: string; evaluation: Evaluation | null };
  catchmentColours(): Record<string, string>;
  /** Starts an evaluation and cancels it in the same task (the cancel path, for tests). */
  startAndCancelEvaluation(): void;
  /** Residence features (units, or bins of a large project) the map holds now. */
  residencesDrawn(): number;
  /** performance.now() in the map's idle handler when the first whole picture was drawn (residences included). */
  firstPictureAt?: number;
  /** Catchment editing, for tests: what the planner sees of it. */
  edit: {
    state(): { tool: string; level: string; selectedCatchment: string | null; canUndo: boolean; canRedo: boolean; done: number; inFlight: number; notice: string | null };
    catchment(id: string): Catchment | null;
    catchments(level: string): { id: string; schoolId: string; form: string; units: number }[];
    /** Page coordinates of a map position. */
    screenPoint(lon: number, lat: number): { x: number; y: number } | null;
    /** Moves the view (no animation); resolves when the map has drawn it. */
    view(lon: number, lat: number, zoom: number): Promise<void>;
    /** Shows a box (west, south, east, north) whole; resolves when drawn. */
    fit(bbox: [number, number, number, number]): Promise<void>;
    /** A residence unit's position (its point, or the mean of its outline's vertices). */
    residenceAt(id: string): [number, number] | null;
  };
  /** Print layout only: true once the sheet is complete (colours, scale, fonts, map image), or why it cannot be. */
  printReady?: boolean;
  printError?: string | null;
}
declare global {
  interface Window { __schoolnet?: TestHooks }
}

let active: MapController | null = null;
let firstPicture = false;
/** The controller of the map on screen (for exports), null before it mounts. */
export function activeMapController(): MapController | null {
  return active;
}

interface MapViewProps {
  /** 'print': the print layout's map (see MapController); default the app's interactive map. */
  variant?: 'app' | 'print';
  /** Extent to show instead of the project's whole extent. */
  fitTo?: BBox | null;
  onController?(c: MapController | null): void;
}

export function MapView({ variant = 'app', fitTo = null, onController }: MapViewProps = {}) {
  const el = useRef<HTMLDivElement>(null);
  const ctl = useRef<MapController | null>(null);
  const [hover, setHover] = useState<Hover | null>(null);
  const { t } = useTranslation();
  const data = useStore((s) => s.data);
  const layers = useStore((s) => s.layers);
  const locale = useStore((s) => s.locale);
  const settings = useStore((s) => s.settings);
  const flyTo = useStore((s) => s.flyTo);
  const evaluation = useStore((s) => s.evaluation);
  const colourBy = useStore((s) => s.colourBy);

  useEffect(() => {
    const hooks: TestHooks = {
      ready: false, mapIdle: false, counts: { schools: 0, residences: 0, catchments: 0 },
      renderedSchools: () => ctl.current?.renderedSchools() ?? 0,
      renderedCatchments: () => ctl.current?.renderedCatchments() ?? 0,
      schoolScreenPoint: (id) => ctl.current?.schoolScreenPoint(id) ?? null,
      evaluation: () => ({ status: useStore.getState().evaluationStatus, evaluation: useStore.getState().evaluation }),
      catchmentColours: () => ctl.current?.catchmentColours() ?? {},
      residencesDrawn: () => ctl.current?.residencesDrawn ?? 0,
      edit: {
        state: () => {
          const st = useStore.getState();
          return { tool: st.tool, level: st.editLevel, selectedCatchment: st.selectedCatchment, canUndo: st.history?.canUndo ?? false, canRedo: st.history?.canRedo ?? false, done: st.history?.done ?? 0, inFlight: st.editsInFlight, notice: st.editNotice?.text ?? null };
        },
        catchment: (id) => useStore.getState().data?.catchments.find((c) => c.id === id) ?? null,
        catchments: (level) => (useStore.getState().data?.catchments ?? []).filter((c) => c.level === level).map((c) => ({ id: c.id, schoolId: c.schoolId, form: c.form, units: c.unitIds.length })),
        screenPoint: (lon, lat) => {
          const m = ctl.current?.map;
          if (!m) return null;
          const p = m.project([lon, lat]);
          const r = m.getContainer().getBoundingClientRect();
          return { x: r.left + p.x, y: r.top + p.y };
        },
        view: async (lon, lat, zoom) => {
          const c = ctl.current;
          if (!c) return;
          c.map.jumpTo({ center: [lon, lat], zoom });
          await c.whenIdle();
        },
        fit: async (b) => {
          const c = ctl.current;
          if (!c) return;
          c.map.fitBounds([[b[0], b[1]], [b[2], b[3]]], { padding: { top: 140, bottom: 40, left: 40, right: 70 }, animate: false });
          await c.whenIdle();
        },
        residenceAt: (id) => {
          const g = useStore.getState().data?.residences.find((r) => r.id === id)?.geometry;
          if (!g) return null;
          if (g.type === 'Point') return g.coordinates as [number, number];
          const ring = (g.type === 'Polygon' ? g.coordinates[0] : g.coordinates[0][0]).slice(0, -1);
          return [ring.reduce((a, p) => a + p[0], 0) / ring.length, ring.reduce((a, p) => a + p[1], 0) / ring.length];
        },
      },
      startAndCancelEvaluation: () => {
        void runEvaluation();
        cancelEvaluation();
      },
    };
    window.__schoolnet = hooks;
    const c = new MapController(el.current!, useStore.getState().locale, {
      onHover: setHover,
      onSelect: (sel) => useStore.getState().select(sel),
      onIdle: () => {
        if (hooks.ready && !hooks.mapIdle) mark('map idle');
        if (hooks.ready) hooks.mapIdle = true;
        // The first complete picture (with the residences, for a large project): heavy background work may start.
        if (hooks.ready && !firstPicture && (c.residencesDrawn > 0 || !largeProject(useStore.getState().data))) {
          firstPicture = true;
          hooks.firstPictureAt = performance.now();
          window.dispatchEvent(new Event('schoolnet:first-picture'));
        }
      },
      residenceView: (req) => api.call('residences.view', req),
    }, { variant, pixelRatio: variant === 'print' ? 2 : undefined });
    ctl.current = c;
    active = c;
    onController?.(c);
    // The drawing tools (terra-draw, the edit operations) load after the map, not before it.
    let editor: { destroy(): void } | null = null;
    let gone = false;
    // …and after the first whole picture: their layers would otherwise be compiled before it. A
    // planner who picks an editing tool before then gets them at once.
    let started = false;
    const startEditor = () => {
      if (started) return;
      started = true;
      void import('./editing').then((m) => { if (!gone) editor = new m.CatchmentEditor(c.map); });
    };
    let unsubscribeTool = () => {};
    if (variant === 'app') {
      // (when the main thread is next idle: the first interaction after the picture stays quick)
      const later = () => requestIdleCallback(startEditor, { timeout: 1000 });
      if (firstPicture) c.onLoad(later);
      else window.addEventListener('schoolnet:first-picture', later, { once: true });
      unsubscribeTool = useStore.subscribe((st, prev) => {
        if (st.tool !== prev.tool && st.tool !== 'inspect') c.onLoad(startEditor);
      });
    }
    return () => {
      gone = true;
      unsubscribeTool();
      editor?.destroy();
      onController?.(null);
      if (active === c) active = null;
      c.destroy();
      ctl.current = null;
    };
  }, []);

  const shownData = useRef<typeof data>(null);
  useEffect(() => {
    if (!data || !ctl.current) return;
    const hooks = window.__schoolnet!;
    hooks.mapIdle = false;
    mark('map effect');
    const prev = shownData.current;
    shownData.current = data;
    if (prev && prev.summary === data.summary && prev.schools === data.schools && prev.residences === data.residences && prev.context === data.context && prev.roads === data.roads) {
      // The residence block has arrived (a large project), or an edit (or its preview) changed the
      // catchments: only that is redrawn, the view stays where the planner is.
      if (prev.residenceBlock !== data.residenceBlock) ctl.current.setResidenceBlock(data.residenceBlock);
      if (prev.catchments !== data.catchments) {
        void ctl.current.setCatchments(data.catchments).then(() => {
          hooks.counts = { ...hooks.counts, catchments: data.catchments.length };
        });
      }
      return;
    }
    void ctl.current.setData(data, fitTo).then(() => {
      hooks.counts = { schools: data.schools.length, residences: data.residences.length, catchments: data.catchments.length };
      hooks.ready = true;
    });
  }, [data]);

  useEffect(() => {
    if (!ctl.current) return;
    const hooks = window.__schoolnet!;
    hooks.mapIdle = false;
    void ctl.current.setUtilisation(utilisationByLevelSchool(evaluation), colourBy);
  }, [evaluation, colourBy, data]);
  const editLevel = useStore((s) => s.editLevel);
  const selectedCatchment = useStore((s) => s.selectedCatchment);
  useEffect(() => {
    if (!ctl.current || !data || variant !== 'app') return;
    const problems = levelProblems(evaluation, editLevel, data);
    const level = evaluation?.levels.find((l) => l.level === editLevel);
    const pairs = level ? level.catchments.flatMap((c) => c.overlaps.filter((o) => c.catchmentId < o.catchmentId).map((o) => [c.catchmentId, o.catchmentId] as [string, string])) : [];
    const c = ctl.current;
    if (pairs.length === 0) void c.setProblems(problemFeatures(problems, data.catchments, []));
    else void import('./overlaps').then((m) => c.setProblems(problemFeatures(problems, data.catchments, m.overlapAreas(data.catchments, pairs))));
  }, [evaluation, editLevel, data]);
  useEffect(() => void ctl.current?.setSelectedCatchment(selectedCatchment), [selectedCatchment]);
  // Hovering a residence draws a line to the school it is assigned to (the level being edited).
  const hoverSchool = (() => {
    if (!hover || hover.kind !== 'residence' || !data) return null;
    if (largeProject(data)) {
      // A large project: the unit's row in the block indexes the evaluation's assignment array.
      const k = hover.row === undefined ? -1 : evaluation?.assignmentIndex?.[editLevel]?.[hover.row] ?? -1;
      return k >= 0 ? data.schools[k] ?? null : null;
    }
    const id = evaluation?.assignment[editLevel]?.[hover.id];
    return id ? data.schools.find((s) => s.id === id) ?? null : null;
  })();
  useEffect(() => {
    ctl.current?.setHoverLink(hover?.kind === 'residence' ? hover.lngLat : null, (hoverSchool?.location.coordinates as [number, number] | undefined) ?? null);
  }, [hover, hoverSchool]);
  const hoverResidence = hover?.kind === 'residence' ? data?.residences.find((r) => r.id === hover.id) : undefined;
  useEffect(() => void ctl.current?.setLayers(layers), [layers]);
  useEffect(() => void ctl.current?.setLocale(locale), [locale]);
  useEffect(() => void ctl.current?.setOnlineBasemap(settings?.onlineBasemap ?? null, layers.onlineBasemap), [settings, layers.onlineBasemap]);
  useEffect(() => {
    if (flyTo) ctl.current?.flyTo(flyTo.lon, flyTo.lat);
  }, [flyTo]);

  return (
    <div className="map-wrap">
      <div ref={el} className="map" data-testid="map" />
      {hover && (
        <div className="tooltip" data-testid="map-tooltip" style={{ left: hover.x + 14, top: hover.y + 14 }}>
          <strong>{hover.name}</strong>
          <div>{hover.kind === 'school' ? t('tooltip.enrolment', { count: hover.value }) : t('tooltip.pupils', { count: Math.round(hover.value) })}</div>
          {hoverResidence && (['primary', 'junior'] as const).map((l) => {
            const n = LEVEL_GRADES[l].reduce((a, g) => a + (hoverResidence.pupilsByGrade[g - 1] ?? 0), 0);
            return n > 0 ? <div key={l}>{t('hover.pupilsOf', { level: t(`level.${l}`), count: Math.round(n) })}</div> : null;
          })}
          {hover.kind === 'residence' && evaluation && (!largeProject(data ?? null) || hover.row !== undefined) && <div data-testid="hover-school">{hoverSchool ? t('hover.school', { name: hoverSchool.name }) : t('hover.noSchool')}</div>}
        </div>
      )}
    </div>
  );
}
