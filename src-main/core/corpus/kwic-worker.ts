// Worker-thread entry of a concordance scan (started by startWorker('kwic')):
// reads the token file off the main thread. The parent cancels by
// terminating this thread; memory is one read chunk plus the hits.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers.ts';
import { concordance, type ConcordanceHit, type KwicWorkerData } from './concordance.ts';

const port = parentPort;
if (!port) throw new Error('kwic-worker.ts runs only as a worker thread');

const post = (message: WorkerMessage<never, ConcordanceHit[]>) => port.postMessage(message);

try {
  const { file, wordId, ...opts } = workerData as KwicWorkerData;
  post({ type: 'done', result: concordance(file, wordId, opts) });
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: e.name, message: e.message });
}
