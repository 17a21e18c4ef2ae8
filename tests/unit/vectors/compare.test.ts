import { describe, expect, it } from 'vitest';
import { cosineMatrix, cosineOf, meanVector, oddOneOut } from '../../../src-main/core/vectors/compare.ts';

describe('oddOneOut', () => {
  it('picks the word least similar to the mean of the unit vectors (gensim’s doesnt_match)', () => {
    // unit vectors (1,0), (0.96,0.28), (0.8,0.6), (0,1) (the second scaled by 5):
    // their mean is (0.69, 0.47), of length sqrt(0.697)
    const vectors = [
      [1, 0],
      [4.8, 1.4],
      [0.8, 0.6],
      [0, 1],
    ];
    const { word, scores } = oddOneOut(['a', 'b', 'c', 'd'], vectors);
    expect(word).toBe('d');
    const norm = Math.sqrt(0.697);
    const expected = [0.69, 0.96 * 0.69 + 0.28 * 0.47, 0.8 * 0.69 + 0.6 * 0.47, 0.47].map((s) => s / norm);
    expect(scores.map((s) => s.word)).toEqual(['a', 'b', 'c', 'd']);
    scores.forEach((s, i) => expect(s.score).toBeCloseTo(expected[i], 9));
  });

  it('gives a tie to the word given first', () => {
    expect(
      oddOneOut(
        ['x', 'y'],
        [
          [1, 0],
          [0, 1],
        ],
      ).word,
    ).toBe('x');
  });
});

describe('cosineMatrix', () => {
  it('is symmetric with ones on the diagonal; a zero vector scores 0', () => {
    const m = cosineMatrix([
      [3, 4],
      [4, -3],
      [6, 8],
      [0, 0],
    ]);
    expect(m).toBeInstanceOf(Float32Array);
    expect(Array.from(m)).toEqual([1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0].map((x) => expect.closeTo(x, 6)));
  });
});

describe('sentence vectors', () => {
  it('are the mean of the word vectors, compared by cosine', () => {
    expect(
      Array.from(
        meanVector(
          [
            [1, 2],
            [3, 4],
            [5, 0],
          ],
          2,
        ),
      ),
    ).toEqual([3, 2]);
    expect(Array.from(meanVector([], 2))).toEqual([0, 0]);
    expect(cosineOf([1, 0], [1, 1])).toBeCloseTo(Math.SQRT1_2, 12);
    expect(cosineOf([0, 0], [1, 1])).toBe(0);
  });
});
