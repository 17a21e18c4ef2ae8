// Worker-thread entry of an alignment (started by startWorker('align')): the
// Procrustes fit, every shared word's distance and the aligned map, off the
// main thread (a 300-dim run of 70k words is seconds of work).
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerMessage } from '../workers.ts';
import { alignedMap, alignRows } from './align.ts';

export interface AlignInput {
  /** A's and B's rows × dim floats */
  a: Float32Array;
  b: Float32Array;
  dim: number;
  /** the shared words' rows, in A's order */
  rowsA: Int32Array;
  rowsB: Int32Array;
  fitWords: number;
  mapWords: number;
}

export interface AlignOutput {
  fitted: number;
  residual: number;
  fitResidual: number;
  /** per shared word, in A's order */
  distances: Float32Array;
  map: { a: Float32Array; b: Float32Array; explained: number[] };
}

const port = parentPort;
if (!port) throw new Error('align-worker.ts runs only as a worker thread');

const post = (message: WorkerMessage<never, AlignOutput>, transfer: ArrayBuffer[] = []) =>
  port.postMessage(message, transfer);

try {
  const input = workerData as AlignInput;
  const a = { data: input.a, dim: input.dim };
  const b = { data: input.b, dim: input.dim };
  const al = alignRows(a, b, input.rowsA, input.rowsB, { fitWords: input.fitWords });
  const map = alignedMap(a, b, al, input.mapWords);
  const result: AlignOutput = {
    fitted: al.fitted,
    residual: al.residual,
    fitResidual: al.fitResidual,
    distances: al.distances,
    map,
  };
  post({ type: 'done', result }, [al.distances.buffer, map.a.buffer, map.b.buffer] as ArrayBuffer[]);
} catch (error) {
  const e = error instanceof Error ? error : new Error(String(error));
  post({ type: 'error', name: e.name, message: e.message });
}
