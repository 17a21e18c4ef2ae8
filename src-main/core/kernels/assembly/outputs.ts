// The output side of negative sampling, shared by skip-gram and CBOW: one
// input vector against the center (label 1) and the drawn negatives (label 0),
// each output row moving at once and the summed error left in neu1e, as
// word2vec.c. Also the per-sentence state both walkers read.
import { THREAD_NEU1, THREAD_NEU1E, THREAD_TARGETS } from './layout';
import {
  dimOf,
  negativeLossOf,
  negativeOf,
  positiveLossOf,
  scratchOf,
  sigmoidOf,
  syn0Of,
  syn1negOf,
  windowOf,
} from './header';
import { backprop, backpropDot, dot, touch, zero } from './vector';
import { inTable, slotOf, softplus } from './sigmoid';

// per-sentence state (instance globals: one set per thread)
export let dim: i32 = 0;
export let rowBytes: usize = 0;
export let window: i32 = 0;
export let negative: i32 = 0;
export let syn0: usize = 0;
export let syn1: usize = 0;
export let neu1: usize = 0;
export let neu1e: usize = 0;
/** the sentence's summed loss */
export let loss: f64 = 0;
/** folded loads of rows read ahead; stored so the loads stay */
export let seen: i32 = 0;
let sigmoid: usize = 0;
let positiveLoss: usize = 0;
let negativeLoss: usize = 0;
let outputs: usize = 0;
let alpha: f32 = 0;

export function begin(model: usize, thread: usize, rate: f32): void {
  dim = dimOf(model);
  rowBytes = (<usize>dim) << 2;
  window = windowOf(model);
  negative = negativeOf(model);
  syn0 = syn0Of(model);
  syn1 = syn1negOf(model);
  sigmoid = sigmoidOf(model);
  positiveLoss = positiveLossOf(model);
  negativeLoss = negativeLossOf(model);
  neu1 = scratchOf(thread, THREAD_NEU1);
  neu1e = scratchOf(thread, THREAD_NEU1E);
  outputs = scratchOf(thread, THREAD_TARGETS);
  alpha = rate;
  loss = 0;
}

/** reads ahead the rows of word `row` of a matrix */
export function touchRow(matrix: usize, word: u32): void {
  seen = touch(matrix + <usize>word * rowBytes, rowBytes, seen);
}

/** reads ahead the output rows of `negative` drawn words */
export function touchNegatives(words: usize): void {
  for (let d = 0; d < negative; d++) touchRow(syn1, load<u32>(words + ((<usize>d) << 2)));
}

/**
 * neu1e = the summed error of `input` against the center and the negatives
 * that are not the center; each output row moves at once. Each output's dot
 * product is taken in the same pass as the update of the output before it.
 */
export function trainOutputs(input: usize, center: u32, negatives: usize): void {
  let count = 1;
  store<u32>(outputs, center);
  for (let d = 0; d < negative; d++) {
    const word = load<u32>(negatives + ((<usize>d) << 2));
    if (word == center) continue;
    store<u32>(outputs + ((<usize>count) << 2), word);
    count++;
  }
  zero(neu1e, dim);
  let row = syn1 + <usize>center * rowBytes;
  let f = dot(input, row, dim);
  for (let k = 0; k < count; k++) {
    const g = gradient(f, k == 0, 1);
    if (k + 1 == count) {
      if (g != 0) backprop(neu1e, row, input, g, dim);
      break;
    }
    const next = syn1 + <usize>load<u32>(outputs + ((<usize>(k + 1)) << 2)) * rowBytes;
    if (g != 0 && next != row) {
      f = backpropDot(neu1e, row, input, g, next, dim);
    } else {
      if (g != 0) backprop(neu1e, row, input, g, dim);
      f = dot(input, next, dim);
    }
    row = next;
  }
}

/** weight * (label - sigmoid(f)) * alpha; adds weight * the output's loss */
export function gradient(f: f32, positive: bool, weight: f32): f32 {
  let s: f32;
  if (inTable(f)) {
    const slot = slotOf(f);
    loss += <f64>weight * <f64>load<f32>((positive ? positiveLoss : negativeLoss) + slot);
    s = load<f32>(sigmoid + slot);
  } else {
    loss += <f64>weight * softplus(positive ? -f : f);
    s = f > 0 ? 1 : 0;
  }
  return (positive ? 1 - s : -s) * alpha * weight;
}
