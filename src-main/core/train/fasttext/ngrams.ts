// fastText's character n-grams and their hashed buckets, as dictionary.cc:
// a word is wrapped as `<word>` and read as UTF-8 bytes; an n-gram starts at
// every byte that is not a UTF-8 continuation byte and grows a whole character
// at a time, so n counts characters (code points), for n in [minn, maxn]; the
// whole `<word>` is among them when it is short enough, as in fastText. Each
// n-gram's bucket is its FNV-1a hash modulo `bucket`, hashed with fastText's
// quirk of sign-extending each byte (int8_t) before the xor.

const FNV_OFFSET = 2166136261;
const FNV_PRIME = 16777619;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** one FNV-1a step with fastText's sign extension: h ^ uint32_t(int8_t(byte)), then * prime */
function hashStep(h: number, byte: number): number {
  return Math.imul(h ^ ((byte << 24) >> 24), FNV_PRIME);
}

/** fastText's Dictionary::hash of a string's UTF-8 bytes (or of the bytes given), as an unsigned 32-bit number */
export function fasttextHash(bytes: Uint8Array | string): number {
  const b = typeof bytes === 'string' ? encoder.encode(bytes) : bytes;
  let h = FNV_OFFSET | 0;
  for (let i = 0; i < b.length; i++) h = hashStep(h, b[i]);
  return h >>> 0;
}

/** `<word>` as UTF-8, fastText's BOW + word + EOW */
export function bracketed(word: string): Uint8Array {
  return encoder.encode(`<${word}>`);
}

/**
 * Calls visit(from, to, hash) for each n-gram of `bytes` (byte range and its
 * unsigned hash), in fastText's order: by start, then by length.
 */
export function forEachNgram(
  bytes: Uint8Array,
  minn: number,
  maxn: number,
  visit: (from: number, to: number, hash: number) => void,
): void {
  const size = bytes.length;
  for (let i = 0; i < size; i++) {
    if ((bytes[i] & 0xc0) === 0x80) continue;
    let h = FNV_OFFSET | 0;
    for (let j = i, n = 1; j < size && n <= maxn; n++) {
      h = hashStep(h, bytes[j++]);
      while (j < size && (bytes[j] & 0xc0) === 0x80) h = hashStep(h, bytes[j++]);
      // a lone `<` or `>` is not an n-gram
      if (n >= minn && !(n === 1 && (i === 0 || j === size))) visit(i, j, h >>> 0);
    }
  }
}

/** the n-grams of `<word>` as strings, in fastText's order (to show how a word is split) */
export function ngramStrings(word: string, minn: number, maxn: number): string[] {
  const bytes = bracketed(word);
  const out: string[] = [];
  forEachNgram(bytes, minn, maxn, (from, to) => out.push(decoder.decode(bytes.subarray(from, to))));
  return out;
}

/** the bucket (row of the n-gram matrix, 0 .. bucket-1) of each n-gram of `<word>`, repeats kept as fastText */
export function subwordIds(word: string, minn: number, maxn: number, bucket: number): Uint32Array {
  const ids: number[] = [];
  if (bucket > 0) forEachNgram(bracketed(word), minn, maxn, (_from, _to, hash) => ids.push(hash % bucket));
  return Uint32Array.from(ids);
}

/** each kept word's input rows: itself, then kept + bucket of each of its n-grams */
export interface SubwordTable {
  /** word w's rows are ids[offsets[w] .. offsets[w + 1]) */
  offsets: Uint32Array;
  ids: Uint32Array;
}

/**
 * The input rows of words [0, kept): the word's own row first (fastText's word
 * id), then its n-gram buckets offset by `kept` (fastText's nwords + hash % bucket).
 * With `shared`, the arrays live in SharedArrayBuffers, for worker threads.
 */
export function buildSubwordTable(
  words: ArrayLike<string>,
  kept: number,
  minn: number,
  maxn: number,
  bucket: number,
  shared = false,
): SubwordTable {
  const subwords = maxn > 0 && bucket > 0;
  // two passes, counting then filling, so a large vocabulary needs no growing array
  const offsets = new Uint32Array(allocate(kept + 1, shared));
  let n = 0;
  const count = (): void => void n++;
  for (let w = 0; w < kept; w++) {
    n++;
    if (subwords) forEachNgram(bracketed(words[w]), minn, maxn, count);
    offsets[w + 1] = n;
  }
  const ids = new Uint32Array(allocate(n, shared));
  let k = 0;
  const fill = (_from: number, _to: number, hash: number): void => void (ids[k++] = kept + (hash % bucket));
  for (let w = 0; w < kept; w++) {
    ids[k++] = w;
    if (subwords) forEachNgram(bracketed(words[w]), minn, maxn, fill);
  }
  return { offsets, ids };
}

/**
 * Keeps only the n-gram buckets some word of the table uses: returns them
 * ascending, and rewrites the table's n-gram ids from kept + bucket to
 * kept + the bucket's place in that list. fastText keeps all `bucket` rows
 * (2M x dim floats, ~800 MB at dim 100) though a vocabulary of 20k-70k words
 * uses a few hundred thousand of them; the rows no word uses are never
 * trained and only ever add their random start to an unseen word's mean.
 */
export function compactNgramRows(table: SubwordTable, kept: number, bucket: number): Uint32Array {
  const rank = new Int32Array(bucket).fill(-1);
  const { ids } = table;
  for (let k = 0; k < ids.length; k++) if (ids[k] >= kept) rank[ids[k] - kept] = 0;
  let used = 0;
  for (let b = 0; b < bucket; b++) if (rank[b] === 0) rank[b] = ++used;
  const buckets = new Uint32Array(used);
  for (let b = 0; b < bucket; b++) if (rank[b] > 0) buckets[rank[b] - 1] = b;
  for (let k = 0; k < ids.length; k++) if (ids[k] >= kept) ids[k] = kept + rank[ids[k] - kept] - 1;
  return buckets;
}

/** where a bucket's row is in a compact n-gram matrix (its place in the ascending `buckets`), or -1 */
export function compactRowOf(buckets: Uint32Array, bucket: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (buckets[mid] === bucket) return mid;
    if (buckets[mid] < bucket) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/**
 * The bucket list stored beside a run's compact `ngrams` matrix. Run matrices
 * are float32; the uint32 bucket numbers travel as their bytes, never as
 * numbers, so they come back exact whatever their size.
 */
export function bucketsAsMatrix(buckets: Uint32Array): Float32Array {
  return new Float32Array(buckets.buffer, buckets.byteOffset, buckets.length);
}

export function bucketsFromMatrix(matrix: Float32Array): Uint32Array {
  return new Uint32Array(matrix.buffer, matrix.byteOffset, matrix.length);
}

function allocate(length: number, shared: boolean): ArrayBuffer | SharedArrayBuffer {
  return shared ? new SharedArrayBuffer(length * 4) : new ArrayBuffer(length * 4);
}

/**
 * Every kept word's vector as fastText's getWordVector: the mean of its input
 * rows (its own and its n-grams'). `input` holds the kept words' rows, then the buckets.
 */
export function composeWordVectors(input: Float32Array, table: SubwordTable, kept: number, dim: number): Float32Array {
  const out = new Float32Array(kept * dim);
  const { offsets, ids } = table;
  for (let w = 0; w < kept; w++) {
    const o = w * dim;
    const from = offsets[w];
    const to = offsets[w + 1];
    for (let k = from; k < to; k++) {
      const r = ids[k] * dim;
      for (let c = 0; c < dim; c++) out[o + c] += input[r + c];
    }
    const scale = 1 / (to - from);
    for (let c = 0; c < dim; c++) out[o + c] *= scale;
  }
  return out;
}

/**
 * A vector for a word never seen in training, as fastText's getWordVector does
 * for one: the mean of its n-grams' rows; the zero vector when it has no
 * n-gram. `row(bucket)` gives a bucket's row, or null for a bucket no
 * training word used (it counts in the mean as zero).
 */
export function oovVector(
  word: string,
  row: (bucket: number) => Float32Array | null,
  dim: number,
  minn: number,
  maxn: number,
  bucket: number,
): Float32Array {
  const ids = subwordIds(word, minn, maxn, bucket);
  const rows: Float32Array[] = [];
  for (const id of ids) rows.push(row(id) ?? new Float32Array(dim));
  return meanOfRows(rows, dim);
}

/** the mean of some rows; the zero vector for none */
export function meanOfRows(rows: ArrayLike<Float32Array>, dim: number): Float32Array {
  const out = new Float32Array(dim);
  if (rows.length === 0) return out;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k];
    for (let c = 0; c < dim; c++) out[c] += row[c];
  }
  const scale = 1 / rows.length;
  for (let c = 0; c < dim; c++) out[c] *= scale;
  return out;
}
