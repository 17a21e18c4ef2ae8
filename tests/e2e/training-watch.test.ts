/// <reference lib="dom" />
// Watching a run train, in Chromium against the browser host: words named in
// the form, the map moving between frames, the neighbour lists refreshing,
// the watched words changed mid-run, and the panel whole again after a visit
// to another view.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LabService } from '../../src-main/service/types.ts';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';
import { repoRoot, sharedData } from '../helpers/paths.ts';

const shot = (name: string) => join(repoRoot, 'tests', 'e2e', name);

describe('watching a run train in a browser', () => {
  let opened: LabInBrowser | undefined;
  let lab: LabService;
  let page: Page;

  const map = () => page.getByTestId('watch-map');
  const frameIndex = async () => Number((await map().getAttribute('data-frame', { timeout: 1000 })) ?? -1);
  const dots = () => map().locator('path.dots').getAttribute('d');

  beforeAll(async () => {
    opened = await openLabInBrowser();
    ({ lab, page } = opened);
    const { jobId } = await lab.importPaths({ name: 'tiny', paths: [sharedData('corpus-tiny.txt')], lowercase: true });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
  });
  afterAll(async () => {
    for (const job of (await lab?.handlers.listJobs({})) ?? [])
      if (job.status === 'running' || job.status === 'queued') await lab.handlers.cancelJob({ jobId: job.id });
    await opened?.close();
  });

  it('trains with watched words named in the form and ends on the finished run’s neighbours', async () => {
    await page.getByTestId('nav-training').click();
    await page.getByTestId('train-corpus').selectOption('tiny');
    await page.getByTestId('train-method').selectOption('sgns');
    await page.getByTestId('param-dim').fill('40');
    await page.getByTestId('param-epochs').fill('6');
    await page.getByTestId('param-threads').fill('1');
    // the suggestion comes from the corpus: frequent words past the stopwords
    await expect.poll(() => page.getByTestId('train-watch-words').getAttribute('placeholder')).toMatch(/^\p{L}{3,}, /u);
    await page.getByTestId('train-watch-words').fill('government, war city');
    await page.getByTestId('train-name').fill('watched');
    await page.getByTestId('train-start').click();

    await map().waitFor({ timeout: 60_000 });
    const lists = page.getByTestId('watch-neighbors').locator('.list');
    expect(await lists.evaluateAll((els) => els.map((e) => e.getAttribute('data-word')))).toEqual([
      'government',
      'war',
      'city',
    ]);
    expect(await lists.first().locator('li').count()).toBe(8);
    for (const word of ['government', 'war', 'city'])
      expect(await map().locator(`g.mark[data-word="${word}"] text`).textContent()).toBe(word);
    await expect
      .poll(() => page.getByTestId('watch-caption').innerText(), { timeout: 120_000 })
      .toMatch(/epoch 6 \/ 6 · final · [\d.]+[kM]? words · frame 6/);
    // the final lists are the finished run's neighbours
    const { results } = await lab.handlers.neighbors({ run: 'watched', word: 'war', k: 8 });
    const shown = await lists.and(page.locator('[data-word="war"]')).locator('.word').allTextContents();
    expect(shown).toEqual(results.map((r) => r.word));
  });

  it('moves the map and marks new neighbours from frame to frame, and takes new words mid-run', async () => {
    // a long run at a high learning rate: its lists keep changing until it is cancelled
    await page.getByTestId('param-epochs').fill('1000');
    await page.getByTestId('train-watch-words').fill('war, city');
    await page.getByTestId('train-name').fill('long');
    await page.getByTestId('train-start').click();
    await page.getByTestId('live-training').getByText('long · sgns').waitFor({ timeout: 15_000 });
    await map().waitFor({ timeout: 60_000 });

    const first = await frameIndex();
    const before = await dots();
    const warBefore = await map().locator('g.mark[data-word="war"]').getAttribute('transform');
    await expect.poll(frameIndex, { timeout: 60_000 }).toBeGreaterThan(first);
    await page.waitForTimeout(900); // the move to the new frame has settled
    expect(await dots()).not.toBe(before);
    expect(await map().locator('g.mark[data-word="war"]').getAttribute('transform')).not.toBe(warBefore);
    await expect.poll(() => page.getByTestId('watch-entered').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await page.getByTestId('watch-caption').innerText()).toMatch(
      /^epoch \d+ \/ 1000 · [\d.]+[kM]? words · frame \d+$/,
    );

    await page.getByTestId('watch-words').fill('king, war');
    await page.getByTestId('watch-start').click();
    const lists = page.getByTestId('watch-neighbors').locator('.list');
    await expect
      .poll(() => lists.evaluateAll((els) => els.map((e) => e.getAttribute('data-word'))), { timeout: 30_000 })
      .toEqual(['king', 'war']);
    await map().locator('g.mark[data-word="king"]').waitFor();
    await expect.poll(() => page.getByTestId('watch-entered').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    // tall enough for the whole live card, so the element shot needs no scrolling
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.getByTestId('live-training').screenshot({ path: shot('training-watch.png') });
    await page.setViewportSize({ width: 1280, height: 800 });
  });

  it('shows the latest frame at once after a visit to another view', async () => {
    const seen = await frameIndex();
    await page.getByTestId('nav-corpora').click();
    await map().waitFor({ state: 'detached' });
    await page.getByTestId('nav-training').click();
    await map().waitFor({ timeout: 5_000 });
    expect(await frameIndex()).toBeGreaterThanOrEqual(seen);
    // the lists render from the same frame a moment after the map mounts
    await expect.poll(() => page.getByTestId('watch-neighbors').locator('.list').count(), { timeout: 5_000 }).toBe(2);
    await page.getByTestId('train-cancel').click();
    await expect
      .poll(async () => (await lab.handlers.listRuns({})).find((r) => r.name === 'long')?.status, { timeout: 15_000 })
      .toBe('cancelled');
  });
});
