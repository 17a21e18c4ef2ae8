// CBOW with negative sampling over one sentence, as word2vec.c with
// cbow_mean=1: the mean of the window's input vectors predicts the center
// word, then every context word moves by the whole error (not divided). As in
// skip-gram, center i+1's draws are taken, and its rows read, before center i.
import { THREAD_DRAWS, THREAD_LOSS, THREAD_PAIRS, THREAD_RANDOM, THREAD_SENTENCE, THREAD_TOUCHED } from './layout';
import { addTotals, aliasOf, scratchOf, vocabOf } from './header';
import { axpy, scale, zero } from './vector';
import { drawWords, nextRandom } from './random';
import {
  begin,
  dim,
  loss,
  negative,
  neu1,
  neu1e,
  rowBytes,
  seen,
  syn0,
  syn1,
  touchNegatives,
  touchRow,
  trainOutputs,
  window,
} from './outputs';

/** trains on the thread's sentence[0..length); `pairs` counts center words with a context */
export function cbowTrainSentence(model: usize, thread: usize, length: i32, rate: f32): void {
  if (length <= 0) return;
  begin(model, thread, rate);
  const vocab = vocabOf(model);
  const alias = aliasOf(model);
  const sentence = scratchOf(thread, THREAD_SENTENCE);
  let draws = scratchOf(thread, THREAD_DRAWS);
  let nextDraws = draws + ((<usize>negative) << 2);
  let state = load<u64>(thread + THREAD_RANDOM);
  let centers: i32 = 0;

  // center 0's window and negatives (drawn only for a window with context, as word2vec.c)
  state = nextRandom(state);
  let shrink = <i32>(state % <u64>window);
  let from = max(0, -window + shrink);
  let to = min(length, window + 1 - shrink);
  if (to - from > 1) state = drawWords(draws, negative, alias, vocab, state);

  for (let i = 0; i < length; i++) {
    let nextFrom = 0;
    let nextTo = 0;
    if (i + 1 < length) {
      state = nextRandom(state);
      shrink = <i32>(state % <u64>window);
      nextFrom = max(0, i + 1 - window + shrink);
      nextTo = min(length, i + 2 + window - shrink);
      if (nextTo - nextFrom > 1) state = drawWords(nextDraws, negative, alias, vocab, state);
      touchRow(syn1, load<u32>(sentence + ((<usize>(i + 1)) << 2)));
      touchRow(syn0, load<u32>(sentence + ((<usize>(nextTo - 1)) << 2)));
      touchNegatives(nextDraws);
    }
    const count = to - from - 1;
    if (count > 0) {
      mean(sentence, i, from, to, count);
      trainOutputs(neu1, load<u32>(sentence + ((<usize>i) << 2)), draws);
      for (let j = from; j < to; j++) {
        if (j != i) axpy(syn0 + <usize>load<u32>(sentence + ((<usize>j) << 2)) * rowBytes, 1, neu1e, dim);
      }
      centers++;
    }
    const swap = draws;
    draws = nextDraws;
    nextDraws = swap;
    from = nextFrom;
    to = nextTo;
  }
  store<u64>(thread + THREAD_RANDOM, state);
  store<i32>(thread + THREAD_TOUCHED, seen);
  addTotals(thread, THREAD_LOSS, THREAD_PAIRS, loss, centers);
}

/** neu1 = the mean of the context rows */
function mean(sentence: usize, center: i32, from: i32, to: i32, count: i32): void {
  zero(neu1, dim);
  for (let j = from; j < to; j++) {
    if (j != center) axpy(neu1, 1, syn0 + <usize>load<u32>(sentence + ((<usize>j) << 2)) * rowBytes, dim);
  }
  scale(neu1, 1 / <f32>count, dim);
}
