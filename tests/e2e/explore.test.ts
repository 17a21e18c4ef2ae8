/// <reference lib="dom" />
// The Explore view on the browser host, driven by Chromium: a UMAP that
// visibly settles (canvas pixels between frames), cancel and the layout cache,
// picking a word by clicking its point, isolating its neighbours, its
// concordance, an analogy drawn as arrows, and the comparison tools.
// Screenshots land in tests/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LabService } from '../../src-main/service/types.ts';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';
import { repoRoot } from '../helpers/paths.ts';

const shot = (name: string) => join(repoRoot, 'tests', 'e2e', name);

/** canvas pixels that differ from the background corner pixel */
function paintedPixels(page: Page): Promise<number> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="map-canvas"]') as HTMLCanvasElement | null;
    if (!canvas || canvas.width === 0) return 0;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
    const [r0, g0, b0] = [data[0], data[1], data[2]];
    let painted = 0;
    for (let i = 0; i < data.length; i += 4)
      if (Math.abs(data[i] - r0) + Math.abs(data[i + 1] - g0) + Math.abs(data[i + 2] - b0) > 30) painted++;
    return painted;
  });
}

/**
 * Starts recording, in the page, a signature of the map canvas on every
 * animation frame while the map shows a live (settling) layout, and the
 * epochs the progress bar reports.
 */
function recordLiveFrames(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __live: { sigs: number[]; epochs: number[] } };
    w.__live = { sigs: [], epochs: [] };
    const small = document.createElement('canvas');
    small.width = 120;
    small.height = 80;
    const ctx = small.getContext('2d', { willReadFrequently: true })!;
    const tick = () => {
      const map = document.querySelector('[data-testid="map"]');
      const canvas = document.querySelector('[data-testid="map-canvas"]') as HTMLCanvasElement | null;
      if (map?.getAttribute('data-layout') === 'live' && canvas) {
        ctx.clearRect(0, 0, 120, 80);
        ctx.drawImage(canvas, 0, 0, 120, 80);
        const d = ctx.getImageData(0, 0, 120, 80).data;
        let h = 0;
        for (let i = 0; i < d.length; i += 4) h = (Math.imul(h, 31) + d[i] + 7 * d[i + 1] + 13 * d[i + 2]) | 0;
        if (w.__live.sigs.at(-1) !== h) w.__live.sigs.push(h);
        const epoch = Number(document.querySelector('[data-testid="projection-progress"]')?.getAttribute('data-epoch'));
        if (epoch > 0 && w.__live.epochs.at(-1) !== epoch) w.__live.epochs.push(epoch);
      }
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

function liveFrames(page: Page): Promise<{ sigs: number[]; epochs: number[] }> {
  return page.evaluate(() => (window as unknown as { __live: { sigs: number[]; epochs: number[] } }).__live);
}

/** the CSS position of the most strongly coloured pixel of the map, away from its overlays: a word's dot */
function aDot(page: Page): Promise<{ x: number; y: number }> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="map-canvas"]') as HTMLCanvasElement;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0);
    const { data } = ctx.getImageData(0, 0, copy.width, copy.height);
    const scale = canvas.width / canvas.clientWidth;
    const margin = Math.round(80 * scale);
    let best = -1;
    let bestScore = -1;
    for (let y = margin; y < copy.height - margin; y += 2) {
      for (let x = margin; x < copy.width - margin; x += 2) {
        const i = (y * copy.width + x) * 4;
        const [r, g, b] = [data[i], data[i + 1], data[i + 2]];
        // saturated and dark: the middle of a frequent word's dot, not an axis line
        const score = Math.max(r, g, b) - Math.min(r, g, b) + (765 - r - g - b) / 3;
        if (score > bestScore) {
          bestScore = score;
          best = y * copy.width + x;
        }
      }
    }
    const rect = canvas.getBoundingClientRect();
    return { x: rect.left + (best % copy.width) / scale, y: rect.top + Math.floor(best / copy.width) / scale };
  });
}

describe('exploring a run in a browser', () => {
  let opened: LabInBrowser | undefined;
  let lab: LabService;
  let page: Page;

  beforeAll(async () => {
    opened = await openLabInBrowser();
    ({ lab, page } = opened);
    // the demo corpus, every word kept (about 4,900), so the map is crowded enough to settle visibly
    const imported = await lab.handlers.importCorpus({ name: 'demo', source: { kind: 'demo' }, lowercase: true });
    expect((await lab.waitForJob(imported.jobId)).status).toBe('done');
    const trained = await lab.handlers.train({
      corpus: 'demo',
      name: 'tiny',
      method: 'sgns',
      params: { dim: 50, minCount: 1, epochs: 3, threads: 1, seed: 1 },
    });
    expect((await lab.waitForJob(trained.jobId)).status).toBe('done');
    await page.reload();
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('runs UMAP on the demo run: the canvas changes while the points settle, then the layout is kept', async () => {
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('explore-run').selectOption('tiny');
    await expect.poll(() => paintedPixels(page), { timeout: 20_000 }).toBeGreaterThan(200);

    await page.getByTestId('explore-tab-map').click();
    await page.getByTestId('projection-method').selectOption('umap');
    await page.getByTestId('projection-dims').selectOption('2');
    await page.getByTestId('projection-words').fill('6000');
    await recordLiveFrames(page);
    await page.getByTestId('projection-run').click();
    await page.getByTestId('projection-progress').waitFor({ timeout: 10_000 });

    // settled: the stored layout replaces the frames, with its faithfulness
    await page.getByTestId('projection-live').waitFor({ state: 'detached', timeout: 120_000 });
    await expect.poll(() => page.getByTestId('map').innerText()).toMatch(/UMAP · 15 neighbours · min-dist 0.1/);
    expect(await page.getByTestId('map').getAttribute('data-layout')).toBe('final');
    await page.getByTestId('projection-recall').waitFor();
    const frames = await liveFrames(page);
    expect(frames.sigs.length, 'distinct canvas pictures while the layout settled').toBeGreaterThanOrEqual(3);
    expect(frames.epochs.length).toBeGreaterThanOrEqual(2);
    expect(frames.epochs).toEqual([...frames.epochs].sort((a, b) => a - b));

    expect(await page.getByTestId('map').getAttribute('data-dims')).toBe('2');
    expect(Number(await page.getByTestId('projection-recall').getAttribute('data-recall'))).toBeGreaterThan(0);
    // no silent sampling: every word of the run is on the map, and it says the run has fewer than asked
    const vocab = (await lab.handlers.listRuns({})).find((r) => r.name === 'tiny')!.vocabSize;
    expect(vocab).toBeLessThan(6000);
    await expect
      .poll(() => page.getByTestId('projection-count').innerText())
      .toMatch(new RegExp(`All ${vocab.toLocaleString('en-US')} words of the run are shown`));
    expect(await page.getByTestId('projection-outcome').innerText()).toMatch(/computed in/);

    // the same parameters again: from the cache, at once
    await page.getByTestId('projection-run').click();
    await page.getByTestId('projection-cached').waitFor({ timeout: 10_000 });
  });

  it('cancels a UMAP and keeps the map it had', async () => {
    await page.getByTestId('projection-seed').fill('2');
    await page.getByTestId('projection-run').click();
    await page.getByTestId('projection-cancel').waitFor();
    await expect.poll(() => page.getByTestId('projection-cancel').isEnabled(), { timeout: 10_000 }).toBe(true);
    await page.getByTestId('projection-cancel').click();
    await page.getByText('UMAP cancelled').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('map').getAttribute('data-layout')).toBe('final');
    // the seed-1 layout is still the one shown, and the form says so
    await page.getByText('The map shows other parameters').waitFor();
    await page.getByTestId('projection-seed').fill('1');
    await page.getByTestId('projection-run').click();
    await page.getByTestId('projection-cached').waitFor({ timeout: 10_000 });
  });

  it('picks a word by clicking its point, isolates its neighbours and shows it in context', async () => {
    const dot = await aDot(page);
    await page.mouse.move(dot.x, dot.y);
    await page.mouse.click(dot.x, dot.y);
    const title = page.getByRole('heading', { name: /^Neighbours of “/ });
    await title.waitFor({ timeout: 10_000 });
    const word = /“(.+)”/.exec(await title.innerText())![1];
    await expect.poll(() => page.getByTestId('neighbors-list').innerText()).toMatch(/\d\.\d{3}/);
    expect(await page.getByTestId('word-recall').getAttribute('data-recall')).toMatch(/^\d\.\d{3}$/);

    await page.getByTestId('isolate-k').fill('25');
    await page.getByTestId('isolate-k').press('Enter');
    await expect.poll(() => page.locator('[data-testid="neighbors-list"] li').count()).toBe(25);
    await page.getByTestId('isolate-toggle').click();
    expect(await page.getByTestId('isolate-toggle').getAttribute('aria-pressed')).toBe('true');

    const kwic = page.getByTestId('kwic-lines');
    await kwic.waitFor({ timeout: 10_000 });
    expect(await kwic.locator('li').count()).toBeGreaterThan(0);
    expect(await kwic.locator('.kw').first().innerText()).toBe(word);
    expect(await page.getByTestId('word-count').innerText()).toMatch(/\d+ times? in demo/);
    await page.screenshot({ path: shot('explore-umap.png') });
  });

  it('draws an analogy as two arrows, with the exact cosines beside it', async () => {
    await page.getByTestId('isolate-toggle').click();
    await page.getByTestId('explore-tab-arithmetic').click();
    await page.getByTestId('expr-input').fill('man - he + she');
    await page.getByTestId('expr-submit').click();
    await expect.poll(() => page.getByTestId('expr-results').innerText()).toMatch(/\d\.\d{3}/);
    expect(await page.getByTestId('expr-mul').innerText()).toMatch(/\d\.\d{3}/);
    await expect.poll(() => page.getByTestId('analogy-arrows').getAttribute('data-arrows')).toBe('2');
    await expect.poll(() => page.getByTestId('analogy-offset-cos').innerText()).toMatch(/^-?\d\.\d{3}$/);

    // an error names its column
    await page.getByTestId('expr-input').fill('0.5 man + woman');
    await page.getByTestId('expr-submit').click();
    await expect.poll(() => page.getByTestId('expr-error').innerText()).toMatch(/column 5/);
    expect(await page.getByTestId('analogy-arrows').getAttribute('data-arrows')).toBe('0');

    // the lecture's coordinates: on the stored vectors king − man = [0, 1, 7] and queen − woman = [0, 0, 7]
    await page.getByTestId('explore-run').selectOption('lecture-coordinates');
    await page.getByTestId('explore-tab-map').click();
    await page.getByTestId('projection-dims').selectOption('3');
    await expect.poll(() => page.getByTestId('map').getAttribute('data-dims')).toBe('3');
    await expect.poll(() => paintedPixels(page), { timeout: 20_000 }).toBeGreaterThan(50);
    await page.getByTestId('explore-tab-arithmetic').click();
    await expect.poll(() => page.getByTestId('expr-input').inputValue()).toBe('king - man + woman');
    // as gensim (unit vectors first): princess just ahead of queen; the plain sum says queen
    await page.getByTestId('expr-submit').click();
    await expect
      .poll(() => page.getByTestId('expr-results').innerText())
      .toMatch(/princess[\s\S]*0\.986[\s\S]*queen[\s\S]*0\.981/);
    await expect.poll(() => page.getByTestId('expr-other').innerText()).toMatch(/queen[\s\S]*0\.998/);
    await page.getByTestId('expr-normalize').uncheck();
    await page.getByTestId('expr-submit').click();
    await expect.poll(() => page.getByTestId('expr-results').innerText()).toMatch(/^1\s+queen\s+0\.998/);
    await expect.poll(() => page.getByTestId('analogy-arrows').getAttribute('data-arrows')).toBe('2');
    await expect.poll(() => page.getByTestId('analogy-offset-cos').innerText()).toBe((7 / Math.sqrt(50)).toFixed(3));
    // and beside the picture, over the map
    expect(await page.getByTestId('analogy-chip').innerText()).toMatch(/cos\(king − man, queen − woman\)\s+0\.990/);
    await page.screenshot({ path: shot('explore-analogy.png') });
  });

  it('a run without a corpus says so calmly; sentences, a matrix and the odd one out', async () => {
    await page.getByTestId('search-input').fill('king');
    await page.getByTestId('search-input').press('Enter');
    await expect.poll(() => page.getByTestId('kwic-message').innerText()).toMatch(/no concordance/);

    await page.getByTestId('explore-tab-compare').click();
    await page.getByTestId('sentence-a').fill('king man');
    await page.getByTestId('sentence-b').fill('queen woman xyzzy');
    await page.getByTestId('sentence-submit').click();
    await expect.poll(() => page.getByTestId('sentence-score').innerText()).toMatch(/^-?\d\.\d{3}$/);
    expect(await page.getByTestId('sentence-unknown').innerText()).toMatch(/xyzzy/);

    await page.getByTestId('matrix-input').fill('king queen man woman');
    await page.getByTestId('matrix-submit').click();
    await expect.poll(() => page.locator('[data-testid="matrix-grid"] tbody td').count()).toBe(16);
    expect(await page.locator('[data-testid="matrix-grid"] tbody td').first().innerText()).toBe('1.00');

    await page.getByTestId('odd-input').fill('king queen prince boy');
    await page.getByTestId('odd-submit').click();
    await expect.poll(() => page.getByTestId('odd-result').innerText()).toMatch(/Odd one out:\s+\w+/);
  });
});
