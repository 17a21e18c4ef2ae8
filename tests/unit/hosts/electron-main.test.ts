// The desktop shell with a stand-in Electron (the binary cannot run in CI):
// window security settings, CSP, navigation refused, IPC wired, the dialog.
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { methodNames } from '../../../src-preload/contract.ts';
import type { FakeService } from '../../helpers/fake-service.ts';
import { FakeIpcMain } from './fake-ipc.ts';

type Handler = (...args: never[]) => unknown;

const shell = vi.hoisted(() => {
  const appHandlers = new Map<string, Handler>();
  return {
    appHandlers,
    windows: [] as { options: Record<string, unknown>; loaded: string; contents: { id: number } }[],
    headersHook: null as null | Handler,
    permissionHook: null as null | Handler,
    ipcMain: null as unknown,
    service: null as unknown,
    dialogResult: { canceled: false, filePaths: ['/corpus/a.txt', '/corpus/more'] },
  };
});

vi.mock('electron', async () => {
  const { FakeIpcMain: Ipc } = await import('./fake-ipc.ts');
  shell.ipcMain = new Ipc();
  class BrowserWindow {
    static all: BrowserWindow[] = [];
    webContents = { id: BrowserWindow.all.length + 1, send: () => {}, isDestroyed: () => false };
    constructor(options: Record<string, unknown>) {
      BrowserWindow.all.push(this);
      shell.windows.push({ options, loaded: '', contents: this.webContents });
    }
    static fromWebContents(contents: unknown) {
      return BrowserWindow.all.find((w) => w.webContents === contents) ?? null;
    }
    static getFocusedWindow() {
      return BrowserWindow.all[0] ?? null;
    }
    on() {}
    once() {}
    focus() {}
    async loadFile(path: string) {
      shell.windows.at(-1)!.loaded = path;
    }
    async loadURL(url: string) {
      shell.windows.at(-1)!.loaded = url;
    }
  }
  return {
    app: {
      isPackaged: true,
      requestSingleInstanceLock: () => true,
      whenReady: async () => {},
      on: (event: string, fn: Handler) => shell.appHandlers.set(event, fn),
      quit: () => {},
      exit: () => {},
    },
    BrowserWindow,
    ipcMain: shell.ipcMain,
    dialog: { showOpenDialog: async () => shell.dialogResult, showErrorBox: () => {} },
    session: {
      defaultSession: {
        webRequest: { onHeadersReceived: (fn: Handler) => (shell.headersHook = fn) },
        setPermissionRequestHandler: (fn: Handler) => (shell.permissionHook = fn),
      },
    },
  };
});

vi.mock('../../../src-main/service/service.ts', async () => {
  const { createFakeService: create } = await import('../../helpers/fake-service.ts');
  return { createService: async () => (shell.service = create({ host: 'electron' })) };
});

let ipc: FakeIpcMain;

beforeAll(async () => {
  await import('../../../src-main/electron/main.ts');
  await vi.waitFor(() => expect(shell.windows).toHaveLength(1));
  ipc = shell.ipcMain as FakeIpcMain;
});

describe('the Electron shell', () => {
  it('opens one window, sandboxed and isolated, with the built preload and page', () => {
    const [win] = shell.windows;
    expect(win.options.webPreferences).toEqual({
      preload: expect.stringMatching(/[/\\]preload[/\\]index\.cjs$/),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    });
    expect(win.loaded).toMatch(/[/\\]renderer[/\\]index\.html$/);
  });

  it('sets a strict CSP on every response and denies permissions', () => {
    let headers: Record<string, string[]> = {};
    shell.headersHook!(
      { responseHeaders: { 'X-Other': ['1'] } } as never,
      ((r: { responseHeaders: Record<string, string[]> }) => (headers = r.responseHeaders)) as never,
    );
    expect(headers['X-Other']).toEqual(['1']);
    expect(headers['Content-Security-Policy'][0]).toMatch(
      /^default-src 'self'; script-src 'self'; .*connect-src 'self'; object-src 'none'/,
    );
    let granted: boolean | undefined;
    shell.permissionHook!(null as never, 'media' as never, ((ok: boolean) => (granted = ok)) as never);
    expect(granted).toBe(false);
  });

  it('refuses navigation, new windows and webviews in every web contents', () => {
    const events = new Map<string, Handler>();
    let openHandler: Handler | null = null;
    const contents = {
      on: (e: string, fn: Handler) => events.set(e, fn),
      setWindowOpenHandler: (fn: Handler) => (openHandler = fn),
    };
    shell.appHandlers.get('web-contents-created')!({} as never, contents as never);
    for (const name of ['will-navigate', 'will-attach-webview']) {
      const event = { preventDefault: vi.fn() };
      events.get(name)!(event as never);
      expect(event.preventDefault).toHaveBeenCalled();
    }
    expect(openHandler!()).toEqual({ action: 'deny' });
  });

  it('handles every request, from its own window only', async () => {
    expect([...ipc.handlers.keys()].sort()).toEqual(methodNames.map((m) => `lab:${m}`).sort());
    const own = shell.windows[0].contents;
    expect(await ipc.invoke(own as never, 'lab:appInfo', {})).toMatchObject({ ok: true, result: { host: 'electron' } });
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(await ipc.invoke({ id: 99 } as never, 'lab:appInfo', {})).toMatchObject({ ok: false });
    warn.mockRestore();
  });

  it('answers pickCorpusFiles with the dialog, registering the picked paths', async () => {
    const own = shell.windows[0].contents;
    const answer = (await ipc.invoke(own as never, 'lab:pickCorpusFiles', {})) as {
      ok: boolean;
      result: { pickId: string; paths: string[] };
    };
    expect(answer.result.paths).toEqual(shell.dialogResult.filePaths);
    expect(answer.result.pickId).toMatch(/^[0-9a-f]{32}$/);
    shell.dialogResult = { canceled: true, filePaths: [] };
    expect(await ipc.invoke(own as never, 'lab:pickCorpusFiles', {})).toEqual({ ok: true, result: null });
  });

  it('closes the service before quitting', async () => {
    const service = shell.service as FakeService;
    const event = { preventDefault: vi.fn() };
    shell.appHandlers.get('will-quit')!(event as never);
    expect(event.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(service.closed).toBe(true));
  });
});
