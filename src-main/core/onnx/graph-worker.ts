// Worker-thread entry of graph training (started by startWorker('train-graph')):
// onnxruntime-node's run() computes on the calling thread, and batch building
// is a hot loop too, so both stay off the main thread. Progress and
// checkpoints go out as messages; a cancel message stops the trainer at its
// next boundary, and its AbortError goes back with the checkpoint it carries.
import { parentPort, workerData } from 'node:worker_threads';
import type { Checkpoint, TrainProgress } from '../train/types.ts';
import type { CancelMessage, WorkerMessage } from '../workers.ts';
import { trainGloveOnGraph, type GloveGraphInput } from './glove-graph-train.ts';
import { trainWord2vecOnGraph, type GraphTrainInput, type GraphTrainResult } from './graph-train.ts';

export type GraphJob =
  | ({ kind: 'word2vec'; method: 'sgns' | 'cbow' } & Omit<GraphTrainInput, WorkerSide>)
  | ({ kind: 'glove' } & Omit<GloveGraphInput, WorkerSide>);

type WorkerSide = 'signal' | 'onProgress' | 'onCheckpoint';

const port = parentPort;
if (!port) throw new Error('graph-worker.ts runs only as a worker thread');

const post = (message: WorkerMessage<TrainProgress, GraphTrainResult>, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

const cancel = new AbortController();
port.on('message', (msg: CancelMessage) => {
  if (msg.type === 'cancel') cancel.abort();
});

async function main(job: GraphJob): Promise<void> {
  const signal = cancel.signal;
  const onProgress = (progress: TrainProgress) => post({ type: 'progress', progress });
  // copied, not transferred: a trainer keeps its last checkpoint for a cancel
  const onCheckpoint = (checkpoint: Checkpoint) => post({ type: 'checkpoint', checkpoint });
  const result =
    job.kind === 'glove'
      ? await trainGloveOnGraph({ ...job, signal, onProgress, onCheckpoint })
      : await trainWord2vecOnGraph(job.method, { ...job, signal, onProgress, onCheckpoint });
  const buffers = [result.vectors, ...Object.values(result.matrices)].map((m) => m.buffer as ArrayBuffer);
  post({ type: 'done', result }, [...new Set(buffers)]);
}

main(workerData as GraphJob).catch((err: Error & { checkpoint?: Checkpoint }) =>
  post({ type: 'error', message: err.message, name: err.name, checkpoint: err.checkpoint }),
);
