import { describe, expect, it } from 'vitest';
import {
  drawFromTable,
  fasttextKeepProbabilities,
  keepProbabilities,
  keptVocabSize,
  NEGATIVE_DOMAIN,
  negativeTable,
  totalCount,
} from '../../../src-main/core/train/sampling.ts';

describe('kept vocabulary', () => {
  it('is the prefix with count >= minCount, and T is its token count', () => {
    const counts = [100, 10, 5, 1];
    expect(keptVocabSize(counts, 1)).toBe(4);
    expect(keptVocabSize(counts, 5)).toBe(3);
    expect(keptVocabSize(counts, 6)).toBe(2);
    expect(keptVocabSize(counts, 101)).toBe(0);
    expect(totalCount(counts, 3)).toBe(115);
  });
});

describe('subsampling keep probability', () => {
  // T = 116, s*T = 1.16; keep = (sqrt(c / 1.16) + 1) * 1.16 / c, capped at 1
  it("matches word2vec.c's formula on a 4-word vocabulary", () => {
    const keep = keepProbabilities([100, 10, 5, 1], 4, 0.01);
    expect(keep[0]).toBeCloseTo(0.1193032961, 9); // (9.28476691 + 1) * 0.0116
    expect(keep[1]).toBeCloseTo(0.4565877273, 9); // (2.93610961 + 1) * 0.116
    expect(keep[2]).toBeCloseTo(0.7136637832, 9); // (2.07614834 + 1) * 0.232
    expect(keep[3]).toBe(1); // (0.928 + 1) * 1.16 > 1
  });

  it('uses T of the kept words only', () => {
    // kept = 2: T = 110, s*T = 1.1; word 0: (sqrt(100 / 1.1) + 1) * 0.011
    const keep = keepProbabilities([100, 10, 5, 1], 2, 0.01);
    expect(keep.length).toBe(2);
    expect(keep[0]).toBeCloseTo((Math.sqrt(100 / 1.1) + 1) * 0.011, 12);
  });

  it('keeps every word when sample is 0', () => {
    expect(Array.from(keepProbabilities([100, 10, 5, 1], 4, 0))).toEqual([1, 1, 1, 1]);
  });
});

describe('negative-sampling table', () => {
  it('is the cumulative unigram^0.75 share scaled to 2^31', () => {
    // 81^0.75 = 27, 16^0.75 = 8, 1, 1: shares 27/37, 35/37, 36/37, 1
    const table = negativeTable([81, 16, 1, 1], 4);
    expect(Array.from(table)).toEqual([1567082662, 2031403451, 2089443549, 2147483648]);
  });

  it('takes the exponent as a parameter', () => {
    const table = negativeTable([4, 2, 1, 1], 4, 1);
    expect(Array.from(table)).toEqual([2 ** 30, 1.5 * 2 ** 30, 1.75 * 2 ** 30, 2 ** 31]);
  });

  it('gives word i exactly the integers [table[i-1], table[i])', () => {
    const table = negativeTable([4, 2, 1, 1], 4, 1);
    expect(drawFromTable(table, 0)).toBe(0);
    expect(drawFromTable(table, 2 ** 30 - 1)).toBe(0);
    expect(drawFromTable(table, 2 ** 30)).toBe(1);
    expect(drawFromTable(table, 1.5 * 2 ** 30)).toBe(2);
    expect(drawFromTable(table, 1.75 * 2 ** 30 - 1)).toBe(2);
    expect(drawFromTable(table, 1.75 * 2 ** 30)).toBe(3);
    expect(drawFromTable(table, NEGATIVE_DOMAIN - 1)).toBe(3);
  });

  it('only covers the kept words', () => {
    expect(negativeTable([4, 2, 1, 1], 2, 1).length).toBe(2);
  });
});

describe("fastText's subsampling", () => {
  it('keeps a word with probability sqrt(t / f) + t / f, f its share of all corpus tokens', () => {
    // tokens = 1000 (the kept words and one below min-count); t = 0.01
    const keep = fasttextKeepProbabilities([500, 100, 10], 2, 0.01, 1000);
    expect(keep.length).toBe(2);
    // f = 0.5: sqrt(0.02) + 0.02
    expect(keep[0]).toBeCloseTo(Math.sqrt(0.02) + 0.02, 12);
    // f = 0.1: sqrt(0.1) + 0.1
    expect(keep[1]).toBeCloseTo(Math.sqrt(0.1) + 0.1, 12);
    expect(Array.from(fasttextKeepProbabilities([500, 100], 2, 0, 1000))).toEqual([1, 1]);
    // a rare word's probability is above 1: always kept
    expect(fasttextKeepProbabilities([1], 1, 0.01, 1000)[0]).toBe(1);
  });
});
