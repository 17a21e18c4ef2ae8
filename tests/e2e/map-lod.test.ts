// Level of detail on the Explore map (src-renderer/src/lib/point-map.ts), in
// Chromium on SwiftShader: while a real mouse drag orbits 50,000 points, the
// map draws the most frequent words its frame budget affords plus every pinned
// word (the selection, its neighbours, listed words), and every word again
// once the camera stops. The page is the frames bench's (tests/bench/frames/).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/browser.ts';
import { serveFramesPage, type FramesPage } from '../bench/frames/serve.ts';
import type { LevelFrame } from '../bench/frames/page.ts';

const N = 50_000;

interface Bench {
  setup(n: number): unknown;
  pinRare(): number;
  startRecord(): void;
  stopRecord(): LevelFrame[];
  drawn(): number;
  /** the onLevel calls since the last call: [shown, total] */
  levels(): [number, number][];
}

/** the pinned words pinRare() sets: the rarest word, 40 next to it, 60 listed further in */
function pinnedIndices(n: number): number[] {
  const out = [n - 1];
  for (let i = 0; i < 40; i++) out.push(n - 2 - i);
  for (let i = 0; i < 60; i++) out.push(n - 100 - i * 50);
  return out;
}

describe('map level of detail while moving', () => {
  let served: FramesPage;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    served = await serveFramesPage();
    browser = await launchChromium();
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.on('pageerror', (e) => console.error('page error:', e.message));
    await page.goto(served.url);
    await page.waitForSelector('body[data-ready="1"]');
    await page.evaluate((n) => (window as unknown as { bench: Bench }).bench.setup(n), N);
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await served?.close();
  });

  it('a drag draws part of the words, every pinned one among them; all of them once it stops', async () => {
    const pinned = await page.evaluate(() => (window as unknown as { bench: Bench }).bench.pinRare());
    expect(pinned).toBe(101);
    expect(await page.evaluate(() => (window as unknown as { bench: Bench }).bench.drawn())).toBe(N);

    await page.evaluate(() => (window as unknown as { bench: Bench }).bench.levels());
    await page.evaluate(() => (window as unknown as { bench: Bench }).bench.startRecord());
    await page.mouse.move(640, 400);
    await page.mouse.down();
    for (let i = 1; i <= 40; i++) {
      await page.mouse.move(640 + i * 8, 400 + i * 2);
      await page.waitForTimeout(16);
    }
    await page.mouse.up();
    // damping glides on a little; then the settle delay (120 ms)
    await page.waitForTimeout(1500);
    const frames = await page.evaluate(() => (window as unknown as { bench: Bench }).bench.stopRecord());

    const partial = frames.filter((f) => f.drawn < N);
    expect(partial.length).toBeGreaterThan(3);
    const pins = pinnedIndices(N);
    for (const f of partial) {
      // the budgeted prefix (most frequent words first) and the pinned words past it: all of them
      const prefix = f.drawn - f.pinned;
      expect(prefix).toBeGreaterThanOrEqual(5000);
      expect(f.pinned).toBe(pins.filter((i) => i >= prefix).length);
    }
    // 50,000 points cost SwiftShader about twice a 33 ms frame: while moving it draws fewer
    expect(Math.min(...partial.map((f) => f.drawn))).toBeLessThan(N / 2);
    const last = frames[frames.length - 1];
    expect(last).toEqual({ drawn: N, pinned: 0 });
    // not silent: the host heard how many words were shown while moving, and then that all are back
    const levels = await page.evaluate(() => (window as unknown as { bench: Bench }).bench.levels());
    expect(levels.length).toBeGreaterThanOrEqual(2);
    expect(levels[0][0]).toBeLessThan(N);
    expect(levels.every(([, total]) => total === N)).toBe(true);
    expect(levels[levels.length - 1]).toEqual([N, N]);
  }, 60_000);
});
