// Worker-thread entry of the map's k-means (startWorker('cluster')): big maps
// cluster off the service's thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers.ts';
import { clusterExemplars, sphericalKMeans } from './cluster.ts';

export interface ClusterInput {
  data: Float32Array;
  rows: number;
  dim: number;
  k: number;
  seed: number;
  exemplars: number;
}

export interface ClusterOutput {
  labels: Uint8Array;
  exemplars: number[][];
  iterations: number;
  cohesion: number;
}

const port = parentPort;
if (!port) throw new Error('cluster-worker.ts runs only as a worker thread');

try {
  const { data, rows, dim, k, seed, exemplars } = workerData as ClusterInput;
  const clusters = sphericalKMeans(data, rows, dim, k, { seed });
  const result: ClusterOutput = {
    labels: clusters.labels,
    exemplars: clusterExemplars(data, rows, dim, clusters, exemplars),
    iterations: clusters.iterations,
    cohesion: clusters.cohesion,
  };
  port.postMessage({ type: 'done', result } satisfies WorkerMessage<number, ClusterOutput>);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  port.postMessage({ type: 'error', name: e.name, message: e.message } satisfies WorkerMessage<number, ClusterOutput>);
}
