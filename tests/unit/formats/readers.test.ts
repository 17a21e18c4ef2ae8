// The readers against files written by the tools people bring vectors from:
// gensim's save_word2vec_format (text and binary) and the fastText CLI
// (.vec, .bin, and what print-word-vectors prints). Fixtures made once by
// tests/fixtures/vectors/make-*.{py,sh}.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { oovVector } from '../../../src-main/core/train/fasttext/ngrams.ts';
import { VectorSet } from '../../../src-main/core/vectors/vector-set.ts';
import { neighbors } from '../../../src-main/core/vectors/queries.ts';
import { sniffFormat } from '../../../src-main/core/formats/read.ts';
import { repoRoot, sharedData } from '../../helpers/paths.ts';
import { firstDifference, readAll } from './collect.ts';

const fixture = (name: string) => resolve(repoRoot, 'tests/fixtures/vectors', name);
const gensim = JSON.parse(readFileSync(fixture('gensim.json'), 'utf8')) as {
  words: string[];
  neighbors: Record<string, [string, number][]>;
};
const gensimVectors = (() => {
  const b = readFileSync(fixture('gensim.f32'));
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
})();

/** print-word-vectors output: word -> values */
function printed(): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const line of readFileSync(fixture('fasttext.print.txt'), 'utf8').split('\n')) {
    const parts = line.trim().split(' ');
    if (parts.length > 1) out.set(parts[0], parts.slice(1).map(Number));
  }
  return out;
}

describe('gensim save_word2vec_format files', () => {
  for (const [format, file] of [
    ['word2vec', 'gensim.txt'],
    ['word2vec-bin', 'gensim.bin'],
  ] as const) {
    it(`${format}: the same words and the same float32 vectors as gensim holds`, async () => {
      const got = await readAll(format, fixture(file));
      expect(got.dim).toBe(50);
      expect(got.wordList).toEqual(gensim.words);
      expect(firstDifference(got.data, gensimVectors)).toBeNull();
    });
  }

  it('gives the neighbours and scores gensim most_similar reports', async () => {
    const got = await readAll('word2vec', fixture('gensim.txt'));
    const set = new VectorSet(got.wordList, got.dim, got.data);
    for (const [word, expected] of Object.entries(gensim.neighbors)) {
      const mine = neighbors(set, word, expected.length);
      expect(mine.map((r) => r.word)).toEqual(expected.map(([w]) => w));
      mine.forEach((r, i) => expect(r.score).toBeCloseTo(expected[i][1], 5));
    }
  });
});

describe('fastText files', () => {
  it('.vec: the header, every word, five-digit values as written', async () => {
    const got = await readAll('fasttext-vec', fixture('fasttext.vec'));
    const lines = readFileSync(fixture('fasttext.vec'), 'utf8').trimEnd().split('\n');
    expect(got.words).toBe(Number(lines[0].split(' ')[0]));
    expect(got.wordList[0]).toBe('the');
    const last = lines.at(-1)!.trim().split(' ');
    expect(got.wordList.at(-1)).toBe(last[0]);
    const row = got.data.subarray((got.words - 1) * 10, got.words * 10);
    expect([...row]).toEqual(last.slice(1).map((x) => Math.fround(Number(x))));
  });

  it('.bin: known words as print-word-vectors prints them, and as the .vec has them', async () => {
    const bin = await readAll('fasttext-bin', fixture('fasttext.bin'));
    const vec = await readAll('fasttext-vec', fixture('fasttext.vec'));
    expect(bin.wordList).toEqual(vec.wordList);
    expect(bin.params).toMatchObject({ minn: 3, maxn: 6, bucket: 5000, model: 'skipgram' });
    for (let i = 0; i < vec.data.length; i++) {
      expect(Math.abs(bin.data[i] - vec.data[i])).toBeLessThanOrEqual(5e-6 * Math.max(1, Math.abs(vec.data[i]) * 1e3));
    }
    const set = new VectorSet(bin.wordList, bin.dim, bin.data);
    for (const [word, values] of printed()) {
      if (!set.has(word)) continue;
      [...set.vectorOf(word)].forEach((x, c) => expect(x).toBeCloseTo(values[c], 5));
    }
  });

  it('.bin: unseen words from their hashed n-grams, as print-word-vectors (UTF-8 bytes included)', async () => {
    const bin = await readAll('fasttext-bin', fixture('fasttext.bin'));
    const set = new VectorSet(bin.wordList, bin.dim, bin.data);
    const { minn, maxn, bucket } = bin.params as { minn: number; maxn: number; bucket: number };
    expect(bin.ngrams.length).toBe(bucket * bin.dim);
    const row = (b: number) => bin.ngrams.subarray(b * bin.dim, (b + 1) * bin.dim);
    let unseen = 0;
    for (const [word, values] of printed()) {
      if (set.has(word)) continue;
      unseen++;
      const v = oovVector(word, row, bin.dim, minn, maxn, bucket);
      [...v].forEach((x, c) => expect(x, `${word}[${c}]`).toBeCloseTo(values[c], 6));
    }
    expect(unseen).toBeGreaterThanOrEqual(4);
  });
});

describe('the shared GloVe sample', () => {
  it('reads the same vectors as GloVe and as word2vec text', async () => {
    const glove = await readAll('glove', sharedData('vectors/glove-6B-50d-top2445.txt'));
    const w2v = await readAll('word2vec', sharedData('vectors/glove-6B-50d-top2445.w2v.txt'));
    expect(glove.words).toBe(2445);
    expect(glove.dim).toBe(50);
    expect(glove.wordList).toEqual(w2v.wordList);
    expect(firstDifference(glove.data, w2v.data)).toBeNull();
    expect(glove.data[0]).toBe(Math.fround(0.418));
  });
});

describe('sniffFormat', () => {
  const head = (path: string) => readFileSync(path).subarray(0, 8192);
  it('tells the formats apart from their first bytes', () => {
    expect(sniffFormat('gensim.txt', head(fixture('gensim.txt')))).toBe('word2vec');
    expect(sniffFormat('gensim.bin', head(fixture('gensim.bin')))).toBe('word2vec-bin');
    expect(sniffFormat('fasttext.vec', head(fixture('fasttext.vec')))).toBe('fasttext-vec');
    expect(sniffFormat('fasttext.bin', head(fixture('fasttext.bin')))).toBe('fasttext-bin');
    expect(sniffFormat('g.txt', head(sharedData('vectors/glove-6B-50d-top2445.txt')))).toBe('glove');
    expect(sniffFormat('vectors.tsv', Buffer.from('0.1\t0.2\n'))).toBe('tsv');
    expect(sniffFormat('notes.txt', Buffer.from('hello world\n'))).toBeNull();
  });
});
