// Worker entry for one word2vec-family training thread (skip-gram, CBOW,
// fastText; started by workers.ts as 'train-sgns', the method is in workerData).
import { parentPort, workerData } from 'node:worker_threads';
import { runWord2vecThread, type Word2vecThreadJob, type Word2vecThreadMessage } from './word2vec-thread.ts';

const port = parentPort;
if (!port) throw new Error('sgns-worker.ts must run in a worker thread');

const send = (message: Word2vecThreadMessage): void => port.postMessage(message);
runWord2vecThread(workerData as Word2vecThreadJob, send);
send({ type: 'done' });
