// Worker-thread entry of one run's neighbour search for stability (started by
// startWorker('neighbours')): topNeighbours off the main thread, one worker per
// run, so two runs use two cores.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers.ts';
import { topNeighbours, type NeighbourSearch } from './stability.ts';

export interface NeighboursInput extends NeighbourSearch {
  /** rows × dim floats */
  data: Float32Array;
  dim: number;
  k: number;
}

const port = parentPort;
if (!port) throw new Error('neighbours-worker.ts runs only as a worker thread');

const post = (message: WorkerMessage<number, Int32Array>, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

try {
  const { data, dim, k, queryRows, candidateId } = workerData as NeighboursInput;
  const result = topNeighbours(data, dim, { queryRows, candidateId }, k, {
    onProgress: (fraction) => post({ type: 'progress', progress: fraction }),
  });
  post({ type: 'done', result }, [result.buffer as ArrayBuffer]);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: e.name, message: e.message });
}
