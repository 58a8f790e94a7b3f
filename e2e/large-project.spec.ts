// A project above 50,000 units (the synthetic county, 60,000 points): its units come as one column
// block, which is asked for after the first picture. Until it has arrived the map draws what the
// backend's `residences.view` gives, and the figures wait for it; then the worker serves the views,
// the figures equal the command line's, zoomed in the units themselves are drawn and hovering one
// names the school whose catchment holds it, and an edit is re-evaluated like any other.
import { test, expect, resetSettings, LARGE_DATASET_RESIDENCES } from './fixtures';
import { catchment, hasVertex, rings, sameAsCli, selectCatchment, settled, state, type Pos } from './edit-helpers';

test.use({ dataset: 'large' });

interface LargeHooks {
  firstPictureAt?: number;
  residencesDrawn(): number;
}

/** Ray casting: is the point inside the ring (the synthetic catchments are simple polygons)? */
function inRing(p: Pos, ring: Pos[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if ((yi > p[1]) !== (yj > p[1]) && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

test('the first picture comes from the backend before the residence block; the figures wait for the block and then equal the CLI', async ({ page, server, requests }) => {
  // Hold the block back: the picture must not need it.
  let release!: () => void;
  const held = new Promise<void>((ok) => { release = ok; });
  let asked = false;
  await page.route('**/api/residences.columns', async (route) => {
    asked = true;
    await held;
    await route.continue();
  });
  await resetSettings(server);
  await page.goto(server.url);
  await page.waitForFunction(() => (window as unknown as { __schoolnet?: LargeHooks }).__schoolnet?.firstPictureAt !== undefined, undefined, { timeout: 60_000 });
  const drawn = await page.evaluate(() => (window as unknown as { __schoolnet: LargeHooks }).__schoolnet.residencesDrawn());
  expect(drawn, 'the units are drawn, binned (the whole county is in view)').toBeGreaterThan(20);
  expect(drawn).toBeLessThan(5_000);
  expect(requests.filter((u) => u.includes('/api/residences.view')).length).toBeGreaterThan(0);
  expect(requests.some((u) => u.includes('/api/residences.list')), 'a large project never asks for a million records').toBe(false);
  await expect.poll(() => asked, { message: 'the block is asked for after the first picture' }).toBe(true);

  // Without the block there are no figures yet, and generating catchments (which needs every unit's pupils) says so.
  await page.waitForTimeout(500);
  expect((await page.evaluate(() => window.__schoolnet.evaluation())).status).toBe('idle');
  await expect(page.getByTestId('evaluation-status')).toContainText(/60,000|60000/);
  await page.getByTestId('generate-method').selectOption('capacity');
  await page.getByTestId('generate').click();
  await expect(page.getByTestId('edit-notice')).toContainText(/still loading|仍在加载/);
  expect((await state(page)).done).toBe(0);

  release();
  await page.waitForFunction(() => window.__schoolnet.evaluation().status === 'done', null, { timeout: 120_000 });
  const ev = await page.evaluate(() => window.__schoolnet.evaluation().evaluation!.levels.find((l) => l.level === 'primary')!.schools.reduce((a, s) => a + s.pupils, 0));
  expect(ev).toBeGreaterThan(LARGE_DATASET_RESIDENCES); // about 9 pupils a unit, grades 1–6 counted
  await sameAsCli(page, server.projectPath);
});

test('zoomed in, the units themselves are drawn; hovering one names the school whose catchment holds it; an edit is re-evaluated', async ({ app, server }) => {
  await app.waitForFunction(() => window.__schoolnet.evaluation().status === 'done', null, { timeout: 120_000 });

  // A unit well inside the county, and the view around it at zoom 16.
  const summary = (await server.call('project.summary')) as { bbox: [number, number, number, number] };
  const [w, s, e, n] = summary.bbox;
  const units = (await server.call('residences.list', { bbox: [w + 0.45 * (e - w), s + 0.45 * (n - s), w + 0.55 * (e - w), s + 0.55 * (n - s)], limit: 1 })) as { id: string; geometry: { coordinates: Pos } }[];
  expect(units.length).toBe(1);
  const unit = units[0];
  await app.evaluate(([x, y]) => window.__schoolnet.edit.view(x, y, 16), unit.geometry.coordinates);
  // The worker answers the new view with the units in it (a few dozen, not bins).
  await app.waitForFunction(() => {
    const d = (window as unknown as { __schoolnet: LargeHooks }).__schoolnet.residencesDrawn();
    return d > 0 && d < 200;
  }, null, { timeout: 30_000 });

  const at = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), unit.geometry.coordinates))!;
  await app.mouse.move(at.x, at.y);
  await expect(app.getByTestId('map-tooltip')).toContainText(unit.id);
  const named = (await app.getByTestId('hover-school').textContent()) ?? '';
  const schools = (await server.call('schools.list')) as { id: string; name: string }[];
  const school = schools.find((x) => named.includes(x.name) && !schools.some((y) => y !== x && y.name.length > x.name.length && named.includes(y.name)));
  expect(school, `the tooltip names a school: "${named}"`).toBeTruthy();
  const own = (await app.evaluate(() => window.__schoolnet.edit.catchments('primary'))).find((c) => c.schoolId === school!.id)!;
  const ring = rings((await catchment(app, own.id))!.geometry)[0];
  expect(inRing(unit.geometry.coordinates, ring), `${unit.id} lies in the catchment of ${school!.name}`).toBe(true);
  await app.mouse.move(5, 5);

  // Drag a vertex that catchment shares with a neighbour: saved, and the figures equal the CLI's.
  const shared = await app.evaluate((id) => {
    const h = window.__schoolnet.edit;
    const mine = h.catchment(id)!.geometry!.coordinates as [number, number][][];
    const others = h.catchments('primary').filter((c) => c.id !== id).map((c) => ({ id: c.id, ring: (h.catchment(c.id)!.geometry!.coordinates as [number, number][][])[0] }));
    for (const v of mine[0]) {
      const o = others.find((c) => c.ring.some((p) => p[0] === v[0] && p[1] === v[1]));
      if (o) return { v, other: o.id };
    }
    return null;
  }, own.id);
  expect(shared, 'the synthetic catchments share boundary vertices').toBeTruthy();
  await app.getByTestId('tool-reshape').click();
  await app.evaluate(([x, y]) => window.__schoolnet.edit.view(x, y, 15), shared!.v);
  await selectCatchment(app, own.id, shared!.v);
  const from = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), shared!.v))!;
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  for (let k = 1; k <= 8; k++) await app.mouse.move(from.x + 3 * k, from.y + 2 * k);
  await app.mouse.up();
  await settled(app, 1);
  expect(hasVertex((await catchment(app, own.id))!.geometry, shared!.v)).toBe(false);
  expect(hasVertex((await catchment(app, shared!.other))!.geometry, shared!.v)).toBe(false);
  await sameAsCli(app, server.projectPath);
});

test('when the residence block cannot be loaded, the map stays and the figures panel says so', async ({ page, server }) => {
  await page.route('**/api/residences.columns', (route) => route.abort('connectionfailed'));
  await resetSettings(server);
  await page.goto(server.url);
  await page.waitForFunction(() => (window as unknown as { __schoolnet?: LargeHooks }).__schoolnet?.firstPictureAt !== undefined, undefined, { timeout: 60_000 });
  await expect(page.getByTestId('evaluation-status')).toHaveAttribute('data-status', 'error', { timeout: 30_000 });
  await expect(page.getByTestId('evaluation-status')).not.toBeEmpty();
  expect(await page.evaluate(() => (window as unknown as { __schoolnet: LargeHooks }).__schoolnet.residencesDrawn())).toBeGreaterThan(0);
  await expect(page.getByTestId('map')).toBeVisible();
});
