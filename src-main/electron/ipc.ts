// ipcMain handlers generated from the contract: one channel per request, the
// sender checked, the argument validated, the answer wrapped in an envelope
// (Electron drops an Error's name and custom fields on the way back).
import {
  eventNames,
  methodNames,
  parseArgs,
  type LabHandlers,
  type Method,
  type Result,
} from '../../src-preload/contract.ts';
import { userErrorNames } from '../core/errors.ts';
import type { LabService } from '../service/types.ts';

export type Envelope<T> = { ok: true; result: T } | { ok: false; error: { name: string; message: string } };

/** the slice of Electron's ipcMain this module uses, so tests can pass a stand-in */
export interface IpcMainLike<Sender> {
  handle(channel: string, listener: (event: { sender: Sender }, ...args: unknown[]) => unknown): void;
  removeHandler(channel: string): void;
}

/** the slice of WebContents that events go to */
export interface EventTarget {
  send(channel: string, ...args: unknown[]): void;
  isDestroyed(): boolean;
}

export const eventChannel = 'lab:event';

export function channelOf(method: Method): `lab:${Method}` {
  return `lab:${method}`;
}

/** registers one handler per request; returns a function that removes them all */
export function registerIpc<Sender>(
  ipcMain: IpcMainLike<Sender>,
  service: LabService,
  isOurWindow: (sender: Sender) => boolean,
  extra: Partial<LabHandlers> = {},
): () => void {
  for (const method of methodNames) {
    ipcMain.handle(channelOf(method), (event, raw) =>
      isOurWindow(event.sender) ? answer(service, extra, method, raw) : refused(method),
    );
  }
  return () => methodNames.forEach((method) => ipcMain.removeHandler(channelOf(method)));
}

/** sends every service event to the windows `targets` returns; returns an unsubscribe */
export function forwardEvents(service: LabService, targets: () => Iterable<EventTarget>): () => void {
  const offs = eventNames.map((name) =>
    service.on(name, (payload) => {
      for (const target of targets()) if (!target.isDestroyed()) target.send(eventChannel, name, payload);
    }),
  );
  return () => offs.forEach((off) => off());
}

async function answer<M extends Method>(
  service: LabService,
  extra: Partial<LabHandlers>,
  method: M,
  raw: unknown,
): Promise<Envelope<Result<M>>> {
  try {
    const args = parseArgs(method, raw);
    const override = extra[method];
    // called as a method so a class-based handlers object keeps its `this`
    const result = override ? await override(args) : await service.handlers[method](args);
    return { ok: true, result };
  } catch (err) {
    return { ok: false, error: describe(err, method) };
  }
}

function refused(method: Method): Envelope<never> {
  console.warn(`embedlab: refused ${method} from a window this app did not open`);
  return { ok: false, error: { name: 'ForbiddenError', message: 'request from a window this app did not open' } };
}

function describe(err: unknown, method: Method): { name: string; message: string } {
  const e = err instanceof Error ? err : new Error(String(err));
  if (userErrorNames.has(e.name)) return { name: e.name, message: e.message };
  console.error(`embedlab: ${method} failed:`, e);
  return { name: 'Error', message: e.message };
}
