// Skip-gram and CBOW training with the update as an ONNX graph (sgns-graph.ts,
// cbow-graph.ts) run by onnxruntime on a chosen execution provider. The CPU
// makes the batches (the same windows, subsampling, sentence cut and negative
// table as the CPU trainer); the provider does the arithmetic, with the
// weights kept on the device between steps where it can (graph-steps.ts).
// Steps are minibatches: see sgns-graph.ts for what that changes.
// Checkpoints are taken at sentence boundaries: the pending batch is run
// first, then the weights are read off the device with the token offset and
// the generator's state, so a resumed run reads on from the next sentence.
// On the CPU provider this is slower than the SIMD kernel; it exists for GPU
// providers, and to test the graphs against the kernel.
import * as ort from 'onnxruntime-node';
import { SENTENCE_END, TOKENS_PER_CHUNK, TokenReader } from '../corpus/token-file.ts';
import { ParamError } from '../errors.ts';
import { abortError } from '../workers.ts';
import { keepProbabilities, negativeTable, drawFromTable } from '../train/sampling.ts';
import { Xoshiro128 } from '../train/random.ts';
import { MAX_SENTENCE_LENGTH } from '../train/sgns-kernel.ts';
import type { Checkpoint, TrainerResult, TrainProgress } from '../train/types.ts';
import { learningRate } from '../train/word2vec-thread.ts';
import { validateWord2vecParams } from '../train/word2vec-params.ts';
import { cbowStepModel } from './cbow-graph.ts';
import { GraphSteps, IndexBuffer, PROGRESS_EVERY_MS, scalar } from './graph-steps.ts';
import type { ProviderName } from './providers.ts';
import { sgnsStepModel } from './sgns-graph.ts';

/** pairs (skip-gram) or center words (CBOW) per graph step, at most */
export const MAX_WORD2VEC_BATCH = 8192;
/** co-occurrence records per GloVe graph step, at most */
export const MAX_GLOVE_BATCH = 16384;

/**
 * Examples per step for a vocabulary of `words`: large batches keep a GPU
 * busy, but a step sums the updates of a row that occurs several times in it
 * (see sgns-graph.ts), so a small vocabulary gets a smaller batch. GloVe's
 * AdaGrad steps are the larger, so its batches shrink sooner: with 48 words a
 * batch of 512 records diverges where 16 matches the CPU trainer's structure.
 */
export function graphBatch(method: 'sgns' | 'cbow' | 'glove', words: number): number {
  if (method === 'glove') return Math.min(MAX_GLOVE_BATCH, Math.max(16, Math.floor(words / 2)));
  return Math.min(MAX_WORD2VEC_BATCH, Math.max(128, 4 * words));
}

export interface GraphTrainParams {
  dim: number;
  window: number;
  negative: number;
  sample: number;
  epochs: number;
  alpha: number;
  minAlpha: number;
  seed: number;
  /** examples per graph step: (context, center) pairs for skip-gram, center words for CBOW */
  batch: number;
  /** words seen fewer times are not trained (default 1) */
  minCount?: number;
  maxVocab?: number | null;
  /** negatives ∝ count^nsExponent (default 0.75) */
  nsExponent?: number;
}

export interface GraphTrainResult extends TrainerResult {
  /** training examples: (context, center) pairs or CBOW center words */
  examples: number;
  steps: number;
  /** the weights stayed in device memory between steps */
  onDevice: boolean;
}

/** what every graph trainer takes besides its params */
export interface GraphRunInput {
  tokenFile: string;
  counts: ArrayLike<number>;
  provider: ProviderName;
  signal?: AbortSignal;
  onProgress?: (p: TrainProgress) => void;
  /** start from a finished run's matrices */
  initFrom?: Record<string, Float32Array>;
  /** a checkpoint goes to onCheckpoint at the first boundary (sentence, GloVe iteration) this long after the last */
  checkpointEveryMs?: number;
  onCheckpoint?: (c: Checkpoint) => void;
  /** go on from a checkpoint (same params and corpus) */
  resumeFrom?: Checkpoint;
}

/** initFrom: syn0 (or its vectors) and syn1neg when it has one; resumeFrom: this trainer's checkpoint */
export interface GraphTrainInput extends GraphRunInput {
  params: GraphTrainParams;
}

export const WORD2VEC_GRAPH_CHECKPOINT = 'word2vec-graph-1';

/** what a graph checkpoint's `state` holds */
interface GraphCheckpointState {
  format: typeof WORD2VEC_GRAPH_CHECKPOINT;
  method: 'sgns' | 'cbow';
  vocabSize: number;
  dim: number;
  /** 0-based epoch in progress and the token offset its next sentence starts at */
  epochIndex: number;
  tokenAt: number;
  rng: number[];
  /** mean loss of each finished epoch; sums of the one in progress */
  epochLoss: number[];
  lossSum: number;
  lossExamples: number;
  examples: number;
  steps: number;
}

export function trainSgnsOnGraph(input: GraphTrainInput): Promise<GraphTrainResult> {
  return trainWord2vecOnGraph('sgns', input);
}

export function trainCbowOnGraph(input: GraphTrainInput): Promise<GraphTrainResult> {
  return trainWord2vecOnGraph('cbow', input);
}

export async function trainWord2vecOnGraph(method: 'sgns' | 'cbow', input: GraphTrainInput): Promise<GraphTrainResult> {
  const { params: p, counts } = input;
  const { kept: V, totalWords } = validateWord2vecParams(
    {
      method,
      hs: false,
      threads: 1,
      minn: 0,
      maxn: 0,
      bucket: 0,
      ...p,
      minCount: p.minCount ?? 1,
      maxVocab: p.maxVocab ?? null,
      nsExponent: p.nsExponent ?? 0.75,
    },
    counts,
  );
  if (p.negative < 1) throw new ParamError('the graph trains negative sampling only: negative must be at least 1');
  if (!Number.isSafeInteger(p.batch) || p.batch < 1) {
    throw new ParamError(`graph batch must be a whole number of at least 1, got ${p.batch}`);
  }
  input.signal?.throwIfAborted();
  const started = performance.now();
  const rng = new Xoshiro128(p.seed);
  const resume = input.resumeFrom ? readGraphCheckpoint(input.resumeFrom, method, V, p.dim) : null;
  const { syn0, syn1neg } = resume
    ? { syn0: input.resumeFrom!.matrices.syn0, syn1neg: input.resumeFrom!.matrices.syn1neg }
    : startingWeights(input, V, rng);
  const model = method === 'sgns' ? sgnsStepModel({ negative: p.negative }) : cbowStepModel({ negative: p.negative });
  const steps = await GraphSteps.open(model, input.provider, {
    syn0: new ort.Tensor('float32', syn0, [V, p.dim]),
    syn1neg: new ort.Tensor('float32', syn1neg, [V, p.dim]),
  });
  try {
    const run = new Word2vecGraphRun(method, input, steps, V, totalWords, rng, started);
    if (resume) run.restore(resume, input.resumeFrom!.wordsDone);
    const epochLoss = await run.epochs();
    return {
      vocabSize: V,
      dim: p.dim,
      vectors: await steps.read('syn0'),
      matrices: { syn1neg: await steps.read('syn1neg') },
      epochLoss,
      seconds: (performance.now() - started) / 1000,
      wordsDone: run.wordsDone,
      examples: run.examples,
      steps: run.stepCount,
      onDevice: steps.onDevice,
    };
  } finally {
    await steps.release();
  }
}

/** word2vec.c's start (input rows uniform in ±0.5/dim, output rows zero), or a finished run's matrices */
function startingWeights(input: GraphTrainInput, V: number, rng: Xoshiro128) {
  const { dim } = input.params;
  const init = input.initFrom;
  if (init) {
    const syn0 = init.syn0 ?? init.vectors;
    const check = (name: string, m: Float32Array | undefined) => {
      if (m && m.length !== V * dim) {
        throw new ParamError(
          `cannot continue from the given run: its ${name} has ${m.length} floats, this run needs ${V * dim} (${V} rows x dim ${dim})`,
        );
      }
    };
    if (!syn0) throw new ParamError('cannot continue from the given run: it has no syn0 matrix');
    check('syn0', syn0);
    check('syn1neg', init.syn1neg);
    return {
      syn0: Float32Array.from(syn0),
      syn1neg: init.syn1neg ? Float32Array.from(init.syn1neg) : new Float32Array(V * dim),
    };
  }
  return {
    syn0: Float32Array.from({ length: V * dim }, () => (rng.nextFloat() - 0.5) / dim),
    syn1neg: new Float32Array(V * dim),
  };
}

/** a checkpoint's state, checked against this run's settings */
function readGraphCheckpoint(c: Checkpoint, method: 'sgns' | 'cbow', V: number, dim: number): GraphCheckpointState {
  const s = c.state as Partial<GraphCheckpointState>;
  const fail = (why: string): never => {
    throw new ParamError(`cannot resume from this checkpoint: ${why}`);
  };
  if (s.format !== WORD2VEC_GRAPH_CHECKPOINT) {
    fail(`it was not taken by graph training (format ${String(s.format)}); set graph-provider as the run had it`);
  }
  if (s.method !== method) fail(`it was taken by ${s.method}, the run trains ${method}`);
  if (s.vocabSize !== V || s.dim !== dim) fail(`it holds ${s.vocabSize} words of dim ${s.dim}, the run ${V} of ${dim}`);
  for (const name of ['syn0', 'syn1neg']) {
    if (c.matrices[name]?.length !== V * dim) fail(`its ${name} matrix is missing or the wrong size`);
  }
  return s as GraphCheckpointState;
}

class Word2vecGraphRun {
  wordsDone = 0;
  examples = 0;
  stepCount = 0;
  private readonly batch: ExampleBatch;
  private readonly keep: Float64Array;
  private readonly table: Uint32Array;
  private readonly wordsTotal: number;
  private lastProgress = 0;
  private epoch = 0;
  private epochLossSum = 0;
  private epochExamples = 0;
  private readonly losses: number[] = [];
  /** where the first epoch's reading starts (a resumed run: the checkpoint's offset) */
  private startAt = 0;
  private lastCheckpoint = performance.now();

  constructor(
    private readonly method: 'sgns' | 'cbow',
    private readonly input: GraphTrainInput,
    private readonly steps: GraphSteps,
    private readonly V: number,
    totalWords: number,
    private readonly rng: Xoshiro128,
    private readonly started: number,
  ) {
    const p = input.params;
    this.keep = keepProbabilities(input.counts, V, p.sample);
    this.table = negativeTable(input.counts, V, p.nsExponent ?? 0.75);
    this.wordsTotal = p.epochs * totalWords;
    this.batch =
      method === 'sgns' ? new PairBatch(p.batch, p.negative) : new CbowBatch(p.batch, p.negative, 2 * p.window);
  }

  /** go on from a checkpoint's position, sums and generator */
  restore(s: GraphCheckpointState, wordsDone: number): void {
    this.epoch = s.epochIndex;
    this.startAt = s.tokenAt;
    this.rng.setState(s.rng);
    this.losses.push(...s.epochLoss);
    this.epochLossSum = s.lossSum;
    this.epochExamples = s.lossExamples;
    this.examples = s.examples;
    this.stepCount = s.steps;
    this.wordsDone = wordsDone;
  }

  /** every epoch; returns the mean loss per example of each */
  async epochs(): Promise<number[]> {
    const p = this.input.params;
    const kept = new Uint32Array(MAX_SENTENCE_LENGTH);
    for (; this.epoch < p.epochs; this.epoch++) {
      for (const [sentence, at] of sentences(this.input.tokenFile, this.V, this.startAt)) {
        await this.boundary(at);
        this.wordsDone += sentence.length;
        // subsampling, as word2vec.c: keep[w] >= 1 always stays
        let n = 0;
        for (const w of sentence) if (this.keep[w] >= 1 || this.keep[w] > this.rng.nextFloat()) kept[n++] = w;
        if (this.method === 'sgns') await this.pairs(kept, n);
        else await this.centers(kept, n);
      }
      await this.step();
      this.losses.push(this.epochExamples ? this.epochLossSum / this.epochExamples : Number.NaN);
      this.epochLossSum = 0;
      this.epochExamples = 0;
      this.startAt = 0;
    }
    this.report(true);
    return this.losses;
  }

  /**
   * Before the sentence at token `at`: stop with a checkpoint when cancelled,
   * or hand one out when due. Either way the pending batch runs first.
   */
  private async boundary(at: number): Promise<void> {
    const { signal, onCheckpoint, checkpointEveryMs } = this.input;
    if (signal?.aborted) {
      await this.step();
      throw Object.assign(abortError(), { checkpoint: await this.checkpoint(at) });
    }
    if (!onCheckpoint || checkpointEveryMs === undefined) return;
    if (performance.now() - this.lastCheckpoint < checkpointEveryMs) return;
    await this.step();
    onCheckpoint(await this.checkpoint(at));
    this.lastCheckpoint = performance.now();
  }

  private async checkpoint(at: number): Promise<Checkpoint> {
    const p = this.input.params;
    const state: GraphCheckpointState = {
      format: WORD2VEC_GRAPH_CHECKPOINT,
      method: this.method,
      vocabSize: this.V,
      dim: p.dim,
      epochIndex: this.epoch,
      tokenAt: at,
      rng: this.rng.getState(),
      epochLoss: [...this.losses],
      lossSum: this.epochLossSum,
      lossExamples: this.epochExamples,
      examples: this.examples,
      steps: this.stepCount,
    };
    return {
      wordsDone: this.wordsDone,
      epoch: this.epoch + 1,
      state: { ...state },
      matrices: { syn0: await this.steps.read('syn0'), syn1neg: await this.steps.read('syn1neg') },
    };
  }

  /** skip-gram: (context → center) pairs in word2vec.c's shrunk windows */
  private async pairs(kept: Uint32Array, n: number): Promise<void> {
    const { window } = this.input.params;
    const batch = this.batch as PairBatch;
    for (let i = 0; i < n; i++) {
      const b = Math.floor(this.rng.nextFloat() * window);
      const from = Math.max(0, i - window + b);
      const to = Math.min(n, i + window + 1 - b);
      for (let j = from; j < to; j++) {
        if (j === i) continue;
        batch.add(kept[j], kept[i]);
        this.drawNegatives();
        if (batch.full) await this.step();
      }
    }
  }

  /** CBOW: each center word with its shrunk window's context words */
  private async centers(kept: Uint32Array, n: number): Promise<void> {
    const { window } = this.input.params;
    const batch = this.batch as CbowBatch;
    for (let i = 0; i < n; i++) {
      const b = Math.floor(this.rng.nextFloat() * window);
      const from = Math.max(0, i - window + b);
      const to = Math.min(n, i + window + 1 - b);
      if (to - from - 1 <= 0) continue; // no context: word2vec.c's `if (cw)`
      batch.add(kept, from, to, i);
      this.drawNegatives();
      if (batch.full) await this.step();
    }
  }

  private drawNegatives(): void {
    const { batch, table, rng } = this;
    for (let k = 0; k < batch.negative; k++) batch.setNegative(k, drawFromTable(table, rng.nextUint32() >>> 1));
  }

  private async step(): Promise<void> {
    const { batch } = this;
    if (batch.size === 0) return;
    const p = this.input.params;
    const alpha = learningRate(p.alpha, p.minAlpha, this.wordsDone, this.wordsTotal);
    const out = await this.steps.run({ ...batch.feeds(), alpha: scalar(alpha) });
    const loss = out.loss.data as Float32Array;
    let sum = 0;
    for (let i = 0; i < loss.length; i++) sum += loss[i];
    this.epochLossSum += sum;
    this.epochExamples += batch.size;
    this.examples += batch.size;
    this.stepCount++;
    batch.clear();
    this.report(false);
  }

  private report(final: boolean): void {
    const now = performance.now();
    if (!this.input.onProgress || (!final && now - this.lastProgress < PROGRESS_EVERY_MS)) return;
    this.lastProgress = now;
    const p = this.input.params;
    const rate = this.wordsDone / Math.max(1e-3, (now - this.started) / 1000);
    this.input.onProgress({
      wordsDone: this.wordsDone,
      wordsTotal: this.wordsTotal,
      wordsPerSec: rate,
      loss: this.epochExamples ? this.epochLossSum / this.epochExamples : Number.NaN,
      alpha: learningRate(p.alpha, p.minAlpha, this.wordsDone, this.wordsTotal),
      epoch: Math.min(p.epochs, this.epoch + 1),
      etaSeconds: rate > 0 ? Math.max(0, this.wordsTotal - this.wordsDone) / rate : null,
      message: `ONNX graph on ${this.input.provider}${this.steps.onDevice ? ' (weights on the device)' : ''}`,
    });
  }
}

/**
 * The token file's sentences of kept words (ids < kept), in order from token
 * `from`, cut at word2vec.c's MAX_SENTENCE_LENGTH; read a chunk at a time.
 * Each comes with the token offset it starts at (where a checkpoint taken
 * before it resumes).
 */
function* sentences(file: string, kept: number, from = 0): Generator<[Uint32Array, number]> {
  const reader = new TokenReader(file);
  try {
    const chunk = new Uint32Array(TOKENS_PER_CHUNK);
    const current = new Uint32Array(MAX_SENTENCE_LENGTH);
    let n = 0;
    let start = from;
    for (let at = from; at < reader.count;) {
      const got = reader.read(at, chunk);
      for (let i = 0; i < got; i++) {
        const w = chunk[i];
        if (w === SENTENCE_END) {
          if (n > 0) yield [current.subarray(0, n), start];
          n = 0;
          start = at + i + 1;
        } else if (w < kept) {
          current[n++] = w;
          if (n === MAX_SENTENCE_LENGTH) {
            yield [current.subarray(0, n), start];
            n = 0;
            start = at + i + 1;
          }
        }
      }
      at += got;
    }
    if (n > 0) yield [current.subarray(0, n), start];
  } finally {
    reader.close();
  }
}

/** examples gathered for one graph step, as the tensors the graph takes */
abstract class ExampleBatch {
  size = 0;
  protected readonly targets: IndexBuffer;
  private readonly negatives: IndexBuffer;

  constructor(
    readonly capacity: number,
    readonly negative: number,
  ) {
    this.targets = new IndexBuffer(capacity);
    this.negatives = new IndexBuffer(capacity * negative);
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /** negative k of the example added last */
  setNegative(k: number, word: number): void {
    this.negatives.set((this.size - 1) * this.negative + k, word);
  }

  feeds(): Record<string, ort.Tensor> {
    const n = this.size;
    return {
      targets: this.targets.tensor(n, [n]),
      negatives: this.negatives.tensor(n * this.negative, [n, this.negative]),
      ...this.inputFeeds(n),
    };
  }

  protected abstract inputFeeds(n: number): Record<string, ort.Tensor>;

  clear(): void {
    this.size = 0;
  }
}

class PairBatch extends ExampleBatch {
  private readonly inputs: IndexBuffer;

  constructor(capacity: number, negative: number) {
    super(capacity, negative);
    this.inputs = new IndexBuffer(capacity);
  }

  add(input: number, target: number): void {
    this.inputs.set(this.size, input);
    this.targets.set(this.size, target);
    this.size++;
  }

  protected inputFeeds(n: number): Record<string, ort.Tensor> {
    return { inputs: this.inputs.tensor(n, [n]) };
  }
}

class CbowBatch extends ExampleBatch {
  private readonly contexts: IndexBuffer;
  private readonly mask: Float32Array;

  constructor(
    capacity: number,
    negative: number,
    private readonly slots: number,
  ) {
    super(capacity, negative);
    this.contexts = new IndexBuffer(capacity * slots);
    this.mask = new Float32Array(capacity * slots);
  }

  /** center sentence[i] with the context words sentence[from, to) but i */
  add(sentence: Uint32Array, from: number, to: number, i: number): void {
    const base = this.size * this.slots;
    let c = 0;
    for (let j = from; j < to; j++) {
      if (j === i) continue;
      this.contexts.set(base + c, sentence[j]);
      this.mask[base + c] = 1;
      c++;
    }
    // padding: row 0 with weight 0 (adds nothing to it)
    for (; c < this.slots; c++) {
      this.contexts.set(base + c, 0);
      this.mask[base + c] = 0;
    }
    this.targets.set(this.size, sentence[i]);
    this.size++;
  }

  protected inputFeeds(n: number): Record<string, ort.Tensor> {
    const cells = n * this.slots;
    return {
      contexts: this.contexts.tensor(cells, [n, this.slots]),
      mask: new ort.Tensor('float32', this.mask.subarray(0, cells), [n, this.slots]),
    };
  }
}
