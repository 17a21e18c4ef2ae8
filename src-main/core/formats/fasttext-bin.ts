// fastText's .bin model (fasttext.cc loadModel): magic and version, the Args,
// the Dictionary, then the input matrix: one row per word, then `bucket` rows
// of hashed character n-grams. A word's vector is fastText's getWordVector:
// the mean of its own row and its n-grams' rows ("</s>" has only its own).
// The n-gram rows stream through once: they go to the sink (kept for words
// never seen in training) and are added into the words that use them.
import { isUtf8 } from 'node:buffer';
import { subwordIds } from '../train/fasttext/ngrams.ts';
import { checkDim, RowBatch } from './batch.ts';
import { ByteStream } from './byte-stream.ts';
import { FileBytes, ProgressTicker } from './file-bytes.ts';
import {
  throwIfAborted,
  VectorInputError,
  type InputFile,
  type ReadOptions,
  type ReadSummary,
  type VectorSink,
} from './types.ts';

export const FASTTEXT_MAGIC = 793712314;
export const FASTTEXT_VERSION = 12;
export const EOS = '</s>';
const MODEL_SUPERVISED = 3;
const MAX_WORD_BYTES = 64 * 1024;
const NGRAM_ROWS_PER_READ = 4096;

/** fastText's Args, in the order args.cc writes them */
export interface FasttextArgs {
  dim: number;
  ws: number;
  epoch: number;
  minCount: number;
  neg: number;
  wordNgrams: number;
  loss: number;
  model: number;
  bucket: number;
  minn: number;
  maxn: number;
  lrUpdateRate: number;
  t: number;
}
export const argNames = [
  'dim',
  'ws',
  'epoch',
  'minCount',
  'neg',
  'wordNgrams',
  'loss',
  'model',
  'bucket',
  'minn',
  'maxn',
  'lrUpdateRate',
] as const;

interface Dictionary {
  words: string[];
  nlabels: number;
  ntokens: number;
  pruned: boolean;
}

export async function readFasttextBinary(opts: ReadOptions, sink: VectorSink): Promise<ReadSummary> {
  const file = await FileBytes.open(opts.file);
  try {
    const reader = new ModelReader(new ByteStream(file), opts.file);
    const version = await reader.header();
    const args = await reader.args();
    if (version === 11 && args.model === MODEL_SUPERVISED) args.maxn = 0; // as fastText: old supervised models had no n-grams
    const dict = await reader.dictionary();
    await reader.matrixStart(args, dict);
    const ticker = new ProgressTicker(file, opts);
    const nwords = dict.words.length;
    const sums = new Float32Array(nwords * args.dim);
    await reader.rows(new Uint8Array(sums.buffer), nwords, args.dim, 'word');
    ticker.tick(0, true);
    const table = ngramTable(dict.words, args);
    await streamNgrams(reader, args, table, sums, sink, opts, ticker);
    emitWords(dict.words, sums, table.counts, args.dim, sink);
    ticker.tick(nwords, true);
    return { words: nwords, dim: args.dim, params: paramsOf(args, dict, version) };
  } finally {
    await file.close();
  }
}

function paramsOf(args: FasttextArgs, dict: Dictionary, version: number): Record<string, unknown> {
  return {
    minn: args.minn,
    maxn: args.maxn,
    bucket: args.bucket,
    window: args.ws,
    epochs: args.epoch,
    minCount: args.minCount,
    negative: args.neg,
    wordNgrams: args.wordNgrams,
    model: ['', 'cbow', 'skipgram', 'supervised'][args.model] ?? args.model,
    sample: args.t,
    tokens: dict.ntokens,
    labels: dict.nlabels,
    fasttextVersion: version,
  };
}

/** each word's n-gram buckets, inverted: the words using bucket b are wordsOf[offsets[b] .. offsets[b + 1]) */
export interface NgramTable {
  offsets: Uint32Array;
  wordsOf: Uint32Array;
  /** rows in each word's mean: its own and its n-grams' (repeats counted, as fastText) */
  counts: Uint32Array;
}

export function ngramTable(words: string[], args: FasttextArgs): NgramTable {
  const { minn, maxn, bucket } = args;
  const ids = words.map((w) =>
    w === EOS || maxn <= 0 || bucket <= 0 ? new Uint32Array(0) : subwordIds(w, minn, maxn, bucket),
  );
  const counts = Uint32Array.from(ids, (list) => list.length + 1);
  const offsets = new Uint32Array(bucket + 1);
  for (const list of ids) for (const b of list) offsets[b + 1]++;
  for (let b = 0; b < bucket; b++) offsets[b + 1] += offsets[b];
  const fill = offsets.slice(0, bucket);
  const wordsOf = new Uint32Array(offsets[bucket]);
  ids.forEach((list, w) => {
    for (const b of list) wordsOf[fill[b]++] = w;
  });
  return { offsets, wordsOf, counts };
}

async function streamNgrams(
  reader: ModelReader,
  args: FasttextArgs,
  table: NgramTable,
  sums: Float32Array,
  sink: VectorSink,
  opts: ReadOptions,
  ticker: ProgressTicker,
): Promise<void> {
  const { dim, bucket } = args;
  const chunk = new Float32Array(NGRAM_ROWS_PER_READ * dim);
  const bytes = new Uint8Array(chunk.buffer);
  for (let first = 0; first < bucket; first += NGRAM_ROWS_PER_READ) {
    throwIfAborted(opts.signal);
    const rows = Math.min(NGRAM_ROWS_PER_READ, bucket - first);
    await reader.rows(bytes, rows, dim, 'n-gram', first);
    const part = chunk.subarray(0, rows * dim);
    sink.ngrams?.(part, dim);
    addNgramRows(table, part, first, dim, sums);
    ticker.tick(0);
  }
}

/** adds n-gram rows [first, first + part.length / dim) into the sums of the words that use them, in bucket order */
export function addNgramRows(
  table: NgramTable,
  part: Float32Array,
  first: number,
  dim: number,
  sums: Float32Array,
): void {
  const { offsets, wordsOf } = table;
  const rows = part.length / dim;
  for (let r = 0; r < rows; r++) {
    const b = first + r;
    for (let k = offsets[b]; k < offsets[b + 1]; k++) {
      const at = wordsOf[k] * dim;
      for (let c = 0; c < dim; c++) sums[at + c] += part[r * dim + c];
    }
  }
}

/** the means, in float32 as fastText's Vector::mul(1.0 / n), handed on a batch at a time */
function emitWords(words: string[], sums: Float32Array, counts: Uint32Array, dim: number, sink: VectorSink): void {
  const batch = new RowBatch(sink, dim);
  words.forEach((word, w) => {
    const scale = Math.fround(1 / counts[w]);
    const at = batch.rowStart;
    for (let c = 0; c < dim; c++) batch.data[at + c] = sums[w * dim + c] * scale;
    batch.push(word);
  });
  batch.flush();
}

class ModelReader {
  constructor(
    private readonly stream: ByteStream,
    private readonly file: InputFile,
  ) {}

  async header(): Promise<number> {
    const { file } = this;
    if (this.stream.file.size === 0) throw new VectorInputError(file.path, `${file.shown}: the file is empty`);
    const magic = await this.stream.int32();
    if (magic !== FASTTEXT_MAGIC) {
      throw new VectorInputError(
        file.path,
        `${file.shown}: not a fastText .bin model (it does not start with fastText's magic number ${FASTTEXT_MAGIC}); for a .vec text file use fasttext-vec`,
        undefined,
        0,
      );
    }
    const version = await this.need(this.stream.int32(), 'the version');
    if (version > FASTTEXT_VERSION || version < 11) {
      throw new VectorInputError(
        file.path,
        `${file.shown}: fastText model version ${version}; this lab reads versions 11 and ${FASTTEXT_VERSION}`,
        undefined,
        4,
      );
    }
    return version;
  }

  async args(): Promise<FasttextArgs> {
    const out: Record<string, number> = {};
    for (const name of argNames) out[name] = await this.need(this.stream.int32(), `the model's ${name}`);
    out.t = await this.need(this.stream.float64(), "the model's t");
    const args = out as unknown as FasttextArgs;
    checkDim(this.file, args.dim, 'the model');
    if (args.bucket < 0 || args.minn < 0 || args.maxn < 0)
      this.damaged(`bucket ${args.bucket}, minn ${args.minn}, maxn ${args.maxn}`);
    return args;
  }

  async dictionary(): Promise<Dictionary> {
    const size = await this.need(this.stream.int32(), 'the dictionary size');
    const nwords = await this.need(this.stream.int32(), 'the word count');
    const nlabels = await this.need(this.stream.int32(), 'the label count');
    const ntokens = await this.need(this.stream.int64(), 'the token count');
    const pruneidxSize = await this.need(this.stream.int64(), 'the pruned index size');
    if (size < 0 || nwords < 0 || nlabels < 0 || nwords + nlabels !== size) {
      this.damaged(`dictionary of ${size} entries with ${nwords} words and ${nlabels} labels`);
    }
    const words: string[] = [];
    for (let i = 0; i < size; i++) {
      const word = await this.cString(i + 1, size);
      await this.need(this.stream.int64(), `the count of entry ${i + 1}`);
      const type = await this.need(this.stream.int8(), `the type of entry ${i + 1}`);
      if (type === 0) words.push(word);
    }
    if (words.length !== nwords) this.damaged(`${words.length} word entries where the dictionary says ${nwords}`);
    for (let i = 0; i < pruneidxSize; i++) {
      await this.need(this.stream.int32(), 'the pruned index');
      await this.need(this.stream.int32(), 'the pruned index');
    }
    return { words, nlabels, ntokens, pruned: pruneidxSize > 0 };
  }

  async matrixStart(args: FasttextArgs, dict: Dictionary): Promise<void> {
    const at = this.stream.offset;
    const quantized = await this.need(this.stream.int8(), 'the quantization flag');
    if (quantized !== 0 || dict.pruned) {
      throw new VectorInputError(
        this.file.path,
        `${this.file.shown}: a quantized fastText model (.ftz, byte ${at}); its vectors are compressed and cannot be imported: use the .bin before quantization, or its .vec`,
        undefined,
        at,
      );
    }
    const rows = await this.need(this.stream.int64(), 'the input matrix rows');
    const cols = await this.need(this.stream.int64(), 'the input matrix columns');
    const expected = dict.words.length + args.bucket;
    if (rows !== expected || cols !== args.dim) {
      this.damaged(`an input matrix of ${rows} × ${cols} where ${expected} × ${args.dim} were expected`);
    }
  }

  /** n rows of dim float32 into `into`; names the row where the file ends */
  async rows(into: Uint8Array, n: number, dim: number, what: string, first = 0): Promise<void> {
    const at = this.stream.offset;
    if (await this.stream.copyTo(into, 0, n * dim * 4)) return;
    const row = first + Math.floor((this.stream.file.size - at) / (dim * 4));
    throw new VectorInputError(
      this.file.path,
      `${this.file.shown}: truncated at byte ${this.stream.file.size}: the file ends in ${what} row ${row + 1} of the input matrix`,
      undefined,
      this.stream.file.size,
    );
  }

  private async cString(n: number, size: number): Promise<string> {
    const at = this.stream.offset;
    const zero = await this.stream.find(0, MAX_WORD_BYTES);
    if (zero < 0) {
      throw new VectorInputError(
        this.file.path,
        `${this.file.shown}: truncated or damaged at byte ${at}: dictionary entry ${n} of ${size} has no end`,
        undefined,
        at,
      );
    }
    const bytes = this.stream.buffer.subarray(this.stream.pos, zero);
    if (!isUtf8(bytes)) {
      throw new VectorInputError(
        this.file.path,
        `${this.file.shown}: dictionary entry ${n} at byte ${at} is not valid UTF-8`,
        undefined,
        at,
      );
    }
    this.stream.pos = zero + 1;
    return bytes.toString('utf8');
  }

  private async need<T>(value: Promise<T | null>, what: string): Promise<T> {
    const at = this.stream.offset;
    const v = await value;
    if (v === null) {
      throw new VectorInputError(
        this.file.path,
        `${this.file.shown}: truncated at byte ${at}: the file ends in ${what}`,
        undefined,
        at,
      );
    }
    return v;
  }

  private damaged(what: string): never {
    throw new VectorInputError(
      this.file.path,
      `${this.file.shown}: not a fastText model this lab can read, or damaged: ${what}`,
    );
  }
}
