// A vocabulary with one vector per word, stored row-major in one Float32Array.

export class UnknownWordError extends Error {
  override name = 'UnknownWordError';
  constructor(readonly words: string[]) {
    const list = words.map((w) => JSON.stringify(w)).join(', ');
    super(words.length === 1 ? `unknown word: ${list}` : `unknown words: ${list}`);
  }
}

export class VectorSet {
  readonly index: Map<string, number>;
  private unitData: Float32Array | undefined;

  constructor(
    readonly words: string[],
    readonly dim: number,
    /** words.length * dim floats, row-major */
    readonly data: Float32Array,
    /** corpus counts, parallel to words, where known */
    readonly counts?: number[],
  ) {
    if (!Number.isInteger(dim) || dim < 1) throw new RangeError(`dim must be a positive integer, got ${dim}`);
    if (data.length !== words.length * dim) {
      throw new RangeError(
        `${words.length} words of ${dim} dimensions need ${words.length * dim} floats, got ${data.length}`,
      );
    }
    if (counts && counts.length !== words.length) {
      throw new RangeError(`${words.length} words but ${counts.length} counts`);
    }
    this.index = new Map();
    // the first (most frequent) row wins if a word repeats
    words.forEach((w, i) => {
      if (!this.index.has(w)) this.index.set(w, i);
    });
  }

  get size(): number {
    return this.words.length;
  }

  has(word: string): boolean {
    return this.index.has(word);
  }

  /** the row of `word`; throws UnknownWordError */
  indexOf(word: string): number {
    const i = this.index.get(word);
    if (i === undefined) throw new UnknownWordError([word]);
    return i;
  }

  /** rows of all the words; one UnknownWordError names every unknown one */
  indicesOf(words: string[]): number[] {
    const unknown = [...new Set(words.filter((w) => !this.index.has(w)))];
    if (unknown.length) throw new UnknownWordError(unknown);
    return words.map((w) => this.index.get(w)!);
  }

  /** a view of the word's stored vector (not a copy) */
  vectorOf(word: string): Float32Array {
    return this.row(this.indexOf(word));
  }

  row(i: number): Float32Array {
    return this.data.subarray(i * this.dim, (i + 1) * this.dim);
  }

  /** every row scaled to length 1 (zero rows stay zero); computed on first use */
  unit(): Float32Array {
    this.unitData ??= normalizeRows(this.data, this.dim);
    return this.unitData;
  }
}

function normalizeRows(data: Float32Array, dim: number): Float32Array {
  const out = new Float32Array(data.length);
  for (let start = 0; start < data.length; start += dim) {
    let sq = 0;
    for (let c = 0; c < dim; c++) sq += data[start + c] * data[start + c];
    if (sq === 0) continue;
    const inv = 1 / Math.sqrt(sq);
    for (let c = 0; c < dim; c++) out[start + c] = data[start + c] * inv;
  }
  return out;
}
