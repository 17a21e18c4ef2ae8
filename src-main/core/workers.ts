// Starts a worker thread from its TypeScript source when running from a
// checkout (tsx, vitest), or from the bundled file next to this one when built.
import { Worker } from 'node:worker_threads';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** name -> source path relative to this file; the build emits `worker-<name>.js` */
const sources = {
  'import-corpus': './corpus/import-worker.ts',
  'train-sgns': './train/sgns-worker.ts',
} as const;

export type WorkerName = keyof typeof sources;

export function startWorker(name: WorkerName, workerData: unknown): Worker {
  const bundled = new URL(`./worker-${name}.js`, import.meta.url);
  if (!import.meta.url.endsWith('.ts') && existsSync(fileURLToPath(bundled))) {
    return new Worker(bundled, { workerData });
  }
  // Node 20 does not apply `--import tsx` to a worker's entry, so register it first.
  const source = new URL(sources[name], import.meta.url).href;
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(source)}); });`;
  return new Worker(boot, { eval: true, workerData });
}

export const workerSources = sources;
