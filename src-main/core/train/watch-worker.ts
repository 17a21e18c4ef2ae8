// Worker-thread entry of a training run's watcher (startWorker('train-watch')):
// computes each frame off the main thread from the run's shared weights, which
// it reads while the training threads write them. The parent ends it by
// terminating it.
import { parentPort, workerData } from 'node:worker_threads';
import type { LiveWeights } from './types.ts';
import { computeWatchFrame, type WatchFrameInput, type WatchFrameOutput } from './watch-frame.ts';

export type WatchWorkerRequest = { id: number } & WatchFrameInput;
export type WatchWorkerReply = { id: number } & (
  { type: 'frame'; frame: WatchFrameOutput } | { type: 'error'; message: string }
);

const port = parentPort;
if (!port) throw new Error('watch-worker.ts runs only as a worker thread');

const weights = (workerData as { weights: LiveWeights }).weights;
let previous: Float32Array | null = null;

port.on('message', (request: WatchWorkerRequest) => {
  let reply: WatchWorkerReply;
  try {
    const frame = computeWatchFrame(weights, request, previous);
    previous = frame.coords.slice();
    reply = { id: request.id, type: 'frame', frame };
  } catch (err) {
    reply = { id: request.id, type: 'error', message: err instanceof Error ? err.message : String(err) };
  }
  port.postMessage(reply);
});
