import { describe, expect, it } from 'vitest';
import { CbowKernel } from '../../../src-main/core/train/cbow-kernel.ts';
import { FastTextKernel } from '../../../src-main/core/train/fasttext/fasttext-kernel.ts';
import { buildHuffmanTree, type HuffmanTree } from '../../../src-main/core/train/huffman.ts';
import { EXP_TABLE_SIZE, hierarchicalSoftmaxUpdate, MAX_EXP } from '../../../src-main/core/train/output-layer.ts';
import type { Random } from '../../../src-main/core/train/random.ts';
import { OutputLayer, SkipGramHsKernel } from '../../../src-main/core/train/skipgram-kernel.ts';

// ---------- a straightforward reference, in float64 on nested arrays ----------

function tableSigmoid(f: number): number {
  const i = Math.floor((f + MAX_EXP) * (EXP_TABLE_SIZE / (2 * MAX_EXP)));
  const x = (i / EXP_TABLE_SIZE) * 2 - 1;
  return 1 / (1 + Math.exp(-x * MAX_EXP));
}

function referenceLoss(f: number, label: number): number {
  const s = Math.abs(f) < MAX_EXP ? tableSigmoid(f) : 1 / (1 + Math.exp(-f));
  return label ? -Math.log(s) : -Math.log(1 - s);
}

interface RefModel {
  syn1neg: number[][];
  syn1: number[][];
  /** per word: [inner node, code] root first */
  paths: [number, number][][];
}

/**
 * word2vec.c's output layer for hidden h and a target: hierarchical softmax
 * (label 1 - code, no update beyond ±MAX_EXP) then negative sampling (clipped
 * gradient, negatives equal to the target skipped; null: off). Returns h's error and the loss.
 */
function referenceOutput(m: RefModel, h: number[], target: number, negatives: number[] | null, alpha: number) {
  const error = h.map(() => 0);
  let loss = 0;
  for (const [node, code] of m.paths[target]) {
    const out = m.syn1[node];
    const f = h.reduce((s, v, k) => s + v * out[k], 0);
    loss += referenceLoss(f, 1 - code);
    if (Math.abs(f) >= MAX_EXP) continue;
    const g = (1 - code - tableSigmoid(f)) * alpha;
    for (let k = 0; k < h.length; k++) error[k] += g * out[k];
    for (let k = 0; k < h.length; k++) out[k] += g * h[k];
  }
  if (negatives === null) return { error, loss };
  const targets: [number, number][] = [[target, 1]];
  for (const n of negatives) if (n !== target) targets.push([n, 0]);
  for (const [t, label] of targets) {
    const out = m.syn1neg[t];
    const f = h.reduce((s, v, k) => s + v * out[k], 0);
    const sig = f >= MAX_EXP ? 1 : f <= -MAX_EXP ? 0 : tableSigmoid(f);
    const g = (label - sig) * alpha;
    loss += referenceLoss(f, label);
    for (let k = 0; k < h.length; k++) error[k] += g * out[k];
    for (let k = 0; k < h.length; k++) out[k] += g * h[k];
  }
  return { error, loss };
}

function rows(flat: Float32Array, dim: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += dim) out.push(Array.from(flat.subarray(i, i + dim)));
  return out;
}

function treePaths(tree: HuffmanTree): [number, number][][] {
  return Array.from({ length: tree.size }, (_, w) => {
    const path: [number, number][] = [];
    for (let k = tree.offsets[w]; k < tree.offsets[w + 1]; k++) path.push([tree.points[k], tree.codes[k]]);
    return path;
  });
}

function expectClose(actual: Float32Array, expected: number[][], tol = 1e-6): void {
  const flat = expected.flat();
  expect(actual.length).toBe(flat.length);
  for (let i = 0; i < flat.length; i++) expect(Math.abs(actual[i] - flat[i]), `at ${i}`).toBeLessThan(tol);
}

/** a generator that always returns one value: b = 0 (full window) for 0, negatives from the table's first words */
class Scripted implements Random {
  constructor(private readonly value: number) {}
  nextUint32(): number {
    return this.value;
  }
  nextFloat(): number {
    return this.value / 2 ** 32;
  }
}

/** returns the given 32-bit values in turn, then repeats the last */
class Sequence implements Random {
  private i = 0;
  constructor(private readonly values: number[]) {}
  nextUint32(): number {
    return this.values[Math.min(this.i++, this.values.length - 1)];
  }
  nextFloat(): number {
    return this.nextUint32() / 2 ** 32;
  }
}

// ---------- fixtures: 5 words, dim 4 ----------

const dim = 4;
const counts = [9, 6, 4, 2, 1];
const syn0Values = [
  0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.05, -0.3, 0.15, 0.35, -0.1, 0.2, 0.6, -0.5, 0.4, 0.3, 0.2, 0.1, -0.25, 0.45,
];
const syn1negValues = [0.1, 0.2, -0.1, 0.05, -0.3, 0.1, 0.4, -0.2, 0.25, -0.15, 0.2, 0.1, 0, 0, 0, 0, 0.3, 0.2, 0.1, 0];
// inner nodes 0..3; node 1 is large, so its dot product with word 3's row clips (f = 6.4 > 6)
const syn1Values = [0.2, -0.1, 0.3, 0.15, 8, 8, 8, 8, -0.2, 0.3, 0.1, -0.05, 0.05, 0.1, -0.3, 0.2];
// words 0 and 1 own the negative draws: r < 2^30 -> word 0, else word 1
const table = Uint32Array.from([2 ** 30, 2 ** 31, 2 ** 31, 2 ** 31, 2 ** 31]);

function fresh() {
  const tree = buildHuffmanTree(counts);
  return {
    tree,
    syn0: Float32Array.from(syn0Values),
    syn1neg: Float32Array.from(syn1negValues),
    syn1: Float32Array.from(syn1Values),
    ref: {
      syn0: rows(Float32Array.from(syn0Values), dim),
      model: {
        syn1neg: rows(Float32Array.from(syn1negValues), dim),
        syn1: rows(Float32Array.from(syn1Values), dim),
        paths: treePaths(tree),
      } as RefModel,
    },
  };
}

describe('hierarchical softmax update', () => {
  it('matches the reference along a path, skipping clipped nodes but counting their loss', () => {
    const f = fresh();
    // word 3 as h and as target: its path (nodes 3, 2, 1, 0) passes the clipping node 1
    const neu1e = new Float32Array(dim);
    const h = f.syn0.slice(3 * dim, 4 * dim);
    const loss = hierarchicalSoftmaxUpdate(h, 0, f.syn1, dim, f.tree, 3, 0.1, neu1e);
    const ref = referenceOutput(f.ref.model, f.ref.syn0[3], 3, null, 0.1);
    expectClose(neu1e, [ref.error]);
    expectClose(f.syn1, f.ref.model.syn1);
    expect(Math.abs(loss - ref.loss)).toBeLessThan(1e-6);
    expect(f.ref.model.paths[3].length).toBeGreaterThan(1);
  });
});

describe('skip-gram with hierarchical softmax and negative sampling', () => {
  it('matches word2vec.c on a sentence: the path of the center, then the negatives, per context word', () => {
    const f = fresh();
    const kernel = new SkipGramHsKernel({
      syn0: f.syn0,
      syn1neg: f.syn1neg,
      syn1: f.syn1,
      tree: f.tree,
      dim,
      window: 2,
      negative: 2,
      negativeTable: table,
      random: new Scripted(0), // full window; every negative is word 0
    });
    const sentence = [2, 0, 4, 1];
    kernel.trainSentence(Uint32Array.from(sentence), sentence.length, 0.05);
    let loss = 0;
    let pairs = 0;
    for (let i = 0; i < sentence.length; i++) {
      for (let j = Math.max(0, i - 2); j < Math.min(sentence.length, i + 3); j++) {
        if (j === i) continue;
        const input = f.ref.syn0[sentence[j]];
        const r = referenceOutput(f.ref.model, input, sentence[i], [0, 0], 0.05);
        for (let k = 0; k < dim; k++) input[k] += r.error[k];
        loss += r.loss;
        pairs++;
      }
    }
    expectClose(f.syn0, f.ref.syn0);
    expectClose(f.syn1, f.ref.model.syn1);
    expectClose(f.syn1neg, f.ref.model.syn1neg);
    expect(kernel.pairs).toBe(pairs);
    expect(Math.abs(kernel.lossSum - loss)).toBeLessThan(1e-5);
  });
});

describe('CBOW', () => {
  for (const hs of [false, true]) {
    it(`matches word2vec.c / gensim cbow_mean=1${hs ? ' with hierarchical softmax too' : ''}: mean in, error added unscaled to each context word`, () => {
      const f = fresh();
      const kernel = new CbowKernel({
        syn0: f.syn0,
        syn1neg: f.syn1neg,
        syn1: hs ? f.syn1 : null,
        tree: hs ? f.tree : null,
        dim,
        window: 2,
        negative: 2,
        negativeTable: table,
        random: new Scripted(0),
      });
      const sentence = [1, 3, 0, 2, 4];
      kernel.trainSentence(Uint32Array.from(sentence), sentence.length, 0.05);
      const model = hs ? f.ref.model : { ...f.ref.model, paths: f.ref.model.paths.map(() => []) };
      let loss = 0;
      for (let i = 0; i < sentence.length; i++) {
        const context: number[] = [];
        for (let j = Math.max(0, i - 2); j < Math.min(sentence.length, i + 3); j++)
          if (j !== i) context.push(sentence[j]);
        const h = Array.from(
          { length: dim },
          (_, k) => context.reduce((s, w) => s + f.ref.syn0[w][k], 0) / context.length,
        );
        const r = referenceOutput(model, h, sentence[i], [0, 0], 0.05);
        for (const w of context) for (let k = 0; k < dim; k++) f.ref.syn0[w][k] += r.error[k];
        loss += r.loss;
      }
      expectClose(f.syn0, f.ref.syn0);
      expectClose(f.syn1neg, f.ref.model.syn1neg);
      if (hs) expectClose(f.syn1, f.ref.model.syn1);
      else expect(Array.from(f.syn1)).toEqual(syn1Values.map(Math.fround));
      expect(kernel.pairs).toBe(sentence.length);
      expect(Math.abs(kernel.lossSum - loss)).toBeLessThan(1e-5);
    });
  }

  it('skips a center word with no context, as word2vec.c', () => {
    const f = fresh();
    const kernel = new CbowKernel({
      ...f,
      syn1: null,
      tree: null,
      dim,
      window: 2,
      negative: 2,
      negativeTable: table,
      random: new Scripted(0),
    });
    kernel.trainSentence(Uint32Array.from([1]), 1, 0.05);
    expect(kernel.pairs).toBe(0);
    expect(Array.from(f.syn0)).toEqual(syn0Values.map(Math.fround));
  });
});

describe('fastText skip-gram with subwords', () => {
  it('matches fastText: h = mean of the center word rows, the gradient added unscaled to each, repeats included', () => {
    const f = fresh();
    // 5 words then 3 n-gram buckets; word 2 uses bucket 1 twice (fastText keeps repeats)
    const kept = 5;
    const bucketValues = [0.05, -0.1, 0.2, 0.3, -0.3, 0.1, 0.15, -0.2, 0.25, 0.05, -0.05, 0.1];
    const input = Float32Array.from([...syn0Values, ...bucketValues]);
    const refInput = rows(input, dim);
    const subwordRows = [[0, kept + 0], [1], [2, kept + 1, kept + 1, kept + 2], [3, kept + 2], [4]];
    const offsets = Uint32Array.from([0, ...subwordRows.map((_, w) => subwordRows.slice(0, w + 1).flat().length)]);
    const kernel = new FastTextKernel({
      input,
      subwords: { offsets, ids: Uint32Array.from(subwordRows.flat()) },
      syn1neg: f.syn1neg,
      syn1: null,
      tree: null,
      dim,
      window: 2,
      negative: 2,
      negativeTable: table,
      random: new Scripted(0), // boundary = window; negatives are word 0
    });
    const sentence = [2, 0, 3, 1];
    kernel.trainSentence(Uint32Array.from(sentence), sentence.length, 0.05);
    const model = { ...f.ref.model, paths: f.ref.model.paths.map(() => []) };
    let loss = 0;
    let pairs = 0;
    for (let w = 0; w < sentence.length; w++) {
      const own = subwordRows[sentence[w]];
      for (let j = Math.max(0, w - 2); j <= Math.min(sentence.length - 1, w + 2); j++) {
        if (j === w) continue;
        const h = Array.from({ length: dim }, (_, k) => own.reduce((s, r) => s + refInput[r][k], 0) / own.length);
        // a negative equal to the target is drawn again; the scripted generator gives word 0 again, so it is skipped
        const r = referenceOutput(model, h, sentence[j], [0, 0], 0.05);
        for (const row of own) for (let k = 0; k < dim; k++) refInput[row][k] += r.error[k];
        loss += r.loss;
        pairs++;
      }
    }
    expectClose(input, refInput);
    expectClose(f.syn1neg, f.ref.model.syn1neg);
    expect(kernel.pairs).toBe(pairs);
    expect(Math.abs(kernel.lossSum - loss)).toBeLessThan(1e-5);
  });

  it('draws a negative again when it equals the target, as fastText (word2vec.c skips it)', () => {
    const f = fresh();
    const layer = new OutputLayer({
      dim,
      window: 1,
      negative: 2,
      negativeTable: table,
      syn1neg: f.syn1neg,
      syn1: null,
      tree: null,
      // two draws: word 1 (the target), word 0; then the redraw: word 0
      random: new Sequence([2 ** 31 + 8, 0, 0]),
    });
    const h = Float32Array.from([0.3, -0.2, 0.5, 0.1]);
    const loss = layer.train(h, 0, 1, 0.05, true);
    const model = { ...f.ref.model, paths: f.ref.model.paths.map(() => []) };
    const r = referenceOutput(model, Array.from(h), 1, [0, 0], 0.05);
    expectClose(layer.neu1e, [r.error]);
    expectClose(f.syn1neg, f.ref.model.syn1neg);
    expect(Math.abs(loss - r.loss)).toBeLessThan(1e-6);
  });
});
