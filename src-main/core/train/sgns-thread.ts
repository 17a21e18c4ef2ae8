// One training thread: epoch after epoch over its slice of the token file,
// subsampling frequent words, cutting sentences, and training them with
// Hogwild updates on the shared weights. Runs inside sgns-worker.ts; kept apart
// from the worker entry so it can be read and tested as a plain function.
import { SENTENCE_END } from '../corpus/token-file.ts';
import { createSgnsKernel, MAX_SENTENCE_LENGTH, type SkipGramKernel } from './sgns-kernel.ts';
import { threadRandom, type Random } from './random.ts';
import { TokenSliceReader } from './token-reader.ts';

/** how often (in corpus words) a thread adds to the shared count and recomputes alpha, as word2vec.c */
export const SYNC_EVERY_WORDS = 10_000;
/** how often a thread posts its progress */
export const POST_EVERY_MS = 250;

export interface SgnsThreadJob {
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
  /** ids >= kept are below min-count and skipped */
  kept: number;
  /** corpus tokens of the kept words (T); the run processes epochs * T */
  totalWords: number;
  keep: Float64Array;
  negativeTable: Uint32Array;
  syn0: SharedArrayBuffer;
  syn1neg: SharedArrayBuffer;
  /** one BigInt64: corpus words processed by all threads */
  wordsDone: SharedArrayBuffer;
}

/** deltas since the thread's previous message */
export interface SgnsProgressMessage {
  type: 'progress';
  epoch: number;
  words: number;
  lossSum: number;
  pairs: number;
}

/** this thread's totals for one epoch, summed in one order so a one-thread run repeats exactly */
export interface SgnsEpochMessage {
  type: 'epoch';
  epoch: number;
  lossSum: number;
  pairs: number;
}

export interface SgnsDoneMessage {
  type: 'done';
}

export type SgnsThreadMessage = SgnsProgressMessage | SgnsEpochMessage | SgnsDoneMessage;

/** word2vec.c's schedule: linear decay over all epochs, floored at minAlpha */
export function learningRate(alpha: number, minAlpha: number, wordsDone: number, wordsTotal: number): number {
  const rate = alpha * (1 - wordsDone / (wordsTotal + 1));
  return rate < minAlpha ? minAlpha : rate;
}

export function runSgnsThread(
  job: SgnsThreadJob,
  post: (message: SgnsProgressMessage | SgnsEpochMessage) => void,
): void {
  const thread = new SgnsThread(job, post);
  try {
    for (let epoch = 0; epoch < job.epochs; epoch++) thread.trainEpoch(epoch);
  } finally {
    thread.close();
  }
}

class SgnsThread {
  private readonly random: Random;
  private readonly kernel: SkipGramKernel;
  private readonly reader: TokenSliceReader;
  private readonly sentence = new Uint32Array(MAX_SENTENCE_LENGTH);
  private readonly wordsDone: BigInt64Array;
  private alpha: number;
  private unsynced = 0;
  private unposted = 0;
  // the kernel's loss and pairs run on through an epoch; these are what was posted of them
  private postedLoss = 0;
  private postedPairs = 0;
  private lastPost = Date.now();

  constructor(
    private readonly job: SgnsThreadJob,
    private readonly post: (message: SgnsProgressMessage | SgnsEpochMessage) => void,
  ) {
    this.random = threadRandom(job.seed, job.threadIndex);
    this.kernel = createSgnsKernel({
      syn0: new Float32Array(job.syn0),
      syn1neg: new Float32Array(job.syn1neg),
      dim: job.dim,
      window: job.window,
      negative: job.negative,
      negativeTable: job.negativeTable,
      random: this.random,
    });
    this.wordsDone = new BigInt64Array(job.wordsDone);
    this.alpha = this.rateAt(Number(Atomics.load(this.wordsDone, 0)));
    this.reader = new TokenSliceReader(job.tokenFile, job.start, job.end);
  }

  trainEpoch(epoch: number): void {
    const { keep, kept } = this.job;
    const { sentence, random, reader } = this;
    let length = 0;
    let words = 0;
    this.kernel.lossSum = 0;
    this.kernel.pairs = 0;
    this.postedLoss = 0;
    this.postedPairs = 0;
    reader.rewind();
    for (let n = reader.next(); n > 0; n = reader.next()) {
      const tokens = reader.buffer;
      for (let t = 0; t < n; t++) {
        const id = tokens[t];
        if (id === SENTENCE_END || length === MAX_SENTENCE_LENGTH) {
          this.trainSentence(length, words, epoch);
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
    this.trainSentence(length, words, epoch);
    this.sync();
    this.report(epoch);
    this.post({ type: 'epoch', epoch, lossSum: this.kernel.lossSum, pairs: this.kernel.pairs });
  }

  close(): void {
    this.reader.close();
  }

  private trainSentence(length: number, words: number, epoch: number): void {
    if (length > 1) this.kernel.trainSentence(this.sentence, length, this.alpha);
    this.unsynced += words;
    if (this.unsynced < SYNC_EVERY_WORDS) return;
    this.sync();
    if (Date.now() - this.lastPost >= POST_EVERY_MS) this.report(epoch);
  }

  /** adds this thread's words to the shared count and takes the new learning rate */
  private sync(): void {
    const delta = this.unsynced;
    this.unsynced = 0;
    this.unposted += delta;
    const before = Number(Atomics.add(this.wordsDone, 0, BigInt(delta)));
    this.alpha = this.rateAt(before + delta);
  }

  private report(epoch: number): void {
    const { lossSum, pairs } = this.kernel;
    this.post({
      type: 'progress',
      epoch,
      words: this.unposted,
      lossSum: lossSum - this.postedLoss,
      pairs: pairs - this.postedPairs,
    });
    this.postedLoss = lossSum;
    this.postedPairs = pairs;
    this.unposted = 0;
    this.lastPost = Date.now();
  }

  private rateAt(wordsDone: number): number {
    const { alpha, minAlpha, epochs, totalWords } = this.job;
    return learningRate(alpha, minAlpha, wordsDone, epochs * totalWords);
  }
}
