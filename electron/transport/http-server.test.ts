// Browser-mode server guards: loopback only, token required, Host and Origin checked, no CORS,
// files served only from the renderer folder, push events over SSE.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDispatch } from './dispatch';
import { EventHub } from './events';
import { startHttpServer, type RunningServer } from './http-server';
import type { Handlers } from '../../shared/api';

let dir: string;
let server: RunningServer;
const events = new EventHub();

// A backend double is enough here: these tests are about the transport, not the project.
const handlers = { 'app.info': () => ({ name: 'x', version: '1', host: 'browser', systemLocale: 'en', projectPath: null, schemaVersion: 1 }) } as unknown as Handlers;

function raw(path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((ok, fail) => {
    const req = request({ host: '127.0.0.1', port: server.port, path, method: opts.method ?? 'GET', headers: opts.headers, setHost: !opts.headers?.host }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => { body += d.toString(); });
      res.on('end', () => ok({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', fail);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

const auth = () => ({ authorization: `Bearer ${server.token}`, 'content-type': 'application/json' });

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'snp-http-'));
  mkdirSync(join(dir, 'renderer', 'assets'), { recursive: true });
  writeFileSync(join(dir, 'renderer', 'index.html'), '<!doctype html><title>SchoolNet</title>');
  writeFileSync(join(dir, 'renderer', 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(dir, 'secret.txt'), 'outside');
  server = await startHttpServer({ dispatch: createDispatch(handlers), events, staticDir: join(dir, 'renderer'), port: 0 });
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('browser-mode HTTP server', () => {
  it('listens on 127.0.0.1 and prints a URL carrying a long random token', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{48}$/);
  });

  it('answers an API call that carries the token', async () => {
    const r = await raw('/api/app.info', { method: 'POST', headers: auth(), body: '{}' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body)).toMatchObject({ ok: true, result: { host: 'browser' } });
  });

  it('refuses API calls without the token or with a wrong one (401)', async () => {
    expect((await raw('/api/app.info', { method: 'POST', body: '{}' })).status).toBe(401);
    expect((await raw('/api/app.info', { method: 'POST', headers: { authorization: 'Bearer nope' }, body: '{}' })).status).toBe(401);
    expect((await raw(`/api/app.info?token=${server.token}`, { method: 'POST', body: '{}' })).status).toBe(401); // only the event stream takes the query token
  });

  it('refuses another Host header (DNS rebinding) with 403, for files and API', async () => {
    expect((await raw('/', { headers: { host: 'evil.example:80' } })).status).toBe(403);
    expect((await raw('/api/app.info', { method: 'POST', headers: { ...auth(), host: `attacker.test:${server.port}` }, body: '{}' })).status).toBe(403);
  });

  it('refuses cross-origin API calls and sends no CORS headers', async () => {
    const r = await raw('/api/app.info', { method: 'POST', headers: { ...auth(), origin: 'https://some-site.example' }, body: '{}' });
    expect(r.status).toBe(403);
    const pre = await raw('/api/app.info', { method: 'OPTIONS', headers: { origin: 'https://some-site.example', 'access-control-request-method': 'POST' } });
    expect(pre.status).not.toBe(204);
    for (const res of [r, pre]) expect(Object.keys(res.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });

  it('serves the app shell with a Content-Security-Policy, and assets, but nothing outside the renderer folder', async () => {
    const index = await raw('/');
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toContain("default-src 'self'");
    expect((await raw('/assets/app.js')).status).toBe(200);
    expect([403, 404]).toContain((await raw('/../secret.txt')).status);
    expect([403, 404]).toContain((await raw('/%2e%2e/secret.txt')).status);
    expect((await raw('/assets/missing.js')).status).toBe(404);
  });

  it('rejects a body that is not JSON with a clear message', async () => {
    const r = await raw('/api/app.info', { method: 'POST', headers: auth(), body: '{not json' });
    expect(r.status).toBe(400);
    expect(JSON.parse(r.body).error.message).toMatch(/not valid JSON/);
  });

  it('streams push events to a client holding the token', async () => {
    const got = await new Promise<string>((ok, fail) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: `/api/events?token=${server.token}` }, (res) => {
        expect(res.statusCode).toBe(200);
        res.on('data', (d: Buffer) => {
          const text = d.toString();
          if (text.includes('data:')) {
            ok(text);
            req.destroy();
          } else {
            events.emit({ event: 'project.changed', payload: { path: '/x.sqlite', reason: 'test' } });
          }
        });
      });
      req.on('error', fail);
      req.end();
    });
    expect(got).toContain('"reason":"test"');
    expect((await raw('/api/events')).status).toBe(401);
  });
});
