// One training thread of the word2vec family: epoch after epoch over its slice
// of the token file, subsampling frequent words, cutting sentences, and
// training them with Hogwild updates on the shared weights. It reports where it
// stands (epoch, token offset, words, generator state, loss so far) with every
// progress message, so the coordinator can checkpoint, and it can start from
// such a position to resume. Runs inside sgns-worker.ts; kept apart from the
// worker entry so it can be read and tested as a plain function.
import { SENTENCE_END } from '../corpus/token-file.ts';
import type { WasmKernel } from '../kernels/wasm-kernel.ts';
import type { SubwordTable } from './fasttext/ngrams.ts';
import type { HuffmanTree } from './huffman.ts';
import { threadRandom, type Xoshiro128 } from './random.ts';
import { MAX_SENTENCE_LENGTH } from './sgns-kernel.ts';
import { TokenSliceReader } from './token-reader.ts';
import {
  createWasmWord2vecKernel,
  createWord2vecKernel,
  type WasmKernelJob,
  type Word2vecKernel,
} from './word2vec-kernel.ts';
import type { Word2vecMethod } from './word2vec-params.ts';

/** how often (in corpus words) a thread adds to the shared count (and, word2vec.c's schedule, recomputes alpha) */
export const SYNC_EVERY_WORDS = 10_000;
/** how often a thread posts its progress and position (at most: it posts after a sync) */
export const POST_EVERY_MS = 100;

/** where a thread stands, at a sentence boundary: enough to go on from there */
export interface ThreadPosition {
  /** 0-based epoch in progress; epochs when the thread is done */
  epoch: number;
  /** file offset (in tokens) of the next token to read, within the thread's slice */
  offset: number;
  /** corpus words this thread has counted, all epochs */
  words: number;
  /** the thread's generator state (subsampling; the TS kernels' windows and negatives too) */
  random: number[];
  /**
   * the wasm kernel's own generator (windows and negatives), a 64-bit unsigned
   * integer in decimal; absent for the TS kernels
   */
  kernelRandom?: string;
  /** loss and examples of the epoch in progress so far */
  lossSum: number;
  pairs: number;
}

export type Schedule = 'word2vec' | 'fasttext';

export interface Word2vecThreadJob {
  method: Word2vecMethod;
  tokenFile: string;
  /** this thread's slice, in token offsets */
  start: number;
  end: number;
  threadIndex: number;
  seed: number;
  dim: number;
  window: number;
  negative: number;
  epochs: number;
  alpha: number;
  minAlpha: number;
  schedule: Schedule;
  /** ids >= kept are below min-count (or past max-vocab) and skipped */
  kept: number;
  /** corpus tokens of the kept words (T); the run processes epochs * T */
  totalWords: number;
  keep: Float64Array;
  negativeTable: Uint32Array | null;
  tree: HuffmanTree | null;
  subwords: SubwordTable | null;
  /** input rows ((kept + buckets) * dim), syn1neg, syn1; unused when `wasm` is set */
  input: SharedArrayBuffer;
  syn1neg: SharedArrayBuffer | null;
  syn1: SharedArrayBuffer | null;
  /** one BigInt64: corpus words processed by all threads */
  wordsDone: SharedArrayBuffer;
  /** go on from here instead of the start */
  resume: ThreadPosition | null;
  /** train with the SIMD wasm kernel over this shared model instead of the TS kernel (sgns, cbow without hs) */
  wasm: WasmKernelJob | null;
}

/** deltas since the thread's previous message, and where it stands */
export interface ProgressMessage {
  type: 'progress';
  epoch: number;
  words: number;
  lossSum: number;
  pairs: number;
  position: ThreadPosition;
}

/** this thread's totals for one epoch, summed in one order so a one-thread run repeats exactly */
export interface EpochMessage {
  type: 'epoch';
  epoch: number;
  lossSum: number;
  pairs: number;
  /** the start of the next epoch */
  position: ThreadPosition;
}

export interface DoneMessage {
  type: 'done';
}

export type Word2vecThreadMessage = ProgressMessage | EpochMessage | DoneMessage;

/** word2vec.c's schedule: linear decay over all epochs, floored at minAlpha */
export function learningRate(alpha: number, minAlpha: number, wordsDone: number, wordsTotal: number): number {
  const rate = alpha * (1 - wordsDone / (wordsTotal + 1));
  return rate < minAlpha ? minAlpha : rate;
}

/** fastText's schedule: lr * (1 - progress), progress over all epochs' tokens (floored at minAlpha, 0 in fastText) */
export function fasttextLearningRate(alpha: number, minAlpha: number, wordsDone: number, wordsTotal: number): number {
  const rate = alpha * (1 - wordsDone / wordsTotal);
  return rate < minAlpha ? minAlpha : rate;
}

export function scheduleRate(
  schedule: Schedule,
  alpha: number,
  minAlpha: number,
  wordsDone: number,
  wordsTotal: number,
): number {
  return schedule === 'fasttext'
    ? fasttextLearningRate(alpha, minAlpha, wordsDone, wordsTotal)
    : learningRate(alpha, minAlpha, wordsDone, wordsTotal);
}

export function runWord2vecThread(
  job: Word2vecThreadJob,
  post: (message: ProgressMessage | EpochMessage) => void,
): void {
  const thread = new Word2vecThread(job, post);
  try {
    thread.run();
  } finally {
    thread.close();
  }
}

class Word2vecThread {
  private readonly random: Xoshiro128;
  private readonly kernel: Word2vecKernel;
  /** the kernel when it is the wasm one, whose generator a position saves */
  private readonly wasmKernel: WasmKernel | null;
  private readonly reader: TokenSliceReader;
  /** for the wasm kernel, its buffer in wasm memory (filled in place, no copy) */
  private readonly sentence: Uint32Array;
  private readonly wordsDone: BigInt64Array;
  private readonly perSentenceRate: boolean;
  private alpha: number;
  /** the shared count after this thread's last sync */
  private sharedWords: number;
  private threadWords: number;
  private unsynced = 0;
  private unposted = 0;
  // the kernel's loss and pairs run on through an epoch; these are what was posted of them
  private postedLoss = 0;
  private postedPairs = 0;
  private lastPost = Date.now();

  constructor(
    private readonly job: Word2vecThreadJob,
    private readonly post: (message: ProgressMessage | EpochMessage) => void,
  ) {
    this.random = threadRandom(job.seed, job.threadIndex);
    this.wasmKernel = job.wasm ? createWasmWord2vecKernel(job.method, job.wasm) : null;
    if (this.wasmKernel && this.wasmKernel.sentence.length < MAX_SENTENCE_LENGTH) {
      throw new RangeError(`the wasm kernel's sentence buffer is shorter than ${MAX_SENTENCE_LENGTH}`);
    }
    this.sentence = this.wasmKernel ? this.wasmKernel.sentence : new Uint32Array(MAX_SENTENCE_LENGTH);
    this.kernel =
      this.wasmKernel ??
      createWord2vecKernel({
        method: job.method,
        input: new Float32Array(job.input),
        syn1neg: job.syn1neg ? new Float32Array(job.syn1neg) : null,
        syn1: job.syn1 ? new Float32Array(job.syn1) : null,
        tree: job.tree,
        subwords: job.subwords,
        dim: job.dim,
        window: job.window,
        negative: job.negative,
        negativeTable: job.negativeTable,
        random: this.random,
      });
    this.wordsDone = new BigInt64Array(job.wordsDone);
    this.perSentenceRate = job.schedule === 'fasttext';
    this.sharedWords = Number(Atomics.load(this.wordsDone, 0));
    this.alpha = this.rateAt(this.sharedWords);
    this.threadWords = job.resume?.words ?? 0;
    this.reader = new TokenSliceReader(job.tokenFile, job.start, job.end);
  }

  run(): void {
    const { job } = this;
    const resume = job.resume;
    if (resume) this.random.setState(resume.random);
    // a checkpoint of the TS kernel has no kernelRandom: the wasm kernel then starts its seeded stream
    if (resume?.kernelRandom !== undefined && this.wasmKernel)
      this.wasmKernel.randomState = BigInt(resume.kernelRandom);
    for (let epoch = resume?.epoch ?? 0; epoch < job.epochs; epoch++) {
      const resuming = resume !== null && epoch === resume.epoch;
      this.kernel.lossSum = resuming ? resume.lossSum : 0;
      this.kernel.pairs = resuming ? resume.pairs : 0;
      this.trainEpoch(epoch, resuming ? resume.offset : job.start);
    }
  }

  private trainEpoch(epoch: number, from: number): void {
    const { keep, kept } = this.job;
    const { sentence, random, reader } = this;
    let length = 0;
    let words = 0;
    this.postedLoss = this.kernel.lossSum;
    this.postedPairs = this.kernel.pairs;
    reader.rewind(from);
    for (let base = reader.offset, n = reader.next(); n > 0; base = reader.offset, n = reader.next()) {
      const tokens = reader.buffer;
      for (let t = 0; t < n; t++) {
        const id = tokens[t];
        if (id === SENTENCE_END || length === MAX_SENTENCE_LENGTH) {
          // a cut sentence goes on from this token; a finished one after it
          this.trainSentence(length, words, epoch, id === SENTENCE_END ? base + t + 1 : base + t);
          length = 0;
          words = 0;
          if (id === SENTENCE_END) continue;
        }
        if (id >= kept) continue;
        words++;
        const p = keep[id];
        if (p < 1 && random.nextFloat() >= p) continue;
        sentence[length++] = id;
      }
    }
    this.trainSentence(length, words, epoch, this.job.end);
    this.sync();
    this.report(epoch, this.job.end);
    const { lossSum, pairs } = this.kernel;
    this.post({ type: 'epoch', epoch, lossSum, pairs, position: this.position(epoch + 1, this.job.start, 0, 0) });
  }

  close(): void {
    this.reader.close();
  }

  private trainSentence(length: number, words: number, epoch: number, offset: number): void {
    if (length > 1) {
      if (this.perSentenceRate) this.alpha = this.rateAt(this.sharedWords + this.unsynced);
      this.kernel.trainSentence(this.sentence, length, this.alpha);
    }
    this.unsynced += words;
    if (this.unsynced < SYNC_EVERY_WORDS) return;
    this.sync();
    if (Date.now() - this.lastPost >= POST_EVERY_MS) this.report(epoch, offset);
  }

  /** adds this thread's words to the shared count and takes the new learning rate */
  private sync(): void {
    const delta = this.unsynced;
    this.unsynced = 0;
    this.unposted += delta;
    this.threadWords += delta;
    this.sharedWords = Number(Atomics.add(this.wordsDone, 0, BigInt(delta))) + delta;
    this.alpha = this.rateAt(this.sharedWords);
  }

  /** called right after sync(), at a sentence boundary, so the position and the counts agree */
  private report(epoch: number, offset: number): void {
    const { lossSum, pairs } = this.kernel;
    this.post({
      type: 'progress',
      epoch,
      words: this.unposted,
      lossSum: lossSum - this.postedLoss,
      pairs: pairs - this.postedPairs,
      position: this.position(epoch, offset, lossSum, pairs),
    });
    this.postedLoss = lossSum;
    this.postedPairs = pairs;
    this.unposted = 0;
    this.lastPost = Date.now();
  }

  private position(epoch: number, offset: number, lossSum: number, pairs: number): ThreadPosition {
    const position: ThreadPosition = {
      epoch,
      offset,
      words: this.threadWords,
      random: this.random.getState(),
      lossSum,
      pairs,
    };
    if (this.wasmKernel) position.kernelRandom = this.wasmKernel.randomState.toString();
    return position;
  }

  private rateAt(wordsDone: number): number {
    const { schedule, alpha, minAlpha, epochs, totalWords } = this.job;
    return scheduleRate(schedule, alpha, minAlpha, wordsDone, epochs * totalWords);
  }
}
