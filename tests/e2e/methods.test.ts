/// <reference lib="dom" />
// The Training form for every method, resume and "train more", and the
// Evaluate view, driven in Chromium against the browser host.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { LabService } from '../../src-main/service/types.ts';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';

describe('training methods, resume and evaluation in a browser', () => {
  let opened: LabInBrowser | undefined;
  let lab: LabService;
  let page: Page;

  const row = (name: string) => page.locator(`[data-testid="run-list"] [data-testid="run-row"][data-run="${name}"]`);
  const runInfo = async (name: string) => (await lab.handlers.listRuns({})).find((r) => r.name === name);

  beforeAll(async () => {
    opened = await openLabInBrowser();
    ({ lab, page } = opened);
  });
  afterAll(async () => {
    for (const job of (await lab?.handlers.listJobs({})) ?? [])
      if (job.status === 'running' || job.status === 'queued') await lab.handlers.cancelJob({ jobId: job.id });
    await opened?.close();
  });

  it('imports the demo corpus', async () => {
    await page.getByTestId('nav-corpora').click();
    await page.getByTestId('import-demo').click();
    await expect
      .poll(() => lab.handlers.listCorpora({}).then((c) => c.map((x) => x.name)), { timeout: 30_000 })
      .toContain('demo');
  });

  it('offers all four methods; GloVe shows its own knobs and sends only them', async () => {
    await page.getByTestId('nav-training').click();
    await page.getByTestId('train-corpus').selectOption('demo');
    const options = page.getByTestId('train-method').locator('option');
    expect(
      await options.evaluateAll((els) => els.map((o) => [(o as HTMLOptionElement).value, o.hasAttribute('disabled')])),
    ).toEqual([
      ['sgns', false],
      ['cbow', false],
      ['fasttext', false],
      ['glove', false],
    ]);

    await page.getByTestId('train-method').selectOption('glove');
    await expect.poll(() => page.getByTestId('param-xMax').inputValue()).toBe('10');
    expect(await page.getByTestId('param-window').inputValue()).toBe('15');
    expect(await page.getByTestId('param-negative').count()).toBe(0);
    await page.getByTestId('param-dim').fill('20');
    await page.getByTestId('param-epochs').fill('2');

    // an obviously wrong number is stopped here, naming the field
    await page.getByTestId('param-xMax').fill('0');
    await page.getByTestId('train-start').click();
    await expect.poll(() => page.getByTestId('train-error').innerText()).toBe('x_max: must be more than 0.');
    await page.getByTestId('param-xMax').fill('10');

    await page.getByTestId('train-name').fill('g');
    await page.getByTestId('train-start').click();
    await row('g').locator('[data-status="done"]').waitFor({ timeout: 60_000 });
    const g = await runInfo('g');
    expect(g?.method).toBe('glove');
    expect(g?.params).toMatchObject({ dim: 20, epochs: 2, xMax: 10, window: 15, alpha: 0.75, eta: 0.05 });
    expect(g?.params).not.toHaveProperty('negative');
  });

  it('switching to skip-gram keeps the edited knobs and resets the rest to gensim defaults', async () => {
    await page.getByTestId('train-method').selectOption('sgns');
    expect(await page.getByTestId('param-dim').inputValue()).toBe('20');
    expect(await page.getByTestId('param-epochs').inputValue()).toBe('2');
    expect(await page.getByTestId('param-window').inputValue()).toBe('5');
    expect(await page.getByTestId('param-alpha').inputValue()).toBe('0.025');
    expect(await page.getByTestId('param-xMax').count()).toBe(0);
    await page.getByTestId('train-name').fill('s');
    await page.getByTestId('train-start').click();
    await row('s').locator('[data-status="done"]').waitFor({ timeout: 60_000 });
    expect((await runInfo('s'))?.params).toMatchObject({ dim: 20, epochs: 2, window: 5, negative: 5 });
  });

  it('trains a finished run more epochs in place', async () => {
    await row('s').click();
    await page.getByTestId('run-continue').click();
    await page.getByTestId('continue-epochs').fill('1');
    await page.getByTestId('continue-submit').click();
    await expect
      .poll(
        async () => {
          const s = await runInfo('s');
          return [s?.status, s?.params.epochs];
        },
        { timeout: 60_000 },
      )
      .toEqual(['done', 3]);
  });

  it('trains skip-gram as an ONNX graph on a chosen provider, and the run says what it trained on', async () => {
    await page.getByTestId('train-method').selectOption('sgns');
    // a provider that cannot run here says why before anything starts
    await page.getByTestId('param-graphProvider').selectOption('cuda');
    await expect
      .poll(() => page.getByTestId('param-graphProvider-note').innerText(), { timeout: 15_000 })
      .toMatch(/^cuda cannot run here: .{10,}/);
    await page.getByTestId('param-graphProvider').selectOption('cpu');
    await expect.poll(() => page.getByTestId('param-graphProvider-note').count()).toBe(0);
    await page.getByTestId('train-name').fill('sg-graph');
    await page.getByTestId('train-start').click();
    await row('sg-graph').locator('[data-status="done"]').waitFor({ timeout: 60_000 });
    await row('sg-graph').click();
    await expect
      .poll(() => page.getByTestId('run-trained-on').innerText())
      .toMatch(/^ONNX graph on cpu, batch [\d,]+$/);
    // folded away in a <details>: its text is there, not shown until opened
    expect(await page.getByTestId('run-graph-skipped').textContent()).toMatch(/cuda.{10,}/);
    // the graph block replaces the raw JSON in the parameters
    expect(await page.getByTestId('run-graph').innerText()).not.toMatch(/"requested"/);
    await page.getByTestId('param-graphProvider').selectOption('off');
  });

  it('resumes a cancelled run from the Training view', async () => {
    const { jobId } = await lab.handlers.train({
      corpus: 'demo',
      name: 'cut',
      method: 'glove',
      params: { dim: 10, epochs: 1000 },
    });
    await expect.poll(async () => (await runInfo('cut'))?.status, { timeout: 30_000 }).toBe('running');
    await lab.handlers.cancelJob({ jobId });
    await row('cut').locator('[data-status="cancelled"]').waitFor({ timeout: 15_000 });
    await row('cut').click();
    await expect.poll(() => page.getByTestId('run-resume-note').innerText()).toMatch(/last checkpoint/);
    await page.getByTestId('run-resume').click();
    await expect
      .poll(async () => (await lab.handlers.listJobs({})).filter((j) => j.target === 'cut').length, { timeout: 15_000 })
      .toBe(2);
    // the live panel follows the resumed job
    await page.getByTestId('live-training').getByText('cut · glove').waitFor({ timeout: 15_000 });
    await page.getByTestId('train-cancel').click();
    await row('cut').locator('[data-status="cancelled"]').waitFor({ timeout: 15_000 });
  });

  it('evaluates a run on the built-in sets and shows the stored scores again later', async () => {
    await page.getByTestId('nav-evaluate').click();
    await page.getByTestId('evaluate-run').selectOption('g');
    await page.getByTestId('evaluate-submit').click();
    const similarity = page.getByTestId('eval-similarity');
    await similarity.waitFor({ timeout: 60_000 });
    const sets = await lab.handlers.evalSets({});
    expect(await similarity.locator('tbody tr').count()).toBe(sets.similarity.length);
    expect(await similarity.innerText()).toMatch(/WordSim-353[\s\S]*wordsim353\.tsv/);
    const analogies = page.getByTestId('eval-analogies');
    expect(await analogies.innerText()).toMatch(/questions-words\.txt[\s\S]*\d+\.\d%[\s\S]*\d+ \/ \d+/);
    await analogies.locator('button[aria-expanded="false"]').first().click();
    await analogies.getByText('capital-common-countries').waitFor();

    const stored = await lab.handlers.evaluations({ run: 'g' });
    expect(stored.analogies.map((a) => a.file)).toEqual(sets.analogies);
    expect(stored.similarity).toHaveLength(sets.similarity.length);

    await page.getByTestId('evaluate-run').selectOption('s');
    await expect.poll(() => page.getByTestId('eval-results').count()).toBe(0);
    await page.getByTestId('evaluate-run').selectOption('g');
    await expect.poll(() => page.getByTestId('eval-results').getAttribute('data-source')).toBe('stored');
  });
});
