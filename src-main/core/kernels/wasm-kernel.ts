// Loads the SIMD WebAssembly word2vec kernel (assembly/, built by
// scripts/build-kernels.mjs into sgns.wasm) over one shared WebAssembly.Memory.
// The main thread lays the memory out once (WasmModel.create); each worker
// instantiates the same module over the same memory (createWasmKernel) and
// updates the weights lock-free, as word2vec.c's threads do.
import { readFileSync } from 'node:fs';
import { aliasTable, sigmoidTables } from './tables.ts';

/** longer sentences must be cut by the caller (word2vec.c's MAX_SENTENCE_LENGTH) */
export const DEFAULT_SENTENCE_CAPACITY = 1000;

/** byte offsets in the model header; the same numbers as assembly/layout.ts */
const MODEL = {
  dim: 0,
  vocab: 4,
  window: 8,
  negative: 12,
  syn0: 16,
  syn1neg: 20,
  sigmoid: 24,
  positiveLoss: 28,
  negativeLoss: 32,
  alias: 36,
  subwordOffsets: 40,
  subwordIds: 44,
  bytes: 64,
} as const;

/** byte offsets in each thread's header; the same numbers as assembly/layout.ts */
const THREAD = {
  random: 0,
  loss: 8,
  pairs: 16,
  sentence: 24,
  neu1e: 28,
  neu1: 32,
  targets: 36,
  gradients: 40,
  inputs: 44,
  deltas: 48,
  draws: 52,
  touched: 56,
  bytes: 64,
} as const;

const PAGE = 65536;
/** wasm32: the memory holds at most 4 GiB, weights and tables together */
const MAX_PAGES = 65536;
const ALIGN = 64;

export interface WasmModelOptions {
  vocabSize: number;
  dim: number;
  window: number;
  negative: number;
  /** how many kernels (worker threads) will run at once; each gets its own scratch */
  threads: number;
  /** word counts, most frequent first; negatives are drawn with P ∝ count^power */
  counts: ArrayLike<number>;
  power?: number;
  sentenceCapacity?: number;
  /**
   * fastText: each word's input rows (its own, then kept + n-gram bucket), and
   * how many input rows there are (kept + buckets); plain word2vec has one row per word
   */
  subwords?: { offsets: Uint32Array; ids: Uint32Array; inputRows: number };
}

/** everything a worker needs to run a kernel; structured-cloneable (post it in workerData) */
export interface WasmModelShared {
  memory: WebAssembly.Memory;
  vocabSize: number;
  dim: number;
  sentenceCapacity: number;
  /** byte offset of the model header */
  model: number;
  /** byte offset of each thread's header */
  threads: number[];
  /** input rows: vocabSize, or for fastText vocabSize + buckets */
  inputRows: number;
  /** whether the model holds a subword table (the 'fasttext' mode needs one) */
  subwords: boolean;
  syn0: number;
  syn1neg: number;
}

/** the weights in shared wasm memory, and the handle to post to workers */
export class WasmModel {
  /** every input row, inputRows * dim row-major (for fastText the words', then the n-grams') */
  readonly input: Float32Array;
  /** the words' input vectors, vocabSize * dim row-major: read, copy or checkpoint these */
  readonly syn0: Float32Array;
  /** output vectors for negative sampling; word2vec.c starts them at zero */
  readonly syn1neg: Float32Array;

  private constructor(readonly shared: WasmModelShared) {
    const { buffer } = shared.memory;
    const size = shared.vocabSize * shared.dim;
    this.input = new Float32Array(buffer, shared.syn0, shared.inputRows * shared.dim);
    this.syn0 = this.input.subarray(0, size);
    this.syn1neg = new Float32Array(buffer, shared.syn1neg, size);
  }

  /** allocates and fills the layout; syn0 and syn1neg start at zero */
  static create(options: WasmModelOptions): WasmModel {
    checkOptions(options);
    const layout = planLayout(options, kernelExports().heapBase());
    const pages = Math.ceil(layout.end / PAGE);
    if (pages > MAX_PAGES) {
      throw new RangeError(
        `vocabulary ${options.vocabSize} x dim ${options.dim} needs more than the 4 GiB wasm32 can address`,
      );
    }
    const memory = new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
    writeLayout(memory, options, layout);
    return new WasmModel({
      memory,
      vocabSize: options.vocabSize,
      dim: options.dim,
      sentenceCapacity: options.sentenceCapacity ?? DEFAULT_SENTENCE_CAPACITY,
      model: layout.model,
      threads: layout.threads.map((t) => t.header),
      inputRows: options.subwords?.inputRows ?? options.vocabSize,
      subwords: options.subwords !== undefined,
      syn0: layout.syn0,
      syn1neg: layout.syn1neg,
    });
  }

  /** a model over memory another thread created */
  static attach(shared: WasmModelShared): WasmModel {
    return new WasmModel(shared);
  }
}

function checkOptions(o: WasmModelOptions): void {
  const whole = (name: string, value: number, min: number): void => {
    if (!Number.isSafeInteger(value) || value < min)
      throw new RangeError(`${name} must be a whole number >= ${min}, got ${value}`);
  };
  whole('vocabSize', o.vocabSize, 1);
  whole('dim', o.dim, 1);
  whole('window', o.window, 1);
  whole('negative', o.negative, 0);
  whole('threads', o.threads, 1);
  whole('sentenceCapacity', o.sentenceCapacity ?? DEFAULT_SENTENCE_CAPACITY, 1);
  if (o.counts.length < o.vocabSize)
    throw new RangeError(`counts has ${o.counts.length} entries for ${o.vocabSize} words`);
  if (o.subwords) checkSubwords(o.subwords, o.vocabSize);
}

function checkSubwords(s: NonNullable<WasmModelOptions['subwords']>, vocabSize: number): void {
  const { offsets, ids, inputRows } = s;
  if (!Number.isSafeInteger(inputRows) || inputRows < vocabSize)
    throw new RangeError(`inputRows must be a whole number >= ${vocabSize}, got ${inputRows}`);
  if (offsets.length !== vocabSize + 1 || offsets[0] !== 0 || offsets[vocabSize] !== ids.length)
    throw new RangeError(`subword offsets must run from 0 to ${ids.length} over ${vocabSize} words`);
  for (let w = 0; w < vocabSize; w++) {
    if (offsets[w + 1] <= offsets[w]) throw new RangeError(`word ${w} has no input rows`);
  }
  for (const id of ids) if (id >= inputRows) throw new RangeError(`subword row ${id} is not below ${inputRows}`);
}

interface ThreadLayout {
  header: number;
  sentence: number;
  neu1e: number;
  neu1: number;
  targets: number;
  gradients: number;
  inputs: number;
  deltas: number;
  draws: number;
}

interface Layout {
  model: number;
  syn0: number;
  syn1neg: number;
  sigmoid: number;
  positiveLoss: number;
  negativeLoss: number;
  alias: number;
  subwordOffsets: number;
  subwordIds: number;
  threads: ThreadLayout[];
  end: number;
}

/** every region starts on a 64-byte line, so threads' scratch never shares a cache line */
function planLayout(o: WasmModelOptions, base: number): Layout {
  let end = align(base);
  const take = (bytes: number): number => {
    const at = end;
    end = align(end + bytes);
    return at;
  };
  const rowBytes = o.dim * 4;
  const model = take(MODEL.bytes);
  const syn0 = take((o.subwords?.inputRows ?? o.vocabSize) * rowBytes);
  const syn1neg = take(o.vocabSize * rowBytes);
  const sigmoid = take(4000);
  const positiveLoss = take(4000);
  const negativeLoss = take(4000);
  const alias = take(o.vocabSize * 8);
  const subwordOffsets = take(o.subwords ? o.subwords.offsets.length * 4 : 0);
  const subwordIds = take(o.subwords ? o.subwords.ids.length * 4 : 0);
  const capacity = o.sentenceCapacity ?? DEFAULT_SENTENCE_CAPACITY;
  const outputs = o.negative + 1;
  const inputs = 2 * o.window;
  const threads: ThreadLayout[] = [];
  for (let t = 0; t < o.threads; t++) {
    threads.push({
      header: take(THREAD.bytes),
      sentence: take(capacity * 4),
      neu1e: take(rowBytes),
      neu1: take(rowBytes),
      targets: take(outputs * 8),
      // the gradient matrix and its transpose
      gradients: take(2 * outputs * inputs * 4),
      inputs: take(inputs * 4),
      deltas: take(outputs * rowBytes),
      draws: take(2 * inputs * o.negative * 4),
    });
  }
  return {
    model,
    syn0,
    syn1neg,
    sigmoid,
    positiveLoss,
    negativeLoss,
    alias,
    subwordOffsets,
    subwordIds,
    threads,
    end,
  };
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function writeLayout(memory: WebAssembly.Memory, o: WasmModelOptions, layout: Layout): void {
  const view = new DataView(memory.buffer);
  const m = layout.model;
  view.setInt32(m + MODEL.dim, o.dim, true);
  view.setInt32(m + MODEL.vocab, o.vocabSize, true);
  view.setInt32(m + MODEL.window, o.window, true);
  view.setInt32(m + MODEL.negative, o.negative, true);
  view.setUint32(m + MODEL.syn0, layout.syn0, true);
  view.setUint32(m + MODEL.syn1neg, layout.syn1neg, true);
  view.setUint32(m + MODEL.sigmoid, layout.sigmoid, true);
  view.setUint32(m + MODEL.positiveLoss, layout.positiveLoss, true);
  view.setUint32(m + MODEL.negativeLoss, layout.negativeLoss, true);
  view.setUint32(m + MODEL.alias, layout.alias, true);
  view.setUint32(m + MODEL.subwordOffsets, layout.subwordOffsets, true);
  view.setUint32(m + MODEL.subwordIds, layout.subwordIds, true);
  const tables = sigmoidTables();
  new Float32Array(memory.buffer, layout.sigmoid, tables.sigmoid.length).set(tables.sigmoid);
  new Float32Array(memory.buffer, layout.positiveLoss, tables.positiveLoss.length).set(tables.positiveLoss);
  new Float32Array(memory.buffer, layout.negativeLoss, tables.negativeLoss.length).set(tables.negativeLoss);
  const alias = aliasTable(o.counts, o.vocabSize, o.power ?? 0.75);
  new Uint32Array(memory.buffer, layout.alias, alias.length).set(alias);
  if (o.subwords) {
    const { offsets, ids } = o.subwords;
    new Uint32Array(memory.buffer, layout.subwordOffsets, offsets.length).set(offsets);
    new Uint32Array(memory.buffer, layout.subwordIds, ids.length).set(ids);
  }
  for (const t of layout.threads) {
    view.setUint32(t.header + THREAD.sentence, t.sentence, true);
    view.setUint32(t.header + THREAD.neu1e, t.neu1e, true);
    view.setUint32(t.header + THREAD.neu1, t.neu1, true);
    view.setUint32(t.header + THREAD.targets, t.targets, true);
    view.setUint32(t.header + THREAD.gradients, t.gradients, true);
    view.setUint32(t.header + THREAD.inputs, t.inputs, true);
    view.setUint32(t.header + THREAD.deltas, t.deltas, true);
    view.setUint32(t.header + THREAD.draws, t.draws, true);
  }
}

// ---------- the module ----------

interface KernelExports {
  heapBase(): number;
  sgTrainSentence(model: number, thread: number, length: number, alpha: number): void;
  sgTrainSentenceBatch(model: number, thread: number, length: number, alpha: number): void;
  cbowTrainSentence(model: number, thread: number, length: number, alpha: number): void;
  ftTrainSentence(model: number, thread: number, length: number, alpha: number): void;
}

let compiled: WebAssembly.Module | undefined;

/** the compiled kernel, once per thread (a 10 KB module: compiling it takes about a millisecond) */
export function kernelModule(): WebAssembly.Module {
  compiled ??= new WebAssembly.Module(readFileSync(new URL('./sgns.wasm', import.meta.url)));
  return compiled;
}

// Each instantiation rewrites the module's own static data (Math.exp's table,
// below heapBase) with the same bytes: harmless while other threads run.
function instantiate(memory: WebAssembly.Memory): KernelExports {
  const instance = new WebAssembly.Instance(kernelModule(), { env: { memory, abort } });
  return instance.exports as unknown as KernelExports;
}

function abort(): never {
  throw new Error('the wasm kernel aborted');
}

let probe: KernelExports | undefined;

/** an instance over a throwaway memory, to read heapBase before the real memory exists */
function kernelExports(): KernelExports {
  probe ??= instantiate(new WebAssembly.Memory({ initial: 1, maximum: 1, shared: true }));
  return probe;
}

// ---------- the kernel ----------

/** which update the kernel runs; all three read the same weights and tables */
export type KernelMode = 'skipgram' | 'skipgram-batch' | 'cbow' | 'fasttext';

export interface WasmKernelOptions {
  /** 0 .. threads-1 of the model; two kernels must not share a thread index */
  threadIndex: number;
  /** the run's seed; each thread's generator is derived from (seed, threadIndex) */
  seed: number;
  /**
   * 'skipgram' is word2vec.c's per-pair update (the default); 'skipgram-batch'
   * draws one set of negatives per window and updates it as a small matrix
   * (HogBatch, Ji et al. 2016); 'cbow' is word2vec.c's CBOW with cbow_mean=1;
   * 'fasttext' is fastText's skip-gram over subwords (the model needs `subwords`)
   */
  mode?: KernelMode;
}

/**
 * One thread's kernel. Has the shape of train/sgns-kernel.ts's SkipGramKernel:
 * `trainSentence` plus `lossSum` and `pairs`, which the caller may read and reset.
 */
export class WasmKernel {
  /** the thread's sentence buffer in wasm memory; filling it in place saves a copy */
  readonly sentence: Uint32Array;
  private readonly train: (model: number, thread: number, length: number, alpha: number) => void;
  private readonly header: number;
  private readonly model: number;
  private readonly scalars: Float64Array;
  private readonly random: BigUint64Array;

  constructor(shared: WasmModelShared, options: WasmKernelOptions) {
    const { threadIndex } = options;
    if (!Number.isInteger(threadIndex) || threadIndex < 0 || threadIndex >= shared.threads.length) {
      throw new RangeError(`threadIndex must be in [0, ${shared.threads.length}), got ${threadIndex}`);
    }
    const mode = options.mode ?? 'skipgram';
    if (mode === 'fasttext' && !shared.subwords)
      throw new RangeError('the fasttext kernel needs a model with subwords');
    const exports = instantiate(shared.memory);
    this.train = trainFunction(exports, mode);
    this.model = shared.model;
    this.header = shared.threads[threadIndex];
    const { buffer } = shared.memory;
    const view = new DataView(buffer);
    this.sentence = new Uint32Array(
      buffer,
      view.getUint32(this.header + THREAD.sentence, true),
      shared.sentenceCapacity,
    );
    this.scalars = new Float64Array(buffer, this.header + THREAD.loss, 2);
    this.random = new BigUint64Array(buffer, this.header + THREAD.random, 1);
    this.random[0] = seedState(options.seed, threadIndex);
    this.lossSum = 0;
    this.pairs = 0;
  }

  /** trains on sentence[0..length) (word ids < vocabSize) at learning rate alpha */
  trainSentence(sentence: Uint32Array, length: number, alpha: number): void {
    if (length > this.sentence.length)
      throw new RangeError(`sentence of ${length} words is longer than ${this.sentence.length}`);
    if (sentence !== this.sentence) this.sentence.set(sentence.subarray(0, length));
    this.train(this.model, this.header, length, alpha);
  }

  /** summed loss (-log sigmoid per output) since the caller last reset it */
  get lossSum(): number {
    return this.scalars[0];
  }

  set lossSum(value: number) {
    this.scalars[0] = value;
  }

  /** (center, context) pairs for skip-gram, center words for CBOW, since the last reset */
  get pairs(): number {
    return this.scalars[1];
  }

  set pairs(value: number) {
    this.scalars[1] = value;
  }

  /** the thread's 64-bit generator state (word2vec.c's next_random) */
  get randomState(): bigint {
    return this.random[0];
  }

  set randomState(value: bigint) {
    this.random[0] = BigInt.asUintN(64, value);
  }
}

export function createWasmKernel(shared: WasmModelShared, options: WasmKernelOptions): WasmKernel {
  return new WasmKernel(shared, options);
}

function trainFunction(exports: KernelExports, mode: KernelMode): KernelExports['sgTrainSentence'] {
  if (mode === 'skipgram') return exports.sgTrainSentence;
  if (mode === 'skipgram-batch') return exports.sgTrainSentenceBatch;
  if (mode === 'cbow') return exports.cbowTrainSentence;
  if (mode === 'fasttext') return exports.ftTrainSentence;
  throw new RangeError(`unknown kernel mode ${String(mode)}`);
}

const MASK_64 = (1n << 64n) - 1n;

/** splitmix64 of (seed, thread): unrelated streams for nearby seeds and threads */
export function seedState(seed: number, threadIndex: number): bigint {
  if (!Number.isSafeInteger(seed) || seed < 0) throw new RangeError(`seed must be a non-negative integer, got ${seed}`);
  let z = (BigInt(seed) * 0x9e3779b97f4a7c15n + BigInt(threadIndex + 1) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
  return z ^ (z >> 31n);
}
