// The word2vec output layer over flat row-major Float32Arrays: the sigmoid
// table, and the two ways a hidden vector h learns to predict a target word,
// negative sampling (syn1neg) and hierarchical softmax (syn1, along the word's
// Huffman path). Every method (skip-gram, CBOW, fastText subwords) builds h its
// own way, calls these, then hands the accumulated error `neu1e` back to the
// rows h came from. This is the one place that math lives in TypeScript.
import type { HuffmanTree } from './huffman.ts';

/** word2vec.c's sigmoid table: beyond ±MAX_EXP the sigmoid is taken as 0 or 1 */
export const MAX_EXP = 6;
export const EXP_TABLE_SIZE = 1000;

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

/**
 * Negative sampling for one (h, target) example, word2vec.c's order: the target
 * first (label 1), then each negative (label 0; one equal to the target is
 * skipped). Each output row moves at once; the error for h is added to `neu1e`
 * (not cleared here), which the caller adds to h's source rows. h is row
 * `hOffset / dim` of `h` (or a scratch vector at offset 0). word2vec.c clips
 * outside ±MAX_EXP: the gradient is label - 0 or label - 1 there.
 * Returns -log sigmoid(f) for the target plus -log sigmoid(-f) for each negative.
 */
export function negativeSamplingUpdate(
  h: Float32Array,
  hOffset: number,
  syn1neg: Float32Array,
  dim: number,
  target: number,
  negatives: ArrayLike<number>,
  negativeCount: number,
  alpha: number,
  neu1e: Float32Array,
): number {
  let loss = 0;
  for (let d = -1; d < negativeCount; d++) {
    const word = d < 0 ? target : negatives[d];
    if (d >= 0 && word === target) continue;
    const l2 = word * dim;
    const f = dot(h, hOffset, syn1neg, l2, dim);
    let g: number;
    if (d < 0) {
      g = (1 - sigmoid(f)) * alpha;
      loss += positiveLoss(f);
    } else {
      g = -sigmoid(f) * alpha;
      loss += negativeLoss(f);
    }
    if (g !== 0) backpropagate(h, hOffset, syn1neg, l2, dim, g, neu1e);
  }
  return loss;
}

/**
 * Hierarchical softmax for one (h, target) example, as word2vec.c: at each inner
 * node of the target's Huffman path the label is 1 - code; a node whose dot
 * product is beyond ±MAX_EXP is not updated (word2vec.c's `continue`), but its
 * loss still counts. Adds h's error to `neu1e`; returns the summed
 * -log sigmoid(±f) along the path.
 */
export function hierarchicalSoftmaxUpdate(
  h: Float32Array,
  hOffset: number,
  syn1: Float32Array,
  dim: number,
  tree: HuffmanTree,
  target: number,
  alpha: number,
  neu1e: Float32Array,
): number {
  const { codes, points, offsets } = tree;
  let loss = 0;
  for (let k = offsets[target], end = offsets[target + 1]; k < end; k++) {
    const l2 = points[k] * dim;
    const f = dot(h, hOffset, syn1, l2, dim);
    const code = codes[k];
    loss += code === 0 ? positiveLoss(f) : negativeLoss(f);
    if (f <= -MAX_EXP || f >= MAX_EXP) continue;
    const g = (1 - code - sigmoidTable[sigmoidIndex(f)]) * alpha;
    backpropagate(h, hOffset, syn1, l2, dim, g, neu1e);
  }
  return loss;
}

// four running sums, so each add need not wait for the one before (about 30% faster in V8)
export function dot(a: Float32Array, ia: number, b: Float32Array, ib: number, n: number): number {
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
 * neu1e += g * out[l2]; out[l2] += g * h[l1], reading the old output row first
 * as word2vec.c's two loops do; unrolled by four for fewer loop checks.
 */
export function backpropagate(
  h: Float32Array,
  l1: number,
  out: Float32Array,
  l2: number,
  dim: number,
  g: number,
  neu1e: Float32Array,
): void {
  let c = 0;
  for (const dim4 = dim - 3; c < dim4; c += 4) {
    const o0 = out[l2 + c];
    const o1 = out[l2 + c + 1];
    const o2 = out[l2 + c + 2];
    const o3 = out[l2 + c + 3];
    neu1e[c] += g * o0;
    neu1e[c + 1] += g * o1;
    neu1e[c + 2] += g * o2;
    neu1e[c + 3] += g * o3;
    out[l2 + c] = o0 + g * h[l1 + c];
    out[l2 + c + 1] = o1 + g * h[l1 + c + 1];
    out[l2 + c + 2] = o2 + g * h[l1 + c + 2];
    out[l2 + c + 3] = o3 + g * h[l1 + c + 3];
  }
  for (; c < dim; c++) {
    const o = out[l2 + c];
    neu1e[c] += g * o;
    out[l2 + c] = o + g * h[l1 + c];
  }
}

/** row[offset..offset+dim) += v[0..dim) */
export function addToRow(matrix: Float32Array, offset: number, v: Float32Array, dim: number): void {
  for (let c = 0; c < dim; c++) matrix[offset + c] += v[c];
}

function buildSigmoidTable(): Float32Array {
  const table = new Float32Array(EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
    table[i] = e / (e + 1);
  }
  return table;
}
