// Writing fastText's .bin model as fastText 0.9 saves it (fasttext.cc
// saveModel) and readFasttextBinary reads it: magic and version, the Args, the
// Dictionary (words only: no labels, nothing pruned), the quantization flag,
// the input matrix (each word's own row, then `bucket` rows of hashed
// character n-grams), the qout flag and the output matrix (one row per word).
// All numbers little-endian, as fastText writes them on the machines it runs on.
import type { FileHandle } from 'node:fs/promises';
import {
  addNgramRows,
  argNames,
  FASTTEXT_MAGIC,
  FASTTEXT_VERSION,
  ngramTable,
  type FasttextArgs,
} from './fasttext-bin.ts';
import type { RowProgress } from './write-progress.ts';

/** args.h's loss_name and model_name */
export const FASTTEXT_LOSS = { hs: 1, ns: 2, softmax: 3, ova: 4 } as const;
export const FASTTEXT_MODEL = { cbow: 1, sg: 2, sup: 3 } as const;

/** dictionary.h's entry_type of a word (labels are 1) */
const ENTRY_WORD = 0;
/** Dictionary's pruneidx_size_ of a model nothing was pruned from (0 would mean every n-gram was) */
const NOT_PRUNED = -1;
const FLUSH_BYTES = 1 << 20;
const ROWS_PER_CHUNK = 4096;

export interface FasttextModel {
  words: string[];
  /** each word's count, for fastText's sampling tables and negative-sampling table */
  counts: ArrayLike<number>;
  args: FasttextArgs;
  /** words.length * dim: each word's own input row (its vector when maxn is 0) */
  wordRows: Float32Array;
  /** fills `into` with the n-gram rows from bucket `first` on; left out, every n-gram row is zero */
  ngramRows?: (first: number, into: Float32Array) => void;
  /** words.length * dim: the output layer (syn1neg); left out, zeros */
  output?: Float32Array | null;
}

/** fastText's own defaults (args.cc), with n-grams off: the model of plain word vectors */
export function plainArgs(dim: number): FasttextArgs {
  return {
    dim,
    ws: 5,
    epoch: 5,
    minCount: 1,
    neg: 5,
    wordNgrams: 1,
    loss: FASTTEXT_LOSS.ns,
    model: FASTTEXT_MODEL.sg,
    bucket: 0,
    minn: 0,
    maxn: 0,
    lrUpdateRate: 100,
    t: 1e-4,
  };
}

/**
 * The corpus counts when every word has one; else made-up counts, falling by
 * one from words.length to 1. fastText needs some: they build its sampling and
 * negative tables when it loads a model; vector sets keep words most frequent
 * first, so the made-up order is the true one where the source kept it.
 */
export function countsOrRanks(words: number, counts?: ArrayLike<number | null>): number[] {
  const known = counts && counts.length === words && Array.from(counts).every((c) => c !== null && c > 0);
  return known ? Array.from(counts as ArrayLike<number>) : Array.from({ length: words }, (_, i) => words - i);
}

/**
 * Each word's own input row from its vector, for a model whose own rows were
 * not kept (an imported .bin holds the means): fastText's vector is the mean
 * of the word's row and its n-gram rows, so own = n * vector - sum(n-gram rows).
 * Exact up to float32 rounding: a re-read vector is within an ulp or so.
 */
export function ownRowsFromVectors(
  words: string[],
  vectors: Float32Array,
  args: FasttextArgs,
  ngramRows: (first: number, into: Float32Array) => void,
): Float32Array {
  const { dim, bucket } = args;
  const table = ngramTable(words, args);
  const sums = new Float32Array(words.length * dim);
  const chunk = new Float32Array(ROWS_PER_CHUNK * dim);
  for (let first = 0; first < bucket; first += ROWS_PER_CHUNK) {
    const part = chunk.subarray(0, Math.min(ROWS_PER_CHUNK, bucket - first) * dim);
    ngramRows(first, part);
    addNgramRows(table, part, first, dim, sums);
  }
  const own = sums; // overwritten in place: each value is read once before it is written
  for (let w = 0; w < words.length; w++) {
    const n = table.counts[w];
    for (let c = w * dim; c < (w + 1) * dim; c++) own[c] = n * vectors[c] - sums[c];
  }
  return own;
}

/** the rows writeFasttextModel reports: each word's input row, the n-gram rows, each word's output row */
export function fasttextRows(model: FasttextModel): number {
  return 2 * model.words.length + model.args.bucket;
}

/** writes the model to an open file, start to end; progress counts fasttextRows */
export async function writeFasttextModel(h: FileHandle, model: FasttextModel, progress: RowProgress): Promise<void> {
  checkModel(model);
  const { words, args } = model;
  const { dim, bucket } = args;
  const out = new BinaryOut(h, progress);
  await out.int32(FASTTEXT_MAGIC);
  await out.int32(FASTTEXT_VERSION);
  for (const name of argNames) await out.int32(args[name]);
  await out.float64(args.t);
  await writeDictionary(out, words, model.counts);
  await out.int8(0); // not quantized
  await out.int64(words.length + bucket);
  await out.int64(dim);
  await out.rows(model.wordRows, dim);
  const chunk = new Float32Array(ROWS_PER_CHUNK * dim);
  for (let first = 0; first < bucket; first += ROWS_PER_CHUNK) {
    progress.check();
    const part = chunk.subarray(0, Math.min(ROWS_PER_CHUNK, bucket - first) * dim);
    if (model.ngramRows) model.ngramRows(first, part);
    await out.rows(part, dim);
  }
  await out.int8(0); // qout: the output matrix is not quantized
  await out.int64(words.length);
  await out.int64(dim);
  if (model.output) await out.rows(model.output, dim);
  else
    for (let w = 0; w < words.length; w += ROWS_PER_CHUNK) await out.rows(zeroRows(chunk, words.length - w, dim), dim);
  progress.check();
  await out.flush();
}

function zeroRows(chunk: Float32Array, rows: number, dim: number): Float32Array {
  chunk.fill(0);
  return chunk.subarray(0, Math.min(rows, ROWS_PER_CHUNK) * dim);
}

async function writeDictionary(out: BinaryOut, words: string[], counts: ArrayLike<number>): Promise<void> {
  let ntokens = 0;
  for (let i = 0; i < counts.length; i++) ntokens += counts[i];
  await out.int32(words.length); // size: words, no labels
  await out.int32(words.length);
  await out.int32(0);
  await out.int64(ntokens);
  await out.int64(NOT_PRUNED);
  for (let i = 0; i < words.length; i++) {
    await out.bytes(Buffer.from(`${words[i]}\0`, 'utf8'));
    await out.int64(counts[i]);
    await out.int8(ENTRY_WORD);
  }
}

/** sizes that disagree are a bug in the caller, not a problem with the user's data */
function checkModel(m: FasttextModel): void {
  const { dim, bucket, minn, maxn } = m.args;
  const n = m.words.length;
  if (m.counts.length !== n) throw new RangeError(`${m.counts.length} counts for ${n} words`);
  if (m.wordRows.length !== n * dim) throw new RangeError(`${m.wordRows.length} floats of word rows for ${n} × ${dim}`);
  if (m.output && m.output.length !== n * dim)
    throw new RangeError(`${m.output.length} output floats for ${n} × ${dim}`);
  // fastText takes each n-gram's hash modulo bucket
  if (maxn > 0 && (bucket <= 0 || minn < 1 || minn > maxn))
    throw new RangeError(`n-grams ${minn}..${maxn} with ${bucket} buckets`);
}

/** little-endian numbers and bytes into a buffer, written out a megabyte at a time */
class BinaryOut {
  private readonly buffer = Buffer.alloc(FLUSH_BYTES);
  private used = 0;

  constructor(
    private readonly h: FileHandle,
    private readonly progress: RowProgress,
  ) {}

  async int8(v: number): Promise<void> {
    await this.room(1);
    this.used = this.buffer.writeInt8(v, this.used);
  }

  async int32(v: number): Promise<void> {
    await this.room(4);
    this.used = this.buffer.writeInt32LE(v, this.used);
  }

  async int64(v: number): Promise<void> {
    await this.room(8);
    this.used = this.buffer.writeBigInt64LE(BigInt(v), this.used);
  }

  async float64(v: number): Promise<void> {
    await this.room(8);
    this.used = this.buffer.writeDoubleLE(v, this.used);
  }

  async bytes(b: Uint8Array): Promise<void> {
    if (b.length > FLUSH_BYTES) {
      await this.flush();
      await this.h.write(b);
      return;
    }
    await this.room(b.length);
    this.buffer.set(b, this.used);
    this.used += b.length;
  }

  /**
   * Rows of float32 values as their bytes (the machine's order, little-endian
   * on every platform fastText runs on), about a megabyte of whole rows at a
   * time, each counted as it goes into the buffer.
   */
  async rows(data: Float32Array, dim: number): Promise<void> {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    const rowBytes = 4 * dim;
    const step = Math.max(1, Math.floor(FLUSH_BYTES / rowBytes)) * rowBytes;
    for (let at = 0; at < bytes.length; at += step) {
      this.progress.check();
      const part = bytes.subarray(at, at + step);
      await this.bytes(part);
      this.progress.add(part.length / rowBytes);
    }
  }

  async flush(): Promise<void> {
    if (this.used > 0) await this.h.write(this.buffer, 0, this.used);
    this.used = 0;
  }

  private async room(n: number): Promise<void> {
    if (this.used + n > FLUSH_BYTES) await this.flush();
  }
}
