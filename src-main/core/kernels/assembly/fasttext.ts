// fastText's skip-gram (`fasttext skipgram`) over one sentence. For each center
// word, a window boundary drawn uniformly from [1, window]; for each context
// word in it, h = the mean of the center's input rows (its own row and its
// n-gram buckets) predicts the context word against `negative` draws (drawn
// again while equal to it, as fastText's getNegative), and h's error goes to
// every one of those rows (Model::update).
//
// fastText recomputes h from the rows before each pair and writes every row
// after it. The rows change only by the pair's error, each by the same amount,
// so the next h is h + c * error (c = 1 unless an n-gram repeats) and the rows'
// total change is the summed error: this kernel keeps h and that sum, and
// reads and writes the rows once per center. With one thread it is the same
// arithmetic as fastText's, up to float rounding; with several, other
// threads' writes to these rows land at the center's end instead of between
// its pairs (Hogwild either way).
import { THREAD_DELTAS, THREAD_DRAWS, THREAD_LOSS, THREAD_PAIRS, THREAD_RANDOM, THREAD_SENTENCE } from './layout';
import { addTotals, aliasOf, scratchOf, subwordIdsOf, subwordOffsetsOf, vocabOf } from './header';
import { axpy, scale, zero } from './vector';
import { drawWord, nextRandom } from './random';
import { begin, dim, loss, negative, neu1, neu1e, rowBytes, syn0, trainOutputs, window } from './outputs';

/** how often a negative equal to the target is drawn again before it is skipped */
const MAX_REDRAWS = 64;

// per-sentence state (instance globals: one set per thread)
let offsets: usize = 0;
let ids: usize = 0;
let errors: usize = 0;

/** trains on the thread's sentence[0..length); `pairs` counts (center, context) pairs */
export function ftTrainSentence(model: usize, thread: usize, length: i32, rate: f32): void {
  if (length <= 0) return;
  begin(model, thread, rate);
  offsets = subwordOffsetsOf(model);
  ids = subwordIdsOf(model);
  errors = scratchOf(thread, THREAD_DELTAS);
  const vocab = vocabOf(model);
  const alias = aliasOf(model);
  const sentence = scratchOf(thread, THREAD_SENTENCE);
  const draws = scratchOf(thread, THREAD_DRAWS);
  let state = load<u64>(thread + THREAD_RANDOM);
  let pairs: i32 = 0;

  for (let i = 0; i < length; i++) {
    state = nextRandom(state);
    const shrink = <i32>(state % <u64>window);
    const from = max(0, i - window + shrink);
    const to = min(length, i + window + 1 - shrink);
    if (to - from <= 1) continue;
    const center = load<u32>(sentence + ((<usize>i) << 2));
    const first = load<u32>(offsets + ((<usize>center) << 2));
    const last = load<u32>(offsets + ((<usize>(center + 1)) << 2));
    const step = meanRows(first, last);
    zero(errors, dim);
    for (let j = from; j < to; j++) {
      if (j == i) continue;
      const target = load<u32>(sentence + ((<usize>j) << 2));
      state = drawNegatives(draws, target, alias, vocab, state);
      trainOutputs(neu1, target, draws);
      axpy(neu1, step, neu1e, dim);
      axpy(errors, 1, neu1e, dim);
      pairs++;
    }
    for (let k = first; k < last; k++) axpy(row(k), 1, errors, dim);
  }
  store<u64>(thread + THREAD_RANDOM, state);
  addTotals(thread, THREAD_LOSS, THREAD_PAIRS, loss, pairs);
}

function row(k: u32): usize {
  return syn0 + <usize>load<u32>(ids + ((<usize>k) << 2)) * rowBytes;
}

/**
 * neu1 = the mean of rows ids[first..last); returns how far that mean moves
 * when each listed row moves by one error: sum over rows of (times listed)^2 / count.
 */
function meanRows(first: u32, last: u32): f32 {
  zero(neu1, dim);
  let repeats: u32 = 0;
  for (let k = first; k < last; k++) {
    const id = load<u32>(ids + ((<usize>k) << 2));
    axpy(neu1, 1, row(k), dim);
    for (let m = first; m < k; m++) if (load<u32>(ids + ((<usize>m) << 2)) == id) repeats++;
  }
  const count = <f32>(last - first);
  scale(neu1, 1 / count, dim);
  // each repeated pair (m < k) adds 2 to the sum of squares beyond `count`
  return (count + 2 * <f32>repeats) / count;
}

/** `negative` words into words[], each drawn again while it equals the target */
function drawNegatives(words: usize, target: u32, alias: usize, vocab: u32, state: u64): u64 {
  for (let d = 0; d < negative; d++) {
    let word: u32 = target;
    for (let tries = 0; word == target && tries <= MAX_REDRAWS; tries++) {
      state = nextRandom(state);
      word = drawWord(alias, vocab, state);
    }
    store<u32>(words + ((<usize>d) << 2), word);
  }
  return state;
}
