import { describe, expect, it } from 'vitest';
import { outputVectors } from '../../../src-main/core/train/glove/glove-kernel.ts';
import { buildSubwordTable, composeWordVectors } from '../../../src-main/core/train/fasttext/ngrams.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';
import type { LiveWeights } from '../../../src-main/core/train/types.ts';
import { computeWatchFrame, copyWordRows, nearestLive } from '../../../src-main/core/train/watch-frame.ts';
import { neighbors } from '../../../src-main/core/vectors/queries.ts';
import { VectorSet } from '../../../src-main/core/vectors/vector-set.ts';

const random = new Xoshiro128(5, 0);
const noise = (n: number) => Float32Array.from({ length: n }, () => random.nextFloat() - 0.5);
const words = Array.from({ length: 60 }, (_, i) => `word${i}`);

describe('watch frames from live weights', () => {
  it('builds fastText word vectors as the finished run does, and finds the neighbours `neighbors` finds', () => {
    const dim = 8;
    const table = buildSubwordTable(words, words.length, 3, 4, 50, false);
    const input = noise((words.length + 50) * dim);
    const w: LiveWeights = { kind: 'word2vec', input, words: words.length, dim, subwords: table };
    const stored = composeWordVectors(input, table, words.length, dim);
    const ids = [0, 7, 59];
    expect(copyWordRows(w, ids)).toEqual(
      Float32Array.from(ids.flatMap((i) => [...stored.subarray(i * dim, (i + 1) * dim)])),
    );
    const set = new VectorSet(words, dim, stored);
    const found = nearestLive(w, copyWordRows(w, ids), ids, 5);
    ids.forEach((id, j) => {
      const expected = neighbors(set, words[id], 5);
      expect(found[j].ids.map((i) => words[i])).toEqual(expected.map((s) => s.word));
      expect(found[j].scores).toEqual(expected.map((s) => s.score));
    });
  });

  it('builds GloVe vectors as W + W~ (or W alone)', () => {
    const dim = 4;
    const W = Float64Array.from(noise(words.length * (dim + 1) * 2));
    for (const model of ['sum', 'word'] as const) {
      const w: LiveWeights = { kind: 'glove', W, words: words.length, dim, model };
      const all = Array.from({ length: words.length }, (_, i) => i);
      expect(copyWordRows(w, all)).toEqual(outputVectors(W, words.length, dim, model));
    }
  });

  it('lays the map out in 2D and keeps it turned like the previous frame', () => {
    const dim = 6;
    const input = noise(words.length * dim);
    const w: LiveWeights = { kind: 'word2vec', input, words: words.length, dim, subwords: null };
    const ids = Array.from({ length: 30 }, (_, i) => i);
    const frameInput = { rows: copyWordRows(w, ids), alignRows: 30, watchedRows: [3], watchedIds: [3], k: 4 };
    const first = computeWatchFrame(w, frameInput, null);
    expect(first.coords).toHaveLength(60);
    expect(first.neighbours[0].ids).toHaveLength(4);
    expect(first.neighbours[0].ids).not.toContain(3);
    // the previous frame drawn mirrored: the new one comes out mirrored to match it
    const mirrored = first.coords.map((v, i) => (i % 2 ? v : -v));
    const second = computeWatchFrame(w, { ...frameInput, rows: copyWordRows(w, ids) }, mirrored);
    for (let i = 0; i < 60; i++) expect(second.coords[i]).toBeCloseTo(mirrored[i], 4);
  });
});
