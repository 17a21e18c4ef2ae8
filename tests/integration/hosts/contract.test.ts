// Every contract case against both hosts: the Electron path (the real preload
// over a stand-in Electron, into registerIpc) and the browser host over HTTP.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CorpusInfo, Events, JobInfo, LabApi, Method } from '../../../src-preload/contract.ts';
import { decodeWire, encodeWire, routes } from '../../../src-preload/wire.ts';
import { forwardEvents, registerIpc } from '../../../src-main/electron/ipc.ts';
import { startServer, type RunningServer } from '../../../src-main/serve/server.ts';
import { FakeIpcMain, FakeWebContents, type FakeSender } from '../../unit/hosts/fake-ipc.ts';
import { contractCases, type HostUnderTest } from './contract-cases.ts';
import { openTestService, type TestService } from './service.ts';

type Listener = (event: unknown, ...args: unknown[]) => void;

// what the preload sees of Electron: contextBridge and ipcRenderer, wired to the stand-in ipcMain
const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: (_channel: string, _args: unknown): Promise<unknown> => Promise.reject(new Error('not wired')),
  listeners: new Map<string, Set<Listener>>(),
}));

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: {
    invoke: (channel: string, args: unknown) => electron.invoke(channel, args),
    on: (channel: string, fn: Listener) => {
      const set = electron.listeners.get(channel) ?? new Set();
      electron.listeners.set(channel, set.add(fn));
    },
    removeListener: (channel: string, fn: Listener) => electron.listeners.get(channel)?.delete(fn),
  },
}));

interface Setup {
  host: HostUnderTest;
  opened: TestService;
  on?: LabApi['on'];
  close(): Promise<void>;
}

async function ipcHost(): Promise<Setup> {
  const opened = await openTestService('electron');
  const ipc = new FakeIpcMain();
  const window: FakeSender = { id: 1 };
  registerIpc(ipc, opened.service, (sender) => sender === window);
  const contents = new FakeWebContents();
  contents.onSend = (channel, ...args) => electron.listeners.get(channel)?.forEach((fn) => fn({}, ...args));
  const stop = forwardEvents(opened.service, () => [contents]);
  electron.invoke = (channel, args) => ipc.invoke(window, channel, args);
  await import('../../../src-preload/index.ts');
  const lab = electron.exposed.get('lab') as LabApi;
  return {
    host: {
      kind: 'electron',
      dbPath: opened.dbPath,
      call: (method, args) => (lab[method] as (a: unknown) => Promise<unknown>)(args),
    },
    opened,
    on: lab.on,
    close: async () => {
      stop();
      await opened.close();
    },
  };
}

async function httpHost(): Promise<Setup> {
  const opened: TestService = await openTestService('browser');
  const server: RunningServer = await startServer({ service: opened.service, log: () => {} });
  const base = `http://127.0.0.1:${server.port}`;
  return {
    host: {
      kind: 'browser',
      dbPath: opened.dbPath,
      call: (method, args) => httpCall(base, server.token, method, args),
    },
    opened,
    close: async () => {
      await server.close();
      await opened.close();
    },
  };
}

async function httpCall(base: string, token: string, method: Method, args: unknown): Promise<unknown> {
  const res = await fetch(base + routes.call(method), {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: encodeWire(args),
  });
  const body = decodeWire<{ result?: unknown; error?: { name: string; message: string } }>(await res.text());
  if (res.ok) return body.result;
  throw Object.assign(new Error(body.error?.message), { name: body.error?.name, status: res.status });
}

describe.each([
  ['electron ipc', ipcHost],
  ['browser http', httpHost],
])('contract over %s', (_name, setup) => {
  let s: Setup;
  beforeAll(async () => {
    s = await setup();
  });
  afterAll(() => s.close());

  for (const c of contractCases) {
    it(c.title, async () => {
      const call = s.host.call(c.method, c.args);
      if (c.error) {
        const err = (await call.then(
          () => null,
          (e: unknown) => e,
        )) as (Error & { status?: number }) | null;
        expect(err, 'the call should fail').toBeInstanceOf(Error);
        expect(err?.name).toBe(c.error.name);
        expect(err?.message).toMatch(c.error.message);
        if (s.host.kind === 'browser') expect(err?.status).toBe(c.error.status);
      } else {
        c.check?.((await call) as never, s.host);
      }
    });
  }
});

describe('the preload', () => {
  let s: Setup;
  beforeAll(async () => {
    s = await ipcHost();
  });
  afterAll(() => s.close());

  it('exposes exactly the contract and on()', async () => {
    const { methodNames } = await import('../../../src-preload/contract.ts');
    const lab = electron.exposed.get('lab') as Record<string, unknown>;
    expect(Object.keys(lab).sort()).toEqual([...methodNames, 'on'].sort());
    expect(Object.values(lab).every((v) => typeof v === 'function')).toBe(true);
  });

  it('delivers events by name, and unsubscribes', async () => {
    expect(() => s.on!('nope' as 'changed', () => {})).toThrow(/unknown event "nope"/);
    const file = join(s.opened.dir, 'picked.txt');
    writeFileSync(file, 'the queen and the king\nthe prince and the princess\n');
    const pickId = s.opened.service.registerPick([file]);
    const changed: Events['changed'][] = [];
    const offChanged = s.on!('changed', (p) => changed.push(p));
    const finished = new Promise<JobInfo>((resolve) => {
      const off = s.on!('job', ({ job }) => {
        if (job.status === 'done' || job.status === 'failed') {
          off();
          resolve(job);
        }
      });
    });
    const { jobId } = (await s.host.call('importCorpus', { name: 'picked', source: { kind: 'picked', pickId } })) as {
      jobId: string;
    };
    const job = await finished;
    expect(job).toMatchObject({ id: jobId, kind: 'import', status: 'done' });
    expect(changed).toContainEqual({ what: 'corpora' });
    offChanged();
    const corpora = (await s.host.call('listCorpora', {})) as CorpusInfo[];
    expect(corpora.find((c) => c.name === 'picked')?.tokens).toBeGreaterThan(0);
  });
});
