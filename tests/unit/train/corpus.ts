// Small corpora for the trainer tests: a vocabulary sorted by count, a token-id
// file, and a corpus with planted word groups a trainer must find.
import { expect } from 'vitest';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';
import type { Word2vecParams } from '../../../src-main/core/train/word2vec-params.ts';
import { animals, colors } from '../../helpers/planted-corpus.ts';

export { animals, colors, encode, plantedCorpus, type Encoded } from '../../helpers/planted-corpus.ts';

export function shuffled<T>(xs: T[]): T[] {
  const random = new Xoshiro128(5);
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export function cosine(v: Float32Array, dim: number, a: number, b: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let c = 0; c < dim; c++) {
    const x = v[a * dim + c];
    const y = v[b * dim + c];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
}

/** every planted word's nearest planted word is in its own group, and groups are apart by `margin` */
export function expectPlantedGroups(words: string[], vectors: Float32Array, dim: number, margin = 0.2): void {
  const index = (w: string): number => words.indexOf(w);
  const all = [...colors, ...animals];
  for (const word of all) {
    const own = colors.includes(word) ? colors : animals;
    const others = all.filter((w) => w !== word);
    const nearest = others.reduce((best, w) =>
      cosine(vectors, dim, index(word), index(w)) > cosine(vectors, dim, index(word), index(best)) ? w : best,
    );
    expect(own, `nearest planted word to ${word} is ${nearest}`).toContain(nearest);
  }
  const within = cosine(vectors, dim, index('red'), index('blue'));
  const across = cosine(vectors, dim, index('red'), index('dog'));
  expect(within - across).toBeGreaterThan(margin);
}

/** small, quick settings for the planted corpus; tests override what they exercise */
export function w2vParams(overrides: Partial<Word2vecParams> = {}): Word2vecParams {
  return {
    method: 'sgns',
    dim: 20,
    window: 4,
    negative: 5,
    hs: false,
    minCount: 1,
    maxVocab: null,
    sample: 0,
    epochs: 5,
    threads: 1,
    alpha: 0.025,
    minAlpha: 0.0001,
    nsExponent: 0.75,
    seed: 1,
    minn: 3,
    maxn: 5,
    bucket: 5000,
    ...overrides,
  };
}
