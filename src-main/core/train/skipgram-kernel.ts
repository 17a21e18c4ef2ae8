// Skip-gram with hierarchical softmax, alone or beside negative sampling, as
// word2vec.c does when -hs 1 is given: for each (context, center) pair the
// context's input row is h, first the center's Huffman path is trained, then
// the negatives; the context row moves last, by the summed error. Without hs,
// sgns-kernel.ts's SgnsKernel is the faster path for the same math.
import type { HuffmanTree } from './huffman.ts';
import { addToRow, hierarchicalSoftmaxUpdate, negativeSamplingUpdate } from './output-layer.ts';
import { randomBelow, type Random } from './random.ts';
import { drawFromTable, drawNegatives } from './sampling.ts';
import type { SkipGramKernel } from './sgns-kernel.ts';

export interface OutputLayerOptions {
  dim: number;
  window: number;
  /** negatives per example; 0 turns negative sampling off */
  negative: number;
  /** from negativeTable(); unused when negative is 0 */
  negativeTable: Uint32Array | null;
  /** negative-sampling output rows, vocab * dim; null when negative is 0 */
  syn1neg: Float32Array | null;
  /** hierarchical softmax: the tree and its inner-node rows, (vocab - 1) * dim; null when off */
  tree: HuffmanTree | null;
  syn1: Float32Array | null;
  random: Random;
}

export interface SkipGramKernelOptions extends OutputLayerOptions {
  syn0: Float32Array;
}

/**
 * The output layer's configuration and scratch, shared by the kernels that
 * train a hidden vector h (skip-gram with hs, CBOW, fastText): one call does
 * hierarchical softmax then negative sampling, as word2vec.c's order.
 */
export class OutputLayer {
  readonly dim: number;
  readonly window: number;
  readonly negative: number;
  readonly random: Random;
  /** h's accumulated error, dim floats */
  readonly neu1e: Float32Array;
  private readonly negatives: Uint32Array;
  private readonly table: Uint32Array;
  private readonly syn1neg: Float32Array;
  private readonly tree: HuffmanTree | null;
  private readonly syn1: Float32Array;

  constructor(o: OutputLayerOptions) {
    this.dim = o.dim;
    this.window = o.window;
    this.negative = o.negative;
    this.random = o.random;
    if (o.negative > 0 && (!o.syn1neg || !o.negativeTable)) {
      throw new RangeError('negative sampling needs syn1neg and a negative table');
    }
    if (o.tree && !o.syn1) throw new RangeError('hierarchical softmax needs syn1');
    this.syn1neg = o.syn1neg ?? new Float32Array(0);
    this.table = o.negativeTable ?? new Uint32Array(0);
    this.tree = o.tree;
    this.syn1 = o.syn1 ?? new Float32Array(0);
    this.neu1e = new Float32Array(o.dim);
    this.negatives = new Uint32Array(Math.max(1, o.negative));
  }

  /**
   * Clears neu1e, trains h (row hOffset/dim of `h`) to predict `target`, and
   * leaves h's error in neu1e. `resample` draws again a negative equal to the
   * target (fastText) instead of skipping it (word2vec.c). Returns the loss.
   */
  train(h: Float32Array, hOffset: number, target: number, alpha: number, resample = false): number {
    const { dim, neu1e } = this;
    for (let c = 0; c < dim; c++) neu1e[c] = 0;
    let loss = 0;
    if (this.tree) loss += hierarchicalSoftmaxUpdate(h, hOffset, this.syn1, dim, this.tree, target, alpha, neu1e);
    const negative = this.negative;
    if (negative > 0) {
      drawNegatives(this.negatives, negative, this.table, this.random);
      if (resample) this.redrawTarget(target);
      loss += negativeSamplingUpdate(h, hOffset, this.syn1neg, dim, target, this.negatives, negative, alpha, neu1e);
    }
    return loss;
  }

  /** fastText's getNegative: draw again while a negative is the target (a few times at most, then skip it) */
  private redrawTarget(target: number): void {
    const { negatives, table, random } = this;
    for (let d = 0; d < this.negative; d++) {
      for (let tries = 0; negatives[d] === target && tries < MAX_REDRAWS; tries++) {
        negatives[d] = drawFromTable(table, random.nextUint32() >>> 1);
      }
    }
  }
}

/** fastText loops until it draws another word; a vocabulary of one word would loop forever */
const MAX_REDRAWS = 64;

export class SkipGramHsKernel implements SkipGramKernel {
  lossSum = 0;
  pairs = 0;
  private readonly syn0: Float32Array;
  private readonly out: OutputLayer;

  constructor(o: SkipGramKernelOptions) {
    this.syn0 = o.syn0;
    this.out = new OutputLayer(o);
  }

  trainSentence(sentence: Uint32Array, length: number, alpha: number): void {
    const { syn0, out } = this;
    const { window, dim, random, neu1e } = out;
    let loss = 0;
    let pairs = 0;
    for (let i = 0; i < length; i++) {
      const center = sentence[i];
      const b = randomBelow(random, window);
      const from = Math.max(0, i - window + b);
      const to = Math.min(length, i + window + 1 - b);
      for (let j = from; j < to; j++) {
        if (j === i) continue;
        const l1 = sentence[j] * dim;
        loss += out.train(syn0, l1, center, alpha);
        addToRow(syn0, l1, neu1e, dim);
        pairs++;
      }
    }
    this.lossSum += loss;
    this.pairs += pairs;
  }
}
