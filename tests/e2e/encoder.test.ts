/// <reference lib="dom" />
// The Encoder view on the browser host, with the fixture encoder registered as
// `serve --model` does before the page opens: tokens of a tricky sentence, an
// attention heatmap, the provider line, the demo corpus encoded as a job,
// semantic search over it, and the contexts cloud of a frequent word.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { LabService } from '../../src-main/service/types.ts';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';
import { repoRoot, sharedData } from '../helpers/paths.ts';

const shot = (name: string) => join(repoRoot, 'tests', 'e2e', name);

describe('the Encoder view', () => {
  let opened: LabInBrowser | undefined;
  let lab: LabService;
  let page: Page;

  beforeAll(async () => {
    opened = await openLabInBrowser();
    ({ lab, page } = opened);
    await lab.addEncoderFolder(sharedData('bert/fixture'), 'tiny-bert');
    const { jobId } = await lab.handlers.importCorpus({ name: 'demo', source: { kind: 'demo' }, lowercase: true });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    await page.reload();
    await page.getByTestId('nav-encoder').click();
    await page.getByTestId('encoder-lang-en').click();
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('shows the model’s details, how to add one in the browser, and the providers', async () => {
    await expect.poll(() => page.getByTestId('encoder-shape').innerText()).toBe('2 × 2');
    expect(await page.getByTestId('encoder-attentions').innerText()).toBe('yes');
    expect(await page.getByTestId('encoder-details').innerText()).toMatch(/512[\s\S]*tokenizer_config\.json/);
    expect(await page.getByTestId('encoder-how').innerText()).toMatch(/serve --model DIR/);
    await expect.poll(() => page.getByTestId('provider-chosen').innerText()).toMatch(/Chosen: cpu/);
    const skipped = await page.getByTestId('provider-skipped').evaluate((el) => el.textContent ?? '');
    expect(skipped).toMatch(/cuda: .+/);
    await expect.poll(() => page.getByTestId('provider-used').innerText()).toMatch(/on cpu/);
  });

  it('shows the error of a forced provider that cannot run, and goes back to auto', async () => {
    await page.getByTestId('provider-setting').selectOption('cuda');
    await expect.poll(() => page.getByTestId('provider-error').innerText()).toMatch(/cuda/i);
    await page.getByTestId('provider-setting').selectOption('auto');
    await expect.poll(() => page.getByTestId('provider-used').innerText()).toMatch(/on cpu/);
  });

  it('tokenizes a tricky sentence, the pair shaded', async () => {
    await page.getByTestId('encoder-tab-tokens').click();
    await page.getByTestId('tok-text').fill('Unbelievably, the café’s bank-holiday!');
    await page.getByTestId('tok-pair').fill('Ok.');
    await page.getByTestId('tok-submit').click();
    const chips = page.getByTestId('token-chip');
    await expect.poll(() => chips.count()).toBeGreaterThan(5);
    const tokens = await chips.locator('.tok').allInnerTexts();
    expect(tokens.slice(0, 8)).toEqual(['[CLS]', 'un', '##bel', '##ie', '##va', '##bly', ',', 'the']);
    expect(tokens).toContain('cafe');
    expect(tokens.slice(-4)).toEqual(['[SEP]', 'ok', '.', '[SEP]']);
    expect(await page.locator('[data-testid="token-chip"][data-type="1"]').count()).toBe(3);
    expect(await chips.first().locator('.id').innerText()).toBe('101');
  });

  it('draws an attention heatmap with one cell per token pair, bounded layer and head', async () => {
    await page.getByTestId('encoder-tab-attention').click();
    expect(await page.getByTestId('att-layer').locator('option').count()).toBe(2);
    expect(await page.getByTestId('att-head').locator('option').count()).toBe(2);
    await page.getByTestId('att-text').fill('the bank of the river');
    await page.getByTestId('att-layer').selectOption('1');
    await page.getByTestId('att-head').selectOption('1');
    await page.getByTestId('att-submit').click();
    const map = page.getByTestId('attention-heatmap');
    await expect.poll(() => map.getAttribute('data-cells')).toBe('49');
    expect(await page.getByTestId('attn-cell').count()).toBe(49);
    await page.getByTestId('attn-cell').nth(8).hover();
    await expect.poll(() => page.getByTestId('attn-readout').innerText()).toMatch(/^the → the: 0\.\d{3}$/);
  });

  it('encodes the demo corpus as a job to the end, then searches it', async () => {
    await page.getByTestId('encoder-tab-corpus').click();
    await page.getByTestId('enc-corpus').selectOption('demo');
    await page.getByTestId('enc-name').fill('demo-sentences');
    await page.getByTestId('enc-start').click();
    await page.locator('[data-testid="job-progress"][data-status="done"]').waitFor({ timeout: 60_000 });
    await expect.poll(() => page.getByTestId('enc-done').innerText()).toMatch(/demo-sentences holds 680 texts/);
    const run = (await lab.handlers.listRuns({})).find((r) => r.name === 'demo-sentences');
    expect(run).toMatchObject({ method: 'encoder', status: 'done', vocabSize: 680, dim: 32 });
    expect(run?.params.provider).toBe('cpu');
    await expect.poll(() => page.getByTestId('search-run').inputValue()).toBe('demo-sentences');
    await page.getByTestId('search-query').fill('gold reserves of the treasury');
    await page.getByTestId('search-submit').click();
    const hits = page.getByTestId('search-encoder').locator('li');
    await expect.poll(() => hits.count()).toBe(10);
    expect(await hits.first().innerText()).toMatch(/^\d\.\d{3} \S/);
    await page.screenshot({ path: shot('encoder.png'), fullPage: true });
  });

  it('opens the contexts cloud of a frequent word, with its sentences on hover', async () => {
    await page.getByTestId('encoder-tab-contexts').click();
    await page.getByTestId('ctx-corpus').selectOption('demo');
    await page.getByTestId('ctx-word').fill('gold');
    await page.getByTestId('ctx-submit').click();
    const cloud = page.getByTestId('context-cloud');
    await expect.poll(() => cloud.getAttribute('data-points'), { timeout: 30_000 }).toBe('107');
    expect(await page.getByTestId('context-point').count()).toBe(107);
    expect(await page.getByTestId('ctx-explained').innerText()).toMatch(/107 of 107 occurrences.*%.*\+.*%/);
    await page.getByTestId('context-point').nth(3).click();
    await expect.poll(() => page.getByTestId('ctx-line').locator('mark').innerText()).toBe('gold');
    expect((await page.getByTestId('ctx-line').innerText()).length).toBeGreaterThan(20);
    await page.screenshot({ path: shot('encoder-contexts.png'), fullPage: true });
  });
});
