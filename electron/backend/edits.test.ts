// Edits over the project file, as a planner makes them: repaint units between two primary
// catchments, reshape a junior catchment, undo and redo, close and reopen, and the refusals
// (a stale edit, a malformed one) that leave the file as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApiError, type PushEvent } from '../../shared/api';
import type { Edit } from '../../shared/edits';
import type { Catchment } from '../../shared/model';
import { createBackend, createDemoProject } from '.';
import { importIntoProject } from './import';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let demo: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snp-edits-'));
  demo = join(dir, 'demo.sqlite');
  createDemoProject(demo, join(ROOT, 'resources'), '0.0.0-test').close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function open(name: string) {
  const path = join(dir, name);
  copyFileSync(demo, path);
  const events: PushEvent[] = [];
  const backend = createBackend({ host: 'node', appName: 'test', appVersion: '0.0.0-test', resourcesDir: join(ROOT, 'resources'), settingsFile: join(dir, 'settings.json'), systemLocale: 'zh-CN', emit: (e) => events.push(e) });
  backend.open(path);
  return { path, backend, h: backend.handlers, events, store: () => backend.current()! };
}

/** Moves the last three units of one primary catchment to another: a paint edit. */
function paint(from: Catchment, to: Catchment): Edit {
  const moved = from.unitIds.slice(-3);
  return {
    action: 'paint', scenarioId: from.scenarioId, level: 'primary', changes: [
      { id: from.id, before: from, after: { ...from, unitIds: from.unitIds.slice(0, -3) } },
      { id: to.id, before: to, after: { ...to, unitIds: [...to.unitIds, ...moved] } },
    ],
  };
}

describe('edits of catchments', () => {
  it('repaints units between two schools, undoes, redoes, and keeps all of it across a restart', async () => {
    const t = open('paint.sqlite');
    const [a, b] = t.store().catchments.list({ level: 'primary' });
    const edit = paint(a, b);
    const done = await t.h['edits.apply']({ edit });
    expect(done.seq).toBeGreaterThan(0);
    expect(done.history).toMatchObject({ canUndo: true, canRedo: false, done: 1, undone: 0 });
    expect(t.store().catchments.get(a.id)!.unitIds).toEqual(a.unitIds.slice(0, -3));
    expect(t.store().catchments.get(b.id)!.unitIds.slice(-3)).toEqual(a.unitIds.slice(-3));
    expect(t.events.filter((e) => e.event === 'catchments.changed')).toHaveLength(1);
    expect(t.events.some((e) => e.event === 'project.changed' && e.payload.reason !== 'opened')).toBe(false); // no full reload for an edit

    const undone = await t.h['edits.undo']({ scenarioId: 'baseline' });
    expect(undone.seq).toBe(done.seq);
    expect(t.store().catchments.get(a.id)).toEqual(a);
    expect(t.store().catchments.get(b.id)).toEqual(b);
    expect(undone.history).toMatchObject({ canUndo: false, canRedo: true });

    const redone = await t.h['edits.redo']({ scenarioId: 'baseline' });
    expect(redone.changes.map((c) => c.catchment)).toEqual(edit.changes.map((c) => c.after));
    expect((await t.h['edits.redo']({ scenarioId: 'baseline' })).seq).toBeNull(); // nothing more to redo

    // Restart: the file alone carries the state and the history.
    t.backend.close();
    const again = createBackend({ host: 'node', appName: 'test', appVersion: '0.0.0-test', resourcesDir: join(ROOT, 'resources'), settingsFile: join(dir, 'settings.json'), systemLocale: 'zh-CN', emit: () => undefined });
    again.open(t.path);
    expect(again.current()!.catchments.get(a.id)!.unitIds).toEqual(a.unitIds.slice(0, -3));
    const h = await again.handlers['edits.history']({ scenarioId: 'baseline' });
    expect(h).toMatchObject({ canUndo: true, canRedo: false, done: 1 });
    expect(h.entries[0]).toMatchObject({ action: 'paint', level: 'primary', catchments: [a.id, b.id], undone: false });
    await again.handlers['edits.undo']({ scenarioId: 'baseline' });
    expect(again.current()!.catchments.get(a.id)).toEqual(a);
    again.close();
  });

  it('ends the redo branch with a new edit', async () => {
    const t = open('branch.sqlite');
    const [a, b, c] = t.store().catchments.list({ level: 'primary' });
    await t.h['edits.apply']({ edit: paint(a, b) });
    await t.h['edits.undo']({ scenarioId: 'baseline' });
    const other = await t.h['edits.apply']({ edit: paint(a, c) });
    expect(other.history).toMatchObject({ canRedo: false, done: 1, undone: 0 });
    t.backend.close();
  });

  it('reshapes a polygon catchment and removes and restores a catchment', async () => {
    const t = open('reshape.sqlite');
    const j = t.store().catchments.list({ level: 'junior' })[0];
    const ring = (j.geometry!.type === 'Polygon' ? j.geometry!.coordinates[0] : j.geometry!.coordinates[0][0]);
    const [x, y] = ring[0];
    const square: Catchment['geometry'] = { type: 'Polygon', coordinates: [[[x, y], [x + 0.01, y], [x + 0.01, y + 0.01], [x, y]]] };
    await t.h['edits.apply']({ edit: { action: 'reshape', scenarioId: 'baseline', level: 'junior', changes: [{ id: j.id, before: j, after: { ...j, geometry: square } }] } });
    expect(t.store().catchments.get(j.id)!.geometry).toEqual(square);
    const count = t.store().catchments.count({ level: 'junior' });
    await t.h['edits.apply']({ edit: { action: 'delete', scenarioId: 'baseline', level: 'junior', changes: [{ id: j.id, before: { ...j, geometry: square }, after: null }] } });
    expect(t.store().catchments.get(j.id)).toBeNull();
    expect(t.store().catchments.count({ level: 'junior' })).toBe(count - 1);
    await t.h['edits.undo']({ scenarioId: 'baseline' });
    await t.h['edits.undo']({ scenarioId: 'baseline' });
    expect(t.store().catchments.get(j.id)).toEqual(j);
    t.backend.close();
  });

  it('refuses a stale edit and a malformed one, and writes nothing', async () => {
    const t = open('refuse.sqlite');
    const [a, b] = t.store().catchments.list({ level: 'primary' });
    await t.h['edits.apply']({ edit: paint(a, b) });
    const stale = paint(a, b); // made from the state before the first edit
    await expect(Promise.resolve().then(() => t.h['edits.apply']({ edit: stale }))).rejects.toMatchObject({ code: 'conflict' });
    await expect(Promise.resolve().then(() => t.h['edits.apply']({ edit: { ...stale, changes: [stale.changes[0], stale.changes[0]] } }))).rejects.toThrow(/changed twice/);
    const wrongSchool: Edit = { action: 'draw', scenarioId: 'baseline', level: 'junior', changes: [{ id: 'baseline:junior:nobody', before: null, after: { id: 'baseline:junior:nobody', scenarioId: 'baseline', level: 'junior', schoolId: 'nobody', form: 'polygon', geometry: { type: 'Polygon', coordinates: [[[116, 26], [116.1, 26], [116.1, 26.1], [116, 26]]] }, unitIds: [] } }] };
    await expect(Promise.resolve().then(() => t.h['edits.apply']({ edit: wrongSchool }))).rejects.toBeInstanceOf(ApiError);
    expect((await t.h['edits.history']({ scenarioId: 'baseline' })).done).toBe(1);
    expect(t.store().catchments.get('baseline:junior:nobody')).toBeNull();
    t.backend.close();
  });

  it('starts a new history when an import replaces the catchments', async () => {
    const t = open('import.sqlite');
    const [a, b] = t.store().catchments.list({ level: 'primary' });
    await t.h['edits.apply']({ edit: paint(a, b) });
    t.backend.close();
    const list = join(dir, 'assignments.csv');
    writeFileSync(list, `学校代码,单元编码\n${a.schoolId},${a.unitIds[0]}\n`);
    const r = await importIntoProject(t.path, { assignments: { path: list } }, '0.0.0-test');
    expect(r.problems.filter((p) => p.severity === "error")).toEqual([]);
    const again = createBackend({ host: 'node', appName: 'test', appVersion: '0.0.0-test', resourcesDir: join(ROOT, 'resources'), settingsFile: join(dir, 'settings.json'), systemLocale: 'zh-CN', emit: () => undefined });
    again.open(t.path);
    expect(await again.handlers['edits.history']({ scenarioId: 'baseline' })).toMatchObject({ canUndo: false, done: 0 });
    again.close();
  });
});
