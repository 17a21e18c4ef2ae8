// Debian's Chromium driven by playwright-core; never a downloaded browser.
import { chromium, type Browser, type Page } from 'playwright-core';
import { join } from 'node:path';
import { existsSync } from 'node:fs';
import { createService } from '../../src-main/service/service.ts';
import { startServer } from '../../src-main/serve/server.ts';
import type { LabService } from '../../src-main/service/types.ts';
import { repoRoot, tempDir } from './paths.ts';

export const chromiumPath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--use-angle=swiftshader',
      '--enable-unsafe-swiftshader',
    ],
  });
}

/** a real service on a temporary database, the browser host serving the built renderer, and a page on it */
export interface LabInBrowser {
  lab: LabService;
  server: Awaited<ReturnType<typeof startServer>>;
  browser: Browser;
  page: Page;
  close(): Promise<void>;
}

export async function openLabInBrowser(): Promise<LabInBrowser> {
  const rendererDir = join(repoRoot, 'out', 'renderer');
  if (!existsSync(join(rendererDir, 'index.html')))
    throw new Error('no built renderer: run `npm run build:renderer` first');
  const tmp = tempDir();
  const lab = await createService({ dbPath: join(tmp.dir, 'lab.sqlite'), host: 'browser' });
  const server = await startServer({ service: lab, rendererDir });
  const browser = await launchChromium();
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error('page error:', e.message));
  await page.goto(server.url);
  const close = async () => {
    await browser.close();
    await server.close();
    await lab.close();
    tmp.cleanup();
  };
  return { lab, server, browser, page, close };
}
