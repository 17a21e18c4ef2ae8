import { describe, expect, test } from 'vitest';
import type { AnalogyResult } from '../../../src-preload/contract.ts';
import { AnalogyQuery, SimilarityQuery } from './queries.svelte.ts';
import { createFakeLab } from './testing/fake-lab.ts';

// what the host answers for lecture-coordinates: gensim-style and raw sums disagree
const lecture: AnalogyResult = {
  results: [
    { word: 'princess', score: 0.986 },
    { word: 'queen', score: 0.981 },
  ],
  raw: [
    { word: 'queen', score: 0.998 },
    { word: 'princess', score: 0.97 },
  ],
  rawVector: [9, 8, 8],
};

describe('AnalogyQuery', () => {
  test('prefills king − man + woman when the run has those words', async () => {
    const fake = createFakeLab({
      vectors: ({ run, words }) => ({
        run,
        words,
        dim: 3,
        vectors: new Float32Array(9),
        unknown: run === 'small' ? ['king'] : [],
      }),
    });
    const q = new AnalogyQuery(fake.lab);
    await q.prefill('lecture-coordinates');
    expect([q.a, q.b, q.c]).toEqual(['king', 'man', 'woman']);
    await q.prefill('small');
    expect([q.a, q.b, q.c]).toEqual(['', '', '']);
  });

  test('shows both answer lists', async () => {
    const fake = createFakeLab({ analogy: () => lecture });
    const q = new AnalogyQuery(fake.lab);
    q.a = 'king';
    q.b = ' man';
    q.c = 'woman ';
    await q.submit('lecture-coordinates');
    expect(fake.argsOf('analogy')).toEqual([{ run: 'lecture-coordinates', a: 'king', b: 'man', c: 'woman', k: 10 }]);
    expect(q.result?.results[0].word).toBe('princess');
    expect(q.result?.raw[0].word).toBe('queen');
    expect(q.loading).toBe(false);
  });

  test('unknown words: the message inline; missing words: asks for them', async () => {
    const fake = createFakeLab({
      analogy: () => {
        throw new Error('analogy: "kingg" is not in the vocabulary');
      },
    });
    const q = new AnalogyQuery(fake.lab);
    await q.submit('r');
    expect(q.error).toBe('Fill in all three words.');
    expect(fake.calls).toHaveLength(0);
    q.a = 'kingg';
    q.b = 'man';
    q.c = 'woman';
    await q.submit('r');
    expect(q.error).toBe('analogy: "kingg" is not in the vocabulary');
    expect(q.result).toBeNull();
  });
});

describe('SimilarityQuery', () => {
  test('scores a pair; errors verbatim', async () => {
    const fake = createFakeLab({
      similarity: ({ a, b }) => {
        if (b === 'zzz') throw new Error('"zzz" is not in the vocabulary');
        return { score: a === b ? 1 : 0.5 };
      },
    });
    const q = new SimilarityQuery(fake.lab);
    q.a = 'king';
    q.b = 'queen';
    await q.submit('r');
    expect(q.score).toBe(0.5);
    expect(q.pair).toEqual(['king', 'queen']);
    q.b = 'zzz';
    await q.submit('r');
    expect(q.score).toBeNull();
    expect(q.error).toBe('"zzz" is not in the vocabulary');
  });
});
