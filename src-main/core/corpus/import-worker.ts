// Worker-thread entry of a corpus import (started by startWorker('import-corpus')).
// The parent cancels by terminating this thread and deleting the output files.
import { parentPort, workerData } from 'node:worker_threads';
import { importCorpusFiles, type ImportWorkerData, type ImportWorkerMessage } from './import.ts';
import { CorpusInputError } from './input-error.ts';

const port = parentPort;
if (!port) throw new Error('import-worker.ts runs only as a worker thread');

const post = (message: ImportWorkerMessage) => port.postMessage(message);
const { paths, lowercase, outFile } = workerData as ImportWorkerData;

try {
  const result = await importCorpusFiles({
    paths,
    lowercase,
    outFile,
    onProgress: (progress) => post({ type: 'progress', progress }),
  });
  post({ type: 'done', result });
} catch (error) {
  post(errorMessage(error));
}

function errorMessage(error: unknown): ImportWorkerMessage {
  if (error instanceof CorpusInputError) {
    const { name, message, file, offset } = error;
    return offset === undefined
      ? { type: 'error', name, message, file }
      : { type: 'error', name, message, file, offset };
  }
  if (error instanceof Error) return { type: 'error', name: error.name, message: error.message };
  return { type: 'error', name: 'Error', message: String(error) };
}
