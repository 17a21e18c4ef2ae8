import { describe, expect, it } from 'vitest';
import { averageRanks, pearson, spearman } from '../../../src-main/core/eval/rank.ts';

describe('averageRanks', () => {
  it('gives tied values the mean of the ranks they span (scipy rankdata "average")', () => {
    expect([...averageRanks([10, 20, 20, 30])]).toEqual([1, 2.5, 2.5, 4]);
    expect([...averageRanks([3, 1, 4, 1, 5, 9, 2, 6])]).toEqual([4, 1.5, 5, 1.5, 6, 8, 3, 7]);
    expect([...averageRanks([7, 7, 7])]).toEqual([2, 2, 2]);
    expect([...averageRanks([-0, 0, -1])]).toEqual([2.5, 2.5, 1]);
  });

  it('handles empty input, writes into `out`, refuses a wrong length or aliasing', () => {
    expect(averageRanks([]).length).toBe(0);
    const out = new Float64Array(3);
    expect(averageRanks([2, 1, 3], out)).toBe(out);
    expect([...out]).toEqual([2, 1, 3]);
    expect(() => averageRanks([1, 2], new Float64Array(3))).toThrow(RangeError);
    const values = new Float64Array([1, 2]);
    expect(() => averageRanks(values, values)).toThrow(RangeError);
  });

  it('ranks NaN as NaN and the rest among themselves', () => {
    expect([...averageRanks([2, NaN, 1])]).toEqual([2, NaN, 1]);
  });
});

describe('pearson', () => {
  it('matches hand-computed values', () => {
    // dx = (-1, 0, 1), dy = (-7/3, -1/3, 8/3): r = 5 / sqrt(2 · 114/9) = 15 / sqrt(228)
    expect(pearson([1, 2, 3], [2, 4, 7])).toBeCloseTo(15 / Math.sqrt(228), 15);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(pearson(new Float32Array([0, 1]), new Float64Array([5, 9]))).toBe(1);
  });

  it('is NaN for fewer than two values, a constant sample or a NaN', () => {
    expect(pearson([], [])).toBeNaN();
    expect(pearson([1], [2])).toBeNaN();
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
    expect(pearson([1, 2, NaN], [1, 2, 3])).toBeNaN();
    expect(() => pearson([1, 2], [1])).toThrow(RangeError);
  });
});

describe('spearman', () => {
  it('matches hand-computed values with ties (scipy.stats.spearmanr)', () => {
    // ranks (1, 2.5, 2.5, 4) and (1, 3, 2, 4): sxy = 4.5, sxx = 4.5, syy = 5, rho = sqrt(0.9)
    expect(spearman([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 15);
    // ranks (2, 2, 2, 4) and (1, 2, 3, 4): sxy = 3, sxx = 3, syy = 5, rho = sqrt(0.6)
    expect(spearman([1, 1, 1, 2], [1, 2, 3, 4])).toBeCloseTo(Math.sqrt(0.6), 15);
    // the same with both sides tied: ranks (1.5, 1.5, 3, 4) and (1, 2.5, 2.5, 4)
    // dx = (-1, -1, .5, 1.5), dy = (-1.5, 0, 0, 1.5): sxy = 3.75, sxx = 4.5, syy = 4.5
    expect(spearman([5, 5, 6, 8], [0.1, 0.2, 0.2, 0.9])).toBeCloseTo(3.75 / 4.5, 15);
  });

  it('is 1 for any increasing relation and -1 for a decreasing one', () => {
    expect(spearman([1, 2, 3, 4], [1, 8, 27, 64])).toBe(1);
    expect(spearman([1, 2, 3, 4], [0, -1, -10, -100])).toBe(-1);
  });

  it('is NaN when undefined', () => {
    expect(spearman([1, 2, 3], [4, 4, 4])).toBeNaN();
    expect(spearman([1, NaN, 3], [1, 2, 3])).toBeNaN();
    expect(spearman([1], [1])).toBeNaN();
  });
});
