import { beforeEach, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../src-preload/contract.ts';
import { channelOf, eventChannel, forwardEvents, registerIpc, type Envelope } from '../../../src-main/electron/ipc.ts';
import { createFakeService, lectureRun, type FakeService } from '../../helpers/fake-service.ts';
import { FakeIpcMain, FakeWebContents, type FakeSender } from './fake-ipc.ts';

const ours: FakeSender = { id: 1 };
const stranger: FakeSender = { id: 99 };

describe('registerIpc', () => {
  let ipc: FakeIpcMain;
  let service: FakeService;
  let dispose: () => void;

  beforeEach(() => {
    ipc = new FakeIpcMain();
    service = createFakeService();
    dispose = registerIpc(ipc, service, (sender) => sender === ours);
  });

  const invoke = (sender: FakeSender, method: string, args?: unknown) =>
    ipc.invoke(sender, `lab:${method}`, args) as Promise<Envelope<unknown>>;

  it('registers one handler per request, and removes them all', () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map(channelOf).sort());
    dispose();
    expect(ipc.handlers.size).toBe(0);
  });

  it('refuses a sender that is not our window, before the service sees it', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const answer = await invoke(stranger, 'listRuns', {});
    expect(answer).toEqual({ ok: false, error: { name: 'ForbiddenError', message: expect.stringMatching(/window/) } });
    expect(service.calls).toEqual([]);
    expect(warn).toHaveBeenCalledOnce();
    warn.mockRestore();
  });

  it('refuses a malformed payload with a message naming the field', async () => {
    const answer = await invoke(ours, 'neighbors', { run: lectureRun, word: 'king', k: 'ten' });
    expect(answer.ok).toBe(false);
    if (!answer.ok) {
      expect(answer.error.name).toBe('ContractError');
      expect(answer.error.message).toMatch(/^neighbors: k: /);
    }
    expect(service.calls).toEqual([]);
  });

  it('refuses a payload that is not an object', async () => {
    const answer = await invoke(ours, 'similarity', 'king');
    expect(answer).toMatchObject({ ok: false, error: { name: 'ContractError' } });
    expect(service.calls).toEqual([]);
  });

  it('passes validated arguments, defaults filled in, and returns the result', async () => {
    const answer = await invoke(ours, 'neighbors', { run: lectureRun, word: 'king' });
    expect(service.calls).toEqual([{ method: 'neighbors', args: { run: lectureRun, word: 'king', k: 10 } }]);
    expect(answer.ok).toBe(true);
    if (answer.ok) expect((answer.result as { results: unknown[] }).results.length).toBeGreaterThan(0);
  });

  it('keeps Float32Array results typed across the clone', async () => {
    const answer = await invoke(ours, 'vectors', { run: lectureRun, words: ['king'] });
    expect(answer.ok && (answer.result as { vectors: unknown }).vectors).toBeInstanceOf(Float32Array);
  });

  it("keeps a user error's name and message", async () => {
    const answer = await invoke(ours, 'similarity', { run: lectureRun, a: 'king', b: 'xyzzy' });
    expect(answer).toEqual({ ok: false, error: { name: 'UnknownWordError', message: expect.stringMatching(/xyzzy/) } });
  });

  it('reports an internal error with its message but a plain name', async () => {
    service.handlers.listRuns = async () => {
      throw new TypeError('disk on fire');
    };
    const error = vi.spyOn(console, 'error').mockImplementation(() => {});
    expect(await invoke(ours, 'listRuns', {})).toEqual({
      ok: false,
      error: { name: 'Error', message: 'disk on fire' },
    });
    expect(error).toHaveBeenCalledOnce();
    error.mockRestore();
  });

  it('lets the shell override a handler, e.g. the file dialog', async () => {
    const shell = new FakeIpcMain();
    registerIpc(shell, service, () => true, {
      pickCorpusFiles: async () => ({ pickId: 'a'.repeat(32), paths: ['/x.txt'] }),
    });
    const answer = await shell.invoke(ours, 'lab:pickCorpusFiles', {});
    expect(answer).toEqual({ ok: true, result: { pickId: 'a'.repeat(32), paths: ['/x.txt'] } });
  });

  it('throws when registered twice on one ipcMain, as Electron does', () => {
    expect(() => registerIpc(ipc, service, () => true)).toThrow(/second handler/);
  });
});

describe('forwardEvents', () => {
  it('sends every service event to every live window', () => {
    const service = createFakeService();
    const a = new FakeWebContents();
    const b = new FakeWebContents();
    const gone = new FakeWebContents();
    gone.destroyed = true;
    const off = forwardEvents(service, () => [a, b, gone]);
    service.emit('changed', { what: 'runs' });
    expect(a.sent).toEqual([[eventChannel, 'changed', { what: 'runs' }]]);
    expect(b.sent).toEqual(a.sent);
    expect(gone.sent).toEqual([]);
    off();
    service.emit('changed', { what: 'corpora' });
    expect(a.sent).toHaveLength(1);
  });
});
