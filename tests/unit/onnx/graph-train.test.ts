// Skip-gram trained through the ONNX graph on the CPU provider learns the
// planted corpus's structure, as the CPU trainer does on the same corpus.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainSgnsOnGraph } from '../../../src-main/core/onnx/graph-train.ts';
import { trainSgns } from '../../../src-main/core/train/sgns.ts';
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
    const graph = await trainSgnsOnGraph({
      tokenFile: planted.file,
      counts: planted.counts,
      params: { ...params, batch: 256 },
      provider: 'cpu',
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
});
