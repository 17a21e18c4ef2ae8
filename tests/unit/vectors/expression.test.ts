import { describe, expect, it } from 'vitest';
import {
  analogyForm,
  cosMul,
  evaluateExpression,
  ExpressionError,
  parseExpression,
  type Term,
} from '../../../src-main/core/vectors/expression.ts';
import { analogy } from '../../../src-main/core/vectors/queries.ts';
import { lectureVectorSet } from '../../../src-main/core/vectors/lecture.ts';
import { UnknownWordError, VectorSet } from '../../../src-main/core/vectors/vector-set.ts';

/** word → weight, for terms whose columns do not matter */
function weights(text: string): Record<string, number> {
  return Object.fromEntries(parseExpression(text).map((t) => [t.word, t.weight]));
}

function errorOf(fn: () => unknown): Error {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected an error');
}

describe('parseExpression', () => {
  it('reads a − b + c with each word’s column', () => {
    expect(parseExpression('king - man + woman')).toEqual<Term[]>([
      { word: 'king', weight: 1, at: 1 },
      { word: 'man', weight: -1, at: 8 },
      { word: 'woman', weight: 1, at: 14 },
    ]);
  });

  it('binds * and / tighter than + and -', () => {
    expect(weights('a + 2*b - c/4')).toEqual({ a: 1, b: 2, c: -0.25 });
    expect(weights('0.5*a + 0.5*b')).toEqual({ a: 0.5, b: 0.5 });
    expect(weights('a*3 - 2*3*b')).toEqual({ a: 3, b: -6 });
  });

  it('groups with parentheses and distributes weights over them', () => {
    expect(weights('(a + b)/2')).toEqual({ a: 0.5, b: 0.5 });
    expect(weights('2*(a - (b - c))')).toEqual({ a: 2, b: -2, c: 2 });
    expect(weights('(2)*a')).toEqual({ a: 2 });
  });

  it('takes a leading or unary minus', () => {
    expect(weights('-man + woman')).toEqual({ man: -1, woman: 1 });
    expect(weights('a - -b')).toEqual({ a: 1, b: 1 });
    expect(weights('2*-a')).toEqual({ a: -2 });
    expect(weights('-(a + b)')).toEqual({ a: -1, b: -1 });
  });

  it('adds up a word given twice, keeping its first column', () => {
    expect(parseExpression('king + queen + king')).toEqual([
      { word: 'king', weight: 2, at: 1 },
      { word: 'queen', weight: 1, at: 8 },
    ]);
    expect(weights('a - a + b')).toEqual({ a: 0, b: 1 });
  });

  it('keeps a hyphen between letters inside the word; a minus needs a space on one side', () => {
    expect(weights('state-of-the-art')).toEqual({ 'state-of-the-art': 1 });
    expect(weights('king-man')).toEqual({ 'king-man': 1 });
    expect(weights('king -man')).toEqual({ king: 1, man: -1 });
    expect(weights('king- man')).toEqual({ king: 1, man: -1 });
    expect(weights("don't - do")).toEqual({ "don't": 1, do: -1 });
  });

  it('reads words in any script, typographic apostrophes and Unicode operators', () => {
    expect(weights('король - мужчина + женщина')).toEqual({ король: 1, мужчина: -1, женщина: 1 });
    expect(weights('東京 − 日本 × 2')).toEqual({ 東京: 1, 日本: -2 });
    expect(weights('don’t + café')).toEqual({ "don't": 1, café: 1 });
    // NFC: e + combining acute is é
    expect(weights('cafe\u0301')).toEqual({ café: 1 });
  });

  it('treats a number on its own as a word, and as a weight only where it multiplies', () => {
    expect(weights('1990 - 1980 + 2000')).toEqual({ 1990: 1, 1980: -1, 2000: 1 });
    expect(weights('1990s + 3-d')).toEqual({ '1990s': 1, '3-d': 1 });
    expect(weights('2 * "1990"')).toEqual({ 1990: 2 });
    expect(weights('1e-1*a + .5*b')).toEqual({ a: 0.1, b: 0.5 });
    expect(weights('"c++" - "u.s."')).toEqual({ 'c++': 1, 'u.s.': -1 });
  });

  it('says where a malformed expression goes wrong', () => {
    const cases: [string, RegExp][] = [
      ['', /^an empty expression \(column 1\)$/],
      ['king +', /^the expression ends early \(column 7\)$/],
      ['0.5 king', /^a weight needs "\*": write 0\.5\*king, not 0\.5 king \(column 5\)$/],
      ['(0.5 king)', /^a weight needs "\*".*\(column 6\)$/],
      ['king queen', /^an operator is missing before "queen" \(column 6\)$/],
      ['king * queen', /^cannot multiply two words \(column 6\)$/],
      ['king / queen', /^cannot divide by a word \(column 6\)$/],
      ['king / 0', /^division by zero \(column 6\)$/],
      ['2 * 3', /^a number on its own: a weight multiplies a word, as 0\.5\*king \(column 1\)$/],
      ['(king + man', /^"\(" is not closed \(column 1\)$/],
      ['king)', /^"\)" without its "\(" \(column 5\)$/],
      ['king + "man', /^a quote is not closed \(column 8\)$/],
      ['king & man', /^unexpected "&" \(column 6\)$/],
    ];
    for (const [text, message] of cases) {
      const err = errorOf(() => parseExpression(text));
      expect(err, text).toBeInstanceOf(ExpressionError);
      expect(err.name, text).toBe('ParamError');
      expect(err.message, text).toMatch(message);
    }
  });
});

describe('analogyForm', () => {
  it('finds a − b + c in any order of terms, with unit weights only', () => {
    expect(analogyForm(parseExpression('king - man + woman'))).toEqual({ a: 'king', b: 'man', c: 'woman' });
    expect(analogyForm(parseExpression('-man + woman + king'))).toEqual({ a: 'woman', b: 'man', c: 'king' });
    expect(analogyForm(parseExpression('(king + woman) - man'))).toEqual({ a: 'king', b: 'man', c: 'woman' });
    expect(analogyForm(parseExpression('king - man'))).toBeNull();
    expect(analogyForm(parseExpression('king - man + 2*woman'))).toBeNull();
    expect(analogyForm(parseExpression('king - man - woman'))).toBeNull();
    expect(analogyForm(parseExpression('king - man + woman + girl'))).toBeNull();
  });
});

// 2-d vectors whose cosines are easy by hand. The query words a, b, c are
// axis-aligned; x, y, z are (3,4), (4,-3) and (0,-2), with unit vectors
// (0.6, 0.8), (0.8, -0.6) and (0, -1).
const tiny = new VectorSet(
  ['a', 'b', 'c', 'x', 'y', 'z'],
  2,
  Float32Array.from([1, 0, 0, 1, -1, 0, 3, 4, 4, -3, 0, -2]),
);

describe('3CosMul', () => {
  it('matches hand-computed scores: ((1+cos a)/2 · (1+cos c)/2) / ((1+cos b)/2 + 0.001)', () => {
    const results = cosMul(tiny, [tiny.vectorOf('a'), tiny.vectorOf('c')], [tiny.vectorOf('b')], 6, new Set([0, 1, 2]));
    // z: cos a 0, cos b -1, cos c 0 → (0.5 · 0.5) / (0 + 0.001) = 250
    // y: cos a 0.8, cos b -0.6, cos c -0.8 → (0.9 · 0.1) / (0.2 + 0.001) = 0.09 / 0.201
    // x: cos a 0.6, cos b 0.8, cos c -0.6 → (0.8 · 0.2) / (0.9 + 0.001) = 0.16 / 0.901
    expect(results.map((r) => r.word)).toEqual(['z', 'y', 'x']);
    expect(results[0].score).toBeCloseTo(250, 9);
    expect(results[1].score).toBeCloseTo(0.09 / 0.201, 6);
    expect(results[2].score).toBeCloseTo(0.16 / 0.901, 6);
  });

  it('takes another epsilon (gensim’s 1e-6) and any vector length', () => {
    const scaled = [Float32Array.from([5, 0]), Float32Array.from([-0.5, 0])];
    const [z] = cosMul(tiny, scaled, [Float32Array.from([0, 3])], 1, new Set([0, 1, 2]), 1e-6);
    expect(z).toEqual({ word: 'z', score: expect.closeTo(0.25 / 1e-6, 3) });
  });

  it('is what evaluateExpression reports as mul for a − b + c, inputs left out', () => {
    const { results, mul } = evaluateExpression(tiny, 'a - b + c', { k: 3, normalize: false });
    expect(mul.map((r) => r.word)).toEqual(['z', 'y', 'x']);
    expect(mul[1].score).toBeCloseTo(0.09 / 0.201, 6);
    // a - b + c = (0, -1): z points that way, y is at cos 0.6
    expect(results[0]).toEqual({ word: 'z', score: expect.closeTo(1, 6) });
    expect(results[1]).toEqual({ word: 'y', score: expect.closeTo(0.6, 6) });
  });
});

describe('evaluateExpression', () => {
  const lecture = lectureVectorSet();

  it('lecture coordinates: king − man + woman is queen as written, princess by 3CosMul', () => {
    const { results, mul, terms } = evaluateExpression(lecture, 'king - man + woman', { k: 5, normalize: false });
    // [1,8,8] - [1,7,1] + [9,7,1] = [9,8,8]; queen is [9,7,8]
    expect(results[0].word).toBe('queen');
    expect(results[0].score).toBeCloseTo(201 / Math.sqrt(209 * 194), 6);
    expect(mul[0].word).toBe('princess');
    expect(mul[1].word).toBe('queen');
    expect(terms.map((t) => t.word)).toEqual(['king', 'man', 'woman']);
    for (const r of [...results, ...mul]) expect(['king', 'man', 'woman']).not.toContain(r.word);
  });

  it('with normalize sums unit vectors: gensim’s most_similar, the same as analogy()', () => {
    const { results } = evaluateExpression(lecture, 'king - man + woman', { k: 3, normalize: true });
    expect(results).toEqual(
      analogy(lecture, 'king', 'man', 'woman', 3).results.map((r) => ({ ...r, score: expect.closeTo(r.score, 6) })),
    );
    expect(results[0].word).toBe('princess');
  });

  it('weights scale the stored vectors', () => {
    // 0.5*girl + 0.5*boy = [5, 2, 1], between the two
    const { results, mul } = evaluateExpression(lecture, '0.5*girl + 0.5*boy', { k: 8, normalize: false });
    expect(results.map((r) => r.word)).not.toContain('girl');
    expect(results[0].score).toBeLessThanOrEqual(1);
    expect(mul).toEqual([]);
  });

  it('names every unknown word with its column, and suggests a spaced minus', () => {
    const err = errorOf(() => evaluateExpression(lecture, 'king-man + xyzzy', { k: 3, normalize: false }));
    expect(err).toBeInstanceOf(UnknownWordError);
    expect((err as UnknownWordError).words).toEqual(['king-man', 'xyzzy']);
    expect(err.message).toBe(
      'unknown words: "king-man" (column 1), "xyzzy" (column 12); to subtract, put spaces around the minus: king - man',
    );
    expect(errorOf(() => evaluateExpression(lecture, 'king + foo', { k: 3, normalize: false })).message).toBe(
      'unknown word: "foo" (column 8)',
    );
  });

  it('asks `oov` for words the set lacks (a fastText run’s n-gram vectors)', () => {
    const oov = (word: string) => (word === 'queenly' ? Float32Array.from([9, 7, 8]) : null);
    const { results, mul } = evaluateExpression(lecture, 'queenly - woman + man', { k: 1, normalize: false, oov });
    expect(results[0].word).toBe('king');
    expect(mul).toHaveLength(1);
  });

  it('refuses an expression whose terms cancel out', () => {
    expect(() => evaluateExpression(lecture, 'king - king', { k: 3, normalize: false })).toThrow(/zero vector/);
  });
});
