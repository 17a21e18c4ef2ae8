import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint, TrainProgress } from '../../../src-main/core/train/types.ts';
import { buildSubwordTable, compactNgramRows } from '../../../src-main/core/train/fasttext/ngrams.ts';
import {
  TrainAbortError,
  trainWord2vec,
  type Word2vecCheckpointState,
  type Word2vecParams,
} from '../../../src-main/core/train/word2vec.ts';
import { tempDir } from '../../helpers/paths.ts';
import { encode, expectPlantedGroups, plantedCorpus, w2vParams, type Encoded } from './corpus.ts';

const temp = tempDir('embedlab-ckpt-');
let planted: Encoded;
let total: number;

beforeAll(() => {
  planted = encode(plantedCorpus(3000), join(temp.dir, 'planted.tok'));
  total = planted.counts.reduce((s, c) => s + c, 0);
});
afterAll(() => temp.cleanup());

function copy(c: Checkpoint): Checkpoint {
  return structuredClone(c);
}

function input(params: Partial<Word2vecParams>) {
  return {
    tokenFile: planted.file,
    words: planted.words,
    counts: planted.counts,
    params: w2vParams(params),
    tmpDir: temp.dir,
  };
}

describe('checkpoints', () => {
  it('hands onCheckpoint every matrix at its full length, and each thread’s position', async () => {
    const taken: Checkpoint[] = [];
    const params = { method: 'fasttext', hs: true, threads: 2, epochs: 2, bucket: 3000 } as const;
    await trainWord2vec({ ...input(params), checkpointEveryMs: 100, onCheckpoint: (c) => taken.push(copy(c)) });
    expect(taken.length).toBeGreaterThan(0);
    const kept = planted.words.length;
    // the n-gram rows are the buckets the kept words use
    const usedBuckets = compactNgramRows(buildSubwordTable(planted.words, kept, 3, 5, 3000), kept, 3000).length;
    expect(usedBuckets).toBeGreaterThan(100);
    for (const c of taken) {
      expect(Object.keys(c.matrices).sort()).toEqual(['ngrams', 'syn0', 'syn1', 'syn1neg']);
      expect(c.matrices.syn0.length).toBe(kept * 20);
      expect(c.matrices.syn1neg.length).toBe(kept * 20);
      expect(c.matrices.syn1.length).toBe((kept - 1) * 20);
      expect(c.matrices.ngrams.length).toBe(usedBuckets * 20);
      const state = c.state as unknown as Word2vecCheckpointState;
      expect(state.threads).toHaveLength(2);
      expect(c.wordsDone).toBe(state.threads.reduce((s, p) => s + p.words, 0));
      expect(c.wordsDone).toBeLessThanOrEqual(2 * total);
      expect(c.epoch).toBeGreaterThanOrEqual(1);
      expect(c.epoch).toBeLessThanOrEqual(2);
      expect(JSON.parse(JSON.stringify(c.state))).toEqual(c.state);
    }
  });

  it('resumes a run from a checkpoint taken mid-way and does only the remaining work', async () => {
    const params = { threads: 2, epochs: 6 };
    const taken: Checkpoint[] = [];
    await trainWord2vec({ ...input(params), checkpointEveryMs: 50, onCheckpoint: (c) => taken.push(copy(c)) });
    const mid = taken.filter((c) => c.wordsDone > total && c.wordsDone < 5 * total);
    expect(mid.length, `checkpoints at ${taken.map((c) => c.wordsDone).join(', ')}`).toBeGreaterThan(0);
    const from = mid[Math.floor(mid.length / 2)];

    const progress: TrainProgress[] = [];
    const resumed = await trainWord2vec({ ...input(params), resumeFrom: from, onProgress: (p) => progress.push(p) });
    expect(resumed.vocabSize).toBe(planted.words.length);
    expect(resumed.wordsDone).toBe(6 * total);
    expect(progress.length).toBeGreaterThan(0);
    expect(progress[0].wordsDone).toBeGreaterThanOrEqual(from.wordsDone);
    expect(progress[0].epoch).toBeGreaterThanOrEqual(from.epoch);
    for (const loss of resumed.epochLoss) expect(Number.isFinite(loss) && loss > 0).toBe(true);
    expectPlantedGroups(planted.words, resumed.vectors, resumed.dim);
  });

  it('rejects a cancel with an AbortError carrying the checkpoint, which a resume finishes', async () => {
    const params = { method: 'cbow', threads: 2, epochs: 8 } as const;
    const controller = new AbortController();
    let abortedAt = 0;
    // cancel once the threads have reported positions past the first epoch
    const run = trainWord2vec({
      ...input(params),
      signal: controller.signal,
      checkpointEveryMs: 20,
      onCheckpoint: (c) => {
        if (abortedAt || c.wordsDone < total) return;
        abortedAt = Date.now();
        controller.abort();
      },
    });
    const err = await run.catch((e: unknown) => e);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(err).toBeInstanceOf(TrainAbortError);
    const { checkpoint } = err as TrainAbortError;
    expect((err as Error).name).toBe('AbortError');
    expect(checkpoint.wordsDone).toBeGreaterThanOrEqual(total);
    expect(checkpoint.wordsDone).toBeLessThan(8 * total);
    expect(checkpoint.matrices.syn0.length).toBe(planted.words.length * 20);
    expect((err as TrainAbortError).partial).toBe(checkpoint.matrices.syn0);

    const resumed = await trainWord2vec({ ...input(params), resumeFrom: checkpoint });
    expect(resumed.wordsDone).toBe(8 * total);
    expectPlantedGroups(planted.words, resumed.vectors, resumed.dim);
  });

  it('rejects at once, with the starting state, when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await trainWord2vec({ ...input({ hs: true }), signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TrainAbortError);
    const { checkpoint } = err as TrainAbortError;
    expect(checkpoint.wordsDone).toBe(0);
    expect(Object.keys(checkpoint.matrices).sort()).toEqual(['syn0', 'syn1', 'syn1neg']);
  });

  it('refuses a checkpoint of another method, thread count or vocabulary', async () => {
    const controller = new AbortController();
    controller.abort();
    const err = await trainWord2vec({ ...input({ threads: 2 }), signal: controller.signal }).catch((e: unknown) => e);
    const { checkpoint } = err as TrainAbortError;
    await expect(trainWord2vec({ ...input({ threads: 1 }), resumeFrom: checkpoint })).rejects.toThrow(
      'cannot resume from this checkpoint: it was taken with 2 threads, the parameters say 1',
    );
    await expect(trainWord2vec({ ...input({ threads: 2, method: 'cbow' }), resumeFrom: checkpoint })).rejects.toThrow(
      'cannot resume from this checkpoint: it was taken by method sgns, not cbow',
    );
    await expect(trainWord2vec({ ...input({ threads: 2, maxVocab: 10 }), resumeFrom: checkpoint })).rejects.toThrow(
      /cannot resume from this checkpoint: it has \d+ words, the parameters keep 10/,
    );
  });
});

describe('continuing a finished run (initFrom)', () => {
  it('trains params.epochs more epochs from the given matrices, the schedule restarted', async () => {
    const two = await trainWord2vec(input({ epochs: 2, seed: 4 }));
    const one = await trainWord2vec(input({ epochs: 1, seed: 4 }));
    const more = await trainWord2vec({
      ...input({ epochs: 1, seed: 4 }),
      initFrom: { syn0: one.vectors, ...one.matrices },
    });
    // the word count, and with it the learning rate, starts again from 0
    expect(more.wordsDone).toBe(total);
    expectPlantedGroups(planted.words, two.vectors, two.dim);
    expectPlantedGroups(planted.words, more.vectors, more.dim);
    // the same seed and one thread: the first epoch of both runs is identical, the second is not
    expect(Buffer.from(more.vectors.buffer).equals(Buffer.from(two.vectors.buffer))).toBe(false);
    // more training than the 1-epoch run alone: a lower loss in the added epoch
    expect(more.epochLoss[0]).toBeLessThan(one.epochLoss[0]);
  });

  it('refuses matrices of another vocabulary or dim', async () => {
    const run = trainWord2vec({ ...input({ epochs: 1 }), initFrom: { syn0: new Float32Array(7) } });
    await expect(run).rejects.toThrow(/cannot continue from the given run: its syn0 has 7 floats, this run needs \d+/);
  });
});
