// compare, startCompare, stability, align, neighborsAcross and analogyQuestions
// on the real service: SQLite on disk, two small skip-gram runs of the demo
// corpus that differ only in their seed, and the built-in lecture run.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import type { AnalogyQuestionRow, CompareScore, JobInfo } from '../../../src-preload/contract.ts';
import { tempDir } from '../../helpers/paths.ts';

const lecture = 'lecture-coordinates';

describe('comparing runs on the real service', () => {
  const tmp = tempDir('embedlab-compare-');
  let lab: LabService;

  beforeAll(async () => {
    lab = await createService({ dbPath: join(tmp.dir, 'lab.sqlite'), host: 'cli' });
    const { jobId } = await lab.handlers.importCorpus({ name: 'demo', source: { kind: 'demo' }, lowercase: true });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    for (const seed of [1, 2]) {
      const params = { dim: 16, epochs: 2, threads: 1, seed, minCount: 3 };
      const started = await lab.handlers.train({ corpus: 'demo', name: `seed${seed}`, method: 'sgns', params });
      expect((await lab.waitForJob(started.jobId)).status).toBe('done');
    }
  }, 120_000);
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  it('compare: the same numbers as evaluate, for every built-in set, reused the second time', async () => {
    const sets = await lab.handlers.evalSets({});
    const report = await lab.handlers.evaluate({ run: 'seed1', restrictVocab: 300_000 });
    const table = await lab.handlers.compare({ runs: ['seed1', 'seed2'], restrictVocab: 300_000 });
    expect(table.runs).toEqual(['seed1', 'seed2']);
    expect(table.scores).toHaveLength(2 * (sets.analogies.length + sets.similarity.length));
    const mine = (run: string, file: string): CompareScore =>
      table.scores.find((s) => s.run === run && s.file === file)!;
    for (const a of report.analogies) {
      expect(mine('seed1', a.file)).toMatchObject({
        kind: 'analogy',
        metric: 'accuracy',
        value: a.accuracy,
        coverage: a.coverage,
        evaluated: a.total,
        sections: a.sections,
      });
    }
    for (const s of report.similarity) {
      expect(mine('seed1', s.file)).toMatchObject({
        kind: 'similarity',
        metric: 'spearman',
        value: s.spearman,
        coverage: s.coverage,
        evaluated: s.pairs,
        pearson: s.pearson,
      });
    }
    // seed2 had no stored scores: compare evaluated it, and evaluate agrees
    const second = await lab.handlers.evaluate({
      run: 'seed2',
      similarity: ['wordsim353.tsv'],
      analogies: [],
      restrictVocab: 300_000,
    });
    expect(mine('seed2', 'wordsim353.tsv').value).toBe(second.similarity[0].spearman);
    // nothing left to evaluate: no job, and the stored scores come back as they were
    expect(await lab.handlers.startCompare({ runs: ['seed1', 'seed2'], restrictVocab: 300_000 })).toEqual({
      jobId: null,
    });
    const again = await lab.handlers.compare({ runs: ['seed1', 'seed2'], restrictVocab: 300_000 });
    const qw = (t: typeof table) => t.scores.find((s) => s.run === 'seed1' && s.file === 'questions-words.txt')!;
    expect(qw(again).evaluatedAt).toBe(qw(table).evaluatedAt);
    expect(again.scores.map((s) => s.value)).toEqual(table.scores.map((s) => s.value));
  }, 120_000);

  it('startCompare: a job with progress by files; another restrictVocab is evaluated anew', async () => {
    const events: JobInfo[] = [];
    const off = lab.on('job', ({ job }) => events.push(job));
    const args = { runs: ['seed1'], analogies: ['questions-words.txt'], similarity: ['rg65.tsv'], restrictVocab: 500 };
    const { jobId } = await lab.handlers.startCompare(args);
    expect(jobId).not.toBeNull();
    const job = await lab.waitForJob(jobId!);
    off();
    expect(job).toMatchObject({ kind: 'evaluate', status: 'done' });
    const last = events.filter((e) => e.id === jobId && e.progress).at(-1)!;
    expect(last.progress).toMatchObject({ done: 2, total: 2, unit: 'files' });
    const table = await lab.handlers.compare(args);
    expect(table.scores.map((s) => [s.file, s.evaluatedAt <= new Date().toISOString()])).toEqual([
      ['questions-words.txt', true],
      ['rg65.tsv', true],
    ]);
    expect(await lab.handlers.startCompare(args)).toEqual({ jobId: null });
  }, 60_000);

  it('startCompare can be cancelled between files', async () => {
    const args = { runs: ['seed1', 'seed2'], restrictVocab: 400 };
    const { jobId } = await lab.handlers.startCompare(args);
    expect(await lab.handlers.cancelJob({ jobId: jobId! })).toEqual({ cancelled: true });
    expect((await lab.waitForJob(jobId!)).status).toBe('cancelled');
    // what was not evaluated still is missing
    const again = await lab.handlers.startCompare(args);
    expect(again.jobId).not.toBeNull();
    await lab.handlers.cancelJob({ jobId: again.jobId! });
    await lab.waitForJob(again.jobId!);
  });

  it('a run trained further is evaluated again: its stored scores are of old vectors', async () => {
    const args = { runs: ['seed2'], analogies: [], similarity: ['rg65.tsv'], restrictVocab: 300_000 };
    const before = await lab.handlers.compare(args);
    expect(await lab.handlers.startCompare(args)).toEqual({ jobId: null });
    const { jobId } = await lab.handlers.continueRun({ run: 'seed2', epochs: 1 });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    const stale = await lab.handlers.startCompare(args);
    expect(stale.jobId).not.toBeNull();
    expect((await lab.waitForJob(stale.jobId!)).status).toBe('done');
    const after = await lab.handlers.compare(args);
    expect(after.scores[0].evaluatedAt > before.scores[0].evaluatedAt).toBe(true);
  }, 60_000);

  it('stability: a run with itself agrees fully; two seeds less, with the spread of their scores', async () => {
    const self = await lab.handlers.stability({ runs: ['seed1', 'seed1'], k: 5, words: 50 });
    expect(self).toMatchObject({ jaccard: 1, words: 50, k: 5 });
    expect(self.rbo).toBeCloseTo(1, 12);
    const r = await lab.handlers.stability({ runs: ['seed1', 'seed2'], k: 10, words: 200 });
    expect(r.perWord).toHaveLength(200);
    expect(r.jaccard).toBeGreaterThan(0);
    expect(r.jaccard).toBeLessThan(1);
    const mean = r.perWord.reduce((s, w) => s + w.jaccard, 0) / r.perWord.length;
    expect(r.jaccard).toBeCloseTo(mean, 12);
    expect(r.pairs).toEqual([{ a: 'seed1', b: 'seed2', jaccard: r.jaccard, rbo: r.rbo }]);
    // both runs were evaluated on every built-in set above
    const ws = r.scores.find((s) => s.file === 'wordsim353.tsv')!;
    expect(ws).toMatchObject({ metric: 'spearman', runs: 2 });
    expect(ws.max - ws.min).toBeCloseTo(Math.sqrt(2) * ws.sd, 12);
  });

  it('align: a run with itself has residual ≈ 0; two seeds are rotated into one space', async () => {
    const self = await lab.handlers.align({ a: 'seed1', b: 'seed1', words: 10_000, mapWords: 20, top: 5 });
    expect(self.residual).toBeLessThan(1e-9);
    expect(self.moved.every((m) => m.distance < 1e-9)).toBe(true);
    // the same points twice: one PCA basis for both sets
    self.map.a.forEach((x, i) => expect(Math.abs(x - self.map.b[i])).toBeLessThan(1e-5));
    const r = await lab.handlers.align({ a: 'seed1', b: 'seed2', words: 10_000, mapWords: 30, top: 10 });
    expect(r.shared).toBe((await lab.handlers.listRuns({})).find((x) => x.name === 'seed1')!.vocabSize);
    expect(r.moved).toHaveLength(10);
    expect(r.residual).toBeGreaterThan(0);
    expect(r.map.words).toHaveLength(30);
    expect(r.map.a).toBeInstanceOf(Float32Array);
    expect(r.map.a).toHaveLength(90);
    expect(r.map.b).toHaveLength(90);
    await expect(lab.handlers.align({ a: lecture, b: 'seed1', words: 10, mapWords: 5, top: 5 })).rejects.toThrow(
      /3 dimensions, the second 16/,
    );
  });

  it('neighborsAcross: each run’s own top k, with the pairwise overlap', async () => {
    const r = await lab.handlers.neighborsAcross({ runs: ['seed1', 'seed2', lecture], word: 'the', k: 5 });
    expect(r.columns.map((c) => [c.run, c.known, c.neighbors.length])).toEqual([
      ['seed1', true, 5],
      ['seed2', true, 5],
      [lecture, false, 0],
    ]);
    const n1 = await lab.handlers.neighbors({ run: 'seed1', word: 'the', k: 5 });
    expect(r.columns[0].neighbors).toEqual(n1.results);
    expect(r.pairs).toHaveLength(1);
    const common = r.columns[0].neighbors
      .map((n) => n.word)
      .filter((w) => r.columns[1].neighbors.some((n) => n.word === w));
    expect(r.common).toEqual(common);
    expect(r.pairs[0].jaccard).toBeCloseTo(common.length / (10 - common.length), 12);
    await expect(lab.handlers.neighborsAcross({ runs: [lecture], word: 'xyzzy', k: 5 })).rejects.toThrow(/xyzzy/);
  });

  it('analogyQuestions: every question with its rank and answers, filtered to failures or a section', async () => {
    const file = join(tmp.dir, 'royal.txt');
    writeFileSync(
      file,
      [
        ': royal',
        'man woman king queen',
        'boy girl prince princess',
        'king queen man woman',
        ': unknown',
        'king queen xyzzy foo',
        '',
      ].join('\n'),
    );
    const report = await lab.evaluateFiles(lecture, { analogies: [file], similarity: [], restrictVocab: 300_000 });
    const page = await lab.handlers.analogyQuestions({
      run: lecture,
      file: 'royal.txt',
      failuresOnly: false,
      offset: 0,
      limit: 100,
    });
    expect(page.sections).toEqual(['royal', 'unknown']);
    expect(page.total).toBe(4);
    expect(page.questions.filter((q) => q.correct)).toHaveLength(report.analogies[0].correct);
    for (const q of page.questions.filter((x) => x.evaluated)) {
      expect(q.rank! >= 1).toBe(true);
      expect(q.correct).toBe(q.rank === 1);
      expect(q.predicted).toBe(q.top[0].word);
      expect(q.top.map((t) => t.word)).not.toContain(q.a);
    }
    expect(page.questions[3]).toMatchObject({
      index: 3,
      section: 'unknown',
      line: 6,
      evaluated: false,
      rank: null,
      top: [],
    });
    const failures = await lab.handlers.analogyQuestions({
      run: lecture,
      file: 'royal.txt',
      failuresOnly: true,
      offset: 0,
      limit: 100,
    });
    expect(failures.total).toBe(report.analogies[0].total - report.analogies[0].correct);
    expect(failures.questions.every((q) => q.evaluated && !q.correct)).toBe(true);
    const section = await lab.handlers.analogyQuestions({
      run: lecture,
      file: 'royal.txt',
      section: 'unknown',
      failuresOnly: false,
      offset: 0,
      limit: 1,
    });
    expect(section).toMatchObject({ total: 1, offset: 0 });
    await expect(
      lab.handlers.analogyQuestions({
        run: lecture,
        file: 'royal.txt',
        section: 'nope',
        failuresOnly: false,
        offset: 0,
        limit: 1,
      }),
    ).rejects.toThrow(/no section "nope"/);
    await expect(
      lab.handlers.analogyQuestions({ run: 'seed1', file: 'royal.txt', failuresOnly: false, offset: 0, limit: 1 }),
    ).rejects.toThrow(/evaluate it first/);
    // the Google set: paging through the stored questions of a real evaluation (the newest: restrictVocab 500)
    const all: AnalogyQuestionRow[] = [];
    for (let offset = 0; ; offset += 1000) {
      const page = await lab.handlers.analogyQuestions({
        run: 'seed1',
        file: 'questions-words.txt',
        failuresOnly: false,
        offset,
        limit: 1000,
      });
      expect(page.total).toBe(19_544);
      all.push(...page.questions);
      if (page.questions.length < 1000) break;
    }
    expect(all.map((q) => q.index)).toEqual(all.map((_, i) => i));
    const failed = all.filter((q) => q.evaluated && !q.correct);
    const google = await lab.handlers.analogyQuestions({
      run: 'seed1',
      file: 'questions-words.txt',
      failuresOnly: true,
      offset: 1,
      limit: 2,
    });
    expect(google.questions).toEqual(failed.slice(1, 3));
    expect(google.questions.every((q) => q.rank! > 1 && q.top.length === 5)).toBe(true);
  });
});
