// The preload exposes exactly two functions to the page: call and subscribe. Nothing else of
// Electron or Node reaches the renderer. (Channel names repeat shared/api/transport.ts: a sandboxed
// preload may import only electron; a unit test keeps the two in step.)
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import type { CallResponse, PreloadBridge } from '../../shared/api/transport';
import type { PushEvent } from '../../shared/api/contract';

const CALL = 'schoolnet:call';
const EVENT = 'schoolnet:event';

const bridge: PreloadBridge = {
  call: (method: string, params: unknown) => ipcRenderer.invoke(CALL, method, params) as Promise<CallResponse>,
  subscribe: (listener: (e: PushEvent) => void) => {
    const wrapped = (_: IpcRendererEvent, e: PushEvent) => listener(e);
    ipcRenderer.on(EVENT, wrapped);
    return () => {
      ipcRenderer.removeListener(EVENT, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('schoolnet', bridge);
