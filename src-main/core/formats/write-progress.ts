// What an export reports as it writes, and how it stops: rows written of the
// file's rows (a word's vector is a row; a fastText model also counts its
// n-gram and output rows), and a cancel checked before each buffer goes out.

export interface WriteOptions {
  signal?: AbortSignal;
  /** rows written so far of all the rows: as buffers go out, and last with done === total once the files are in place */
  onProgress?: (done: number, total: number) => void;
}

export class RowProgress {
  private done = 0;

  constructor(
    readonly total: number,
    private readonly options: WriteOptions,
  ) {}

  /** throws an AbortError once the export is cancelled */
  check(): void {
    if (!this.options.signal?.aborted) return;
    const error = new Error('the export was cancelled');
    error.name = 'AbortError';
    throw error;
  }

  /** `rows` more rows went out */
  add(rows: number): void {
    this.reached(this.done + rows);
  }

  reached(done: number): void {
    if (done === this.done) return;
    this.done = done;
    this.options.onProgress?.(done, this.total);
  }

  /** every row is written and the files are in place (an empty file says so too) */
  finish(): void {
    this.done = this.total;
    this.options.onProgress?.(this.total, this.total);
  }
}
