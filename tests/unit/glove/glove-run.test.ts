import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  defaultGloveParams,
  trainGlove,
  type GloveParams,
  type TrainGloveInput,
} from '../../../src-main/core/train/glove/glove.ts';
import { tempDir } from '../../helpers/paths.ts';
import { plantedLines, writeCorpus, type BuiltCorpus } from './corpus.ts';

// Worker threads booting under tsx take a second or more each here, so runs are few.
const small: GloveParams = { ...defaultGloveParams, dim: 10, window: 5, minCount: 1, iter: 4, threads: 1, seed: 3 };

describe('trainGlove threads', () => {
  let dir: string;
  let cleanup: () => void;
  let corpus: BuiltCorpus;
  let tokenFile: string;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir('glove-run-'));
    tokenFile = join(dir, 'tokens.bin');
    corpus = writeCorpus(plantedLines(1, 1500), tokenFile);
  });
  afterEach(() => cleanup());

  function train(params: Partial<GloveParams>, extra: Partial<TrainGloveInput> = {}) {
    return trainGlove({ tokenFile, counts: corpus.counts, params: { ...small, ...params }, tmpDir: dir, ...extra });
  }

  it('trains Hogwild on several threads', async () => {
    const result = await train({ threads: 2, model: 'word' });
    expect(result.vectors.every(Number.isFinite)).toBe(true);
    expect(result.vectors.length).toBe(corpus.words.length * 10);
    expect(result.epochLoss[3]).toBeLessThan(result.epochLoss[0]);
    expect(readdirSync(dir)).toEqual(['tokens.bin']);
  });

  it('stops on abort within a second and leaves no temporary files', async () => {
    for (const phase of ['cooccur', 'train'] as const) {
      const controller = new AbortController();
      let abortedAt = 0;
      const run = train(
        { iter: 10_000 },
        {
          signal: controller.signal,
          onProgress: (p) => {
            if (p.phase === phase && !abortedAt && (phase !== 'train' || (p.epoch ?? 0) >= 2)) {
              abortedAt = Date.now();
              controller.abort();
            }
          },
        },
      );
      await expect(run).rejects.toMatchObject({ name: 'AbortError' });
      expect(Date.now() - abortedAt).toBeLessThan(1000);
      expect(readdirSync(dir)).toEqual(['tokens.bin']);
    }
    const controller = new AbortController();
    controller.abort();
    await expect(train({}, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(readdirSync(dir)).toEqual(['tokens.bin']);
  });
});
