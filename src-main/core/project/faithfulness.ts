// How faithful a map is: of each word's k nearest neighbours in the original
// space, how many are also among its k nearest on the map (kNN recall, as in
// the UMAP and t-SNE literature's "neighbourhood preservation").
import { knnGraph, layoutKnn, type KnnGraph, type Metric } from './knn.ts';

export interface Recall {
  /** mean over the rows evaluated, 0..1 */
  mean: number;
  /** per row of the layout, 0..1; NaN for a row not evaluated */
  perRow: Float32Array;
  /** rows evaluated */
  evaluated: number;
  /** neighbours compared per row: min(k, rows - 1) */
  k: number;
  /** false when the original-space neighbours came from an approximate search */
  exact: boolean;
}

/**
 * Recall@k of a layout against original-space neighbours: `original` holds at
 * least k neighbours per row, nearest first; `queries` maps its rows to layout
 * rows when it covers only some (a sample), else row r is layout row r.
 */
export function knnRecall(
  original: KnnGraph,
  layout: Float32Array,
  rows: number,
  dims: number,
  k = 10,
  queries?: ArrayLike<number>,
): Recall {
  const kk = Math.min(k, rows - 1, original.k);
  if (kk < 1) throw new RangeError(`knnRecall: needs at least 2 rows, got ${rows}`);
  const onMap = layoutKnn(layout, rows, dims, kk);
  const perRow = new Float32Array(rows).fill(NaN);
  const count = queries ? queries.length : original.rows;
  const seen = new Set<number>();
  let total = 0;
  for (let q = 0; q < count; q++) {
    const r = queries ? queries[q] : q;
    seen.clear();
    for (let s = 0; s < kk; s++) seen.add(original.indices[q * original.k + s]);
    let hits = 0;
    for (let s = 0; s < kk; s++) if (seen.has(onMap[r * kk + s])) hits++;
    perRow[r] = hits / kk;
    total += hits / kk;
  }
  return { mean: count ? total / count : 0, perRow, evaluated: count, k: kk, exact: original.exact };
}

/**
 * Recall@k of a layout of the rows of data: original-space neighbours from
 * `graph` when it holds k per row, else searched (exact within the budget,
 * NN-descent beyond).
 */
export function layoutRecall(
  data: Float32Array,
  rows: number,
  dim: number,
  metric: Metric,
  layout: Float32Array,
  dims: number,
  opts: { k?: number; graph?: KnnGraph | null; seed?: number; exactBudget?: number; signal?: AbortSignal } = {},
): Recall {
  const k = Math.min(opts.k ?? 10, rows - 1);
  const graph =
    opts.graph && opts.graph.rows === rows && opts.graph.k >= k
      ? opts.graph
      : knnGraph(data, rows, dim, k, metric, { seed: opts.seed, exactBudget: opts.exactBudget, signal: opts.signal });
  return knnRecall(graph, layout, rows, dims, k);
}
