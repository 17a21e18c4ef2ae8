// k-way merge of sorted co-occurrence runs into one file of unique records,
// summing a pair's partial values, as cooccur.c's merge_files (a binary heap
// over the runs' heads). Sources are files or in-memory tables; each yields
// records in ascending (i, j) order, each pair at most once.
import { RecordReader, type RecordWriter } from './records.ts';

/** one sorted stream of records; `key` is i * vocabSize + j */
export interface RunSource {
  key: number;
  i: number;
  j: number;
  x: number;
  /** moves to the next record; false at the end */
  advance(): boolean;
  close(): void;
}

export class FileRunSource implements RunSource {
  key = 0;
  i = 0;
  j = 0;
  x = 0;
  private readonly reader: RecordReader;
  private at = 0;
  private count = 0;

  constructor(
    file: string,
    private readonly vocabSize: number,
    bufferRecords: number,
  ) {
    this.reader = new RecordReader(file, undefined, bufferRecords);
  }

  advance(): boolean {
    if (this.at === this.count) {
      this.count = this.reader.next();
      this.at = 0;
      if (this.count === 0) return false;
    }
    const r = this.at++;
    const { u32, f64 } = this.reader.buffer;
    this.i = u32[4 * r];
    this.j = u32[4 * r + 1];
    this.x = f64[2 * r + 1];
    this.key = this.i * this.vocabSize + this.j;
    return true;
  }

  close(): void {
    this.reader.close();
  }
}

/**
 * Merges `sources` into `out`, summing equal pairs. Calls `tick` every
 * `tickEvery` records written (to report progress and check for a stop).
 * Closes every source.
 */
export function mergeRuns(sources: RunSource[], out: RecordWriter, tick?: () => void, tickEvery = 65536): void {
  try {
    const heap: RunSource[] = [];
    for (const source of sources) if (source.advance()) heapPush(heap, source);
    if (heap.length === 0) return;
    let key = heap[0].key;
    let i = heap[0].i;
    let j = heap[0].j;
    let x = 0;
    let sinceTick = 0;
    while (heap.length > 0) {
      const top = heap[0];
      if (top.key === key) {
        x += top.x;
      } else {
        out.add(i, j, x);
        if (++sinceTick === tickEvery) {
          sinceTick = 0;
          tick?.();
        }
        key = top.key;
        i = top.i;
        j = top.j;
        x = top.x;
      }
      if (top.advance()) siftDown(heap, 0);
      else heapPop(heap);
    }
    out.add(i, j, x);
  } finally {
    for (const source of sources) source.close();
  }
}

function heapPush(heap: RunSource[], source: RunSource): void {
  heap.push(source);
  let c = heap.length - 1;
  while (c > 0) {
    const p = (c - 1) >> 1;
    if (heap[p].key <= heap[c].key) break;
    [heap[p], heap[c]] = [heap[c], heap[p]];
    c = p;
  }
}

function heapPop(heap: RunSource[]): void {
  const last = heap.pop() as RunSource;
  if (heap.length === 0) return;
  heap[0] = last;
  siftDown(heap, 0);
}

function siftDown(heap: RunSource[], at: number): void {
  const n = heap.length;
  let p = at;
  for (;;) {
    const l = 2 * p + 1;
    if (l >= n) return;
    const r = l + 1;
    const c = r < n && heap[r].key < heap[l].key ? r : l;
    if (heap[p].key <= heap[c].key) return;
    [heap[p], heap[c]] = [heap[c], heap[p]];
    p = c;
  }
}
