/// <reference lib="dom" />
// The browser host driven by Chromium: import the demo corpus, train a tiny
// model, see the 3D map draw, run an analogy. Screenshots land in tests/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LabService } from '../../src-main/service/types.ts';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';
import { repoRoot } from '../helpers/paths.ts';

const shot = (name: string) => join(repoRoot, 'tests', 'e2e', name);

/** counts canvas pixels that differ from the background corner pixel */
async function paintedPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="map-canvas"]') as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
    const [r0, g0, b0] = [data[0], data[1], data[2]];
    let painted = 0;
    for (let i = 0; i < data.length; i += 4) {
      if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 30) painted++;
    }
    return painted;
  });
}

describe('the lab in a browser', () => {
  let opened: LabInBrowser | undefined;
  let lab: LabService;
  let page: Page;

  beforeAll(async () => {
    opened = await openLabInBrowser();
    ({ lab, page } = opened);
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('imports the demo corpus with a progress bar', async () => {
    await page.getByTestId('nav-corpora').click();
    await page.getByTestId('import-demo').click();
    await expect
      .poll(() => lab.handlers.listCorpora({}).then((c) => c.map((x) => x.name)), { timeout: 30_000 })
      .toContain('demo');
    await page.getByText('demo', { exact: true }).first().waitFor();
  });

  it('trains a tiny model and shows it done', async () => {
    await page.getByTestId('nav-training').click();
    await page.getByTestId('train-corpus').selectOption('demo');
    await page.getByTestId('train-name').fill('tiny');
    await page.getByTestId('train-start').click();
    const row = page.locator('[data-testid="run-list"] [data-testid="run-row"][data-run="tiny"]');
    await row.locator('[data-status="done"]').waitFor({ timeout: 60_000 });
    await row.click();
    await page.screenshot({ path: shot('training.png') });
  });

  it('draws the 3D map of the trained run (canvas pixels, not only the DOM)', async () => {
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('explore-run').selectOption('tiny');
    await expect.poll(() => paintedPixels(page), { timeout: 20_000 }).toBeGreaterThan(200);
    await page.getByTestId('search-input').fill('congress');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('neighbors-list').innerText(), { timeout: 10_000 }).toMatch(/\d\.\d{3}/);
    await page.screenshot({ path: shot('map.png') });
  });

  it('answers king − man + woman on lecture-coordinates, both ways, and draws it', async () => {
    await page.getByTestId('explore-run').selectOption('lecture-coordinates');
    await expect.poll(() => paintedPixels(page), { timeout: 20_000 }).toBeGreaterThan(50);
    await page.getByTestId('explore-tab-arithmetic').click();
    await page.getByTestId('expr-input').fill('king - man + woman');
    await page.getByTestId('expr-submit').click();
    const results = page.getByTestId('expr-results');
    await expect.poll(() => results.innerText()).toMatch(/princess[\s\S]*0\.986[\s\S]*queen[\s\S]*0\.981/);
    await expect.poll(() => page.getByTestId('expr-other').innerText()).toMatch(/queen[\s\S]*0\.998/);
    await expect.poll(() => page.getByTestId('analogy-arrows').getAttribute('data-arrows')).toBe('2');
    await page.screenshot({ path: shot('explore.png') });
  });
});
