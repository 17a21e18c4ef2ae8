// One projection of the first rows of a vector set, start to finish: PCA,
// UMAP or custom axes (axes.ts), then the faithfulness (kNN recall@10) of the
// layout. Runs in the 'project' worker (project-worker.ts) or, for a small PCA
// or axes map, in the caller.
import { knnGraph, type KnnGraph, type Metric } from './knn.ts';
import { knnRecall } from './faithfulness.ts';
import { axisCoordinates } from './axes.ts';
import { pca } from './pca.ts';
import { Umap } from './umap.ts';

export interface ProjectInput {
  /** rows * dim floats, row-major */
  data: Float32Array;
  rows: number;
  dim: number;
  method: 'pca' | 'umap' | 'axes';
  dims: 2 | 3;
  /** method 'axes': dims * dim floats, one unit direction per axis (axisDirections) */
  directions?: Float32Array;
  /** the distance of the original space: UMAP's, and the faithfulness's */
  metric: Metric;
  neighbors: number;
  minDist: number;
  seed: number;
  /** UMAP epochs; 0 or absent: umap-js's default for the size */
  epochs?: number;
  /** multiply-adds an exact kNN search may cost before NN-descent is used */
  exactBudget?: number;
}

export type ProjectProgress =
  | { phase: 'neighbours'; fraction: number }
  | { phase: 'layout'; epoch: number; epochs: number; coords: Float32Array | null };

export interface ProjectOutput {
  /** rows * dims floats, row-major */
  coords: Float32Array;
  /** PCA: the fraction of the variance along each axis; UMAP: [] */
  explained: number[];
  epochs: number;
  recall: {
    /** mean recall@k over the rows, 0..1 */
    mean: number;
    /** per row, 0..1 */
    perRow: Float32Array;
    k: number;
    /** false when the original-space neighbours came from NN-descent, not an exact search */
    exact: boolean;
  };
  /** seconds per phase */
  timings: { neighbours: number; layout: number; recall: number };
}

export interface ProjectOptions {
  onProgress?: (p: ProjectProgress) => void;
  /** at most one layout frame (with coordinates) this often, in ms; the last epoch always has one */
  frameMs?: number;
  signal?: AbortSignal;
}

/** neighbours compared per word for the faithfulness */
export const RECALL_K = 10;

export function computeProjection(input: ProjectInput, opts: ProjectOptions = {}): ProjectOutput {
  const { data, rows, dim, dims, metric } = input;
  if (data.length !== rows * dim) throw new RangeError(`project: ${rows} x ${dim} needs ${rows * dim} floats`);
  const clock = stopwatch();
  const recallK = Math.min(RECALL_K, rows - 1);
  let graph: KnnGraph | null = null;
  let coords: Float32Array;
  let explained: number[] = [];
  let epochs = 0;
  let neighbours = 0;
  if (input.method === 'umap') {
    // one search serves both UMAP (neighbors - 1 others) and the recall (10)
    const others = Math.min(Math.max(input.neighbors - 1, recallK), rows - 1);
    if (rows > 2) {
      graph = knnGraph(data, rows, dim, others, metric, {
        seed: input.seed,
        exactBudget: input.exactBudget,
        signal: opts.signal,
        onProgress: (fraction) => opts.onProgress?.({ phase: 'neighbours', fraction }),
      });
    }
    neighbours = clock();
    const umap = new Umap({
      dims,
      neighbors: input.neighbors,
      minDist: input.minDist,
      metric,
      seed: input.seed,
      epochs: input.epochs ?? 0,
    });
    epochs = umap.initializeFit(data, rows, dim, { knn: graph ?? undefined, signal: opts.signal });
    let lastFrame = -Infinity;
    const frameMs = opts.frameMs ?? 100;
    for (let e = 1; e <= epochs; e++) {
      opts.signal?.throwIfAborted();
      umap.step();
      const now = performance.now();
      const frame = e === epochs || now - lastFrame >= frameMs;
      if (frame) lastFrame = now;
      opts.onProgress?.({ phase: 'layout', epoch: e, epochs, coords: frame ? umap.coords() : null });
    }
    coords = umap.coords();
  } else if (input.method === 'axes') {
    if (!input.directions) throw new RangeError('project: method axes needs directions');
    coords = axisCoordinates(data, rows, dim, input.directions, dims);
  } else {
    coords = new Float32Array(rows * dims);
    if (rows > 0 && dim >= dims) ({ coords, explained } = pca(data, rows, dim, dims));
    else
      for (let r = 0; r < rows; r++)
        for (let c = 0; c < Math.min(dim, dims); c++) coords[r * dims + c] = data[r * dim + c];
  }
  const layout = clock();
  opts.signal?.throwIfAborted();
  if (recallK < 1) {
    // one word: nothing to lose
    return {
      coords,
      explained,
      epochs,
      recall: { mean: 1, perRow: new Float32Array(rows).fill(1), k: 0, exact: true },
      timings: { neighbours, layout, recall: clock() },
    };
  }
  graph ??= knnGraph(data, rows, dim, recallK, metric, {
    seed: input.seed,
    exactBudget: input.exactBudget,
    signal: opts.signal,
  });
  const r = knnRecall(graph, coords, rows, dims, recallK);
  return {
    coords,
    explained,
    epochs,
    recall: { mean: r.mean, perRow: r.perRow, k: r.k, exact: r.exact },
    timings: { neighbours, layout, recall: clock() },
  };
}

/** seconds since the last call */
function stopwatch(): () => number {
  let last = performance.now();
  return () => {
    const now = performance.now();
    const s = (now - last) / 1000;
    last = now;
    return s;
  };
}
