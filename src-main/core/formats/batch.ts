// Rows collected a batch at a time for the sink, and the word list that
// refuses a word seen twice.
import { VectorInputError, type InputFile, type VectorSink } from './types.ts';

/** rows per sink call; the lab stores vectors in blocks of this many rows */
export const BATCH_ROWS = 4096;
/** no format we read has vectors wider than this */
export const MAX_DIM = 100_000;

export class RowBatch {
  readonly data: Float32Array;
  words: string[] = [];
  /** rows handed to the sink so far */
  flushed = 0;

  constructor(
    private readonly sink: VectorSink,
    readonly dim: number,
  ) {
    this.data = new Float32Array(BATCH_ROWS * dim);
  }

  get total(): number {
    return this.flushed + this.words.length;
  }

  /** the offset in `data` where the next row goes */
  get rowStart(): number {
    return this.words.length * this.dim;
  }

  /** the row at rowStart is filled: it belongs to `word` */
  push(word: string): void {
    this.words.push(word);
    if (this.words.length === BATCH_ROWS) this.flush();
  }

  /** the sink must use `data` before it returns: the buffer is reused */
  flush(): void {
    if (this.words.length === 0) return;
    this.sink.vectors(this.words, this.data.subarray(0, this.words.length * this.dim), this.dim);
    this.flushed += this.words.length;
    this.words = [];
  }
}

/** each word once; `describe(n)` says where the word with number n was seen ("line 12", "word 7") */
export class WordBook {
  private readonly seen = new Map<string, number>();

  constructor(
    private readonly file: InputFile,
    private readonly describe: (n: number) => string,
  ) {}

  add(word: string, n: number, offset?: number): void {
    const before = this.seen.get(word);
    if (before !== undefined) {
      throw new VectorInputError(
        this.file.path,
        `${this.file.shown}: ${this.describe(n)}: duplicate word ${JSON.stringify(word)} (first on ${this.describe(before)}); each word may appear once`,
        n,
        offset,
      );
    }
    this.seen.set(word, n);
  }
}

export function checkDim(file: InputFile, dim: number, where: string): void {
  if (!Number.isInteger(dim) || dim < 1 || dim > MAX_DIM) {
    throw new VectorInputError(file.path, `${file.shown}: ${where}: dimension ${dim} is not between 1 and ${MAX_DIM}`);
  }
}
