// A planner rezones the demo county on the map: drags a vertex shared by two junior catchments
// (both sides move, no gap or overlap appears, the figures follow during the drag), paints primary
// residence units to another school, merges, splits and draws junior catchments, undoes and redoes
// with the keyboard and the buttons, reloads the page and finds everything as left; the figures
// shown equal the command line's `evaluate` of the same project file.
import { test, expect } from './fixtures';

test.use({ ownProject: true });
test.describe.configure({ mode: 'serial' });

import { catchment, county, rings, hasVertex, sameAsCli, selectCatchment, settled, state, type CatchmentJson, type Geometry, type Pos } from './edit-helpers';

test('dragging a shared vertex moves both junior catchments: no gap or overlap, the figures follow, undo, redo and reload', async ({ app, server }) => {
  await app.waitForFunction(() => window.__schoolnet.evaluation().status === 'done', null, { timeout: 60_000 });
  await app.getByTestId('edit-level').selectOption('junior');
  await app.getByTestId('tool-reshape').click();
  await expect(app.getByTestId('edit-hint')).toContainText(/drag|拖动/);
  const before = await county(app, 'junior');

  // A vertex two junior catchments share, inside the county.
  const shared = await app.evaluate(() => {
    const h = window.__schoolnet.edit;
    const owners = new Map<string, Set<string>>();
    for (const c of h.catchments('junior')) {
      const g = h.catchment(c.id)!.geometry;
      const rs = !g ? [] : g.type === 'Polygon' ? (g.coordinates as [number, number][][]) : (g.coordinates as [number, number][][][]).flat();
      for (const r of rs) for (const p of r) {
        const k = `${p[0]},${p[1]}`;
        if (!owners.has(k)) owners.set(k, new Set());
        owners.get(k)!.add(c.id);
      }
    }
    const pairs = [...owners].filter(([, s]) => s.size === 2).map(([k, s]) => ({ v: k.split(',').map(Number) as [number, number], ids: [...s] }));
    const cx = pairs.reduce((a, p) => a + p.v[0], 0) / pairs.length;
    const cy = pairs.reduce((a, p) => a + p.v[1], 0) / pairs.length;
    pairs.sort((a, b) => Math.hypot(a.v[0] - cx, a.v[1] - cy) - Math.hypot(b.v[0] - cx, b.v[1] - cy));
    return pairs[0];
  });
  expect(shared, 'the demo junior catchments share boundaries').toBeTruthy();
  const [a, b] = shared.ids;
  const aBefore = (await catchment(app, a))!;
  const bBefore = (await catchment(app, b))!;
  await app.evaluate(([x, y]) => window.__schoolnet.edit.view(x, y, 13.5), shared.v);
  await selectCatchment(app, a, shared.v);

  // Drag the vertex; the figures are recomputed while the pointer is still down.
  const from = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), shared.v))!;
  await app.evaluate(() => { (window as unknown as { evals: number }).evals = 0; window.addEventListener('schoolnet:evaluated', () => { (window as unknown as { evals: number }).evals++; }); });
  await app.mouse.move(from.x, from.y);
  await app.mouse.down();
  for (let k = 1; k <= 12; k++) {
    await app.mouse.move(from.x + 5 * k, from.y + 3 * k);
    await app.waitForTimeout(40);
  }
  await app.waitForTimeout(400);
  const duringDrag = await app.evaluate(() => (window as unknown as { evals: number }).evals);
  await app.mouse.up();
  expect(duringDrag, 'indicators recomputed during the drag').toBeGreaterThan(0);
  await settled(app, 1);

  const aAfter = (await catchment(app, a))!;
  const bAfter = (await catchment(app, b))!;
  expect(hasVertex(aAfter.geometry, shared.v)).toBe(false);
  expect(hasVertex(bAfter.geometry, shared.v)).toBe(false);
  // Both sides have the moved vertex at the same place: the boundary stays shared.
  const moved = rings(aAfter.geometry).flat().find((p) => !rings(aBefore.geometry).flat().some((q) => q[0] === p[0] && q[1] === p[1]))!;
  expect(moved).toBeTruthy();
  expect(hasVertex(bAfter.geometry, moved)).toBe(true);
  const after = await county(app, 'junior');
  expect(after.gapPupils).toBe(before.gapPupils);
  expect(after.overlapPupils).toBe(before.overlapPupils);
  await sameAsCli(app, server.projectPath);

  // Undo with the keyboard, redo with the button.
  await app.keyboard.press('Control+z');
  await settled(app, 0);
  expect(await catchment(app, a)).toEqual(aBefore);
  expect(await catchment(app, b)).toEqual(bBefore);
  expect((await state(app)).canRedo).toBe(true);
  await app.getByTestId('edit-redo').click();
  await settled(app, 1);
  expect(await catchment(app, a)).toEqual(aAfter);

  // A reload finds the file as left, with its history.
  await app.reload();
  await app.waitForFunction(() => window.__schoolnet?.ready === true, null, { timeout: 60_000 });
  await app.waitForFunction(() => window.__schoolnet.edit.state().canUndo, null, { timeout: 30_000 });
  expect(await catchment(app, a)).toEqual(aAfter);
  expect(await catchment(app, b)).toEqual(bAfter);
  expect((await state(app)).done).toBe(1);
});

test('paint primary units to another school; merge, split and draw junior catchments; undo all of it', async ({ app, server }) => {
  await app.waitForFunction(() => window.__schoolnet.evaluation().status === 'done', null, { timeout: 60_000 });
  const start = (await state(app)).done;
  const snapshot = await app.evaluate(() => ['primary', 'junior'].flatMap((l) => window.__schoolnet.edit.catchments(l).map((c) => window.__schoolnet.edit.catchment(c.id))));

  // Paint: three neighbouring units of one primary catchment go to another school.
  await app.getByTestId('edit-level').selectOption('primary');
  await app.getByTestId('tool-paint').click();
  const pick = await app.evaluate(() => {
    const h = window.__schoolnet.edit;
    const cs = h.catchments('primary').filter((c) => c.form === 'units' && c.units >= 8);
    const from = h.catchment(cs[0].id)!;
    const to = cs[1];
    const at = from.unitIds.map((u) => ({ u, p: h.residenceAt(u)! }));
    const first = at[0];
    at.sort((x, y) => Math.hypot(x.p[0] - first.p[0], x.p[1] - first.p[1]) - Math.hypot(y.p[0] - first.p[0], y.p[1] - first.p[1]));
    return { from: from.id, to: to.id, toSchool: to.schoolId, units: at.slice(0, 3) };
  });
  await app.getByTestId('edit-target').selectOption(pick.toSchool);
  const centre = pick.units[0].p;
  await app.evaluate(([x, y]) => window.__schoolnet.edit.view(x, y, 15), centre);
  const pts = await app.evaluate((us) => us.map((u) => window.__schoolnet.edit.screenPoint(u.p[0], u.p[1])!), pick.units);
  await app.mouse.move(pts[0].x, pts[0].y);
  await app.mouse.down();
  for (const q of pts) {
    await app.mouse.move(q.x, q.y, { steps: 6 });
  }
  await app.mouse.up();
  await settled(app, start + 1);
  const painted = (await catchment(app, pick.to))!;
  const left = (await catchment(app, pick.from))!;
  for (const u of pick.units) {
    expect(painted.unitIds).toContain(u.u);
    expect(left.unitIds).not.toContain(u.u);
  }
  await sameAsCli(app, server.projectPath);

  // Merge: one junior catchment takes its neighbour's; that school is left without one.
  await app.getByTestId('edit-level').selectOption('junior');
  const juniors = await app.evaluate(() => window.__schoolnet.edit.catchments('junior').map((c) => ({ ...c, g: window.__schoolnet.edit.catchment(c.id)!.geometry })));
  const [keep, absorb] = await app.evaluate((js) => {
    // two catchments with a shared vertex
    for (const x of js) for (const y of js) {
      if (x.id >= y.id) continue;
      const vs = new Set(JSON.stringify(x.g?.coordinates).match(/-?\d+\.\d+,-?\d+\.\d+/g) ?? []);
      if ((JSON.stringify(y.g?.coordinates).match(/-?\d+\.\d+,-?\d+\.\d+/g) ?? []).some((v) => vs.has(v))) return [x.id, y.id];
    }
    return [js[0].id, js[1].id];
  }, juniors);
  const centreOf = (g: Geometry | null): Pos => {
    const r = rings(g)[0];
    return [r.reduce((s, p) => s + p[0], 0) / r.length, r.reduce((s, p) => s + p[1], 0) / r.length];
  };
  const keepBefore = (await catchment(app, keep))!;
  const absorbBefore = (await catchment(app, absorb))!;
  await app.evaluate(([x, y]) => window.__schoolnet.edit.view(x, y, 11), centreOf(keepBefore.geometry));
  await app.getByTestId('tool-merge').click();
  await selectCatchment(app, keep, centreOf(keepBefore.geometry));
  // The first click chose `keep`; a click inside `absorb` merges it in.
  const absorbAt = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), centreOf(absorbBefore.geometry)))!;
  await app.mouse.click(absorbAt.x, absorbAt.y);
  await settled(app, start + 2);
  expect(await catchment(app, absorb)).toBeNull();
  expect(JSON.stringify((await catchment(app, keep))!.geometry)).not.toEqual(JSON.stringify(keepBefore.geometry));

  // Split: a line across the merged catchment; the part without its school becomes unassigned.
  await app.getByTestId('tool-split').click();
  await app.getByTestId('edit-target').selectOption('');
  const merged = (await catchment(app, keep))!;
  const allPts = rings(merged.geometry).flat();
  const xs = allPts.map((p) => p[0]);
  const ys = allPts.map((p) => p[1]);
  await app.evaluate((b) => window.__schoolnet.edit.fit(b), [Math.min(...xs) - 0.015, Math.min(...ys) - 0.01, Math.max(...xs) + 0.015, Math.max(...ys) + 0.01] as [number, number, number, number]);
  await selectCatchment(app, keep, centreOf(merged.geometry));
  const midY = (Math.min(...ys) + Math.max(...ys)) / 2;
  const west = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), [Math.min(...xs) - 0.01, midY] as Pos))!;
  const east = (await app.evaluate(([x, y]) => window.__schoolnet.edit.screenPoint(x, y), [Math.max(...xs) + 0.01, midY] as Pos))!;
  await app.mouse.click(west.x, west.y);
  await app.mouse.click(east.x, east.y);
  await app.keyboard.press('Enter');
  await settled(app, start + 3);
  const split = (await catchment(app, keep))!;
  expect(JSON.stringify(split.geometry)).not.toEqual(JSON.stringify(merged.geometry));

  // Draw: the school that lost its catchment gets the land left free (the new polygon is clipped to its neighbours).
  await app.getByTestId('tool-draw').click();
  await app.getByTestId('edit-target').selectOption(absorbBefore.schoolId);
  const box: Pos[] = [[Math.min(...xs) - 0.005, Math.min(...ys) - 0.005], [Math.max(...xs) + 0.005, Math.min(...ys) - 0.005], [Math.max(...xs) + 0.005, Math.max(...ys) + 0.005], [Math.min(...xs) - 0.005, Math.max(...ys) + 0.005]];
  const corners = await app.evaluate((bs) => bs.map((q) => window.__schoolnet.edit.screenPoint(q[0], q[1])!), box);
  for (const c of corners) await app.mouse.click(c.x, c.y);
  await app.keyboard.press('Enter');
  await settled(app, start + 4);
  const drawn = (await catchment(app, absorbBefore.id));
  expect(drawn?.geometry).toBeTruthy();
  expect((await county(app, 'junior')).gapPupils).toBe(0);
  await sameAsCli(app, server.projectPath);

  // Undo everything: the file is back where this test started.
  for (let k = 4; k >= 1; k--) {
    await app.getByTestId('edit-undo').click();
    await settled(app, start + k - 1);
  }
  const restored = await app.evaluate(() => ['primary', 'junior'].flatMap((l) => window.__schoolnet.edit.catchments(l).map((c) => window.__schoolnet.edit.catchment(c.id))));
  const byId = (l: (CatchmentJson | null)[]) => [...l].filter(Boolean).sort((x, y) => (x!.id < y!.id ? -1 : 1));
  expect(byId(restored)).toEqual(byId(snapshot));
  await sameAsCli(app, server.projectPath);
});
