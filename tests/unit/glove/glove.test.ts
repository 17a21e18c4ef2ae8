import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultGloveParams,
  trainGlove,
  type GloveParams,
  type GloveProgress,
  type TrainGloveInput,
} from '../../../src-main/core/train/glove/glove.ts';
import { tempDir } from '../../helpers/paths.ts';
import { plantedLines, writeCorpus, type BuiltCorpus } from './corpus.ts';

const small: GloveParams = { ...defaultGloveParams, dim: 10, window: 5, minCount: 1, iter: 10, threads: 1, seed: 3 };

function cosine(v: Float32Array, dim: number, a: number, b: number): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let k = 0; k < dim; k++) {
    dot += v[a * dim + k] * v[b * dim + k];
    na += v[a * dim + k] ** 2;
    nb += v[b * dim + k] ** 2;
  }
  return dot / Math.sqrt(na * nb);
}

describe('trainGlove', () => {
  let dir: string;
  let cleanup: () => void;
  let corpus: BuiltCorpus;
  let tokenFile: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('glove-train-'));
    tokenFile = join(dir, 'tokens.bin');
    corpus = writeCorpus(plantedLines(1, 1500), tokenFile);
  });
  afterEach(() => cleanup());

  function train(params: Partial<GloveParams>, extra: Partial<TrainGloveInput> = {}) {
    return trainGlove({ tokenFile, counts: corpus.counts, params: { ...small, ...params }, tmpDir: dir, ...extra });
  }

  it('rejects bad parameters before any work, with clear messages', async () => {
    await expect(train({ dim: 0 })).rejects.toThrow('dim must be at least 1, got 0');
    await expect(train({ window: 0 })).rejects.toThrow('window must be at least 1, got 0');
    await expect(train({ xMax: 0 })).rejects.toThrow('x-max must be a number larger than 0, got 0');
    await expect(train({ xMax: -1 })).rejects.toThrow('x-max must be a number larger than 0');
    await expect(train({ minCount: 1e9 })).rejects.toThrow(
      /min-count 1000000000 is larger than the count of every word/,
    );
    await expect(train({ eta: Number.NaN })).rejects.toMatchObject({ name: 'ParamError' });
    await expect(
      trainGlove({ tokenFile: join(dir, 'none.bin'), counts: corpus.counts, params: small, tmpDir: dir }),
    ).rejects.toThrow(/cannot read the token file/);
    expect(readdirSync(dir)).toEqual(['tokens.bin']);
  });

  it('is deterministic with one thread and a fixed seed', async () => {
    const a = await train({ iter: 3 });
    const b = await train({ iter: 3 });
    expect(b.vectors).toEqual(a.vectors);
    expect(b.epochLoss).toEqual(a.epochLoss);
    const c = await train({ iter: 3, seed: 4 });
    expect(c.vectors).not.toEqual(a.vectors);
    expect(readdirSync(dir)).toEqual(['tokens.bin']);
  });

  it('learns planted topics, with a falling loss', async () => {
    const progress: GloveProgress[] = [];
    const result = await train({ iter: 25 }, { onProgress: (p) => progress.push(p) });
    const { vectors, dim, vocabSize } = result;
    expect(vocabSize).toBe(corpus.words.length);
    expect(vectors.length).toBe(vocabSize * dim);
    const groups = [
      ['red', 'blue', 'green'],
      ['dog', 'cat', 'horse'],
    ];
    const planted = groups.flat();
    const id = (w: string) => corpus.words.indexOf(w);
    for (const word of planted) {
      const others = planted.filter((w) => w !== word);
      const nearest = others.reduce((best, w) =>
        cosine(vectors, dim, id(word), id(w)) > cosine(vectors, dim, id(word), id(best)) ? w : best,
      );
      const group = groups.find((g) => g.includes(word));
      expect(group, `${word}'s nearest planted word is ${nearest}`).toContain(nearest);
    }
    const loss = result.epochLoss;
    expect(loss).toHaveLength(25);
    expect(loss.every(Number.isFinite)).toBe(true);
    expect(loss[24]).toBeLessThan(loss[0] / 10);
    for (let e = 1; e < loss.length; e++) expect(loss[e]).toBeLessThan(loss[e - 1]);
    // progress: every phase, counts up to its total, losses and iterations while training
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['cooccur', 'shuffle', 'train']));
    const last = progress[progress.length - 1];
    expect(last).toMatchObject({ phase: 'train', done: 25 * result.nonZero, total: 25 * result.nonZero, epoch: 25 });
    expect(last.unit).toBe('records');
    expect(last.loss).toBeCloseTo(loss[24], 10);
    expect(result.nonZero).toBeGreaterThan(0);
    expect(readdirSync(dir)).toEqual(['tokens.bin']);
  });
});
