// The map's "colour by cluster": spherical k-means of a run's N most frequent
// words in the original space, small maps in process, big ones in a worker.
import type { LabHandlers, ParsedArgs, WordClusters } from '../../src-preload/contract.ts';
import { clusterExemplars, sphericalKMeans } from '../core/vectors/cluster.ts';
import type { ClusterInput, ClusterOutput } from '../core/vectors/cluster-worker.ts';
import { runWorker } from '../core/workers.ts';
import type { VectorCache } from './queries.ts';

/** multiply-adds per iteration below which a worker costs more than it saves */
const IN_PROCESS_BUDGET = 2e7;
const EXEMPLARS = 5;

export function clusterHandlers(cache: VectorCache): Pick<LabHandlers, 'clusters'> {
  return { clusters: (args) => clusters(cache, args) };
}

async function clusters(cache: VectorCache, { run, words, k, seed }: ParsedArgs<'clusters'>): Promise<WordClusters> {
  const set = cache.get(run);
  const rows = Math.min(words, set.size);
  const data = set.data.subarray(0, rows * set.dim);
  const input: ClusterInput = { data, rows, dim: set.dim, k: Math.min(k, rows), seed, exemplars: EXEMPLARS };
  const out =
    rows * set.dim * k <= IN_PROCESS_BUDGET
      ? inProcess(input)
      : await runWorker<number, ClusterOutput>('cluster', input);
  return {
    k: input.k,
    words: rows,
    labels: Array.from(out.labels),
    exemplars: out.exemplars.map((ids) => ids.map((i) => set.words[i])),
    iterations: out.iterations,
    cohesion: out.cohesion,
  };
}

function inProcess(input: ClusterInput): ClusterOutput {
  const c = sphericalKMeans(input.data, input.rows, input.dim, input.k, { seed: input.seed });
  return {
    labels: c.labels,
    exemplars: clusterExemplars(input.data, input.rows, input.dim, c, input.exemplars),
    iterations: c.iterations,
    cohesion: c.cohesion,
  };
}
