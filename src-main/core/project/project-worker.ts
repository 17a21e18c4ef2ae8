// Worker-thread entry of a projection (started by startWorker('project')): PCA
// or UMAP and the faithfulness, off the main thread. Layout frames go to the
// parent as progress; the parent cancels by terminating this thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers.ts';
import { computeProjection, type ProjectInput, type ProjectOutput, type ProjectProgress } from './project.ts';

const port = parentPort;
if (!port) throw new Error('project-worker.ts runs only as a worker thread');

const post = (message: WorkerMessage<ProjectProgress, ProjectOutput>, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

try {
  const { frameMs, ...input } = workerData as ProjectInput & { frameMs?: number };
  const result = computeProjection(input, {
    frameMs,
    onProgress: (progress) => {
      const frame = progress.phase === 'layout' ? progress.coords : null;
      post({ type: 'progress', progress }, frame ? [frame.buffer as ArrayBuffer] : []);
    },
  });
  post({ type: 'done', result }, [result.coords.buffer as ArrayBuffer, result.recall.perRow.buffer as ArrayBuffer]);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: e.name, message: e.message });
}
