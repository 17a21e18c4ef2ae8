// The vocabulary a benchmark may see, built as gensim builds `ok_vocab`: the
// first `restrictVocab` words of the set (vocabularies are sorted by falling
// frequency), keyed by their upper-case form when case-insensitive. Where two
// words fold to the same key, the first (most frequent) one answers for both.

/** the part of a VectorSet (core/vectors) that the benchmarks read */
export interface EvalVectors {
  readonly words: readonly string[];
  readonly dim: number;
  /** words.length × dim, row-major */
  readonly data: Float32Array;
}

export interface EvalOptions {
  /** only the first this many words take part (gensim's restrict_vocab); default 300,000 */
  restrictVocab?: number;
  /** compare words in upper case (gensim's case_insensitive); default true */
  caseInsensitive?: boolean;
}

export const DEFAULT_RESTRICT_VOCAB = 300_000;

export class BenchmarkVocab {
  /** how many rows take part: min(restrictVocab, words.length) */
  readonly size: number;
  readonly dim: number;
  readonly caseInsensitive: boolean;
  /** for each row, the row that answers for its key (itself unless a more frequent word folds to the same key) */
  readonly keyRow: Int32Array;
  /** 1 / ‖row‖ (0 for a zero row, so its cosines are 0) */
  readonly invNorm: Float64Array;
  private readonly rows = new Map<string, number>();

  constructor(
    readonly set: EvalVectors,
    options: EvalOptions = {},
  ) {
    const restrict = options.restrictVocab ?? DEFAULT_RESTRICT_VOCAB;
    if (!Number.isInteger(restrict) || restrict < 0) {
      throw new RangeError(`restrictVocab must be a whole number >= 0, got ${restrict}`);
    }
    const { words, dim, data } = set;
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`the vector set has dimension ${dim}`);
    if (data.length !== words.length * dim) {
      throw new RangeError(`the vector set holds ${data.length} numbers, expected ${words.length} words × ${dim}`);
    }
    this.caseInsensitive = options.caseInsensitive ?? true;
    this.size = Math.min(restrict, words.length);
    this.dim = dim;
    this.keyRow = new Int32Array(this.size);
    this.invNorm = new Float64Array(this.size);
    for (let row = 0; row < this.size; row++) {
      const key = this.key(words[row]);
      const first = this.rows.get(key);
      if (first === undefined) this.rows.set(key, row);
      this.keyRow[row] = first ?? row;
      let sum = 0;
      for (let k = row * dim, end = k + dim; k < end; k++) sum += data[k] * data[k];
      this.invNorm[row] = sum > 0 ? 1 / Math.sqrt(sum) : 0;
    }
  }

  /** the form a word is compared in */
  key(word: string): string {
    return this.caseInsensitive ? word.toUpperCase() : word;
  }

  /** the row that answers for `word`, or -1 when it is not among the first `size` words */
  row(word: string): number {
    return this.rows.get(this.key(word)) ?? -1;
  }

  /**
   * ‖row‖-normalised row `row` · `unit`, accumulated in float64 in index
   * order, rounded to float32. `unit` is a float32 vector of length dim.
   */
  cosine(row: number, unit: Float32Array): number {
    const { data } = this.set;
    const dim = this.dim;
    let sum = 0;
    for (let k = 0, o = row * dim; k < dim; k++) sum += data[o + k] * unit[k];
    return Math.fround(sum * this.invNorm[row]);
  }

  /** the unit vector of `row` as float32, into `out` at `offset` */
  unitInto(row: number, out: Float32Array, offset = 0): void {
    const { data } = this.set;
    const dim = this.dim;
    const inv = this.invNorm[row];
    for (let k = 0, o = row * dim; k < dim; k++) out[offset + k] = data[o + k] * inv;
  }
}

const cache = new WeakMap<EvalVectors, BenchmarkVocab[]>();

/**
 * The BenchmarkVocab of `set` under `options`, built once per set and options
 * (running every benchmark on one set folds and measures its words once).
 * A set's words and vectors must not change after it has been evaluated.
 */
export function benchmarkVocab(set: EvalVectors, options: EvalOptions = {}): BenchmarkVocab {
  const restrict = options.restrictVocab ?? DEFAULT_RESTRICT_VOCAB;
  const caseInsensitive = options.caseInsensitive ?? true;
  const built = cache.get(set) ?? [];
  const size = Math.min(restrict, set.words.length);
  const hit = built.find((v) => v.size === size && v.caseInsensitive === caseInsensitive && v.dim === set.dim);
  if (hit) return hit;
  const vocab = new BenchmarkVocab(set, options);
  built.push(vocab);
  if (built.length > 4) built.shift();
  cache.set(set, built);
  return vocab;
}
