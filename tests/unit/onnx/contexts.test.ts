// A word's contextual vectors: the mean of its own tokens' hidden states at
// the right positions, and occurrences sampled over the whole corpus.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from '../../../src-main/core/onnx/encoder.ts';
import { contextualVectors, sampleOccurrences } from '../../../src-main/core/onnx/contexts.ts';
import { SENTENCE_END, TokenWriter } from '../../../src-main/core/corpus/token-file.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

describe('contextual vectors', () => {
  let enc: Encoder;
  beforeAll(async () => {
    enc = await Encoder.open(sharedData('bert/fixture'));
  });
  afterAll(() => enc.close());

  it('takes the word’s own token row, after [CLS] and the left context', async () => {
    const [v] = await contextualVectors(enc, [{ left: ['the', 'river'], word: 'bank', right: ['was', 'muddy'] }]);
    const direct = await enc.encode(['the river bank was muddy'], { tokenVectors: true });
    expect(direct.tokens[0][3]).toBe('bank');
    expect(Array.from(v!)).toEqual(Array.from(direct.tokenVectors![0][3]));
  });

  it('averages the pieces of a word WordPiece splits, counting split words on the left too', async () => {
    const [v] = await contextualVectors(enc, [{ left: ['flibbertigibbet'], word: 'unhappiness', right: ['ends'] }]);
    const direct = await enc.encode(['flibbertigibbet unhappiness ends'], { tokenVectors: true });
    const tokens = direct.tokens[0];
    const start = tokens.indexOf('un');
    expect(tokens.slice(start, start + 4)).toEqual(['un', '##ha', '##pp', '##iness']);
    const rows = direct.tokenVectors![0].slice(start, start + 4);
    const mean = rows[0].map((_, d) => rows.reduce((s, r) => s + r[d], 0) / 4);
    for (let d = 0; d < mean.length; d++) expect(v![d]).toBeCloseTo(mean[d], 6);
  });

  it('is null where the model length cut the text before the word', async () => {
    const left = Array.from({ length: 600 }, () => 'word');
    const [v] = await contextualVectors(enc, [{ left, word: 'bank', right: [] }]);
    expect(v).toBeNull();
  });
});

describe('sampling occurrences', () => {
  const tmp = tempDir('embedlab-ctx-');
  afterAll(tmp.cleanup);
  const words = ['the', 'bank', 'river', 'money', 'of'];
  const file = join(tmp.dir, 'tokens.bin');
  beforeAll(() => {
    const w = new TokenWriter(file);
    // 30 sentences: "the bank of the river" / "the money bank"
    for (let s = 0; s < 30; s++)
      w.writeAll(Uint32Array.from(s % 2 ? [0, 1, 4, 0, 2, SENTENCE_END] : [0, 3, 1, SENTENCE_END]));
    w.close();
  });

  it('counts every occurrence and keeps at most the limit, each with its context', () => {
    const { occurrences, total } = sampleOccurrences(file, words, 1, 10, 7);
    expect(total).toBe(30);
    expect(occurrences).toHaveLength(10);
    for (const o of occurrences) {
      expect(o.word).toBe('bank');
      expect([['the', 'money'].join(' '), 'the'].includes(o.left.join(' '))).toBe(true);
    }
  });

  it('is the same for the same seed and differs for another', () => {
    const a = sampleOccurrences(file, words, 1, 10, 7).occurrences;
    const b = sampleOccurrences(file, words, 1, 10, 7).occurrences;
    expect(b).toEqual(a);
    const rightOf = (o: { right: string[] }[]) => o.map((x) => x.right.join(' ')).join('|');
    const others = [1, 2, 3, 4, 5].map((seed) => rightOf(sampleOccurrences(file, words, 1, 10, seed).occurrences));
    expect(new Set([rightOf(a), ...others]).size).toBeGreaterThan(1);
  });
});
