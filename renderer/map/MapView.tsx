// The map component: mounts the controller once and forwards store changes to it; exposes the
// test hooks e2e specs read (window.__schoolnet).
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { MapController } from './controller';
import type { BBox } from '../../shared/model';
import { utilisationByLevelSchool } from './features';
import { cancelEvaluation, runEvaluation } from '../state/evaluation';
import type { Evaluation } from '../../shared/engine/types';
import { useStore } from '../state/store';

interface Hover { x: number; y: number; kind: 'school' | 'residence'; id: string; name: string; value: number }

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
  /** Print layout only: true once the sheet is complete (colours, scale, fonts, map image), or why it cannot be. */
  printReady?: boolean;
  printError?: string | null;
}
declare global {
  interface Window { __schoolnet?: TestHooks }
}

let active: MapController | null = null;
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
      startAndCancelEvaluation: () => {
        void runEvaluation();
        cancelEvaluation();
      },
    };
    window.__schoolnet = hooks;
    const c = new MapController(el.current!, useStore.getState().locale, {
      onHover: setHover,
      onSelect: (sel) => useStore.getState().select(sel),
      onIdle: () => { if (hooks.ready) hooks.mapIdle = true; },
    }, { variant, pixelRatio: variant === 'print' ? 2 : undefined });
    ctl.current = c;
    active = c;
    onController?.(c);
    return () => {
      onController?.(null);
      if (active === c) active = null;
      c.destroy();
      ctl.current = null;
    };
  }, []);

  useEffect(() => {
    if (!data || !ctl.current) return;
    const hooks = window.__schoolnet!;
    hooks.mapIdle = false;
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
        </div>
      )}
    </div>
  );
}
