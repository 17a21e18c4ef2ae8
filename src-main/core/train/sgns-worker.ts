// Worker entry for one skip-gram training thread (started by workers.ts as 'train-sgns').
import { parentPort, workerData } from 'node:worker_threads';
import { runSgnsThread, type SgnsThreadJob, type SgnsThreadMessage } from './sgns-thread.ts';

const port = parentPort;
if (!port) throw new Error('sgns-worker.ts must run in a worker thread');

const send = (message: SgnsThreadMessage): void => port.postMessage(message);
runSgnsThread(workerData as SgnsThreadJob, send);
send({ type: 'done' });
