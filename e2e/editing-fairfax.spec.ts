// Editing on a real district: Fairfax County's census blocks (9,404 polygons) imported with their
// elementary and middle school zones as block lists (docs/recipes/fairfax-fcps.json). The planner
// paints blocks to another elementary school, merges two zones, splits one with a line, draws a
// loop that zones the blocks inside it, generates nearest-school middle catchments as polygons and
// drags a vertex two of them share; undo, redo and a reload; the figures equal the command line's.
import { test, expect } from './fixtures';
import { catchment, county, hasVertex, rings, sameAsCli, selectCatchment, settled, state, type Pos } from './edit-helpers';

// The Fairfax blocks carry population, not pupils (PROVENANCE): what moves is counted in blocks.

test.use({ dataset: 'fairfax-fcps' });
test.describe.configure({ mode: 'serial' });

const ready = { timeout: 120_000 };

test('Fairfax blocks: paint, merge, split and draw elementary zones, then undo them all', async ({ app, server }) => {
  test.setTimeout(240_000);
  await app.waitForFunction(() => window.__schoolnet.evaluation().status === 'done', null, ready);
  const start = (await state(app)).done;
  const zones = await app.evaluate(() => window.__schoolnet.edit.catchments('primary'));
  expect(zones.length).toBeGreaterThanOrEqual(130); // PROVENANCE: 138 elementary zones
  expect(zones.every((z) => z.form === 'units')).toBe(true);
  const snapshot = await app.evaluate(() => window.__schoolnet.edit.catchments('primary').map((c) => window.__schoolnet.edit.catchment(c.id)));

  // Paint three neighbouring blocks of one zone to another school.
  await app.getByTestId('edit-level').selectOption('primary');
  await app.getByTestId('tool-paint').click();
  const pick = await app.evaluate(() => {
    const h = window.__schoolnet.edit;
    const big = h.catchments('primary').filter((c) => c.units >= 40).sort((a, b) => b.units - a.units);
    const from = h.catchment(big[0].id)!;
    const to = big[1];
    const at = from.unitIds.map((u) => ({ u, p: h.residenceAt(u)! }));
    const first = at[Math.floor(at.length / 2)];
    at.sort((x, y) => Math.hypot(x.p[0] - first.p[0], x.p[1] - first.p[1]) - Math.hypot(y.p[0] - first.p[0], y.p[1] - first.p[1]));
    return { from: from.id, to: to.id, toSchool: to.schoolId, units: at.slice(0, 3) };
  });
  await app.getByTestId('edit-target').selectOption(pick.toSchool);
  await app.evaluate(([x, y]) => window.__schoolnet.edit.view(x, y, 16), pick.units[0].p);
  const pts = await app.evaluate((us) => us.map((u) => window.__schoolnet.edit.screenPoint(u.p[0], u.p[1])!), pick.units);
  await app.mouse.move(pts[0].x, pts[0].y);
  await app.mouse.down();
  for (const q of pts) await app.mouse.move(q.x, q.y, { steps: 6 });
  await app.mouse.up();
  await settled(app, start + 1);
  for (const u of pick.units) {
    expect((await catchment(app, pick.to))!.unitIds).toContain(u.u);
    expect((await catchment(app, pick.from))!.unitIds).not.toContain(u.u);
  }
  await sameAsCli(app, server.projectPath);

  // Merge two zones: the second's blocks join the first; its school has no zone left.
  await app.getByTestId('tool-merge').click();
  const pair = await app.evaluate(() => {
    const h = window.__schoolnet.edit;
    const cs = h.catchments('primary').filter((c) => c.units >= 20);
    return cs.slice(2, 4).map((c) => ({ id: c.id, units: c.units, at: h.residenceAt(h.catchment(c.id)!.unitIds[0])! }));
  });
  await app.evaluate(([x, y]) => window.__schoolnet.edit.view(x, y, 12), pair[0].at);
  await selectCatchment(app, pair[0].id, pair[0].at);
  await app.evaluate(([x, y]) => window.__schoolnet.edit.view(x, y, 12), pair[1].at);
  // Click on the second zone's own blocks until it merges.
  for (let k = 0; k < 8 && (await state(app)).done < start + 2; k++) {
    const u = await app.evaluate(([id, n]) => window.__schoolnet.edit.residenceAt(window.__schoolnet.edit.catchment(id)!.unitIds[n]), [pair[1].id, k] as [string, number]);
    const s = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), u as Pos))!;
    await app.mouse.click(s.x, s.y);
    await app.waitForTimeout(300);
  }
  await settled(app, start + 2);
  expect(await catchment(app, pair[1].id)).toBeNull();
  expect((await catchment(app, pair[0].id))!.unitIds.length).toBe(pair[0].units + pair[1].units);

  // Split a zone with a line across its outline: the blocks beyond the line become unassigned.
  await app.getByTestId('tool-split').click();
  await app.getByTestId('edit-target').selectOption('');
  const target = zones.filter((z) => z.id !== pair[0].id && z.id !== pair[1].id && z.id !== pick.from && z.id !== pick.to)[5];
  const tz = (await catchment(app, target.id))!;
  const all = rings(tz.geometry).flat();
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const mid: Pos = [(Math.min(...xs) + Math.max(...xs)) / 2, (Math.min(...ys) + Math.max(...ys)) / 2];
  await app.evaluate((b) => window.__schoolnet.edit.fit(b), [Math.min(...xs) - 0.015, Math.min(...ys) - 0.01, Math.max(...xs) + 0.015, Math.max(...ys) + 0.01] as [number, number, number, number]);
  await selectCatchment(app, target.id, await app.evaluate((id) => window.__schoolnet.edit.residenceAt(window.__schoolnet.edit.catchment(id)!.unitIds[0])!, target.id));
  const w = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), [Math.min(...xs) - 0.01, mid[1]] as Pos))!;
  const e = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), [Math.max(...xs) + 0.01, mid[1]] as Pos))!;
  await app.mouse.click(w.x, w.y);
  await app.mouse.click(e.x, e.y);
  await app.keyboard.press('Enter');
  await settled(app, start + 3);
  const after = (await catchment(app, target.id))!;
  const removed = tz.unitIds.filter((u) => !after.unitIds.includes(u));
  expect(removed.length).toBeGreaterThan(0);
  expect(after.unitIds.length).toBe(target.units - removed.length);
  // The blocks cut off are in no zone now (unassigned: the line gave them to nobody).
  const listed = await app.evaluate(() => window.__schoolnet.edit.catchments('primary').flatMap((c) => window.__schoolnet.edit.catchment(c.id)!.unitIds));
  for (const u of removed) expect(listed).not.toContain(u);

  // Draw a loop around the unassigned land for the school that lost its zone: its blocks are zoned to it.
  await app.getByTestId('tool-draw').click();
  await app.getByTestId('edit-target').selectOption(pair[1].id.split(':').pop()!);
  const box: Pos[] = [[Math.min(...xs) - 0.003, Math.min(...ys) - 0.003], [Math.max(...xs) + 0.003, Math.min(...ys) - 0.003], [Math.max(...xs) + 0.003, Math.max(...ys) + 0.003], [Math.min(...xs) - 0.003, Math.max(...ys) + 0.003]];
  const corners = await app.evaluate((bs) => bs.map((q) => window.__schoolnet.edit.screenPoint(q[0], q[1])!), box);
  for (const c of corners) await app.mouse.click(c.x, c.y);
  await app.keyboard.press('Enter');
  await settled(app, start + 4);
  const drawn = (await catchment(app, pair[1].id))!;
  for (const u of removed) expect(drawn.unitIds).toContain(u); // the loop covered the land cut off
  await sameAsCli(app, server.projectPath);

  // Undo all four: the zones are as imported.
  for (let k = 4; k >= 1; k--) {
    await app.keyboard.press('Control+z');
    await settled(app, start + k - 1);
  }
  const back = await app.evaluate(() => window.__schoolnet.edit.catchments('primary').map((c) => window.__schoolnet.edit.catchment(c.id)));
  const sort = (l: typeof back) => [...l].sort((a, b) => (a!.id < b!.id ? -1 : 1)).map((c) => ({ id: c!.id, units: c!.unitIds }));
  expect(sort(back)).toEqual(sort(snapshot));
});

test('Fairfax middle schools: generate nearest-school catchments, drag a shared vertex, redo after a reload', async ({ app, server }) => {
  test.setTimeout(240_000);
  await app.waitForFunction(() => window.__schoolnet.evaluation().status === 'done', null, ready);
  const start = (await state(app)).done;
  await app.getByTestId('edit-level').selectOption('junior');
  await app.getByTestId('tool-inspect').click();
  await app.getByTestId('generate-method').selectOption('nearest');
  await app.getByTestId('generate').click();
  await settled(app, start + 1);
  const generated = await app.evaluate(() => window.__schoolnet.edit.catchments('junior'));
  expect(generated.length).toBeGreaterThan(15);
  expect(generated.every((c) => c.form === 'polygon')).toBe(true);
  const gapsBefore = (await county(app, 'junior')).gapPupils;

  await app.getByTestId('tool-reshape').click();
  const shared = await app.evaluate(() => {
    const h = window.__schoolnet.edit;
    const owners = new Map<string, Set<string>>();
    for (const c of h.catchments('junior')) {
      const g = h.catchment(c.id)!.geometry!;
      const rs = g.type === 'Polygon' ? (g.coordinates as [number, number][][]) : (g.coordinates as [number, number][][][]).flat();
      for (const r of rs) for (const p of r) {
        const k = `${p[0]},${p[1]}`;
        if (!owners.has(k)) owners.set(k, new Set());
        owners.get(k)!.add(c.id);
      }
    }
    const pairs = [...owners].filter(([, s]) => s.size >= 2).map(([k, s]) => ({ v: k.split(',').map(Number) as [number, number], ids: [...s] }));
    const cx = pairs.reduce((a, p) => a + p.v[0], 0) / pairs.length;
    const cy = pairs.reduce((a, p) => a + p.v[1], 0) / pairs.length;
    pairs.sort((a, b) => Math.hypot(a.v[0] - cx, a.v[1] - cy) - Math.hypot(b.v[0] - cx, b.v[1] - cy));
    return pairs[0];
  });
  await app.evaluate(([x, y]) => window.__schoolnet.edit.view(x, y, 13), shared.v);
  await selectCatchment(app, shared.ids[0], shared.v);
  const from = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), shared.v))!;
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  for (let k = 1; k <= 8; k++) await app.mouse.move(from.x + 4 * k, from.y - 3 * k);
  await app.mouse.up();
  await settled(app, start + 2);
  for (const id of shared.ids) expect(hasVertex((await catchment(app, id))!.geometry, shared.v)).toBe(false);
  expect((await county(app, 'junior')).gapPupils).toBe(gapsBefore);
  expect((await county(app, 'junior')).overlapPupils).toBe(0);
  await sameAsCli(app, server.projectPath);

  await app.getByTestId('edit-undo').click();
  await settled(app, start + 1);
  for (const id of shared.ids) expect(hasVertex((await catchment(app, id))!.geometry, shared.v)).toBe(true);
  await app.reload();
  await app.waitForFunction(() => window.__schoolnet?.ready === true && window.__schoolnet.edit.state().canRedo, null, ready);
  await app.getByTestId('edit-redo').click();
  await settled(app, start + 2);
  for (const id of shared.ids) expect(hasVertex((await catchment(app, id))!.geometry, shared.v)).toBe(false);
});
