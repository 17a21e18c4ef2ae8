// Worker-thread entry of graph training (started by startWorker('train-graph')):
// onnxruntime-node's run() computes on the calling thread, and batch building
// is a hot loop too, so both stay off the main thread. Progress goes out as
// messages; a cancel terminates the thread (the caller removes its files).
import { parentPort, workerData } from 'node:worker_threads';
import type { TrainProgress } from '../train/types.ts';
import type { WorkerMessage } from '../workers.ts';
import { trainGloveOnGraph, type GloveGraphInput } from './glove-graph-train.ts';
import { trainWord2vecOnGraph, type GraphTrainInput, type GraphTrainResult } from './graph-train.ts';

export type GraphJob =
  | ({ kind: 'word2vec'; method: 'sgns' | 'cbow' } & Omit<GraphTrainInput, 'signal' | 'onProgress'>)
  | ({ kind: 'glove' } & Omit<GloveGraphInput, 'signal' | 'onProgress'>);

const port = parentPort;
if (!port) throw new Error('graph-worker.ts runs only as a worker thread');

const post = (message: WorkerMessage<TrainProgress, GraphTrainResult>, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

async function main(job: GraphJob): Promise<void> {
  const onProgress = (progress: TrainProgress) => post({ type: 'progress', progress });
  const result =
    job.kind === 'glove'
      ? await trainGloveOnGraph({ ...job, onProgress })
      : await trainWord2vecOnGraph(job.method, { ...job, onProgress });
  const buffers = [result.vectors, ...Object.values(result.matrices)].map((m) => m.buffer as ArrayBuffer);
  post({ type: 'done', result }, [...new Set(buffers)]);
}

main(workerData as GraphJob).catch((err: Error) => post({ type: 'error', message: err.message, name: err.name }));
