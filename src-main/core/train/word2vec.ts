// The word2vec family's trainer (skip-gram, CBOW, fastText subwords; negative
// sampling and/or hierarchical softmax): the coordinator. Runs in the calling
// thread, shares the weights with one worker per thread (SharedArrayBuffer,
// Hogwild updates as word2vec.c and fastText), turns the workers' deltas into
// progress, takes checkpoints from the workers' reported positions, resumes
// from one, and handles cancellation and crashes.
import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import { BYTES_PER_TOKEN } from '../corpus/token-file.ts';
import { ParamError } from '../errors.ts';
import { seedState, WasmModel, type WasmModelShared } from '../kernels/wasm-kernel.ts';
import { startWorker } from '../workers.ts';
import {
  bucketsAsMatrix,
  bucketsFromMatrix,
  buildSubwordTable,
  compactNgramRows,
  compactRowOf,
  composeWordVectors,
  type SubwordTable,
} from './fasttext/ngrams.ts';
import { buildHuffmanTree, type HuffmanTree } from './huffman.ts';
import { Xoshiro128 } from './random.ts';
import { fasttextKeepProbabilities, keepProbabilities, negativeTable, totalCount } from './sampling.ts';
import { MAX_SENTENCE_LENGTH } from './sgns-kernel.ts';
import type { Checkpoint, TrainerInput, TrainerResult, TrainProgress } from './types.ts';
import {
  scheduleRate,
  type Schedule,
  type ThreadPosition,
  type Word2vecThreadJob,
  type Word2vecThreadMessage,
} from './word2vec-thread.ts';
import { wasmKernelSupported } from './word2vec-kernel.ts';
import { validateWord2vecParams, type Word2vecMethod, type Word2vecParams } from './word2vec-params.ts';

export { validateWord2vecParams, word2vecMethods } from './word2vec-params.ts';
export type { Word2vecMethod, Word2vecParams, Word2vecVocab } from './word2vec-params.ts';

const PROGRESS_EVERY_MS = 250;
/** words/s is measured over about this long */
const RATE_WINDOW_SAMPLES = 8;
const CHECKPOINT_FORMAT = 'word2vec-1';

/** what a word2vec checkpoint's `state` holds */
export interface Word2vecCheckpointState {
  format: typeof CHECKPOINT_FORMAT;
  method: Word2vecMethod;
  /** the token file's length, the kept vocabulary, dim and n-gram rows: a resume must match them */
  tokens: number;
  kept: number;
  dim: number;
  bucketRows: number;
  /** one per thread, in thread order */
  threads: ThreadPosition[];
  /** loss sums and examples of the epochs every thread has finished, per epoch */
  epochLossSum: number[];
  epochPairs: number[];
}

/**
 * A cancelled run: `checkpoint` is the state at the moment of the abort, to
 * store and resume from; `partial` is its input vectors (syn0).
 */
export class TrainAbortError extends Error {
  override name = 'AbortError';
  constructor(readonly checkpoint: Checkpoint) {
    super('training was cancelled');
  }

  get partial(): Float32Array {
    return this.checkpoint.matrices.syn0;
  }
}

/**
 * Trains word vectors with skip-gram, CBOW or fastText subwords. `resumeFrom`
 * goes on from a checkpoint of the same run (same params and corpus);
 * `initFrom` starts from a finished run's matrices (`syn0`, for sgns and cbow
 * its result's `vectors`, plus any of `syn1neg`, `syn1`, `ngrams`; missing
 * output layers start at zero) and trains `params.epochs` more epochs with the
 * schedule restarted. Rejects with a TrainAbortError when the signal aborts.
 *
 * Negative sampling without hs (every method) trains with the SIMD
 * WebAssembly kernel (src-main/core/kernels/) over weights in shared wasm
 * memory; everything else, or any run with EMBEDLAB_KERNEL=ts, with the
 * TypeScript kernels.
 */
export async function trainWord2vec(input: TrainerInput<Word2vecParams>): Promise<TrainerResult> {
  const plan = planRun(input);
  if (input.checkpointEveryMs !== undefined && !(input.checkpointEveryMs > 0)) {
    throw new ParamError(
      `checkpoint interval must be a positive number of milliseconds, got ${input.checkpointEveryMs}`,
    );
  }
  const resume = input.resumeFrom ? readCheckpoint(input.resumeFrom, plan) : null;
  const weights = allocateWeights(plan, input.counts);
  if (input.resumeFrom) copyMatrices(weights, input.resumeFrom.matrices, plan, 'resume from the checkpoint', true);
  else if (input.initFrom) initFromMatrices(weights, input.initFrom, plan);
  else randomInit(weights, plan);
  input.onWeights?.({
    kind: 'word2vec',
    input: weights.input,
    words: plan.kept,
    dim: plan.params.dim,
    subwords: plan.subwords,
  });
  const run = new Word2vecRun(plan, weights, input, resume);
  if (input.signal?.aborted) throw new TrainAbortError(run.snapshot());
  return run.start();
}

interface RunPlan {
  params: Word2vecParams;
  /** train with the wasm kernel (decided once, in the coordinator, so every thread agrees) */
  wasm: boolean;
  tokenFile: string;
  tokens: number;
  kept: number;
  totalWords: number;
  /** n-gram rows: the buckets some kept word uses (compactNgramRows) */
  bucketRows: number;
  /** those buckets, ascending: n-gram row r is bucket ngramBuckets[r] */
  ngramBuckets: Uint32Array | null;
  schedule: Schedule;
  keep: Float64Array;
  negativeTable: Uint32Array | null;
  tree: HuffmanTree | null;
  subwords: SubwordTable | null;
}

function planRun(input: TrainerInput<Word2vecParams>): RunPlan {
  const { params, counts } = input;
  const { kept, totalWords, bucketRows } = validateWord2vecParams(params, counts, input.words);
  const tokens = tokenCount(input.tokenFile);
  const fasttext = params.method === 'fasttext';
  const subwords = fasttext
    ? buildSubwordTable(input.words, kept, params.minn, params.maxn, Math.max(1, bucketRows), true)
    : null;
  const ngramBuckets = subwords && bucketRows > 0 ? compactNgramRows(subwords, kept, bucketRows) : null;
  return {
    params,
    wasm: wasmKernelSupported(params),
    tokenFile: input.tokenFile,
    tokens,
    kept,
    totalWords,
    bucketRows: ngramBuckets?.length ?? 0,
    ngramBuckets,
    schedule: fasttext ? 'fasttext' : 'word2vec',
    keep: fasttext
      ? fasttextKeepProbabilities(counts, kept, params.sample, totalCount(counts, counts.length))
      : keepProbabilities(counts, kept, params.sample),
    negativeTable: params.negative > 0 ? negativeTable(counts, kept, params.nsExponent) : null,
    tree: params.hs ? buildHuffmanTree(counts, kept) : null,
    subwords,
  };
}

function tokenCount(path: string): number {
  let size: number;
  try {
    size = statSync(path).size;
  } catch (err) {
    throw new ParamError(`cannot read the token file ${path}: ${(err as Error).message}`);
  }
  if (size % BYTES_PER_TOKEN !== 0) {
    throw new ParamError(`token file ${path} is damaged: ${size} bytes is not whole tokens`);
  }
  return size / BYTES_PER_TOKEN;
}

// ---------- weights ----------

interface Weights {
  /** the kept words' input rows, then the n-gram buckets; shared with the workers */
  input: Float32Array;
  /** views of `input` */
  syn0: Float32Array;
  ngrams: Float32Array;
  syn1neg: Float32Array | null;
  syn1: Float32Array | null;
  /** the wasm model that syn0 (= input) and syn1neg are views of, when the wasm kernel trains */
  wasm: WasmModelShared | null;
}

function sharedFloats(length: number): Float32Array {
  return new Float32Array(new SharedArrayBuffer(length * 4));
}

function allocateWeights(plan: RunPlan, counts: ArrayLike<number>): Weights {
  const { kept, bucketRows, params } = plan;
  const { dim } = params;
  if (plan.wasm) {
    const model = wasmModel(plan, counts);
    if (model) {
      return {
        input: model.input,
        syn0: model.syn0,
        ngrams: model.input.subarray(model.syn0.length),
        syn1neg: model.syn1neg,
        syn1: null,
        wasm: model.shared,
      };
    }
    // too large for wasm32's 4 GiB: the TS kernels have no such limit
    plan.wasm = false;
  }
  const input = sharedFloats((kept + bucketRows) * dim);
  return {
    input,
    syn0: input.subarray(0, kept * dim),
    ngrams: input.subarray(kept * dim),
    syn1neg: params.negative > 0 ? sharedFloats(kept * dim) : null,
    syn1: params.hs ? sharedFloats(Math.max(0, kept - 1) * dim) : null,
    wasm: null,
  };
}

/** the input rows and syn1neg (all zero) in shared wasm memory with the kernel's tables; null when they do not fit */
function wasmModel(plan: RunPlan, counts: ArrayLike<number>): WasmModel | null {
  const { params } = plan;
  try {
    return WasmModel.create({
      vocabSize: plan.kept,
      dim: params.dim,
      window: params.window,
      negative: params.negative,
      threads: params.threads,
      counts,
      power: params.nsExponent,
      sentenceCapacity: MAX_SENTENCE_LENGTH,
      subwords: plan.subwords ? { ...plan.subwords, inputRows: plan.kept + plan.bucketRows } : undefined,
    });
  } catch (err) {
    if (err instanceof RangeError) return null;
    throw err;
  }
}

/** the matrices a checkpoint or result holds, by name */
function namedMatrices(w: Weights): Record<string, Float32Array> {
  const out: Record<string, Float32Array> = { syn0: w.syn0 };
  if (w.syn1neg) out.syn1neg = w.syn1neg;
  if (w.syn1) out.syn1 = w.syn1;
  if (w.ngrams.length > 0) out.ngrams = w.ngrams;
  return out;
}

/**
 * word2vec.c: syn0 uniform in [-0.5, 0.5) / dim; fastText: every input row
 * (words and n-grams) uniform in [-1, 1) / dim; output layers start at zero.
 */
function randomInit(w: Weights, plan: RunPlan): void {
  const { dim, seed } = plan.params;
  const random = new Xoshiro128(seed, 0);
  const { input } = w;
  if (plan.params.method === 'fasttext') uniformRows(input, random, 1 / dim);
  else for (let i = 0; i < input.length; i++) input[i] = (random.nextFloat() - 0.5) / dim;
}

function uniformRows(rows: Float32Array, random: Xoshiro128, scale: number): void {
  for (let i = 0; i < rows.length; i++) rows[i] = (2 * random.nextFloat() - 1) * scale;
}

function copyMatrices(
  w: Weights,
  given: Record<string, Float32Array>,
  plan: RunPlan,
  what: string,
  required: boolean,
): Set<string> {
  const copied = new Set<string>();
  for (const [name, target] of Object.entries(namedMatrices(w))) {
    const source = given[name] as Float32Array | undefined;
    if (!source) {
      if (required || name === 'syn0') throw new ParamError(`cannot ${what}: it has no ${name} matrix`);
      continue;
    }
    if (source.length !== target.length) {
      throw new ParamError(
        `cannot ${what}: its ${name} has ${source.length} floats, this run needs ${target.length} (${rowsOf(name, plan)} rows x dim ${plan.params.dim}); the vocabulary, dim or bucket differ`,
      );
    }
    target.set(source);
    copied.add(name);
  }
  return copied;
}

function rowsOf(name: string, plan: RunPlan): number {
  if (name === 'ngrams') return plan.bucketRows;
  if (name === 'syn1') return Math.max(0, plan.kept - 1);
  return plan.kept;
}

/** a finished run's matrices; fastText n-gram rows it lacks start random, output layers at zero */
function initFromMatrices(w: Weights, given: Record<string, Float32Array>, plan: RunPlan): void {
  const { ngrams, 'ngram-buckets': buckets, ...rest } = given;
  copyMatrices(w, rest, plan, 'continue from the given run', false);
  if (w.ngrams.length > 0) initNgramsFrom(w.ngrams, plan, ngrams, buckets);
}

/**
 * This run's n-gram rows from a finished run's: each of this run's buckets
 * takes that run's row for the same bucket (from its bucket list, or by
 * number when it kept all `bucket` rows); buckets it lacks start random.
 */
function initNgramsFrom(
  target: Float32Array,
  plan: RunPlan,
  ngrams: Float32Array | undefined,
  bucketMatrix: Float32Array | undefined,
): void {
  const { dim, seed, bucket } = plan.params;
  const random = new Xoshiro128(seed, 0);
  const buckets = bucketMatrix ? bucketsFromMatrix(bucketMatrix) : null;
  const rows = ngrams ? ngrams.length / dim : 0;
  if (ngrams && buckets && buckets.length !== rows) {
    throw new ParamError(`cannot continue from the given run: ${rows} n-gram rows for ${buckets.length} buckets`);
  }
  if (ngrams && !buckets && rows !== bucket) {
    throw new ParamError(`cannot continue from the given run: it has ${rows} n-gram rows, bucket is ${bucket}`);
  }
  plan.ngramBuckets!.forEach((b, r) => {
    const from = !ngrams ? -1 : buckets ? compactRowOf(buckets, b) : b;
    const row = target.subarray(r * dim, (r + 1) * dim);
    if (from >= 0) row.set(ngrams!.subarray(from * dim, (from + 1) * dim));
    else uniformRows(row, random, 1 / dim);
  });
}

// ---------- checkpoints ----------

interface ResumeState {
  positions: ThreadPosition[];
  epochLossSum: number[];
  epochPairs: number[];
}

/** thread t's slice: contiguous token offsets, as word2vec.c splits the file */
function slice(plan: RunPlan, t: number): { start: number; end: number } {
  const threads = plan.params.threads;
  return {
    start: Math.floor((plan.tokens * t) / threads),
    end: Math.floor((plan.tokens * (t + 1)) / threads),
  };
}

function readCheckpoint(c: Checkpoint, plan: RunPlan): ResumeState {
  const s = c.state as Partial<Word2vecCheckpointState>;
  const fail = (why: string): never => {
    throw new ParamError(`cannot resume from this checkpoint: ${why}`);
  };
  const { params } = plan;
  if (s.format !== CHECKPOINT_FORMAT) fail(`it is not a word2vec checkpoint (format ${String(s.format)})`);
  if (s.method !== params.method) fail(`it was taken by method ${String(s.method)}, not ${params.method}`);
  if (s.tokens !== plan.tokens) fail(`the token file has ${plan.tokens} tokens, the checkpoint's had ${s.tokens}`);
  if (s.kept !== plan.kept) fail(`it has ${s.kept} words, the parameters keep ${plan.kept}`);
  if (s.dim !== params.dim) fail(`it has dim ${s.dim}, the parameters say ${params.dim}`);
  if (s.bucketRows !== plan.bucketRows)
    fail(`it has ${s.bucketRows} n-gram rows, the parameters say ${plan.bucketRows}`);
  const positions = s.threads ?? [];
  if (!Array.isArray(positions) || positions.length !== params.threads) {
    fail(`it was taken with ${positions.length} threads, the parameters say ${params.threads}`);
  }
  positions.forEach((p, t) => {
    const { start, end } = slice(plan, t);
    const ok =
      Number.isInteger(p.epoch) &&
      p.epoch >= 0 &&
      p.epoch <= params.epochs &&
      Number.isInteger(p.offset) &&
      p.offset >= start &&
      p.offset <= end &&
      Number.isSafeInteger(p.words) &&
      p.words >= 0 &&
      Array.isArray(p.random) &&
      p.random.length === 4 &&
      p.random.every((v) => Number.isInteger(v) && v >= 0 && v < 2 ** 32) &&
      p.random.some((v) => v !== 0) &&
      Number.isFinite(p.lossSum) &&
      Number.isFinite(p.pairs) &&
      (p.kernelRandom === undefined || isUint64(p.kernelRandom));
    if (!ok) fail(`thread ${t}'s position is damaged or outside its slice`);
  });
  const lossSum = s.epochLossSum ?? [];
  const pairs = s.epochPairs ?? [];
  if (lossSum.length !== params.epochs || pairs.length !== params.epochs) {
    fail(`it has losses for ${lossSum.length} epochs, the parameters say ${params.epochs}`);
  }
  return {
    positions: positions.map((p) => ({ ...p, random: [...p.random] })),
    epochLossSum: lossSum,
    epochPairs: pairs,
  };
}

function isUint64(v: unknown): boolean {
  return typeof v === 'string' && /^\d{1,20}$/.test(v) && BigInt(v) < 1n << 64n;
}

// ---------- the run ----------

class Word2vecRun {
  private readonly workers: Worker[] = [];
  private readonly wordsDone = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly positions: ThreadPosition[];
  private readonly epochLossSum: Float64Array;
  private readonly epochPairs: Float64Array;
  private readonly started = Date.now();
  private readonly startWords: number;
  private readonly rateSamples: { t: number; words: number }[] = [];
  private intervalLoss = 0;
  private intervalPairs = 0;
  private lastLoss = NaN;
  private readonly finished = new Set<number>();
  /** epochs every thread has finished (onEpochEnd has been called for them) */
  private epochsEnded: number;
  private settled = false;
  private progressTimer: NodeJS.Timeout | undefined;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => void this.abort();
  private resolve: (result: TrainerResult) => void = () => undefined;
  private reject: (err: Error) => void = () => undefined;

  constructor(
    private readonly plan: RunPlan,
    private readonly weights: Weights,
    private readonly input: TrainerInput<Word2vecParams>,
    private readonly resume: ResumeState | null,
  ) {
    const { epochs, threads, seed } = plan.params;
    this.epochLossSum = new Float64Array(epochs);
    this.epochPairs = new Float64Array(epochs);
    if (resume) {
      this.positions = resume.positions;
      this.epochLossSum.set(resume.epochLossSum);
      this.epochPairs.set(resume.epochPairs);
    } else {
      this.positions = Array.from({ length: threads }, (_, t) => ({
        epoch: 0,
        offset: slice(plan, t).start,
        words: 0,
        random: new Xoshiro128(seed, t + 1).getState(),
        // the wasm kernel's generator starts here (createWasmKernel seeds it the same way)
        ...(weights.wasm ? { kernelRandom: seedState(seed, t).toString() } : {}),
        lossSum: 0,
        pairs: 0,
      }));
    }
    this.startWords = this.positions.reduce((sum, p) => sum + p.words, 0);
    this.epochsEnded = Math.min(...this.positions.map((p) => p.epoch));
    this.wordsDone[0] = BigInt(this.startWords);
  }

  start(): Promise<TrainerResult> {
    return new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
      const threads = this.plan.params.threads;
      try {
        for (let t = 0; t < threads; t++) {
          const worker = startWorker('train-sgns', this.job(t));
          worker.on('message', (m: Word2vecThreadMessage) => this.onMessage(t, m));
          worker.on('error', (err) => void this.fail(err));
          worker.on('exit', (code) => this.onExit(t, code));
          this.workers.push(worker);
        }
      } catch (err) {
        void this.fail(err as Error);
        return;
      }
      this.input.signal?.addEventListener('abort', this.onAbort, { once: true });
      if (this.input.onProgress) this.progressTimer = setInterval(() => this.emitProgress(), PROGRESS_EVERY_MS);
      const { checkpointEveryMs, onCheckpoint } = this.input;
      if (checkpointEveryMs && onCheckpoint) {
        this.checkpointTimer = setInterval(() => this.emitCheckpoint(onCheckpoint), checkpointEveryMs);
      }
    });
  }

  private job(t: number): Word2vecThreadJob {
    const { plan, weights } = this;
    const p = plan.params;
    const { start, end } = slice(plan, t);
    return {
      method: p.method,
      tokenFile: plan.tokenFile,
      start,
      end,
      threadIndex: t,
      seed: p.seed,
      dim: p.dim,
      window: p.window,
      negative: p.negative,
      epochs: p.epochs,
      alpha: p.alpha,
      minAlpha: p.minAlpha,
      schedule: plan.schedule,
      kept: plan.kept,
      totalWords: plan.totalWords,
      keep: plan.keep,
      negativeTable: plan.negativeTable,
      tree: plan.tree,
      subwords: plan.subwords,
      input: weights.input.buffer as SharedArrayBuffer,
      syn1neg: weights.syn1neg ? (weights.syn1neg.buffer as SharedArrayBuffer) : null,
      syn1: weights.syn1 ? (weights.syn1.buffer as SharedArrayBuffer) : null,
      wordsDone: this.wordsDone.buffer as SharedArrayBuffer,
      resume: this.resume ? this.positions[t] : null,
      wasm: weights.wasm ? { shared: weights.wasm, threadIndex: t, seed: p.seed } : null,
    };
  }

  private onMessage(t: number, m: Word2vecThreadMessage): void {
    if (this.settled) return;
    if (m.type === 'done') {
      this.finished.add(t);
      if (this.finished.size === this.workers.length) this.finish();
      return;
    }
    this.positions[t] = m.position;
    if (m.type === 'epoch') {
      this.epochLossSum[m.epoch] += m.lossSum;
      this.epochPairs[m.epoch] += m.pairs;
      this.endEpochs();
      return;
    }
    this.intervalLoss += m.lossSum;
    this.intervalPairs += m.pairs;
  }

  /** tells the listener about each epoch the slowest thread has now finished too */
  private endEpochs(): void {
    const ended = Math.min(...this.positions.map((p) => p.epoch));
    const { onEpochEnd } = this.input;
    while (this.epochsEnded < ended) {
      this.epochsEnded++;
      try {
        onEpochEnd?.(this.epochsEnded, this.currentWords());
      } catch (err) {
        void this.fail(err instanceof Error ? err : new Error(String(err)));
      }
    }
  }

  private onExit(t: number, code: number): void {
    if (this.settled || this.finished.has(t)) return;
    void this.fail(new Error(`training thread ${t} stopped unexpectedly (exit code ${code})`));
  }

  private finish(): void {
    this.emitProgress();
    if (this.settled) return;
    this.settle();
    const { plan, weights } = this;
    const { params } = plan;
    // the workers are done: the shared weights are the result, no copies
    const { syn0, ...matrices } = namedMatrices(weights);
    let vectors = syn0;
    if (plan.subwords) {
      vectors = composeWordVectors(weights.input, plan.subwords, plan.kept, params.dim);
      matrices.syn0 = syn0;
      matrices.ngrams = weights.ngrams;
      if (plan.ngramBuckets) matrices['ngram-buckets'] = bucketsAsMatrix(plan.ngramBuckets);
    }
    this.resolve({
      vocabSize: plan.kept,
      dim: params.dim,
      vectors,
      matrices,
      epochLoss: Array.from(this.epochLossSum, (sum, e) => (this.epochPairs[e] > 0 ? sum / this.epochPairs[e] : NaN)),
      seconds: (Date.now() - this.started) / 1000,
      wordsDone: this.currentWords(),
    });
  }

  /**
   * The matrices and each thread's last reported position, which the matrices
   * are at or a little past (the positions are taken first). The matrices are
   * the live weights, not copies: while the workers run they go on changing,
   * so a listener writes them out at once and keeps no reference (a copy of
   * fastText's ~800 MB of n-gram rows would double the run's memory); after
   * an abort or the end they stay as they are.
   */
  snapshot(): Checkpoint {
    const matrices = namedMatrices(this.weights);
    const { plan } = this;
    const threads = this.positions.map((p) => ({ ...p, random: [...p.random] }));
    const state: Word2vecCheckpointState = {
      format: CHECKPOINT_FORMAT,
      method: plan.params.method,
      tokens: plan.tokens,
      kept: plan.kept,
      dim: plan.params.dim,
      bucketRows: plan.bucketRows,
      threads,
      epochLossSum: Array.from(this.epochLossSum),
      epochPairs: Array.from(this.epochPairs),
    };
    const epochs = plan.params.epochs;
    return {
      wordsDone: threads.reduce((sum, p) => sum + p.words, 0),
      epoch: Math.min(epochs, Math.min(...threads.map((p) => p.epoch)) + 1),
      state: state as unknown as Record<string, unknown>,
      matrices,
    };
  }

  private emitCheckpoint(onCheckpoint: (c: Checkpoint) => void): void {
    if (this.settled) return;
    try {
      onCheckpoint(this.snapshot());
    } catch (err) {
      void this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  private async abort(): Promise<void> {
    if (this.settled) return;
    this.settle();
    await this.terminateAll();
    this.reject(new TrainAbortError(this.snapshot()));
  }

  private async fail(err: Error): Promise<void> {
    if (this.settled) return;
    this.settle();
    await this.terminateAll();
    this.reject(err);
  }

  private settle(): void {
    this.settled = true;
    clearInterval(this.progressTimer);
    clearInterval(this.checkpointTimer);
    this.input.signal?.removeEventListener('abort', this.onAbort);
  }

  private async terminateAll(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate().catch(() => 0)));
  }

  private currentWords(): number {
    return Number(Atomics.load(this.wordsDone, 0));
  }

  private emitProgress(): void {
    const { onProgress } = this.input;
    if (!onProgress) return;
    if (this.intervalPairs > 0) this.lastLoss = this.intervalLoss / this.intervalPairs;
    this.intervalLoss = 0;
    this.intervalPairs = 0;
    if (Number.isNaN(this.lastLoss)) return;
    const { plan } = this;
    const { params, totalWords } = plan;
    const wordsDone = this.currentWords();
    const wordsTotal = params.epochs * totalWords;
    const wordsPerSec = this.rate(wordsDone);
    const progress: TrainProgress = {
      wordsDone,
      wordsTotal,
      wordsPerSec,
      loss: this.lastLoss,
      alpha: scheduleRate(plan.schedule, params.alpha, params.minAlpha, wordsDone, wordsTotal),
      epoch: Math.min(params.epochs, Math.floor(wordsDone / totalWords) + 1),
      etaSeconds: wordsPerSec > 0 ? Math.max(0, wordsTotal - wordsDone) / wordsPerSec : null,
    };
    // a throwing listener fails the run instead of the process (this runs on a timer)
    try {
      onProgress(progress);
    } catch (err) {
      void this.fail(err instanceof Error ? err : new Error(String(err)));
    }
  }

  /** words/s over the last few progress intervals */
  private rate(words: number): number {
    const now = Date.now();
    const samples = this.rateSamples;
    samples.push({ t: now, words });
    if (samples.length > RATE_WINDOW_SAMPLES) samples.shift();
    const first = samples.length > 1 ? samples[0] : { t: this.started, words: this.startWords };
    const seconds = (now - first.t) / 1000;
    return seconds > 0 ? (words - first.words) / seconds : 0;
  }
}
