// Map benchmark, in Debian's Chromium with the e2e flags (playwright.config.ts CHROMIUM_ARGS), 1280 × 800:
// - plain100kMs: a plain MapLibre page (scripts/bench/map-page, maplibre-gl from node_modules served
//   by a tiny node:http server on 127.0.0.1) showing 100,000 random points as a circle layer: the
//   page's performance.now() (ms since navigation start) at the first `idle` after the source was
//   added. Median of 3 loads, each in a fresh browser context.
// - firstIdleMs: the app in browser mode on a 1,000,000-residence project (written here through the
//   app's store): the page's performance.now() (ms since navigation start) when
//   window.__schoolnet.mapIdle is true and the residences layer has data drawn
//   (window.__schoolnet.residencesDrawn() > 0, when the app provides that hook): the time the app
//   records in the map's `idle` handler (window.__schoolnet.firstPictureAt), as the plain page does.
//   Median of 3 loads, each in a fresh browser context (the edits then run on the last one).
//   ratio = firstIdleMs / plain100kMs.
// - editToIndicatorsMs: on that project, the reshape tool drags a vertex two primary catchments
//   share; held still until the previews' evaluations are done, then released. A capturing
//   `mouseup` listener takes performance.now(); the sample is the next `schoolnet:indicators-shown`
//   event's detail.at minus that (skipping any that precede the first `schoolnet:evaluated` after
//   the release: a preview's figures, not the edit's). Median of 5 drags (5 different shared
//   vertices of one boundary, 24 px across it, alternating sides, at zoom 16); each drag must be
//   saved (edit.state().done grows) and move the vertex out of both rings.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { ROOT } from '../lib/app';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { writeSyntheticProject } from '../lib/synthetic-project';

export interface MapBench {
  residences: number;
  firstIdleMs: number;
  plain100kMs: number;
  ratio: number;
  editToIndicatorsMs: number;
}

type Log = (s: string) => void;

/** SNP_BENCH_MAP_RESIDENCES overrides the count (a quick check of the harness); the result says which was used. */
const RESIDENCES = Number(process.env.SNP_BENCH_MAP_RESIDENCES) || 1_000_000;
const PLAIN_POINTS = 100_000;
const PLAIN_RUNS = 3;
const APP_RUNS = 3;
const DRAGS = 5;
const VIEWPORT = { width: 1280, height: 800 };
const LEVEL = 'primary' as const;
const FIRST_IDLE_TIMEOUT = 5 * 60_000;
const SERVER_TIMEOUT = 3 * 60_000;
const EVALUATION_TIMEOUT = 5 * 60_000;
const DRAG_TIMEOUT = 2 * 60_000;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x);
const sleep = (ms: number) => new Promise((ok) => setTimeout(ok, ms));

// ---- the 1M project ------------------------------------------------------------------------------

/** Writes the benchmark's project: the synthetic county (scripts/lib/synthetic-project.ts) with RESIDENCES points. */
export function writeProject(path: string, log: Log): { residences: number; catchments: number; sharedVertices: number } {
  return writeSyntheticProject(path, RESIDENCES, (s) => log(`map: ${s}`));
}

// ---- processes and pages -------------------------------------------------------------------------

/** The static server of the plain page: the page and maplibre-gl's dist files, nothing else. */
async function startStaticServer(): Promise<{ server: Server; origin: string }> {
  const page = join(ROOT, 'scripts', 'bench', 'map-page', 'index.html');
  const dist = join(ROOT, 'node_modules', 'maplibre-gl', 'dist');
  const types: Record<string, string> = { mjs: 'text/javascript', js: 'text/javascript', css: 'text/css', map: 'application/json', html: 'text/html' };
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    let file: string | null = null;
    if (path === '/' || path === '/index.html') file = page;
    else if (path.startsWith('/maplibre/')) {
      const rel = normalize(path.slice('/maplibre/'.length));
      if (!rel.startsWith('..') && !rel.includes('/')) file = join(dist, rel);
    }
    try {
      if (!file) throw new Error('not found');
      const body = readFileSync(file);
      res.writeHead(200, { 'content-type': `${types[file.split('.').pop() ?? ''] ?? 'application/octet-stream'}; charset=utf-8`, 'cache-control': 'no-store' });
      res.end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('not found');
    }
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => ok());
  });
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('map bench: the static server has no port');
  return { server, origin: `http://127.0.0.1:${addr.port}` };
}

interface AppServer { child: ChildProcess; url: string; stop(): Promise<void> }

/** Browser mode on `project` (its own process group, so the server and tsx's child both stop). */
async function startAppServer(project: string, dir: string): Promise<AppServer> {
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const child = spawn(process.execPath, [tsx, join(ROOT, 'scripts', 'serve.ts'), '--port', '0', '--project', project, '--no-build'], {
    cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SCHOOLNET_CONFIG_DIR: join(dir, 'config'), SCHOOLNET_DATA_DIR: join(dir, 'data') },
  });
  let exited = false;
  const exitedP = new Promise<void>((ok) => child.once('exit', () => { exited = true; ok(); }));
  const signal = (s: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, s);
    } catch {
      // already gone
    }
  };
  const onExit = () => signal('SIGKILL');
  process.once('exit', onExit);
  const stop = async () => {
    signal('SIGTERM');
    await Promise.race([exitedP, sleep(5_000)]);
    signal('SIGKILL');
    await Promise.race([exitedP, sleep(2_000)]);
    process.removeListener('exit', onExit);
  };
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-4000); });
  try {
    const url = await new Promise<string>((ok, fail) => {
      let out = '';
      const timer = setTimeout(() => fail(new Error(`map bench: the browser-mode server did not print its URL within ${SERVER_TIMEOUT / 1000} s; its stderr:\n${stderr}`)), SERVER_TIMEOUT);
      child.stdout!.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/.exec(out);
        if (m) {
          clearTimeout(timer);
          ok(m[1]);
        }
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        fail(new Error(`map bench: the browser-mode server exited (${code}) before printing its URL; its stderr:\n${stderr}`));
      });
    });
    return { child, url, stop };
  } catch (e) {
    await stop();
    throw e;
  }
}

/** Rejects when the page crashes (a tab out of memory), so a wait fails at once with the reason. */
function crashed(page: Page): Promise<never> {
  return new Promise((_, fail) => page.once('crash', () => fail(new Error('map bench: the page crashed (out of memory?)'))));
}

async function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}

// ---- plain MapLibre --------------------------------------------------------------------------------

interface PlainState { htmlAt: number; scriptAt: number | null; sourceAddedAt: number | null; idleAt: number | null; drawn: number; points: number; error: string | null }

async function plainRun(browser: Browser, origin: string, n: number): Promise<PlainState> {
  const context = await browser.newContext({ viewport: VIEWPORT });
  try {
    const page = await context.newPage();
    const outside: string[] = [];
    page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('blob:') && !r.url().startsWith('data:')) outside.push(r.url()); });
    await page.goto(`${origin}/?n=${n}`, { timeout: 60_000 });
    const wait = page.waitForFunction(() => {
      const p = (window as unknown as { __plain?: PlainState }).__plain;
      return p && (p.error !== null || (p.idleAt !== null && p.drawn > 0));
    }, undefined, { timeout: 120_000, polling: 100 });
    await Promise.race([wait, crashed(page)]);
    const s = await page.evaluate(() => (window as unknown as { __plain: PlainState }).__plain);
    if (s.error) throw new Error(`map bench: the plain MapLibre page failed: ${s.error}`);
    if (outside.length > 0) throw new Error(`map bench: the plain page made requests outside its server: ${outside.slice(0, 3).join(', ')}`);
    return s;
  } finally {
    await context.close();
  }
}

// ---- the app -------------------------------------------------------------------------------------

interface Hooks {
  ready: boolean;
  mapIdle: boolean;
  counts: { schools: number; residences: number; catchments: number };
  residencesDrawn?: () => number;
  /** performance.now() in the map's `idle` handler when the first whole picture was drawn (the residences included). */
  firstPictureAt?: number;
  evaluation(): { status: string; evaluation: unknown };
  edit: {
    state(): { tool: string; level: string; selectedCatchment: string | null; done: number; inFlight: number; notice: string | null };
    catchment(id: string): { id: string; geometry: { type: string; coordinates: unknown } | null } | null;
    catchments(level: string): { id: string; schoolId: string; form: string }[];
    screenPoint(lon: number, lat: number): { x: number; y: number } | null;
    view(lon: number, lat: number, zoom: number): Promise<void>;
  };
}
type W = { __schoolnet?: Hooks; __bench?: { ups: number[]; shown: number[]; evaluated: number[] } };

/** Uncaught errors of each app page (the last few), for error messages. */
const pageErrors = new WeakMap<Page, string[]>();
function watchErrors(page: Page): void {
  const list: string[] = [];
  pageErrors.set(page, list);
  page.on('pageerror', (e) => {
    list.push(e.message.split('\n')[0]);
    if (list.length > 5) list.shift();
  });
}

/** What the page shows, and its uncaught errors, for error messages. */
async function appState(page: Page): Promise<string> {
  const errors = pageErrors.get(page) ?? [];
  const tail = errors.length > 0 ? `; page errors: ${[...new Set(errors)].join(' | ')}` : '; no page errors';
  return (await appHooks(page)) + tail;
}

async function appHooks(page: Page): Promise<string> {
  try {
    return JSON.stringify(await page.evaluate(() => {
      const h = (window as unknown as W).__schoolnet;
      if (!h) return { hooks: false, body: document.body?.innerText.slice(0, 300) ?? '' };
      return {
        ready: h.ready, mapIdle: h.mapIdle, counts: h.counts, residencesDrawn: typeof h.residencesDrawn === 'function' ? h.residencesDrawn() : 'no hook',
        evaluation: h.evaluation().status, edit: h.edit.state(), t: Math.round(performance.now()),
      };
    }));
  } catch (e) {
    return `(page not readable: ${(e as Error).message})`;
  }
}

/** Waits for fn in the page (polled every frame), failing fast on a crash and saying what the page showed. */
async function until<R>(page: Page, what: string, fn: () => R | false, timeout: number): Promise<R> {
  try {
    const handle = await Promise.race([page.waitForFunction(fn, undefined, { timeout, polling: 'raf' }), crashed(page)]);
    return (await handle.jsonValue()) as R;
  } catch (e) {
    throw new Error(`map bench: ${what}: ${(e as Error).message.split('\n')[0]}; the app showed ${await appState(page)}`, { cause: e });
  }
}

/** One drag's sample and what the page saw. */
interface DragSample { upToFirstShownMs: number; upToLastShownMs: number; shownAfterUp: number }

/** Waits until the edit count is `done`, nothing is in flight, the evaluation is done and no figures were shown for `quietMs`. */
async function settle(page: Page, what: string, done: number | null, quietMs: number, timeout: number): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    const s = await page.evaluate(() => {
      const w = window as unknown as W;
      const st = w.__schoolnet!.edit.state();
      // Quiet since the last figures shown or the last release, whichever is later (no named
      // functions in page code: tsx would wrap them in its __name helper, unknown in the page).
      // The last evaluation's end counts too: its figures reach the screen a frame after the status says done.
      const shown = w.__bench?.shown ?? [];
      const ups = w.__bench?.ups ?? [];
      const evaluated = w.__bench?.evaluated ?? [];
      const since = performance.now() - Math.max(shown.length ? shown[shown.length - 1] : 0, ups.length ? ups[ups.length - 1] : 0, evaluated.length ? evaluated[evaluated.length - 1] : 0);
      return { done: st.done, inFlight: st.inFlight, notice: st.notice, status: w.__schoolnet!.evaluation().status, sinceShown: since };
    });
    if ((done === null || s.done === done) && s.inFlight === 0 && s.status === 'done' && s.sinceShown >= quietMs) return;
    if (s.status === 'error') throw new Error(`map bench: ${what}: the evaluation failed; the app showed ${await appState(page)}`);
    if (Date.now() > end) throw new Error(`map bench: ${what}: not settled within ${timeout / 1000} s (want done = ${done}); the app showed ${await appState(page)}`);
    await sleep(50);
  }
}

type P = [number, number];
interface Boundary { a: string; b: string; vertices: { v: P; prev: P; next: P }[]; centre: P }

/** The boundary of two catchments nearest the middle of the vertices shared by exactly two; its shared vertices in a's ring order. */
function pickBoundary(list: { id: string; geometry: { type: string; coordinates: unknown } | null }[]): Boundary | null {
  const ringOf = new Map(list.map((c) => [c.id, !c.geometry ? [] : c.geometry.type === 'Polygon' ? (c.geometry.coordinates as P[][])[0] : (c.geometry.coordinates as P[][][])[0][0]]));
  const owners = new Map<string, Set<string>>();
  for (const [id, ring] of ringOf) for (const p of ring) {
    const k = `${p[0]},${p[1]}`;
    if (!owners.has(k)) owners.set(k, new Set());
    owners.get(k)!.add(id);
  }
  const pairs = [...owners].filter(([, s]) => s.size === 2).map(([k, s]) => ({ v: k.split(',').map(Number) as P, ids: [...s].sort() }));
  if (pairs.length === 0) return null;
  const cx = pairs.reduce((a, p) => a + p.v[0], 0) / pairs.length;
  const cy = pairs.reduce((a, p) => a + p.v[1], 0) / pairs.length;
  pairs.sort((a, b) => Math.hypot(a.v[0] - cx, a.v[1] - cy) - Math.hypot(b.v[0] - cx, b.v[1] - cy));
  const [a, b] = pairs[0].ids;
  const ring = ringOf.get(a)!.slice(0, -1);
  const vertices: Boundary['vertices'] = [];
  ring.forEach((p, i) => {
    const s = owners.get(`${p[0]},${p[1]}`)!;
    if (s.size === 2 && s.has(b)) vertices.push({ v: p, prev: ring[(i - 1 + ring.length) % ring.length], next: ring[(i + 1) % ring.length] });
  });
  const centre: P = [ring.reduce((t, p) => t + p[0], 0) / ring.length, ring.reduce((t, p) => t + p[1], 0) / ring.length];
  return { a, b, vertices, centre };
}

async function measureEdits(page: Page, log: Log): Promise<DragSample[]> {
  await settle(page, 'the first evaluation', null, 300, EVALUATION_TIMEOUT);
  await page.getByTestId('edit-level').selectOption(LEVEL);
  await page.getByTestId('tool-reshape').click();

  // The boundary two primary catchments near the middle of the county share; 5 of its vertices, in ring order.
  const pick = pickBoundary(await page.evaluate((level) => {
    const h = (window as unknown as W).__schoolnet!.edit;
    return h.catchments(level).filter((c) => c.form === 'polygon').map((c) => ({ id: c.id, geometry: h.catchment(c.id)?.geometry ?? null }));
  }, LEVEL));
  if (!pick || pick.vertices.length < DRAGS) throw new Error(`map bench: no boundary with ${DRAGS} vertices shared by two ${LEVEL} catchments was found in the app`);
  const chosen = Array.from({ length: DRAGS }, (_, j) => pick.vertices[Math.floor(((j + 0.5) * pick.vertices.length) / DRAGS)]);
  log(`map: dragging ${DRAGS} vertices that ${pick.a} and ${pick.b} share`);

  await page.evaluate(() => {
    const w = window as unknown as W;
    const bench = (w.__bench = { ups: [] as number[], shown: [] as number[], evaluated: [] as number[] });
    window.addEventListener('schoolnet:evaluated', () => { bench.evaluated.push(performance.now()); });
    window.addEventListener('mouseup', () => { bench.ups.push(performance.now()); }, true);
    window.addEventListener('schoolnet:indicators-shown', (e) => { bench.shown.push((e as CustomEvent<{ at: number }>).detail.at); });
  });

  const samples: DragSample[] = [];
  for (let j = 0; j < DRAGS; j++) {
    const { v, prev, next } = chosen[j];
    const done = (await page.evaluate(() => (window as unknown as W).__schoolnet!.edit.state().done));
    await page.evaluate(([x, y]) => (window as unknown as W).__schoolnet!.edit.view(x, y, 16), v);
    // Select catchment a by clicking inside it, 40 px from the vertex towards a's middle (then around it).
    const sp = (p: [number, number]) => page.evaluate(([x, y]) => (window as unknown as W).__schoolnet!.edit.screenPoint(x, y)!, p);
    const at = await sp(v);
    const selected = async () => (await page.evaluate(() => (window as unknown as W).__schoolnet!.edit.state().selectedCatchment)) === pick.a;
    if (!(await selected())) {
      const c = await sp(pick.centre);
      const d = Math.hypot(c.x - at.x, c.y - at.y) || 1;
      const tries = [[at.x + ((c.x - at.x) / d) * 40, at.y + ((c.y - at.y) / d) * 40]];
      for (const r of [30, 55, 80]) for (let k = 0; k < 12; k++) tries.push([at.x + r * Math.cos((k / 12) * 2 * Math.PI), at.y + r * Math.sin((k / 12) * 2 * Math.PI)]);
      for (const [x, y] of tries) {
        await page.mouse.click(x, y);
        await sleep(100);
        if (await selected()) break;
      }
      if (!(await selected())) throw new Error(`map bench: could not select ${pick.a} by clicking inside it; the app showed ${await appState(page)}`);
      await settle(page, 'selecting the catchment', done, 300, EVALUATION_TIMEOUT);
    }
    // Across the boundary, 24 px (away from the neighbouring vertices, beyond the 10 px snapping), alternating sides.
    const [p0, p1] = [await sp(prev), await sp(next)];
    const tx = p1.x - p0.x;
    const ty = p1.y - p0.y;
    const tl = Math.hypot(tx, ty) || 1;
    const sign = j % 2 === 0 ? 1 : -1;
    const dx = (-ty / tl) * 24 * sign;
    const dy = (tx / tl) * 24 * sign;
    const before = await page.evaluate(() => ({ ups: (window as unknown as W).__bench!.ups.length }));
    await page.mouse.move(at.x, at.y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++) {
      await page.mouse.move(at.x + (dx * k) / 8, at.y + (dy * k) / 8);
      await sleep(30);
    }
    // Held still until the previews' evaluations are done: the next figures after the release are the edit's.
    await settle(page, `drag ${j + 1}: the preview while held`, done, 400, DRAG_TIMEOUT);
    await page.mouse.up();
    await settle(page, `drag ${j + 1}: the edit saved and evaluated`, done + 1, 500, DRAG_TIMEOUT);
    const s = await page.evaluate((n) => {
      const b = (window as unknown as W).__bench!;
      const up = b.ups[n];
      const after = b.shown.filter((t) => t > up);
      // Figures of an evaluation that ended before the release (a preview's) are not the edit's.
      const firstEvaluated = b.evaluated.find((t) => t > up) ?? Infinity;
      return up === undefined ? null : { up, after, stale: after.filter((t) => t < firstEvaluated).length, evaluatedAfter: b.evaluated.filter((t) => t > up).length };
    }, before.ups);
    if (!s) throw new Error(`map bench: drag ${j + 1}: the page saw no mouseup`);
    // The vertex left both rings and both have the same new one: the shared boundary moved.
    const after = await page.evaluate((ids) => ids.map((id) => (window as unknown as W).__schoolnet!.edit.catchment(id)?.geometry ?? null), [pick.a, pick.b]);
    const [ra, rb] = after.map((g) => new Set((!g ? [] : g.type === 'Polygon' ? (g.coordinates as P[][]).flat() : (g.coordinates as P[][][]).flat(2)).map((p) => `${p[0]},${p[1]}`)));
    const key = `${v[0]},${v[1]}`;
    if (ra.has(key) || rb.has(key)) throw new Error(`map bench: drag ${j + 1}: the vertex at ${key} did not move in both ${pick.a} and ${pick.b}`);
    const fresh = s.after.slice(s.stale);
    if (fresh.length === 0 && s.evaluatedAfter === 0) {
      // Saved, and not evaluated again: the figures of the preview at the release point were already the edit's.
      samples.push({ upToFirstShownMs: 0, upToLastShownMs: 0, shownAfterUp: 0 });
      log(`map: drag ${j + 1}: saved with no new evaluation after the release (the held preview's figures were already current): 0 ms`);
      continue;
    }
    if (fresh.length === 0) throw new Error(`map bench: drag ${j + 1}: the edit was saved and evaluated (${s.evaluatedAfter} time(s)) but no schoolnet:indicators-shown event followed`);
    samples.push({ upToFirstShownMs: fresh[0] - s.up, upToLastShownMs: fresh[fresh.length - 1] - s.up, shownAfterUp: fresh.length });
    if (process.env.SNP_BENCH_MAP_TIMELINE) log(`map: drag ${j + 1} timeline: ${JSON.stringify(await page.evaluate((up) => ((window as unknown as { __schoolnetTimeline?: { name: string; at: number }[] }).__schoolnetTimeline ?? []).filter((m) => m.at >= up - 300).map((m) => `${m.name}@${Math.round(m.at - up)}`), s.up))}`);
    log(`map: drag ${j + 1}: release → indicators ${round(fresh[0] - s.up)} ms (${fresh.length} figure update(s) after the release, last at ${round(fresh[fresh.length - 1] - s.up)} ms${s.stale ? `; ${s.stale} earlier one(s) of a preview's evaluation skipped` : ''})`);
  }
  return samples;
}

// ---- the bench -----------------------------------------------------------------------------------

export async function benchMap(log: Log): Promise<MapBench> {
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), 'snp-bench-map-'));
  let browser: Browser | null = null;
  let statics: Server | null = null;
  let app: AppServer | null = null;
  try {
    browser = await launch();

    // Plain MapLibre, 100k points.
    const s = await startStaticServer();
    statics = s.server;
    const runs: PlainState[] = [];
    for (let k = 0; k < PLAIN_RUNS; k++) runs.push(await plainRun(browser, s.origin, PLAIN_POINTS));
    await new Promise<void>((ok) => statics!.close(() => ok()));
    statics = null;
    const plain100kMs = median(runs.map((r) => r.idleAt!));
    const mid = runs.find((r) => r.idleAt === plain100kMs)!;
    log(`map: plain MapLibre, ${PLAIN_POINTS.toLocaleString('en')} points: navigation → first idle ${round(plain100kMs)} ms, median of ${PLAIN_RUNS} (${runs.map((r) => round(r.idleAt!)).join(', ')}; that run: script ${round(mid.scriptAt!)} ms, source added ${round(mid.sourceAddedAt!)} ms, ${mid.drawn.toLocaleString('en')} points rendered)`);

    // The app on the 1M project.
    const project = join(dir, 'bench-1m.sqlite');
    const written = writeProject(project, log);
    let t = performance.now();
    app = await startAppServer(project, dir);
    log(`map: browser-mode server ready in ${((performance.now() - t) / 1000).toFixed(1)} s`);
    // Median of APP_RUNS loads, each in a fresh browser context (as the plain page's); the last
    // page stays open for the edits.
    const outside: string[] = [];
    const firsts: number[] = [];
    let context: BrowserContext | null = null;
    let page: Page | null = null;
    for (let k = 0; k < APP_RUNS; k++) {
      await context?.close();
      context = await browser.newContext({ viewport: VIEWPORT });
      page = await context.newPage();
      page.on('request', (r) => {
        const u = r.url();
        if (!/^(blob:|data:|http:\/\/127\.0\.0\.1[:/])/.test(u)) outside.push(u);
      });
      watchErrors(page);
      t = performance.now();
      await Promise.race([page.goto(app.url, { timeout: FIRST_IDLE_TIMEOUT, waitUntil: 'commit' }), crashed(page)]);
      const idle = await until(page, `the map of the ${RESIDENCES.toLocaleString('en')}-residence project did not become idle with residences drawn within ${FIRST_IDLE_TIMEOUT / 60_000} min`, () => {
        const h = (window as unknown as W).__schoolnet;
        if (h?.evaluation().status === 'error') return { failed: 'the evaluation failed' } as const; // the page will not get there
        if (!h || h.mapIdle !== true) return false;
        const hook = typeof h.residencesDrawn === 'function';
        if (hook && !(h.residencesDrawn!() > 0)) return false;
        // The moment of the map's idle event, as the plain page records it (polling may run a frame or more later).
        return { at: h.firstPictureAt ?? performance.now(), hook, drawn: hook ? h.residencesDrawn!() : null };
      }, FIRST_IDLE_TIMEOUT);
      if ('failed' in idle) throw new Error(`map bench: the app failed before its map was idle with residences drawn: ${idle.failed}; the app showed ${await appState(page)}`);
      firsts.push(idle.at);
      const errors = pageErrors.get(page) ?? [];
      if (errors.length > 0) log(`map: page errors: ${errors.join(' | ')}`);
      if (process.env.SNP_BENCH_MAP_TIMELINE) log(`map: start-up timeline: ${JSON.stringify(await page.evaluate(() => ((window as unknown as { __schoolnetTimeline?: { name: string; at: number }[] }).__schoolnetTimeline ?? []).map((m) => `${m.name}@${m.at}`)))}`);
      log(`map: app, ${RESIDENCES.toLocaleString('en')} residences, load ${k + 1}: navigation → map idle ${idle.hook ? `with ${idle.drawn!.toLocaleString('en')} residences drawn` : '(no residencesDrawn hook yet: map idle only)'} ${round(idle.at)} ms (${((performance.now() - t) / 1000).toFixed(1)} s wall)`);
    }
    const firstIdleMs = median(firsts);
    log(`map: app, ${RESIDENCES.toLocaleString('en')} residences: navigation → map idle ${round(firstIdleMs)} ms, median of ${APP_RUNS} (${firsts.map(round).join(', ')}): ${(firstIdleMs / plain100kMs).toFixed(2)} × plain 100k`);
    if (!page || !context) throw new Error('map bench: no app page was loaded');

    const samples = await measureEdits(page, log);
    const editToIndicatorsMs = median(samples.map((x) => x.upToFirstShownMs));
    const lastMedian = median(samples.map((x) => x.upToLastShownMs));
    log(`map: drag a shared vertex → indicators on screen ${round(editToIndicatorsMs)} ms, median of ${samples.length} (${samples.map((x) => round(x.upToFirstShownMs)).join(', ')}; last figure update after the release ${round(lastMedian)} ms median)`);
    if (outside.length > 0) log(`map: WARNING: the app made ${outside.length} request(s) outside 127.0.0.1, e.g. ${outside[0]}`);
    await context.close();
    log(`map: bench took ${((performance.now() - started) / 1000).toFixed(0)} s`);
    return { residences: written.residences, firstIdleMs: round(firstIdleMs), plain100kMs: round(plain100kMs), ratio: Math.round((firstIdleMs / plain100kMs) * 100) / 100, editToIndicatorsMs: round(editToIndicatorsMs) };
  } finally {
    if (statics) statics.close();
    await browser?.close().catch(() => undefined);
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}
