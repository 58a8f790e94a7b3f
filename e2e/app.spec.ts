// A planner opens the demo county: sees schools and catchments on the map and in the list,
// inspects a school from the map and from the list, toggles a layer and switches language.
// The fixture fails any test in which a request left 127.0.0.1.
import { test, expect } from './fixtures';
import type { Page } from '@playwright/test';

type Hooks = { ready: boolean; mapIdle: boolean; counts: { schools: number; residences: number; catchments: number }; renderedSchools(): number; renderedCatchments(): number; schoolScreenPoint(id: string): { x: number; y: number } | null };
const hooks = (page: Page) => page.evaluate(() => {
  const h = (window as unknown as { __schoolnet: Hooks }).__schoolnet;
  return { ready: h.ready, mapIdle: h.mapIdle, counts: h.counts, schools: h.renderedSchools(), catchments: h.renderedCatchments() };
});
const idle = (page: Page) => page.waitForFunction(() => (window as unknown as { __schoolnet: Hooks }).__schoolnet.mapIdle === true);

test('the demo county opens with its schools and catchments on the map and in the list', async ({ app, server }) => {
  await idle(app);
  const summary = (await server.call('project.summary')) as { counts: { schools: number; residences: number; catchments: number } };
  const h = await hooks(app);
  expect(h.counts).toEqual({ schools: summary.counts.schools, residences: summary.counts.residences, catchments: summary.counts.catchments });
  expect(h.schools).toBeGreaterThanOrEqual(100); // the whole county is in view: every school is drawn
  expect(h.catchments).toBeGreaterThan(50);
  await expect(app.getByTestId('school-list').locator('li')).toHaveCount(summary.counts.schools);
  await expect(app.getByTestId('project-name')).toHaveText('青溪县（演示）');
  await expect(app.getByTestId('summary-counts')).toContainText(String(summary.counts.schools));
});

test('search the list by pinyin and inspect a school from the list', async ({ app }) => {
  await app.getByTestId('school-search').fill('shiyan');
  const items = app.getByTestId('school-list').locator('li');
  await expect(items).toHaveCount(1);
  await items.first().click();
  await expect(app.getByTestId('inspector-name')).toHaveText('青溪县实验小学');
  await expect(app.getByTestId('inspector')).toContainText('在校生 ÷ 学位');
  await expect(app.getByTestId('inspector-grades')).toContainText('一年级');
});

test('click a school on the map to open its inspector, and hover shows a tooltip', async ({ app, server }) => {
  await idle(app);
  const schools = (await server.call('schools.list', { type: 'teaching_point' })) as { id: string; name: string }[];
  const target = schools[0];
  const at = await app.evaluate((id) => (window as unknown as { __schoolnet: Hooks }).__schoolnet.schoolScreenPoint(id), target.id);
  expect(at).not.toBeNull();
  await app.mouse.move(at!.x, at!.y);
  await expect(app.getByTestId('map-tooltip')).toBeVisible();
  await app.mouse.click(at!.x, at!.y);
  await expect(app.getByTestId('inspector-name')).toBeVisible();
  const shown = await app.getByTestId('inspector-name').textContent();
  // Symbols may overlap at county scale: the inspector shows the school under the pointer.
  const near = (await server.call('schools.list', {})) as { name: string }[];
  expect(near.map((s) => s.name)).toContain(shown);
});

test('toggle the junior catchments on and the schools off', async ({ app }) => {
  await idle(app);
  const before = await hooks(app);
  await app.getByTestId('layer-toggle-catchmentsJunior').check();
  await idle(app);
  await expect.poll(async () => (await hooks(app)).catchments).toBeGreaterThan(before.catchments);
  await app.getByTestId('layer-toggle-schools').uncheck();
  await expect.poll(async () => (await hooks(app)).schools).toBe(0);
});

test('switch the language from Chinese to English and back', async ({ app, server }) => {
  await expect(app.getByTestId('layer-panel')).toContainText('图层');
  await app.getByTestId('language-switch').click();
  await expect(app.getByTestId('layer-panel')).toContainText('Layers');
  await expect(app.getByTestId('legend')).toContainText('Teaching point');
  expect(((await server.call('settings.get')) as { locale: string }).locale).toBe('en');
  await app.reload();
  await expect(app.getByTestId('layer-panel')).toContainText('Layers'); // the choice is kept
  await app.getByTestId('language-switch').click();
  await expect(app.getByTestId('layer-panel')).toContainText('图层');
});

test('the online basemap stays off unless the planner adds one', async ({ app }) => {
  await expect(app.getByTestId('layer-toggle-onlineBasemap')).toHaveCount(0);
  await app.getByTestId('settings-open').click();
  await app.getByTestId('basemap-enabled').check();
  await app.getByTestId('basemap-url').fill('ftp://tiles.example/{z}/{x}/{y}.png');
  await app.getByTestId('settings-save').click();
  await expect(app.getByTestId('settings-error')).toContainText('http');
});

test.describe('on an English system', () => {
  test.use({ locale: 'en-US' });
  test('the UI starts in English when the planner has not chosen a language', async ({ app }) => {
    await expect(app.getByTestId('layer-panel')).toContainText('Layers');
    await expect(app.getByTestId('summary-counts')).toContainText('Schools');
  });
});
