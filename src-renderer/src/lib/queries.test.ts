import { describe, expect, test } from 'vitest';
import type { Args, ExpressionResult } from '../../../src-preload/contract.ts';
import {
  CLASSIC_EXPRESSION,
  ConcordanceQuery,
  ExpressionQuery,
  SentenceQuery,
  SimilarityQuery,
  matrixQuery,
  oddQuery,
} from './queries.svelte.ts';
import { createFakeLab, deferred } from './testing/fake-lab.ts';

// the lecture's gender / age / royalty coordinates
const lecture: Record<string, number[]> = {
  king: [-1, 0.8, 1],
  queen: [1, 0.8, 1],
  man: [-1, 0.7, 0],
  woman: [1, 0.7, 0],
  princess: [1, 0.2, 1],
};

function vectors({ run, words }: Args<'vectors'>) {
  const known = words.filter((w) => w in lecture);
  return {
    run,
    words: known,
    dim: 3,
    vectors: new Float32Array(known.flatMap((w) => lecture[w])),
    unknown: words.filter((w) => !(w in lecture)),
  };
}

// what the host answers for king - man + woman on the lecture run: unit vectors and stored ones disagree
function expression({ normalize }: Args<'expression'>): ExpressionResult {
  const terms = [
    { word: 'king', weight: 1 },
    { word: 'man', weight: -1 },
    { word: 'woman', weight: 1 },
  ];
  return normalize
    ? {
        results: [
          { word: 'princess', score: 0.986 },
          { word: 'queen', score: 0.981 },
        ],
        mul: [{ word: 'queen', score: 1.2 }],
        terms,
      }
    : { results: [{ word: 'queen', score: 0.998 }], mul: [{ word: 'queen', score: 1.2 }], terms };
}

describe('ExpressionQuery', () => {
  test('prefills king - man + woman when the run has those words', async () => {
    const fake = createFakeLab({
      vectors: (args) => (args.run === 'small' ? { ...vectors(args), unknown: ['king'] } : vectors(args)),
    });
    const q = new ExpressionQuery(fake.lab);
    await q.prefill('lecture-coordinates');
    expect(q.text).toBe(CLASSIC_EXPRESSION);
    await q.prefill('small');
    expect(q.text).toBe('');
  });

  test('3CosAdd and 3CosMul, the other ranking, and the exact offset cosine of the analogy', async () => {
    const fake = createFakeLab({ expression, vectors });
    const q = new ExpressionQuery(fake.lab);
    q.text = ' king - man + woman ';
    await q.submit('lecture-coordinates');
    expect(fake.argsOf('expression')).toEqual([
      { run: 'lecture-coordinates', expr: 'king - man + woman', k: 10, normalize: true },
      { run: 'lecture-coordinates', expr: 'king - man + woman', k: 3, normalize: false },
    ]);
    expect(q.answer.result?.results[0].word).toBe('princess');
    expect(q.answer.result?.mul[0].word).toBe('queen');
    expect(q.other?.[0]).toEqual({ word: 'queen', score: 0.998 });
    expect(q.analogy).toEqual({ a: 'king', b: 'man', c: 'woman' });
    expect(fake.argsOf('vectors')).toEqual([
      { run: 'lecture-coordinates', words: ['king', 'man', 'woman', 'princess'] },
    ]);
    const f = q.facts!;
    expect(f).toMatchObject({ a: 'king', b: 'man', c: 'woman', answer: 'princess', score: 0.986, normalized: true });
    expect(f.offsetCosine).toBeGreaterThan(0.5);
    expect(f.offsetCosine).toBeLessThan(1);
    expect(q.answer.loading).toBe(false);
  });

  test('stored vectors: king − man is exactly queen − woman, cosine 1', async () => {
    const fake = createFakeLab({ expression, vectors });
    const q = new ExpressionQuery(fake.lab);
    q.text = 'king - man + woman';
    q.normalize = false;
    await q.submit('r');
    expect(q.facts?.answer).toBe('queen');
    expect(q.facts?.offsetCosine).toBeCloseTo(1, 6);
    expect(q.facts?.lengths[0]).toBeCloseTo(q.facts!.lengths[1], 6);
  });

  test('a weighted sum has no analogy and no 3CosMul', async () => {
    const fake = createFakeLab({
      expression: () => ({
        results: [{ word: 'queen', score: 0.9 }],
        mul: [],
        terms: [
          { word: 'king', weight: 0.5 },
          { word: 'queen', weight: 0.5 },
        ],
      }),
      vectors,
    });
    const q = new ExpressionQuery(fake.lab);
    q.text = '0.5*king + 0.5*queen';
    await q.submit('r');
    expect(q.analogy).toBeNull();
    expect(q.facts).toBeNull();
    expect(fake.argsOf('vectors')).toHaveLength(0);
  });

  test('errors inline, with the columns the service names', async () => {
    const fake = createFakeLab({
      expression: ({ expr }) => {
        if (expr.includes('kingg')) throw new Error('unknown words: "kingg" (column 1), "wman" (column 15)');
        throw new Error('a weight needs "*": write 0.5*king, not 0.5 king (column 5)');
      },
    });
    const q = new ExpressionQuery(fake.lab);
    await q.submit('r');
    expect(q.answer.error).toMatch(/Type an expression/);
    expect(fake.calls).toHaveLength(0);
    q.text = '0.5 king';
    await q.submit('r');
    expect(q.answer.error).toBe('a weight needs "*": write 0.5*king, not 0.5 king (column 5)');
    expect(q.errorColumns).toEqual([5]);
    q.text = 'kingg - man + wman';
    await q.submit('r');
    expect(q.errorColumns).toEqual([1, 15]);
    expect(q.asked?.text).toBe('kingg - man + wman');
    expect(q.answer.result).toBeNull();
  });

  test('an older answer that comes later is dropped', async () => {
    const first = deferred<ExpressionResult>();
    let n = 0;
    const fake = createFakeLab({
      expression: (args) => (n++ === 0 ? first.promise : expression(args)),
      vectors,
    });
    const q = new ExpressionQuery(fake.lab);
    q.text = 'a - b + c';
    const slow = q.submit('r');
    q.text = 'king - man + woman';
    await q.submit('r');
    first.resolve({ results: [{ word: 'old', score: 1 }], mul: [], terms: [] });
    await slow;
    expect(q.answer.result?.results[0].word).toBe('princess');
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
    await q.submit('r');
    expect(q.error).toBe('Fill in both words.');
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

describe('sentences, lists and the concordance', () => {
  test('two sentences: the score and the unknown words', async () => {
    const fake = createFakeLab({
      sentenceSimilarity: () => ({ score: 0.71, unknown: ['xyzzy'], words: { a: ['the', 'king'], b: ['a', 'queen'] } }),
    });
    const q = new SentenceQuery(fake.lab);
    q.a = 'the king';
    await q.submit('r');
    expect(q.answer.error).toBe('Write both sentences.');
    q.b = ' a queen xyzzy ';
    await q.submit('r');
    expect(fake.argsOf('sentenceSimilarity')).toEqual([{ run: 'r', a: 'the king', b: 'a queen xyzzy' }]);
    expect(q.answer.result?.unknown).toEqual(['xyzzy']);
  });

  test('the matrix and odd one out split the list on spaces and commas, and need enough words', async () => {
    const fake = createFakeLab({
      similarityMatrix: ({ words }) => ({ words, matrix: new Float32Array(words.length ** 2).fill(1), unknown: [] }),
      oddOneOut: ({ words }) => ({ word: words.at(-1)!, scores: words.map((word) => ({ word, score: 0.5 })) }),
    });
    const m = matrixQuery(fake.lab);
    m.text = 'king';
    await m.submit('r');
    expect(m.answer.error).toBe('Give at least 2 words.');
    m.text = 'king, queen  man,woman king';
    expect(m.words).toEqual(['king', 'queen', 'man', 'woman']);
    await m.submit('r');
    expect(m.answer.result?.matrix).toHaveLength(16);

    const o = oddQuery(fake.lab);
    o.text = 'a b';
    await o.submit('r');
    expect(o.answer.error).toBe('Give at least 3 words.');
    o.text = 'breakfast lunch dinner cereal';
    await o.submit('r');
    expect(fake.argsOf('oddOneOut')).toEqual([{ run: 'r', words: ['breakfast', 'lunch', 'dinner', 'cereal'] }]);
    expect(o.answer.result?.word).toBe('cereal');
  });

  test('kwic: loads once per word; a run without a corpus gives the service its say', async () => {
    const fake = createFakeLab({
      kwic: ({ run, word }) => {
        if (run === 'lecture-coordinates')
          throw new Error('run "lecture-coordinates" was not trained on a corpus here, so it has no concordance');
        return {
          word,
          corpus: 'demo',
          count: 3,
          keepProbability: 0.5,
          sample: 0.001,
          lines: [{ left: 'the', word, right: 'ruled' }],
        };
      },
    });
    const q = new ConcordanceQuery(fake.lab);
    await q.load('tiny', 'king');
    await q.load('tiny', 'king');
    expect(fake.argsOf('kwic')).toEqual([{ run: 'tiny', word: 'king', n: 20 }]);
    expect(q.answer.result?.lines[0].right).toBe('ruled');
    await q.load('lecture-coordinates', 'king');
    expect(q.answer.result).toBeNull();
    expect(q.answer.error).toMatch(/has no concordance/);
    expect(q.for).toEqual({ run: 'lecture-coordinates', word: 'king' });
  });
});
