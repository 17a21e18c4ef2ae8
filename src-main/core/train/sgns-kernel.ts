// The skip-gram negative-sampling update, as word2vec.c does it, over flat
// row-major Float32Arrays. `sgnsPairUpdate` is the one place the math lives;
// `SgnsKernel` walks a sentence and is what a faster kernel (SIMD WebAssembly)
// replaces by implementing `SkipGramKernel`.
import { drawFromTable } from './sampling.ts';
import { randomBelow, type Random } from './random.ts';

/** word2vec.c's sigmoid table: beyond ±MAX_EXP the sigmoid is taken as 0 or 1 */
export const MAX_EXP = 6;
export const EXP_TABLE_SIZE = 1000;
/** longer sentences are cut, as word2vec.c does */
export const MAX_SENTENCE_LENGTH = 1000;

// word2vec.c writes EXP_TABLE_SIZE / MAX_EXP / 2 in integer arithmetic (83, not
// 83.33), which shifts every lookup by up to 0.4%; we use the exact scale.
const EXP_SCALE = EXP_TABLE_SIZE / (2 * MAX_EXP);

/** sigmoid at x_i = (i / EXP_TABLE_SIZE * 2 - 1) * MAX_EXP, stored as float like word2vec.c's expTable */
export const sigmoidTable: Float32Array = buildSigmoidTable();
// losses at the same grid points as the sigmoid used for the gradient (gensim's LOG_TABLE)
const positiveLossTable = Float64Array.from(sigmoidTable, (s) => -Math.log(s));
const negativeLossTable = Float64Array.from(sigmoidTable, (s) => -Math.log(1 - s));

/** the table slot for a dot product f with -MAX_EXP < f < MAX_EXP */
export function sigmoidIndex(f: number): number {
  return ((f + MAX_EXP) * EXP_SCALE) | 0;
}

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
  let loss = 0;
  for (let d = -1; d < negativeCount; d++) {
    const target = d < 0 ? center : negatives[d];
    if (d >= 0 && target === center) continue;
    const l2 = target * dim;
    const f = dot(syn0, l1, syn1neg, l2, dim);
    let g: number;
    if (d < 0) {
      g = (1 - sigmoid(f)) * alpha;
      loss += positiveLoss(f);
    } else {
      g = -sigmoid(f) * alpha;
      loss += negativeLoss(f);
    }
    if (g !== 0) backpropagate(syn0, l1, syn1neg, l2, dim, g, neu1e);
  }
  for (let c = 0; c < dim; c++) syn0[l1 + c] += neu1e[c];
  return loss;
}

/** word2vec.c's clipped table sigmoid: exactly 0 or 1 outside ±MAX_EXP */
export function sigmoid(f: number): number {
  if (f >= MAX_EXP) return 1;
  if (f <= -MAX_EXP) return 0;
  return sigmoidTable[sigmoidIndex(f)];
}

/** -log sigmoid(f), from the table inside ±MAX_EXP and exact (finite) outside */
export function positiveLoss(f: number): number {
  if (f >= MAX_EXP || f <= -MAX_EXP) return softplus(-f);
  return positiveLossTable[sigmoidIndex(f)];
}

/** -log sigmoid(-f) = -log(1 - sigmoid(f)) */
export function negativeLoss(f: number): number {
  if (f >= MAX_EXP || f <= -MAX_EXP) return softplus(f);
  return negativeLossTable[sigmoidIndex(f)];
}

/** log(1 + e^x) without overflow */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

// four running sums, so each add need not wait for the one before (about 30% faster in V8)
function dot(a: Float32Array, ia: number, b: Float32Array, ib: number, n: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let c = 0;
  for (const n4 = n - 3; c < n4; c += 4) {
    s0 += a[ia + c] * b[ib + c];
    s1 += a[ia + c + 1] * b[ib + c + 1];
    s2 += a[ia + c + 2] * b[ib + c + 2];
    s3 += a[ia + c + 3] * b[ib + c + 3];
  }
  for (; c < n; c++) s0 += a[ia + c] * b[ib + c];
  return s0 + s1 + (s2 + s3);
}

/**
 * neu1e += g * syn1neg[l2]; syn1neg[l2] += g * syn0[l1], reading the old syn1neg
 * first as word2vec.c's two loops do; unrolled by four for fewer loop checks.
 */
function backpropagate(
  syn0: Float32Array,
  l1: number,
  syn1neg: Float32Array,
  l2: number,
  dim: number,
  g: number,
  neu1e: Float32Array,
): void {
  let c = 0;
  for (const dim4 = dim - 3; c < dim4; c += 4) {
    const o0 = syn1neg[l2 + c];
    const o1 = syn1neg[l2 + c + 1];
    const o2 = syn1neg[l2 + c + 2];
    const o3 = syn1neg[l2 + c + 3];
    neu1e[c] += g * o0;
    neu1e[c + 1] += g * o1;
    neu1e[c + 2] += g * o2;
    neu1e[c + 3] += g * o3;
    syn1neg[l2 + c] = o0 + g * syn0[l1 + c];
    syn1neg[l2 + c + 1] = o1 + g * syn0[l1 + c + 1];
    syn1neg[l2 + c + 2] = o2 + g * syn0[l1 + c + 2];
    syn1neg[l2 + c + 3] = o3 + g * syn0[l1 + c + 3];
  }
  for (; c < dim; c++) {
    const o = syn1neg[l2 + c];
    neu1e[c] += g * o;
    syn1neg[l2 + c] = o + g * syn0[l1 + c];
  }
}

function buildSigmoidTable(): Float32Array {
  const table = new Float32Array(EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
    table[i] = e / (e + 1);
  }
  return table;
}

// ---------- the sentence walker ----------

/** what the training thread needs from a kernel; a SIMD kernel implements the same */
export interface SkipGramKernel {
  /** trains on sentence[0..length) (kept word ids after subsampling) at learning rate alpha */
  trainSentence(sentence: Uint32Array, length: number, alpha: number): void;
  /** summed loss and number of (center, context) pairs since the caller last reset them */
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
        this.drawNegatives();
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

  private drawNegatives(): void {
    const { negatives, table, random } = this;
    for (let d = 0; d < this.negative; d++) negatives[d] = drawFromTable(table, random.nextUint32() >>> 1);
  }
}

export function createSgnsKernel(options: SgnsKernelOptions): SkipGramKernel {
  return new SgnsKernel(options);
}
