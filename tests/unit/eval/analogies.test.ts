import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  evaluateAnalogies,
  parseAnalogies,
  type AnalogyQuestionResult,
} from '../../../src-main/core/eval/analogies.ts';
import { cosineBlock } from '../../../src-main/core/eval/kernel.ts';
import { BenchmarkVocab, type EvalVectors } from '../../../src-main/core/eval/vocab.ts';
import { VectorSet } from '../../../src-main/core/vectors/vector-set.ts';
import { sharedData } from '../../helpers/paths.ts';
import { vectorSet } from './fixtures.ts';

/** the unit vector at `deg` degrees: in 2-D, cosines are easy to read off angles */
const at = (deg: number): number[] => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];

describe('parseAnalogies', () => {
  it('reads sections and questions, with line numbers', () => {
    const text =
      '\uFEFF: capital-common-countries \r\nAthens Greece Baghdad Iraq\r\n\n:family\n  boy girl  brother sister\n';
    const set = parseAnalogies(text, 'qw.txt');
    expect(set).toEqual({
      fileName: 'qw.txt',
      questionCount: 2,
      sections: [
        {
          name: 'capital-common-countries',
          line: 1,
          questions: [{ a: 'Athens', b: 'Greece', c: 'Baghdad', d: 'Iraq', line: 2 }],
        },
        { name: 'family', line: 4, questions: [{ a: 'boy', b: 'girl', c: 'brother', d: 'sister', line: 5 }] },
      ],
    });
    expect(parseAnalogies('', 'empty.txt')).toEqual({ fileName: 'empty.txt', sections: [], questionCount: 0 });
    expect(parseAnalogies(': a\n: b\n', 'x').sections.map((s) => s.questions.length)).toEqual([0, 0]);
  });

  it('names the file and line of a malformed line', () => {
    expect(() => parseAnalogies('\nboy girl brother sister\n', 'qw.txt')).toThrow(
      'qw.txt:2: a question before the first section header (": name" line)',
    );
    expect(() => parseAnalogies(': family\nboy girl brother sister\nboy girl brother\n', 'qw.txt')).toThrow(
      'qw.txt:3: expected 4 words "a b c d", found 3: "boy girl brother"',
    );
    expect(() => parseAnalogies(': family\na b c d e\n', '/x/qw.txt')).toThrow(/^\/x\/qw\.txt:2: expected 4 words/);
    try {
      parseAnalogies(': s\nx\n', '/x/qw.txt');
    } catch (error) {
      expect(error).toMatchObject({ name: 'CorpusInputError', file: '/x/qw.txt' });
    }
  });

  it('reads the Google set: 14 sections, 19,544 questions', () => {
    const set = parseAnalogies(readFileSync(sharedData('questions-words.txt'), 'utf8'), 'questions-words.txt');
    expect(set.questionCount).toBe(19_544);
    expect(set.sections.map((s) => [s.name, s.questions.length])).toEqual([
      ['capital-common-countries', 506],
      ['capital-world', 4524],
      ['currency', 866],
      ['city-in-state', 2467],
      ['family', 506],
      ['gram1-adjective-to-adverb', 992],
      ['gram2-opposite', 812],
      ['gram3-comparative', 1332],
      ['gram4-superlative', 1122],
      ['gram5-present-participle', 1056],
      ['gram6-nationality-adjective', 1599],
      ['gram7-past-tense', 1560],
      ['gram8-plural', 1332],
      ['gram9-plural-verbs', 870],
    ]);
    expect(set.sections[0].questions[0]).toEqual({ a: 'Athens', b: 'Greece', c: 'Baghdad', d: 'Iraq', line: 2 });
  });
});

describe('evaluateAnalogies on hand-made 2-D vectors', () => {
  const set = vectorSet([
    ['the', at(225)],
    ['man', at(0)],
    ['woman', at(90)],
    ['king', at(10)],
    ['queen', at(95)],
    ['boy', at(-30)],
    ['girl', at(120)],
    ['prince', at(20)],
    ['apple', at(180)],
  ]);
  const questions = parseAnalogies(
    [
      ': royal',
      'man woman king queen', // woman − man + king points at 90.74°: queen (95°) is nearest
      'man woman boy girl', // points at 91.05° + ...: queen (4.0° off) beats girl (29°): wrong
      'man king woman queen', // the same sum
      ': capitals',
      'athens greece paris france', // unknown words
      ': other',
      'man woman king unicorn', // unknown answer
      'woman man queen king', // points at −0.24°: king (10°) beats prince (20°) and boy (−30°)
    ].join('\n'),
    'toy.txt',
  );

  it('answers as 3CosAdd does and sums per section', () => {
    const result = evaluateAnalogies(set, questions);
    expect(result).toEqual({
      accuracy: 0.75,
      correct: 3,
      total: 4,
      questionCount: 6,
      coverage: 4 / 6,
      sections: [
        { name: 'royal', correct: 2, total: 3, accuracy: 2 / 3, questionCount: 3 },
        { name: 'capitals', correct: 0, total: 0, accuracy: 0, questionCount: 1 },
        { name: 'other', correct: 1, total: 1, accuracy: 1, questionCount: 2 },
      ],
    });
  });

  it('details each question: the answer, gensim’s top 5, the rank of the expected word', () => {
    const details = evaluateAnalogies(set, questions, { details: true }).questions!;
    expect(details.map((q) => [q.line, q.evaluated, q.predicted, q.correct, q.rank])).toEqual([
      [2, true, 'queen', true, 1],
      [3, true, 'queen', false, 2],
      [4, true, 'queen', true, 1],
      [6, false, null, false, null],
      [8, false, null, false, null],
      [9, true, 'king', true, 1],
    ]);
    const first = details[0];
    expect(first).toMatchObject({ section: 'royal', a: 'man', b: 'woman', c: 'king', expected: 'queen' });
    // by angular distance from 90.74°: queen 4.3°, girl 29.3°, prince 70.7°, apple 89.3°, boy 120.7° (the: 134.3°)
    expect(first.top.map((t) => t.word)).toEqual(['queen', 'girl', 'prince', 'apple', 'boy']);
    const sum = [at(90)[0] - at(0)[0] + at(10)[0], at(90)[1] - at(0)[1] + at(10)[1]];
    const angle = (Math.atan2(sum[1], sum[0]) * 180) / Math.PI;
    expect(first.top[0].similarity).toBeCloseTo(Math.cos(((95 - angle) * Math.PI) / 180), 6);
    expect(first.top[4].similarity).toBeCloseTo(Math.cos(((angle + 30) * Math.PI) / 180), 6);
    expect(details[3]).toEqual<AnalogyQuestionResult>({
      section: 'capitals',
      line: 6,
      a: 'athens',
      b: 'greece',
      c: 'paris',
      expected: 'france',
      evaluated: false,
      predicted: null,
      correct: false,
      top: [],
      rank: null,
    });
    expect(evaluateAnalogies(set, questions, { details: true, topN: 8 }).questions![0].top.length).toBe(6);
  });

  it('knows only the first restrictVocab words, as answers and as questions', () => {
    const small = vectorSet([
      ['man', at(0)],
      ['woman', at(90)],
      ['boy', at(-30)],
      ['girl', at(120)],
      ['queen', at(95)],
    ]);
    const q = parseAnalogies(': s\nman woman boy girl\n', 'q.txt');
    expect(evaluateAnalogies(small, q, { details: true }).questions![0]).toMatchObject({
      predicted: 'queen',
      correct: false,
    });
    expect(evaluateAnalogies(small, q, { restrictVocab: 4, details: true }).questions![0]).toMatchObject({
      predicted: 'girl',
      correct: true,
      rank: 1,
    });
    expect(evaluateAnalogies(small, q, { restrictVocab: 3 })).toMatchObject({ total: 0, accuracy: 0, coverage: 0 });
    expect(evaluateAnalogies(small, q, { restrictVocab: 0 })).toMatchObject({ total: 0, accuracy: 0 });
  });

  it('folds case as gensim does: the first variant stands for a word, answers that fold to an input are passed over', () => {
    const cased = vectorSet([
      ['man', at(0)],
      ['woman', at(90)],
      ['king', at(10)],
      ['Woman', at(90.7)], // the best match, but folds to an input word
      ['queen', at(95)],
      ['Queen', at(92)], // folds to the answer: counts as right
    ]);
    const upper = parseAnalogies(': s\nMAN WOMAN KING QUEEN\n', 'q.txt');
    const lower = parseAnalogies(': s\nman woman king queen\n', 'q.txt');
    const insensitive = evaluateAnalogies(cased, upper, { details: true }).questions![0];
    expect(insensitive).toMatchObject({ predicted: 'Queen', correct: true, rank: 1 });
    expect(insensitive.top.map((t) => t.word)).toEqual(['Woman', 'Queen', 'queen']);
    expect(evaluateAnalogies(cased, upper, { caseInsensitive: false })).toMatchObject({ total: 0, coverage: 0 });
    // case-sensitive, "Woman" is just another word, and the best one
    expect(evaluateAnalogies(cased, lower, { caseInsensitive: false, details: true }).questions![0]).toMatchObject({
      predicted: 'Woman',
      correct: false,
      rank: 3,
    });

    // a variant listed first answers for the word
    const first = vectorSet([
      ['man', at(0)],
      ['Woman', at(90)],
      ['woman', at(200)],
      ['king', at(10)],
      ['queen', at(95)],
    ]);
    expect(evaluateAnalogies(first, lower, { details: true }).questions![0]).toMatchObject({
      predicted: 'queen',
      correct: true,
    });
  });

  it('reports progress per block of rows and stops when aborted', () => {
    const seen: [number, number][] = [];
    evaluateAnalogies(set, questions, { onProgress: (done, total) => seen.push([done, total]) });
    expect(seen).toEqual([[9, 9]]);
    const controller = new AbortController();
    controller.abort();
    expect(() => evaluateAnalogies(set, questions, { signal: controller.signal })).toThrow(/abort/i);
  });

  it('takes a VectorSet as it is', () => {
    const vectors = new VectorSet(set.words.slice(), set.dim, set.data);
    expect(evaluateAnalogies(vectors, questions)).toEqual(evaluateAnalogies(set, questions));
  });

  it('refuses a vector set whose data does not match its words', () => {
    expect(() => evaluateAnalogies({ words: ['a'], dim: 2, data: new Float32Array(3) }, questions)).toThrow(RangeError);
  });
});

/** a seeded generator, so the random tests are the same every run */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

/** gensim's evaluate_word_analogies, written out plainly in float64 */
function reference(set: EvalVectors, text: string, restrict: number, caseInsensitive: boolean) {
  const fold = (w: string): string => (caseInsensitive ? w.toUpperCase() : w);
  const size = Math.min(restrict, set.words.length);
  const ok = new Map<string, number>();
  for (let i = size - 1; i >= 0; i--) ok.set(fold(set.words[i]), i);
  const units = Array.from({ length: size }, (_, i) => {
    const v = Array.from(set.data.subarray(i * set.dim, (i + 1) * set.dim));
    const norm = Math.hypot(...v);
    return v.map((x) => x / norm);
  });
  const unit = (i: number): number[] => units[i];
  const folded = set.words.map(fold);
  const out: { predicted: string | null; correct: boolean; rank: number | null }[] = [];
  for (const line of text.split('\n')) {
    if (line.startsWith(':') || line === '') continue;
    const [a, b, c, d] = line.split(' ').map(fold);
    if (![a, b, c, d].every((w) => ok.has(w))) continue;
    const [ua, ub, uc] = [a, b, c].map((w) => unit(ok.get(w)!));
    const q = ub.map((x, k) => x - ua[k] + uc[k]);
    const scores: [number, number][] = [];
    for (let j = 0; j < size; j++) {
      if (ok.get(a) === j || ok.get(b) === j || ok.get(c) === j) continue;
      scores.push([unit(j).reduce((s, x, k) => s + x * q[k], 0), j]);
    }
    scores.sort((x, y) => y[0] - x[0] || x[1] - y[1]);
    let predicted: string | null = null;
    for (const [, j] of scores.slice(0, 5)) {
      predicted = folded[j];
      if (![a, b, c].includes(predicted)) break;
    }
    const best = Math.max(...scores.filter(([, j]) => folded[j] === d).map(([s]) => s));
    const above = scores.filter(([s, j]) => s > best && ![a, b, c, d].includes(folded[j])).length;
    // no rank when every word that folds to d is an input
    out.push({ predicted, correct: predicted === d, rank: best === -Infinity ? null : above + 1 });
  }
  return out;
}

describe('evaluateAnalogies against a plain reference', () => {
  // 1,203 words in 5-d (2 blocks of rows, odd edges), with case variants; 120 questions over 403 words
  const random = lcg(7);
  const words: string[] = [];
  for (let i = 0; i < 1203; i++) words.push(i % 97 === 5 ? `W${i - 3}` : `w${i}`);
  const dim = 5;
  const data = new Float32Array(words.length * dim).map(() => random() * 2 - 1);
  const set: EvalVectors = { words, dim, data };
  const lines = [': random'];
  for (let i = 0; i < 120; i++) {
    const pick = (): string => `${random() < 0.2 ? 'W' : 'w'}${Math.floor(random() * 403)}`;
    lines.push([pick(), pick(), pick(), pick()].join(' '));
    if (i === 60) lines.push(': second');
  }
  const text = lines.join('\n');
  const questions = parseAnalogies(text, 'random.txt');

  it.each([
    [300_000, true],
    [300_000, false],
    [900, true],
  ])('restrictVocab %i, caseInsensitive %s', (restrict, caseInsensitive) => {
    const ours = evaluateAnalogies(set, questions, { restrictVocab: restrict, caseInsensitive, details: true });
    const ref = reference(set, text, restrict, caseInsensitive);
    const evaluated = ours.questions!.filter((q) => q.evaluated);
    expect(evaluated.length).toBe(ref.length);
    expect(ref.length).toBeGreaterThan(30);
    const fold = (w: string | null): string | null => (w !== null && caseInsensitive ? w.toUpperCase() : w);
    expect(evaluated.map((q) => [fold(q.predicted), q.correct])).toEqual(ref.map((r) => [r.predicted, r.correct]));
    // ranks: float32 cosines here, float64 there; a near-tie could move one by one place
    expect(evaluated.map((q) => q.rank === null)).toEqual(ref.map((r) => r.rank === null));
    evaluated.forEach((q, i) => expect(Math.abs((q.rank ?? 0) - (ref[i].rank ?? 0))).toBeLessThanOrEqual(1));
    expect(evaluated.filter((q, i) => q.rank !== ref[i].rank).length).toBeLessThanOrEqual(2);
    expect(ours.correct).toBe(ref.filter((r) => r.correct).length);
    const plain = evaluateAnalogies(set, questions, { restrictVocab: restrict, caseInsensitive });
    expect(plain.correct).toBe(ours.correct);
    expect(plain.sections).toEqual(ours.sections);
  });
});

describe('cosineBlock', () => {
  it('equals BenchmarkVocab.cosine bit for bit, edges included', () => {
    const random = lcg(3);
    const dim = 7;
    const words = Array.from({ length: 23 }, (_, i) => `w${i}`);
    const vocab = new BenchmarkVocab({ words, dim, data: new Float32Array(23 * dim).map(() => random() - 0.5) });
    const units = 6;
    const unitVectors = new Float32Array(units * dim);
    for (let u = 0; u < units; u++) vocab.unitInto(u * 3, unitVectors, u * dim);
    const stride = 12;
    const out = new Float32Array(units * stride).fill(NaN);
    cosineBlock(vocab, 5, 11, unitVectors, units, out, stride);
    for (let u = 0; u < units; u++) {
      for (let i = 0; i < stride; i++) {
        if (i < 11) expect(out[u * stride + i]).toBe(vocab.cosine(5 + i, unitVectors.subarray(u * dim, (u + 1) * dim)));
        else expect(out[u * stride + i]).toBeNaN();
      }
    }
    expect(() => cosineBlock(vocab, 20, 11, unitVectors, units, out, stride)).toThrow(RangeError);
  });
});
