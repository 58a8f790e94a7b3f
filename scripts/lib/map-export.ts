// The map as a PNG or a one-page PDF from the command line: starts the browser-mode host on the
// project (in this process, port chosen by the system), opens the renderer's print layout
// (`?layout=print`, renderer/print) in Chromium, waits until the sheet says it is complete
// (window.__schoolnet.printReady) and saves a screenshot or page.pdf(). The same sheet the app prints.
import { existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { openProject } from '../../electron/store';
import { resolveScenario } from '../../electron/backend/evaluation';
import { startBrowserHost, type BrowserHost } from '../../electron/transport/browser-host';
import { ASSIGNMENT_METHODS, type AssignmentMethod } from '../../shared/engine/types';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { APP_VERSION, ROOT, buildIfStale } from './app';

export const MAP_FORMATS = ['png', 'pdf'] as const;
export type MapFormat = (typeof MAP_FORMATS)[number];
export const PAPERS = { A4: [297, 210], A3: [420, 297] } as const; // landscape, mm (as renderer/print/params.ts)
export type Paper = keyof typeof PAPERS;

export interface MapExportOptions {
  project: string;
  out: string;
  format: MapFormat;
  /** Scenario name or id (default: the baseline). */
  scenario?: string;
  lang?: 'zh-CN' | 'en';
  paper?: Paper;
  orientation?: 'landscape' | 'portrait';
  /** Catchments shown and coloured: primary (default) or junior. */
  level?: 'primary' | 'junior';
  method?: AssignmentMethod;
  profile?: 'walking' | 'driving';
  /** Date on the sheet, YYYY-MM-DD (default: today). */
  date?: string;
  /** PNG pixels per CSS pixel of the sheet (default 2: an A4 sheet is 2246 × 1588). */
  scale?: number;
  chromiumPath?: string;
  timeoutMs?: number;
  log?: (line: string) => void;
}

export interface MapExportResult {
  file: string;
  bytes: number;
  /** PNG: pixel size; PDF: the page in mm. */
  width: number;
  height: number;
  /** Pages in the PDF (1: the sheet fits its page); 1 for a PNG. */
  pages: number;
  scenario: string;
  ms: { server: number; page: number; save: number; total: number };
}

/** Where Chromium is: CHROMIUM_PATH, else Debian's /usr/bin/chromium. */
export function chromiumPath(given?: string): string {
  return given ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
}

/** Sheet size in mm and the browser viewport (whole CSS pixels that contain it). */
export function sheetSize(paper: Paper = 'A4', orientation: 'landscape' | 'portrait' = 'landscape'): { mm: [number, number]; px: [number, number] } {
  const [w, h] = PAPERS[paper];
  const mm: [number, number] = orientation === 'landscape' ? [w, h] : [h, w];
  return { mm, px: [Math.ceil((mm[0] * 96) / 25.4), Math.ceil((mm[1] * 96) / 25.4)] };
}

function todayIso(d = new Date()): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

/** Writes next to the target and renames, so PATH is either the old file or the whole new one. */
function writeAtomically(path: string, data: Buffer): void {
  const tmp = `${path}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, data);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}

type PrintHooks = { printReady?: boolean; printError?: string | null };

export async function exportMap(opts: MapExportOptions): Promise<MapExportResult> {
  const t0 = performance.now();
  const log = opts.log ?? (() => {});
  const project = resolve(opts.project);
  const out = resolve(opts.out);
  const paper = opts.paper ?? 'A4';
  const orientation = opts.orientation ?? 'landscape';
  const level = opts.level ?? 'primary';
  const scale = opts.scale ?? 2;
  if (!(MAP_FORMATS as readonly string[]).includes(opts.format)) throw new Error(`format must be one of ${MAP_FORMATS.join(', ')}`);
  if (!PAPERS[paper]) throw new Error(`paper must be one of ${Object.keys(PAPERS).join(', ')}`);
  if (opts.method && !(ASSIGNMENT_METHODS as readonly string[]).includes(opts.method)) throw new Error(`method must be one of ${ASSIGNMENT_METHODS.join(', ')}`);
  if (opts.date !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(opts.date)) throw new Error('date must be YYYY-MM-DD');
  if (!(scale > 0 && scale <= 4)) throw new Error('scale must be between 0 and 4');
  const executablePath = chromiumPath(opts.chromiumPath);
  if (!existsSync(executablePath)) {
    throw new Error(`Chromium is needed for PNG and PDF export and was not found at ${executablePath}: install it (Debian: apt-get install chromium) or set CHROMIUM_PATH to its executable`);
  }
  if (!existsSync(project)) throw new Error(`no project file at ${project}`);
  if (!existsSync(dirname(out))) mkdirSync(dirname(out), { recursive: true });

  // The scenario by name or id, checked before any browser starts.
  const store = openProject(project, { appVersion: APP_VERSION });
  let scenario: { id: string; name: string };
  try {
    scenario = resolveScenario(store, opts.scenario);
  } finally {
    store.close();
  }

  buildIfStale(log);
  let host: BrowserHost | null = null;
  let browser: Browser | null = null;
  try {
    host = await startBrowserHost({ root: ROOT, appVersion: APP_VERSION, port: 0, project, log });
    const tServer = performance.now();
    const { mm, px } = sheetSize(paper, orientation);
    const layers = ['schools', 'residences', level === 'junior' ? 'catchmentsJunior' : 'catchmentsPrimary', 'roads', 'rivers', 'townships', 'labels'];
    const q = new URLSearchParams({ layout: 'print', paper, orientation, scenario: scenario.id, lang: opts.lang ?? 'zh-CN', layers: layers.join(','), colour: 'utilisation', date: opts.date ?? todayIso() });
    if (opts.method) q.set('method', opts.method);
    if (opts.profile) q.set('profile', opts.profile);
    const url = `${host.server.url}&${q.toString()}`;

    try {
      browser = await chromium.launch({ executablePath, args: CHROMIUM_ARGS });
    } catch (e) {
      throw new Error(`Chromium at ${executablePath} did not start: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`, { cause: e });
    }
    const page = await browser.newPage({ viewport: { width: px[0], height: px[1] }, deviceScaleFactor: opts.format === 'png' ? scale : 1, locale: opts.lang ?? 'zh-CN' });
    const pageErrors: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(url);
    try {
      await page.waitForFunction(() => {
        const h = (window as unknown as { __schoolnet?: PrintHooks }).__schoolnet;
        return Boolean(h?.printReady || h?.printError);
      }, null, { timeout: opts.timeoutMs ?? 120_000, polling: 100 });
    } catch (e) {
      throw new Error(`the print layout did not become ready${pageErrors.length ? `: ${pageErrors.join('; ')}` : ''} (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`, { cause: e });
    }
    const failure = await page.evaluate(() => (window as unknown as { __schoolnet: PrintHooks }).__schoolnet.printError ?? null);
    if (failure) throw new Error(`the print layout failed: ${failure}`);
    const tPage = performance.now();

    let data: Buffer;
    let width: number;
    let height: number;
    if (opts.format === 'png') {
      // The whole sheet; it is laid out in mm, so its right and bottom edge may end inside the last pixel.
      data = await page.screenshot({ type: 'png', clip: { x: 0, y: 0, width: px[0], height: px[1] } });
      width = Math.round(px[0] * scale);
      height = Math.round(px[1] * scale);
    } else {
      data = await page.pdf({ width: `${mm[0]}mm`, height: `${mm[1]}mm`, printBackground: true, preferCSSPageSize: true, margin: { top: '0', right: '0', bottom: '0', left: '0' } });
      [width, height] = mm;
    }
    writeAtomically(out, data);
    const tSave = performance.now();
    return {
      file: out, bytes: data.length, width, height, scenario: scenario.name,
      pages: opts.format === 'pdf' ? (data.toString('latin1').match(/\/Type\s*\/Page(?![A-Za-z])/g) ?? []).length : 1,
      ms: { server: Math.round(tServer - t0), page: Math.round(tPage - tServer), save: Math.round(tSave - tPage), total: Math.round(tSave - t0) },
    };
  } finally {
    await browser?.close().catch(() => {});
    await host?.close().catch(() => {});
  }
}
