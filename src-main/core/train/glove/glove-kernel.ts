// GloVe's update, as glove.c's glove_thread: weighted least squares on one
// co-occurrence record, AdaGrad with the squared-gradient sums starting at 1,
// each gradient component clipped to [-gradClip, gradClip].
//
// Layout (glove.c's W and gradsq): 2 * vocabSize rows of dim + 1 float64, the
// vector then its bias; rows [0, V) are the word vectors W, rows [V, 2V) the
// context vectors W~. Record (i, j, x) updates rows i and V + j.
//
// Faithful to glove.c as it is, quirks included:
// - the vectors' AdaGrad sums take eta * g (clipped), not g, so eta cancels
//   out after the first step (stanfordnlp/GloVe#134);
// - the biases take the unclipped f * diff with no eta (stanfordnlp/GloVe#209,
//   not merged: its authors found the fix made vectors worse);
// - a record whose diff is not finite is skipped and adds no cost, and a
//   vector update that is not finite is dropped.
import { Xoshiro128 } from '../random.ts';

export interface GloveKernelParams {
  dim: number;
  xMax: number;
  alpha: number;
  eta: number;
  gradClip: number;
}

/**
 * Trains one record (i, j, x) in place: l1 = i * (dim + 1), l2 = (V + j) * (dim + 1).
 * `update1` and `update2` are caller-owned scratch of length >= dim.
 * Returns the record's cost 0.5 * f(x) * diff^2 (0 for a skipped record).
 */
export function gloveUpdate(
  W: Float64Array,
  gradsq: Float64Array,
  l1: number,
  l2: number,
  x: number,
  p: GloveKernelParams,
  update1: Float64Array,
  update2: Float64Array,
): number {
  const { dim, eta, gradClip } = p;
  let diff = 0;
  for (let b = 0; b < dim; b++) diff += W[l1 + b] * W[l2 + b];
  diff += W[l1 + dim] + W[l2 + dim] - Math.log(x);
  const fdiff = x > p.xMax ? diff : Math.pow(x / p.xMax, p.alpha) * diff;
  if (!Number.isFinite(diff) || !Number.isFinite(fdiff)) return 0;
  const cost = 0.5 * fdiff * diff;

  let sum1 = 0;
  let sum2 = 0;
  for (let b = 0; b < dim; b++) {
    let g1 = fdiff * W[l2 + b];
    let g2 = fdiff * W[l1 + b];
    g1 = (g1 > gradClip ? gradClip : g1 < -gradClip ? -gradClip : g1) * eta;
    g2 = (g2 > gradClip ? gradClip : g2 < -gradClip ? -gradClip : g2) * eta;
    const u1 = g1 / Math.sqrt(gradsq[l1 + b]);
    const u2 = g2 / Math.sqrt(gradsq[l2 + b]);
    update1[b] = u1;
    update2[b] = u2;
    sum1 += u1;
    sum2 += u2;
    gradsq[l1 + b] += g1 * g1;
    gradsq[l2 + b] += g2 * g2;
  }
  if (Number.isFinite(sum1) && Number.isFinite(sum2)) {
    for (let b = 0; b < dim; b++) {
      W[l1 + b] -= update1[b];
      W[l2 + b] -= update2[b];
    }
  }
  W[l1 + dim] -= finiteOrZero(fdiff / Math.sqrt(gradsq[l1 + dim]));
  W[l2 + dim] -= finiteOrZero(fdiff / Math.sqrt(gradsq[l2 + dim]));
  const fdiff2 = fdiff * fdiff;
  gradsq[l1 + dim] += fdiff2;
  gradsq[l2 + dim] += fdiff2;
  return cost;
}

function finiteOrZero(update: number): number {
  return Number.isFinite(update) ? update : 0;
}

/** float64s in W (and in gradsq) */
export function weightLength(vocabSize: number, dim: number): number {
  return 2 * vocabSize * (dim + 1);
}

/** glove.c's start: every entry of W, biases included, uniform in [-0.5, 0.5) / dim; gradsq all 1 */
export function initWeights(W: Float64Array, gradsq: Float64Array, dim: number, seed: number): void {
  const random = new Xoshiro128(seed, 0);
  for (let t = 0; t < W.length; t++) W[t] = (random.nextFloat() - 0.5) / dim;
  gradsq.fill(1);
}

/** the output vectors, vocabSize * dim: W + W~ ('sum', glove's -model 2) or W ('word', -model 1); no biases */
export function outputVectors(W: Float64Array, vocabSize: number, dim: number, model: 'sum' | 'word'): Float32Array {
  const out = new Float32Array(vocabSize * dim);
  const stride = dim + 1;
  const contextBase = vocabSize * stride;
  for (let a = 0; a < vocabSize; a++) {
    const row = a * stride;
    for (let b = 0; b < dim; b++) {
      out[a * dim + b] = model === 'sum' ? W[row + b] + W[contextBase + row + b] : W[row + b];
    }
  }
  return out;
}
