import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { evaluateSimilarity, parseSimilarity } from '../../../src-main/core/eval/similarity.ts';
import { spearman } from '../../../src-main/core/eval/rank.ts';
import { benchmarkVocab } from '../../../src-main/core/eval/vocab.ts';
import { sharedData } from '../../helpers/paths.ts';
import { vectorSet } from './fixtures.ts';

describe('parseSimilarity', () => {
  it('reads tab- or space-separated pairs and skips comments and blank lines', () => {
    const set = parseSimilarity(
      '\uFEFF# a set\n# Word 1\tWord 2\tScore\ncar\tautomobile\t3.92\r\n\n  gem jewel  3.84 \nx\ty\t-1e-2\n',
      'mc.tsv',
    );
    expect(set.fileName).toBe('mc.tsv');
    expect(set.pairs).toEqual([
      { a: 'car', b: 'automobile', score: 3.92, line: 3 },
      { a: 'gem', b: 'jewel', score: 3.84, line: 5 },
      { a: 'x', b: 'y', score: -0.01, line: 6 },
    ]);
  });

  it('names the file and line of a malformed pair', () => {
    expect(() => parseSimilarity('# c\ncar\tautomobile\n', 'ws.tsv')).toThrow(
      /^ws\.tsv:2: expected "word1<TAB>word2<TAB>score", found 2 fields/,
    );
    expect(() => parseSimilarity('a\tb\t1\nc\td\tseven\n', 'ws.tsv')).toThrow(
      'ws.tsv:2: the score "seven" is not a number',
    );
    expect(() => parseSimilarity('a\tb\t\n', 'ws.tsv')).toThrow(/ws\.tsv:1: expected/);
    expect(() => parseSimilarity('a b c 1\n', 'ws.tsv')).toThrow(/ws\.tsv:1: .*found 4 fields/);
    expect(() => parseSimilarity('a\t\t1\n', 'ws.tsv')).toThrow(/ws\.tsv:1:/);
    try {
      parseSimilarity('a\tb\tx', '/data/ws.tsv');
    } catch (error) {
      expect(error).toMatchObject({ name: 'CorpusInputError', file: '/data/ws.tsv' });
    }
  });

  it.each([
    ['rg65.tsv', 65],
    ['mc30.tsv', 30],
    ['mturk771.tsv', 771],
    ['mturk287.tsv', 287],
    ['rw-stanford.tsv', 2034],
    ['wordsim353.tsv', 353],
    ['wordsim353-sim.tsv', 203],
    ['wordsim353-rel.tsv', 252],
    ['yp130.tsv', 130],
    ['verb143.tsv', 144],
  ])('parses the shared %s: %i pairs', (file, count) => {
    const set = parseSimilarity(readFileSync(sharedData(file), 'utf8'), file);
    expect(set.pairs.length).toBe(count);
    for (const p of set.pairs) expect(Number.isFinite(p.score)).toBe(true);
  });
});

describe('evaluateSimilarity', () => {
  // unit vectors at known angles: cos(a, b) = cos(angle between them)
  const at = (deg: number): number[] => [Math.cos((deg * Math.PI) / 180), Math.sin((deg * Math.PI) / 180)];
  const set = vectorSet([
    ['cat', at(0)],
    ['dog', at(20)],
    ['car', at(80)],
    ['Truck', at(90)],
    ['truck', at(180)], // folds to TRUCK after "Truck": stands for nothing when case-insensitive
    ['mouse', [0, 0]], // a zero vector: cosine 0
    ['rare', at(10)],
  ]);
  const pairs = parseSimilarity(
    [
      'cat\tdog\t9',
      'cat\tcar\t3',
      'dog\tTRUCK\t2',
      'cat\tmouse\t5',
      'cat\tunicorn\t8',
      'Unicorn\tpegasus\t1',
      'cat\trare\t10',
    ].join('\n'),
    'toy.tsv',
  );

  it('scores known pairs by cosine, skips unknown words and correlates as scipy does', () => {
    const result = evaluateSimilarity(set, pairs, { details: true });
    const cos = (deg: number): number => Math.fround(Math.cos((deg * Math.PI) / 180));
    const model = [cos(20), cos(80), cos(70), 0, cos(10)];
    const gold = [9, 3, 2, 5, 10];
    expect(result.pairs).toBe(5);
    expect(result.total).toBe(7);
    expect(result.coverage).toBeCloseTo(5 / 7, 15);
    expect(result.oov).toEqual(['unicorn', 'Unicorn', 'pegasus']);
    // model order: cat-rare > cat-dog > dog-TRUCK > cat-car > cat-mouse, gold order: 10 > 9 > 5 > 3 > 2
    // ranks model (4, 2, 3, 1, 5), gold (4, 2, 1, 3, 5): sum d² = 0 + 0 + 4 + 4 + 0 = 8, rho = 1 - 6·8 / (5·24) = 0.6
    expect(result.spearman).toBeCloseTo(0.6, 15);
    expect(result.spearman).toBeCloseTo(spearman(gold, model), 15);
    // gensim 4.2's evaluate_word_pairs on the same vectors and file: (0.8356228475067524, 0.6, 28.57%)
    expect(result.pearson).toBeCloseTo(0.8356228475067524, 6);
    expect(result.items!.map((i) => i.model === null)).toEqual([false, false, false, false, true, true, false]);
    const scored = result.items!.filter((i) => i.model !== null);
    for (let i = 0; i < 5; i++) expect(scored[i].model).toBeCloseTo(model[i], 6);
    expect(scored[0]).toEqual({ a: 'cat', b: 'dog', line: 1, gold: 9, model: scored[0].model });
  });

  it('uses the first of several words that fold together, or exact case when case-sensitive', () => {
    const sensitive = evaluateSimilarity(set, pairs, { caseInsensitive: false, details: true });
    expect(sensitive.pairs).toBe(4);
    expect(sensitive.oov).toEqual(['TRUCK', 'unicorn', 'Unicorn', 'pegasus']);
    const truck = parseSimilarity('dog\ttruck\t1\ncat\tcar\t2\n', 't.tsv');
    expect(evaluateSimilarity(set, truck, { details: true }).items![0].model).toBeCloseTo(
      Math.cos((70 * Math.PI) / 180),
      6,
    );
    expect(evaluateSimilarity(set, truck, { caseInsensitive: false, details: true }).items![0].model).toBeCloseTo(
      Math.cos((160 * Math.PI) / 180),
      6,
    );
  });

  it('knows only the first restrictVocab words', () => {
    const result = evaluateSimilarity(set, pairs, { restrictVocab: 3 });
    expect(result.pairs).toBe(2); // cat-dog, cat-car
    expect(result.oov).toEqual(['TRUCK', 'mouse', 'unicorn', 'Unicorn', 'pegasus', 'rare']);
    expect(result.spearman).toBe(1);
    expect(() => evaluateSimilarity(set, pairs, { restrictVocab: -1 })).toThrow(RangeError);
  });

  it('gives NaN correlations when nothing can be scored', () => {
    const result = evaluateSimilarity(set, parseSimilarity('x\ty\t1\n', 'none.tsv'));
    expect(result).toMatchObject({ pairs: 0, total: 1, coverage: 0, oov: ['x', 'y'] });
    expect(result.spearman).toBeNaN();
    expect(result.pearson).toBeNaN();
    expect(evaluateSimilarity(set, parseSimilarity('', 'empty.tsv')).coverage).toBe(0);
  });
});

describe('benchmarkVocab', () => {
  it('builds a set’s vocabulary once per restriction and case rule', () => {
    const set = vectorSet([
      ['a', [1, 0]],
      ['A', [0, 1]],
      ['b', [1, 1]],
    ]);
    const vocab = benchmarkVocab(set);
    expect(benchmarkVocab(set, { restrictVocab: 10 })).toBe(vocab); // the same 3 rows
    expect(benchmarkVocab(set, { restrictVocab: 2 })).not.toBe(vocab);
    expect(benchmarkVocab(set, { caseInsensitive: false })).not.toBe(vocab);
    expect([vocab.row('A'), vocab.row('a'), vocab.row('B'), vocab.row('c')]).toEqual([0, 0, 2, -1]);
    expect([...vocab.keyRow]).toEqual([0, 0, 2]);
    expect(benchmarkVocab(set, { caseInsensitive: false }).row('A')).toBe(1);
    expect(() => benchmarkVocab(set, { restrictVocab: 1.5 })).toThrow(RangeError);
  });
});
