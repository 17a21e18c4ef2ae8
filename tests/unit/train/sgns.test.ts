import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SgnsParams } from '../../../src-preload/contract.ts';
import { TrainAbortError, trainSgns, type TrainProgress } from '../../../src-main/core/train/sgns.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';
import { encode, expectPlantedGroups, plantedCorpus, shuffled, type Encoded } from './corpus.ts';

function params(overrides: Partial<SgnsParams> = {}): SgnsParams {
  return {
    dim: 20,
    window: 4,
    negative: 5,
    minCount: 1,
    sample: 0,
    epochs: 5,
    threads: 1,
    alpha: 0.025,
    minAlpha: 0.0001,
    seed: 1,
    ...overrides,
  };
}

const temp = tempDir('embedlab-sgns-');
let planted: Encoded;

beforeAll(() => {
  planted = encode(plantedCorpus(3000), join(temp.dir, 'planted.tok'));
});
afterAll(() => temp.cleanup());

// ---------- tests ----------

describe('trainSgns', () => {
  it('puts planted related words nearer each other than unrelated ones', async () => {
    const result = await trainSgns({ tokenFile: planted.file, counts: planted.counts, params: params() });
    expect(result.vocabSize).toBe(planted.words.length);
    expect(result.vectors.length).toBe(planted.words.length * result.dim);
    expectPlantedGroups(planted.words, result.vectors, result.dim);
  });

  it('gives bit-identical vectors for one thread and a fixed seed', async () => {
    const input = { tokenFile: planted.file, counts: planted.counts, params: params({ epochs: 2, seed: 7 }) };
    const a = await trainSgns(input);
    const b = await trainSgns(input);
    expect(Buffer.from(a.vectors.buffer).equals(Buffer.from(b.vectors.buffer))).toBe(true);
    expect(a.epochLoss).toEqual(b.epochLoss);
    const c = await trainSgns({ ...input, params: params({ epochs: 2, seed: 8 }) });
    expect(Buffer.from(a.vectors.buffer).equals(Buffer.from(c.vectors.buffer))).toBe(false);
  });

  it('skips words below min-count, as word2vec.c drops them', async () => {
    const minCount = planted.counts[5];
    const result = await trainSgns({
      tokenFile: planted.file,
      counts: planted.counts,
      params: params({ epochs: 1, minCount }),
    });
    const kept = planted.counts.filter((c) => c >= minCount);
    expect(result.vocabSize).toBe(kept.length);
    expect(result.vectors.length).toBe(kept.length * 20);
    expect(result.wordsDone).toBe(kept.reduce((s, c) => s + c, 0));
  });

  it('stops within a second when aborted and hands back the vectors so far', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const run = trainSgns({
      tokenFile: planted.file,
      counts: planted.counts,
      params: params({ epochs: 1000, threads: 2 }),
      signal: controller.signal,
      onProgress: () => {
        if (abortedAt) return;
        abortedAt = Date.now();
        controller.abort();
      },
    });
    const err = await run.catch((e: unknown) => e);
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    expect(err).toBeInstanceOf(TrainAbortError);
    expect((err as TrainAbortError).name).toBe('AbortError');
    expect((err as TrainAbortError).partial.length).toBe(planted.words.length * 20);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const run = trainSgns({
      tokenFile: planted.file,
      counts: planted.counts,
      params: params(),
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('rejects with the worker’s message when a thread fails', async () => {
    const file = join(temp.dir, 'vanishing.tok');
    writeFileSync(file, readFileSync(planted.file));
    const run = trainSgns({ tokenFile: file, counts: planted.counts, params: params() });
    unlinkSync(file); // the workers open the file after they start
    await expect(run).rejects.toThrow(/ENOENT|no such file/);
  });

  describe('validates parameters before any work', () => {
    const cases: [Partial<SgnsParams>, RegExp][] = [
      [{ dim: 0 }, /^dim must be at least 1, got 0$/],
      [{ window: 0 }, /^window must be at least 1, got 0$/],
      [{ negative: -1 }, /^negative must be at least 0, got -1$/],
      [{ epochs: 0 }, /^epochs must be at least 1, got 0$/],
      [{ threads: 1.5 }, /^threads must be a whole number, got 1.5$/],
      [{ alpha: 0 }, /^alpha must be larger than 0, got 0$/],
      [{ sample: -1 }, /^sample must be at least 0, got -1$/],
    ];
    it.each(cases)('%o', async (overrides, message) => {
      const run = trainSgns({ tokenFile: planted.file, counts: planted.counts, params: params(overrides) });
      await expect(run).rejects.toThrow(message);
    });

    it('names the most frequent word when min-count is above every count', async () => {
      const run = trainSgns({
        tokenFile: planted.file,
        counts: [123, 50],
        words: ['the', 'of'],
        params: params({ minCount: 200 }),
      });
      await expect(run).rejects.toThrow(
        "min-count 200 is larger than the count of every word (most frequent: 'the', 123)",
      );
    });

    it('reports a missing token file', async () => {
      const run = trainSgns({ tokenFile: join(temp.dir, 'missing.tok'), counts: [3], params: params() });
      await expect(run).rejects.toThrow(/cannot read the token file/);
    });
  });

  it('trains corpus-tiny with a sensible loss that falls across epochs', async () => {
    const text = readFileSync(sharedData('corpus-tiny.txt'), 'utf8').toLowerCase();
    const lines = text
      .split('\n')
      .map((line) => line.split(/[^a-z]+/).filter(Boolean))
      .filter((line) => line.length > 0);
    // in file order a high learning rate adapts to each document as it passes, so the
    // online loss of later, slower epochs need not fall; shuffled lines measure the fit
    const tiny = encode(shuffled(lines), join(temp.dir, 'tiny.tok'));
    const progress: TrainProgress[] = [];
    const p = params({ dim: 50, window: 5, minCount: 5, sample: 1e-3, epochs: 3, threads: 2 });
    const result = await trainSgns({
      tokenFile: tiny.file,
      counts: tiny.counts,
      params: p,
      onProgress: (x) => progress.push(x),
    });
    const kept = tiny.counts.filter((c) => c >= 5);
    const total = kept.reduce((s, c) => s + c, 0);
    expect(result.vocabSize).toBe(kept.length);
    expect(result.wordsDone).toBe(3 * total);
    // at the start every term is log 2: (1 + negative) * log 2 = 4.16 per pair
    const [first, second, third] = result.epochLoss;
    expect(first).toBeLessThan(3.6);
    expect(third).toBeGreaterThan(1.5);
    expect(second).toBeLessThan(first);
    expect(third).toBeLessThan(second);
    const last = progress[progress.length - 1];
    expect(last.wordsDone).toBe(3 * total);
    expect(last.wordsTotal).toBe(3 * total);
    expect(last.epoch).toBe(3);
    expect(progress.every((x) => Number.isFinite(x.loss) && x.alpha > 0 && x.alpha <= 0.025)).toBe(true);
  });
});
