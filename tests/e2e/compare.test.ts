/// <reference lib="dom" />
// The Compare view in Chromium against the browser host: the GloVe slice
// imported through the page and a tiny skip-gram run trained on the demo corpus,
// compared (scores table equal to each run's stored evaluation, CSV, chart),
// analogy answers filtered to failures, one word's neighbours across the two,
// and B rotated onto A on the aligned map.
// Screenshots: tests/e2e/compare.png, tests/e2e/compare-aligned.png.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LabService } from '../../src-main/service/types.ts';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';
import { repoRoot, sharedData } from '../helpers/paths.ts';

const GLOVE = 'glove-6B-50d-top2445';
const TINY = 'tiny';

describe('comparing runs in a browser', () => {
  let opened: LabInBrowser | undefined;
  let lab: LabService;
  let page: Page;

  const row = (run: string) => page.locator(`[data-testid="compare-row"][data-run="${run}"]`);

  beforeAll(async () => {
    opened = await openLabInBrowser();
    ({ lab, page } = opened);
  }, 60_000);

  afterAll(async () => {
    for (const job of (await lab?.handlers.listJobs({})) ?? [])
      if (job.status === 'running' || job.status === 'queued') await lab.handlers.cancelJob({ jobId: job.id });
    await opened?.close();
  });

  it('imports the GloVe slice and trains a tiny run on the demo corpus, through the page', async () => {
    await page.getByTestId('nav-corpora').click();
    await page.getByTestId('import-demo').click();
    await page.getByTestId('vectors-file').setInputFiles(sharedData(`vectors/${GLOVE}.txt`));
    await expect.poll(() => page.getByTestId('vectors-name').inputValue()).toBe(GLOVE);
    await page.getByTestId('vectors-import').click();
    const job = page.getByTestId('vectors-job');
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    await expect
      .poll(() => lab.handlers.listCorpora({}).then((c) => c.map((x) => x.name)), { timeout: 30_000 })
      .toContain('demo');

    await page.getByTestId('nav-training').click();
    await page.getByTestId('train-corpus').selectOption('demo');
    await page.getByTestId('train-method').selectOption('sgns');
    // alignment needs the same number of dimensions as the GloVe slice
    await page.getByTestId('param-dim').fill('50');
    await page.getByTestId('param-epochs').fill('2');
    await page.getByTestId('train-name').fill(TINY);
    await page.getByTestId('train-start').click();
    await page
      .locator(`[data-testid="run-list"] [data-testid="run-row"][data-run="${TINY}"] [data-status="done"]`)
      .waitFor({ timeout: 90_000 });
  }, 180_000);

  it('compares the two: both rows have numbers, equal to each run’s stored evaluation; CSV and chart', async () => {
    await page.getByTestId('nav-compare').click();
    await page.getByTestId('compare-lang-en').click();
    await page.locator(`[data-testid="compare-run"][data-run="${GLOVE}"]`).check();
    await page.locator(`[data-testid="compare-run"][data-run="${TINY}"]`).check();
    await expect.poll(() => page.getByTestId('compare-submit').innerText()).toBe('Compare 2 runs');
    await page.getByTestId('compare-submit').click();
    const job = page.getByTestId('job-progress');
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 120_000 }).toBe('done');
    await row(GLOVE).waitFor({ timeout: 20_000 });
    await row(TINY).waitFor();

    // the table's numbers are the runs' stored scores
    const stored = await lab.handlers.evaluations({ run: GLOVE });
    const analogies = stored.analogies.find((a) => a.file === 'questions-words.txt')!;
    expect(analogies.total).toBeGreaterThan(100);
    const cell = row(GLOVE).locator('td[data-column="questions-words.txt"]');
    expect(Number(await cell.getAttribute('data-value'))).toBe(analogies.accuracy);
    expect(await cell.innerText()).toContain(`${(analogies.accuracy * 100).toFixed(1)}%`);
    const tinyStored = await lab.handlers.evaluations({ run: TINY });
    const ws = tinyStored.similarity.find((s) => s.file === 'wordsim353.tsv')!;
    const wsCell = row(TINY).locator('td[data-column="wordsim353.tsv"]');
    expect(await wsCell.getAttribute('data-value')).toBe(ws.spearman === null ? '' : String(ws.spearman));
    const columns = await page.locator('[data-testid="compare-table"] thead th[data-column]').count();
    expect(columns).toBe(stored.analogies.length + stored.similarity.length);

    // sections open beside their set; sorting by the analogy accuracy puts GloVe (far more coverage) first
    await page.getByTestId('expand-sections').first().click();
    expect(await page.locator('thead th[data-column^="questions-words.txt#"]').count()).toBe(analogies.sections.length);
    await page.locator('th[data-column="questions-words.txt"] [data-testid="sort-value"]').click();
    const sorted = await page
      .locator('[data-testid="compare-row"] td[data-column="questions-words.txt"]')
      .evaluateAll((cs) => cs.map((c) => c.getAttribute('data-value')));
    const numbers = sorted.filter((v) => v !== '').map(Number);
    expect(numbers).toEqual([...numbers].sort((x, y) => y - x));
    if (sorted.includes('')) expect(sorted.slice(sorted.indexOf('')).every((v) => v === '')).toBe(true);
    expect(await page.getByTestId('compare-bar').count()).toBeGreaterThanOrEqual(columns);

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('compare-csv').click()]);
    const csv = readFileSync((await download.path())!, 'utf8').split('\r\n');
    expect(csv[0]).toMatch(/^run,questions-words\.txt accuracy,questions-words\.txt coverage,/);
    expect(csv.some((l) => l.startsWith(`${GLOVE},${analogies.accuracy},`))).toBe(true);
    expect(csv.some((l) => l.startsWith(`${TINY},`))).toBe(true);

    await page.getByTestId('expand-sections').first().click();
    await page.getByTestId('compare-scores').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(repoRoot, 'tests', 'e2e', 'compare.png') });
  }, 180_000);

  it('lists the GloVe run’s failed analogies with the rank of the expected word', async () => {
    await page.getByTestId('compare-tab-questions').click();
    await page.getByTestId('questions-run').selectOption(GLOVE);
    await page.getByTestId('questions-failures').check();
    await expect.poll(() => page.getByTestId('question-row').count(), { timeout: 10_000 }).toBeGreaterThan(0);
    const flags = await page
      .getByTestId('question-row')
      .evaluateAll((rs) => rs.map((r) => [r.getAttribute('data-correct'), r.getAttribute('data-rank')]));
    for (const [correct, rank] of flags) {
      expect(correct).toBe('false');
      // a failure was either skipped (no rank) or answered with the expected word below rank 1
      if (rank) expect(Number(rank)).toBeGreaterThan(1);
    }
    const page1 = await lab.handlers.analogyQuestions({
      run: GLOVE,
      file: 'questions-words.txt',
      failuresOnly: true,
      offset: 0,
      limit: 25,
    });
    expect(await page.getByTestId('questions-count').innerText()).toContain(`of ${page1.total.toLocaleString('en')}`);
  });

  it('shows the neighbours of “king” in both runs, with their overlap', async () => {
    await page.getByTestId('compare-tab-neighbors').click();
    await page.getByTestId('across-word').fill('king');
    await page.getByTestId('across-k').fill('10');
    await page.getByTestId('across-submit').click();
    const cols = page.getByTestId('across-column');
    await expect.poll(() => cols.count(), { timeout: 10_000 }).toBe(2);
    expect(await cols.evaluateAll((cs) => cs.map((c) => c.getAttribute('data-known')))).toEqual(['true', 'true']);
    expect(await cols.first().locator('li').count()).toBe(10);
    const want = await lab.handlers.neighborsAcross({ runs: [GLOVE, TINY], word: 'king', k: 10 });
    expect(await page.getByTestId('pair-jaccard').innerText()).toBe(want.pairs[0].jaccard.toFixed(3));
    // words both lists hold are marked in both columns
    for (const w of want.common)
      expect(await page.locator(`[data-testid="across-column"] li[data-shared="all"]:has-text("${w}")`).count()).toBe(
        2,
      );
  });

  it('aligns the tiny run onto GloVe: lines join each shared word, the moved words listed and highlighted', async () => {
    await page.getByTestId('compare-tab-align').click();
    await page.getByTestId('align-a').selectOption(GLOVE);
    await page.getByTestId('align-b').selectOption(TINY);
    // the two share a few hundred words: all of them on the map
    await page.getByTestId('align-words').fill('2000');
    await page.getByTestId('align-submit').click();
    await page.getByTestId('aligned-map').waitFor({ timeout: 30_000 });
    const report = await lab.handlers.align({ a: GLOVE, b: TINY, words: 10_000, mapWords: 2000, top: 50 });
    expect(report.shared).toBeGreaterThan(50);
    expect(await page.getByTestId('aligned-link').count()).toBe(report.map.words.length);
    expect(await page.getByTestId('align-residual').innerText()).toBe(report.residual.toFixed(3));
    const moved = page.getByTestId('moved-word');
    expect(await moved.count()).toBe(report.moved.length);
    expect(await moved.first().getAttribute('data-word')).toBe(report.moved[0].word);
    await moved.first().click();
    await page.getByTestId('aligned-focus').waitFor();
    await page.getByTestId('align-result').scrollIntoViewIfNeeded();
    await page.screenshot({ path: join(repoRoot, 'tests', 'e2e', 'compare-aligned.png') });
  }, 60_000);
});
