import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import {
  WasmModel,
  createWasmKernel,
  seedState,
  type KernelMode,
  type WasmModelOptions,
} from '../../../src-main/core/kernels/wasm-kernel.ts';
import { aliasTable, sigmoidTables } from '../../../src-main/core/kernels/tables.ts';
import {
  drawWord,
  nextRandom,
  refCbow,
  refFastText,
  refSkipGram,
  refSkipGramBatch,
  tableLoss,
  tableSigmoid,
  type RefModel,
  type RefState,
} from './reference.ts';

const COUNTS = [40, 25, 18, 12, 9, 7, 5, 4, 3, 2, 2, 1];

function model(overrides: Partial<WasmModelOptions> = {}): WasmModel {
  const m = WasmModel.create({
    vocabSize: COUNTS.length,
    dim: 10,
    window: 3,
    negative: 4,
    threads: 1,
    counts: COUNTS,
    ...overrides,
  });
  fill(m.syn0, 1, 0.5);
  fill(m.syn1neg, 2, 0.5);
  return m;
}

/** seeded values in [-scale/2, scale/2): nonzero syn1neg so the first steps are not trivial */
function fill(a: Float32Array, seed: number, scale: number): void {
  let x = seed;
  for (let i = 0; i < a.length; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    a[i] = ((x >>> 8) / 16777216 - 0.5) * scale;
  }
}

function sentences(count: number, length: number, vocab: number, seed: number): Uint32Array[] {
  let x = seed;
  return Array.from({ length: count }, () =>
    Uint32Array.from({ length }, () => {
      x = (Math.imul(x, 22695477) + 1) | 0;
      return (x >>> 16) % vocab;
    }),
  );
}

function reference(m: WasmModel, options: { window: number; negative: number }): RefModel {
  return {
    syn0: new Float32Array(m.syn0),
    syn1neg: new Float32Array(m.syn1neg),
    dim: m.shared.dim,
    window: options.window,
    negative: options.negative,
    alias: aliasTable(COUNTS, m.shared.vocabSize),
    vocabSize: m.shared.vocabSize,
  };
}

function expectClose(actual: Float32Array, expected: Float32Array, tolerance = 1e-5): void {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    worst = Math.max(worst, Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i])));
  }
  expect(worst).toBeLessThan(tolerance);
}

const references = {
  skipgram: refSkipGram,
  'skipgram-batch': refSkipGramBatch,
  cbow: refCbow,
  fasttext: refFastText,
} satisfies Record<KernelMode, unknown>;

describe('wasm kernel against the reference', () => {
  for (const mode of ['skipgram', 'skipgram-batch', 'cbow'] as const) {
    for (const dim of [10, 8, 3, 37]) {
      it(`${mode}, dim ${dim}: same weights, loss, pairs and generator state`, () => {
        const options = { dim, window: 3, negative: 4 };
        const m = model(options);
        const ref = reference(m, options);
        const kernel = createWasmKernel(m.shared, { threadIndex: 0, seed: 11, mode });
        const state: RefState = { random: kernel.randomState, loss: 0, pairs: 0 };
        const alphas = [0.025, 0.02, 0.01, 0.005];
        sentences(12, 30, COUNTS.length, 5).forEach((sentence, s) => {
          const alpha = alphas[s % alphas.length];
          kernel.trainSentence(sentence, sentence.length, alpha);
          references[mode](ref, sentence, Math.fround(alpha), state);
        });
        expectClose(m.syn0, ref.syn0);
        expectClose(m.syn1neg, ref.syn1neg);
        expect(kernel.pairs).toBe(state.pairs);
        expect(kernel.lossSum).toBeCloseTo(state.loss, 3);
        expect(kernel.randomState).toBe(state.random);
      });
    }
  }

  it('skips a negative equal to the center and handles one-word sentences', () => {
    // only word 1 has a count: every negative is word 1, which is also a center here
    const counts = [0, 1, 0];
    const m = WasmModel.create({ vocabSize: 3, dim: 5, window: 2, negative: 3, threads: 1, counts });
    fill(m.syn0, 3, 0.5);
    fill(m.syn1neg, 4, 0.5);
    const ref: RefModel = { ...reference(m, { window: 2, negative: 3 }), alias: aliasTable(counts, 3) };
    const kernel = createWasmKernel(m.shared, { threadIndex: 0, seed: 2 });
    const state: RefState = { random: kernel.randomState, loss: 0, pairs: 0 };
    for (const sentence of [[1, 0, 2, 1, 1], [2], [0, 1]]) {
      kernel.trainSentence(Uint32Array.from(sentence), sentence.length, 0.05);
      refSkipGram(ref, sentence, Math.fround(0.05), state);
    }
    expectClose(m.syn0, ref.syn0);
    expectClose(m.syn1neg, ref.syn1neg);
    expect(kernel.pairs).toBe(state.pairs);
  });

  it('trains a sentence written straight into the kernel buffer', () => {
    const m = model();
    const kernel = createWasmKernel(m.shared, { threadIndex: 0, seed: 1 });
    kernel.sentence.set([0, 1, 2, 3]);
    kernel.trainSentence(kernel.sentence, 4, 0.025);
    expect(kernel.pairs).toBeGreaterThan(0);
  });
});

describe("fasttext kernel against fastText's per-pair update", () => {
  const BUCKETS = 7;
  /** word w: its own row, then n-gram rows; word 3 (or the last) lists bucket row 2 twice, as a repeated n-gram does */
  function subwords(vocabSize: number): { offsets: Uint32Array; ids: Uint32Array; inputRows: number } {
    const rows: number[][] = Array.from({ length: vocabSize }, (_, w) => [
      w,
      ...Array.from({ length: w % 4 }, (_, k) => vocabSize + ((w * 3 + k * 5) % BUCKETS)),
    ]);
    rows[Math.min(3, vocabSize - 1)].push(vocabSize + 2, vocabSize + 2);
    const offsets = new Uint32Array(vocabSize + 1);
    rows.forEach((r, w) => (offsets[w + 1] = offsets[w] + r.length));
    return { offsets, ids: Uint32Array.from(rows.flat()), inputRows: vocabSize + BUCKETS };
  }

  for (const dim of [10, 3, 37]) {
    it(`dim ${dim}: same rows, output weights, loss, pairs and generator state`, () => {
      const table = subwords(COUNTS.length);
      const m = WasmModel.create({
        vocabSize: COUNTS.length,
        dim,
        window: 3,
        negative: 4,
        threads: 1,
        counts: COUNTS,
        power: 0.5,
        subwords: table,
      });
      fill(m.input, 1, 0.5);
      fill(m.syn1neg, 2, 0.5);
      const ref = {
        ...reference(m, { window: 3, negative: 4 }),
        syn0: new Float32Array(m.input),
        alias: aliasTable(COUNTS, COUNTS.length, 0.5),
        ...table,
      };
      const kernel = createWasmKernel(m.shared, { threadIndex: 0, seed: 7, mode: 'fasttext' });
      const state: RefState = { random: kernel.randomState, loss: 0, pairs: 0 };
      sentences(10, 25, COUNTS.length, 3).forEach((sentence, s) => {
        const alpha = [0.05, 0.03, 0.01][s % 3];
        kernel.trainSentence(sentence, sentence.length, alpha);
        refFastText(ref, sentence, Math.fround(alpha), state);
      });
      expectClose(m.input, ref.syn0, 2e-5);
      expectClose(m.syn1neg, ref.syn1neg, 2e-5);
      expect(kernel.pairs).toBe(state.pairs);
      expect(kernel.lossSum).toBeCloseTo(state.loss, 3);
      expect(kernel.randomState).toBe(state.random);
    });
  }

  it('draws a negative again while it is the target', () => {
    // word 1 holds almost all the mass: most draws hit it, and it is often the target
    const counts = [1, 1000, 1];
    const table = subwords(3);
    const m = WasmModel.create({ vocabSize: 3, dim: 4, window: 2, negative: 3, threads: 1, counts, subwords: table });
    fill(m.input, 3, 0.5);
    fill(m.syn1neg, 4, 0.5);
    const ref = {
      ...reference(m, { window: 2, negative: 3 }),
      syn0: new Float32Array(m.input),
      alias: aliasTable(counts, 3),
      ...table,
    };
    const kernel = createWasmKernel(m.shared, { threadIndex: 0, seed: 5, mode: 'fasttext' });
    const state: RefState = { random: kernel.randomState, loss: 0, pairs: 0 };
    for (const sentence of [[1, 1, 0, 1, 2, 1], [1], [2, 1]]) {
      kernel.trainSentence(Uint32Array.from(sentence), sentence.length, 0.05);
      refFastText(ref, sentence, Math.fround(0.05), state);
    }
    expectClose(m.input, ref.syn0);
    expectClose(m.syn1neg, ref.syn1neg);
    expect(kernel.randomState).toBe(state.random);
  });

  it('refuses a model without subwords, and a table that points past the input rows', () => {
    expect(() => createWasmKernel(model().shared, { threadIndex: 0, seed: 1, mode: 'fasttext' })).toThrow(/subwords/);
    const base = { vocabSize: 2, dim: 4, window: 2, negative: 1, threads: 1, counts: [2, 1] };
    const offsets = Uint32Array.of(0, 1, 2);
    expect(() => WasmModel.create({ ...base, subwords: { offsets, ids: Uint32Array.of(0, 5), inputRows: 4 } })).toThrow(
      /not below 4/,
    );
    expect(() =>
      WasmModel.create({
        ...base,
        subwords: { offsets: Uint32Array.of(0, 0, 1), ids: Uint32Array.of(1), inputRows: 2 },
      }),
    ).toThrow(/no input rows/);
  });
});

describe('sigmoid table edge rule', () => {
  // vocab: 0 the center, 1 the context; negative 0, so the center is the only output
  const cases = [-7, -6, -5.999, -0.5, 0, 0.25, 5.999, 6, 7];
  for (const x of cases) {
    it(`f = ${x}`, () => {
      const m = WasmModel.create({ vocabSize: 2, dim: 4, window: 1, negative: 0, threads: 1, counts: [1, 1] });
      m.syn0.set([x, 0, 0, 0], 4); // context word 1
      m.syn1neg.set([1, 0, 0, 0], 0); // center word 0
      const kernel = createWasmKernel(m.shared, { threadIndex: 0, seed: 1 });
      const alpha = 0.5;
      kernel.trainSentence(Uint32Array.of(0, 1), 2, alpha);
      // first pair (context 1, center 0) has f = x; the second has f = 0
      const g = Math.fround((1 - tableSigmoid(x)) * alpha);
      expect(m.syn1neg[0]).toBeCloseTo(1 + g * x, 6);
      if (x >= 6) expect(m.syn1neg[0]).toBe(1);
      if (x <= -6) expect(m.syn1neg[0]).toBeCloseTo(1 + alpha * x, 6);
      expect(kernel.lossSum).toBeCloseTo(tableLoss(x, true) + tableLoss(0, true), 5);
    });
  }

  it('uses word2vec.c table points', () => {
    const { sigmoid, positiveLoss, negativeLoss } = sigmoidTables();
    expect(sigmoid[0]).toBeCloseTo(1 / (1 + Math.exp(6)), 7);
    expect(sigmoid[500]).toBeCloseTo(0.5, 7);
    expect(positiveLoss[500]).toBeCloseTo(Math.LN2, 6);
    expect(negativeLoss[999]).toBeCloseTo(-Math.log(1 - sigmoid[999]), 6);
    expect(tableSigmoid(6)).toBe(1);
    expect(tableSigmoid(-6)).toBe(0);
  });
});

describe('alias table', () => {
  it('draws words in proportion to count^0.75', () => {
    const counts = [1000, 300, 100, 30, 10, 3, 1, 0];
    const table = aliasTable(counts, counts.length);
    const seen = new Float64Array(counts.length);
    let state = 12345n;
    const draws = 200_000;
    for (let n = 0; n < draws; n++) {
      state = nextRandom(state);
      seen[drawWord(table, counts.length, state)]++;
    }
    const weights = counts.map((c) => Math.pow(c, 0.75));
    const total = weights.reduce((a, b) => a + b, 0);
    weights.forEach((w, i) => {
      const expected = (draws * w) / total;
      expect(Math.abs(seen[i] - expected)).toBeLessThan(5 * Math.sqrt(expected) + 1);
    });
    expect(seen[7]).toBe(0);
  });

  it('rejects counts with nothing to draw', () => {
    expect(() => aliasTable([0, 0], 2)).toThrow(RangeError);
  });
});

describe('determinism', () => {
  function run(seed: number, mode: KernelMode = 'skipgram'): { syn0: Float32Array; syn1neg: Float32Array } {
    const m = model({ vocabSize: COUNTS.length, dim: 16 });
    const kernel = createWasmKernel(m.shared, { threadIndex: 0, seed, mode });
    for (const sentence of sentences(20, 40, COUNTS.length, 9)) kernel.trainSentence(sentence, sentence.length, 0.025);
    return { syn0: new Float32Array(m.syn0), syn1neg: new Float32Array(m.syn1neg) };
  }

  for (const mode of ['skipgram', 'skipgram-batch', 'cbow'] as const) {
    it(`${mode}: one thread and a fixed seed give bit-identical weights`, () => {
      const a = run(3, mode);
      const b = run(3, mode);
      expect(Buffer.from(a.syn0.buffer).equals(Buffer.from(b.syn0.buffer))).toBe(true);
      expect(Buffer.from(a.syn1neg.buffer).equals(Buffer.from(b.syn1neg.buffer))).toBe(true);
    });
  }

  it('another seed gives other weights', () => {
    expect(Buffer.from(run(3).syn0.buffer).equals(Buffer.from(run(4).syn0.buffer))).toBe(false);
  });

  it('derives distinct generator streams per thread and seed', () => {
    const states = new Set([seedState(1, 0), seedState(1, 1), seedState(2, 0), seedState(0, 0)]);
    expect(states.size).toBe(4);
  });
});

describe('layout', () => {
  it('puts the weights in shared memory, 64-byte aligned, starting at zero', () => {
    const m = WasmModel.create({
      vocabSize: 7,
      dim: 5,
      window: 2,
      negative: 2,
      threads: 3,
      counts: [7, 6, 5, 4, 3, 2, 1],
    });
    expect(m.shared.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(m.syn0.length).toBe(35);
    expect(m.syn1neg.length).toBe(35);
    for (const offset of [m.shared.syn0, m.shared.syn1neg, m.shared.model, ...m.shared.threads])
      expect(offset % 64).toBe(0);
    expect(m.syn0.every((v) => v === 0)).toBe(true);
    expect(WasmModel.attach(m.shared).syn0.buffer).toBe(m.shared.memory.buffer);
  });

  it('refuses bad options and a thread index out of range', () => {
    const base = { vocabSize: 3, dim: 4, window: 2, negative: 1, threads: 1, counts: [3, 2, 1] };
    expect(() => WasmModel.create({ ...base, dim: 0 })).toThrow(RangeError);
    expect(() => WasmModel.create({ ...base, window: 1.5 })).toThrow(RangeError);
    expect(() => WasmModel.create({ ...base, counts: [1] })).toThrow(RangeError);
    const huge = { ...base, vocabSize: 2_000_000, dim: 300, counts: new Float64Array(2_000_000).fill(1) };
    expect(() => WasmModel.create(huge)).toThrow(/4 GiB/);
    const m = WasmModel.create(base);
    expect(() => createWasmKernel(m.shared, { threadIndex: 1, seed: 0 })).toThrow(RangeError);
    const kernel = createWasmKernel(m.shared, { threadIndex: 0, seed: 0 });
    expect(() => kernel.trainSentence(new Uint32Array(1001), 1001, 0.025)).toThrow(RangeError);
  });
});

describe('two threads over one shared memory', () => {
  it('both train without crashing and both change the weights', async () => {
    const vocabSize = 200;
    const counts = Array.from({ length: vocabSize }, (_, i) => 1000 / (i + 1));
    const m = WasmModel.create({ vocabSize, dim: 24, window: 4, negative: 5, threads: 2, counts });
    fill(m.syn0, 5, 0.1);
    const before = new Float32Array(m.syn0);
    const results = await Promise.all(
      [0, 1].map((threadIndex) =>
        runWorker({ shared: m.shared, threadIndex, words: threadIndex === 0 ? [0, 100] : [100, 200] }),
      ),
    );
    for (const r of results) expect(r.pairs).toBeGreaterThan(0);
    // each thread trained only its half of the vocabulary as inputs: both halves moved
    const moved = (from: number, to: number): boolean =>
      m.syn0.subarray(from * 24, to * 24).some((v, i) => v !== before[from * 24 + i]);
    expect(moved(0, 100)).toBe(true);
    expect(moved(100, 200)).toBe(true);
    expect(m.syn0.every(Number.isFinite)).toBe(true);
    expect(m.syn1neg.every(Number.isFinite)).toBe(true);
  });
});

function runWorker(data: unknown): Promise<{ pairs: number }> {
  const source = JSON.stringify(new URL('./kernel-worker.ts', import.meta.url).href);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${source}); });`;
  const worker = new Worker(boot, { eval: true, workerData: data });
  return new Promise((resolve, reject) => {
    worker.once('message', (m: { pairs: number }) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
