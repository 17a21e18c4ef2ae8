// Co-occurrence counting, as glove's cooccur.c: a symmetric window, each pair
// weighted 1/distance and counted both ways, in bounded memory.
//
// - Lines: the window never crosses a line (cooccur.c resets its position at
//   each newline; our token file marks lines with SENTENCE_END).
// - Dropped words: ids outside the kept vocabulary are skipped before
//   windowing, so they neither count nor take up a place in the window
//   (cooccur.c skips out-of-vocabulary words the same way).
// - Both ways: for a word w at line position p and a context word c at p - d,
//   d = 1..window, X[c][w] and X[w][c] each get 1/d. A word next to itself gets
//   two additions to its diagonal cell, as in cooccur.c.
// - Memory: pairs of frequent words go to a dense table (cooccur.c's
//   bigram_table: word ranks ra, rb with ra * rb <= maxProduct), the rest to a
//   hash table that is sorted and spilled to a run file when full. At the end
//   the runs, the dense table and the last hash table are merged into one file
//   of unique records sorted by (i, j). Since X is symmetric both tables keep
//   one cell per unordered pair, half of what cooccur.c keeps.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SENTENCE_END, TokenReader } from '../../corpus/token-file.ts';
import { FileRunSource, mergeRuns, type RunSource } from './merge-runs.ts';
import { BYTES_PER_SLOT, PairTable } from './pair-table.ts';
import { RECORD_BYTES, RECORDS_PER_CHUNK, RecordWriter } from './records.ts';

export interface CooccurInput {
  tokenFile: string;
  /** ids >= vocabSize (and SENTENCE_END) are not words of the kept vocabulary */
  vocabSize: number;
  window: number;
  /** soft limit for the tables and buffers, in bytes */
  memoryBytes: number;
  /** run files go here; they are deleted as soon as they are merged */
  workDir: string;
  /** the merged, sorted, unique records */
  outFile: string;
  /** overrides the dense table's cutoff (0: no dense table) */
  maxProduct?: number;
  /** tokens read so far, of all tokens in the file */
  onProgress?: (done: number, total: number) => void;
  /** called often; throw from it to stop */
  checkpoint?: () => void;
}

export interface CooccurResult {
  /** tokens in the file, line ends included */
  tokens: number;
  /** unique (i, j) records written */
  nonZero: number;
  /** sorted runs spilled to disk */
  runs: number;
  maxProduct: number;
  denseCells: number;
  hashSlots: number;
}

const TOKENS_PER_READ = 65536;
/** at most this many run files are merged at once; more are merged in passes */
export const MAX_MERGE_FAN_IN = 64;
/** share of memory for the dense table; as much again for the hash table, the rest for buffers */
const DENSE_SHARE = 0.45;
const TABLE_SHARE = 0.45;
/** the dense table never exceeds 2^30 cells (8 GiB) */
const MAX_DENSE_CELLS = 2 ** 30;

export function countCooccurrences(input: CooccurInput): CooccurResult {
  const counter = new CooccurCounter(input);
  try {
    counter.countAll();
    return counter.finish();
  } finally {
    counter.close();
  }
}

/** the dense table's layout: row a (0-based) holds columns b = a .. rowEnd[a] - 1 */
export interface DenseLayout {
  maxProduct: number;
  /** rows with at least one cell: a < rows */
  rows: number;
  /** cell of (a, a); rowStart[rows] is the cell count */
  rowStart: Int32Array;
  cells: number;
}

/** the dense layout for word ranks ra * rb <= maxProduct (ranks are ids + 1) */
export function denseLayout(maxProduct: number, vocabSize: number): DenseLayout {
  const rows = Math.min(Math.floor(Math.sqrt(maxProduct)) + 1, vocabSize);
  const rowStart = new Int32Array(rows + 1);
  let cells = 0;
  let used = 0;
  for (let a = 0; a < rows; a++) {
    rowStart[a] = cells;
    const length = rowLength(maxProduct, vocabSize, a);
    if (length > 0) used = a + 1;
    cells += length;
  }
  rowStart[rows] = cells;
  return { maxProduct, rows: used, rowStart: rowStart.subarray(0, used + 1), cells };
}

/** columns b >= a of row a with (a + 1)(b + 1) <= maxProduct */
function rowLength(maxProduct: number, vocabSize: number, a: number): number {
  return Math.max(0, Math.min(Math.floor(maxProduct / (a + 1)), vocabSize) - a);
}

/** the largest maxProduct whose dense table has at most `maxCells` cells */
export function maxProductFor(maxCells: number, vocabSize: number): number {
  const cellsAtMost = (p: number): boolean => {
    let cells = 0;
    for (let a = 0; a < vocabSize; a++) {
      const length = rowLength(p, vocabSize, a);
      if (length === 0) break;
      cells += length;
      if (cells > maxCells) return false;
    }
    return true;
  };
  let lo = 0;
  let hi = vocabSize * vocabSize;
  if (cellsAtMost(hi)) return hi;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (cellsAtMost(mid)) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

class CooccurCounter {
  private readonly reader: TokenReader;
  private readonly tokens: number;
  private readonly layout: DenseLayout;
  private readonly dense: Float64Array;
  private readonly table: PairTable;
  /** run files not merged yet */
  private readonly runs: string[] = [];
  private spills = 0;
  private readonly writeBuffer: number;
  private readonly inverse: Float64Array;

  constructor(private readonly input: CooccurInput) {
    this.reader = new TokenReader(input.tokenFile);
    this.tokens = this.reader.count;
    const { vocabSize, window, memoryBytes } = input;
    // a dense table larger than the number of windowed pairs is mostly zeros
    const denseCap = Math.min(
      MAX_DENSE_CELLS,
      Math.floor((memoryBytes * DENSE_SHARE) / 8),
      Math.max(65536, this.tokens * window),
    );
    const maxProduct = input.maxProduct ?? maxProductFor(denseCap, vocabSize);
    this.layout = denseLayout(maxProduct, vocabSize);
    this.dense = new Float64Array(this.layout.cells);
    this.table = new PairTable(Math.floor((memoryBytes * TABLE_SHARE) / BYTES_PER_SLOT), vocabSize);
    this.writeBuffer = Math.max(256, Math.min(RECORDS_PER_CHUNK, Math.floor(memoryBytes / 64 / RECORD_BYTES)));
    this.inverse = new Float64Array(window + 1);
    for (let d = 1; d <= window; d++) this.inverse[d] = 1 / d;
  }

  countAll(): void {
    const { vocabSize, window, onProgress, checkpoint } = this.input;
    const { dense, table, inverse } = this;
    const { maxProduct, rowStart } = this.layout;
    const buffer = new Uint32Array(TOKENS_PER_READ);
    /** the line's last `window` kept words, a ring; `head` is where the next goes */
    const ring = new Uint32Array(window);
    let head = 0;
    /** kept words so far in this line */
    let length = 0;
    for (let position = 0; position < this.tokens;) {
      checkpoint?.();
      const n = this.reader.read(position, buffer);
      for (let t = 0; t < n; t++) {
        const w = buffer[t];
        if (w >= vocabSize) {
          if (w === SENTENCE_END) length = 0;
          continue;
        }
        const contexts = length < window ? length : window;
        let p = head;
        for (let d = 1; d <= contexts; d++) {
          p = p === 0 ? window - 1 : p - 1;
          const c = ring[p];
          const weight = inverse[d];
          const a = c < w ? c : w;
          const b = c < w ? w : c;
          if ((a + 1) * (b + 1) <= maxProduct) {
            const cell = rowStart[a] + b - a;
            dense[cell] += weight;
            if (a === b) dense[cell] += weight;
          } else {
            table.add(a, b, weight);
            if (a === b) table.add(a, b, weight);
            if (table.full) this.spill();
          }
        }
        ring[head] = w;
        head = head + 1 === window ? 0 : head + 1;
        length++;
      }
      position += n;
      onProgress?.(position, this.tokens);
    }
  }

  /** sorts the hash table and writes it out as a run */
  private spill(): void {
    const file = join(this.input.workDir, `run-${String(this.spills++).padStart(5, '0')}.bin`);
    this.runs.push(file);
    const writer = new RecordWriter(file, this.writeBuffer);
    try {
      writeTable(this.table, writer);
    } finally {
      writer.close();
    }
    this.table.clear();
  }

  /** merges everything into the output file */
  finish(): CooccurResult {
    const { input, layout, table } = this;
    const { vocabSize, checkpoint } = input;
    this.premerge();
    const fanIn = this.runs.length + 2;
    const readBuffer = Math.max(
      256,
      Math.min(RECORDS_PER_CHUNK, Math.floor(input.memoryBytes / 8 / fanIn / RECORD_BYTES)),
    );
    const sources: RunSource[] = this.runs.map((file) => new FileRunSource(file, vocabSize, readBuffer));
    if (layout.cells > 0) sources.push(new DenseSource(this.dense, layout, vocabSize));
    if (table.size > 0) sources.push(new TableSource(table));
    const out = new RecordWriter(input.outFile, this.writeBuffer);
    try {
      mergeRuns(sources, out, checkpoint);
    } finally {
      out.close();
    }
    return {
      tokens: this.tokens,
      nonZero: out.count,
      runs: this.spills,
      maxProduct: layout.maxProduct,
      denseCells: layout.cells,
      hashSlots: table.capacity,
    };
  }

  /** merges run files in groups until at most MAX_MERGE_FAN_IN are left */
  private premerge(): void {
    const { vocabSize, memoryBytes, workDir, checkpoint } = this.input;
    let pass = 0;
    while (this.runs.length > MAX_MERGE_FAN_IN) {
      const group = this.runs.splice(0, MAX_MERGE_FAN_IN);
      const readBuffer = Math.max(
        256,
        Math.min(RECORDS_PER_CHUNK, Math.floor(memoryBytes / 8 / group.length / RECORD_BYTES)),
      );
      const file = join(workDir, `merged-${pass++}.bin`);
      const out = new RecordWriter(file, this.writeBuffer);
      try {
        mergeRuns(
          group.map((run) => new FileRunSource(run, vocabSize, readBuffer)),
          out,
          checkpoint,
        );
      } finally {
        out.close();
      }
      for (const run of group) removeQuietly(run);
      this.runs.push(file);
    }
  }

  close(): void {
    this.reader.close();
    for (const run of this.runs) removeQuietly(run);
  }
}

function writeTable(table: PairTable, writer: RecordWriter): void {
  const keys = table.sortedKeys();
  const v = table.vocabSize;
  for (let k = 0; k < keys.length; k++) {
    const key = keys[k];
    const i = Math.floor(key / v);
    const j = key - i * v;
    writer.add(i, j, table.valueAt(i, j));
  }
}

/** the last, unspilled hash table as a sorted source */
class TableSource implements RunSource {
  key = 0;
  i = 0;
  j = 0;
  x = 0;
  private readonly keys: Float64Array;
  private at = 0;

  constructor(private readonly table: PairTable) {
    this.keys = table.sortedKeys();
  }

  advance(): boolean {
    if (this.at === this.keys.length) return false;
    const key = this.keys[this.at++];
    const v = this.table.vocabSize;
    this.key = key;
    this.i = Math.floor(key / v);
    this.j = key - this.i * v;
    this.x = this.table.valueAt(this.i, this.j);
    return true;
  }

  close(): void {}
}

/** the dense table's non-zero cells, both triangles, in (i, j) order */
class DenseSource implements RunSource {
  key = 0;
  i = 0;
  j = -1;
  x = 0;
  /** rows that can hold a cell: i + 1 <= maxProduct */
  private readonly lastRow: number;
  /** row i's columns j are < end */
  private end: number;

  constructor(
    private readonly dense: Float64Array,
    private readonly layout: DenseLayout,
    private readonly vocabSize: number,
  ) {
    this.lastRow = Math.min(layout.maxProduct, vocabSize);
    this.end = this.rowEnd(0);
  }

  private rowEnd(i: number): number {
    return Math.min(Math.floor(this.layout.maxProduct / (i + 1)), this.vocabSize);
  }

  advance(): boolean {
    const { dense } = this;
    const { rowStart } = this.layout;
    let i = this.i;
    let j = this.j;
    for (;;) {
      j++;
      if (j >= this.end) {
        i++;
        if (i >= this.lastRow) return false;
        this.end = this.rowEnd(i);
        j = 0;
        if (this.end === 0) return false;
      }
      const x = j < i ? dense[rowStart[j] + i - j] : dense[rowStart[i] + j - i];
      if (x !== 0) {
        this.i = i;
        this.j = j;
        this.x = x;
        this.key = i * this.vocabSize + j;
        return true;
      }
    }
  }

  close(): void {}
}

function removeQuietly(file: string): void {
  try {
    rmSync(file, { force: true });
  } catch {
    // the caller removes the whole work folder at the end
  }
}
