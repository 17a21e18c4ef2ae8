// The map through the real service on disk: PCA at once, UMAP as a job with
// frames, finished layouts cached in SQLite per run and parameters.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { openDatabase, type Db } from '../../../src-main/core/store/db.ts';
import * as runs from '../../../src-main/core/store/runs.ts';
import { writeVectors } from '../../../src-main/core/store/vectors.ts';
import { parseArgs, type Args, type JobInfo, type ProjectionFrame } from '../../../src-preload/contract.ts';
import { clustered } from '../../helpers/clustered.ts';
import { tempDir } from '../../helpers/paths.ts';

const RUN = 'clusters';
const ROWS = 3000;
const DIM = 30;

/** a finished run whose vectors are seeded clusters */
function insertClusteredRun(db: Db): void {
  const { data } = clustered({ rows: ROWS, dim: DIM, clusters: 10, seed: 3 });
  const words = Array.from({ length: ROWS }, (_, i) => `w${i}`);
  db.transaction(() => {
    const run = runs.insertRun(db, {
      name: RUN,
      method: 'builtin',
      corpusId: null,
      corpusName: null,
      status: 'done',
      params: {},
      codeVersion: 'test',
    });
    writeVectors(db, run.id, { words, counts: words.map((_, i) => ROWS - i), dim: DIM, data });
    runs.finishRun(db, run.id, 'done', { seconds: 0, vocabSize: ROWS, dim: DIM });
  })();
}

describe('projections', () => {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'lab.sqlite');
  let lab: LabService;
  let db: Db;
  const project = async (args: Args<'project'>) => lab.handlers.project(parseArgs('project', args));
  const start = async (args: Args<'project'>) => lab.handlers.startProjection(parseArgs('project', args));
  const cachedRows = () => (db.prepare('SELECT COUNT(*) AS n FROM projections').get() as { n: number }).n;

  beforeAll(async () => {
    db = openDatabase(dbPath);
    insertClusteredRun(db);
    lab = await createService({ dbPath, host: 'cli' });
  });
  afterAll(async () => {
    await lab.close();
    db.close();
    tmp.cleanup();
  });

  it('PCA answers at once with its faithfulness, nothing cached', async () => {
    const p = await project({ run: RUN, method: 'pca', dims: 3, words: 400 });
    expect(p).toMatchObject({ method: 'pca', dims: 3, umap: null, cached: false, metric: 'cosine' });
    expect(p.words).toHaveLength(400);
    expect(p.coords).toBeInstanceOf(Float32Array);
    expect(p.coords.length).toBe(1200);
    expect(p.explained).toHaveLength(3);
    expect(p.faithfulness).toMatchObject({ k: 10, exact: true });
    expect(p.faithfulness.knnRecall10).toBeGreaterThan(0);
    expect(p.faithfulness.knnRecall10).toBeLessThanOrEqual(1);
    expect(p.faithfulness.perWord).toHaveLength(400);
    expect(cachedRows()).toBe(0);
  });

  it('UMAP maps every word asked for, then answers the same request from the cache', async () => {
    const args = { run: RUN, method: 'umap', dims: 2, words: 1500, seed: 4 } as const;
    const first = await project(args);
    expect(first).toMatchObject({ method: 'umap', dims: 2, cached: false });
    expect(first.words).toEqual(Array.from({ length: 1500 }, (_, i) => `w${i}`));
    expect(first.counts[0]).toBe(ROWS);
    expect(first.coords.length).toBe(3000);
    expect(first.umap).toEqual({ neighbors: 15, minDist: 0.1, seed: 4, epochs: 500 });
    expect(first.faithfulness.knnRecall10).toBeGreaterThan(0.2);
    expect(first.faithfulness.perWord).toHaveLength(1500);
    const again = await project(args);
    expect(again.cached).toBe(true);
    expect(again.seconds).toBeLessThan(0.5);
    expect(again.computeSeconds).toBeCloseTo(first.computeSeconds, 6);
    expect(again.coords).toEqual(first.coords);
    expect(again.faithfulness).toEqual(first.faithfulness);
    expect(await start(args)).toEqual({ jobId: null });
  });

  it('streams frames of a job started apart, and one job serves requests for the same layout', async () => {
    const frames: ProjectionFrame[] = [];
    const jobs: JobInfo[] = [];
    const offFrames = lab.on('projection', (f) => frames.push(f));
    const offJobs = lab.on('job', ({ job }) => jobs.push(job));
    const args = { run: RUN, method: 'umap', dims: 3, words: 800, neighbors: 10, minDist: 0.3 } as const;
    const { jobId } = await start(args);
    expect(jobId).toEqual(expect.any(String));
    expect((await start(args)).jobId).toBe(jobId);
    const [a, b] = await Promise.all([project(args), project(args)]);
    offFrames();
    offJobs();
    expect(a.coords).toEqual(b.coords);
    const mine = frames.filter((f) => f.jobId === jobId);
    expect(mine.length).toBeGreaterThan(0);
    const last = mine.at(-1)!;
    expect(last).toMatchObject({ run: RUN, dims: 3, epoch: 500, epochs: 500 });
    expect(last.coords).toEqual(a.coords);
    expect(new Set(jobs.filter((j) => j.kind === 'project').map((j) => j.id))).toEqual(new Set([jobId]));
    expect(jobs.find((j) => j.id === jobId && j.status === 'done')).toBeDefined();
  });

  it('cancels a layout: the job ends cancelled and nothing is cached', async () => {
    const before = cachedRows();
    const args = { run: RUN, method: 'umap', dims: 2, words: ROWS, seed: 9 } as const;
    const { jobId } = await start(args);
    const off = lab.on('projection', (f) => {
      if (f.jobId === jobId) void lab.handlers.cancelJob({ jobId: jobId! });
    });
    const pending = project(args);
    await expect(pending).rejects.toThrow(/cancelled/);
    off();
    expect((await lab.waitForJob(jobId!)).status).toBe('cancelled');
    expect(cachedRows()).toBe(before);
  });

  it('refuses bad parameters, naming them', async () => {
    await expect(start({ run: RUN, method: 'umap', neighbors: 1 })).rejects.toThrow(/neighbors/);
    await expect(start({ run: RUN, method: 'umap', minDist: 2 })).rejects.toThrow(/minDist/);
    await expect(start({ run: 'nope', method: 'umap' })).rejects.toThrow(/nope/);
  });

  it('recomputes when the vectors change, and forgets layouts with their run', async () => {
    const args = { run: RUN, method: 'umap', dims: 2, words: 1500, seed: 4 } as const;
    expect((await project(args)).cached).toBe(true);
    db.prepare(`UPDATE runs SET finished_at = '2099-01-01T00:00:00.000Z' WHERE name = ?`).run(RUN);
    expect((await project(args)).cached).toBe(false);
    expect((await project(args)).cached).toBe(true);
    expect(cachedRows()).toBe(1);
    expect((await lab.handlers.deleteRun({ run: RUN })).deleted).toBe(true);
    expect(cachedRows()).toBe(0);
  });
});
