import { describe, expect, it } from 'vitest';
import {
  analogy,
  nearest,
  neighbors,
  similarity,
  topK,
  UnknownWordError,
} from '../../../src-main/core/vectors/queries.ts';
import { lectureCoordinates, lectureVectorSet } from '../../../src-main/core/vectors/lecture.ts';
import { VectorSet } from '../../../src-main/core/vectors/vector-set.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

const lecture = lectureVectorSet();

describe('the lecture coordinates', () => {
  it('has the lecture table', () => {
    expect(lectureCoordinates.dims).toEqual(['gender', 'age', 'royalty']);
    expect(lectureCoordinates.words.length).toBe(8);
    expect(lecture.vectorOf('queen')).toEqual(Float32Array.from([9, 7, 8]));
  });

  it('king - man + woman: princess then queen by gensim’s rule, queen by the raw sum', () => {
    const { results, raw, rawVector } = analogy(lecture, 'king', 'man', 'woman', 3);
    expect(results.map((r) => r.word)).toEqual(['princess', 'queen', 'girl']);
    expect(results[0].score).toBeCloseTo(0.986, 3);
    expect(results[1].score).toBeCloseTo(0.981, 3);
    expect(rawVector).toEqual([9, 8, 8]);
    expect(raw[0].word).toBe('queen');
    expect(raw[0].score).toBeCloseTo(0.998, 3);
    const inputs = ['king', 'man', 'woman'];
    expect([...results, ...raw].some((r) => inputs.includes(r.word))).toBe(false);
  });

  it('similarity is the cosine', () => {
    // man [1,7,1] . woman [9,7,1] = 59; |man| = sqrt(51), |woman| = sqrt(131)
    expect(similarity(lecture, 'man', 'woman')).toBeCloseTo(59 / Math.sqrt(51 * 131), 6);
    expect(similarity(lecture, 'king', 'king')).toBeCloseTo(1, 6);
  });

  it('neighbours leave out the word itself', () => {
    const result = neighbors(lecture, 'king', 10);
    expect(result.length).toBe(7);
    expect(result.map((r) => r.word)).not.toContain('king');
    for (let i = 1; i < result.length; i++) expect(result[i - 1].score).toBeGreaterThanOrEqual(result[i].score);
  });
});

describe('unknown words', () => {
  it('names the one unknown word', () => {
    expect(() => neighbors(lecture, 'foo', 3)).toThrow(new UnknownWordError(['foo']));
    expect(() => neighbors(lecture, 'foo', 3)).toThrow('unknown word: "foo"');
  });

  it('names every unknown word at once', () => {
    expect(() => analogy(lecture, 'foo', 'king', 'bar', 3)).toThrow('unknown words: "foo", "bar"');
    expect(() => similarity(lecture, 'foo', 'foo')).toThrow('unknown word: "foo"');
    try {
      analogy(lecture, 'foo', 'king', 'bar', 3);
    } catch (err) {
      expect((err as UnknownWordError).name).toBe('UnknownWordError');
      expect((err as UnknownWordError).words).toEqual(['foo', 'bar']);
    }
  });
});

describe('nearest', () => {
  const random = new Xoshiro128(11);
  const n = 2000;
  const dim = 16;
  const words = Array.from({ length: n }, (_, i) => `w${i}`);
  const set = new VectorSet(
    words,
    dim,
    Float32Array.from({ length: n * dim }, () => random.nextFloat() - 0.5),
  );

  it('agrees with a full sort by cosine', () => {
    const query = Array.from({ length: dim }, () => random.nextFloat() - 0.5);
    const unit = set.unit();
    const qn = Math.hypot(...query);
    const all = words.map((word, i) => {
      let s = 0;
      for (let c = 0; c < dim; c++) s += unit[i * dim + c] * query[c];
      return { word, score: s / qn };
    });
    all.sort((a, b) => b.score - a.score);
    const got = nearest(set, query, 25);
    expect(got.map((r) => r.word)).toEqual(all.slice(0, 25).map((r) => r.word));
    got.forEach((r, i) => expect(r.score).toBeCloseTo(all[i].score, 6));
  });

  it('skips excluded rows and returns at most the vocabulary', () => {
    const got = nearest(set, 'w5', 3, new Set([5]));
    expect(got.map((r) => r.word)).not.toContain('w5');
    expect(nearest(lecture, 'king', 100).length).toBe(8);
    expect(nearest(lecture, 'king', 1)[0]).toEqual({ word: 'king', score: expect.closeTo(1, 6) });
  });

  it('refuses a query of the wrong length', () => {
    expect(() => nearest(lecture, [1, 2], 3)).toThrow(RangeError);
  });

  it('breaks ties toward the lower row, and a zero query scores 0', () => {
    expect(topK([0.5, 0.9, 0.5, NaN, 0.9], 5, 4)).toEqual([1, 4, 0, 2]);
    expect(topK([1, 2, 3], 3, 0)).toEqual([]);
    const zero = nearest(lecture, [0, 0, 0], 2);
    expect(zero).toEqual([
      { word: 'man', score: 0 },
      { word: 'woman', score: 0 },
    ]);
  });
});

describe('VectorSet', () => {
  it('normalises rows lazily and leaves zero rows at zero', () => {
    const set = new VectorSet(['a', 'b'], 2, Float32Array.from([3, 4, 0, 0]));
    expect(Array.from(set.unit())).toEqual([expect.closeTo(0.6, 6), expect.closeTo(0.8, 6), 0, 0]);
    expect(set.unit()).toBe(set.unit());
    expect(set.has('a')).toBe(true);
    expect(set.has('c')).toBe(false);
    expect(Array.from(set.vectorOf('a'))).toEqual([3, 4]);
  });

  it('checks its shape', () => {
    expect(() => new VectorSet(['a', 'b'], 2, new Float32Array(3))).toThrow(RangeError);
    expect(() => new VectorSet(['a'], 0, new Float32Array(0))).toThrow(RangeError);
  });
});
