// Ranks and correlations for the word-similarity benchmarks, as scipy computes
// them: `rankdata(method='average')`, `pearsonr` and `spearmanr` (gensim's
// evaluate_word_pairs calls the last two). Float64 throughout.
//
// Undefined results are NaN, as scipy gives them: fewer than two values, a
// constant input, or a NaN anywhere in the input (nan_policy='propagate').
// scipy raises for n < 2 in pearsonr; here that is NaN too.

/**
 * 1-based ranks of `values`; tied values share the mean of the ranks they
 * span (scipy.stats.rankdata, method='average'). Writes into `out` when given
 * (it must be as long as `values` and must not be `values` itself).
 * NaN values get NaN ranks.
 */
export function averageRanks(values: ArrayLike<number>, out?: Float64Array): Float64Array {
  const n = values.length;
  const ranks = out ?? new Float64Array(n);
  if (ranks.length !== n) throw new RangeError(`averageRanks: out has length ${ranks.length}, expected ${n}`);
  if ((ranks as unknown) === values) throw new RangeError('averageRanks: out must not alias values');
  const order = new Uint32Array(n);
  let finite = 0;
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(values[i])) ranks[i] = NaN;
    else order[finite++] = i;
  }
  const sorted = order.subarray(0, finite).sort((i, j) => values[i] - values[j] || i - j);
  let start = 0;
  while (start < finite) {
    const v = values[sorted[start]];
    let end = start + 1;
    while (end < finite && values[sorted[end]] === v) end++;
    // positions start..end-1 hold ranks start+1..end; their mean:
    const rank = (start + end + 1) / 2;
    for (let k = start; k < end; k++) ranks[sorted[k]] = rank;
    start = end;
  }
  return ranks;
}

/**
 * Pearson's product-moment correlation of two equally long samples, in
 * [-1, 1] (scipy.stats.pearsonr's statistic). NaN when n < 2, when either
 * sample is constant, or when a value is NaN.
 */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`pearson: samples have lengths ${n} and ${y.length}`);
  if (n < 2) return NaN;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += x[i];
    sy += y[i];
  }
  const mx = sx / n;
  const my = sy / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  // NaN inputs make every sum NaN, and NaN fails both tests below
  if (!(sxx > 0) || !(syy > 0)) return NaN;
  const r = sxy / Math.sqrt(sxx * syy);
  return Math.max(-1, Math.min(1, r));
}

/**
 * Spearman's rank correlation (scipy.stats.spearmanr's statistic): Pearson's r
 * of the average ranks, so ties are handled as scipy handles them. NaN when
 * n < 2, when either sample is constant, or when a value is NaN.
 */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (y.length !== n) throw new RangeError(`spearman: samples have lengths ${n} and ${y.length}`);
  for (let i = 0; i < n; i++) if (Number.isNaN(x[i]) || Number.isNaN(y[i])) return NaN;
  return pearson(averageRanks(x), averageRanks(y));
}
