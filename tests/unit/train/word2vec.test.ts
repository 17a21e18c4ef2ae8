import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bucketsFromMatrix,
  buildSubwordTable,
  compactNgramRows,
  compactRowOf,
  composeWordVectors,
  oovVector,
} from '../../../src-main/core/train/fasttext/ngrams.ts';
import { trainWord2vec, type Word2vecParams } from '../../../src-main/core/train/word2vec.ts';
import { tempDir } from '../../helpers/paths.ts';
import { cosine, encode, expectPlantedGroups, plantedCorpus, w2vParams, type Encoded } from './corpus.ts';

const temp = tempDir('embedlab-w2v-');
let planted: Encoded;

beforeAll(() => {
  planted = encode(plantedCorpus(3000), join(temp.dir, 'planted.tok'));
});
afterAll(() => temp.cleanup());

function train(overrides: Partial<Word2vecParams>, counts: number[] = planted.counts) {
  return trainWord2vec({
    tokenFile: planted.file,
    words: planted.words,
    counts,
    params: w2vParams(overrides),
    tmpDir: temp.dir,
  });
}

describe('trainWord2vec', () => {
  it.each<[string, Partial<Word2vecParams>, string[]]>([
    ['CBOW with negative sampling', { method: 'cbow' }, ['syn1neg']],
    ['skip-gram with hierarchical softmax alone', { hs: true, negative: 0 }, ['syn1']],
    ['CBOW with hierarchical softmax and negative sampling', { method: 'cbow', hs: true }, ['syn1neg', 'syn1']],
  ])('%s groups the planted words and returns its output layers', async (_name, overrides, outputs) => {
    const result = await train(overrides);
    const kept = planted.words.length;
    expect(result.vocabSize).toBe(kept);
    expect(result.vectors.length).toBe(kept * 20);
    expect(Object.keys(result.matrices).sort()).toEqual(outputs.slice().sort());
    if (result.matrices.syn1neg) expect(result.matrices.syn1neg.length).toBe(kept * 20);
    if (result.matrices.syn1) expect(result.matrices.syn1.length).toBe((kept - 1) * 20);
    expectPlantedGroups(planted.words, result.vectors, result.dim);
    expect(result.epochLoss).toHaveLength(5);
    for (const loss of result.epochLoss) expect(loss).toBeGreaterThan(0);
    expect(result.epochLoss[4]).toBeLessThan(result.epochLoss[0]);
  });

  it('gives bit-identical CBOW + hs vectors for one thread and a fixed seed', async () => {
    const a = await train({ method: 'cbow', hs: true, epochs: 1, seed: 3 });
    const b = await train({ method: 'cbow', hs: true, epochs: 1, seed: 3 });
    expect(Buffer.from(a.vectors.buffer).equals(Buffer.from(b.vectors.buffer))).toBe(true);
    expect(Buffer.from(a.matrices.syn1.buffer).equals(Buffer.from(b.matrices.syn1.buffer))).toBe(true);
  });

  describe('fasttext', () => {
    const ft: Partial<Word2vecParams> = { method: 'fasttext', alpha: 0.05, minAlpha: 0, nsExponent: 0.5 };

    it('composes each word from its own row and n-gram rows, and answers unseen words from n-grams', async () => {
      const result = await train(ft);
      const kept = planted.words.length;
      const { syn0, ngrams, syn1neg } = result.matrices;
      const buckets = bucketsFromMatrix(result.matrices['ngram-buckets']);
      const table = buildSubwordTable(planted.words, kept, 3, 5, 5000);
      expect(Array.from(compactNgramRows(table, kept, 5000))).toEqual(Array.from(buckets));
      expect(buckets.length).toBeLessThan(5000);
      expect(syn0.length).toBe(kept * 20);
      expect(ngrams.length).toBe(buckets.length * 20);
      expect(syn1neg.length).toBe(kept * 20);
      const input = new Float32Array([...syn0, ...ngrams]);
      expect(Array.from(result.vectors)).toEqual(Array.from(composeWordVectors(input, table, kept, 20)));
      expectPlantedGroups(planted.words, result.vectors, result.dim);

      // 'reds' was never seen; its n-grams <re, red, <red, ... were
      const row = (b: number): Float32Array | null => {
        const r = compactRowOf(buckets, b);
        return r < 0 ? null : ngrams.subarray(r * 20, (r + 1) * 20);
      };
      const reds = oovVector('reds', row, 20, 3, 5, 5000);
      const both = new Float32Array([...reds, ...result.vectors]);
      const at = (w: string): number => 1 + planted.words.indexOf(w);
      expect(cosine(both, 20, 0, at('red'))).toBeGreaterThan(cosine(both, 20, 0, at('dog')) + 0.3);
    });

    it('continues from stored n-gram rows, compact or (older runs) all `bucket` rows, alike', async () => {
      const first = await train({ ...ft, epochs: 1 });
      const { ngrams, 'ngram-buckets': bucketMatrix, ...rest } = first.matrices;
      const buckets = bucketsFromMatrix(bucketMatrix);
      const full = new Float32Array(5000 * 20);
      buckets.forEach((b, r) => full.set(ngrams.subarray(r * 20, (r + 1) * 20), b * 20));
      const more = (initFrom: Record<string, Float32Array>) =>
        trainWord2vec({
          tokenFile: planted.file,
          words: planted.words,
          counts: planted.counts,
          params: w2vParams({ ...ft, epochs: 1, seed: 9 }),
          tmpDir: temp.dir,
          initFrom,
        });
      const compact = await more(first.matrices);
      const old = await more({ ...rest, ngrams: full });
      expect(Buffer.from(compact.matrices.ngrams.buffer).equals(Buffer.from(old.matrices.ngrams.buffer))).toBe(true);
      expect(Buffer.from(compact.vectors.buffer).equals(Buffer.from(old.vectors.buffer))).toBe(true);
      await expect(more({ ...rest, ngrams: full.subarray(20) })).rejects.toThrow(/4999 n-gram rows, bucket is 5000/);
    });

    it('trains plain skip-gram rows with maxn 0 (no subwords), with hierarchical softmax', async () => {
      const result = await train({ ...ft, maxn: 0, bucket: 0, hs: true, negative: 0, epochs: 3 });
      expect(Object.keys(result.matrices).sort()).toEqual(['ngrams', 'syn0', 'syn1']);
      expect(result.matrices.ngrams.length).toBe(0);
      expect(Array.from(result.vectors)).toEqual(Array.from(result.matrices.syn0));
      expectPlantedGroups(planted.words, result.vectors, result.dim);
    });
  });

  it('keeps at most maxVocab of the most frequent words', async () => {
    const result = await train({ maxVocab: 10, epochs: 1 });
    expect(result.vocabSize).toBe(10);
    expect(result.vectors.length).toBe(10 * 20);
    expect(result.wordsDone).toBe(planted.counts.slice(0, 10).reduce((s, c) => s + c, 0));
  });

  describe('validates parameters before any work', () => {
    const cases: [Partial<Word2vecParams>, RegExp][] = [
      [{ dim: 0 }, /^dim must be at least 1, got 0$/],
      [{ window: 0 }, /^window must be at least 1, got 0$/],
      [{ negative: -1 }, /^negative must be at least 0, got -1$/],
      [{ negative: 0 }, /^negative is 0 and hs is off: turn on hierarchical softmax \(--hs\) or use negative >= 1$/],
      [{ maxVocab: 0 }, /^max-vocab must be at least 1, got 0$/],
      [{ nsExponent: Number.NaN }, /^ns-exponent must be a number, got NaN$/],
      [{ method: 'glove' as 'sgns' }, /^method must be one of sgns, cbow, fasttext, got glove$/],
      [{ method: 'fasttext', minn: 4, maxn: 3 }, /^minn 4 is larger than maxn 3: n-grams need minn <= maxn$/],
      [{ method: 'fasttext', bucket: 0 }, /^bucket must be at least 1 when maxn > 0 \(subwords on\), got 0$/],
      [{ method: 'fasttext', minn: 0 }, /^minn must be at least 1, got 0$/],
    ];
    it.each(cases)('%o', async (overrides, message) => {
      await expect(train(overrides)).rejects.toThrow(message);
    });

    it('names the most frequent word when min-count is above every count', async () => {
      const run = trainWord2vec({
        tokenFile: planted.file,
        counts: [123, 50],
        words: ['the', 'of'],
        params: w2vParams({ minCount: 200 }),
        tmpDir: temp.dir,
      });
      await expect(run).rejects.toThrow(
        "min-count 200 is larger than the count of every word (most frequent: 'the', 123)",
      );
    });

    it('needs the words for fasttext n-grams', async () => {
      const run = trainWord2vec({
        tokenFile: planted.file,
        counts: planted.counts,
        words: [],
        params: w2vParams({ method: 'fasttext' }),
        tmpDir: temp.dir,
      });
      await expect(run).rejects.toThrow(/fasttext needs the vocabulary words/);
    });
  });
});
