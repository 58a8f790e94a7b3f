// Browser mode: a local HTTP server on 127.0.0.1 that serves the built renderer and the API under
// /api/. Guards: a per-launch secret token on every API request, a Host header check against
// DNS rebinding, an Origin check, and no CORS headers, so no other web page can read or drive a project.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createReadStream, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from './dispatch';
import type { EventHub } from './events';

export interface HttpServerOptions {
  dispatch: Dispatch;
  events: EventHub;
  /** Built renderer (out/renderer). */
  staticDir: string;
  port?: number; // 0 = any free port
  token?: string;
  maxBodyBytes?: number;
}

export interface RunningServer {
  url: string; // full URL to open, with the token
  origin: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2', '.woff': 'font/woff', '.ico': 'image/x-icon', '.wasm': 'application/wasm', '.pbf': 'application/x-protobuf',
  '.geojson': 'application/geo+json', '.txt': 'text/plain; charset=utf-8', '.map': 'application/json',
};

export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "img-src 'self' data: blob: https:",
  "font-src 'self' data:", "worker-src 'self' blob:", "connect-src 'self' https:", "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'",
].join('; ');

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: string, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
  res.end(body);
}

function sendError(res: ServerResponse, status: number, code: string, message: string): void {
  send(res, status, JSON.stringify({ ok: false, error: { code, message } }));
}

function readBody(req: IncomingMessage, limit: number): Promise<string> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        reject(new Error(`request body over ${limit} bytes`));
        req.destroy();
      } else chunks.push(c);
    });
    req.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export async function startHttpServer(opts: HttpServerOptions): Promise<RunningServer> {
  const token = opts.token ?? randomBytes(24).toString('hex');
  const staticRoot = resolve(opts.staticDir);
  const maxBody = opts.maxBodyBytes ?? 64 * 1024 * 1024;
  let allowedHosts = new Set<string>();
  let origin = '';

  const server = createServer((req, res) => {
    void handle(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendError(res, 500, 'internal', err instanceof Error ? err.message : String(err));
      else res.end();
    });
  });
  // Idle connections stay open well past a client's own keep-alive (undici's is 4 s): a client must
  // never reuse a socket the server is just closing (ECONNRESET under load).
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS-rebinding guard: only our own loopback names reach anything.
    if (!allowedHosts.has(String(req.headers.host ?? '').toLowerCase())) {
      return sendError(res, 403, 'forbidden', 'Host not allowed');
    }
    const url = new URL(req.url ?? '/', origin);
    if (url.pathname.startsWith('/api/')) return handleApi(req, res, url);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendError(res, 405, 'method_not_allowed', 'Only GET for files');
    return serveStatic(res, url.pathname);
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const requestOrigin = req.headers.origin;
    if (requestOrigin !== undefined && !allowedHosts.has(requestOrigin.replace(/^http:\/\//, '').toLowerCase())) {
      return sendError(res, 403, 'forbidden', 'Cross-origin requests are not allowed');
    }
    const auth = String(req.headers.authorization ?? '');
    const given = auth.startsWith('Bearer ') ? auth.slice(7) : (url.pathname === '/api/events' ? url.searchParams.get('token') ?? '' : '');
    if (!given || !sameToken(given, token)) return sendError(res, 401, 'unauthorized', 'Missing or wrong token');

    if (url.pathname === '/api/events') {
      if (req.method !== 'GET') return sendError(res, 405, 'method_not_allowed', 'GET only');
      res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
      res.write(': connected\n\n');
      const unsubscribe = opts.events.subscribe((e) => res.write(`data: ${JSON.stringify(e)}\n\n`));
      const beat = setInterval(() => res.write(': beat\n\n'), 25_000);
      req.on('close', () => {
        clearInterval(beat);
        unsubscribe();
      });
      return;
    }
    if (req.method !== 'POST') return sendError(res, 405, 'method_not_allowed', 'API calls are POST');
    const method = decodeURIComponent(url.pathname.slice('/api/'.length));
    let params: unknown;
    try {
      const body = await readBody(req, maxBody);
      params = body.trim() === '' ? {} : JSON.parse(body);
    } catch (err) {
      return sendError(res, 400, 'invalid_params', `Request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
    const response = await opts.dispatch(method, params);
    if (response.ok && response.result instanceof Uint8Array) {
      // A binary answer (residences.columns) goes as the bytes themselves.
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': response.result.byteLength, 'cache-control': 'no-store' });
      res.end(response.result);
      return;
    }
    const status = response.ok ? 200 : response.error.code === 'unknown_method' ? 404 : response.error.code === 'internal' ? 500 : 400;
    send(res, status, JSON.stringify(response));
  }

  function serveStatic(res: ServerResponse, pathname: string): void {
    let rel = decodeURIComponent(pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = normalize(join(staticRoot, rel));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return sendError(res, 403, 'forbidden', 'Path outside the app');
    let target = file;
    let st = statSync(target, { throwIfNoEntry: false });
    if (!st || !st.isFile()) {
      // Unknown paths without an extension fall back to the app shell; missing assets are 404.
      if (extname(rel) !== '') return sendError(res, 404, 'not_found', `No file ${rel}`);
      target = join(staticRoot, 'index.html');
      st = statSync(target, { throwIfNoEntry: false });
      if (!st) return sendError(res, 500, 'not_built', `The renderer is not built (no ${target}); run npm run build`);
    }
    const headers: Record<string, string | number> = {
      'content-type': CONTENT_TYPES[extname(target).toLowerCase()] ?? 'application/octet-stream',
      'content-length': st.size,
      'x-content-type-options': 'nosniff',
      'referrer-policy': 'no-referrer',
      'cache-control': extname(target) === '.html' ? 'no-store' : 'max-age=3600',
    };
    if (extname(target) === '.html') {
      headers['content-security-policy'] = CONTENT_SECURITY_POLICY;
      headers['x-frame-options'] = 'DENY';
    }
    res.writeHead(200, headers);
    createReadStream(target).pipe(res);
  }

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const port = (server.address() as AddressInfo).port;
  origin = `http://127.0.0.1:${port}`;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  return {
    url: `${origin}/?token=${token}`,
    origin,
    port,
    token,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}
