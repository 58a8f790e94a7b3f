// The contract suite: every API method called over HTTP (browser mode) and over the in-process
// dispatch that the Electron IPC handler wraps, with a valid call and a bad one that must name the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { METHOD_NAMES, type CallResponse, type MethodName } from '../../shared/api';
import { createBackend, createDemoProject } from '../backend';
import { createDispatch, type Dispatch } from './dispatch';
import { EventHub } from './events';
import { startHttpServer, type RunningServer } from './http-server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let demoPath: string;
let server: RunningServer;
let dispatch: Dispatch;
let events: EventHub;

interface Case {
  valid: unknown;
  check?: (result: unknown) => void;
  /** A bad call and the field its error must name. */
  bad: { params: unknown; field: string };
}

const CASES: Record<MethodName, Case> = {
  'app.info': { valid: {}, check: (r) => expect((r as { projectPath: string }).projectPath).toBe(demoPath), bad: { params: { extra: 1 }, field: 'params' } },
  'project.open': { valid: () => ({ path: demoPath }), check: (r) => expect((r as { counts: { schools: number } }).counts.schools).toBeGreaterThanOrEqual(100), bad: { params: { path: 42 }, field: 'params.path' } },
  'project.create': {
    valid: () => ({ path: join(dir, 'empty.sqlite'), template: 'empty', name: '空白项目' }),
    check: (r) => expect((r as { counts: { schools: number } }).counts.schools).toBe(0),
    bad: { params: { path: 'x.sqlite', template: 'nonsense' }, field: 'params.template' },
  },
  'project.summary': { valid: {}, check: (r) => expect((r as { counts: { residences: number } }).counts.residences).toBeGreaterThanOrEqual(2000), bad: { params: { x: 1 }, field: 'params' } },
  'project.close': { valid: {}, check: (r) => expect(r).toEqual({ closed: true }), bad: { params: [], field: 'params' } },
  'scenarios.list': { valid: {}, check: (r) => expect((r as { kind: string }[])[0].kind).toBe('baseline'), bad: { params: { a: 1 }, field: 'params' } },
  'schools.list': { valid: { type: 'teaching_point' }, check: (r) => expect((r as { type: string }[]).every((s) => s.type === 'teaching_point')).toBe(true), bad: { params: { type: 'university' }, field: 'params.type' } },
  'schools.get': { valid: () => ({ id: firstSchoolId }), check: (r) => expect((r as { id: string }).id).toBe(firstSchoolId), bad: { params: { id: '' }, field: 'params.id' } },
  'residences.list': { valid: { limit: 5 }, check: (r) => expect((r as unknown[]).length).toBe(5), bad: { params: { bbox: [120, 30, 119, 31] }, field: 'params.bbox' } },
  'residences.get': { valid: () => ({ id: firstResidenceId }), check: (r) => expect((r as { id: string }).id).toBe(firstResidenceId), bad: { params: {}, field: 'params.id' } },
  'catchments.list': { valid: { level: 'junior' }, check: (r) => expect((r as { form: string }[]).every((c) => c.form === 'polygon')).toBe(true), bad: { params: { level: 'college' }, field: 'params.level' } },
  'housing.list': { valid: {}, check: (r) => expect((r as unknown[]).length).toBeGreaterThan(0), bad: { params: { q: 1 }, field: 'params' } },
  'roads.list': { valid: {}, check: (r) => expect((r as unknown[]).length).toBeGreaterThan(0), bad: { params: { bbox: 'all' }, field: 'params.bbox' } },
  'context.list': { valid: {}, check: (r) => expect((r as { kind: string }[]).some((c) => c.kind === 'county')).toBe(true), bad: { params: { kinds: 1 }, field: 'params' } },
  'standards.get': { valid: {}, check: (r) => expect((r as { key: string; source: string }[]).find((f) => f.key === 'classSize')?.source).toContain('教督〔2017〕6号'), bad: { params: { z: 0 }, field: 'params' } },
  'standards.update': {
    valid: { key: 'classSize', primary: 40 },
    check: (r) => expect((r as { key: string; primary: number; edited: boolean }[]).find((f) => f.key === 'classSize')).toMatchObject({ primary: 40, edited: true }),
    bad: { params: { key: 'classSize', primary: -5 }, field: 'params.primary' },
  },
  'settings.get': { valid: {}, check: (r) => expect((r as { onlineBasemap: { enabled: boolean } }).onlineBasemap.enabled).toBe(false), bad: { params: { y: 2 }, field: 'params' } },
  'settings.update': {
    valid: { locale: 'en' },
    check: (r) => expect((r as { locale: string }).locale).toBe('en'),
    bad: { params: { onlineBasemap: { enabled: true, urlTemplate: 'ftp://x/{z}/{x}/{y}', apiKey: null, attribution: '', maxZoom: 18 } }, field: 'params.onlineBasemap.urlTemplate' },
  },
};

let firstSchoolId = '';
let firstResidenceId = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snp-contract-'));
  demoPath = join(dir, 'demo.sqlite');
  createDemoProject(demoPath, join(ROOT, 'resources'), '0.0.0-test').close();
  events = new EventHub();
  const backend = createBackend({ host: 'browser', appName: 'SchoolNet Planner', appVersion: '0.0.0-test', resourcesDir: join(ROOT, 'resources'), settingsFile: join(dir, 'settings.json'), systemLocale: 'zh-CN', emit: events.emit });
  backend.open(demoPath);
  firstSchoolId = backend.current()!.schools.list()[0].id;
  firstResidenceId = backend.current()!.residences.list({ limit: 1 })[0].id;
  dispatch = createDispatch(backend.handlers, { validateResults: true });
  server = await startHttpServer({ dispatch, events, staticDir: join(dir, 'no-renderer'), port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function overHttp(method: string, params: unknown): Promise<CallResponse> {
  const res = await fetch(`${server.origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(params) });
  return (await res.json()) as CallResponse;
}
const overDispatch = (method: string, params: unknown) => dispatch(method, params);

// Methods that change which project is open run last, and reopen the demo after themselves.
const ORDER = [...METHOD_NAMES].sort((a, b) => Number(a.startsWith('project.')) - Number(b.startsWith('project.')));

describe.each([['HTTP', overHttp], ['in-process dispatch (IPC)', overDispatch]] as const)('contract over %s', (_name, send) => {
  it('has a case for every method in the contract', () => {
    expect(Object.keys(CASES).sort()).toEqual([...METHOD_NAMES].sort());
  });

  for (const method of ORDER) {
    it(`${method}: a valid call returns what the contract promises`, async () => {
      const c = CASES[method];
      const params = typeof c.valid === 'function' ? (c.valid as () => unknown)() : c.valid;
      const res = await send(method, params);
      if (!res.ok) throw new Error(`${method} failed: ${res.error.message}`);
      c.check?.(res.result);
      if (method === 'project.create' || method === 'project.close') {
        const back = await send('project.open', { path: demoPath });
        expect(back.ok).toBe(true);
      }
      if (method === 'project.create') rmSync(join(dir, 'empty.sqlite'), { force: true });
    });

    it(`${method}: a bad call is refused with an error naming the field`, async () => {
      const res = await send(method, CASES[method].bad.params);
      expect(res.ok).toBe(false);
      if (res.ok) return;
      expect(res.error.code).toBe('invalid_params');
      expect(res.error.field).toBe(CASES[method].bad.field);
      expect(res.error.message).toContain(CASES[method].bad.field);
    });
  }

  it('an unknown method is refused by name', async () => {
    const res = await send('schools.drop', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'unknown_method' } });
  });

  it('methods that need a project say so when none is open', async () => {
    expect((await send('project.close', {})).ok).toBe(true);
    const res = await send('schools.list', {});
    expect(res).toMatchObject({ ok: false, error: { code: 'no_project' } });
    expect((await send('project.open', { path: demoPath })).ok).toBe(true);
  });

  it('opening a file that is not a project changes nothing and says why', async () => {
    const bogus = join(dir, 'notes.sqlite');
    writeFileSync(bogus, '这不是一个项目文件 — just text');
    const before = readFileSync(bogus);
    const res = await send('project.open', { path: bogus });
    expect(res).toMatchObject({ ok: false, error: { code: 'not_a_project' } });
    expect(readFileSync(bogus).equals(before)).toBe(true);
    // the project that was open stays open
    expect((await send('project.summary', {})).ok).toBe(true);
  });

  it('creating the demo reports progress as push events', async () => {
    const seen: string[] = [];
    const off = events.subscribe((e) => { if (e.event === 'job.progress') seen.push(e.payload.phase); });
    const res = await send('project.create', { path: join(dir, `demo-${_name.length}.sqlite`), template: 'demo' });
    off();
    expect(res.ok).toBe(true);
    expect(seen).toContain('schools');
    expect(seen.at(-1)).toBe('done');
    expect((await send('project.open', { path: demoPath })).ok).toBe(true);
  });
});
