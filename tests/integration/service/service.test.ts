import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { existsSync, readdirSync } from 'node:fs';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { dataDirFor } from '../../../src-main/service/paths.ts';
import { killAndWait, spawnTs, waitForLine } from '../../helpers/child.ts';
import { tempDir } from '../../helpers/paths.ts';

describe('the service, end to end on disk', () => {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'lab.sqlite');
  let lab: LabService;

  beforeAll(async () => {
    lab = await createService({ dbPath, host: 'cli' });
  });
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  it('ships lecture-coordinates, answering king − man + woman both ways', async () => {
    const runs = await lab.handlers.listRuns({});
    expect(runs.find((r) => r.name === 'lecture-coordinates')).toMatchObject({
      method: 'builtin',
      status: 'done',
      dim: 3,
      vocabSize: 8,
    });
    const a = await lab.handlers.analogy({ run: 'lecture-coordinates', a: 'king', b: 'man', c: 'woman', k: 3 });
    expect(a.results.map((r) => r.word)).toEqual(['princess', 'queen', 'girl']);
    expect(a.results[0].score).toBeCloseTo(0.986, 3);
    expect(a.results[1].score).toBeCloseTo(0.981, 3);
    expect(a.raw[0].word).toBe('queen');
    expect(a.raw[0].score).toBeCloseTo(0.998, 3);
    expect(a.rawVector).toEqual([9, 8, 8]);
  });

  it('imports the demo corpus as a job and lists it', async () => {
    const { jobId } = await lab.handlers.importCorpus({ name: 'demo', source: { kind: 'demo' }, lowercase: true });
    const job = await lab.waitForJob(jobId);
    expect(job).toMatchObject({ status: 'done', kind: 'import' });
    const [corpus] = await lab.handlers.listCorpora({});
    expect(corpus).toMatchObject({ name: 'demo', files: 1, sentences: 680, lowercase: true });
    expect(corpus.tokens).toBeGreaterThan(27000);
    const vocab = await lab.handlers.corpusVocab({ corpus: 'demo', limit: 3 });
    expect(vocab.entries[0]).toEqual({ word: 'the', count: expect.any(Number) });
    expect(vocab.countsAtLeast[0]).toEqual({ minCount: 1, words: corpus.vocabSize, tokens: corpus.tokens });
  });

  it('refuses a second corpus of the same name before any work', async () => {
    await expect(
      lab.handlers.importCorpus({ name: 'demo', source: { kind: 'demo' }, lowercase: true }),
    ).rejects.toThrow(/a corpus named "demo" already exists/);
  });

  it('trains skip-gram, streaming progress, and stores vectors that answer queries', async () => {
    const statuses: string[] = [];
    const off = lab.on('job', ({ job }) => statuses.push(job.status));
    const { jobId, run } = await lab.handlers.train({
      corpus: 'demo',
      name: 'demo-sg',
      method: 'sgns',
      params: { dim: 20, epochs: 2, minCount: 2, threads: 2 },
    });
    const job = await lab.waitForJob(jobId);
    off();
    expect(job.status).toBe('done');
    expect(statuses).toContain('running');
    const info = (await lab.handlers.listRuns({})).find((r) => r.name === run)!;
    expect(info).toMatchObject({ status: 'done', dim: 20, method: 'sgns', corpus: 'demo' });
    expect(info.params).toMatchObject({ dim: 20, epochs: 2, minCount: 2, window: 5 });
    const { results } = await lab.handlers.neighbors({ run, word: 'congress', k: 5 });
    expect(results).toHaveLength(5);
    expect(results.map((r) => r.word)).not.toContain('congress');
    const p = await lab.handlers.project({
      run,
      method: 'pca',
      dims: 3,
      words: 100,
      neighbors: 15,
      minDist: 0.1,
      metric: 'cosine',
      seed: 1,
    });
    expect(p.coords).toBeInstanceOf(Float32Array);
    expect(p.coords.length).toBe(300);
    await expect(lab.handlers.neighbors({ run, word: 'zzzqx', k: 5 })).rejects.toThrow(/unknown word: "zzzqx"/);
  });

  it('refuses out-of-range parameters before any work starts', async () => {
    await expect(
      lab.handlers.train({ corpus: 'demo', name: 'huge-min', method: 'sgns', params: { minCount: 10_000_000 } }),
    ).rejects.toThrow(/min-count 10000000 is larger than the count of every word \(most frequent: "the"/);
    expect((await lab.handlers.listRuns({})).map((r) => r.name)).not.toContain('huge-min');
  });

  it('cancels a training run and marks it cancelled', async () => {
    const { jobId, run } = await lab.handlers.train({
      corpus: 'demo',
      name: 'to-cancel',
      method: 'sgns',
      params: { dim: 50, epochs: 500, minCount: 1, threads: 1 },
    });
    await new Promise<void>((resolve) => {
      const off = lab.on('job', ({ job }) => {
        if (job.id === jobId && job.status === 'running') {
          off();
          resolve();
        }
      });
    });
    const asked = Date.now();
    await lab.handlers.cancelJob({ jobId });
    expect((await lab.waitForJob(jobId)).status).toBe('cancelled');
    expect(Date.now() - asked).toBeLessThan(1500);
    expect((await lab.handlers.listRuns({})).find((r) => r.name === run)?.status).toBe('cancelled');
  });

  it('a failed import leaves no corpus and no file behind', async () => {
    const { jobId } = await lab.importPaths({ name: 'missing', paths: [join(tmp.dir, 'nope.txt')], lowercase: true });
    const job = await lab.waitForJob(jobId);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/nope\.txt/);
    expect((await lab.handlers.listCorpora({})).map((c) => c.name)).toEqual(['demo']);
    const files = readdirSync(join(dataDirFor(dbPath), 'corpora'));
    expect(files.filter((f) => !f.endsWith('.tok'))).toEqual([]);
    expect(files).toHaveLength(1);
  });
});

describe('deleting a corpus', () => {
  it('removes its row, vocabulary and token file', async () => {
    const tmp = tempDir();
    const dbPath = join(tmp.dir, 'lab.sqlite');
    const lab = await createService({ dbPath, host: 'cli' });
    try {
      await lab.waitForJob(
        (await lab.handlers.importCorpus({ name: 'd', source: { kind: 'demo' }, lowercase: true })).jobId,
      );
      const dir = join(dataDirFor(dbPath), 'corpora');
      expect(readdirSync(dir)).toHaveLength(1);
      expect(await lab.handlers.deleteCorpus({ corpus: 'd' })).toEqual({ deleted: true });
      expect(readdirSync(dir)).toEqual([]);
      expect(await lab.handlers.listCorpora({})).toEqual([]);
      expect(await lab.handlers.deleteCorpus({ corpus: 'd' })).toEqual({ deleted: false });
    } finally {
      await lab.close();
      tmp.cleanup();
    }
  });
});

describe('a process killed while training', () => {
  it('leaves its run interrupted at the next start', async () => {
    const tmp = tempDir();
    const dbPath = join(tmp.dir, 'lab.sqlite');
    const child = spawnTs('tests/helpers/train-then-die.ts', [dbPath]);
    await waitForLine(child, /^training$/);
    await killAndWait(child);
    const started = Date.now();
    const lab = await createService({ dbPath, host: 'cli' });
    const run = (await lab.handlers.listRuns({})).find((r) => r.name === 'long');
    expect(run?.status).toBe('interrupted');
    expect(Date.now() - started).toBeLessThan(3000);
    expect((await lab.handlers.listJobs({})).find((j) => j.target === 'long')?.status).toBe('interrupted');
    expect(existsSync(join(dataDirFor(dbPath), 'locks'))).toBe(true);
    expect(readdirSync(join(dataDirFor(dbPath), 'locks'))).toEqual([]);
    await lab.close();
    tmp.cleanup();
  });
});
