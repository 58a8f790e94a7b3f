// Measures browser mode's start-up: from launching the server on a demo project to a drawn map
// (window.__schoolnet.mapIdle in Debian's Chromium). Also reports the demo project's file size.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from '../lib/app';
import { CHROMIUM_ARGS } from '../../playwright.config';

export interface StartupResult {
  demoWriteMs: number;
  demoFileBytes: number;
  serverReadyMs: number;
  firstMapIdleMs: number; // server launch → map drawn
  pageToMapIdleMs: number; // page navigation → map drawn
}

export async function measureStartup(): Promise<StartupResult> {
  const dir = mkdtempSync(join(tmpdir(), 'snp-bench-'));
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const project = join(dir, 'demo.sqlite');
  try {
    let t = performance.now();
    const made = spawnSync(process.execPath, [tsx, join(ROOT, 'scripts', 'cli.ts'), 'demo', project], { cwd: ROOT, encoding: 'utf8' });
    if (made.status !== 0) throw new Error(made.stderr);
    const demoWriteMs = performance.now() - t;
    const demoFileBytes = statSync(project).size;

    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
    t = performance.now();
    const child = spawn(process.execPath, [tsx, join(ROOT, 'scripts', 'serve.ts'), '--port', '0', '--project', project, '--no-build'], {
      cwd: ROOT, env: { ...process.env, SCHOOLNET_CONFIG_DIR: join(dir, 'config') }, stdio: ['ignore', 'pipe', 'inherit'],
    });
    try {
      const url = await new Promise<string>((ok, fail) => {
        let out = '';
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/.exec(out);
          if (m) ok(m[1]);
        });
        child.on('exit', (c) => fail(new Error(`server exited ${c}`)));
      });
      const serverReadyMs = performance.now() - t;
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      const tPage = performance.now();
      await page.goto(url);
      await page.waitForFunction(() => (window as unknown as { __schoolnet?: { mapIdle?: boolean } }).__schoolnet?.mapIdle === true, undefined, { timeout: 120_000 });
      const now = performance.now();
      return { demoWriteMs, demoFileBytes, serverReadyMs, firstMapIdleMs: now - t, pageToMapIdleMs: now - tPage };
    } finally {
      child.kill('SIGTERM');
      await browser.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
