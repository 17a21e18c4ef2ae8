// The preload: exposes exactly the contract as `window.lab`, one function per
// request plus `on` for events. No ipcRenderer and no generic send leave here.
// Sandboxed preloads cannot load modules, so electron-vite bundles this file
// (and the contract with zod) into one CommonJS file.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { eventNames, methodNames, type Events, type LabApi, type Method } from './contract.ts';
import type { Envelope } from '../src-main/electron/ipc.ts';

// must match channelOf / eventChannel in src-main/electron/ipc.ts
const channelOf = (method: Method): string => `lab:${method}`;
const eventChannel = 'lab:event';

function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.result;
  const err = new Error(envelope.error.message);
  err.name = envelope.error.name;
  throw err;
}

function request(method: Method) {
  return async (args: unknown) =>
    unwrap(await (ipcRenderer.invoke(channelOf(method), args) as Promise<Envelope<unknown>>));
}

function on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
  if (!(eventNames as readonly string[]).includes(event)) throw new Error(`unknown event "${String(event)}"`);
  // the listener never sees the IpcRendererEvent: it carries ipcRenderer itself
  const forward = (_e: IpcRendererEvent, name: unknown, payload: unknown) => {
    if (name === event) listener(payload as Events[E]);
  };
  ipcRenderer.on(eventChannel, forward);
  return () => {
    ipcRenderer.removeListener(eventChannel, forward);
  };
}

const api = Object.fromEntries([...methodNames.map((m) => [m, request(m)]), ['on', on]]) as LabApi;

contextBridge.exposeInMainWorld('lab', api);
