// The print layout's address: `?layout=print` (or `#print`) with the sheet's options as query
// parameters, so the app's "Export map → PDF" and the CLI (`export --format pdf|png`) open the same
// page. Pure parsing and formatting; the layout itself is PrintLayout.tsx.
import type { BBox } from '../../shared/model';
import { ASSIGNMENT_METHODS, type AssignmentMethod } from '../../shared/engine/types';
import { LAYERS, type LayerName } from '../state/store';
import type { Locale } from '../i18n';

export const PAPERS = { A4: [297, 210], A3: [420, 297] } as const; // landscape width × height, mm
export type Paper = keyof typeof PAPERS;
export type Orientation = 'landscape' | 'portrait';

export interface PrintParams {
  paper: Paper;
  orientation: Orientation;
  /** Scenario id; null: the baseline. */
  scenario: string | null;
  /** Language of the sheet; null: the app's (saved setting, else the system). */
  lang: Locale | null;
  /** Extent to show; null: the whole project. */
  bbox: BBox | null;
  /** Visible layers; null: the app's defaults. */
  layers: LayerName[] | null;
  colourBy: 'school' | 'utilisation';
  method: AssignmentMethod | null;
  profile: 'walking' | 'driving' | null;
  /** Date printed on the sheet (YYYY-MM-DD); null: today. */
  date: string | null;
  /** Show the on-screen print bar (the app's window; not the CLI). */
  toolbar: boolean;
  /** Open the print dialog once the sheet is ready. */
  autoprint: boolean;
}

export function isPrintLayout(loc: { search: string; hash: string } = window.location): boolean {
  return new URLSearchParams(loc.search).get('layout') === 'print' || loc.hash === '#print';
}

function oneOf<T extends string>(v: string | null, allowed: readonly T[]): T | null {
  return v !== null && (allowed as readonly string[]).includes(v) ? (v as T) : null;
}

export function parsePrintParams(search: string): PrintParams {
  const q = new URLSearchParams(search);
  const bbox = (q.get('bbox') ?? '').split(',').map(Number);
  const layers = q.get('layers');
  const date = q.get('date');
  return {
    paper: oneOf(q.get('paper'), Object.keys(PAPERS) as Paper[]) ?? 'A4',
    orientation: oneOf(q.get('orientation'), ['landscape', 'portrait'] as const) ?? 'landscape',
    scenario: q.get('scenario') || null,
    lang: oneOf(q.get('lang'), ['zh-CN', 'en'] as const),
    bbox: bbox.length === 4 && bbox.every(Number.isFinite) && bbox[0] < bbox[2] && bbox[1] < bbox[3] ? (bbox as BBox) : null,
    layers: layers === null ? null : layers.split(',').filter((l): l is LayerName => (LAYERS as readonly string[]).includes(l)),
    colourBy: q.get('colour') === 'school' ? 'school' : 'utilisation',
    method: oneOf(q.get('method'), ASSIGNMENT_METHODS),
    profile: oneOf(q.get('profile'), ['walking', 'driving'] as const),
    date: date && /^\d{4}-\d{2}-\d{2}$/.test(date) ? date : null,
    toolbar: q.get('toolbar') === '1',
    autoprint: q.get('autoprint') === '1',
  };
}

/** The print layout's URL (relative to the app page) for these options. */
export function printUrl(p: Partial<PrintParams>, base = window.location.pathname): string {
  const q = new URLSearchParams({ layout: 'print' });
  if (p.paper) q.set('paper', p.paper);
  if (p.orientation) q.set('orientation', p.orientation);
  if (p.scenario) q.set('scenario', p.scenario);
  if (p.lang) q.set('lang', p.lang);
  if (p.bbox) q.set('bbox', p.bbox.map((v) => v.toFixed(6)).join(','));
  if (p.layers) q.set('layers', p.layers.join(','));
  if (p.colourBy) q.set('colour', p.colourBy);
  if (p.method) q.set('method', p.method);
  if (p.profile) q.set('profile', p.profile);
  if (p.date) q.set('date', p.date);
  if (p.toolbar) q.set('toolbar', '1');
  if (p.autoprint) q.set('autoprint', '1');
  return `${base}?${q.toString()}`;
}

/** The sheet's width and height in millimetres. */
export function sheetMm(paper: Paper, orientation: Orientation): [number, number] {
  const [w, h] = PAPERS[paper];
  return orientation === 'landscape' ? [w, h] : [h, w];
}

/** Today in the planner's time zone, YYYY-MM-DD. */
export function today(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
