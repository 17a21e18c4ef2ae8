// Starts a worker thread from its TypeScript source when running from a
// checkout (tsx, vitest), or from the bundled file next to this one when built.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** name -> source path relative to this file; the build emits `worker-<name>.js` */
const sources = {
  'import-corpus': './corpus/import-worker.ts',
  'train-sgns': './train/sgns-worker.ts',
  'train-glove': './train/glove/glove-worker.ts',
  project: './project/project-worker.ts',
  'train-watch': './train/watch-worker.ts',
  kwic: './corpus/kwic-worker.ts',
  'import-vectors': './formats/import-worker.ts',
  neighbours: './vectors/neighbours-worker.ts',
  align: './vectors/align-worker.ts',
  cluster: './vectors/cluster-worker.ts',
  'train-graph': './onnx/graph-worker.ts',
  eval: './eval/eval-worker.ts',
} as const;

export type WorkerName = keyof typeof sources;

export function startWorker(name: WorkerName, workerData: unknown): Worker {
  const bundled = new URL(`./worker-${name}.js`, import.meta.url);
  if (!import.meta.url.endsWith('.ts') && existsSync(fileURLToPath(bundled))) {
    return new Worker(bundled, { workerData });
  }
  // Node 20 does not apply `--import tsx` to a worker's entry, so register it first.
  const source = new URL(sources[name], import.meta.url).href;
  // an eval worker resolves packages from the cwd, so name tsx by its full URL
  const api = import.meta.resolve('tsx/esm/api');
  const boot = `import(${JSON.stringify(api)}).then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

export const workerSources = sources;

/** messages every worker of ours posts (checkpoint: only workers that train) */
export type WorkerMessage<P, R> =
  | { type: 'progress'; progress: P }
  | { type: 'checkpoint'; checkpoint: unknown }
  | { type: 'done'; result: R }
  | { type: 'error'; message: string; name?: string; [field: string]: unknown };

/** what the parent posts to a worker that stops gracefully */
export interface CancelMessage {
  type: 'cancel';
}

export interface RunWorkerOptions<P> {
  signal?: AbortSignal;
  onProgress?: (p: P) => void;
  onCheckpoint?: (c: unknown) => void;
  /**
   * On abort, ask the worker to stop (a CancelMessage) and wait this many ms
   * for its AbortError, which may carry a checkpoint, before terminating it.
   * Unset: terminate at once.
   */
  graceMs?: number;
}

/**
 * Runs one worker to completion. Abort terminates it (at once, or after
 * graceMs) and rejects with an AbortError; a worker's error keeps its name
 * and fields.
 */
export function runWorker<P, R>(name: WorkerName, workerData: unknown, opts: RunWorkerOptions<P> = {}): Promise<R> {
  return new Promise<R>((resolve, reject) => {
    if (opts.signal?.aborted) return reject(abortError());
    const worker = startWorker(name, workerData);
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      opts.signal?.removeEventListener('abort', onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => {
      if (opts.graceMs === undefined) return finish(() => reject(abortError()));
      worker.postMessage({ type: 'cancel' } satisfies CancelMessage);
      setTimeout(() => finish(() => reject(abortError())), opts.graceMs).unref();
    };
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (msg: WorkerMessage<P, R>) => {
      // messages still queued when the promise settled (a cancel) are not the caller's any more
      if (settled) return;
      if (msg.type === 'progress') opts.onProgress?.(msg.progress);
      else if (msg.type === 'checkpoint') opts.onCheckpoint?.(msg.checkpoint);
      else if (msg.type === 'done') finish(() => resolve(msg.result));
      else if (msg.type === 'error') finish(() => reject(Object.assign(new Error(msg.message), msg)));
    });
    worker.on('error', (err) => finish(() => reject(err)));
    worker.on('exit', (code) => finish(() => reject(new Error(`${name} worker stopped unexpectedly (exit ${code})`))));
  });
}

export function abortError(message = 'cancelled'): Error {
  const err = new Error(message);
  err.name = 'AbortError';
  return err;
}
