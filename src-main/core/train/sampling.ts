// The two word distributions word2vec samples from: which frequent words to
// drop (subsampling, word2vec.c's and fastText's) and which words to use as
// negatives (unigram^0.75, or another exponent).
import type { Random } from './random.ts';

/** how many words, from the most frequent, occur at least `minCount` times (counts sorted desc) */
export function keptVocabSize(counts: ArrayLike<number>, minCount: number): number {
  let kept = 0;
  while (kept < counts.length && counts[kept] >= minCount) kept++;
  return kept;
}

/** the number of corpus tokens of the kept words: word2vec.c's train_words */
export function totalCount(counts: ArrayLike<number>, kept: number): number {
  let total = 0;
  for (let i = 0; i < kept; i++) total += counts[i];
  return total;
}

/**
 * The probability of keeping one occurrence of each kept word, as word2vec.c:
 * keep = (sqrt(c / (s*T)) + 1) * (s*T) / c, capped at 1; sample 0 keeps every word.
 */
export function keepProbabilities(counts: ArrayLike<number>, kept: number, sample: number): Float64Array {
  const keep = new Float64Array(kept).fill(1);
  if (sample <= 0) return keep;
  const threshold = sample * totalCount(counts, kept);
  for (let i = 0; i < kept; i++) {
    const c = counts[i];
    if (c > 0) keep[i] = Math.min(1, (Math.sqrt(c / threshold) + 1) * (threshold / c));
  }
  return keep;
}

/** negatives are drawn with a 31-bit uniform integer; the table's last entry equals this */
export const NEGATIVE_DOMAIN = 2 ** 31;

/**
 * gensim's cum_table: entry i is the rounded cumulative share of count^power of
 * words 0..i, scaled to NEGATIVE_DOMAIN. Word i owns the integers [table[i-1], table[i]).
 */
export function negativeTable(counts: ArrayLike<number>, kept: number, power = 0.75): Uint32Array {
  const table = new Uint32Array(kept);
  let sum = 0;
  for (let i = 0; i < kept; i++) sum += Math.pow(counts[i], power);
  if (!(sum > 0)) throw new RangeError('negative sampling needs at least one word with a positive count');
  let cumulative = 0;
  for (let i = 0; i < kept; i++) {
    cumulative += Math.pow(counts[i], power);
    table[i] = Math.round((cumulative / sum) * NEGATIVE_DOMAIN);
  }
  table[kept - 1] = NEGATIVE_DOMAIN;
  return table;
}

/** the word that owns `r` in [0, NEGATIVE_DOMAIN): the first entry greater than r */
export function drawFromTable(table: Uint32Array, r: number): number {
  let lo = 0;
  let hi = table.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (table[mid] > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** fills negatives[0..count) with words drawn from `table` (word2vec.c draws one per target, in order) */
export function drawNegatives(negatives: Uint32Array, count: number, table: Uint32Array, random: Random): void {
  for (let d = 0; d < count; d++) negatives[d] = drawFromTable(table, random.nextUint32() >>> 1);
}

/**
 * fastText's subsampling: a word of corpus frequency f = count / tokens is kept
 * with probability sqrt(t / f) + t / f (fastText discards when a uniform draw is
 * above it), where `tokens` counts every corpus token, kept or not, as
 * fastText's ntokens; t = 0 keeps every word.
 */
export function fasttextKeepProbabilities(
  counts: ArrayLike<number>,
  kept: number,
  t: number,
  tokens: number,
): Float64Array {
  const keep = new Float64Array(kept).fill(1);
  if (t <= 0 || tokens <= 0) return keep;
  for (let i = 0; i < kept; i++) {
    const c = counts[i];
    if (c <= 0) continue;
    const ratio = t / (c / tokens);
    keep[i] = Math.min(1, Math.sqrt(ratio) + ratio);
  }
  return keep;
}
