// What one GloVe worker thread does, as plain functions: the coordinator
// (glove.ts) sends it requests one at a time, and it answers each with
// progress messages and one 'done' (or 'error'). Thread 0 counts, shuffles and
// initialises the weights before it trains; every thread trains its slice of
// the shuffled records, Hogwild on the shared weights, as glove.c's threads.
import { abortError } from '../../workers.ts';
import { countCooccurrences, type CooccurInput, type CooccurResult } from './cooccur.ts';
import { gloveUpdate, initWeights, type GloveKernelParams } from './glove-kernel.ts';
import { RecordReader, RECORDS_PER_CHUNK } from './records.ts';
import { shuffleRecords, type ShuffleInput, type ShuffleResult } from './shuffle.ts';

export type GlovePhase = 'cooccur' | 'shuffle' | 'train';

export interface GloveWorkerData {
  /** one Int32; non-zero asks every thread to stop at its next checkpoint */
  stop: SharedArrayBuffer;
}

export interface TrainSlice extends GloveKernelParams {
  recordFile: string;
  /** this thread's records [start, end) */
  start: number;
  end: number;
  vocabSize: number;
  W: SharedArrayBuffer;
  gradsq: SharedArrayBuffer;
}

export type GloveRequest =
  | { type: 'cooccur'; input: Omit<CooccurInput, 'onProgress' | 'checkpoint'> }
  | { type: 'shuffle'; input: Omit<ShuffleInput, 'onProgress' | 'checkpoint'> }
  | { type: 'init'; W: SharedArrayBuffer; gradsq: SharedArrayBuffer; dim: number; seed: number }
  | { type: 'train'; slice: TrainSlice }
  | { type: 'epoch' }
  | { type: 'close' }
  /** answers once the thread has booted */
  | { type: 'ready' };

export interface EpochResult {
  /** summed cost of the records trained */
  cost: number;
  records: number;
}

export type GloveResult = CooccurResult | ShuffleResult | EpochResult | null;

export type GloveReply =
  | { type: 'progress'; phase: GlovePhase; done: number; total: number; cost?: number }
  | { type: 'done'; result: GloveResult }
  | { type: 'error'; message: string; name: string };

/** how often a thread posts progress */
export const POST_EVERY_MS = 200;

/** a thread's state between requests */
export class GloveThread {
  private readonly stop: Int32Array;
  private trainer: SliceTrainer | null = null;

  constructor(
    data: GloveWorkerData,
    private readonly post: (reply: GloveReply) => void,
  ) {
    this.stop = new Int32Array(data.stop);
  }

  /** runs one request to its end; answers 'done' or 'error', never throws */
  handle(request: GloveRequest): void {
    try {
      this.post({ type: 'done', result: this.run(request) });
    } catch (err) {
      const error = err instanceof Error ? err : new Error(String(err));
      this.post({ type: 'error', message: error.message, name: error.name });
    }
  }

  close(): void {
    this.trainer?.close();
    this.trainer = null;
  }

  private readonly checkpoint = (): void => {
    if (Atomics.load(this.stop, 0) !== 0) throw abortError();
  };

  private run(request: GloveRequest): GloveResult {
    switch (request.type) {
      case 'cooccur':
        return countCooccurrences({
          ...request.input,
          onProgress: this.throttled('cooccur'),
          checkpoint: this.checkpoint,
        });
      case 'shuffle':
        return shuffleRecords({ ...request.input, onProgress: this.throttled('shuffle'), checkpoint: this.checkpoint });
      case 'init':
        initWeights(new Float64Array(request.W), new Float64Array(request.gradsq), request.dim, request.seed);
        return null;
      case 'train':
        this.close();
        this.trainer = new SliceTrainer(request.slice);
        return null;
      case 'close':
        this.close();
        return null;
      case 'ready':
        return null;
      case 'epoch': {
        if (!this.trainer) throw new Error('epoch before train');
        const post = this.throttled('train');
        return this.trainer.epoch((done, total, cost) => {
          this.checkpoint();
          post(done, total, cost);
        });
      }
    }
  }

  /** a progress callback that posts at most every POST_EVERY_MS */
  private throttled(phase: GlovePhase): (done: number, total: number, cost?: number) => void {
    let last = 0;
    return (done, total, cost) => {
      const now = Date.now();
      if (now - last < POST_EVERY_MS && done < total) return;
      last = now;
      this.post({ type: 'progress', phase, done, total, cost });
    };
  }
}

/** one thread's share of an epoch: its slice of the shuffled records, a chunk at a time */
export class SliceTrainer {
  private readonly reader: RecordReader;
  private readonly W: Float64Array;
  private readonly gradsq: Float64Array;
  private readonly update1: Float64Array;
  private readonly update2: Float64Array;
  private readonly params: GloveKernelParams;

  constructor(
    private readonly slice: TrainSlice,
    chunkRecords = RECORDS_PER_CHUNK,
  ) {
    this.reader = new RecordReader(slice.recordFile, { start: slice.start, end: slice.end }, chunkRecords);
    this.W = new Float64Array(slice.W);
    this.gradsq = new Float64Array(slice.gradsq);
    this.update1 = new Float64Array(slice.dim);
    this.update2 = new Float64Array(slice.dim);
    const { dim, xMax, alpha, eta, gradClip } = slice;
    this.params = { dim, xMax, alpha, eta, gradClip };
  }

  /** trains the slice once; `onChunk` gets (records done, slice records, cost so far) after each chunk */
  epoch(onChunk?: (done: number, total: number, cost: number) => void): EpochResult {
    const { slice, reader, W, gradsq, update1, update2, params } = this;
    const stride = slice.dim + 1;
    const contextBase = slice.vocabSize * stride;
    const total = slice.end - slice.start;
    let cost = 0;
    let records = 0;
    reader.rewind();
    for (let n = reader.next(); n > 0; n = reader.next()) {
      const { u32, f64 } = reader.buffer;
      for (let r = 0; r < n; r++) {
        const l1 = u32[4 * r] * stride;
        const l2 = contextBase + u32[4 * r + 1] * stride;
        cost += gloveUpdate(W, gradsq, l1, l2, f64[2 * r + 1], params, update1, update2);
      }
      records += n;
      onChunk?.(records, total, cost);
    }
    return { cost, records };
  }

  close(): void {
    this.reader.close();
  }
}
