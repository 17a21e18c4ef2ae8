// The word2vec trainer on the SIMD WebAssembly kernel (every method with
// negative sampling only), against the TypeScript kernels it replaces there
// (EMBEDLAB_KERNEL=ts forces them).
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Checkpoint, TrainProgress } from '../../../src-main/core/train/types.ts';
import { wasmKernelSupported } from '../../../src-main/core/train/word2vec-kernel.ts';
import {
  trainWord2vec,
  type Word2vecCheckpointState,
  type Word2vecParams,
} from '../../../src-main/core/train/word2vec.ts';
import { tempDir } from '../../helpers/paths.ts';
import { encode, expectPlantedGroups, plantedCorpus, w2vParams, type Encoded } from './corpus.ts';

const temp = tempDir('embedlab-w2v-wasm-');
let planted: Encoded;
let total: number;
const savedKernel = process.env.EMBEDLAB_KERNEL;

beforeAll(() => {
  planted = encode(plantedCorpus(3000), join(temp.dir, 'planted.tok'));
  total = planted.counts.reduce((s, c) => s + c, 0);
});
afterEach(() => {
  if (savedKernel === undefined) delete process.env.EMBEDLAB_KERNEL;
  else process.env.EMBEDLAB_KERNEL = savedKernel;
});
afterAll(() => temp.cleanup());

function input(overrides: Partial<Word2vecParams>) {
  return {
    tokenFile: planted.file,
    words: planted.words,
    counts: planted.counts,
    params: w2vParams(overrides),
    tmpDir: temp.dir,
  };
}

function train(overrides: Partial<Word2vecParams>, kernel: 'ts' | 'wasm') {
  process.env.EMBEDLAB_KERNEL = kernel;
  return trainWord2vec(input(overrides));
}

function same(a: Float32Array, b: Float32Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

function copy(c: Checkpoint): Checkpoint {
  const matrices = Object.fromEntries(Object.entries(c.matrices).map(([name, m]) => [name, new Float32Array(m)]));
  return { ...structuredClone({ ...c, matrices: {} }), matrices };
}

describe('the wasm kernel in the word2vec trainer', () => {
  it('runs for every method with negative sampling only, unless EMBEDLAB_KERNEL=ts', () => {
    const ns = { negative: 5, hs: false };
    expect(wasmKernelSupported({ method: 'sgns', ...ns }, 'wasm')).toBe(true);
    expect(wasmKernelSupported({ method: 'cbow', ...ns }, 'wasm')).toBe(true);
    expect(wasmKernelSupported({ method: 'sgns', ...ns }, 'ts')).toBe(false);
    expect(wasmKernelSupported({ method: 'sgns', negative: 5, hs: true }, 'wasm')).toBe(false);
    expect(wasmKernelSupported({ method: 'cbow', negative: 0, hs: true }, 'wasm')).toBe(false);
    expect(wasmKernelSupported({ method: 'fasttext', ...ns }, 'wasm')).toBe(true);
    expect(wasmKernelSupported({ method: 'fasttext', negative: 5, hs: true }, 'wasm')).toBe(false);
    process.env.EMBEDLAB_KERNEL = 'ts';
    expect(wasmKernelSupported({ method: 'sgns', ...ns })).toBe(false);
    delete process.env.EMBEDLAB_KERNEL;
    expect(wasmKernelSupported({ method: 'sgns', ...ns })).toBe(true);
  });

  it.each<[string, Partial<Word2vecParams>, string[]]>([
    ['skip-gram', { method: 'sgns' }, ['syn1neg']],
    ['CBOW', { method: 'cbow' }, ['syn1neg']],
    [
      'fastText subwords',
      { method: 'fasttext', minn: 3, maxn: 5, bucket: 5000 },
      ['ngram-buckets', 'ngrams', 'syn0', 'syn1neg'],
    ],
  ])('trains %s on the planted corpus as well as the TS kernel', async (_name, overrides, matrices) => {
    const ts = await train(overrides, 'ts');
    const wasm = await train(overrides, 'wasm');
    // the same seed, but the wasm kernel draws windows and negatives from its own generator
    expect(same(ts.vectors, wasm.vectors)).toBe(false);
    expect(Object.keys(wasm.matrices).sort()).toEqual(matrices);
    for (const name of matrices) expect(wasm.matrices[name].length).toBe(ts.matrices[name].length);
    expect(wasm.vectors.length).toBe(ts.vectors.length);
    expect(wasm.matrices.syn1neg.length).toBe(ts.matrices.syn1neg.length);
    expect(wasm.wordsDone).toBe(5 * total);
    expectPlantedGroups(planted.words, ts.vectors, ts.dim);
    expectPlantedGroups(planted.words, wasm.vectors, wasm.dim);
    expect(wasm.epochLoss).toHaveLength(5);
    for (const loss of wasm.epochLoss) expect(loss).toBeGreaterThan(0);
    expect(wasm.epochLoss[4]).toBeLessThan(wasm.epochLoss[0]);
    // the same objective: the final epoch losses agree closely
    expect(Math.abs(wasm.epochLoss[4] - ts.epochLoss[4]) / ts.epochLoss[4]).toBeLessThan(0.05);
  });

  it.each<[string, Partial<Word2vecParams>]>([
    ['skip-gram', { method: 'sgns', sample: 1e-3 }],
    ['CBOW', { method: 'cbow', sample: 1e-3 }],
  ])('gives bit-identical %s results for one thread and a fixed seed', async (_name, overrides) => {
    const a = await train({ ...overrides, epochs: 2, seed: 7 }, 'wasm');
    const b = await train({ ...overrides, epochs: 2, seed: 7 }, 'wasm');
    expect(same(a.vectors, b.vectors)).toBe(true);
    expect(same(a.matrices.syn1neg, b.matrices.syn1neg)).toBe(true);
    expect(a.epochLoss).toEqual(b.epochLoss);
    const c = await train({ ...overrides, epochs: 2, seed: 8 }, 'wasm');
    expect(same(a.vectors, c.vectors)).toBe(false);
  });

  it('respects nsExponent (the alias table power)', async () => {
    const a = await train({ epochs: 1, nsExponent: 0.75 }, 'wasm');
    const b = await train({ epochs: 1, nsExponent: 0 }, 'wasm');
    expect(same(a.vectors, b.vectors)).toBe(false);
  });

  it('streams progress with a finite loss', async () => {
    process.env.EMBEDLAB_KERNEL = 'wasm';
    const progress: TrainProgress[] = [];
    const result = await trainWord2vec({ ...input({ threads: 2, epochs: 20 }), onProgress: (p) => progress.push(p) });
    expect(progress.length).toBeGreaterThan(0);
    for (const p of progress) expect(Number.isFinite(p.loss) && p.loss > 0).toBe(true);
    expect(progress[progress.length - 1].wordsDone).toBe(result.wordsDone);
  });

  it('checkpoints the wasm generator and resumes from a mid-way checkpoint', async () => {
    process.env.EMBEDLAB_KERNEL = 'wasm';
    const params = { threads: 2, epochs: 6 };
    const taken: Checkpoint[] = [];
    await trainWord2vec({
      ...input(params),
      checkpointEveryMs: 50,
      // the checkpoint's matrices are the live weights: copy them (structuredClone would share the memory)
      onCheckpoint: (c) => taken.push(copy(c)),
    });
    const mid = taken.filter((c) => c.wordsDone > total && c.wordsDone < 5 * total);
    expect(mid.length, `checkpoints at ${taken.map((c) => c.wordsDone).join(', ')}`).toBeGreaterThan(0);
    const from = mid[Math.floor(mid.length / 2)];
    const state = from.state as unknown as Word2vecCheckpointState;
    expect(Object.keys(from.matrices).sort()).toEqual(['syn0', 'syn1neg']);
    for (const p of state.threads) expect(p.kernelRandom).toMatch(/^\d+$/);
    expect(JSON.parse(JSON.stringify(from.state))).toEqual(from.state);

    const resumed = await trainWord2vec({ ...input(params), resumeFrom: from });
    expect(resumed.wordsDone).toBe(6 * total);
    for (const loss of resumed.epochLoss) expect(Number.isFinite(loss) && loss > 0).toBe(true);
    expectPlantedGroups(planted.words, resumed.vectors, resumed.dim);

    // a damaged generator state is refused
    const damaged = copy(from);
    (damaged.state as unknown as Word2vecCheckpointState).threads[0].kernelRandom = '-1';
    await expect(trainWord2vec({ ...input(params), resumeFrom: damaged })).rejects.toThrow(
      "thread 0's position is damaged",
    );
  });
});
