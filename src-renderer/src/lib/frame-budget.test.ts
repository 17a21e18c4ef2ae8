import { describe, expect, test } from 'vitest';
import { FIRST_GUESS, FrameBudget, median, nextCount, type BudgetOptions } from './frame-budget.ts';

const OPTS: BudgetOptions = { targetMs: 33, min: 5000, maxGrow: 1.5 };

describe('median', () => {
  test('odd, even, unsorted, empty', () => {
    expect(median([50, 16.7, 33.3])).toBe(33.3);
    expect(median([40, 20, 10, 30])).toBe(25);
    expect(median([])).toBeNaN();
  });
});

describe('nextCount', () => {
  test('frames over the target shrink the count in proportion', () => {
    // 66 ms a frame at 40,000 points: half as many reach 33 ms
    expect(nextCount([66, 66, 66], 40_000, 100_000, OPTS)).toBe(20_000);
    expect(nextCount([100], 30_000, 100_000, OPTS)).toBe(9900);
  });

  test('frames under the target grow it, by at most maxGrow a step', () => {
    // 16.7 ms would allow about twice as many; growth stops at 1.5x
    expect(nextCount([16.7, 16.7], 20_000, 100_000, OPTS)).toBe(30_000);
    // 24 ms: 33/24 = 1.375x
    expect(nextCount([24, 24], 20_000, 100_000, OPTS)).toBe(27_500);
  });

  test('frames within the band keep the count (no swinging between 16.7 and 33.3 ms)', () => {
    expect(nextCount([33.3, 33.4, 33.3], 20_000, 100_000, OPTS)).toBe(20_000);
    expect(nextCount([28, 40], 20_000, 100_000, OPTS)).toBe(20_000);
  });

  test('the median decides: one slow frame among fast ones changes nothing', () => {
    expect(nextCount([33.3, 250, 33.3], 20_000, 100_000, OPTS)).toBe(20_000);
  });

  test('never above the total nor below the floor', () => {
    expect(nextCount([8, 8], 90_000, 100_000, OPTS)).toBe(100_000);
    expect(nextCount([1000, 1000], 10_000, 100_000, OPTS)).toBe(5000);
    // fewer points than the floor: all of them
    expect(nextCount([1000], 3000, 3000, OPTS)).toBe(3000);
  });

  test('no usable times: the count stays (clamped)', () => {
    expect(nextCount([], 20_000, 100_000, OPTS)).toBe(20_000);
    expect(nextCount([NaN, -1, 0], 20_000, 100_000, OPTS)).toBe(20_000);
    expect(nextCount([], 200_000, 100_000, OPTS)).toBe(100_000);
  });
});

describe('FrameBudget', () => {
  test('starts from the first guess, capped by the total', () => {
    const b = new FrameBudget(OPTS);
    expect(b.count(100_000)).toBe(FIRST_GUESS);
    expect(b.count(10_000)).toBe(10_000);
  });

  test('one frame decides nothing; two slow ones shrink, and the old times are dropped', () => {
    const b = new FrameBudget(OPTS, 40_000);
    b.sample(66, 100_000);
    expect(b.count(100_000)).toBe(40_000);
    b.sample(66, 100_000);
    expect(b.count(100_000)).toBe(20_000);
    // the next frame still shows the old count's cost: alone it does not shrink again
    b.sample(66, 100_000);
    expect(b.count(100_000)).toBe(20_000);
    b.sample(33.3, 100_000);
    b.sample(33.3, 100_000);
    expect(b.count(100_000)).toBe(20_000);
  });

  test('a fast renderer reaches every point within a fifth of a second (60 fps)', () => {
    const b = new FrameBudget(OPTS);
    let frames = 0;
    while (b.count(100_000) < 100_000 && frames < 20) {
      b.sample(16.7, 100_000);
      frames++;
    }
    expect(b.count(100_000)).toBe(100_000);
    expect(frames).toBeLessThanOrEqual(12);
  });

  test('settles where frames meet the target: simulated cost of 1.2 µs a point plus 5 ms', () => {
    const b = new FrameBudget(OPTS, 60_000);
    // frame times come in 16.7 ms steps (vsync), from the count drawn the frame before
    let prev = b.count(100_000);
    for (let f = 0; f < 40; f++) {
      const ms = Math.ceil((5 + prev * 0.0012) / 16.7) * 16.7;
      prev = b.count(100_000);
      b.sample(ms, 100_000);
    }
    const c = b.count(100_000);
    // 33.4 ms holds up to (33.4 - 5) / 0.0012 = 23,666 points
    expect(c).toBeGreaterThan(12_000);
    expect(c).toBeLessThanOrEqual(23_666);
  });

  test('rest() forgets the times, keeps the count for the next gesture', () => {
    const b = new FrameBudget(OPTS, 40_000);
    b.sample(66, 100_000);
    b.rest();
    b.sample(66, 100_000);
    expect(b.count(100_000)).toBe(40_000);
  });
});
