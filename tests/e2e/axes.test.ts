/// <reference lib="dom" />
// Custom axes in the Explore view on the browser host, driven by Chromium:
// the lecture run placed on man → woman and boy → king (typed with word
// completion), then a leaning axis and the warning it brings.
// Screenshot: tests/e2e/explore-axes.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';
import { repoRoot } from '../helpers/paths.ts';

const shot = (name: string) => join(repoRoot, 'tests', 'e2e', name);

describe('custom axes in a browser', () => {
  let opened: LabInBrowser | undefined;
  let page: Page;

  beforeAll(async () => {
    opened = await openLabInBrowser();
    ({ page } = opened);
  }, 60_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('places the lecture words on word-difference axes and warns when two axes lean together', async () => {
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('explore-run').selectOption('lecture-coordinates');
    await page.getByTestId('explore-tab-map').click();
    await page.getByTestId('projection-dims').selectOption('2');
    await page.getByTestId('projection-method').selectOption('axes');
    // nothing typed: nothing to show yet
    expect(await page.getByTestId('axes-show').isDisabled()).toBe(true);

    // x by completion: the last word typed is completed, the text before it kept
    const x = page.getByTestId('axis-x');
    await x.click();
    await x.pressSequentially('man -> wo', { delay: 20 });
    await page.getByRole('option', { name: 'man -> woman' }).click();
    expect(await x.inputValue()).toBe('man -> woman');
    // a broken y is named, and the button waits
    const y = page.getByTestId('axis-y');
    await y.fill('boy -> ');
    await expect.poll(() => page.getByTestId('axis-y-error').innerText()).toBe('no word after "->"');
    expect(await page.getByTestId('axes-show').isDisabled()).toBe(true);
    await y.fill('boy -> king');
    await page.getByTestId('axes-show').click();

    await expect.poll(() => page.getByTestId('projection-outcome').innerText()).toMatch(/^Custom axes, 2D/);
    await expect
      .poll(() => page.getByTestId('map').innerText())
      .toMatch(/Axes \(cosine\) · x: man → woman · y: boy → king/);
    expect(await page.getByTestId('map').getAttribute('data-dims')).toBe('2');
    expect(await page.getByTestId('axes-info').innerText()).toMatch(/nearly orthogonal \(largest \|cosine\| 0\.00\)/);
    expect(await page.getByTestId('axes-warning').count()).toBe(0);
    expect(Number(await page.getByTestId('projection-recall').getAttribute('data-recall'))).toBeGreaterThan(0);
    await page.screenshot({ path: shot('explore-axes.png') });

    // y toward queen leans on x by 8/√113
    await y.fill('man -> queen');
    await expect.poll(() => page.getByText('Show axes to update it').count()).toBe(1);
    await page.getByTestId('axes-show').click();
    await expect
      .poll(() => page.getByTestId('axes-warning').innerText())
      .toMatch(/The axes are not orthogonal: x and y have cosine 0\.75/);

    // an axis word the run lacks: the service names it
    await y.fill('man -> dog');
    await page.getByTestId('axes-show').click();
    await expect
      .poll(() => page.getByTestId('projection-panel-error').innerText())
      .toBe('unknown word: "dog" (in the axes)');
  });
});
