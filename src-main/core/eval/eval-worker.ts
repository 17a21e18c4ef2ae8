// Worker-thread entry of an evaluation (started by startWorker('eval')):
// analogy and similarity files scored off the service's thread. Each file's
// score is posted as soon as it is done, so the service can store it before a
// cancel terminates this thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers.ts';
import { parseAnalogies, type AnalogySet } from './analogies.ts';
import { parseSimilarity, type SimilaritySet } from './similarity.ts';
import { scoreAnalogies, scoreSimilarity, type EvalWorkerInput, type EvalWorkerProgress } from './score.ts';

const port = parentPort;
if (!port) throw new Error('eval-worker.ts runs only as a worker thread');

const post = (message: WorkerMessage<EvalWorkerProgress, number>) => port.postMessage(message);

try {
  const { words, dim, data, restrictVocab, files } = workerData as EvalWorkerInput;
  // one object for every file: the benchmark vocabulary is built once per set
  const set = { words, dim, data };
  const parsed: (AnalogySet | SimilaritySet)[] = files.map((f) =>
    f.kind === 'analogy' ? parseAnalogies(f.text, f.file) : parseSimilarity(f.text, f.file),
  );
  files.forEach((f, index) => {
    const p = parsed[index];
    if ('sections' in p) {
      const items = p.questionCount;
      post({ type: 'progress', progress: { index, fraction: 0, items } });
      const onProgress = (fraction: number) => post({ type: 'progress', progress: { index, fraction, items } });
      const scored = scoreAnalogies(set, f.file, p, restrictVocab, onProgress);
      post({ type: 'progress', progress: { index, fraction: 1, items, scored } });
    } else {
      const scored = scoreSimilarity(set, f.file, p, restrictVocab);
      post({ type: 'progress', progress: { index, fraction: 1, items: p.pairs.length, scored } });
    }
  });
  post({ type: 'done', result: files.length });
} catch (error) {
  post(errorMessage(error));
}

/** keeps a CorpusInputError's name and file, which hosts show */
function errorMessage(error: unknown): WorkerMessage<never, never> {
  if (!(error instanceof Error)) return { type: 'error', name: 'Error', message: String(error) };
  const file = (error as { file?: unknown }).file;
  return typeof file === 'string'
    ? { type: 'error', name: error.name, message: error.message, file }
    : { type: 'error', name: error.name, message: error.message };
}
