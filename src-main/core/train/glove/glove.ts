// GloVe, as Stanford's glove: count co-occurrences (cooccur.c), shuffle them
// (shuffle.c), then train weighted least squares with AdaGrad on the shuffled
// records, Hogwild across threads (glove.c). The coordinator: it runs in the
// calling thread and does no heavy work itself; thread 0 counts, shuffles and
// initialises the weights, then every thread trains its slice of the records,
// an iteration at a time. Temporary files live in a folder of their own under
// tmpDir, removed whatever happens.
//
// Checkpoints are taken at iteration boundaries, when every thread is idle, so
// they are exact: a resume recounts and reshuffles (deterministic, same seed),
// restores the weights and AdaGrad sums, and runs the remaining iterations;
// with one thread it gives bit for bit what an uninterrupted run gives.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { BYTES_PER_TOKEN } from '../../corpus/token-file.ts';
import { ParamError } from '../../errors.ts';
import { abortError, startWorker } from '../../workers.ts';
import type { Checkpoint, LiveWeights } from '../types.ts';
import type { CooccurResult } from './cooccur.ts';
import {
  GloveAbortError,
  gloveBoundary,
  packGloveWeights,
  readGloveCheckpoint,
  unpackGloveWeights,
} from './glove-checkpoint.ts';
import { outputVectors, weightLength } from './glove-kernel.ts';
import { GRAD_CLIP, validateGloveParams, type GloveParams } from './glove-params.ts';
import type {
  EpochResult,
  GlovePhase,
  GloveReply,
  GloveRequest,
  GloveResult as ThreadResult,
  GloveWorkerData,
  TrainSlice,
} from './glove-thread.ts';

export type { GloveParams } from './glove-params.ts';
export { defaultGloveParams } from './glove-params.ts';
export { GloveAbortError, gloveMatrixLengths, GLOVE_MATRIX_NAMES } from './glove-checkpoint.ts';
export type { GloveCheckpointState } from './glove-checkpoint.ts';

export interface GloveProgress {
  phase: GlovePhase;
  done: number;
  total: number;
  /** units per second since the phase began */
  rate: number;
  /** 'tokens' (cooccur) or 'records' (shuffle, train) */
  unit: string;
  /** train: mean cost per record so far in this iteration (glove.c's cost) */
  loss?: number;
  /** train: 1-based iteration */
  epoch?: number;
  /** train: the learning rate, eta (constant in GloVe: AdaGrad adapts it per weight) */
  alpha?: number;
  /** seconds left in this phase */
  etaSeconds: number | null;
}

export interface GloveResult {
  vocabSize: number;
  dim: number;
  /** vocabSize * dim, row-major: W + W~ or W, by params.model */
  vectors: Float32Array;
  /** per iteration: summed cost / records, as glove.c prints (a resumed run's include the checkpoint's) */
  epochLoss: number[];
  /** W, Wc, biases and their AdaGrad sums, float64 bytes (see glove-checkpoint.ts): pass as initFrom to go on */
  matrices: Record<string, Float32Array>;
  /** unique co-occurrence records (i, j) */
  nonZero: number;
  seconds: { cooccur: number; shuffle: number; train: number };
}

export interface TrainGloveInput {
  tokenFile: string;
  /** the full corpus vocabulary's counts, most frequent first */
  counts: ArrayLike<number>;
  params: GloveParams;
  /** a folder for temporary files (co-occurrence runs, shuffled records) */
  tmpDir: string;
  onProgress?: (progress: GloveProgress) => void;
  /** aborting rejects with a GloveAbortError carrying the last iteration-boundary checkpoint */
  signal?: AbortSignal;
  /** at an iteration boundary, a checkpoint goes to onCheckpoint once this long has passed since the last (every boundary if unset) */
  checkpointEveryMs?: number;
  /** called on the calling thread at iteration boundaries; must not keep references to the arrays */
  onCheckpoint?: (c: Checkpoint) => void;
  /** go on from an interrupted run's checkpoint (same params and corpus): only the remaining iterations run */
  resumeFrom?: Checkpoint;
  /** start from a finished run's matrices (GloveResult.matrices; extra entries are ignored) and train params.iter more */
  initFrom?: Record<string, Float32Array>;
  /** called once, before training, with the weights the threads share (to watch the run) */
  onWeights?: (weights: LiveWeights) => void;
  /** called at each iteration boundary (every thread idle) with the 1-based iteration just finished */
  onEpochEnd?: (epoch: number, wordsDone: number) => void;
}

/** how long, after a stop, threads get to close their files before they are terminated */
const STOP_GRACE_MS = 400;

export async function trainGlove(input: TrainGloveInput): Promise<GloveResult> {
  const { vocabSize } = validateGloveParams(input.params, input.counts);
  checkTokenFile(input.tokenFile);
  if (input.checkpointEveryMs !== undefined && !(input.checkpointEveryMs > 0)) {
    throw new ParamError(
      `checkpoint interval must be a positive number of milliseconds, got ${input.checkpointEveryMs}`,
    );
  }
  if (input.signal?.aborted) throw new GloveAbortError(input.resumeFrom);
  const workDir = mkdtempSync(join(input.tmpDir, 'glove-'));
  const run = new GloveRun(input, vocabSize, workDir);
  try {
    return await run.execute();
  } catch (err) {
    if ((err as Error).name === 'AbortError' && !(err instanceof GloveAbortError)) {
      throw new GloveAbortError(run.lastCheckpoint());
    }
    throw err;
  } finally {
    await run.shutdown();
    rmSync(workDir, { recursive: true, force: true });
  }
}

function checkTokenFile(path: string): void {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new ParamError(`cannot read the token file ${path}: ${(err as Error).message}`);
  }
  if (size % BYTES_PER_TOKEN !== 0)
    throw new ParamError(`token file ${path} is damaged: ${size} bytes is not whole tokens`);
}

class GloveRun {
  private readonly stop = new SharedArrayBuffer(4);
  private readonly threads: ThreadHandle[] = [];
  private readonly aborted: Promise<never>;
  private readonly onAbort: () => void;
  private readonly memoryBytes: number;
  private phaseStart = Date.now();
  /** the last iteration boundary (its buffers are reused from one boundary to the next) */
  private boundary: Checkpoint | undefined;

  constructor(
    private readonly input: TrainGloveInput,
    private readonly vocabSize: number,
    private readonly workDir: string,
  ) {
    this.memoryBytes = input.params.memoryMB * 1024 * 1024;
    let rejectAbort: (err: Error) => void = () => {};
    this.aborted = new Promise<never>((_, reject) => (rejectAbort = reject));
    this.aborted.catch(() => {});
    this.onAbort = () => {
      Atomics.store(new Int32Array(this.stop), 0, 1);
      rejectAbort(abortError());
    };
    input.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  async execute(): Promise<GloveResult> {
    const { params } = this.input;
    const { vocabSize, workDir } = this;
    const seconds = { cooccur: 0, shuffle: 0, train: 0 };
    const coocFile = join(workDir, 'cooccurrence.bin');
    const shufFile = join(workDir, 'cooccurrence.shuf.bin');
    const first = this.spawn();
    // phases time their work, not the thread's boot
    await this.guard(first.request({ type: 'ready' }));

    let started = this.startPhase();
    const counted = (await this.guard(
      first.request(
        {
          type: 'cooccur',
          input: {
            tokenFile: this.input.tokenFile,
            vocabSize,
            window: params.window,
            memoryBytes: this.memoryBytes,
            workDir,
            outFile: coocFile,
          },
        },
        (p) => this.report('cooccur', 'tokens', p.done, p.total),
      ),
    )) as CooccurResult;
    seconds.cooccur = elapsed(started);
    const records = counted.nonZero;
    if (records === 0) {
      throw new ParamError('no two kept words occur within the window on one line: there is nothing to train on');
    }

    started = this.startPhase();
    await this.guard(
      first.request(
        {
          type: 'shuffle',
          input: { inFile: coocFile, outFile: shufFile, workDir, memoryBytes: this.memoryBytes, seed: params.seed },
        },
        (p) => this.report('shuffle', 'records', p.done, p.total),
      ),
    );
    rmSync(coocFile, { force: true });
    seconds.shuffle = elapsed(started);

    const length = weightLength(vocabSize, params.dim);
    const W = new SharedArrayBuffer(length * 8);
    const gradsq = new SharedArrayBuffer(length * 8);
    const W64 = new Float64Array(W);
    const gradsq64 = new Float64Array(gradsq);
    const epochLoss: number[] = [];
    let firstIteration = 0;
    // the other threads boot while thread 0 fills the weights
    for (let t = 1; t < params.threads; t++) this.spawn();
    const { resumeFrom, initFrom } = this.input;
    if (resumeFrom) {
      const state = readGloveCheckpoint(resumeFrom, {
        vocabSize,
        dim: params.dim,
        records,
        window: params.window,
        seed: params.seed,
        iter: params.iter,
      });
      unpackGloveWeights(resumeFrom.matrices, W64, gradsq64, vocabSize, params.dim, 'resume from the checkpoint');
      firstIteration = state.iterationsDone;
      epochLoss.push(...state.epochLoss);
      this.takeBoundary(W64, gradsq64, records, firstIteration, epochLoss);
    } else if (initFrom) {
      unpackGloveWeights(initFrom, W64, gradsq64, vocabSize, params.dim, 'continue from the given run');
    } else {
      await this.guard(first.request({ type: 'init', W, gradsq, dim: params.dim, seed: params.seed }));
    }
    await this.guard(
      Promise.all(
        this.threads.map((thread, t) => thread.request({ type: 'train', slice: this.slice(t, records, W, gradsq) })),
      ),
    );

    this.input.onWeights?.({ kind: 'glove', W: W64, words: vocabSize, dim: params.dim, model: params.model });
    started = this.startPhase();
    let lastCheckpointAt = Date.now();
    const threadDone = new Float64Array(params.threads);
    const threadCost = new Float64Array(params.threads);
    for (let epoch = firstIteration; epoch < params.iter; epoch++) {
      threadDone.fill(0);
      threadCost.fill(0);
      const results = (await this.guard(
        Promise.all(
          this.threads.map((thread, t) =>
            thread.request({ type: 'epoch' }, (p) => {
              threadDone[t] = p.done;
              threadCost[t] = p.cost ?? 0;
              const done = sum(threadDone);
              this.report('train', 'records', epoch * records + done, params.iter * records, {
                loss: done > 0 ? sum(threadCost) / done : undefined,
                epoch: epoch + 1,
                alpha: params.eta,
              });
            }),
          ),
        ),
      )) as EpochResult[];
      // glove.c divides the summed cost by every record, skipped ones included
      epochLoss.push(results.reduce((s, r) => s + r.cost, 0) / records);
      const checkpoint = this.takeBoundary(W64, gradsq64, records, epoch + 1, epochLoss);
      this.input.onEpochEnd?.(epoch + 1, (epoch + 1) * records);
      const { onCheckpoint, checkpointEveryMs } = this.input;
      const due = checkpointEveryMs === undefined || Date.now() - lastCheckpointAt >= checkpointEveryMs;
      if (onCheckpoint && due && epoch + 1 < params.iter && !this.input.signal?.aborted) {
        onCheckpoint(checkpoint);
        lastCheckpointAt = Date.now();
      }
    }
    seconds.train = elapsed(started);
    // the final boundary is the finished weights; no more writes go to its buffers
    const matrices = this.boundary?.matrices ?? packGloveWeights(W64, gradsq64, vocabSize, params.dim);
    return {
      vocabSize,
      dim: params.dim,
      vectors: outputVectors(W64, vocabSize, params.dim, params.model),
      epochLoss,
      matrices,
      nonZero: records,
      seconds,
    };
  }

  /** the last iteration-boundary checkpoint, for an AbortError (no more writes go to it) */
  lastCheckpoint(): Checkpoint | undefined {
    return this.boundary ?? this.input.resumeFrom;
  }

  /** snapshots the weights at an iteration boundary (every thread idle), reusing the previous one's buffers */
  private takeBoundary(
    W: Float64Array,
    gradsq: Float64Array,
    records: number,
    iterationsDone: number,
    epochLoss: number[],
  ): Checkpoint {
    const { params } = this.input;
    const run = { ...params, vocabSize: this.vocabSize, records };
    const boundary = gloveBoundary(W, gradsq, run, iterationsDone, epochLoss, this.boundary?.matrices);
    this.boundary = boundary;
    return boundary;
  }

  /** thread t's records: glove.c's split, num_lines / num_threads each, the remainder to the last */
  private slice(t: number, records: number, W: SharedArrayBuffer, gradsq: SharedArrayBuffer): TrainSlice {
    const { params } = this.input;
    const each = Math.floor(records / params.threads);
    const start = each * t;
    return {
      recordFile: join(this.workDir, 'cooccurrence.shuf.bin'),
      start,
      end: t === params.threads - 1 ? records : start + each,
      vocabSize: this.vocabSize,
      dim: params.dim,
      xMax: params.xMax,
      alpha: params.alpha,
      eta: params.eta,
      gradClip: GRAD_CLIP,
      W,
      gradsq,
    };
  }

  private spawn(): ThreadHandle {
    const data: GloveWorkerData = { stop: this.stop };
    const thread = new ThreadHandle(startWorker('train-glove', data), this.threads.length);
    this.threads.push(thread);
    return thread;
  }

  /** a step's promise, or an AbortError as soon as the signal fires */
  private guard<T>(step: Promise<T>): Promise<T> {
    return Promise.race([step, this.aborted]);
  }

  private startPhase(): number {
    this.phaseStart = Date.now();
    return this.phaseStart;
  }

  private report(
    phase: GlovePhase,
    unit: string,
    done: number,
    total: number,
    train?: { loss: number | undefined; epoch: number; alpha: number },
  ): void {
    const { onProgress } = this.input;
    if (!onProgress || this.input.signal?.aborted) return;
    const seconds = elapsed(this.phaseStart);
    const rate = seconds > 0 ? done / seconds : 0;
    onProgress({
      phase,
      done,
      total,
      rate,
      unit,
      ...(train ?? {}),
      etaSeconds: rate > 0 ? Math.max(0, total - done) / rate : null,
    });
  }

  /** stops every thread, lets it close its files (briefly), then terminates it */
  async shutdown(): Promise<void> {
    this.input.signal?.removeEventListener('abort', this.onAbort);
    Atomics.store(new Int32Array(this.stop), 0, 1);
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, STOP_GRACE_MS);
      timer.unref();
    });
    await Promise.race([Promise.allSettled(this.threads.map((t) => t.closeFiles())), grace]);
    clearTimeout(timer);
    await Promise.all(this.threads.map((t) => t.terminate()));
  }
}

function elapsed(since: number): number {
  return (Date.now() - since) / 1000;
}

function sum(values: Float64Array): number {
  let s = 0;
  for (let i = 0; i < values.length; i++) s += values[i];
  return s;
}

type ProgressReply = Extract<GloveReply, { type: 'progress' }>;

/** one worker thread and its one request in flight */
class ThreadHandle {
  private pending: {
    resolve: (result: ThreadResult) => void;
    reject: (err: Error) => void;
    onProgress?: (p: ProgressReply) => void;
  } | null = null;
  /** settles when no request is in flight */
  private idle: Promise<unknown> = Promise.resolve();
  private failure: Error | null = null;
  private exited = false;

  constructor(
    private readonly worker: Worker,
    private readonly index: number,
  ) {
    worker.on('message', (reply: GloveReply) => this.onReply(reply));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      this.exited = true;
      this.fail(new Error(`GloVe thread ${this.index} stopped unexpectedly (exit code ${code})`));
    });
  }

  request(request: GloveRequest, onProgress?: (p: ProgressReply) => void): Promise<ThreadResult> {
    if (this.failure) return Promise.reject(this.failure);
    if (this.pending) return Promise.reject(new Error(`GloVe thread ${this.index} is busy`));
    const promise = new Promise<ThreadResult>((resolve, reject) => {
      this.pending = { resolve, reject, onProgress };
    });
    this.idle = promise.catch(() => undefined);
    this.worker.postMessage(request);
    return promise;
  }

  /** waits for the request in flight, then asks the thread to close its files */
  async closeFiles(): Promise<void> {
    await this.idle;
    if (!this.failure && !this.exited) await this.request({ type: 'close' }).catch(() => undefined);
  }

  async terminate(): Promise<void> {
    if (this.exited) return;
    await this.worker.terminate().catch(() => 0);
  }

  private onReply(reply: GloveReply): void {
    const pending = this.pending;
    if (!pending) return;
    if (reply.type === 'progress') {
      pending.onProgress?.(reply);
      return;
    }
    this.pending = null;
    if (reply.type === 'done') pending.resolve(reply.result);
    else pending.reject(Object.assign(new Error(reply.message), { name: reply.name }));
  }

  private fail(err: Error): void {
    this.failure ??= err;
    const pending = this.pending;
    this.pending = null;
    pending?.reject(err);
  }
}
