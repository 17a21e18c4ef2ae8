import { readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SgnsParams } from '../../../src-preload/contract.ts';
import { SENTENCE_END } from '../../../src-main/core/corpus/token-file.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';
import { TrainAbortError, trainSgns, type TrainProgress } from '../../../src-main/core/train/sgns.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

// ---------- helpers: a vocabulary sorted by count and a token-id file ----------

interface Encoded {
  words: string[];
  counts: number[];
  file: string;
}

function encode(lines: string[][], file: string): Encoded {
  const freq = new Map<string, number>();
  for (const line of lines) for (const w of line) freq.set(w, (freq.get(w) ?? 0) + 1);
  const words = [...freq.keys()].sort((a, b) => freq.get(b)! - freq.get(a)! || (a < b ? -1 : 1));
  const id = new Map(words.map((w, i) => [w, i]));
  const tokens: number[] = [];
  for (const line of lines) {
    for (const w of line) tokens.push(id.get(w)!);
    tokens.push(SENTENCE_END);
  }
  writeFileSync(file, new Uint8Array(Uint32Array.from(tokens).buffer));
  return { words, counts: words.map((w) => freq.get(w)!), file };
}

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

const colors = ['red', 'blue', 'green'];
const animals = ['dog', 'cat', 'horse'];

/** two topics among shared filler words; each topic's planted words share its context words */
function plantedCorpus(sentences: number): string[][] {
  const random = new Xoshiro128(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random.nextFloat() * xs.length)];
  const topics = [
    { planted: colors, context: ['paint', 'bright', 'shade', 'dye', 'hue', 'canvas'] },
    { planted: animals, context: ['barn', 'feed', 'tail', 'fur', 'pet', 'vet'] },
  ];
  const fillers = Array.from({ length: 40 }, (_, i) => `w${i}`);
  const lines: string[][] = [];
  for (let s = 0; s < sentences; s++) {
    const topic = topics[s % 2];
    const line: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = random.nextFloat();
      line.push(r < 0.25 ? pick(topic.planted) : r < 0.5 ? pick(topic.context) : pick(fillers));
    }
    lines.push(line);
  }
  return lines;
}

function shuffled<T>(xs: T[]): T[] {
  const random = new Xoshiro128(5);
  const out = xs.slice();
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random.nextFloat() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

function cosine(v: Float32Array, dim: number, a: number, b: number): number {
  let ab = 0;
  let aa = 0;
  let bb = 0;
  for (let c = 0; c < dim; c++) {
    const x = v[a * dim + c];
    const y = v[b * dim + c];
    ab += x * y;
    aa += x * x;
    bb += y * y;
  }
  return ab / Math.sqrt(aa * bb);
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
    const { vectors, dim } = result;
    expect(result.vocabSize).toBe(planted.words.length);
    expect(vectors.length).toBe(planted.words.length * dim);
    const index = (w: string): number => planted.words.indexOf(w);
    const all = [...colors, ...animals];
    for (const word of all) {
      const own = colors.includes(word) ? colors : animals;
      const others = all.filter((w) => w !== word);
      const nearest = others.reduce((best, w) =>
        cosine(vectors, dim, index(word), index(w)) > cosine(vectors, dim, index(word), index(best)) ? w : best,
      );
      expect(own, `nearest planted word to ${word} is ${nearest}`).toContain(nearest);
    }
    const within = cosine(vectors, dim, index('red'), index('blue'));
    const across = cosine(vectors, dim, index('red'), index('dog'));
    expect(within - across).toBeGreaterThan(0.2);
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
