// Shuffles a co-occurrence record file in bounded memory, as glove's
// shuffle.c: Fisher-Yates over chunks that fit in memory, each written to a
// temporary file; then, repeatedly, an equal share of the next records of
// every temporary file is read into memory, shuffled together and written
// out. Not a perfect shuffle across chunks, as shuffle.c says, but good
// enough for SGD. Seeded, so a run can be repeated. (shuffle.c leaves the
// last one or two records of each chunk in place; we shuffle them all.)
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Xoshiro128, type Random } from '../random.ts';
import { RECORD_BYTES, RecordBuffer, RecordReader, RecordWriter } from './records.ts';

export interface ShuffleInput {
  inFile: string;
  outFile: string;
  /** temporary chunk files go here; they are deleted before returning */
  workDir: string;
  /** soft limit for the in-memory chunk, in bytes */
  memoryBytes: number;
  seed: number;
  /** work done of total, in records (each record is handled twice when the file needs chunks) */
  onProgress?: (done: number, total: number) => void;
  /** called often; throw from it to stop */
  checkpoint?: () => void;
}

export interface ShuffleResult {
  records: number;
  /** chunk files written (0: the records fit in memory) */
  chunks: number;
}

/** the shuffle's own random stream, apart from the weights' (stream 0) */
export const SHUFFLE_STREAM = 0x5348;
const MIN_ARRAY_RECORDS = 1024;
/** records read or written between checkpoints */
const STEP = 65536;

export function shuffleRecords(input: ShuffleInput): ShuffleResult {
  const arraySize = Math.max(MIN_ARRAY_RECORDS, Math.floor((0.95 * input.memoryBytes) / RECORD_BYTES));
  const random = new Xoshiro128(input.seed, SHUFFLE_STREAM);
  const source = new RecordReader(input.inFile, undefined, 1);
  const records = source.total;
  const array = new RecordBuffer(Math.min(arraySize, Math.max(1, records)));
  const chunkFiles: string[] = [];
  try {
    if (records <= arraySize) {
      const n = readAll(source, array, 0, records, input);
      shuffle(array.u32, n, random);
      writeAll(input.outFile, array, n);
      input.onProgress?.(records, records);
      return { records, chunks: 0 };
    }
    // level 1: shuffled chunks
    let done = 0;
    const total = 2 * records;
    for (;;) {
      const n = readAll(source, array, 0, arraySize, input);
      if (n === 0) break;
      shuffle(array.u32, n, random);
      const file = join(input.workDir, `shuffle-${String(chunkFiles.length).padStart(5, '0')}.bin`);
      chunkFiles.push(file);
      writeAll(file, array, n);
      done += n;
      input.onProgress?.(done, total);
    }
    // level 2: an equal share from every chunk, shuffled together
    const share = Math.max(1, Math.floor(arraySize / chunkFiles.length));
    const readers = chunkFiles.map((file) => new RecordReader(file, undefined, 1));
    const out = new RecordWriter(input.outFile, 1);
    try {
      for (;;) {
        let n = 0;
        for (const reader of readers) n += readAll(reader, array, n, share, input);
        if (n === 0) break;
        shuffle(array.u32, n, random);
        out.addBytes(array.bytes, n);
        done += n;
        input.onProgress?.(done, total);
      }
    } finally {
      for (const reader of readers) reader.close();
      out.close();
    }
    return { records, chunks: chunkFiles.length };
  } finally {
    source.close();
    for (const file of chunkFiles) rmSync(file, { force: true });
  }
}

/** reads up to `max` records into `array` from record `at`, checking in between; returns how many */
function readAll(reader: RecordReader, array: RecordBuffer, at: number, max: number, input: ShuffleInput): number {
  let n = 0;
  while (n < max) {
    input.checkpoint?.();
    const got = reader.readInto(array, at + n, Math.min(STEP, max - n));
    if (got === 0) break;
    n += got;
  }
  return n;
}

function writeAll(file: string, array: RecordBuffer, n: number): void {
  const out = new RecordWriter(file, 1);
  try {
    out.addBytes(array.bytes, n);
  } finally {
    out.close();
  }
}

/** Fisher-Yates over the first n 16-byte records of `lanes` (4 uint32 per record) */
export function shuffle(lanes: Uint32Array, n: number, random: Random): void {
  for (let i = n - 1; i > 0; i--) {
    const j = randomIndex(random, i + 1);
    if (j === i) continue;
    const a = 4 * i;
    const b = 4 * j;
    for (let k = 0; k < 4; k++) {
      const t = lanes[a + k];
      lanes[a + k] = lanes[b + k];
      lanes[b + k] = t;
    }
  }
}

/** a uniform integer in [0, n) from 53 random bits, unbiased enough for any n we shuffle */
export function randomIndex(random: Random, n: number): number {
  const hi = random.nextUint32() >>> 5;
  const lo = random.nextUint32() >>> 6;
  return Math.floor(((hi * 67108864 + lo) / 9007199254740992) * n);
}
