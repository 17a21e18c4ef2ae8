/// <reference lib="dom" />
// The Lessons view on the browser host, driven by Chromium: each of the three
// lecture pages in English and Spanish, on the built-in data only (the demo
// corpus and a demo fastText run trained from the page). Screenshots land in tests/e2e/.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';
import { repoRoot } from '../helpers/paths.ts';

const shot = (name: string) => join(repoRoot, 'tests', 'e2e', name);

/** canvas pixels that differ from its corner pixel: the plot drew something */
function paintedPixels(page: Page, testid: string): Promise<number> {
  return page.evaluate((id) => {
    const canvas = document.querySelector(`[data-testid="${id}"]`) as HTMLCanvasElement | null;
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
  }, testid);
}

const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();

describe('the lessons in a browser', () => {
  let opened: LabInBrowser | undefined;
  let page: Page;

  beforeAll(async () => {
    opened = await openLabInBrowser();
    page = opened.page;
    // a large window, as a projected screen: each page fits, and the screenshots show it whole
    await page.setViewportSize({ width: 1440, height: 1250 });
  });

  afterAll(async () => {
    await opened?.close();
  });

  it('opens the Lessons view from the sidebar, in the browser’s language', async () => {
    await page.getByTestId('nav-lessons').click();
    await page.getByTestId('lesson-onehot').click();
    await expect.poll(() => page.getByTestId('lang-en').getAttribute('aria-pressed')).toBe('true');
    await page.getByRole('heading', { name: 'One-hot encoding vs. dense embeddings' }).waitFor();
  });

  it("one-hot: the lecture's cat, dog, mouse, all at cosine 0.000; dense vectors from a demo run are not", async () => {
    const onehot = '[data-testid="onehot-cosines"] [data-testid="cosine"]';
    expect(await texts(page, onehot)).toEqual(['0.000', '0.000', '0.000']);
    expect(await page.getByTestId('onehot-vectors').innerText()).toMatch(/cat\s+1\s+0\s+0[\s\S]*mouse\s+0\s+0\s+1/);

    // no trained run yet: train the demo one from the page, offline
    await page.getByTestId('demo-train').click();
    const dense = '[data-testid="dense-cosines"] [data-testid="cosine"]';
    await page.locator(dense).first().waitFor({ timeout: 120_000 });
    const scores = (await texts(page, dense)).map(Number);
    expect(scores).toHaveLength(3);
    for (const s of scores) expect(s).toBeGreaterThanOrEqual(-1);
    expect(scores.some((s) => Math.abs(s) > 0.001)).toBe(true);
    // cat is in the demo text; dog and mouse are not, and fastText builds them from n-grams
    await expect.poll(() => page.getByTestId('dense-vectors').innerText()).toMatch(/cat\s+\[-?\d\.\d\d, /);
    expect(await page.getByTestId('dense-vectors').innerText()).toMatch(
      /dog\s+\[-?\d\.\d\d, [^\]]+\]\s+unseen: its vector is built/,
    );

    await page.getByTestId('lang-es').click();
    await page.getByRole('heading', { name: 'One-hot encoding frente a embeddings densos' }).waitFor();
    expect(await page.locator('.lessons').innerText()).toContain('excepto un único ‘uno’');
    expect(await page.getByTestId('dense-vectors').innerText()).toMatch(/dog\s+\[[^\]]+\]\s+no vista/);
    expect(await texts(page, onehot)).toEqual(['0.000', '0.000', '0.000']);
    expect(await page.evaluate(() => localStorage.getItem('embedlab.lang'))).toBe('es');
    await page.screenshot({ path: shot('lesson-onehot.png') });
  });

  it("coordinates: the lecture's table, king − man + woman = [9, 8, 8] nearest queen, in 3D", async () => {
    // the arrow keys move between the lesson tabs
    await page.getByTestId('lesson-onehot').focus();
    await page.keyboard.press('ArrowRight');
    await expect.poll(() => page.getByTestId('lesson-coordinates').getAttribute('aria-selected')).toBe('true');
    await expect
      .poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid')))
      .toBe('lesson-coordinates');

    await page.getByRole('heading', { name: 'Coordenadas semánticas hechas a mano' }).waitFor();
    expect(await page.getByTestId('coord-table').innerText()).toMatch(/Género\s+Edad\s+Realeza/);
    expect(await page.getByTestId('coord-king-age').inputValue()).toBe('8');
    expect(await page.getByTestId('coord-queen-age').inputValue()).toBe('7');
    expect(await page.getByTestId('coord-result').innerText()).toBe('[9, 8, 8]');
    expect(await page.getByTestId('coord-nearest').innerText()).toBe('queen');
    const diffs = await page.getByTestId('coord-diffs').innerText();
    expect(diffs).toContain('king − man = [0, 1, 7]');
    expect(diffs).toContain('queen − woman = [0, 0, 7]');
    await expect.poll(() => paintedPixels(page, 'coord-plot'), { timeout: 20_000 }).toBeGreaterThan(2000);

    // arithmetic can be tried: another sum, an edited value
    await page.getByTestId('coord-a').selectOption('prince');
    await page.getByTestId('coord-b').selectOption('boy');
    await page.getByTestId('coord-c').selectOption('girl');
    expect(await page.getByTestId('coord-result').innerText()).toBe('[9, 2, 8]');
    expect(await page.getByTestId('coord-nearest').innerText()).toBe('princess');
    await page.getByTestId('coord-a').selectOption('king');
    await page.getByTestId('coord-b').selectOption('man');
    await page.getByTestId('coord-c').selectOption('woman');
    await page.getByTestId('coord-king-age').fill('9');
    expect(await page.getByTestId('coord-result').innerText()).toBe('[9, 9, 8]');
    await page.getByRole('button', { name: 'Restaurar los valores de la clase' }).click();
    expect(await page.getByTestId('coord-result').innerText()).toBe('[9, 8, 8]');

    // the same words placed by the demo run trained on the first page
    await expect.poll(() => page.getByTestId('learned-run').inputValue()).toBe('demo-fasttext');
    await expect.poll(() => paintedPixels(page, 'learned-plot'), { timeout: 20_000 }).toBeGreaterThan(1000);

    await page.getByTestId('lang-en').click();
    expect(await page.getByTestId('coord-table').innerText()).toMatch(/Gender\s+Age\s+Royalty/);
    await page.getByRole('heading', { name: 'The same words in a learned space' }).waitFor();

    await page.getByTestId('lang-es').click();
    await page.getByRole('heading', { name: 'Las mismas palabras en un espacio aprendido' }).waitFor();
    await page.screenshot({ path: shot('lesson-coordinates.png') });
  });

  it('subwords: fastText n-grams of where, the WordPiece split of unhappiness', async () => {
    await page.getByTestId('lesson-subwords').click();
    await page.getByRole('heading', { name: 'Tokenización de subpalabras', level: 2 }).waitFor();

    const input = page.getByTestId('subword-input');
    await input.fill('where');
    await expect
      .poll(() => texts(page, '[data-testid="ngram"] .mono'))
      .toEqual([
        '<wh',
        'whe',
        'her',
        'ere',
        're>',
        '<whe',
        'wher',
        'here',
        'ere>',
        '<wher',
        'where',
        'here>',
        '<where',
        'where>',
      ]);
    expect(await page.getByTestId('ngram-list').innerText()).toMatch(/3 caracteres[\s\S]*6 caracteres/);
    expect(await texts(page, '[data-testid="wordpiece-token"] .mono')).toEqual(['where']);

    await input.fill('unhappiness');
    await expect
      .poll(() => texts(page, '[data-testid="wordpiece-token"] .mono'))
      .toEqual(['un', '##ha', '##pp', '##iness']);
    expect(await page.locator('.lessons').innerText()).toContain('bert-base-uncased, 30,522 tokens');

    await page.getByTestId('lang-en').click();
    await page.getByRole('heading', { name: 'FastText: character n-grams' }).waitFor();
    expect(await page.getByTestId('ngram-list').innerText()).toMatch(/3 characters/);

    await page.getByTestId('lang-es').click();
    await page.getByRole('heading', { name: 'FastText: n-gramas de caracteres' }).waitFor();
    await page.screenshot({ path: shot('lesson-subwords.png') });
  });
});
