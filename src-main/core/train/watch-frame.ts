// One frame of a watched training run: the watched words' nearest neighbours
// over the whole current vocabulary and a 2D PCA of the most frequent words,
// turned onto the previous frame's layout so points move instead of jumping.
// Word vectors are built from the live weights exactly as the finished run
// builds them (fastText: the mean of the word's rows; GloVe: W + W~), and
// scored exactly as the `neighbors` query scores stored vectors, so the frame
// of the finished weights lists what that query lists.
import { alignLayout } from '../project/layout-align.ts';
import { pca } from '../project/pca.ts';
import { topK } from '../vectors/queries.ts';
import type { LiveWeights } from './types.ts';

/** writes word `id`'s vector, as the run's result will hold it, into `out` (dim floats) */
export function wordVector(w: LiveWeights, id: number, out: Float32Array): void {
  const { dim } = w;
  if (w.kind === 'glove') {
    const stride = dim + 1;
    const row = id * stride;
    const context = w.words * stride + row;
    for (let c = 0; c < dim; c++) out[c] = w.model === 'sum' ? w.W[row + c] + w.W[context + c] : w.W[row + c];
    return;
  }
  const { input, subwords } = w;
  if (!subwords) {
    out.set(input.subarray(id * dim, (id + 1) * dim));
    return;
  }
  // composeWordVectors' arithmetic, in the same float32 steps
  out.fill(0);
  const from = subwords.offsets[id];
  const to = subwords.offsets[id + 1];
  for (let k = from; k < to; k++) {
    const r = subwords.ids[k] * dim;
    for (let c = 0; c < dim; c++) out[c] += input[r + c];
  }
  const scale = 1 / (to - from);
  for (let c = 0; c < dim; c++) out[c] *= scale;
}

/** the vectors of `ids`, row after row */
export function copyWordRows(w: LiveWeights, ids: ArrayLike<number>): Float32Array {
  const out = new Float32Array(ids.length * w.dim);
  for (let i = 0; i < ids.length; i++) wordVector(w, ids[i], out.subarray(i * w.dim, (i + 1) * w.dim));
  return out;
}

export interface LiveNeighbours {
  ids: number[];
  scores: number[];
}

/**
 * For each query row (queries.length / dim of them), the k words of the whole
 * vocabulary most cosine-similar to it, best first, leaving out `self[j]`.
 * One pass over the vocabulary builds each word's vector once for every query.
 */
export function nearestLive(
  w: LiveWeights,
  queries: Float32Array,
  self: ArrayLike<number>,
  k: number,
): LiveNeighbours[] {
  const { dim, words } = w;
  const nq = queries.length / dim;
  const qInv = new Float64Array(nq);
  for (let j = 0; j < nq; j++) {
    let sq = 0;
    for (let c = 0; c < dim; c++) sq += queries[j * dim + c] * queries[j * dim + c];
    qInv[j] = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  }
  const scores = new Float64Array(nq * words);
  const row = new Float32Array(dim);
  const unit = new Float32Array(dim);
  for (let i = 0; i < words; i++) {
    wordVector(w, i, row);
    // VectorSet.unit(): float32 unit rows, zero rows stay zero
    let sq = 0;
    for (let c = 0; c < dim; c++) sq += row[c] * row[c];
    if (sq === 0) unit.fill(0);
    else {
      const inv = 1 / Math.sqrt(sq);
      for (let c = 0; c < dim; c++) unit[c] = row[c] * inv;
    }
    for (let j = 0; j < nq; j++) {
      const q = j * dim;
      let s = 0;
      for (let c = 0; c < dim; c++) s += unit[c] * queries[q + c];
      scores[j * words + i] = s * qInv[j];
    }
  }
  const out: LiveNeighbours[] = [];
  for (let j = 0; j < nq; j++) {
    const own = scores.subarray(j * words, (j + 1) * words);
    const skip = self[j];
    if (skip >= 0 && skip < words) own[skip] = NaN;
    const best = topK(own, words, k);
    out.push({ ids: best, scores: best.map((i) => own[i]) });
  }
  return out;
}

export interface WatchFrameInput {
  /** the mapped words' vectors, rows x dim, copied at the refresh */
  rows: Float32Array;
  /** the first `alignRows` rows are the same words in every frame (the most frequent ones) */
  alignRows: number;
  /** each watched word's row in `rows`, and its word id */
  watchedRows: number[];
  watchedIds: number[];
  k: number;
}

export interface WatchFrameOutput {
  /** rows x 2, aligned to the previous frame */
  coords: Float32Array;
  neighbours: LiveNeighbours[];
  /** seconds for the neighbour search, and for the layout */
  seconds: { neighbours: number; layout: number };
}

/** computes a frame; `previous` is the last frame's coords (null for the first) */
export function computeWatchFrame(
  w: LiveWeights,
  input: WatchFrameInput,
  previous: Float32Array | null,
): WatchFrameOutput {
  const { dim } = w;
  const t0 = performance.now();
  const queries = new Float32Array(input.watchedRows.length * dim);
  input.watchedRows.forEach((r, j) => queries.set(input.rows.subarray(r * dim, (r + 1) * dim), j * dim));
  const neighbours = nearestLive(w, queries, input.watchedIds, input.k);
  const t1 = performance.now();
  const coords = layout2d(input.rows, dim);
  if (previous) {
    const shared = Math.min(input.alignRows, coords.length / 2, previous.length / 2);
    if (shared > 0) alignLayout(coords, previous, shared);
  }
  const t2 = performance.now();
  return { coords, neighbours, seconds: { neighbours: (t1 - t0) / 1000, layout: (t2 - t1) / 1000 } };
}

/** a 2D PCA of the rows; one dimension or fewer than two rows: what there is, on the x axis */
function layout2d(rows: Float32Array, dim: number): Float32Array {
  const n = rows.length / dim;
  if (dim >= 2 && n >= 2) return pca(rows, n, dim, 2).coords;
  const out = new Float32Array(n * 2);
  for (let i = 0; i < n; i++) out[i * 2] = rows[i * dim];
  return out;
}
