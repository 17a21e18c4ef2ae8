// Skip-gram, CBOW and GloVe trained through their ONNX graphs on the CPU
// provider learn the planted corpus's structure, as the CPU trainers do on
// the same corpus; the loss falls; an abort stops them.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainGloveOnGraph } from '../../../src-main/core/onnx/glove-graph-train.ts';
import { trainCbowOnGraph, trainSgnsOnGraph } from '../../../src-main/core/onnx/graph-train.ts';
import { trainGlove } from '../../../src-main/core/train/glove/glove.ts';
import { defaultGloveParams } from '../../../src-main/core/train/glove/glove-params.ts';
import { trainSgns } from '../../../src-main/core/train/sgns.ts';
import type { TrainProgress } from '../../../src-main/core/train/types.ts';
import { tempDir } from '../../helpers/paths.ts';
import { encode, expectPlantedGroups, plantedCorpus, type Encoded } from '../train/corpus.ts';

const temp = tempDir('embedlab-graph-');
let planted: Encoded;
beforeAll(() => {
  planted = encode(plantedCorpus(3000), join(temp.dir, 'planted.tok'));
});
afterAll(() => temp.cleanup());

const params = { dim: 20, window: 4, negative: 5, sample: 0, epochs: 5, alpha: 0.025, minAlpha: 0.0001, seed: 1 };

describe('skip-gram on the ONNX graph', () => {
  it('puts planted related words nearer each other than unrelated ones, as the CPU trainer', async () => {
    const progress: TrainProgress[] = [];
    const graph = await trainSgnsOnGraph({
      tokenFile: planted.file,
      counts: planted.counts,
      params: { ...params, batch: 256 },
      provider: 'cpu',
      onProgress: (p) => progress.push(p),
    });
    expectPlantedGroups(planted.words, graph.vectors, graph.dim);
    const cpu = await trainSgns({
      tokenFile: planted.file,
      counts: planted.counts,
      params: { ...params, minCount: 1, threads: 1 },
    });
    expectPlantedGroups(planted.words, cpu.vectors, cpu.dim);
    // the loss falls epoch over epoch
    expect(graph.epochLoss.at(-1)!).toBeLessThan(graph.epochLoss[0]);
    // every corpus word counted, progress to the end
    const words = planted.counts.reduce((s, c) => s + c, 0);
    expect(graph.wordsDone).toBe(params.epochs * words);
    expect(progress.at(-1)).toMatchObject({ wordsDone: params.epochs * words, wordsTotal: params.epochs * words });
    expect(progress.at(-1)!.message).toMatch(/ONNX graph on cpu/);
    expect(graph.matrices.syn1neg).toHaveLength(graph.vectors.length);
  });

  it('stops when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(
      trainSgnsOnGraph({
        tokenFile: planted.file,
        counts: planted.counts,
        params: { ...params, batch: 64 },
        provider: 'cpu',
        signal: controller.signal,
      }),
    ).rejects.toThrow(/abort/i);
  });

  it('goes on from a finished run: the loss starts where the first run ended', async () => {
    const first = await trainSgnsOnGraph({
      tokenFile: planted.file,
      counts: planted.counts,
      params: { ...params, epochs: 2, batch: 512 },
      provider: 'cpu',
    });
    const more = await trainSgnsOnGraph({
      tokenFile: planted.file,
      counts: planted.counts,
      params: { ...params, epochs: 1, batch: 512 },
      provider: 'cpu',
      initFrom: { vectors: first.vectors, ...first.matrices },
    });
    expect(more.epochLoss[0]).toBeLessThan(first.epochLoss[0]);
  });
});

describe('CBOW on the ONNX graph', () => {
  it('learns the planted structure with a falling loss', async () => {
    const graph = await trainCbowOnGraph({
      tokenFile: planted.file,
      counts: planted.counts,
      params: { ...params, alpha: 0.05, epochs: 8, batch: 128 },
      provider: 'cpu',
    });
    expectPlantedGroups(planted.words, graph.vectors, graph.dim);
    expect(graph.epochLoss.at(-1)!).toBeLessThan(graph.epochLoss[0]);
    // one example per center word with a context: all of them (sample 0, lines of 12)
    const words = planted.counts.reduce((s, c) => s + c, 0);
    expect(graph.examples).toBe(8 * words);
  });
});

describe('GloVe on the ONNX graph', () => {
  // 48 words: a batch of 16 records already sums several updates into one row (minibatch semantics)
  const glove = { ...defaultGloveParams, dim: 10, window: 5, minCount: 1, iter: 25, seed: 3, threads: 1, batch: 16 };

  it('with one record per step, equals the CPU trainer on one thread (same records, same order)', async () => {
    const short = { ...glove, iter: 3 };
    const graph = await trainGloveOnGraph({
      tokenFile: planted.file,
      counts: planted.counts,
      params: { ...short, batch: 1 },
      provider: 'cpu',
      tmpDir: temp.dir,
    });
    const cpu = await trainGlove({ tokenFile: planted.file, counts: planted.counts, params: short, tmpDir: temp.dir });
    // float32 on the graph, float64 on the CPU, over 3 x 3202 updates
    let diff = 0;
    for (let k = 0; k < cpu.vectors.length; k++) diff = Math.max(diff, Math.abs(graph.vectors[k] - cpu.vectors[k]));
    expect(diff).toBeLessThan(1e-4);
    graph.epochLoss.forEach((l, e) => expect(l).toBeCloseTo(cpu.epochLoss[e], 5));
  });

  it('learns the planted structure from the CPU trainer’s co-occurrences, leaving no files', async () => {
    const progress: TrainProgress[] = [];
    const result = await trainGloveOnGraph({
      tokenFile: planted.file,
      counts: planted.counts,
      params: glove,
      provider: 'cpu',
      tmpDir: temp.dir,
      onProgress: (p) => progress.push(p),
    });
    expect(result.vectors.length).toBe(planted.words.length * glove.dim);
    expectPlantedGroups(planted.words, result.vectors, result.dim, 0.1);
    const loss = result.epochLoss;
    expect(loss).toHaveLength(25);
    expect(loss[24]).toBeLessThan(loss[0] / 5);
    expect(new Set(progress.map((p) => p.phase))).toEqual(new Set(['cooccur', 'shuffle', 'train']));
    // the stored layout is the CPU trainer's: W, Wc, biases and their AdaGrad sums
    expect(Object.keys(result.matrices).sort()).toEqual(
      ['W', 'Wc', 'biases', 'gradsqBiases', 'gradsqW', 'gradsqWc'].sort(),
    );
    expect(readdirSync(temp.dir)).toEqual(['planted.tok']);
  });

  it('stops when aborted during training and removes its files', async () => {
    const controller = new AbortController();
    const run = trainGloveOnGraph({
      tokenFile: planted.file,
      counts: planted.counts,
      params: { ...glove, iter: 10_000 },
      provider: 'cpu',
      tmpDir: temp.dir,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.phase === 'train' && p.epoch >= 2) controller.abort();
      },
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(temp.dir)).toEqual(['planted.tok']);
  });
});
