// Matrices a run keeps beside its word vectors (output weights, n-gram
// buckets) and its last checkpoint. Float32 BLOBs in blocks of rows, as vectors.ts.
import type { Db } from './db.ts';
import { nowIso } from './db.ts';
import type { Checkpoint } from '../train/types.ts';

const BLOCK_BYTES = 16 * 1024 * 1024;
const CHECKPOINT_PREFIX = 'checkpoint:';

/** for a matrix read a few rows at a time (fastText's n-gram rows): small blocks, so a row costs a small read */
export const ROW_BLOCK_BYTES = 64 * 1024;

export function writeMatrix(
  db: Db,
  runId: number,
  name: string,
  data: Float32Array,
  cols: number,
  blockBytes = BLOCK_BYTES,
): void {
  if (cols <= 0 || data.length % cols !== 0)
    throw new Error(`matrix ${name}: ${data.length} floats do not fill rows of ${cols}`);
  db.prepare('DELETE FROM run_matrices WHERE run_id = ? AND name = ?').run(runId, name);
  const insert = db.prepare(
    'INSERT INTO run_matrices (run_id, name, block, rows, cols, data) VALUES (?, ?, ?, ?, ?, ?)',
  );
  const rowsPerBlock = Math.max(1, Math.floor(blockBytes / (cols * 4)));
  const totalRows = data.length / cols;
  for (let b = 0; b * rowsPerBlock < totalRows || (b === 0 && totalRows === 0); b++) {
    const start = b * rowsPerBlock;
    const rows = Math.min(rowsPerBlock, totalRows - start);
    const slice = data.subarray(start * cols, (start + rows) * cols);
    insert.run(runId, name, b, rows, cols, Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength));
  }
}

export function readMatrix(db: Db, runId: number, name: string): { data: Float32Array; cols: number } | null {
  const blocks = db
    .prepare('SELECT rows, cols, data FROM run_matrices WHERE run_id = ? AND name = ? ORDER BY block')
    .all(runId, name) as { rows: number; cols: number; data: Buffer }[];
  if (blocks.length === 0) return null;
  const cols = blocks[0].cols;
  const data = new Float32Array(blocks.reduce((n, b) => n + b.rows * b.cols, 0));
  const bytes = new Uint8Array(data.buffer);
  let offset = 0;
  for (const b of blocks) {
    bytes.set(b.data, offset); // a BLOB's Buffer need not be 4-byte aligned: copy bytes
    offset += b.data.byteLength;
  }
  return { data, cols };
}

/**
 * Some rows of a stored matrix, read block by block: each distinct block the
 * rows fall in is read once. Null when the run has no such matrix.
 */
export function readMatrixRows(
  db: Db,
  runId: number,
  name: string,
  rows: ArrayLike<number>,
): { cols: number; rows: Float32Array[] } | null {
  const first = db
    .prepare('SELECT rows, cols FROM run_matrices WHERE run_id = ? AND name = ? AND block = 0')
    .get(runId, name) as { rows: number; cols: number } | undefined;
  if (!first) return null;
  const { cols } = first;
  const perBlock = Math.max(1, first.rows);
  const select = db.prepare('SELECT rows, data FROM run_matrices WHERE run_id = ? AND name = ? AND block = ?');
  const blocks = new Map<number, { rows: number; data: Buffer } | undefined>();
  const out: Float32Array[] = [];
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i];
    const b = Math.floor(row / perBlock);
    if (!blocks.has(b)) blocks.set(b, select.get(runId, name, b) as { rows: number; data: Buffer } | undefined);
    const block = blocks.get(b);
    const at = row - b * perBlock;
    if (!Number.isInteger(row) || row < 0 || !block || at >= block.rows) {
      throw new RangeError(`matrix ${name} of run ${runId} has no row ${row}`);
    }
    const vector = new Float32Array(cols);
    new Uint8Array(vector.buffer).set(block.data.subarray(at * cols * 4, (at + 1) * cols * 4));
    out.push(vector);
  }
  return { cols, rows: out };
}

export function matrixNames(db: Db, runId: number): string[] {
  const rows = db.prepare('SELECT DISTINCT name FROM run_matrices WHERE run_id = ? ORDER BY name').all(runId) as {
    name: string;
  }[];
  return rows.map((r) => r.name).filter((n) => !n.startsWith(CHECKPOINT_PREFIX));
}

/** replaces the run's checkpoint; call inside a transaction */
export function writeCheckpoint(db: Db, runId: number, c: Checkpoint): void {
  db.prepare(`DELETE FROM run_matrices WHERE run_id = ? AND name LIKE '${CHECKPOINT_PREFIX}%'`).run(runId);
  // stored flat (one column): a checkpoint is only ever read back whole
  for (const [name, data] of Object.entries(c.matrices)) writeMatrix(db, runId, CHECKPOINT_PREFIX + name, data, 1);
  db.prepare(
    `INSERT INTO checkpoints (run_id, words_done, epoch, state, created_at) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (run_id) DO UPDATE SET words_done = excluded.words_done, epoch = excluded.epoch,
       state = excluded.state, created_at = excluded.created_at`,
  ).run(runId, c.wordsDone, c.epoch, JSON.stringify(c.state), nowIso());
}

export function readCheckpoint(db: Db, runId: number): (Checkpoint & { createdAt: string }) | null {
  const row = db.prepare('SELECT * FROM checkpoints WHERE run_id = ?').get(runId) as
    { words_done: number; epoch: number; state: string; created_at: string } | undefined;
  if (!row) return null;
  const names = db
    .prepare(`SELECT DISTINCT name FROM run_matrices WHERE run_id = ? AND name LIKE '${CHECKPOINT_PREFIX}%'`)
    .all(runId) as { name: string }[];
  const matrices: Record<string, Float32Array> = {};
  for (const { name } of names) matrices[name.slice(CHECKPOINT_PREFIX.length)] = readMatrix(db, runId, name)!.data;
  return {
    wordsDone: row.words_done,
    epoch: row.epoch,
    state: JSON.parse(row.state) as Record<string, unknown>,
    matrices,
    createdAt: row.created_at,
  };
}

export function deleteCheckpoint(db: Db, runId: number): void {
  db.prepare(`DELETE FROM run_matrices WHERE run_id = ? AND name LIKE '${CHECKPOINT_PREFIX}%'`).run(runId);
  db.prepare('DELETE FROM checkpoints WHERE run_id = ?').run(runId);
}

/**
 * Writes a matrix as its rows stream in (a fastText model's n-gram rows), in
 * blocks of ROW_BLOCK_BYTES so readMatrixRows reads a few rows cheaply; one
 * block per transaction.
 */
export class MatrixAppender {
  private readonly pending: Float32Array;
  private filled = 0;
  private block = 0;
  private readonly insert;
  readonly rowsPerBlock: number;

  constructor(
    private readonly db: Db,
    private readonly runId: number,
    private readonly name: string,
    private readonly cols: number,
    blockBytes = ROW_BLOCK_BYTES,
  ) {
    this.rowsPerBlock = Math.max(1, Math.floor(blockBytes / (cols * 4)));
    this.pending = new Float32Array(this.rowsPerBlock * cols);
    this.insert = db.prepare(
      'INSERT INTO run_matrices (run_id, name, block, rows, cols, data) VALUES (?, ?, ?, ?, ?, ?)',
    );
  }

  /** whole rows of `cols` floats; `rows` may be reused once this returns */
  append(rows: Float32Array): void {
    const perBlock = this.pending.length;
    for (let i = 0; i < rows.length;) {
      const take = Math.min(rows.length - i, perBlock - this.filled);
      this.pending.set(rows.subarray(i, i + take), this.filled);
      this.filled += take;
      i += take;
      if (this.filled === perBlock) this.flush();
    }
  }

  finish(): void {
    this.flush();
  }

  private flush(): void {
    if (this.filled === 0) return;
    const slice = this.pending.subarray(0, this.filled);
    this.insert.run(
      this.runId,
      this.name,
      this.block++,
      this.filled / this.cols,
      this.cols,
      Buffer.from(slice.buffer, slice.byteOffset, slice.byteLength),
    );
    this.filled = 0;
  }
}
