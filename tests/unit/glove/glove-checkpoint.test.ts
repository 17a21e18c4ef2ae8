import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultGloveParams,
  GLOVE_MATRIX_NAMES,
  gloveMatrixLengths,
  trainGlove,
  type GloveCheckpointState,
  type GloveParams,
  type TrainGloveInput,
} from '../../../src-main/core/train/glove/glove.ts';
import { packGloveWeights, unpackGloveWeights } from '../../../src-main/core/train/glove/glove-checkpoint.ts';
import { initWeights, weightLength } from '../../../src-main/core/train/glove/glove-kernel.ts';
import type { Checkpoint } from '../../../src-main/core/train/types.ts';
import { tempDir } from '../../helpers/paths.ts';
import { plantedLines, writeCorpus, type BuiltCorpus } from './corpus.ts';

// Worker threads booting under tsx take a second or more each here, so runs are few.
const small: GloveParams = { ...defaultGloveParams, dim: 10, window: 5, minCount: 1, iter: 4, threads: 1, seed: 3 };

/** a checkpoint the listener may keep: onCheckpoint's buffers are reused */
function copyCheckpoint(c: Checkpoint): Checkpoint {
  return {
    ...c,
    state: structuredClone(c.state),
    matrices: Object.fromEntries(Object.entries(c.matrices).map(([n, m]) => [n, new Float32Array(m)])),
  };
}

function bytes(m: Float32Array): Uint8Array {
  return new Uint8Array(m.buffer, m.byteOffset, m.byteLength);
}

function expectSameMatrices(a: Record<string, Float32Array>, b: Record<string, Float32Array>): void {
  expect(Object.keys(a).sort()).toEqual([...GLOVE_MATRIX_NAMES].sort());
  expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
  for (const name of GLOVE_MATRIX_NAMES) expect(bytes(b[name]), name).toEqual(bytes(a[name]));
}

describe('GloVe matrices', () => {
  it('pack and unpack glove.c weights exactly, as float64 bytes in whole rows of dim', () => {
    const V = 7;
    const dim = 3;
    const W = new Float64Array(weightLength(V, dim));
    const gradsq = new Float64Array(weightLength(V, dim));
    initWeights(W, gradsq, dim, 5);
    for (let i = 0; i < gradsq.length; i++) gradsq[i] = 1 + i / 3;
    const packed = packGloveWeights(W, gradsq, V, dim);
    const lengths = gloveMatrixLengths(V, dim);
    for (const name of GLOVE_MATRIX_NAMES) {
      expect(packed[name].length, name).toBe(lengths[name]);
      expect(packed[name].length % dim, name).toBe(0);
    }
    expect(lengths.W).toBe(2 * V * dim);
    expect(lengths.biases).toBe(Math.ceil((4 * V) / dim) * dim);
    // W's word row 2 and context row 2, and their biases
    const words = new Float64Array(packed.W.buffer);
    const contexts = new Float64Array(packed.Wc.buffer);
    const biases = new Float64Array(packed.biases.buffer, 0, 2 * V);
    expect(words[2 * dim + 1]).toBe(W[2 * (dim + 1) + 1]);
    expect(contexts[2 * dim]).toBe(W[(V + 2) * (dim + 1)]);
    expect(biases[V + 2]).toBe(W[(V + 2) * (dim + 1) + dim]);

    // a copy at an odd offset (4-byte, not 8-byte aligned) still reads back bit for bit
    const odd = Object.fromEntries(
      Object.entries(packed).map(([n, m]) => {
        const host = new Float32Array(m.length + 1);
        host.set(m, 1);
        return [n, host.subarray(1)];
      }),
    );
    const W2 = new Float64Array(W.length);
    const gradsq2 = new Float64Array(gradsq.length);
    unpackGloveWeights(odd, W2, gradsq2, V, dim, 'test');
    expect(W2).toEqual(W);
    expect(gradsq2).toEqual(gradsq);
    expect(() => unpackGloveWeights({ ...packed, Wc: new Float32Array(6) }, W2, gradsq2, V, dim, 'go on')).toThrow(
      /cannot go on: its Wc has 6 floats, this run needs 42/,
    );
    const { gradsqW: _, ...missing } = packed;
    expect(() => unpackGloveWeights(missing, W2, gradsq2, V, dim, 'go on')).toThrow(/no GloVe gradsqW matrix/);
  });
});

describe('trainGlove checkpoints', () => {
  let dir: string;
  let cleanup: () => void;
  let corpus: BuiltCorpus;
  let tokenFile: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('glove-ckpt-'));
    tokenFile = join(dir, 'tokens.bin');
    corpus = writeCorpus(plantedLines(2, 800), tokenFile);
  });
  afterEach(() => cleanup());

  function train(params: Partial<GloveParams>, extra: Partial<TrainGloveInput> = {}) {
    return trainGlove({ tokenFile, counts: corpus.counts, params: { ...small, ...params }, tmpDir: dir, ...extra });
  }

  it('checkpoints at iteration boundaries; a resume equals the uninterrupted run bit for bit', async () => {
    const checkpoints: Checkpoint[] = [];
    const whole = await train({}, { onCheckpoint: (c) => checkpoints.push(copyCheckpoint(c)) });
    // every boundary but the last (the result holds that one)
    expect(checkpoints.map((c) => (c.state as unknown as GloveCheckpointState).iterationsDone)).toEqual([1, 2, 3]);
    const lengths = gloveMatrixLengths(whole.vocabSize, whole.dim);
    for (const c of checkpoints) {
      for (const name of GLOVE_MATRIX_NAMES) expect(c.matrices[name].length).toBe(lengths[name]);
    }
    const second = checkpoints[1];
    expect(second).toMatchObject({ epoch: 3, wordsDone: 2 * whole.nonZero });
    expect(second.state).toMatchObject({
      format: 'glove-1',
      encoding: 'float64-bytes-in-float32',
      vocabSize: whole.vocabSize,
      dim: 10,
      records: whole.nonZero,
      epochLoss: whole.epochLoss.slice(0, 2),
    });

    const later: Checkpoint[] = [];
    const resumed = await train({}, { resumeFrom: second, onCheckpoint: (c) => later.push(copyCheckpoint(c)) });
    expect(bytes(resumed.vectors)).toEqual(bytes(whole.vectors));
    expect(resumed.epochLoss).toEqual(whole.epochLoss);
    expectSameMatrices(whole.matrices, resumed.matrices);
    expect(later.map((c) => (c.state as unknown as GloveCheckpointState).iterationsDone)).toEqual([3]);
    expectSameMatrices(checkpoints[2].matrices, later[0].matrices);

    // a checkpoint of other parameters is refused, saying why
    await expect(train({ seed: 4 }, { resumeFrom: second })).rejects.toThrow(
      'cannot resume from this checkpoint: it was taken with seed 3, the parameters say 4',
    );
    expect(readdirSync(dir)).toEqual(['tokens.bin']);
  });

  it('checkpointEveryMs spaces the checkpoints out', async () => {
    const seen: number[] = [];
    await train(
      { iter: 6 },
      {
        checkpointEveryMs: 60_000,
        onCheckpoint: (c) => seen.push((c.state as unknown as GloveCheckpointState).iterationsDone),
      },
    );
    expect(seen).toEqual([]);
    await expect(train({}, { checkpointEveryMs: 0 })).rejects.toThrow(/checkpoint interval must be a positive/);
  });

  it('continues a finished run from its matrices: as if it had run the extra iterations, loss still falling', async () => {
    const first = await train({ iter: 3 });
    const more = await train({ iter: 3 }, { initFrom: { vectors: first.vectors, ...first.matrices } });
    expect(more.epochLoss).toHaveLength(3);
    expect(more.epochLoss[0]).toBeLessThan(first.epochLoss[2]);
    for (let e = 1; e < 3; e++) expect(more.epochLoss[e]).toBeLessThan(more.epochLoss[e - 1]);
    // same seed, same shuffle: three then three more is six
    const six = await train({ iter: 6 });
    expect(bytes(more.vectors)).toEqual(bytes(six.vectors));
    expect(more.epochLoss).toEqual(six.epochLoss.slice(3));
    await expect(train({ dim: 8 }, { initFrom: first.matrices })).rejects.toThrow(/cannot continue from the given run/);
    expect(readdirSync(dir)).toEqual(['tokens.bin']);
  });

  it('an abort carries the last iteration boundary, every matrix whole, and it resumes', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const run = train(
      { iter: 10_000 },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === 'train' && (p.epoch ?? 0) >= 2 && !abortedAt) {
            abortedAt = Date.now();
            controller.abort();
          }
        },
      },
    );
    const err = (await run.then(
      () => null,
      (e: unknown) => e,
    )) as (Error & { checkpoint?: Checkpoint }) | null;
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(err?.name).toBe('AbortError');
    const checkpoint = err?.checkpoint;
    expect(checkpoint).toBeDefined();
    const state = checkpoint!.state as unknown as GloveCheckpointState;
    expect(state.iterationsDone).toBeGreaterThanOrEqual(1);
    expect(state.epochLoss).toHaveLength(state.iterationsDone);
    expect(checkpoint!.epoch).toBe(state.iterationsDone + 1);
    const lengths = gloveMatrixLengths(state.vocabSize, 10);
    expect(state.vocabSize).toBe(corpus.words.length);
    for (const name of GLOVE_MATRIX_NAMES) {
      expect(checkpoint!.matrices[name], name).toBeInstanceOf(Float32Array);
      expect(checkpoint!.matrices[name].length, name).toBe(lengths[name]);
    }
    expect(readdirSync(dir)).toEqual(['tokens.bin']);

    // it resumes, with the remaining iterations only
    const iter = state.iterationsDone + 1;
    const resumed = await train({ iter }, { resumeFrom: checkpoint });
    expect(resumed.epochLoss).toHaveLength(iter);
    expect(resumed.epochLoss.slice(0, iter - 1)).toEqual(state.epochLoss);
    expect(resumed.epochLoss[iter - 1]).toBeLessThan(state.epochLoss[iter - 2]);

    // an abort before any iteration finished carries no checkpoint
    const early = new AbortController();
    const before = train(
      {},
      { signal: early.signal, onProgress: (p) => p.phase === 'cooccur' && !early.signal.aborted && early.abort() },
    );
    await expect(before).rejects.toMatchObject({ name: 'AbortError', checkpoint: undefined });
    expect(readdirSync(dir)).toEqual(['tokens.bin']);
  });
});
