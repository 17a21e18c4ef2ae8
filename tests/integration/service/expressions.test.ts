// Arithmetic, similarity and the concordance through the real service: SQLite,
// an imported corpus on disk, runs trained on it.
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { tempDir } from '../../helpers/paths.ts';

const lecture = 'lecture-coordinates';
const corpusText = [
  'The king spoke to the queen in the hall.',
  'The queen answered the king.',
  'A man and a woman walked to the hall.',
  'The man saw the King again, and the woman saw the queen.',
].join('\n');

describe('arithmetic and similarity through the service', () => {
  const tmp = tempDir();
  let lab: LabService;

  beforeAll(async () => {
    lab = await createService({ dbPath: join(tmp.dir, 'lab.sqlite'), host: 'cli' });
  });
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  it('expression: king − man + woman is queen as written, princess by 3CosMul, on the built-in run', async () => {
    const r = await lab.handlers.expression({ run: lecture, expr: 'king - man + woman', k: 3, normalize: false });
    expect(r.results[0]).toEqual({ word: 'queen', score: expect.closeTo(0.998, 3) });
    expect(r.mul[0].word).toBe('princess');
    expect(r.terms).toEqual([
      { word: 'king', weight: 1 },
      { word: 'man', weight: -1 },
      { word: 'woman', weight: 1 },
    ]);
    const unit = await lab.handlers.expression({ run: lecture, expr: 'king - man + woman', k: 3, normalize: true });
    const add = await lab.handlers.analogy({ run: lecture, a: 'king', b: 'man', c: 'woman', k: 3 });
    expect(unit.results.map((s) => s.word)).toEqual(add.results.map((s) => s.word));
    const weighted = await lab.handlers.expression({
      run: lecture,
      expr: '0.5*king + 0.5*queen',
      k: 3,
      normalize: false,
    });
    expect(weighted.mul).toEqual([]);
    await expect(
      lab.handlers.expression({ run: lecture, expr: 'king - xyzzy', k: 3, normalize: false }),
    ).rejects.toMatchObject({ name: 'UnknownWordError', message: 'unknown word: "xyzzy" (column 8)' });
    await expect(
      lab.handlers.expression({ run: lecture, expr: 'king queen', k: 3, normalize: false }),
    ).rejects.toMatchObject({ name: 'ParamError', message: expect.stringMatching(/column 6/) });
  });

  it('oddOneOut, similarityMatrix and sentenceSimilarity on the built-in run', async () => {
    const odd = await lab.handlers.oddOneOut({ run: lecture, words: ['king', 'queen', 'prince', 'girl'] });
    expect(odd.scores.map((s) => s.word)).toEqual(['king', 'queen', 'prince', 'girl']);
    expect(odd.word).toBe(odd.scores.reduce((a, b) => (b.score < a.score ? b : a)).word);
    await expect(lab.handlers.oddOneOut({ run: lecture, words: ['king', 'queen', 'xyzzy'] })).rejects.toMatchObject({
      name: 'UnknownWordError',
    });

    const m = await lab.handlers.similarityMatrix({ run: lecture, words: ['king', 'xyzzy', 'queen'] });
    expect(m.words).toEqual(['king', 'queen']);
    expect(m.unknown).toEqual(['xyzzy']);
    expect(m.matrix).toBeInstanceOf(Float32Array);
    const { score } = await lab.handlers.similarity({ run: lecture, a: 'king', b: 'queen' });
    expect(Array.from(m.matrix)).toEqual([1, score, score, 1].map((x) => expect.closeTo(x, 6)));

    const s = await lab.handlers.sentenceSimilarity({
      run: lecture,
      a: 'The King and the Queen!',
      b: 'a prince, a princess',
    });
    expect(s.words).toEqual({ a: ['king', 'queen'], b: ['prince', 'princess'] });
    expect(s.unknown).toEqual(['the', 'and', 'a']);
    // means: (king + queen)/2 = [5, 7.5, 8], (prince + princess)/2 = [5, 2, 8]
    const dot = 25 + 15 + 64;
    expect(s.score).toBeCloseTo(dot / Math.sqrt((25 + 56.25 + 64) * (25 + 4 + 64)), 6);
    await expect(lab.handlers.sentenceSimilarity({ run: lecture, a: 'the hall', b: 'king' })).rejects.toThrow(
      /no word of the first sentence is in the vocabulary of run "lecture-coordinates": "the", "hall"/,
    );
    await expect(lab.handlers.sentenceSimilarity({ run: lecture, a: 'king', b: '?!' })).rejects.toThrow(
      /the second sentence has no words/,
    );
  });

  describe('on a corpus of its own', () => {
    beforeAll(async () => {
      const file = join(tmp.dir, 'hall.txt');
      writeFileSync(file, corpusText);
      const imported = await lab.importPaths({ name: 'hall', paths: [file], lowercase: true });
      expect((await lab.waitForJob(imported.jobId)).status).toBe('done');
      const params = { dim: 8, epochs: 1, threads: 1, minCount: 2, sample: 0.01 };
      for (const method of ['sgns', 'fasttext'] as const) {
        const extra = method === 'fasttext' ? { bucket: 1000, minn: 3, maxn: 4 } : {};
        const { jobId } = await lab.handlers.train({
          corpus: 'hall',
          name: method,
          method,
          params: { ...params, ...extra },
        });
        expect((await lab.waitForJob(jobId)).status).toBe('done');
      }
    });

    it('kwic: the first n lines, context cut at sentence ends, the word as the corpus spells it', async () => {
      const c = await lab.handlers.kwic({ run: 'sgns', word: 'King', n: 20, width: 3 });
      expect(c).toMatchObject({ word: 'king', corpus: 'hall', count: 3, sample: 0.01 });
      expect(c.lines).toEqual([
        { left: 'the', word: 'king', right: 'spoke to the' },
        { left: 'queen answered the', word: 'king', right: '' },
        { left: 'man saw the', word: 'king', right: 'again and the' },
      ]);
      const two = await lab.handlers.kwic({ run: 'sgns', word: 'the', n: 2, width: 1 });
      expect(two.lines).toEqual([
        { left: '', word: 'the', right: 'king' },
        { left: 'to', word: 'the', right: 'queen' },
      ]);
    });

    it('kwic: the keep probability is word2vec.c’s for the run’s sample, fastText’s for fasttext', async () => {
      // kept words (count ≥ 2) and their tokens: the 10, king 3, queen 3, hall 2, to 2, a 2, man 2, and 2, woman 2, saw 2
      const kept = 10 + 3 + 3 + 2 * 7;
      const threshold = 0.01 * kept;
      const c = await lab.handlers.kwic({ run: 'sgns', word: 'the', n: 1, width: 1 });
      expect(c.count).toBe(10);
      expect(c.keepProbability).toBeCloseTo((Math.sqrt(10 / threshold) + 1) * (threshold / 10), 12);
      // fastText: frequency over every corpus token
      const tokens = corpusText.toLowerCase().match(/[a-z]+/g)!.length;
      const ratio = 0.01 / (10 / tokens);
      const ft = await lab.handlers.kwic({ run: 'fasttext', word: 'the', n: 1, width: 1 });
      expect(ft.keepProbability).toBeCloseTo(Math.sqrt(ratio) + ratio, 12);
      // below min-count: in the corpus, never trained on
      const rare = await lab.handlers.kwic({ run: 'sgns', word: 'spoke', n: 5, width: 2 });
      expect(rare).toMatchObject({ count: 1, keepProbability: null });
      expect(rare.lines).toEqual([{ left: 'the king', word: 'spoke', right: 'to the' }]);
    });

    it('kwic: clear errors for a word not in the corpus and a run without one', async () => {
      await expect(lab.handlers.kwic({ run: 'sgns', word: 'xyzzy', n: 5, width: 2 })).rejects.toMatchObject({
        name: 'UnknownWordError',
        message: 'unknown word: "xyzzy" (not in corpus "hall")',
      });
      await expect(lab.handlers.kwic({ run: lecture, word: 'king', n: 5, width: 2 })).rejects.toMatchObject({
        name: 'ParamError',
        message: expect.stringMatching(/not trained on a corpus/),
      });
    });

    it('expression on a fasttext run takes words it never saw, from their n-grams', async () => {
      const set = await lab.handlers.expression({
        run: 'fasttext',
        expr: 'kings - man + woman',
        k: 3,
        normalize: false,
      });
      expect(set.results).toHaveLength(3);
      expect(set.mul).toHaveLength(3);
      await expect(
        lab.handlers.expression({ run: 'sgns', expr: 'kings - man + woman', k: 3, normalize: false }),
      ).rejects.toThrow('unknown word: "kings" (column 1)');
    });

    it('kwic: says so when the corpus was deleted, or its token file is gone', async () => {
      const file = join(tmp.dir, 'gone.txt');
      writeFileSync(file, corpusText);
      const folder = join(`${lab.dbPath}-data`, 'corpora');
      const before = new Set(readdirSync(folder));
      const imported = await lab.importPaths({ name: 'gone', paths: [file], lowercase: true });
      expect((await lab.waitForJob(imported.jobId)).status).toBe('done');
      const { jobId } = await lab.handlers.train({
        corpus: 'gone',
        name: 'orphan',
        method: 'sgns',
        params: { dim: 4, epochs: 1, threads: 1, minCount: 1 },
      });
      expect((await lab.waitForJob(jobId)).status).toBe('done');
      expect((await lab.handlers.kwic({ run: 'orphan', word: 'king', n: 5, width: 2 })).lines).toHaveLength(3);

      const [tokenFile] = readdirSync(folder).filter((f) => !before.has(f));
      rmSync(join(folder, tokenFile));
      await expect(lab.handlers.kwic({ run: 'orphan', word: 'king', n: 5, width: 2 })).rejects.toMatchObject({
        name: 'NotFoundError',
        message: expect.stringMatching(/^the token file of corpus "gone" is missing: /),
      });

      expect((await lab.handlers.deleteCorpus({ corpus: 'gone' })).deleted).toBe(true);
      await expect(lab.handlers.kwic({ run: 'orphan', word: 'king', n: 5, width: 2 })).rejects.toMatchObject({
        name: 'NotFoundError',
        message: 'the corpus "gone" that run "orphan" was trained on has been deleted, so there is no concordance',
      });
      // the vectors still answer
      expect((await lab.handlers.neighbors({ run: 'orphan', word: 'king', k: 2 })).results).toHaveLength(2);
    });
  });
});
