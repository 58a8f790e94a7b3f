// No acknowledged edit is lost: the browser-mode server is killed (SIGKILL, no chance to flush or
// close) while a stream of edits is arriving over HTTP, at a different moment each round; the file
// is reopened and must hold every edit the server answered, with catchments that match its log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Edit } from '../../shared/edits';
import type { Catchment } from '../../shared/model';
import { createDemoProject } from '.';
import { openProject } from '../store';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
let dir: string;
let demo: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'snp-crash-'));
  demo = join(dir, 'demo.sqlite');
  createDemoProject(demo, join(ROOT, 'resources'), '0.0.0-test').close();
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Starts the server with node itself (tsx as a loader only), so the kill hits the writing process. */
function startServer(project: string): Promise<{ child: ChildProcess; url: URL }> {
  const tsx = new URL('../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
  const child = spawn(process.execPath, ['--import', tsx, join(ROOT, 'scripts', 'serve.ts'), '--no-build', '--port', '0', '--project', project], { stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((ok, fail) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /running at (\S+)/.exec(out);
      if (m) ok({ child, url: new URL(m[1]) });
    });
    child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => fail(new Error(`server exited (${code}) before it was ready: ${out}`)));
  });
}

function token(url: URL): string {
  return url.searchParams.get('token') ?? new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
}

async function call(url: URL, method: string, params: unknown): Promise<{ ok: boolean; result?: unknown; error?: { message: string } }> {
  const res = await fetch(new URL(`/api/${method}`, url.origin), { method: 'POST', headers: { authorization: `Bearer ${token(url)}`, 'content-type': 'application/json' }, body: JSON.stringify(params) });
  return (await res.json()) as { ok: boolean; result?: unknown; error?: { message: string } };
}

/** The n-th edit of the stream: one unit moves from one primary catchment to the other and back. */
function nextEdit(a: Catchment, b: Catchment): { edit: Edit; a: Catchment; b: Catchment } {
  const [from, to] = a.unitIds.length > b.unitIds.length ? [a, b] : [b, a];
  const unit = from.unitIds[from.unitIds.length - 1];
  const from2 = { ...from, unitIds: from.unitIds.slice(0, -1) };
  const to2 = { ...to, unitIds: [...to.unitIds, unit] };
  const edit: Edit = { action: 'paint', scenarioId: 'baseline', level: 'primary', changes: [{ id: from.id, before: from, after: from2 }, { id: to.id, before: to, after: to2 }] };
  return from === a ? { edit, a: from2, b: to2 } : { edit, a: to2, b: from2 };
}

describe('killing the server during a stream of edits', () => {
  it.each([[7, 0], [23, 1], [41, 3]])('keeps every acknowledged edit (kill after %i acknowledged, %i ms into the next ones)', async (acknowledgedBeforeKill, delayMs) => {
    const path = join(dir, `crash-${acknowledgedBeforeKill}.sqlite`);
    copyFileSync(demo, path);
    const first = openProject(path);
    let [a, b] = first.catchments.list({ scenarioId: 'baseline', level: 'primary' }).sort((x, y) => y.unitIds.length - x.unitIds.length);
    first.close();

    const { child, url } = await startServer(path);
    const exited = new Promise((ok) => child.on('exit', ok));
    const acknowledged: number[] = [];
    const expected = new Map<number, { a: Catchment; b: Catchment }>();
    try {
      for (let k = 0; k < acknowledgedBeforeKill; k++) {
        const n = nextEdit(a, b);
        const r = await call(url, 'edits.apply', { edit: n.edit });
        expect(r.ok, r.error?.message).toBe(true);
        const seq = (r.result as { seq: number }).seq;
        acknowledged.push(seq);
        expected.set(seq, { a: n.a, b: n.b });
        ({ a, b } = n);
      }
      // The next edits are in flight (each made from the state the one before would leave) when the process dies.
      const inFlight: Promise<unknown>[] = [];
      let pa = a;
      let pb = b;
      for (let k = 0; k < 5; k++) {
        const n = nextEdit(pa, pb);
        inFlight.push(call(url, 'edits.apply', { edit: n.edit }).catch(() => null));
        ({ a: pa, b: pb } = n);
      }
      await new Promise((ok) => setTimeout(ok, delayMs));
      child.kill('SIGKILL');
      await exited;
      await Promise.all(inFlight);
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    }

    const s = openProject(path);
    try {
      const log = s.editLog.list('baseline');
      const seqs = log.map((e) => e.seq);
      for (const seq of acknowledged) expect(seqs).toContain(seq);
      expect(log.every((e) => !e.undone)).toBe(true);
      // The catchments are exactly what the newest logged edit left (no half-written edit).
      const last = log[log.length - 1].payload as Edit;
      for (const c of last.changes) expect(s.catchments.get(c.id)).toEqual(c.after);
      const lastAcknowledged = expected.get(acknowledged[acknowledged.length - 1])!;
      if (log[log.length - 1].seq === acknowledged[acknowledged.length - 1]) {
        expect(s.catchments.get(a.id)).toEqual(lastAcknowledged.a);
      }
      expect(s.editLog.counts('baseline').done).toBeGreaterThanOrEqual(acknowledged.length);
    } finally {
      s.close();
    }
  }, 60_000);
});
