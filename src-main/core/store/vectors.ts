// A run's vectors: its vocabulary as rows, its matrix as float32 BLOBs in
// blocks (one BLOB per run would hit SQLite's 1 GB limit on large vocabularies).
import type { Db } from './db.ts';

const ROWS_PER_BLOCK = 4096;

export interface StoredVectors {
  words: string[];
  counts: (number | null)[];
  dim: number;
  data: Float32Array;
}

/** replaces the run's vectors; call inside the transaction that marks the run done */
export function writeVectors(db: Db, runId: number, v: StoredVectors): void {
  if (v.data.length !== v.words.length * v.dim) {
    throw new Error(`vectors: ${v.data.length} floats for ${v.words.length} words of dim ${v.dim}`);
  }
  db.prepare('DELETE FROM run_vocab WHERE run_id = ?').run(runId);
  db.prepare('DELETE FROM vector_blocks WHERE run_id = ?').run(runId);
  const word = db.prepare('INSERT INTO run_vocab (run_id, id, word, count) VALUES (?, ?, ?, ?)');
  for (let i = 0; i < v.words.length; i++) word.run(runId, i, v.words[i], v.counts[i]);
  const block = db.prepare('INSERT INTO vector_blocks (run_id, block, rows, data) VALUES (?, ?, ?, ?)');
  for (let b = 0; b * ROWS_PER_BLOCK < v.words.length; b++) {
    const start = b * ROWS_PER_BLOCK;
    const rows = Math.min(ROWS_PER_BLOCK, v.words.length - start);
    const slice = v.data.subarray(start * v.dim, (start + rows) * v.dim);
    block.run(runId, b, rows, Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength));
  }
}

export function readVectors(db: Db, runId: number, dim: number): StoredVectors {
  const words: string[] = [];
  const counts: (number | null)[] = [];
  const vocab = db.prepare('SELECT word, count FROM run_vocab WHERE run_id = ? ORDER BY id').raw().iterate(runId);
  for (const [w, c] of vocab as Iterable<[string, number | null]>) {
    words.push(w);
    counts.push(c);
  }
  const data = new Float32Array(words.length * dim);
  const blocks = db
    .prepare('SELECT block, rows, data FROM vector_blocks WHERE run_id = ? ORDER BY block')
    .iterate(runId);
  for (const row of blocks as Iterable<{ block: number; rows: number; data: Buffer }>) {
    // copy bytes: a BLOB's Buffer need not be 4-byte aligned
    new Uint8Array(data.buffer, row.block * ROWS_PER_BLOCK * dim * 4, row.data.byteLength).set(row.data);
  }
  return { words, counts, dim, data };
}

/**
 * Writes a run's vectors as they stream in (an import), one block per
 * transaction, in the layout writeVectors makes. The run must have no
 * vectors yet; the caller marks it done only when `finish` returns.
 */
export class VectorAppender {
  private readonly pending: Float32Array;
  private words: string[] = [];
  private rows = 0;
  private block = 0;
  private readonly insertWord;
  private readonly insertBlock;

  constructor(
    private readonly db: Db,
    private readonly runId: number,
    private readonly dim: number,
  ) {
    this.pending = new Float32Array(ROWS_PER_BLOCK * dim);
    this.insertWord = db.prepare('INSERT INTO run_vocab (run_id, id, word, count) VALUES (?, ?, ?, NULL)');
    this.insertBlock = db.prepare('INSERT INTO vector_blocks (run_id, block, rows, data) VALUES (?, ?, ?, ?)');
  }

  /** rows of `dim` floats, one per word; `data` may be reused once this returns */
  append(words: string[], data: Float32Array): void {
    for (let i = 0; i < words.length;) {
      const take = Math.min(words.length - i, ROWS_PER_BLOCK - this.words.length);
      this.pending.set(data.subarray(i * this.dim, (i + take) * this.dim), this.words.length * this.dim);
      for (let k = 0; k < take; k++) this.words.push(words[i + k]);
      i += take;
      if (this.words.length === ROWS_PER_BLOCK) this.flush();
    }
  }

  /** writes what is pending; returns the number of rows written */
  finish(): number {
    this.flush();
    return this.rows;
  }

  private flush(): void {
    const n = this.words.length;
    if (n === 0) return;
    const slice = this.pending.subarray(0, n * this.dim);
    this.db.transaction(() => {
      for (let k = 0; k < n; k++) this.insertWord.run(this.runId, this.rows + k, this.words[k]);
      this.insertBlock.run(this.runId, this.block, n, Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength));
    })();
    this.rows += n;
    this.block++;
    this.words = [];
  }
}
