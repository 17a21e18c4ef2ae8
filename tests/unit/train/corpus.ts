// Small corpora for the trainer tests: a vocabulary sorted by count, a token-id
// file, and a corpus with planted word groups a trainer must find.
import { writeFileSync } from 'node:fs';
import { expect } from 'vitest';
import { SENTENCE_END } from '../../../src-main/core/corpus/token-file.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';
import type { Word2vecParams } from '../../../src-main/core/train/word2vec-params.ts';

export interface Encoded {
  words: string[];
  counts: number[];
  file: string;
}

export function encode(lines: string[][], file: string): Encoded {
  const freq = new Map<string, number>();
  for (const line of lines) for (const w of line) freq.set(w, (freq.get(w) ?? 0) + 1);
  const words = [...freq.keys()].sort((a, b) => freq.get(b)! - freq.get(a)! || (a < b ? -1 : 1));
  const id = new Map(words.map((w, i) => [w, i]));
  const tokens: number[] = [];
  for (const line of lines) {
    for (const w of line) tokens.push(id.get(w)!);
    tokens.push(SENTENCE_END);
  }
  writeFileSync(file, new Uint8Array(Uint32Array.from(tokens).buffer));
  return { words, counts: words.map((w) => freq.get(w)!), file };
}

export const colors = ['red', 'blue', 'green'];
export const animals = ['dog', 'cat', 'horse'];

/** two topics among shared filler words; each topic's planted words share its context words */
export function plantedCorpus(sentences: number): string[][] {
  const random = new Xoshiro128(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random.nextFloat() * xs.length)];
  const topics = [
    { planted: colors, context: ['paint', 'bright', 'shade', 'dye', 'hue', 'canvas'] },
    { planted: animals, context: ['barn', 'feed', 'tail', 'fur', 'pet', 'vet'] },
  ];
  const fillers = Array.from({ length: 40 }, (_, i) => `w${i}`);
  const lines: string[][] = [];
  for (let s = 0; s < sentences; s++) {
    const topic = topics[s % 2];
    const line: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = random.nextFloat();
      line.push(r < 0.25 ? pick(topic.planted) : r < 0.5 ? pick(topic.context) : pick(fillers));
    }
    lines.push(line);
  }
  return lines;
}

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
