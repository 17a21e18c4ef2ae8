/// <reference lib="dom" />
// Importing pretrained vectors through the page: a GloVe file uploaded on the
// Corpora view, the format pre-selected from its first line, a job with
// progress; then the new run in Explore, answering a neighbours query.
// A bad file's error names its line. The imported run exported again from the
// run details, to the lab's exports folder. Screenshot: tests/e2e/import-vectors.png.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LabService } from '../../src-main/service/types.ts';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';
import { repoRoot, sharedData, tempDir } from '../helpers/paths.ts';

describe('importing vectors in the browser', () => {
  let opened: LabInBrowser | undefined;
  let lab: LabService;
  let page: Page;
  const tmp = tempDir('embedlab-e2e-vectors-');

  beforeAll(async () => {
    opened = await openLabInBrowser();
    ({ lab, page } = opened);
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
    tmp.cleanup();
  });

  it('imports the GloVe sample, then Explore finds the neighbours of "king" in it', async () => {
    await page.getByTestId('nav-corpora').click();
    await page.getByTestId('vectors-file').setInputFiles(sharedData('vectors/glove-6B-50d-top2445.txt'));
    await expect.poll(() => page.getByTestId('vectors-format').inputValue()).toBe('glove');
    expect(await page.getByTestId('vectors-guess').innerText()).toMatch(/looks like glove/);
    expect(await page.getByTestId('vectors-name').inputValue()).toBe('glove-6B-50d-top2445');
    await page.getByTestId('vectors-import').click();
    const job = page.getByTestId('vectors-job');
    await job.waitFor({ timeout: 20_000 });
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 60_000 }).toBe('done');
    await page.screenshot({ path: join(repoRoot, 'tests', 'e2e', 'import-vectors.png') });

    const run = (await lab.handlers.listRuns({})).find((r) => r.name === 'glove-6B-50d-top2445');
    expect(run).toMatchObject({ method: 'imported', status: 'done', vocabSize: 2445, dim: 50 });

    await page.getByTestId('nav-explore').click();
    await expect
      .poll(() => page.locator('[data-testid="explore-run"] option').allInnerTexts(), { timeout: 10_000 })
      .toContainEqual(expect.stringContaining('glove-6B-50d-top2445'));
    await page.getByTestId('explore-run').selectOption('glove-6B-50d-top2445');
    await page.getByTestId('search-input').fill('king');
    await page.getByTestId('search-input').press('Enter');
    await page.getByRole('heading', { name: /^Neighbours of “king”/ }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('neighbors-list').innerText(), { timeout: 10_000 }).toMatch(/prince/);
    const first = page.locator('[data-testid="neighbors-list"] li').first();
    expect(await first.innerText()).toMatch(/prince[\s\S]*0\.82/);
  });

  it("exports the imported run as word2vec text from its details, to a new file in the lab's exports folder", async () => {
    await page.getByTestId('nav-training').click();
    await page.locator('[data-testid="run-row"][data-run="glove-6B-50d-top2445"] button').click();
    const panel = page.getByTestId('run-export');
    const exportOnce = async () => {
      await panel.getByTestId('export-format').selectOption('word2vec');
      await panel.getByTestId('export-start').click();
      const job = panel.getByTestId('export-job');
      await expect.poll(() => job.getAttribute('data-status'), { timeout: 30_000 }).toBe('done');
      return panel.getByTestId('export-path').innerText();
    };
    const out = await exportOnce();
    expect(out).toMatch(/[/\\]exports[/\\]glove-6B-50d-top2445\.txt$/);
    expect(await panel.innerText()).toMatch(/2,445 of 2,445 rows/);
    const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toBe('2445 50');
    expect(lines).toHaveLength(2446);
    expect(lines.slice(1).every((line) => line.split(' ').length === 51)).toBe(true);

    // a second export never overwrites the first
    await panel.getByRole('button', { name: 'Dismiss' }).click();
    const again = await exportOnce();
    expect(again).toBe(out.replace(/\.txt$/, '-2.txt'));
    expect(readFileSync(again, 'utf8')).toBe(readFileSync(out, 'utf8'));
  });

  it('a file with a short line fails with the line named, and no run is left', async () => {
    const bad = join(tmp.dir, 'broken.txt');
    writeFileSync(bad, 'alpha 1 2 3\nbeta 1 2\n');
    await page.getByTestId('nav-corpora').click();
    await page.getByTestId('vectors-file').setInputFiles(bad);
    await expect.poll(() => page.getByTestId('vectors-name').inputValue()).toBe('broken');
    await page.getByTestId('vectors-import').click();
    const job = page.getByTestId('vectors-job');
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 60_000 }).toBe('failed');
    expect(await job.innerText()).toMatch(/broken.txt: line 2: 2 values for "beta", expected 3/);
    expect((await lab.handlers.listRuns({})).some((r) => r.name === 'broken')).toBe(false);
  });
});
