import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { tempDir } from '../../helpers/paths.ts';

describe('GloVe and evaluation through the service', () => {
  const tmp = tempDir();
  let lab: LabService;

  beforeAll(async () => {
    lab = await createService({ dbPath: join(tmp.dir, 'lab.sqlite'), host: 'cli' });
    const { jobId } = await lab.handlers.importCorpus({ name: 'demo', source: { kind: 'demo' }, lowercase: true });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
  });
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  it('trains GloVe with its own defaults overlaid by what was given', async () => {
    const { jobId, run } = await lab.handlers.train({
      corpus: 'demo',
      name: 'g',
      method: 'glove',
      params: { dim: 10, epochs: 2, window: 5, minCount: 3 },
    });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    const info = (await lab.handlers.listRuns({})).find((r) => r.name === run)!;
    expect(info).toMatchObject({ method: 'glove', status: 'done', dim: 10 });
    // GloVe's demo.sh defaults where nothing was given; no word2vec-only knobs
    expect(info.params).toMatchObject({ xMax: 10, alpha: 0.75, eta: 0.05, model: 'sum', epochs: 2, window: 5 });
    expect(info.params).not.toHaveProperty('negative');
    // the phases a GloVe run reports, stored with it
    expect(info.timings).toMatchObject({
      cooccur: expect.any(Number),
      shuffle: expect.any(Number),
      train: expect.any(Number),
      training: expect.any(Number),
    });
    expect(info.timings!.nonZero).toBeGreaterThan(1000);
    expect((await lab.handlers.neighbors({ run, word: 'government', k: 3 })).results).toHaveLength(3);
  });

  it('answers neighbours and similarity for a word a fasttext run never saw, from its n-grams', async () => {
    const { jobId, run } = await lab.handlers.train({
      corpus: 'demo',
      name: 'ft',
      method: 'fasttext',
      params: { dim: 16, epochs: 2, minCount: 2, bucket: 50_000 },
    });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    const info = (await lab.handlers.listRuns({})).find((r) => r.name === run)!;
    // the fastText CLI's defaults where nothing was given
    expect(info.params).toMatchObject({ alpha: 0.05, minn: 3, maxn: 6, sample: 1e-4, bucket: 50_000 });
    const vocab = (await lab.handlers.completeWord({ run, prefix: 'governmentall', limit: 5 })).words;
    expect(vocab).toEqual([]); // truly unseen
    const { results } = await lab.handlers.neighbors({ run, word: 'governmentally', k: 5 });
    expect(results).toHaveLength(5);
    const { score } = await lab.handlers.similarity({ run, a: 'governmentally', b: 'government' });
    expect(score).toBeGreaterThan(0.3);
    await expect(lab.handlers.neighbors({ run: 'g', word: 'governmentally', k: 5 })).rejects.toThrow(
      /unknown word: "governmentally"/,
    );

    // training more epochs starts from its words' and n-grams' rows and keeps answering unseen words
    const more = await lab.handlers.continueRun({ run, epochs: 1 });
    expect((await lab.waitForJob(more.jobId)).status).toBe('done');
    const again = await lab.handlers.similarity({ run: more.run, a: 'governmentally', b: 'government' });
    expect(again.score).toBeGreaterThan(0.3);
    expect(Math.abs(again.score - score)).toBeLessThan(0.3);
  });

  it('evaluates on built-in sets, stores the scores, and reads them back', async () => {
    const sets = await lab.handlers.evalSets({});
    expect(sets.analogies).toEqual(['questions-words.txt']);
    expect(sets.similarity).toContain('wordsim353.tsv');
    const report = await lab.handlers.evaluate({
      run: 'g',
      similarity: ['wordsim353.tsv', 'rg65.tsv'],
      restrictVocab: 300000,
    });
    expect(report.analogies).toHaveLength(1);
    const [qw] = report.analogies;
    expect(qw.file).toBe('questions-words.txt');
    expect(qw.sections).toHaveLength(14);
    expect(qw.total).toBe(qw.sections.reduce((n, s) => n + s.total, 0));
    expect(qw.coverage).toBeCloseTo(qw.total / 19544, 10);
    expect(report.similarity.map((s) => s.file)).toEqual(['wordsim353.tsv', 'rg65.tsv']);
    const stored = await lab.handlers.evaluations({ run: 'g' });
    expect(stored.analogies).toEqual([expect.objectContaining({ file: 'questions-words.txt', correct: qw.correct })]);
    expect(stored.similarity.map((s) => s.file).sort()).toEqual(['rg65.tsv', 'wordsim353.tsv']);
  });

  it('refuses a set name that is not built in, and a user file it cannot parse, naming the line', async () => {
    await expect(lab.handlers.evaluate({ run: 'g', similarity: ['nope.tsv'], restrictVocab: 10 })).rejects.toThrow(
      /no built-in similarity set named "nope.tsv"/,
    );
    const bad = join(tmp.dir, 'bad.tsv');
    writeFileSync(bad, '# header\nking queen 8.5\nking\n');
    await expect(lab.evaluateFiles('g', { analogies: [], similarity: [bad], restrictVocab: 10 })).rejects.toThrow(
      /bad\.tsv:3/,
    );
  });
});
