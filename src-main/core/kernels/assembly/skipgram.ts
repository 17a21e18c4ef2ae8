// Skip-gram with negative sampling over one sentence, with word2vec.c's math
// and random sequence: for each center word a dynamic window; for each
// (context, center) pair the center is the positive output and `negative`
// fresh draws the negative ones. All of a center's draws are taken as the
// center before it starts (the generator is consumed in the same order), so
// the rows a pair will need are read while the pair before it runs.
import { THREAD_DRAWS, THREAD_LOSS, THREAD_PAIRS, THREAD_RANDOM, THREAD_SENTENCE, THREAD_TOUCHED } from './layout';
import { addTotals, aliasOf, scratchOf, vocabOf } from './header';
import { axpy } from './vector';
import { drawWords, nextRandom } from './random';
import {
  begin,
  dim,
  loss,
  negative,
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

/** trains on the thread's sentence[0..length); adds to the thread's loss and pair count */
export function sgTrainSentence(model: usize, thread: usize, length: i32, rate: f32): void {
  if (length <= 0) return;
  begin(model, thread, rate);
  const vocab = vocabOf(model);
  const alias = aliasOf(model);
  const sentence = scratchOf(thread, THREAD_SENTENCE);
  const step = (<usize>negative) << 2;
  let draws = scratchOf(thread, THREAD_DRAWS);
  let nextDraws = draws + <usize>(2 * window) * step;
  let state = load<u64>(thread + THREAD_RANDOM);
  let pairs: i32 = 0;

  // center 0's window and draws
  state = nextRandom(state);
  let shrink = <i32>(state % <u64>window);
  let from = max(0, -window + shrink);
  let to = min(length, window + 1 - shrink);
  state = drawWords(draws, (to - from - 1) * negative, alias, vocab, state);

  for (let i = 0; i < length; i++) {
    const center = load<u32>(sentence + ((<usize>i) << 2));
    // center i+1's window and draws, before center i's pairs
    let nextFrom = 0;
    let nextTo = 0;
    if (i + 1 < length) {
      state = nextRandom(state);
      shrink = <i32>(state % <u64>window);
      nextFrom = max(0, i + 1 - window + shrink);
      nextTo = min(length, i + 2 + window - shrink);
      state = drawWords(nextDraws, (nextTo - nextFrom - 1) * negative, alias, vocab, state);
      touchRow(syn1, load<u32>(sentence + ((<usize>(i + 1)) << 2)));
      touchRow(syn0, load<u32>(sentence + ((<usize>(nextTo - 1)) << 2)));
    }
    let negatives = draws;
    const last = draws + <usize>max(0, to - from - 2) * step;
    for (let j = from; j < to; j++) {
      if (j == i) continue;
      // the next pair's negatives: this center's, or the first of center i+1
      if (negatives < last) touchNegatives(negatives + step);
      else if (i + 1 < length) touchNegatives(nextDraws);
      const input = syn0 + <usize>load<u32>(sentence + ((<usize>j) << 2)) * rowBytes;
      trainOutputs(input, center, negatives);
      axpy(input, 1, neu1e, dim);
      negatives += step;
      pairs++;
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
