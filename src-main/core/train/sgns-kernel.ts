// The skip-gram negative-sampling kernel, as word2vec.c does it, over flat
// row-major Float32Arrays: word2vec.c's fast path, used when hierarchical
// softmax is off. The math is in output-layer.ts; `SgnsKernel` walks a sentence
// and is what a faster kernel (SIMD WebAssembly) replaces by implementing
// `SkipGramKernel`.
import { drawNegatives } from './sampling.ts';
import { addToRow, negativeSamplingUpdate } from './output-layer.ts';
import { randomBelow, type Random } from './random.ts';

export {
  EXP_TABLE_SIZE,
  MAX_EXP,
  negativeLoss,
  positiveLoss,
  sigmoid,
  sigmoidIndex,
  sigmoidTable,
} from './output-layer.ts';

/** longer sentences are cut, as word2vec.c does */
export const MAX_SENTENCE_LENGTH = 1000;

/**
 * One skip-gram step for the pair (context word, center word), in word2vec.c's
 * order: the center is the positive target (label 1), then each negative (label 0;
 * a negative equal to the center is skipped). Each target's output row moves at
 * once; the context's input row moves last, by the summed error. `neu1e` is
 * caller-owned scratch of at least `dim` floats. Returns the pair's loss:
 * -log sigmoid(f) for the positive plus -log sigmoid(-f) for each negative.
 */
export function sgnsPairUpdate(
  syn0: Float32Array,
  syn1neg: Float32Array,
  dim: number,
  context: number,
  center: number,
  negatives: ArrayLike<number>,
  negativeCount: number,
  alpha: number,
  neu1e: Float32Array,
): number {
  const l1 = context * dim;
  for (let c = 0; c < dim; c++) neu1e[c] = 0;
  const loss = negativeSamplingUpdate(syn0, l1, syn1neg, dim, center, negatives, negativeCount, alpha, neu1e);
  addToRow(syn0, l1, neu1e, dim);
  return loss;
}

// ---------- the sentence walker ----------

/**
 * What the training thread needs from a kernel, whatever the method (skip-gram,
 * CBOW, fastText subwords); a SIMD kernel implements the same.
 */
export interface SkipGramKernel {
  /** trains on sentence[0..length) (kept word ids after subsampling) at learning rate alpha */
  trainSentence(sentence: Uint32Array, length: number, alpha: number): void;
  /**
   * summed loss and number of examples since the caller last reset them: an
   * example is a (center, context) pair for skip-gram, a center word for CBOW
   */
  lossSum: number;
  pairs: number;
}

export interface SgnsKernelOptions {
  syn0: Float32Array;
  syn1neg: Float32Array;
  dim: number;
  window: number;
  negative: number;
  /** from negativeTable() */
  negativeTable: Uint32Array;
  random: Random;
}

export class SgnsKernel implements SkipGramKernel {
  lossSum = 0;
  pairs = 0;
  private readonly syn0: Float32Array;
  private readonly syn1neg: Float32Array;
  private readonly dim: number;
  private readonly window: number;
  private readonly negative: number;
  private readonly table: Uint32Array;
  private readonly random: Random;
  // scratch, allocated once per thread
  private readonly neu1e: Float32Array;
  private readonly negatives: Uint32Array;

  constructor(o: SgnsKernelOptions) {
    this.syn0 = o.syn0;
    this.syn1neg = o.syn1neg;
    this.dim = o.dim;
    this.window = o.window;
    this.negative = o.negative;
    this.table = o.negativeTable;
    this.random = o.random;
    this.neu1e = new Float32Array(o.dim);
    this.negatives = new Uint32Array(Math.max(1, o.negative));
  }

  trainSentence(sentence: Uint32Array, length: number, alpha: number): void {
    const window = this.window;
    let loss = 0;
    let pairs = 0;
    for (let i = 0; i < length; i++) {
      const center = sentence[i];
      // word2vec.c's dynamic window: shrink by b in [0, window)
      const b = randomBelow(this.random, window);
      const from = Math.max(0, i - window + b);
      const to = Math.min(length, i + window + 1 - b);
      for (let j = from; j < to; j++) {
        if (j === i) continue;
        drawNegatives(this.negatives, this.negative, this.table, this.random);
        loss += sgnsPairUpdate(
          this.syn0,
          this.syn1neg,
          this.dim,
          sentence[j],
          center,
          this.negatives,
          this.negative,
          alpha,
          this.neu1e,
        );
        pairs++;
      }
    }
    this.lossSum += loss;
    this.pairs += pairs;
  }
}

export function createSgnsKernel(options: SgnsKernelOptions): SkipGramKernel {
  return new SgnsKernel(options);
}
