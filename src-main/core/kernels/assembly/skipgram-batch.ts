// Skip-gram with one shared set of negatives per window (HogBatch, Ji et al.
// 2016). For a center word the window's context words are the inputs and the
// center plus `negative` draws the outputs; every gradient comes from the
// weights as they were before the window, then both sides move at once, as a
// small matrix product. Fewer draws and far fewer random rows than word2vec.c,
// at the price of slightly different math: a choice, never the default.
import {
  THREAD_DELTAS,
  THREAD_DRAWS,
  THREAD_GRADIENTS,
  THREAD_INPUTS,
  THREAD_LOSS,
  THREAD_PAIRS,
  THREAD_RANDOM,
  THREAD_SENTENCE,
  THREAD_TARGETS,
  THREAD_TOUCHED,
} from './layout';
import { addTotals, aliasOf, scratchOf, vocabOf } from './header';
import { axpy, axpy4, dot, dot4, zero } from './vector';
import { drawWords, nextRandom } from './random';
import {
  begin,
  dim,
  gradient,
  loss,
  negative,
  rowBytes,
  seen,
  syn0,
  syn1,
  touchNegatives,
  touchRow,
  window,
} from './outputs';

// scratch of the thread now running (instance globals: one set per thread)
let inputs: usize = 0;
let targets: usize = 0;
let gradients: usize = 0;
let transposed: usize = 0;
let deltas: usize = 0;

/** trains on the thread's sentence[0..length); `pairs` counts (center, context) pairs as the per-pair kernel */
export function sgTrainSentenceBatch(model: usize, thread: usize, length: i32, rate: f32): void {
  if (length <= 0) return;
  begin(model, thread, rate);
  inputs = scratchOf(thread, THREAD_INPUTS);
  targets = scratchOf(thread, THREAD_TARGETS);
  gradients = scratchOf(thread, THREAD_GRADIENTS);
  transposed = gradients + ((<usize>((negative + 1) * 2 * window)) << 2);
  deltas = scratchOf(thread, THREAD_DELTAS);
  const vocab = vocabOf(model);
  const alias = aliasOf(model);
  const sentence = scratchOf(thread, THREAD_SENTENCE);
  let draws = scratchOf(thread, THREAD_DRAWS);
  let nextDraws = draws + ((<usize>negative) << 2);
  let state = load<u64>(thread + THREAD_RANDOM);
  let pairs: i32 = 0;

  // center 0's window and negatives (drawn only for a window with inputs, as word2vec.c)
  state = nextRandom(state);
  let shrink = <i32>(state % <u64>window);
  let from = max(0, -window + shrink);
  let to = min(length, window + 1 - shrink);
  if (to - from > 1) state = drawWords(draws, negative, alias, vocab, state);

  for (let i = 0; i < length; i++) {
    // center i+1's window and negatives, and a first read of its rows
    let nextFrom = 0;
    let nextTo = 0;
    if (i + 1 < length) {
      state = nextRandom(state);
      shrink = <i32>(state % <u64>window);
      nextFrom = max(0, i + 1 - window + shrink);
      nextTo = min(length, i + 2 + window - shrink);
      if (nextTo - nextFrom > 1) state = drawWords(nextDraws, negative, alias, vocab, state);
      touchRows(sentence, i + 1, nextTo - 1, nextDraws);
    }
    const m = gather(sentence, i, from, to);
    if (m > 0) {
      const k = outputs(load<u32>(sentence + ((<usize>i) << 2)), draws);
      gradientsOf(m, k);
      update(m, k);
      pairs += m;
    }
    const swap = draws;
    draws = nextDraws;
    nextDraws = swap;
    from = nextFrom;
    to = nextTo;
  }
  store<u64>(thread + THREAD_RANDOM, state);
  store<i32>(thread + THREAD_TOUCHED, seen);
  addTotals(thread, THREAD_LOSS, THREAD_PAIRS, loss, pairs);
}

function touchRows(sentence: usize, center: i32, newest: i32, negatives: usize): void {
  touchRow(syn1, load<u32>(sentence + ((<usize>center) << 2)));
  touchRow(syn0, load<u32>(sentence + ((<usize>newest) << 2)));
  touchNegatives(negatives);
}

/** the window's input rows into `inputs`; returns their count */
function gather(sentence: usize, center: i32, from: i32, to: i32): i32 {
  let m = 0;
  for (let j = from; j < to; j++) {
    if (j == center) continue;
    store<u32>(inputs + ((<usize>m) << 2), syn0 + <usize>load<u32>(sentence + ((<usize>j) << 2)) * rowBytes);
    m++;
  }
  return m;
}

/** the output rows into `targets` as (row, weight): the center, then distinct negatives with their multiplicity */
function outputs(center: u32, draws: usize): i32 {
  const centerRow = syn1 + <usize>center * rowBytes;
  store<u32>(targets, centerRow);
  store<f32>(targets, 1, 4);
  let k = 1;
  for (let d = 0; d < negative; d++) {
    const row = syn1 + <usize>load<u32>(draws + ((<usize>d) << 2)) * rowBytes;
    if (row != centerRow) k = addTarget(k, row);
  }
  return k;
}

function addTarget(k: i32, row: usize): i32 {
  for (let o = 1; o < k; o++) {
    const entry = targets + ((<usize>o) << 3);
    if (load<u32>(entry) == row) {
      store<f32>(entry, load<f32>(entry, 4) + 1, 4);
      return k;
    }
  }
  const entry = targets + ((<usize>k) << 3);
  store<u32>(entry, row);
  store<f32>(entry, 1, 4);
  return k + 1;
}

/** G[o][j] = weight_o * (label_o - sigmoid(input_j . output_o)) * alpha, and its transpose */
function gradientsOf(m: i32, k: i32): void {
  for (let o = 0; o < k; o++) {
    const out = <usize>load<u32>(targets + ((<usize>o) << 3));
    const weight = load<f32>(targets + ((<usize>o) << 3), 4);
    const row = gradients + ((<usize>(o * m)) << 2);
    let j = 0;
    for (; j + 4 <= m; j += 4)
      dot4(out, input(j), input(j + 1), input(j + 2), input(j + 3), dim, row + ((<usize>j) << 2));
    for (; j < m; j++) store<f32>(row + ((<usize>j) << 2), dot(out, input(j), dim));
    for (j = 0; j < m; j++) {
      const at = row + ((<usize>j) << 2);
      const g = gradient(load<f32>(at), o == 0, weight);
      store<f32>(at, g);
      store<f32>(transposed + ((<usize>(j * k + o)) << 2), g);
    }
  }
}

function input(j: i32): usize {
  return <usize>load<u32>(inputs + ((<usize>j) << 2));
}

function output(o: i32): usize {
  return <usize>load<u32>(targets + ((<usize>o) << 3));
}

/** outputs += G . inputs and inputs += G^T . outputs, both from the old rows */
function update(m: i32, k: i32): void {
  for (let o = 0; o < k; o++) {
    const delta = deltas + <usize>o * rowBytes;
    const row = gradients + ((<usize>(o * m)) << 2);
    zero(delta, dim);
    let j = 0;
    for (; j + 4 <= m; j += 4)
      axpy4(delta, row + ((<usize>j) << 2), input(j), input(j + 1), input(j + 2), input(j + 3), dim);
    for (; j < m; j++) axpy(delta, load<f32>(row + ((<usize>j) << 2)), input(j), dim);
  }
  for (let j = 0; j < m; j++) {
    const row = transposed + ((<usize>(j * k)) << 2);
    let o = 0;
    for (; o + 4 <= k; o += 4)
      axpy4(input(j), row + ((<usize>o) << 2), output(o), output(o + 1), output(o + 2), output(o + 3), dim);
    for (; o < k; o++) axpy(input(j), load<f32>(row + ((<usize>o) << 2)), output(o), dim);
  }
  for (let o = 0; o < k; o++) axpy(output(o), 1, deltas + <usize>o * rowBytes, dim);
}
