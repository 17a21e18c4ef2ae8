// Worker entry for one GloVe thread (started by workers.ts as 'train-glove').
// Requests come one at a time from glove.ts; the work is in glove-thread.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { GloveThread, type GloveReply, type GloveRequest, type GloveWorkerData } from './glove-thread.ts';

const port = parentPort;
if (!port) throw new Error('glove-worker.ts must run in a worker thread');

const thread = new GloveThread(workerData as GloveWorkerData, (reply: GloveReply) => port.postMessage(reply));
port.on('message', (request: GloveRequest) => thread.handle(request));
port.on('close', () => thread.close());
