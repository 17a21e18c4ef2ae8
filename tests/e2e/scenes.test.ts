/// <reference lib="dom" />
// Scenes on the browser host, driven by Chromium: save the map's view, move
// the camera and pick another word, reopen the scene and get the selection and
// the picture back; export PNG, SVG and CSV and read what was downloaded.
// The run is 3,000 seeded clustered words, so labels are chosen, not all shown.
// Screenshot: tests/e2e/scenes.png.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { openDatabase } from '../../src-main/core/store/db.ts';
import * as runs from '../../src-main/core/store/runs.ts';
import { writeVectors } from '../../src-main/core/store/vectors.ts';
import { openLabInBrowser, type LabInBrowser } from '../helpers/browser.ts';
import { clustered } from '../helpers/clustered.ts';
import { repoRoot } from '../helpers/paths.ts';

const WORDS = 3000;
const RUN = 'clusters';
const word = (i: number) => `w${String(i).padStart(4, '0')}`;

/** a run straight into the store: 3,000 words of 20 dims in 12 clusters */
function addRun(dbPath: string): void {
  const db = openDatabase(dbPath);
  try {
    const { data } = clustered({ rows: WORDS, dim: 20, clusters: 12, seed: 3 });
    const run = runs.insertRun(db, {
      name: RUN,
      method: 'sgns',
      corpusId: null,
      corpusName: null,
      status: 'running',
      params: {},
      codeVersion: 'test',
    });
    const words = Array.from({ length: WORDS }, (_, i) => word(i));
    writeVectors(db, run.id, { words, counts: words.map((_, i) => WORDS - i), dim: 20, data });
    runs.finishRun(db, run.id, 'done', { seconds: 1, vocabSize: WORDS, dim: 20 });
  } finally {
    db.close();
  }
}

/** the map canvas shrunk to 160 × 100 grey levels: enough to tell two views apart */
function signature(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const canvas = document.querySelector('[data-testid="map-canvas"]') as HTMLCanvasElement;
    const small = document.createElement('canvas');
    small.width = 160;
    small.height = 100;
    const ctx = small.getContext('2d')!;
    ctx.drawImage(canvas, 0, 0, 160, 100);
    const d = ctx.getImageData(0, 0, 160, 100).data;
    const out: number[] = [];
    for (let i = 0; i < d.length; i += 4) out.push(Math.round((d[i] + d[i + 1] + d[i + 2]) / 3));
    return out;
  });
}

/** the share of signature cells that differ by more than a few grey levels */
function difference(a: number[], b: number[]): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (Math.abs(a[i] - b[i]) > 12) n++;
  return n / a.length;
}

async function downloaded(page: Page, button: string): Promise<{ name: string; bytes: Buffer }> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId(button).click()]);
  const path = await download.path();
  return { name: download.suggestedFilename(), bytes: readFileSync(path) };
}

/** waits until two signatures a moment apart agree: the camera has stopped */
async function settled(page: Page): Promise<number[]> {
  let last = await signature(page);
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(250);
    const next = await signature(page);
    if (difference(last, next) === 0) return next;
    last = next;
  }
  return last;
}

describe('scenes of the map', () => {
  let opened: LabInBrowser | undefined;
  let page: Page;

  beforeAll(async () => {
    opened = await openLabInBrowser();
    page = opened.page;
    addRun(opened.lab.dbPath);
    await page.reload();
    await page.getByTestId('nav-explore').click();
    await page.getByTestId('explore-run').selectOption(RUN);
    await page.getByTestId('map-count').getByText('2,000 words').waitFor({ timeout: 20_000 });
  }, 120_000);

  afterAll(async () => {
    await opened?.close();
  });

  it('saves a view and reopens it: the selection, the query and the camera come back', async () => {
    await page.getByTestId('search-input').fill(word(42));
    await page.getByTestId('search-input').press('Enter');
    await page.getByRole('heading', { name: `Neighbours of “${word(42)}”` }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('neighbors-list').innerText()).toMatch(/\d\.\d{3}/);
    await page.mouse.move(5, 5);
    const saved = await settled(page);

    await page.getByTestId('explore-tab-map').click();
    await page.getByTestId('scene-name').fill('cluster of w0042');
    await page.getByTestId('scene-save').click();
    await expect.poll(() => page.getByTestId('scene-note').innerText()).toBe('Saved “cluster of w0042”.');
    await expect.poll(() => page.getByTestId('scene-item').count()).toBe(1);
    const stored = (await opened!.lab.handlers.scenes({ run: RUN }))[0];
    expect(stored.state).toMatchObject({ run: RUN, selected: word(42), search: word(42), version: 1 });
    expect((stored.state.camera as { position: number[] }).position).toHaveLength(3);

    // elsewhere: another word, the camera turned and zoomed
    await page.getByTestId('search-input').fill(word(1500));
    await page.getByTestId('search-input').press('Enter');
    await page.getByRole('heading', { name: `Neighbours of “${word(1500)}”` }).waitFor({ timeout: 10_000 });
    const box = (await page.getByTestId('map-canvas').boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 180, box.y + box.height / 2 + 40, { steps: 8 });
    await page.mouse.up();
    await page.mouse.wheel(0, -400);
    await page.mouse.move(5, 5);
    const moved = await settled(page);
    expect(difference(saved, moved), 'the view changed').toBeGreaterThan(0.02);

    await page.getByTestId('explore-tab-map').click();
    await page.getByTestId('scene-open').click();
    await expect.poll(() => page.getByTestId('scene-note').innerText()).toBe('Opened “cluster of w0042”.');
    expect(await page.getByTestId('search-input').inputValue()).toBe(word(42));
    await page.getByTestId('explore-tab-word').click();
    await page.getByRole('heading', { name: `Neighbours of “${word(42)}”` }).waitFor({ timeout: 10_000 });
    await expect.poll(() => page.getByTestId('neighbors-list').innerText()).toMatch(/\d\.\d{3}/);
    const back = await settled(page);
    expect(difference(saved, back), 'the picture of the scene is back').toBeLessThan(0.005);
  });

  it('exports the view as SVG and PNG and the words as CSV', async () => {
    await page.getByTestId('explore-tab-map').click();
    const svg = await downloaded(page, 'export-svg');
    expect(svg.name).toBe(`${RUN}-${word(42)}.svg`);
    const text = svg.bytes.toString('utf8');
    expect(text.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    // the selected word's label, its neighbours' labels, and a dot per visible word (fewer than all: some are off screen or hidden)
    expect(text).toContain(`>${word(42)}</text>`);
    const circles = text.match(/<circle /g)?.length ?? 0;
    expect(circles).toBeGreaterThan(200);
    expect(circles).toBeLessThanOrEqual(2000 + 1024);
    // labels of the words in view only: the camera is close in on w0042, some neighbours lie outside
    expect(text.match(/<text /g)!.length).toBeGreaterThanOrEqual(2);

    const csv = await downloaded(page, 'export-csv');
    expect(csv.name).toBe(`${RUN}-${word(42)}.csv`);
    const rows = csv.bytes.toString('utf8').trimEnd().split('\r\n');
    expect(rows[0]).toBe('word,x,y,z,labelled,selected');
    expect(rows).toHaveLength(2000 + 1);
    const selected = rows.filter((r) => r.endsWith(',1'));
    expect(selected).toHaveLength(1);
    expect(selected[0]).toMatch(new RegExp(`^${word(42)},-?[\\d.e-]+,-?[\\d.e-]+,-?[\\d.e-]+,1,1$`));
    // its neighbours on the map carry labels too; never more than the caps allow
    const labelled = rows.filter((r) => r.endsWith(',1,0')).length;
    expect(labelled).toBeGreaterThanOrEqual(1);
    expect(labelled).toBeLessThanOrEqual(100);

    const png = await downloaded(page, 'export-png');
    expect(png.name).toBe(`${RUN}-${word(42)}.png`);
    expect([...png.bytes.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.bytes.length).toBeGreaterThan(5000);

    await page.screenshot({ path: join(repoRoot, 'tests', 'e2e', 'scenes.png') });
  });

  it('deletes a scene', async () => {
    await page.getByTestId('scene-delete').click();
    await expect.poll(() => page.getByTestId('scene-item').count()).toBe(0);
    expect(await opened!.lab.handlers.scenes({ run: RUN })).toEqual([]);
  });
});
