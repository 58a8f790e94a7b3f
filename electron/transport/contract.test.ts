// The contract suite: every API method called over HTTP (browser mode) and over the in-process
// dispatch that the Electron IPC handler wraps, with a valid call and a bad one that must name the field.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { zipSync, strToU8 } from 'fflate';
import { METHOD_NAMES, type CallResponse, type MethodName } from '../../shared/api';
import { createBackend, createDemoProject } from '../backend';
import { createDispatch, type Dispatch } from './dispatch';
import { decodeResidenceColumns } from '../../shared/io/residence-columns';
import { EventHub } from './events';
import { startHttpServer, type RunningServer } from './http-server';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let demoPath: string;
let server: RunningServer;
let dispatch: Dispatch;
let events: EventHub;
let backend: ReturnType<typeof createBackend>;

/** Schools in a planner's words: one row without coordinates. */
const SCHOOLS_CSV = '学校代码,学校名称,学段,经度,纬度,在校生数\n9000001,测试小学,小学,116.5942,26.2540,300\n9000002,无坐标小学,小学,,,120\n9000003,测试中学,初中,116.6100,26.2300,800\n';

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
  'residences.columns': {
    valid: {},
    check: (r) => {
      const d = decodeResidenceColumns(r as Uint8Array);
      expect(d.count).toBe(backend.current()!.residences.count());
      expect(d.ids[0]).toBe(firstResidenceId);
      expect(Number.isFinite(d.x[0]) && Number.isFinite(d.y[0])).toBe(true);
    },
    bad: { params: { all: true }, field: 'params' },
  },
  'residences.view': {
    // The demo county at zoom 9: bins holding every unit and pupil of the project.
    valid: { bbox: [115, 25, 118, 27.5], zoom: 9 },
    check: (r) => {
      const v = r as { detail: boolean; features: { features: { properties: { count: number } }[] } };
      expect(v.detail).toBe(false);
      expect(v.features.features.reduce((a, f) => a + f.properties.count, 0)).toBe(backend.current()!.residences.count());
    },
    bad: { params: { bbox: [116, 26, 117, 27], zoom: 30 }, field: 'params.zoom' },
  },
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
  'import.upload': {
    valid: { name: '学校.csv', dataBase64: Buffer.from(SCHOOLS_CSV).toString('base64') },
    check: (r) => expect(r).toMatchObject({ name: '学校.csv', bytes: Buffer.byteLength(SCHOOLS_CSV), fileId: expect.stringMatching(/^[0-9a-f]{16}\/学校\.csv$/) }),
    bad: { params: { name: '../../etc/passwd', dataBase64: 'AAAA' }, field: 'params.name' },
  },
  'import.preview': {
    valid: async () => ({ schools: { fileId: await upload('学校.csv', SCHOOLS_CSV), crs: 'gcj02' } }),
    check: (r) => {
      const p = r as { ok: boolean; written: boolean; layers: { mapping: Record<string, string>; crsSource: string; problems: { row?: number; field?: string }[] }[]; samples: { rows: unknown[][]; positions: number[][]; columns: string[] }[] };
      expect(p).toMatchObject({ ok: true, written: false });
      expect(p.layers[0].mapping).toMatchObject({ id: '学校代码', name: '学校名称', lon: '经度', lat: '纬度' });
      expect(p.layers[0].crsSource).toBe('given');
      expect(p.layers[0].problems).toContainEqual(expect.objectContaining({ row: 2, field: '经度' })); // the row without coordinates
      expect(p.samples[0].columns).toContain('学校名称');
      expect(p.samples[0].rows).toHaveLength(3);
      expect(p.samples[0].positions).toHaveLength(2);
      // GCJ-02 → WGS84 moves points in China by a few hundred metres west and south
      expect(p.samples[0].positions[0][0]).toBeLessThan(116.5942);
    },
    bad: { params: { schools: { fileId: 'schools.csv' } }, field: 'params.schools.fileId' },
  },
  'import.commit': {
    // The demo's own housing file: written into the open project, which stays as it was.
    valid: async () => ({ housing: { fileId: await upload('housing.csv', readFileSync(join(ROOT, 'resources', 'demo', 'housing.csv'))) } }),
    check: (r) => expect(r).toMatchObject({ ok: true, written: true, counts: { housing: expect.any(Number) } }),
    bad: { params: { schools: { fileId: '0123456789abcdef/a.csv', columns: { nonsense: '经度' } } }, field: 'params.schools.columns.nonsense' },
  },
  'import.cancel': { valid: { jobId: 'no-such-job' }, check: (r) => expect(r).toEqual({ cancelled: false }), bad: { params: { jobId: '' }, field: 'params.jobId' } },
  'edits.apply': {
    valid: () => ({ edit: nudgeFirstJunior() }),
    check: (r) => {
      const o = r as { seq: number; changes: { id: string }[]; history: { canUndo: boolean } };
      expect(o.seq).toBeGreaterThan(0);
      expect(o.history.canUndo).toBe(true);
    },
    bad: { params: { edit: { action: 'reshape', scenarioId: 'baseline', level: 'junior', changes: [] } }, field: 'params.edit.changes' },
  },
  'edits.undo': { valid: { scenarioId: 'baseline' }, check: (r) => expect((r as { seq: number | null }).seq).not.toBeNull(), bad: { params: { scenarioId: 7 }, field: 'params.scenarioId' } },
  'edits.redo': { valid: { scenarioId: 'baseline' }, check: (r) => expect((r as { history: { canRedo: boolean } }).history.canRedo).toBe(false), bad: { params: {}, field: 'params.scenarioId' } },
  'edits.history': { valid: { scenarioId: 'baseline' }, check: (r) => expect((r as { entries: { action: string }[] }).entries[0].action).toBe('reshape'), bad: { params: { scenarioId: '' }, field: 'params.scenarioId' } },
  'export.file': {
    valid: { format: 'csv', layer: 'schools', locale: 'en' },
    check: (r) => {
      const f = r as { name: string; mime: string; bytes: number; dataBase64: string };
      expect(f.mime).toBe('text/csv');
      const text = Buffer.from(f.dataBase64, 'base64').toString('utf8');
      expect(text.charCodeAt(0)).toBe(0xfeff);
      expect(text).toContain('school_code,school_name');
      expect(Buffer.from(f.dataBase64, 'base64').length).toBe(f.bytes);
    },
    bad: { params: { format: 'geojson' }, field: 'params.layer' },
  },
};

/** Uploads a file through the in-process dispatch (the transport under test does the import call). */
async function upload(name: string, data: string | Buffer, session?: string): Promise<string> {
  const res = await dispatch('import.upload', { name, dataBase64: Buffer.from(data).toString('base64'), session });
  if (!res.ok) throw new Error(res.error.message);
  return (res.result as { fileId: string }).fileId;
}

/** An edit moving the first junior catchment of the file as it is now 10 m east. */
function nudgeFirstJunior() {
  const c = backend.current()!.catchments.list({ level: 'junior' })[0];
  const shift = (g: unknown): unknown => (Array.isArray(g) && typeof g[0] === 'number' ? [g[0] + 0.0001, g[1]] : Array.isArray(g) ? g.map(shift) : g);
  const after = { ...c, geometry: { ...c.geometry!, coordinates: shift(c.geometry!.coordinates) } as typeof c.geometry };
  return { action: 'reshape', scenarioId: c.scenarioId, level: c.level, changes: [{ id: c.id, before: c, after }] };
}

let firstSchoolId = '';
let firstResidenceId = '';

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snp-contract-'));
  demoPath = join(dir, 'demo.sqlite');
  createDemoProject(demoPath, join(ROOT, 'resources'), '0.0.0-test').close();
  events = new EventHub();
  backend = createBackend({ host: 'browser', appName: 'SchoolNet Planner', appVersion: '0.0.0-test', resourcesDir: join(ROOT, 'resources'), settingsFile: join(dir, 'settings.json'), systemLocale: 'zh-CN', emit: events.emit });
  backend.open(demoPath);
  firstSchoolId = backend.current()!.schools.list()[0].id;
  firstResidenceId = backend.current()!.residences.list({ limit: 1 })[0].id;
  dispatch = createDispatch(backend.handlers, { validateResults: true });
  server = await startHttpServer({ dispatch, events, staticDir: join(dir, 'no-renderer'), port: 0 });
}, 120_000);

afterAll(async () => {
  await server?.close();
  backend?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function overHttp(method: string, params: unknown): Promise<CallResponse> {
  const res = await fetch(`${server.origin}/api/${method}`, { method: 'POST', headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' }, body: JSON.stringify(params) });
  if ((res.headers.get('content-type') ?? '').startsWith('application/octet-stream')) return { ok: true, result: new Uint8Array(await res.arrayBuffer()) };
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
      const params = typeof c.valid === 'function' ? await (c.valid as () => unknown)() : c.valid;
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

describe('the import wizard over the API', () => {
  it('uploads a file in parts into one session, and a shapefile\'s parts beside each other', async () => {
    const first = await dispatch('import.upload', { name: 'big.csv', dataBase64: Buffer.from('学校代码,学校名称\n').toString('base64') });
    expect(first.ok).toBe(true);
    const { session } = (first as { result: { session: string } }).result;
    const more = await dispatch('import.upload', { name: 'big.csv', dataBase64: Buffer.from('1,甲小学\n').toString('base64'), session, append: true });
    expect(more).toMatchObject({ ok: true, result: { session, bytes: Buffer.byteLength('学校代码,学校名称\n1,甲小学\n') } });
    const prj = await dispatch('import.upload', { name: 'big.prj', dataBase64: Buffer.from('GEOGCS["WGS 84"]').toString('base64'), session });
    expect(prj).toMatchObject({ ok: true, result: { session, fileId: `${session}/big.prj` } });
    const missing = await dispatch('import.upload', { name: 'other.csv', dataBase64: 'AAAA', session, append: true });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found', field: 'params.append' } });
  });

  it('refuses bad names and bytes by field', async () => {
    for (const name of ['a/b.csv', 'a\\b.csv', '..', 'con:1.csv', '']) {
      const res = await dispatch('import.upload', { name, dataBase64: 'AAAA' });
      expect(res).toMatchObject({ ok: false, error: { code: 'invalid_params', field: 'params.name' } });
    }
    const res = await dispatch('import.upload', { name: 'a.csv', dataBase64: '%%%%' });
    expect(res).toMatchObject({ ok: false, error: { code: 'invalid_params', field: 'params.dataBase64' } });
    const unknown = await dispatch('import.preview', { schools: { fileId: '0123456789abcdef/none.csv' } });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not_found', field: 'params.schools.fileId' } });
  });

  it('previews several layers at once, with a side table joined by fileId (what a recipe sends), over both transports', async () => {
    for (const send of [overHttp, overDispatch]) {
      const caps = await upload('caps.csv', 'code,学校名称,学段,在校生数,学位数\n9100001,关联小学,小学,300,360\n9100002,关联中学,初中,800,900\n');
      const session = caps.slice(0, caps.indexOf('/'));
      const pos = await upload('positions.csv', 'sid,经度,纬度\n9100001,116.5942,26.2540\n9100002,116.6100,26.2300\n', session);
      const housing = await upload('housing.csv', readFileSync(join(ROOT, 'resources', 'demo', 'housing.csv')), session);
      const res = await send('import.preview', { schools: { fileId: caps, joins: [{ fileId: pos, leftKey: 'code', rightKey: 'sid' }] }, housing: { fileId: housing } });
      if (!res.ok) throw new Error(res.error.message);
      const p = res.result as { ok: boolean; written: boolean; layers: { layer: string; imported: number; mapping: Record<string, string> }[]; samples: { layer: string; columns: string[]; positions: number[][] }[] };
      expect(p).toMatchObject({ ok: true, written: false });
      expect(p.layers.map((l) => l.layer)).toEqual(['schools', 'housing']);
      expect(p.layers[0]).toMatchObject({ imported: 2, mapping: { id: 'code', lon: '经度', lat: '纬度' } });
      expect(p.samples[0].columns).toEqual(['code', '学校名称', '学段', '在校生数', '学位数', '经度', '纬度']);
      expect(p.samples[0].positions).toHaveLength(2);
      expect(p.samples[1].layer).toBe('housing');
    }
  });

  it('refuses a join by field: a fileId not from import.upload, a missing key, a file not uploaded', async () => {
    const caps = await upload('caps.csv', 'code,学校名称\n1,甲小学\n');
    for (const send of [overHttp, overDispatch]) {
      const badId = await send('import.preview', { schools: { fileId: caps, joins: [{ fileId: 'positions.csv', leftKey: 'code', rightKey: 'sid' }] } });
      expect(badId).toMatchObject({ ok: false, error: { code: 'invalid_params', field: 'params.schools.joins.0.fileId', message: expect.stringContaining('params.schools.joins.0.fileId') } });
      const noKey = await send('import.commit', { schools: { fileId: caps, joins: [{ fileId: caps, leftKey: 'code' }] } });
      expect(noKey).toMatchObject({ ok: false, error: { code: 'invalid_params', field: 'params.schools.joins.0.rightKey' } });
      const absent = await send('import.preview', { schools: { fileId: caps, joins: [{ fileId: `${caps.slice(0, 16)}/none.csv`, leftKey: 'code', rightKey: 'code' }] } });
      expect(absent).toMatchObject({ ok: false, error: { code: 'not_found', field: 'params.schools.joins.0.fileId', message: expect.stringContaining('none.csv') } });
    }
  });

  it('a zip with nothing readable is reported by name and nothing is written', async () => {
    const before = backend.current()!.schools.list();
    const zip = zipSync({ 'photo.jpg': new Uint8Array([0xff, 0xd8, 0xff, 0xe0]), 'notes.docx': strToU8('PK-ish') });
    const fileId = await upload('data.zip', Buffer.from(zip));
    const res = await dispatch('import.commit', { schools: { fileId } });
    expect(res.ok).toBe(true);
    const r = (res as { result: { ok: boolean; written: boolean; problems: { file: string; message: string; severity: string }[] } }).result;
    expect(r).toMatchObject({ ok: false, written: false });
    expect(r.problems).toContainEqual(expect.objectContaining({ file: 'data.zip', severity: 'error', message: expect.stringContaining('photo.jpg') }));
    expect(backend.current()!.schools.list()).toEqual(before);
  });

  it('a commit reports progress under its job id, then says the project changed; a cancelled one writes nothing', async () => {
    const seen: string[] = [];
    const off = events.subscribe((e) => {
      if (e.event === 'job.progress' && e.payload.jobId === 'job-a') seen.push(e.payload.phase);
      if (e.event === 'project.changed') seen.push(`changed:${e.payload.reason}`);
    });
    const housing = readFileSync(join(ROOT, 'resources', 'demo', 'housing.csv'));
    const res = await dispatch('import.commit', { housing: { fileId: await upload('housing.csv', housing) }, jobId: 'job-a' });
    expect(res).toMatchObject({ ok: true, result: { written: true, jobId: 'job-a' } });
    expect(seen).toContain('housing');
    expect(seen).toContain('done');
    expect(seen.at(-1)).toBe('changed:imported');

    const before = backend.current()!.schools.list();
    const running = dispatch('import.commit', { schools: { fileId: await upload('学校.csv', SCHOOLS_CSV) }, jobId: 'job-b' });
    const cancel = await dispatch('import.cancel', { jobId: 'job-b' });
    expect(cancel).toEqual({ ok: true, result: { cancelled: true } });
    expect(await running).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(backend.current()!.schools.list()).toEqual(before);
    off();
  });
});
