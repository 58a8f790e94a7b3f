// A planner reads the demo county's indicators: the county panel and a school's inspector show the
// figures the command line prints for the same project; catchments are coloured by utilisation;
// changing the assignment method recomputes in the worker, and a run can be cancelled.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

interface SchoolRow { schoolId: string; name: string; level: string; pupils: number; seats: number; utilisation: number | null }
interface Cv { indicator: string; cv: number; pass: boolean }
interface LevelEv { level: string; schools: SchoolRow[]; county: { schools: number; pupils: number; seats: number; seatGap: number; overCapacitySchools: number; shareWithinRadius: number | null; cv: Cv[] } }
interface Ev { levels: LevelEv[] }

function cli(projectPath: string, ...args: string[]): Ev {
  const r = spawnSync(process.execPath, [join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), join(ROOT, 'scripts', 'cli.ts'), 'evaluate', projectPath, '--json', ...args], { cwd: ROOT, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`cli evaluate failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Ev;
}

type Hooks = { evaluation(): { status: string; evaluation: Ev | null }; catchmentColours(): Record<string, string>; startAndCancelEvaluation(): void; mapIdle: boolean };
const status = (page: Page) => page.evaluate(() => (window as unknown as { __schoolnet: Hooks }).__schoolnet.evaluation().status);
const done = (page: Page) => page.waitForFunction(() => (window as unknown as { __schoolnet?: Hooks }).__schoolnet?.evaluation().status === 'done', null, { timeout: 60_000 });
const n = (v: number) => Math.round(v).toLocaleString('zh-CN');

test('the county panel shows the same indicators as the command line, checked against the standards', async ({ app, server }) => {
  await done(app);
  const expected = cli(server.projectPath);
  for (const level of ['primary', 'junior']) {
    const c = expected.levels.find((l) => l.level === level)!.county;
    await expect(app.getByTestId(`county-${level}-pupils`)).toHaveText(n(c.pupils));
    await expect(app.getByTestId(`county-${level}-seats`)).toHaveText(n(c.seats));
    await expect(app.getByTestId(`county-${level}-seatGap`)).toHaveText(n(c.seatGap));
    await expect(app.getByTestId(`county-${level}-overCapacity`)).toHaveText(n(c.overCapacitySchools));
    await expect(app.getByTestId(`county-${level}-withinRadius`)).toContainText(`${((c.shareWithinRadius ?? 0) * 100).toFixed(1)}%`);
    const cvTable = app.getByTestId(`county-${level}-cv`);
    for (const cv of c.cv) await expect(cvTable).toContainText(cv.cv.toFixed(3));
  }
  await expect(app.getByTestId('county-panel')).toContainText('上限 0.50');
  await expect(app.getByTestId('county-panel')).toContainText('服务半径内学生占比');
  // The evaluation ran in the worker, not on the page.
  expect(app.workers().some((w) => w.url().includes('evaluation.worker'))).toBe(true);
});

test("a school's inspector shows its indicators, equal to the command line's", async ({ app, server }) => {
  await done(app);
  const expected = cli(server.projectPath, '--level', 'primary');
  const row = expected.levels[0].schools.find((s) => s.name === '青溪县实验小学')!;
  await app.getByTestId('school-search').fill('shiyan');
  await app.getByTestId('school-list').locator('li').first().click();
  await expect(app.getByTestId('indicator-primary-pupils')).toContainText(n(row.pupils));
  await expect(app.getByTestId('indicator-primary-utilisation')).toHaveText(`${((row.utilisation ?? 0) * 100).toFixed(1)}%`);
  // Its catchment's shape figures, and the pupils assigned per grade beside its own roll.
  await expect(app.getByTestId('catchment-primary')).toContainText('平方公里');
  await expect(app.getByTestId('catchment-primary')).toContainText('紧凑度');
  await expect(app.getByTestId('inspector-grades')).toContainText('划入');
});

test('catchments are coloured by the utilisation of their school', async ({ app }) => {
  await done(app);
  const ev = (await app.evaluate(() => (window as unknown as { __schoolnet: Hooks }).__schoolnet.evaluation().evaluation))!;
  const primary = ev.levels.find((l) => l.level === 'primary')!;
  const expectColour = (u: number | null) => (u === null ? '#9ca3af' : u < 0.6 ? '#60a5fa' : u < 0.9 ? '#a7f3d0' : u < 1.0 ? '#34d399' : u < 1.1 ? '#f59e0b' : '#dc2626');
  // What the map draws once the evaluation has reached it: every primary catchment in its class.
  const compare = async () => {
    const colours = await app.evaluate(() => (window as unknown as { __schoolnet: Hooks }).__schoolnet.catchmentColours());
    const wrong: string[] = [];
    let checked = 0;
    for (const [id, colour] of Object.entries(colours)) {
      const row = primary.schools.find((s) => s.schoolId === id.split(':').pop());
      if (!id.includes(':primary:') || !row) continue;
      checked++;
      if (colour !== expectColour(row.utilisation)) wrong.push(`${id}: ${colour} for utilisation ${row.utilisation}`);
    }
    return { checked, wrong, red: Object.values(colours).filter((c) => c === '#dc2626').length };
  };
  await expect.poll(async () => (await compare()).wrong, { timeout: 20_000 }).toEqual([]);
  const result = await compare();
  expect(result.checked).toBeGreaterThan(50);
  expect(result.red).toBeGreaterThan(0); // the demo has schools above 110 %
  await expect(app.getByTestId('legend-utilisation')).toBeVisible();
  await app.getByTestId('colour-by').selectOption('school');
  await expect.poll(async () => (await compare()).red).toBe(0);
});

test('switching to capacity-limited assignment recomputes in the worker; a run can be cancelled', async ({ app, server }) => {
  await done(app);
  await app.getByTestId('evaluation-method').selectOption('capacity');
  await expect.poll(() => status(app)).toBe('done');
  const expected = cli(server.projectPath, '--method', 'capacity');
  for (const l of expected.levels) {
    expect(l.county.overCapacitySchools).toBe(0);
    await expect(app.getByTestId(`county-${l.level}-overCapacity`)).toHaveText('0');
    await expect(app.getByTestId(`county-${l.level}-pupils`)).toHaveText(n(l.county.pupils));
  }
  await app.evaluate(() => (window as unknown as { __schoolnet: Hooks }).__schoolnet.startAndCancelEvaluation());
  await expect(app.getByTestId('evaluation-status')).toHaveAttribute('data-status', 'cancelled');
  await app.getByTestId('evaluation-status').getByRole('button').click();
  await expect(app.getByTestId('evaluation-status')).toHaveAttribute('data-status', 'done');
});
