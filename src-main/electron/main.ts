// The desktop shell: one window, the service, and IPC generated from the
// contract. Everything else lives in the service, so this file stays thin.
import { app, BrowserWindow, dialog, ipcMain, session, type WebContents } from 'electron';
import { fileURLToPath } from 'node:url';
import { createService } from '../service/service.ts';
import { defaultDbPath } from '../service/paths.ts';
import type { LabService } from '../service/types.ts';
import { forwardEvents, registerIpc } from './ipc.ts';
import { pickEncoderFolder } from './encoder-folder.ts';

const preloadPath = fileURLToPath(new URL('../preload/index.cjs', import.meta.url));
const rendererPath = fileURLToPath(new URL('../renderer/index.html', import.meta.url));
// electron-vite dev serves the renderer with hot reload; never in a packaged app
const devUrl = app.isPackaged ? undefined : process.env.ELECTRON_RENDERER_URL;

const windows = new Set<BrowserWindow>();

function csp(): string {
  const devSocket = devUrl ? ` ${devUrl.replace(/^http/, 'ws')}` : '';
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self'${devSocket}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function lockDownSessions(): void {
  const policy = csp();
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

// applies to every web contents, including any a bug might create later
function lockDownContents(contents: WebContents): void {
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
}

function createWindow(): BrowserWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'Embedding Lab',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  windows.add(win);
  win.on('closed', () => windows.delete(win));
  win.once('ready-to-show', () => win.show());
  (devUrl ? win.loadURL(devUrl) : win.loadFile(rendererPath)).catch((err: unknown) =>
    console.error('embedlab: the page did not load:', err),
  );
  return win;
}

function isOurWindow(sender: WebContents): boolean {
  const win = BrowserWindow.fromWebContents(sender);
  return win !== null && windows.has(win);
}

async function pickCorpusFiles(service: LabService): Promise<{ pickId: string; paths: string[] } | null> {
  const parent = BrowserWindow.getFocusedWindow() ?? [...windows][0];
  const options: Electron.OpenDialogOptions = {
    title: 'Add text files or folders',
    // Windows and Linux show a folder picker when both are asked for; files then come in via their folder
    properties: ['openFile', 'openDirectory', 'multiSelections'],
    filters: [{ name: 'Text', extensions: ['txt', 'md'] }],
  };
  const picked = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
  if (picked.canceled || picked.filePaths.length === 0) return null;
  return { pickId: service.registerPick(picked.filePaths), paths: picked.filePaths };
}

function showOpenDialog(options: Electron.OpenDialogOptions): Promise<Electron.OpenDialogReturnValue> {
  const parent = BrowserWindow.getFocusedWindow() ?? [...windows][0];
  return parent ? dialog.showOpenDialog(parent, options) : dialog.showOpenDialog(options);
}

function closeServiceOnQuit(service: LabService): void {
  let closing = false;
  app.on('will-quit', (event) => {
    if (closing) return;
    closing = true;
    // let running jobs settle as cancelled and the database close cleanly
    event.preventDefault();
    void service
      .close()
      .catch((err: unknown) => console.error('embedlab: closing the service failed:', err))
      .finally(() => app.quit());
  });
}

async function start(): Promise<void> {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents));
  await app.whenReady();
  lockDownSessions();
  const service = await createService({ dbPath: defaultDbPath(), host: 'electron' });
  registerIpc(ipcMain, service, isOurWindow, {
    pickCorpusFiles: () => pickCorpusFiles(service),
    pickEncoderFolder: () => pickEncoderFolder(service, showOpenDialog),
  });
  forwardEvents(service, () => [...windows].map((w) => w.webContents));
  closeServiceOnQuit(service);
  createWindow();
  app.on('second-instance', () => [...windows][0]?.focus());
  app.on('activate', () => windows.size === 0 && createWindow());
  app.on('window-all-closed', () => process.platform !== 'darwin' && app.quit());
}

start().catch((err: unknown) => {
  console.error('embedlab: could not start:', err);
  dialog.showErrorBox('Embedding Lab could not start', err instanceof Error ? err.message : String(err));
  app.exit(1);
});
