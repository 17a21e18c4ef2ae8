// Checkpoints of graph training: skip-gram/CBOW at sentence boundaries (token
// offset, generator state, weights read off the provider), GloVe at iteration
// boundaries in the CPU trainer's format. Resuming from one gives exactly the
// run that was never stopped, and a cancel hands over where it stopped.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainGloveOnGraph } from '../../../src-main/core/onnx/glove-graph-train.ts';
import { trainWord2vecOnGraph, type GraphTrainInput } from '../../../src-main/core/onnx/graph-train.ts';
import { defaultGloveParams } from '../../../src-main/core/train/glove/glove-params.ts';
import type { Checkpoint } from '../../../src-main/core/train/types.ts';
import { tempDir } from '../../helpers/paths.ts';
import { encode, plantedCorpus, type Encoded } from '../train/corpus.ts';

const temp = tempDir('embedlab-graph-ckpt-');
let planted: Encoded;
beforeAll(() => {
  planted = encode(plantedCorpus(300), join(temp.dir, 'planted.tok'));
});
afterAll(() => temp.cleanup());

const params = { dim: 16, window: 4, negative: 5, sample: 1e-2, epochs: 3, alpha: 0.025, minAlpha: 0.0001, seed: 7 };

function word2vecInput(extra: Partial<GraphTrainInput> = {}): GraphTrainInput {
  return {
    tokenFile: planted.file,
    counts: planted.counts,
    params: { ...params, batch: 256 },
    provider: 'cpu',
    // every sentence boundary: the same step boundaries in every run, so runs compare exactly
    checkpointEveryMs: 0,
    ...extra,
  };
}

describe.each(['sgns', 'cbow'] as const)('%s on the graph, checkpointed', (method) => {
  it('resumed from a mid-run checkpoint, ends exactly where the unbroken run ends', async () => {
    const taken: Checkpoint[] = [];
    const whole = await trainWord2vecOnGraph(
      method,
      word2vecInput({ onCheckpoint: (c) => taken.length < 450 && taken.push(c) }),
    );
    const middle = taken[449];
    expect(middle.epoch).toBe(2);
    expect(middle.state).toMatchObject({ format: 'word2vec-graph-1', method, epochIndex: 1 });
    const resumed = await trainWord2vecOnGraph(method, word2vecInput({ resumeFrom: middle, onCheckpoint: () => {} }));
    expect(resumed.vectors).toEqual(whole.vectors);
    expect(resumed.matrices.syn1neg).toEqual(whole.matrices.syn1neg);
    expect(resumed.epochLoss).toEqual(whole.epochLoss);
    expect(resumed.wordsDone).toBe(whole.wordsDone);
    expect(resumed.examples).toBe(whole.examples);
  });

  it('a cancel runs the pending batch and hands over a checkpoint a resume finishes from', async () => {
    const controller = new AbortController();
    let seen = 0;
    const stopped = await trainWord2vecOnGraph(
      method,
      word2vecInput({
        signal: controller.signal,
        onCheckpoint: () => {
          if (++seen === 500) controller.abort();
        },
      }),
    ).catch((err: Error & { checkpoint?: Checkpoint }) => err);
    expect(stopped).toMatchObject({ name: 'AbortError' });
    const checkpoint = (stopped as { checkpoint?: Checkpoint }).checkpoint!;
    expect(checkpoint.wordsDone).toBeGreaterThan(0);
    const words = planted.counts.reduce((s, c) => s + c, 0);
    expect(checkpoint.wordsDone).toBeLessThan(params.epochs * words);
    const resumed = await trainWord2vecOnGraph(method, word2vecInput({ resumeFrom: checkpoint }));
    expect(resumed.wordsDone).toBe(params.epochs * words);
    expect(resumed.epochLoss).toHaveLength(params.epochs);
  });

  it('refuses a checkpoint from another method or size, saying why', async () => {
    const other = method === 'sgns' ? 'cbow' : 'sgns';
    const taken: Checkpoint[] = [];
    await trainWord2vecOnGraph(other, word2vecInput({ onCheckpoint: (c) => taken.length < 1 && taken.push(c) }));
    await expect(trainWord2vecOnGraph(method, word2vecInput({ resumeFrom: taken[0] }))).rejects.toThrow(
      `cannot resume from this checkpoint: it was taken by ${other}, the run trains ${method}`,
    );
  });
});

describe('GloVe on the graph, checkpointed', () => {
  const glove = { ...defaultGloveParams, dim: 8, window: 5, minCount: 1, iter: 6, seed: 3, threads: 1, batch: 16 };
  const input = { tokenFile: '', counts: [] as number[], params: glove, provider: 'cpu' as const, tmpDir: '' };

  it('takes the CPU trainer’s iteration-boundary checkpoints and resumes to the unbroken run', async () => {
    const base = { ...input, tokenFile: planted.file, counts: planted.counts, tmpDir: temp.dir };
    const taken: Checkpoint[] = [];
    const whole = await trainGloveOnGraph({ ...base, checkpointEveryMs: 0, onCheckpoint: (c) => taken.push(c) });
    // one per boundary but the last (the finished run is stored instead)
    expect(taken.map((c) => c.state.iterationsDone)).toEqual([1, 2, 3, 4, 5]);
    expect(taken[1].state).toMatchObject({ format: 'glove-1', records: whole.phases!.nonZero });
    const resumed = await trainGloveOnGraph({ ...base, resumeFrom: taken[1] });
    expect(resumed.vectors).toEqual(whole.vectors);
    expect(resumed.epochLoss).toEqual(whole.epochLoss);
  });

  it('a cancel hands over the last boundary it took', async () => {
    const base = { ...input, tokenFile: planted.file, counts: planted.counts, tmpDir: temp.dir };
    const controller = new AbortController();
    const err = (await trainGloveOnGraph({
      ...base,
      params: { ...glove, iter: 1000 },
      checkpointEveryMs: 0,
      signal: controller.signal,
      onCheckpoint: (c) => {
        if (c.state.iterationsDone === 3) controller.abort();
      },
    }).catch((e: unknown) => e)) as Error & { checkpoint?: Checkpoint };
    expect(err.name).toBe('AbortError');
    expect(err.checkpoint?.state.iterationsDone).toBe(3);
  });
});
