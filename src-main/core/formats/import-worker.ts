// Worker-thread entry of a vector import (startWorker('import-vectors')): reads
// the file and writes the vectors (and a fastText model's n-gram rows) into
// the run, a block per transaction, on its own connection. The parent made
// the run and marks it done, or deletes it if this fails or is cancelled.
import { parentPort, workerData } from 'node:worker_threads';
import { openDatabase } from '../store/db.ts';
import { MatrixAppender } from '../store/matrices.ts';
import { VectorAppender } from '../store/vectors.ts';
import { readVectorFile } from './read.ts';
import type { InputFile, ReadSummary, VectorFormat, VectorSink } from './types.ts';

export interface VectorImportData {
  dbPath: string;
  runId: number;
  format: VectorFormat;
  file: InputFile;
  metadata?: InputFile;
}

export interface VectorImportProgress {
  bytesDone: number;
  bytesTotal: number;
  words: number;
}

export type VectorImportMessage =
  | { type: 'progress'; progress: VectorImportProgress }
  | { type: 'done'; result: ReadSummary }
  | { type: 'error'; name: string; message: string; file?: string; line?: number; offset?: number };

/** the n-gram matrix of an imported fastText model: all `bucket` rows, as the queries read them */
export const NGRAM_MATRIX = 'ngrams';

const port = parentPort;
if (!port) throw new Error('import-worker.ts runs only as a worker thread');
const post = (message: VectorImportMessage) => port.postMessage(message);

try {
  post({ type: 'done', result: await importInto(workerData as VectorImportData) });
} catch (error) {
  post(errorMessage(error));
}

async function importInto(job: VectorImportData): Promise<ReadSummary> {
  const db = openDatabase(job.dbPath);
  try {
    let vectors: VectorAppender | null = null;
    let ngrams: MatrixAppender | null = null;
    const sink: VectorSink = {
      vectors: (words, data, dim) => (vectors ??= new VectorAppender(db, job.runId, dim)).append(words, data),
      ngrams: (rows, dim) => (ngrams ??= new MatrixAppender(db, job.runId, NGRAM_MATRIX, dim)).append(rows),
    };
    const summary = await readVectorFile(
      job.format,
      {
        file: job.file,
        metadata: job.metadata,
        onProgress: (bytesDone, bytesTotal, words) =>
          post({ type: 'progress', progress: { bytesDone, bytesTotal, words } }),
      },
      sink,
    );
    (ngrams as MatrixAppender | null)?.finish();
    (vectors as VectorAppender | null)?.finish();
    return summary;
  } finally {
    db.close();
  }
}

function errorMessage(error: unknown): VectorImportMessage {
  if (!(error instanceof Error)) return { type: 'error', name: 'Error', message: String(error) };
  const { name, message } = error;
  const { file, line, offset } = error as { file?: string; line?: number; offset?: number };
  return {
    type: 'error',
    name,
    message,
    ...(file && { file }),
    ...(line && { line }),
    ...(offset !== undefined && { offset }),
  };
}
