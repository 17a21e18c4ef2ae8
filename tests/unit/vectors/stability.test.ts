import { describe, expect, it } from 'vitest';
import {
  commonToAll,
  jaccard,
  neighbourStability,
  pairwiseOverlap,
  rankBiasedOverlap,
  sharedVocabulary,
  topNeighbours,
} from '../../../src-main/core/vectors/stability.ts';
import type { Vectors } from '../../../src-main/core/vectors/align.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

function randomSet(words: string[], dim: number, seed: number): Vectors {
  const random = new Xoshiro128(seed);
  return { words, dim, data: Float32Array.from({ length: words.length * dim }, () => random.nextFloat() - 0.5) };
}

const normsOf = new WeakMap<Vectors, number[]>();

/** the k nearest by plain per-word loops: the reference for the blocked search */
function bruteForce(set: Vectors, query: number, k: number, allowed: (row: number) => boolean): number[] {
  const { dim, data } = set;
  const norms = normsOf.get(set) ?? set.words.map((_, r) => Math.hypot(...data.subarray(r * dim, (r + 1) * dim)));
  normsOf.set(set, norms);
  const norm = (r: number) => norms[r];
  const scored: { row: number; s: number }[] = [];
  for (let r = 0; r < set.words.length; r++) {
    if (r === query || !allowed(r)) continue;
    let dot = 0;
    for (let c = 0; c < dim; c++) dot += data[query * dim + c] * data[r * dim + c];
    scored.push({ row: r, s: dot / (norm(query) * norm(r)) });
  }
  return scored
    .sort((a, b) => b.s - a.s || a.row - b.row)
    .slice(0, k)
    .map((x) => x.row);
}

describe('jaccard', () => {
  it('counts the shared part of two sets over their union', () => {
    expect(jaccard(['a', 'b', 'c'], ['b', 'c', 'd'])).toBeCloseTo(2 / 4, 12);
    expect(jaccard(['a', 'b'], ['a', 'b'])).toBe(1);
    expect(jaccard(['a'], ['b'])).toBe(0);
    expect(jaccard([], [])).toBe(1);
    expect(jaccard([1, 2, 3, 4], [4, 3, 9])).toBeCloseTo(2 / 5, 12);
  });
});

describe('rankBiasedOverlap (RBO_ext, p = 0.9)', () => {
  it('is 1 for identical lists and 0 for disjoint ones', () => {
    expect(rankBiasedOverlap(['a', 'b', 'c', 'd'], ['a', 'b', 'c', 'd'])).toBeCloseTo(1, 12);
    expect(rankBiasedOverlap(['a', 'b'], ['c', 'd'])).toBe(0);
  });

  it('equal lengths, by hand: [a b c] vs [a c b] = (1/9)(0.9·1 + 0.81·½ + 0.729·1) + 0.729 = 0.955', () => {
    // X_1 = 1, X_2 = 1, X_3 = 3: agreements 1, ½, 1
    expect(rankBiasedOverlap(['a', 'b', 'c'], ['a', 'c', 'b'])).toBeCloseTo(0.955, 12);
  });

  it('uneven lengths, by hand (eq. 32): [a b] vs [b c a] = 0.72', () => {
    // s = 2, l = 3; X_1 = 0, X_2 = 1, X_3 = 2
    // (1/9)[(0 + ½·0.81 + ⅔·0.729) + 1·1/(2·3)·0.729] + ((2−1)/3 + 1/2)·0.729 = 0.1125 + 0.6075
    expect(rankBiasedOverlap(['a', 'b'], ['b', 'c', 'a'])).toBeCloseTo(0.72, 12);
    expect(rankBiasedOverlap(['b', 'c', 'a'], ['a', 'b'])).toBeCloseTo(0.72, 12);
  });

  it('a list that begins the other scores 1; early agreement weighs more than late', () => {
    expect(rankBiasedOverlap(['a'], ['a', 'b'])).toBeCloseTo(1, 12);
    const early = rankBiasedOverlap(['a', 'x', 'y', 'z'], ['a', 'p', 'q', 'r']);
    const late = rankBiasedOverlap(['x', 'y', 'z', 'a'], ['p', 'q', 'r', 'a']);
    expect(early).toBeGreaterThan(late);
    // by hand: X_d = 1 for every d; (1/9)(0.9 + 0.81/2 + 0.729/3 + 0.6561/4) + 0.6561/4
    expect(early).toBeCloseTo((0.9 + 0.405 + 0.243 + 0.164025) / 9 + 0.164025, 12);
  });

  it('refuses p outside (0, 1)', () => {
    expect(() => rankBiasedOverlap(['a'], ['a'], 1)).toThrow(/p must/);
  });
});

describe('topNeighbours (blocked)', () => {
  it('equals a brute-force search, within the candidates only, the word itself left out', () => {
    // more rows than one block of the product holds (4096), more queries than one block (256)
    const words = Array.from({ length: 5000 }, (_, i) => `w${i}`);
    const set = randomSet(words, 7, 5);
    const candidate = new Int32Array(words.length).map((_, row) => (row % 7 === 3 ? -1 : row));
    const queries = Int32Array.from({ length: 300 }, (_, i) => i * 2);
    const k = 9;
    const got = topNeighbours(set.data, set.dim, { queryRows: queries, candidateId: candidate }, k);
    for (let q = 0; q < queries.length; q++) {
      const expected = bruteForce(set, queries[q], k, (row) => row % 7 !== 3);
      expect(Array.from(got.subarray(q * k, (q + 1) * k))).toEqual(expected);
    }
  });

  it('pads with -1 when fewer than k candidates exist', () => {
    const set = randomSet(['a', 'b', 'c'], 4, 1);
    const got = topNeighbours(
      set.data,
      set.dim,
      { queryRows: Int32Array.of(0), candidateId: Int32Array.of(0, 1, 2) },
      5,
    );
    expect(
      Array.from(got)
        .filter((x) => x >= 0)
        .sort(),
    ).toEqual([1, 2]);
    expect(Array.from(got.subarray(2))).toEqual([-1, -1, -1]);
  });
});

describe('neighbourStability', () => {
  const words = Array.from({ length: 400 }, (_, i) => `w${i}`);

  it('a run with itself: Jaccard 1 and RBO 1 for every word', () => {
    const set = randomSet(words, 16, 2);
    const r = neighbourStability([set, set], { k: 10, words: 100 });
    expect(r.jaccard).toBe(1);
    expect(r.rbo).toBeCloseTo(1, 12);
    expect(r.words).toEqual(words.slice(0, 100));
    expect(r.shared).toBe(400);
    expect(Array.from(r.perWordJaccard).every((j) => j === 1)).toBe(true);
  });

  it('unrelated random runs agree little', () => {
    const r = neighbourStability([randomSet(words, 16, 2), randomSet(words, 16, 3)], { k: 10, words: 400 });
    expect(r.jaccard).toBeLessThan(0.05);
    expect(r.pairs).toEqual([{ a: 0, b: 1, jaccard: r.jaccard, rbo: r.rbo }]);
  });

  it('per word, by hand: swapping two neighbours changes RBO, not Jaccard; three runs average their pairs', () => {
    // 1-D vectors on a line would give sign-only cosines, so use 2-D directions at known angles
    const angles = [0, 10, 25, 45, 70, 100];
    const at = (deg: number[]) =>
      Float32Array.from(deg.flatMap((d) => [Math.cos((d * Math.PI) / 180), Math.sin((d * Math.PI) / 180)]));
    const w = ['a', 'b', 'c', 'd', 'e', 'f'];
    const one: Vectors = { words: w, dim: 2, data: at(angles) };
    // in two, b and c trade places seen from a: a's top 2 is {c, b} instead of {b, c}
    const two: Vectors = { words: w, dim: 2, data: at([0, 25, 10, 45, 70, 100]) };
    const r = neighbourStability([one, two], { k: 2, words: 1 });
    expect(r.perWordJaccard[0]).toBe(1);
    // [b c] vs [c b]: X_1 = 0, X_2 = 2 → (1/9)(0 + 0.81) + 0.81 = 0.9
    expect(r.perWordRbo[0]).toBeCloseTo(0.9, 6);
    // a third run where a's nearest are d and e: Jaccard 0 with both others
    const three: Vectors = { words: w, dim: 2, data: at([0, 120, 130, 5, 8, 140]) };
    const r3 = neighbourStability([one, two, three], { k: 2, words: 1 });
    expect(r3.pairs.map((p) => p.jaccard)).toEqual([1, 0, 0]);
    expect(r3.perWordJaccard[0]).toBeCloseTo(1 / 3, 12);
  });

  it('searches the shared vocabulary only, in the first run’s order', () => {
    const a: Vectors = randomSet(['x', 'y', 'z', 'onlyA'], 3, 1);
    const b: Vectors = randomSet(['z', 'onlyB', 'y', 'x'], 3, 1);
    const shared = sharedVocabulary([a, b]);
    expect(shared.words).toEqual(['x', 'y', 'z']);
    expect(Array.from(shared.rows[1])).toEqual([3, 2, 0]);
    const r = neighbourStability([a, b], { k: 5, words: 10 });
    expect(r.words).toEqual(['x', 'y', 'z']);
    // two neighbours each at most: the others are not shared
    for (const list of r.neighbours) for (let q = 0; q < 3; q++) expect(list[q * 5 + 2]).toBe(-1);
  });

  it('refuses one run, k 0, or no shared words', () => {
    const s = randomSet(['a', 'b'], 2, 1);
    expect(() => neighbourStability([s], { k: 1, words: 1 })).toThrow(/at least 2 runs/);
    expect(() => neighbourStability([s, s], { k: 0, words: 1 })).toThrow(/k must/);
    expect(() => neighbourStability([s, randomSet(['c', 'd'], 2, 1)], { k: 1, words: 1 })).toThrow(/share 0 word/);
  });
});

describe('pairwiseOverlap and commonToAll', () => {
  it('compares the columns that know the word and lists what all of them hold', () => {
    const columns = [
      { neighbours: ['a', 'b', 'c'] },
      { neighbours: null },
      { neighbours: ['c', 'a', 'd'] },
      { neighbours: ['a', 'c', 'e'] },
    ];
    const pairs = pairwiseOverlap(columns);
    expect(pairs.map((p) => [p.a, p.b])).toEqual([
      [0, 2],
      [0, 3],
      [2, 3],
    ]);
    expect(pairs[0].jaccard).toBeCloseTo(2 / 4, 12);
    expect(commonToAll(columns)).toEqual(['a', 'c']);
  });
});
