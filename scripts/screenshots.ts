// `npm run screenshots`: refreshes the README's screenshots (docs/screenshot.png in Chinese, the
// county with catchments coloured by utilisation and the county indicators; docs/screenshot-en.png
// in English, zoomed to the county seat with a crowded school inspected) from a fresh demo project.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { buildIfStale, ROOT } from './lib/app';
import { CHROMIUM_ARGS } from '../playwright.config';

type Hooks = { mapIdle: boolean; evaluation(): { status: string } };
const ready = async (page: Page) => {
  await page.waitForFunction(() => (window as unknown as { __schoolnet?: Hooks }).__schoolnet?.evaluation().status === 'done', null, { timeout: 60_000 });
  await page.waitForFunction(() => (window as unknown as { __schoolnet: Hooks }).__schoolnet.mapIdle, null, { timeout: 60_000 });
  await page.waitForTimeout(400);
};

async function main(): Promise<void> {
  buildIfStale();
  const dir = mkdtempSync(join(tmpdir(), 'snp-shots-'));
  const tsx = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');
  const project = join(dir, 'demo.sqlite');
  const made = spawnSync(process.execPath, [tsx, join(ROOT, 'scripts', 'cli.ts'), 'demo', project], { cwd: ROOT, encoding: 'utf8' });
  if (made.status !== 0) throw new Error(made.stderr);
  const child = spawn(process.execPath, [tsx, join(ROOT, 'scripts', 'serve.ts'), '--port', '0', '--project', project, '--no-build'], { cwd: ROOT, env: { ...process.env, SCHOOLNET_CONFIG_DIR: join(dir, 'config') }, stdio: ['ignore', 'pipe', 'inherit'] });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    const url = await new Promise<string>((ok) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /(http:\/\/127\.0\.0\.1:\d+\/\?token=\w+)/.exec(out);
        if (m) ok(m[1]);
      });
    });
    const zh = await browser.newPage({ viewport: { width: 1500, height: 900 }, locale: 'zh-CN' });
    await zh.goto(url);
    await ready(zh);
    await zh.screenshot({ path: join(ROOT, 'docs', 'screenshot.png') });
    const en = await browser.newPage({ viewport: { width: 1500, height: 900 }, locale: 'en-US' });
    await en.goto(url);
    await ready(en);
    await en.getByTestId('school-search').fill('shiyan');
    await en.getByTestId('school-list').locator('li').first().click();
    await ready(en);
    await en.waitForTimeout(1200); // the fly-to animation
    await en.screenshot({ path: join(ROOT, 'docs', 'screenshot-en.png') });
    console.log('wrote docs/screenshot.png and docs/screenshot-en.png');
  } finally {
    await browser.close();
    child.kill('SIGTERM');
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
