// Exact cosine queries on a VectorSet: nearest words, neighbours, analogies
// (gensim's most_similar and the plain sum), similarity.
import type { AnalogyResult, Scored } from '../../../src-preload/contract.ts';
import { UnknownWordError, type VectorSet } from './vector-set.ts';

export { UnknownWordError };

// one score per word, reused across calls so a query allocates nothing vocabulary-sized
let scratch = new Float64Array(0);

/**
 * The k words most cosine-similar to `query` (a word, or a vector of set.dim
 * numbers), best first, skipping the rows in `exclude`. Ties go to the lower
 * row, i.e. the more frequent word.
 */
export function nearest(
  set: VectorSet,
  query: string | ArrayLike<number>,
  k: number,
  exclude: ReadonlySet<number> = new Set(),
): Scored[] {
  const q = typeof query === 'string' ? set.row(set.indexOf(query)) : query;
  if (q.length !== set.dim) throw new RangeError(`query has ${q.length} dimensions, the vectors have ${set.dim}`);
  const scores = cosineScores(set, q);
  for (const i of exclude) if (i >= 0 && i < set.size) scores[i] = NaN;
  return topK(scores, set.size, k).map((i) => ({ word: set.words[i], score: scores[i] }));
}

/** the k nearest words to `word`, the word itself left out */
export function neighbors(set: VectorSet, word: string, k: number): Scored[] {
  const i = set.indexOf(word);
  return nearest(set, set.row(i), k, new Set([i]));
}

/**
 * a is to b as ? is to c, i.e. a - b + c. `results` is gensim's
 * most_similar(positive=[a, c], negative=[b]): the mean of the unit vectors
 * unit(a) - unit(b) + unit(c), by cosine. `raw` ranks by cosine to the plain
 * sum of the stored vectors. Both leave out a, b and c.
 */
export function analogy(set: VectorSet, a: string, b: string, c: string, k: number): AnalogyResult {
  const [ia, ib, ic] = set.indicesOf([a, b, c]);
  const inputs = new Set([ia, ib, ic]);
  const unit = set.unit();
  const mean = combine(unit, set.dim, ia, ib, ic);
  const rawVector = combine(set.data, set.dim, ia, ib, ic);
  return {
    results: nearest(set, mean, k, inputs),
    raw: nearest(set, rawVector, k, inputs),
    rawVector: Array.from(rawVector),
  };
}

/** cosine similarity of two words */
export function similarity(set: VectorSet, a: string, b: string): number {
  const [ia, ib] = set.indicesOf([a, b]);
  const unit = set.unit();
  let s = 0;
  for (let c = 0; c < set.dim; c++) s += unit[ia * set.dim + c] * unit[ib * set.dim + c];
  return s;
}

/** rows a - b + c of `data`, in float64 */
function combine(data: Float32Array, dim: number, a: number, b: number, c: number): Float64Array {
  const out = new Float64Array(dim);
  for (let d = 0; d < dim; d++) out[d] = data[a * dim + d] - data[b * dim + d] + data[c * dim + d];
  return out;
}

/** cosine of every row with q; a zero query or row scores 0 */
function cosineScores(set: VectorSet, q: ArrayLike<number>): Float64Array {
  const { dim, size } = set;
  if (scratch.length < size) scratch = new Float64Array(size);
  const scores = scratch;
  let norm = 0;
  for (let c = 0; c < dim; c++) norm += q[c] * q[c];
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  const unit = set.unit();
  for (let i = 0, row = 0; i < size; i++, row += dim) {
    let s = 0;
    for (let c = 0; c < dim; c++) s += unit[row + c] * q[c];
    scores[i] = s * inv;
  }
  return scores;
}

/**
 * Rows of the k best scores (NaN skipped), best first: a min-heap of k rows,
 * O(n log k), instead of sorting the whole vocabulary.
 */
export function topK(scores: ArrayLike<number>, n: number, k: number): number[] {
  const heap: number[] = [];
  // worse(i, j): row i ranks below row j
  const worse = (i: number, j: number): boolean => scores[i] < scores[j] || (scores[i] === scores[j] && i > j);
  for (let i = 0; i < n; i++) {
    if (Number.isNaN(scores[i])) continue;
    if (heap.length < k) {
      heap.push(i);
      siftUp(heap, heap.length - 1, worse);
    } else if (k > 0 && worse(heap[0], i)) {
      heap[0] = i;
      siftDown(heap, 0, worse);
    }
  }
  return heap.sort((i, j) => (worse(i, j) ? 1 : worse(j, i) ? -1 : 0));
}

function siftUp(heap: number[], at: number, worse: (i: number, j: number) => boolean): void {
  while (at > 0) {
    const parent = (at - 1) >> 1;
    if (!worse(heap[at], heap[parent])) return;
    [heap[at], heap[parent]] = [heap[parent], heap[at]];
    at = parent;
  }
}

function siftDown(heap: number[], at: number, worse: (i: number, j: number) => boolean): void {
  for (;;) {
    const left = 2 * at + 1;
    const right = left + 1;
    let least = at;
    if (left < heap.length && worse(heap[left], heap[least])) least = left;
    if (right < heap.length && worse(heap[right], heap[least])) least = right;
    if (least === at) return;
    [heap[at], heap[least]] = [heap[least], heap[at]];
    at = least;
  }
}
