// The only renderer file that knows the host: binds the contract client to the Electron preload
// bridge when present, otherwise to the local HTTP server of browser mode.
import { createClient, PRELOAD_KEY, type ApiClient, type PreloadBridge, type PushEvent, type Transport, type CallResponse } from '../../shared/api';

const TOKEN_KEY = 'schoolnet.token';

/** Reads the per-launch token from the URL once, keeps it for the tab, and removes it from the address bar. */
function takeToken(): string {
  const url = new URL(window.location.href);
  const fromUrl = url.searchParams.get('token');
  if (fromUrl) {
    sessionStorage.setItem(TOKEN_KEY, fromUrl);
    url.searchParams.delete('token');
    window.history.replaceState(null, '', url.pathname + url.search + url.hash);
    return fromUrl;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpTransport(): Transport {
  const token = takeToken();
  const listeners = new Set<(e: PushEvent) => void>();
  let source: EventSource | null = null;
  const ensureStream = () => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m) => {
      const e = JSON.parse(m.data as string) as PushEvent;
      for (const l of listeners) l(e);
    };
  };
  return {
    async call(method, params) {
      const res = await fetch(`/api/${method}`, {
        method: 'POST',
        priority: 'high', // before the font files a first render asks for
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify(params ?? {}),
      });
      if (res.ok && (res.headers.get('content-type') ?? '').startsWith('application/octet-stream')) {
        return { ok: true, result: new Uint8Array(await res.arrayBuffer()) };
      }
      const text = await res.text();
      try {
        return JSON.parse(text) as CallResponse;
      } catch {
        return { ok: false, error: { code: 'internal', message: `HTTP ${res.status}: ${text.slice(0, 200)}` } };
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      ensureStream();
      return () => listeners.delete(listener);
    },
  };
}

function pickTransport(): { transport: Transport; host: 'electron' | 'browser' } {
  const bridge = (window as unknown as Record<string, PreloadBridge | undefined>)[PRELOAD_KEY];
  if (bridge) return { transport: bridge, host: 'electron' };
  return { transport: httpTransport(), host: 'browser' };
}

const picked = pickTransport();
export const api: ApiClient = createClient(picked.transport);
export const hostKind = picked.host;
