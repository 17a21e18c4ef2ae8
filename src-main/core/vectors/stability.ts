// How much runs agree on neighbourhoods: the same settings trained with
// different seeds, or different methods on one corpus.
//
// - Jaccard@k: |N_a(w) ∩ N_b(w)| / |N_a(w) ∪ N_b(w)| of a word's k nearest
//   neighbours (by cosine, the word itself left out) in two runs; with more
//   than two runs, the mean over every pair. Reported per word and as the mean
//   over the N most frequent shared words (frequency as the first run orders
//   its vocabulary).
// - Rank-biased overlap (Webber, Moffat and Zobel 2010), extrapolated (RBO_ext,
//   their eq. 32; eq. 30 for lists of equal length), p = 0.9: agreement at each
//   depth d, weighted by p^d, so the first neighbours count most (about 65% of
//   the weight lies in the first ten).
//
// Neighbours are searched within the vocabulary all the runs share, not each
// run's whole vocabulary: a word one run lacks cannot be a neighbour in both,
// so counting it would charge vocabulary differences (min-count, an imported
// set's own words) to instability. Runs of one corpus and settings share every
// word, and then the two are the same. (neighboursAcross, for one word on
// screen, lists each run's own neighbours instead.)
//
// Speed: the cosines of a block of query words against a block of vocabulary
// rows are one register-blocked matrix product (eval/kernel.ts, the analogy
// benchmark's kernel); each query keeps its best k while the blocks stream by.
// Work: queries × vocabulary × dim multiply-adds per run.
import { cosineBlock, insertBest } from '../eval/kernel.ts';
import { ParamError } from '../errors.ts';
import type { Vectors } from './align.ts';

export const RBO_P = 0.9;

export interface StabilityOptions {
  /** neighbours per word */
  k: number;
  /** how many of the most frequent shared words to compare */
  words: number;
  signal?: AbortSignal;
  /** fraction of the neighbour searches done, 0..1 */
  onProgress?: (fraction: number) => void;
}

export interface RunPair {
  /** indices into the runs given */
  a: number;
  b: number;
  /** mean Jaccard@k over the words */
  jaccard: number;
  /** mean RBO_ext over the words */
  rbo: number;
}

export interface StabilityResult {
  k: number;
  /** words every run has */
  shared: number;
  /** the words compared: the first `words` shared words in the first run's order */
  words: string[];
  /** mean over the words of each word's Jaccard@k */
  jaccard: number;
  /** per word: the mean over run pairs */
  perWordJaccard: Float64Array;
  /** mean over the words of each word's RBO_ext */
  rbo: number;
  perWordRbo: Float64Array;
  pairs: RunPair[];
  /** per run: words × k neighbours, as indices into the shared words (best first; -1 where fewer exist) */
  neighbours: Int32Array[];
}

/** Jaccard@k and RBO of the top-k neighbour lists of the most frequent shared words, across 2 or more runs */
export function neighbourStability(sets: readonly Vectors[], options: StabilityOptions): StabilityResult {
  const plan = planStability(sets, options);
  const neighbours = sets.map((set, r) =>
    topNeighbours(set.data, set.dim, plan.searches[r], options.k, {
      signal: options.signal,
      onProgress: (f) => options.onProgress?.((r + f) / sets.length),
    }),
  );
  return scoreStability(plan, neighbours, options.k);
}

/** one run's neighbour search: the query rows, and which rows may answer (their shared-word index, else -1) */
export interface NeighbourSearch {
  queryRows: Int32Array;
  candidateId: Int32Array;
}

export interface StabilityPlan {
  /** the shared words, in the first run's order */
  shared: string[];
  /** how many of them are compared (the first ones) */
  queries: number;
  /** per run */
  searches: NeighbourSearch[];
}

/** checks the options and lays out each run's search (topNeighbours, here or in a worker) */
export function planStability(sets: readonly Vectors[], options: StabilityOptions): StabilityPlan {
  const { k, words: wanted } = options;
  if (sets.length < 2) throw new ParamError(`stability compares at least 2 runs, got ${sets.length}`);
  if (!Number.isInteger(k) || k < 1) throw new ParamError(`k must be a whole number ≥ 1, got ${k}`);
  if (!Number.isInteger(wanted) || wanted < 1) throw new ParamError(`words must be a whole number ≥ 1, got ${wanted}`);
  const shared = sharedVocabulary(sets);
  if (shared.words.length < 2) {
    throw new ParamError(`the runs share ${shared.words.length} word(s); comparing neighbours needs at least 2`);
  }
  const queries = Math.min(wanted, shared.words.length);
  const searches = sets.map((set, r) => {
    const rows = shared.rows[r];
    const candidateId = new Int32Array(set.words.length).fill(-1);
    rows.forEach((row, id) => (candidateId[row] = id));
    return { queryRows: rows.slice(0, queries), candidateId };
  });
  return { shared: shared.words, queries, searches };
}

/** Jaccard@k and RBO per word and run pair, from each run's neighbour lists (topNeighbours' output) */
export function scoreStability(plan: StabilityPlan, neighbours: Int32Array[], k: number): StabilityResult {
  const { queries } = plan;
  const perWordJaccard = new Float64Array(queries);
  const perWordRbo = new Float64Array(queries);
  const pairs: RunPair[] = [];
  for (let a = 0; a < neighbours.length; a++) {
    for (let b = a + 1; b < neighbours.length; b++) {
      let jSum = 0;
      let rSum = 0;
      for (let q = 0; q < queries; q++) {
        const la = listOf(neighbours[a], q, k);
        const lb = listOf(neighbours[b], q, k);
        const j = jaccard(la, lb);
        const r = rankBiasedOverlap(la, lb);
        perWordJaccard[q] += j;
        perWordRbo[q] += r;
        jSum += j;
        rSum += r;
      }
      pairs.push({ a, b, jaccard: jSum / queries, rbo: rSum / queries });
    }
  }
  const pairCount = pairs.length;
  let jaccardSum = 0;
  let rboSum = 0;
  for (let q = 0; q < queries; q++) {
    perWordJaccard[q] /= pairCount;
    perWordRbo[q] /= pairCount;
    jaccardSum += perWordJaccard[q];
    rboSum += perWordRbo[q];
  }
  return {
    k,
    shared: plan.shared.length,
    words: plan.shared.slice(0, queries),
    jaccard: jaccardSum / queries,
    perWordJaccard,
    rbo: rboSum / queries,
    perWordRbo,
    pairs,
    neighbours,
  };
}

/** the words in every set, in the first set's order, and each one's row in every set */
export function sharedVocabulary(sets: readonly Vectors[]): { words: string[]; rows: Int32Array[] } {
  const index = sets.map((set) => {
    const map = new Map<string, number>();
    set.words.forEach((w, row) => {
      if (!map.has(w)) map.set(w, row);
    });
    return map;
  });
  const words: string[] = [];
  const rows: number[][] = sets.map(() => []);
  for (const [word] of index[0]) {
    const found = index.map((map) => map.get(word));
    if (found.some((row) => row === undefined)) continue;
    words.push(word);
    found.forEach((row, r) => rows[r].push(row!));
  }
  return { words, rows: rows.map((r) => Int32Array.from(r)) };
}

/** query words per block of the product */
const QUERY_BLOCK = 256;
/** cosines held per block: queries × rows float32s, 1 MB (1024 rows: a 100-dim block of rows stays in L2) */
const BLOCK_FLOATS = 1 << 18;

/**
 * For each query row, its k most cosine-similar rows among the candidates
 * (candidateId[row] ≥ 0), itself left out, best first; ties go to the lower
 * row. `data` holds rows × dim floats. Returns queries × k candidate ids (-1
 * where there are fewer than k). Needs no words, so a worker can run it.
 */
export function topNeighbours(
  data: Float32Array,
  dim: number,
  search: NeighbourSearch,
  k: number,
  opts: { signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Int32Array {
  const { queryRows, candidateId } = search;
  const size = candidateId.length;
  if (data.length !== size * dim)
    throw new RangeError(`topNeighbours: ${size} rows × ${dim} need ${size * dim} floats`);
  const rowsIn = { set: { data }, invNorm: inverseNorms(data, dim, size), dim, size };
  const n = queryRows.length;
  const out = new Int32Array(n * k).fill(-1);
  const bestScore = new Float64Array(QUERY_BLOCK * k);
  const bestRow = new Int32Array(QUERY_BLOCK * k);
  const units = new Float32Array(QUERY_BLOCK * dim);
  const stride = Math.max(4, Math.min(4096, Math.floor(BLOCK_FLOATS / QUERY_BLOCK / 4) * 4));
  const cos = new Float32Array(QUERY_BLOCK * stride);
  for (let q0 = 0; q0 < n; q0 += QUERY_BLOCK) {
    const count = Math.min(QUERY_BLOCK, n - q0);
    for (let q = 0; q < count; q++) {
      const row = queryRows[q0 + q];
      const inv = rowsIn.invNorm[row];
      for (let c = 0; c < dim; c++) units[q * dim + c] = data[row * dim + c] * inv;
    }
    bestScore.fill(-Infinity);
    bestRow.fill(-1);
    for (let row0 = 0; row0 < size; row0 += stride) {
      const rows = Math.min(stride, size - row0);
      cosineBlock(rowsIn, row0, rows, units, count, cos, stride);
      for (let q = 0; q < count; q++) {
        keepBest(cos, q * stride, row0, rows, queryRows[q0 + q], candidateId, bestScore, bestRow, q * k, k);
      }
      opts.signal?.throwIfAborted();
    }
    for (let q = 0; q < count; q++) {
      for (let t = 0; t < k; t++) {
        const row = bestRow[q * k + t];
        out[(q0 + q) * k + t] = row >= 0 ? candidateId[row] : -1;
      }
    }
    opts.onProgress?.((q0 + count) / n);
  }
  return out;
}

function inverseNorms(data: Float32Array, dim: number, rows: number): Float64Array {
  const inv = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    let sum = 0;
    for (let c = r * dim, end = c + dim; c < end; c++) sum += data[c] * data[c];
    inv[r] = sum > 0 ? 1 / Math.sqrt(sum) : 0;
  }
  return inv;
}

/** folds one query's cosines with rows row0.. into its sorted best-k list */
function keepBest(
  cos: Float32Array,
  offset: number,
  row0: number,
  rows: number,
  self: number,
  candidateId: Int32Array,
  bestScore: Float64Array,
  bestRow: Int32Array,
  base: number,
  k: number,
): void {
  const last = base + k - 1;
  let threshold = bestScore[last];
  for (let i = 0; i < rows; i++) {
    const s = cos[offset + i];
    if (!(s > threshold)) continue;
    const row = row0 + i;
    if (row === self || candidateId[row] < 0) continue;
    threshold = insertBest(bestScore, bestRow, base, last, s, row);
  }
}

/** query q's list, without the -1 padding */
function listOf(lists: Int32Array, q: number, k: number): Int32Array {
  const list = lists.subarray(q * k, (q + 1) * k);
  const end = list.indexOf(-1);
  return end < 0 ? list : list.subarray(0, end);
}

/** |a ∩ b| / |a ∪ b| of two lists taken as sets; 1 when both are empty */
export function jaccard<T>(a: ArrayLike<T>, b: ArrayLike<T>): number {
  const setA = new Set(Array.from(a));
  const setB = new Set(Array.from(b));
  let both = 0;
  for (const x of setA) if (setB.has(x)) both++;
  const union = setA.size + setB.size - both;
  return union === 0 ? 1 : both / union;
}

/**
 * Extrapolated rank-biased overlap of two rankings without repeats (Webber et
 * al. 2010, eq. 32; for equal lengths it is eq. 30). 1 for identical lists
 * (and for one list that starts the other), 0 for disjoint ones; 1 when both
 * are empty. 0 < p < 1.
 */
export function rankBiasedOverlap<T>(x: ArrayLike<T>, y: ArrayLike<T>, p = RBO_P): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`rbo: p must lie in (0, 1), got ${p}`);
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  const s = short.length;
  const l = long.length;
  if (l === 0) return 1;
  if (s === 0) return 0;
  // X_d = |S[:d] ∩ L[:d]| (S whole once d > s), counted as the lists are walked
  const seenS = new Set<T>();
  const seenL = new Set<T>();
  let overlap = 0;
  let overlapAtS = 0;
  let sum = 0;
  let weight = 1;
  for (let d = 1; d <= l; d++) {
    weight *= p;
    const fromL = long[d - 1];
    if (d <= s) {
      const fromS = short[d - 1];
      if (fromS === fromL) overlap++;
      else {
        if (seenL.has(fromS)) overlap++;
        if (seenS.has(fromL)) overlap++;
      }
      seenS.add(fromS);
      seenL.add(fromL);
      if (d === s) overlapAtS = overlap;
    } else if (seenS.has(fromL)) overlap++;
    sum += (overlap / d) * weight;
    if (d > s) sum += ((overlapAtS * (d - s)) / (s * d)) * weight;
  }
  // weight is now p^l, overlap X_l
  return ((1 - p) / p) * sum + ((overlap - overlapAtS) / l + overlapAtS / s) * weight;
}

export interface WordColumn<T> {
  /** the word's neighbours in one run, best first; null when the run does not know the word */
  neighbours: readonly T[] | null;
}

/** Jaccard and RBO of every pair of columns that know the word; i < j */
export function pairwiseOverlap<T>(
  columns: readonly WordColumn<T>[],
): { a: number; b: number; jaccard: number; rbo: number }[] {
  const out: { a: number; b: number; jaccard: number; rbo: number }[] = [];
  for (let a = 0; a < columns.length; a++) {
    for (let b = a + 1; b < columns.length; b++) {
      const x = columns[a].neighbours;
      const y = columns[b].neighbours;
      if (!x || !y) continue;
      out.push({ a, b, jaccard: jaccard(x, y), rbo: rankBiasedOverlap(x, y) });
    }
  }
  return out;
}

/** the items found in every column that knows the word (the overlap to highlight), in the first such column's order */
export function commonToAll<T>(columns: readonly WordColumn<T>[]): T[] {
  const known = columns.map((c) => c.neighbours).filter((n): n is readonly T[] => n !== null);
  if (known.length === 0) return [];
  const others = known.slice(1).map((list) => new Set(list));
  return known[0].filter((x) => others.every((set) => set.has(x)));
}
