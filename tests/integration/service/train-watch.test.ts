// Watching a run train, through the service: a frame per epoch with the map
// and the watched words' neighbours, the last one equal to what the finished
// run answers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import type { TrainWatchFrame } from '../../../src-preload/contract.ts';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

const watched = ['government', 'war', 'city', 'king'];

describe('watching a run train', () => {
  const tmp = tempDir();
  let lab: LabService;
  const frames: TrainWatchFrame[] = [];

  beforeAll(async () => {
    lab = await createService({ dbPath: join(tmp.dir, 'lab.sqlite'), host: 'cli' });
    lab.on('trainWatch', (f) => frames.push(f));
    const { jobId } = await lab.importPaths({ name: 'tiny', paths: [sharedData('corpus-tiny.txt')], lowercase: true });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
  });
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  const framesOf = (jobId: string) => frames.filter((f) => f.jobId === jobId);

  it('sends a frame per epoch; the last lists what `neighbors` answers on the finished run', async () => {
    const { jobId, run } = await lab.handlers.train({
      corpus: 'tiny',
      name: 'sg',
      method: 'sgns',
      params: { dim: 24, epochs: 3, threads: 1, seed: 7, minCount: 5 },
      watch: { words: watched, every: 'epoch', mapWords: 300, k: 6 },
    });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    const got = framesOf(jobId);
    expect(got.map((f) => [f.index, f.epoch, f.final])).toEqual([
      [0, 1, false],
      [1, 2, false],
      [2, 3, true],
    ]);
    const info = (await lab.handlers.listRuns({})).find((r) => r.name === run)!;
    for (const f of got) {
      expect(f.run).toBe('sg');
      expect(f.watched).toEqual(watched);
      // the 300 most frequent words, then the watched ones beyond them (king is rarer)
      expect(f.words.slice(0, 300)).toEqual(got[0].words.slice(0, 300));
      expect(f.words.length).toBe(
        Math.min(300, info.vocabSize) + watched.filter((w) => !f.words.slice(0, 300).includes(w)).length,
      );
      expect(f.words).toEqual(expect.arrayContaining(watched));
      expect(f.coords).toBeInstanceOf(Float32Array);
      expect(f.coords.length).toBe(f.words.length * 2);
      expect(f.coords.every(Number.isFinite)).toBe(true);
      expect(f.neighbors.map((n) => n.word)).toEqual(watched);
      for (const n of f.neighbors) {
        expect(n.neighbors).toHaveLength(6);
        expect(n.neighbors.map((s) => s.word)).not.toContain(n.word);
      }
    }
    expect(got[2].wordsDone).toBeGreaterThan(got[0].wordsDone);
    // the words move as the run learns
    expect(got[0].neighbors[0].neighbors).not.toEqual(got[2].neighbors[0].neighbors);
    const last = got[2];
    for (const n of last.neighbors) {
      const { results } = await lab.handlers.neighbors({ run, word: n.word, k: 6 });
      expect(n.neighbors.map((s) => s.word)).toEqual(results.map((s) => s.word));
      n.neighbors.forEach((s, i) => expect(s.score).toBeCloseTo(results[i].score, 6));
    }
    expect(await lab.handlers.trainWatchLatest({ jobId })).toMatchObject({ index: 2, final: true });
  });

  it('turns each layout onto the previous one: no flip or swap of its axes brings the points closer', async () => {
    const got = framesOf(frames[0].jobId);
    const n = 300;
    // squared distance the top words move from frame b to frame c drawn with axes (sx * x, sy * y), maybe swapped
    const moved = (b: Float32Array, c: Float32Array, sx: number, sy: number, swap: boolean) => {
      let sum = 0;
      for (let i = 0; i < n; i++) {
        const [x, y] = swap ? [c[i * 2 + 1], c[i * 2]] : [c[i * 2], c[i * 2 + 1]];
        sum += (sx * x - b[i * 2]) ** 2 + (sy * y - b[i * 2 + 1]) ** 2;
      }
      return sum;
    };
    for (const [b, c] of [
      [got[0], got[1]],
      [got[1], got[2]],
    ]) {
      const kept = moved(b.coords, c.coords, 1, 1, false);
      for (const swap of [false, true])
        for (const sx of [1, -1])
          for (const sy of [1, -1])
            expect(kept).toBeLessThanOrEqual(moved(b.coords, c.coords, sx, sy, swap) * (1 + 1e-9));
    }
  });

  it('picks frequent content words when none are named, and refuses a word the run does not train', async () => {
    await expect(
      lab.handlers.train({
        corpus: 'tiny',
        name: 'bad',
        method: 'sgns',
        params: { dim: 8, epochs: 1, minCount: 5 },
        watch: { words: ['government', 'qwxzy'], every: 'epoch', mapWords: 100, k: 3 },
      }),
    ).rejects.toThrow(/watch\.words: "qwxzy" is not among the \d+ words this run trains \(min-count 5\)/);
    expect((await lab.handlers.listRuns({})).some((r) => r.name === 'bad')).toBe(false);

    const { jobId } = await lab.handlers.train({
      corpus: 'tiny',
      name: 'ft',
      method: 'fasttext',
      params: { dim: 16, epochs: 2, threads: 2, minCount: 5, bucket: 20_000 },
      watch: { words: [], every: 'epoch', mapWords: 50, k: 4 },
    });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    const got = framesOf(jobId);
    expect(got).toHaveLength(2);
    expect(got[1].watched.length).toBeGreaterThanOrEqual(4);
    for (const w of got[1].watched) expect(w).toMatch(/^\p{L}{3,}$/u);
    // fastText: the frame composes word vectors as the stored ones are, so the final lists match
    for (const n of got[1].neighbors) {
      const { results } = await lab.handlers.neighbors({ run: 'ft', word: n.word, k: 4 });
      expect(n.neighbors.map((s) => s.word)).toEqual(results.map((s) => s.word));
    }
  });

  it('refreshes GloVe per iteration on W + W~, whatever every says', async () => {
    const { jobId } = await lab.handlers.train({
      corpus: 'tiny',
      name: 'gl',
      method: 'glove',
      params: { dim: 12, epochs: 3, threads: 1, minCount: 5, window: 5 },
      watch: { words: ['government', 'war'], every: 5000, mapWords: 100, k: 5 },
    });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    const got = framesOf(jobId);
    expect(got.map((f) => f.epoch)).toEqual([1, 2, 3]);
    for (const n of got[2].neighbors) {
      const { results } = await lab.handlers.neighbors({ run: 'gl', word: n.word, k: 5 });
      expect(n.neighbors.map((s) => s.word)).toEqual(results.map((s) => s.word));
    }
  });

  it('refreshes every N words, each frame further on, the last one of the finished weights', async () => {
    const { jobId } = await lab.handlers.train({
      corpus: 'tiny',
      name: 'by-words',
      method: 'cbow',
      params: { dim: 16, epochs: 3, threads: 2, minCount: 5 },
      watch: { words: ['war'], every: 20_000, mapWords: 60, k: 3 },
    });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    const got = framesOf(jobId);
    expect(got.length).toBeGreaterThanOrEqual(2);
    expect(got.at(-1)).toMatchObject({ final: true, epoch: 3 });
    expect(got.filter((f) => f.final)).toHaveLength(1);
    for (let i = 1; i < got.length; i++) expect(got[i].wordsDone).toBeGreaterThanOrEqual(got[i - 1].wordsDone);
    // no refresh before the first 20k words
    expect(got[0].wordsDone).toBeGreaterThanOrEqual(20_000);
    const { results } = await lab.handlers.neighbors({ run: 'by-words', word: 'war', k: 3 });
    expect(got.at(-1)!.neighbors[0].neighbors.map((s) => s.word)).toEqual(results.map((s) => s.word));
  });

  it('goes on watching a cancelled run that is resumed, from the epoch it stopped in', async () => {
    const { jobId } = await lab.handlers.train({
      corpus: 'tiny',
      name: 'cut',
      method: 'sgns',
      params: { dim: 16, epochs: 40, threads: 1, minCount: 5 },
      watch: { words: ['war'], every: 'epoch', mapWords: 40, k: 3 },
    });
    // cancel as soon as the first frame is out
    await new Promise<void>((resolve) => {
      const off = lab.on('trainWatch', (f) => {
        if (f.jobId !== jobId) return;
        off();
        void lab.handlers.cancelJob({ jobId }).then(() => resolve());
      });
    });
    expect((await lab.waitForJob(jobId)).status).toBe('cancelled');
    const before = framesOf(jobId);
    expect(before.at(-1)!.final).toBe(false);
    const resumed = await lab.handlers.resumeRun({
      run: 'cut',
      watch: { words: ['war'], every: 'epoch', mapWords: 40, k: 3 },
    });
    expect((await lab.waitForJob(resumed.jobId)).status).toBe('done');
    const after = framesOf(resumed.jobId);
    expect(after.at(-1)).toMatchObject({ epoch: 40, final: true });
    // no epoch is shown twice: the resumed run starts past the last epoch the cancelled one finished
    expect(after[0].epoch).toBeGreaterThan(before.at(-1)!.epoch);
    expect(after.map((f) => f.epoch)).toEqual(Array.from({ length: after.length }, (_, i) => after[0].epoch + i));
  });

  it('starts watching a running job on request and answers its latest frame', async () => {
    const { jobId } = await lab.handlers.train({
      corpus: 'tiny',
      name: 'late',
      method: 'sgns',
      params: { dim: 16, epochs: 4, threads: 1, minCount: 5 },
    });
    expect(await lab.handlers.trainWatchLatest({ jobId })).toBeNull();
    const { watched: names } = await lab.handlers.watchTraining({
      jobId,
      watch: { words: ['war'], every: 'epoch', mapWords: 40, k: 3 },
    });
    expect(names).toEqual(['war']);
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    const got = framesOf(jobId);
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(got.at(-1)).toMatchObject({ final: true, watched: ['war'] });
    await expect(
      lab.handlers.watchTraining({ jobId, watch: { words: ['war'], every: 'epoch', mapWords: 40, k: 3 } }),
    ).rejects.toThrow(/is not a training job that is running/);
  });
});
