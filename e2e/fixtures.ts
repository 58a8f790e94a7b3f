// Test fixtures: one browser-mode server on a fresh demo project for the whole run, a page that
// opens the app with its token, and a guard that fails any test in which a request left 127.0.0.1.
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

export interface AppServer {
  url: string; // with ?token=
  origin: string;
  token: string;
  projectPath: string;
  /** Calls the API the way the page does (for setup and for reading state to compare). */
  call(method: string, params?: unknown): Promise<unknown>;
}

async function startServer(dir: string, projectPath: string): Promise<{ server: AppServer; child: ChildProcess }> {
  const env = { ...process.env, SCHOOLNET_CONFIG_DIR: join(dir, 'config'), SCHOOLNET_DATA_DIR: join(dir, 'data'), SCHOOLNET_VALIDATE_RESULTS: '1' };
  const child = spawn(process.execPath, [TSX, join(ROOT, 'scripts', 'serve.ts'), '--port', '0', '--project', projectPath, '--no-build'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => { stderr += d.toString(); });
  const url = await new Promise<string>((ok, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`server did not print its URL within 60 s; stderr: ${stderr}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    });
    child.on('exit', (code) => fail(new Error(`server exited with ${code}: ${stderr}`)));
  });
  const u = new URL(url);
  const token = u.searchParams.get('token') ?? '';
  const call = async (method: string, params: unknown = {}) => {
    const res = await fetch(`${u.origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(params) });
    const body = (await res.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
    if (!body.ok) throw new Error(`${method}: ${body.error?.message}`);
    return body.result;
  };
  return { server: { url, origin: u.origin, token, projectPath, call }, child };
}

const REAL = join(ROOT, '..', 'shared', 'data', 'real');

/** The settings every spec starts from: the system's language, no online basemap. */
export async function resetSettings(server: AppServer): Promise<void> {
  await server.call('settings.update', { locale: null, onlineBasemap: { enabled: false, urlTemplate: '', apiKey: null, attribution: '', maxZoom: 18 } });
}

/** Units of the 'large' dataset: above the 50,000 from which the app loads them as one column block. */
export const LARGE_DATASET_RESIDENCES = 60_000;

export const test = base.extend<{ app: Page; requests: string[] }, { server: AppServer; ownProject: boolean; dataset: 'demo' | 'fairfax-fcps' | 'large' }>({
  /**
   * The project the worker's server opens: the demo county, a real dataset imported with its recipe
   * (docs/recipes), or 'large': the synthetic county of scripts/lib/synthetic-project.ts with
   * LARGE_DATASET_RESIDENCES units.
   */
  dataset: ['demo', { scope: 'worker', option: true }],

  /**
   * Specs that change the project (imports) set `test.use({ ownProject: true })`: a worker option,
   * so Playwright gives them a worker — and a server on a fresh demo — of their own, and no other
   * spec sees their changes.
   */
  ownProject: [false, { scope: 'worker', option: true }],

  server: [async ({ ownProject, dataset }, use) => {
    void ownProject; // only its value matters: a different value is a different worker
    const dir = mkdtempSync(join(tmpdir(), 'snp-e2e-'));
    const projectPath = join(dir, `${dataset}.sqlite`);
    const args = dataset === 'demo' ? [join(ROOT, 'scripts', 'cli.ts'), 'demo', projectPath]
      : dataset === 'large' ? [join(ROOT, 'scripts', 'synthetic-project.ts'), projectPath, '--residences', String(LARGE_DATASET_RESIDENCES)]
        : [join(ROOT, 'scripts', 'cli.ts'), 'import', projectPath, '--recipe', join(ROOT, 'docs', 'recipes', `${dataset}.json`), '--data', join(REAL, dataset)];
    if (dataset !== 'demo' && dataset !== 'large' && !existsSync(join(REAL, dataset))) throw new Error(`${join(REAL, dataset)} is missing: the e2e specs need ../shared/data/real beside the repository`);
    const made = spawnSync(process.execPath, [TSX, ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (made.status !== 0) throw new Error(`could not write the ${dataset} project: ${made.stderr}${made.stdout.slice(0, 2000)}`);
    const { server, child } = await startServer(dir, projectPath);
    await use(server);
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }, { scope: 'worker' }],

  requests: async ({ context }, use) => {
    const urls: string[] = [];
    context.on('request', (r) => { urls.push(r.url()); });
    await use(urls);
    const outside = urls.filter((u) => {
      if (u.startsWith('data:') || u.startsWith('blob:')) return false;
      try {
        return new URL(u).hostname !== '127.0.0.1';
      } catch {
        return true;
      }
    });
    expect(outside, 'no request may leave 127.0.0.1').toEqual([]);
  },

  app: async ({ page, server, requests }, use) => {
    void requests;
    await resetSettings(server);
    await page.goto(server.url);
    await page.waitForFunction(() => (window as unknown as { __schoolnet?: { ready?: boolean } }).__schoolnet?.ready === true, undefined, { timeout: 60_000 });
    await use(page);
  },
});

export { expect };
