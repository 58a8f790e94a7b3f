// What a transport carries: one call envelope and one push-event stream. Both hosts implement it.
import type { ApiErrorData } from './errors';
import type { PushEvent } from './contract';

export type CallResponse = { ok: true; result: unknown } | { ok: false; error: ApiErrorData };

export interface Transport {
  /** Send one call; resolves with the raw response envelope. */
  call(method: string, params: unknown): Promise<CallResponse>;
  /** Receive push events; returns an unsubscribe function. */
  subscribe(listener: (event: PushEvent) => void): () => void;
}

/** The bridge the Electron preload exposes on window (contextBridge). */
export interface PreloadBridge {
  call(method: string, params: unknown): Promise<CallResponse>;
  subscribe(listener: (event: PushEvent) => void): () => void;
}

export const PRELOAD_KEY = 'schoolnet';
export const IPC_CALL_CHANNEL = 'schoolnet:call';
export const IPC_EVENT_CHANNEL = 'schoolnet:event';
