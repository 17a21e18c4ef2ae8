// Skip-gram with negative sampling: the coordinator. Runs in the calling thread,
// shares the weights with one worker per thread (SharedArrayBuffer, Hogwild
// updates as word2vec.c), turns the workers' deltas into progress, and handles
// cancellation and crashes.
import { statSync } from 'node:fs';
import type { Worker } from 'node:worker_threads';
import type { SgnsParams } from '../../../src-preload/contract.ts';
import { BYTES_PER_TOKEN } from '../corpus/token-file.ts';
import { ParamError } from '../errors.ts';
import { startWorker } from '../workers.ts';
import { Xoshiro128 } from './random.ts';
import { keepProbabilities, negativeTable } from './sampling.ts';
import { validateSgnsParams } from './sgns-params.ts';
import { learningRate, type SgnsThreadJob, type SgnsThreadMessage } from './sgns-thread.ts';

const PROGRESS_EVERY_MS = 250;
/** words/s is measured over about this long */
const RATE_WINDOW_SAMPLES = 8;

export interface TrainProgress {
  /** corpus words processed, all epochs and threads together */
  wordsDone: number;
  /** epochs * corpus words of the kept vocabulary */
  wordsTotal: number;
  wordsPerSec: number;
  /** mean loss per positive pair over the last interval */
  loss: number;
  alpha: number;
  /** 1-based */
  epoch: number;
  etaSeconds: number | null;
}

export interface TrainResult {
  vocabSize: number;
  dim: number;
  /** the input vectors (syn0), vocabSize * dim, row-major */
  vectors: Float32Array;
  /** mean loss per positive pair, per epoch (NaN for an epoch with no pairs) */
  epochLoss: number[];
  seconds: number;
  wordsDone: number;
}

export interface TrainSgnsInput {
  tokenFile: string;
  /** the full corpus vocabulary's counts, most frequent first */
  counts: ArrayLike<number>;
  params: SgnsParams;
  /** the vocabulary's words, only for error messages */
  words?: ArrayLike<string>;
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
}

/** a cancelled run; `partial` is a copy of the input vectors at that moment, for a checkpoint */
export class TrainAbortError extends Error {
  override name = 'AbortError';
  constructor(readonly partial: Float32Array) {
    super('training was cancelled');
  }
}

export async function trainSgns(input: TrainSgnsInput): Promise<TrainResult> {
  const plan = planRun(input);
  const weights = initWeights(plan.kept, plan.params.dim, plan.params.seed);
  if (input.signal?.aborted) throw new TrainAbortError(new Float32Array(weights.syn0));
  return new Promise((resolve, reject) => new SgnsRun(plan, weights, input, resolve, reject).start());
}

interface RunPlan {
  params: SgnsParams;
  tokenFile: string;
  tokens: number;
  kept: number;
  totalWords: number;
  keep: Float64Array;
  negativeTable: Uint32Array;
}

function planRun(input: TrainSgnsInput): RunPlan {
  const { params, counts } = input;
  const { kept, totalWords } = validateSgnsParams(params, counts, input.words);
  return {
    params,
    tokenFile: input.tokenFile,
    tokens: tokenCount(input.tokenFile),
    kept,
    totalWords,
    keep: keepProbabilities(counts, kept, params.sample),
    negativeTable: negativeTable(counts, kept),
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

interface Weights {
  syn0: Float32Array;
  syn1neg: Float32Array;
}

/** as word2vec.c: syn0 uniform in [-0.5, 0.5) / dim, syn1neg zeros */
function initWeights(vocab: number, dim: number, seed: number): Weights {
  const syn0 = new Float32Array(new SharedArrayBuffer(vocab * dim * 4));
  const syn1neg = new Float32Array(new SharedArrayBuffer(vocab * dim * 4));
  const random = new Xoshiro128(seed, 0);
  for (let i = 0; i < syn0.length; i++) syn0[i] = (random.nextFloat() - 0.5) / dim;
  return { syn0, syn1neg };
}

class SgnsRun {
  private readonly workers: Worker[] = [];
  private readonly wordsDone = new BigInt64Array(new SharedArrayBuffer(8));
  private readonly epochLossSum: Float64Array;
  private readonly epochPairs: Float64Array;
  private readonly started = Date.now();
  private readonly rateSamples: { t: number; words: number }[] = [];
  private intervalLoss = 0;
  private intervalPairs = 0;
  private lastLoss = NaN;
  private readonly finished = new Set<number>();
  private settled = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly onAbort = (): void => void this.abort();

  constructor(
    private readonly plan: RunPlan,
    private readonly weights: Weights,
    private readonly input: TrainSgnsInput,
    private readonly resolve: (result: TrainResult) => void,
    private readonly reject: (err: Error) => void,
  ) {
    this.epochLossSum = new Float64Array(plan.params.epochs);
    this.epochPairs = new Float64Array(plan.params.epochs);
  }

  start(): void {
    const threads = this.plan.params.threads;
    try {
      for (let t = 0; t < threads; t++) {
        const worker = startWorker('train-sgns', this.job(t, threads));
        worker.on('message', (m: SgnsThreadMessage) => this.onMessage(t, m));
        worker.on('error', (err) => void this.fail(err));
        worker.on('exit', (code) => this.onExit(t, code));
        this.workers.push(worker);
      }
    } catch (err) {
      void this.fail(err as Error);
      return;
    }
    this.input.signal?.addEventListener('abort', this.onAbort, { once: true });
    if (this.input.onProgress) this.timer = setInterval(() => this.emitProgress(), PROGRESS_EVERY_MS);
  }

  /** thread t's slice: contiguous token offsets, as word2vec.c splits the file */
  private job(t: number, threads: number): SgnsThreadJob {
    const { plan } = this;
    const p = plan.params;
    return {
      tokenFile: plan.tokenFile,
      start: Math.floor((plan.tokens * t) / threads),
      end: Math.floor((plan.tokens * (t + 1)) / threads),
      threadIndex: t,
      seed: p.seed,
      dim: p.dim,
      window: p.window,
      negative: p.negative,
      epochs: p.epochs,
      alpha: p.alpha,
      minAlpha: p.minAlpha,
      kept: plan.kept,
      totalWords: plan.totalWords,
      keep: plan.keep,
      negativeTable: plan.negativeTable,
      syn0: this.weights.syn0.buffer as SharedArrayBuffer,
      syn1neg: this.weights.syn1neg.buffer as SharedArrayBuffer,
      wordsDone: this.wordsDone.buffer as SharedArrayBuffer,
    };
  }

  private onMessage(t: number, m: SgnsThreadMessage): void {
    if (this.settled) return;
    if (m.type === 'done') {
      this.finished.add(t);
      if (this.finished.size === this.workers.length) this.finish();
      return;
    }
    if (m.type === 'epoch') {
      this.epochLossSum[m.epoch] += m.lossSum;
      this.epochPairs[m.epoch] += m.pairs;
      return;
    }
    this.intervalLoss += m.lossSum;
    this.intervalPairs += m.pairs;
  }

  private onExit(t: number, code: number): void {
    if (this.settled || this.finished.has(t)) return;
    void this.fail(new Error(`training thread ${t} stopped unexpectedly (exit code ${code})`));
  }

  private finish(): void {
    this.emitProgress();
    if (this.settled) return;
    this.settle();
    const { params } = this.plan;
    this.resolve({
      vocabSize: this.plan.kept,
      dim: params.dim,
      vectors: new Float32Array(this.weights.syn0),
      epochLoss: Array.from(this.epochLossSum, (sum, e) => (this.epochPairs[e] > 0 ? sum / this.epochPairs[e] : NaN)),
      seconds: (Date.now() - this.started) / 1000,
      wordsDone: this.currentWords(),
    });
  }

  private async abort(): Promise<void> {
    if (this.settled) return;
    this.settle();
    await this.terminateAll();
    this.reject(new TrainAbortError(new Float32Array(this.weights.syn0)));
  }

  private async fail(err: Error): Promise<void> {
    if (this.settled) return;
    this.settle();
    await this.terminateAll();
    this.reject(err);
  }

  private settle(): void {
    this.settled = true;
    clearInterval(this.timer);
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
    const { params, totalWords } = this.plan;
    const wordsDone = this.currentWords();
    const wordsTotal = params.epochs * totalWords;
    const wordsPerSec = this.rate(wordsDone);
    // a throwing listener fails the run instead of the process (this runs on a timer)
    try {
      onProgress({
        wordsDone,
        wordsTotal,
        wordsPerSec,
        loss: this.lastLoss,
        alpha: learningRate(params.alpha, params.minAlpha, wordsDone, wordsTotal),
        epoch: Math.min(params.epochs, Math.floor(wordsDone / totalWords) + 1),
        etaSeconds: wordsPerSec > 0 ? Math.max(0, wordsTotal - wordsDone) / wordsPerSec : null,
      });
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
    const first = samples.length > 1 ? samples[0] : { t: this.started, words: 0 };
    const seconds = (now - first.t) / 1000;
    return seconds > 0 ? (words - first.words) / seconds : 0;
  }
}
