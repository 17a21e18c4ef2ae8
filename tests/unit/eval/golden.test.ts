// Our benchmarks against gensim 4.2's own numbers, recorded once by
// tests/fixtures/eval/make-golden.py (see there; the tests never run Python).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateAnalogies, parseAnalogies } from '../../../src-main/core/eval/analogies.ts';
import { evaluateSimilarity, parseSimilarity } from '../../../src-main/core/eval/similarity.ts';
import type { EvalOptions, EvalVectors } from '../../../src-main/core/eval/vocab.ts';
import { sharedData } from '../../helpers/paths.ts';
import { evalFixture, readWord2VecText } from './fixtures.ts';

interface GensimOptions {
  restrict_vocab?: number;
  case_insensitive?: boolean;
}
interface GensimAnalogies {
  options: GensimOptions;
  score: number;
  sections: { name: string; correct: number; incorrect: number; correctQuestions: string[] }[];
}
type GensimPairs = { options: GensimOptions; pearson: number; spearman: number; oovRatio: number } | { error: string };

const json = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const ours = (o: GensimOptions): EvalOptions => ({
  restrictVocab: o.restrict_vocab ?? 300_000,
  caseInsensitive: o.case_insensitive ?? true,
});
const label = (o: GensimOptions): string => JSON.stringify(o);

function expectSameAnalogies(set: EvalVectors, file: string, golden: GensimAnalogies): void {
  const questions = parseAnalogies(readFileSync(file, 'utf8'), file);
  const result = evaluateAnalogies(set, questions, { ...ours(golden.options), details: true });
  const totalRow = golden.sections.at(-1)!;
  expect(totalRow.name).toBe('Total accuracy');
  expect(result.accuracy).toBe(golden.score);
  expect(result.correct).toBe(totalRow.correct);
  expect(result.total).toBe(totalRow.correct + totalRow.incorrect);
  expect(result.sections.map((s) => [s.name, s.correct, s.total])).toEqual(
    golden.sections.slice(0, -1).map((s) => [s.name, s.correct, s.correct + s.incorrect]),
  );
  // the very questions gensim got right (it lists them upper-cased when case-insensitive)
  const fold = (w: string): string => (golden.options.case_insensitive === false ? w : w.toUpperCase());
  const right = result.questions!.filter((q) => q.correct).map((q) => [q.a, q.b, q.c, q.expected].map(fold).join(' '));
  expect(right).toEqual(golden.sections.slice(0, -1).flatMap((s) => s.correctQuestions));
  // rank 1 exactly when correct (no answer here folds to an input word)
  for (const q of result.questions!) if (q.evaluated) expect(q.rank === 1).toBe(q.correct);
}

function expectSamePairs(set: EvalVectors, file: string, golden: GensimPairs, options: GensimOptions = {}): void {
  const pairs = parseSimilarity(readFileSync(file, 'utf8'), file);
  const result = evaluateSimilarity(set, pairs, ours(options));
  if ('error' in golden) {
    expect(result.pairs).toBe(0);
    expect(result.spearman).toBeNaN();
    return;
  }
  expect(result.spearman).toBeCloseTo(golden.spearman, 9);
  // gensim's cosines are float32 dot products, ours float64 rounded to float32: equal ranks, r within float32 noise
  expect(result.pearson).toBeCloseTo(golden.pearson, 6);
  expect((1 - result.coverage) * 100).toBeCloseTo(golden.oovRatio, 9);
}

describe('golden: 209 seeded random words with planted analogies', () => {
  const golden = json<{ analogies: GensimAnalogies[]; similarity: (GensimPairs & { options: GensimOptions })[] }>(
    evalFixture('golden.json'),
  );
  const set = readWord2VecText(evalFixture('vectors.txt'));

  it.each(golden.analogies.map((g) => [label(g.options), g] as const))('analogies %s', (_, g) => {
    expectSameAnalogies(set, evalFixture('analogies.txt'), g);
  });

  it.each(golden.similarity.map((g) => [label(g.options), g] as const))('similarity %s', (_, g) => {
    expectSamePairs(set, evalFixture('similarity.tsv'), g, g.options);
  });
});

describe('golden: the shared GloVe sample (2,445 words, 50-d)', () => {
  const golden = json<{ analogies: GensimAnalogies[]; similarity: Record<string, GensimPairs> }>(
    evalFixture('golden-glove.json'),
  );
  const set = readWord2VecText(sharedData('vectors/glove-6B-50d-top2445.w2v.txt'));

  it.each(golden.analogies.map((g) => [label(g.options), g] as const))('questions-words.txt %s', (_, g) => {
    expectSameAnalogies(set, sharedData('questions-words.txt'), g);
  });

  it.each(Object.entries(golden.similarity))('%s', (file, g) => {
    expectSamePairs(set, sharedData(file), g);
  });
});
