// Evaluation in a worker thread, on the real service (SQLite on disk): the
// `evaluate` request reports and stores what scoring in this thread gives; a
// compare job over a large synthetic analogy file reports progress within the
// file, is cancelled in the middle of it (the files done before stay stored),
// and other requests are answered while an evaluation runs.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import { readVectors } from '../../../src-main/core/store/vectors.ts';
import { evaluateAnalogies, parseAnalogies } from '../../../src-main/core/eval/analogies.ts';
import { evaluateSimilarity, parseSimilarity } from '../../../src-main/core/eval/similarity.ts';
import type { EvalVectors } from '../../../src-main/core/eval/vocab.ts';
import type { AnalogyEval, JobInfo, SimilarityEval } from '../../../src-preload/contract.ts';
import { repoRoot, tempDir } from '../../helpers/paths.ts';

function storedVectors(dbPath: string, run: string): EvalVectors {
  const db = openDatabase(dbPath);
  try {
    const info = db.prepare('SELECT id, dim FROM runs WHERE name = ?').get(run) as { id: number; dim: number };
    return readVectors(db, info.id, info.dim);
  } finally {
    db.close();
  }
}

describe('evaluate through the service: the numbers of scoring in this thread', () => {
  const tmp = tempDir('embedlab-eval-worker-');
  const dbPath = join(tmp.dir, 'lab.sqlite');
  const evalDir = join(repoRoot, 'resources', 'eval');
  let lab: LabService;

  beforeAll(async () => {
    lab = await createService({ dbPath, host: 'cli' });
    const { jobId } = await lab.handlers.importCorpus({ name: 'demo', source: { kind: 'demo' }, lowercase: true });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    const params = { dim: 16, epochs: 2, threads: 1, seed: 1, minCount: 3 };
    const started = await lab.handlers.train({ corpus: 'demo', name: 'sg', method: 'sgns', params });
    expect((await lab.waitForJob(started.jobId)).status).toBe('done');
  }, 120_000);
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  it('a trained run on every built-in set: the same report, scores and stored answers', async () => {
    const report = await lab.handlers.evaluate({ run: 'sg', restrictVocab: 300_000 });
    // what evaluate reported before it moved to a worker: the benchmarks run here on the stored vectors
    const set = storedVectors(dbPath, 'sg');
    const text = (file: string) => readFileSync(join(evalDir, file), 'utf8');
    const files = readdirSync(evalDir).sort();
    const analogies = files.filter((f) => f.endsWith('.txt'));
    const here = analogies.map((file) =>
      evaluateAnalogies(set, parseAnalogies(text(file), file), { restrictVocab: 300_000, details: true }),
    );
    const finite = (x: number) => (Number.isFinite(x) ? x : null);
    expect(report).toEqual({
      run: 'sg',
      restrictVocab: 300_000,
      analogies: here.map((r, i): AnalogyEval => ({
        file: analogies[i],
        accuracy: r.accuracy,
        correct: r.correct,
        total: r.total,
        coverage: r.coverage,
        sections: r.sections,
      })),
      similarity: files
        .filter((f) => f.endsWith('.tsv'))
        .map((file): SimilarityEval => {
          const r = evaluateSimilarity(set, parseSimilarity(text(file), file), { restrictVocab: 300_000 });
          return {
            file,
            spearman: finite(r.spearman),
            pearson: finite(r.pearson),
            pairs: r.pairs,
            coverage: r.coverage,
            oov: r.oov,
          };
        }),
    });
    // as methods.test.ts expects of the Google set
    const [qw] = report.analogies;
    expect(qw.file).toBe('questions-words.txt');
    expect(qw.sections).toHaveLength(14);
    expect(qw.total).toBe(qw.sections.reduce((n, s) => n + s.total, 0));
    expect(qw.total).toBeGreaterThan(0);
    expect(qw.coverage).toBeCloseTo(qw.total / 19544, 10);
    const stored = await lab.handlers.evaluations({ run: 'sg' });
    expect(stored.analogies).toEqual([expect.objectContaining({ file: 'questions-words.txt', correct: qw.correct })]);
    expect(stored.similarity).toHaveLength(report.similarity.length);
    // every question as answered, stored by the service from what the worker returned
    const page = await lab.handlers.analogyQuestions({
      run: 'sg',
      file: 'questions-words.txt',
      failuresOnly: true,
      offset: 0,
      limit: 200,
    });
    const failed = here[0].questions!.filter((q) => q.evaluated && !q.correct).slice(0, 200);
    expect(page.questions.length).toBeGreaterThan(0);
    expect(page.questions.map((q) => [q.line, q.predicted, q.rank, q.top.map((t) => t.word)])).toEqual(
      failed.map((q) => [q.line, q.predicted, q.rank, q.top.map((t) => t.word)]),
    );
  }, 60_000);

  it('a run deleted while it is being scored: an error naming it, and nothing stored under its name', async () => {
    const params = { dim: 8, epochs: 1, threads: 1, seed: 2, minCount: 3 };
    const started = await lab.handlers.train({ corpus: 'demo', name: 'doomed', method: 'sgns', params });
    expect((await lab.waitForJob(started.jobId)).status).toBe('done');
    const scoring = lab.handlers.evaluate({ run: 'doomed', restrictVocab: 300_000 });
    // the worker is scoring: this thread is free to delete the run, and a new one takes its name
    expect(await lab.handlers.deleteRun({ run: 'doomed' })).toEqual({ deleted: true });
    const again = await lab.handlers.train({ corpus: 'demo', name: 'doomed', method: 'sgns', params });
    await expect(scoring).rejects.toThrow('run "doomed" was deleted while it was being evaluated: no score was stored');
    expect((await lab.waitForJob(again.jobId)).status).toBe('done');
    const stored = await lab.handlers.evaluations({ run: 'doomed' });
    expect(stored.analogies).toEqual([]);
    expect(stored.similarity).toEqual([]);
  });
});

/** mulberry32: a seeded generator, so the synthetic set is the same every run */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = 20_000;
const DIM = 100;
const QUESTIONS = 20_000;
/** the words the questions use: few enough that scanning the vocabulary per question is the work (seconds) */
const POOL = 200;

/** word2vec.c's binary layout: "WORDS DIM\n", then per word "word " + DIM float32 + "\n" */
function writeRandomVectors(path: string, next: () => number): void {
  const chunks: Buffer[] = [Buffer.from(`${WORDS} ${DIM}\n`)];
  const row = new Float32Array(DIM);
  for (let w = 0; w < WORDS; w++) {
    for (let k = 0; k < DIM; k++) row[k] = next() * 2 - 1;
    chunks.push(Buffer.from(`w${w} `), Buffer.from(row.buffer.slice(0)), Buffer.from('\n'));
  }
  writeFileSync(path, Buffer.concat(chunks));
}

function randomAnalogies(next: () => number): string {
  const word = () => `w${Math.floor(next() * POOL)}`;
  const lines = [': synthetic'];
  for (let q = 0; q < QUESTIONS; q++) lines.push(`${word()} ${word()} ${word()} ${word()}`);
  return `${lines.join('\n')}\n`;
}

describe('a large evaluation runs in a worker: progress within the file, cancel, the service answering', () => {
  const tmp = tempDir('embedlab-eval-big-');
  const resources = join(tmp.dir, 'resources');
  let lab: LabService;

  beforeAll(async () => {
    // a resources folder of our own: its eval/ sets are what startCompare may name
    mkdirSync(join(resources, 'eval'), { recursive: true });
    const next = random(7);
    writeFileSync(join(resources, 'eval', 'big.txt'), randomAnalogies(next));
    writeFileSync(join(resources, 'eval', 'small.txt'), ': few\nw1 w2 w3 w4\nw5 w6 w7 w8\nw1 w2 w9 nope\n');
    writeFileSync(join(resources, 'eval', 'pairs.tsv'), 'w1\tw2\t3.5\nw3\tw4\t7\nw5\tw6\t1\n');
    const vectors = join(tmp.dir, 'random.bin');
    writeRandomVectors(vectors, next);
    lab = await createService({ dbPath: join(tmp.dir, 'lab.sqlite'), host: 'cli', resourcesDir: resources });
    const { jobId } = await lab.handlers.importVectors({
      name: 'big',
      format: 'word2vec-bin',
      source: { kind: 'picked', pickId: lab.registerPick([vectors]) },
    });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
  }, 60_000);
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  it('a compare job cancelled in the middle of a large file: cancelled promptly, the file before it kept', async () => {
    const args = {
      runs: ['big'],
      analogies: ['small.txt', 'big.txt'],
      similarity: ['pairs.tsv'],
      restrictVocab: 300_000,
    };
    const events: JobInfo[] = [];
    let reached!: (job: JobInfo) => void;
    const inBigFile = new Promise<JobInfo>((resolve) => (reached = resolve));
    const off = lab.on('job', ({ job }) => {
      if (job.kind !== 'evaluate') return;
      events.push(job);
      // small.txt (file 1 of 3) is done; big.txt is under way
      if (job.status === 'running' && job.progress && job.progress.done > 1) reached(job);
    });
    const { jobId } = await lab.handlers.startCompare(args);
    expect(jobId).not.toBeNull();
    const running = await inBigFile;
    expect(running.progress).toMatchObject({ total: 3, unit: 'files' });
    expect(running.progress!.done).toBeLessThan(2);
    expect(running.progress!.message).toMatch(/^big: big\.txt \(20000 questions, \d+%\)$/);

    // the service answers other requests while the evaluation runs
    const { results } = await lab.handlers.neighbors({ run: 'big', word: 'w1', k: 3 });
    expect(results).toHaveLength(3);
    const jobs = await lab.handlers.listJobs({});
    expect(jobs.find((j) => j.id === jobId)!.status).toBe('running');

    const asked = performance.now();
    expect(await lab.handlers.cancelJob({ jobId: jobId! })).toEqual({ cancelled: true });
    const job = await lab.waitForJob(jobId!);
    const waited = performance.now() - asked;
    off();
    expect(job.status).toBe('cancelled');
    // the worker is terminated, not run to the end of the file (seconds more)
    expect(waited).toBeLessThan(2000);
    expect(events.every((e) => (e.progress?.done ?? 0) < 2)).toBe(true);

    // small.txt, finished before the cancel, is stored; big.txt and pairs.tsv are not
    const stored = await lab.handlers.evaluations({ run: 'big' });
    expect(stored.analogies.map((a) => [a.file, a.total])).toEqual([['small.txt', 2]]);
    expect(stored.similarity).toEqual([]);
    // so the next compare job has big.txt and pairs.tsv left to do
    const again = await lab.handlers.startCompare(args);
    expect(again.jobId).not.toBeNull();
    await lab.handlers.cancelJob({ jobId: again.jobId! });
    expect((await lab.waitForJob(again.jobId!)).status).toBe('cancelled');
  }, 60_000);

  it('evaluate of the large file: other requests are answered before it ends', async () => {
    const order: string[] = [];
    const evaluation = lab.handlers
      .evaluate({ run: 'big', analogies: ['big.txt'], similarity: [], restrictVocab: 300_000 })
      .then((report) => {
        order.push('evaluate');
        return report;
      });
    // a turn of the event loop: an evaluation on this thread would have ended (and stored its score) by now
    await new Promise((resolve) => setImmediate(resolve));
    await lab.handlers.listRuns({});
    order.push('listRuns');
    await lab.handlers.neighbors({ run: 'big', word: 'w2', k: 5 });
    order.push('neighbors');
    const meanwhile = await lab.handlers.evaluations({ run: 'big' });
    order.push(meanwhile.analogies.some((a) => a.file === 'big.txt') ? 'big.txt stored' : 'big.txt not stored yet');
    const report = await evaluation;
    expect(order).toEqual(['listRuns', 'neighbors', 'big.txt not stored yet', 'evaluate']);
    expect(report.analogies).toEqual([expect.objectContaining({ file: 'big.txt', total: QUESTIONS, coverage: 1 })]);
    const stored = await lab.handlers.evaluations({ run: 'big' });
    expect(stored.analogies.find((a) => a.file === 'big.txt')).toMatchObject({ correct: report.analogies[0].correct });
  }, 60_000);
});
