// Co-occurrence record files, as glove's CREC: 16 bytes per record, a
// little-endian uint32 row id i, uint32 column id j, and float64 value x.
// Ids are ours (0-based), not glove's 1-based ranks. Files are written and read
// through fixed buffers, so memory stays bounded whatever their size.
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';

export const RECORD_BYTES = 16;
/** records per buffered read or write: 1 MiB */
export const RECORDS_PER_CHUNK = 65536;

export function assertLittleEndian(): void {
  if (endianness() !== 'LE') throw new Error('GloVe record files can only be used on a little-endian machine');
}

/**
 * A buffer of records with typed views: record r has i at u32[4r], j at
 * u32[4r + 1] and x at f64[2r + 1].
 */
export class RecordBuffer {
  readonly bytes: Uint8Array;
  readonly u32: Uint32Array;
  readonly f64: Float64Array;

  constructor(readonly capacity: number) {
    const buffer = new ArrayBuffer(capacity * RECORD_BYTES);
    this.bytes = new Uint8Array(buffer);
    this.u32 = new Uint32Array(buffer);
    this.f64 = new Float64Array(buffer);
  }
}

export function recordCount(fd: number, file: string): number {
  const size = fstatSync(fd).size;
  if (size % RECORD_BYTES !== 0) throw new Error(`${file}: not a record file (size ${size} is not a multiple of 16)`);
  return size / RECORD_BYTES;
}

/** appends records to a new file */
export class RecordWriter {
  private readonly fd: number;
  private readonly buffer: RecordBuffer;
  private used = 0;
  private written = 0;
  private closed = false;

  constructor(
    readonly file: string,
    bufferRecords = RECORDS_PER_CHUNK,
  ) {
    assertLittleEndian();
    this.buffer = new RecordBuffer(Math.max(1, bufferRecords));
    this.fd = openSync(file, 'w');
  }

  /** records written so far, buffered ones included */
  get count(): number {
    return this.written + this.used;
  }

  add(i: number, j: number, x: number): void {
    const r = this.used++;
    this.buffer.u32[4 * r] = i;
    this.buffer.u32[4 * r + 1] = j;
    this.buffer.f64[2 * r + 1] = x;
    if (this.used === this.buffer.capacity) this.flush();
  }

  /** writes `count` whole records from `bytes` (at most one flush of the buffer first) */
  addBytes(bytes: Uint8Array, count: number): void {
    this.flush();
    writeFully(this.fd, bytes.subarray(0, count * RECORD_BYTES));
    this.written += count;
  }

  flush(): void {
    if (this.used === 0) return;
    writeFully(this.fd, this.buffer.bytes.subarray(0, this.used * RECORD_BYTES));
    this.written += this.used;
    this.used = 0;
  }

  /** flushes and closes; safe to call twice */
  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.closed = true;
      closeSync(this.fd);
    }
  }

  /** closes without flushing, for a file about to be deleted */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** reads records [start, end) of a file, a chunk at a time */
export class RecordReader {
  readonly buffer: RecordBuffer;
  /** records in the whole file */
  readonly total: number;
  private readonly fd: number;
  private position: number;
  private readonly start: number;
  private readonly end: number;
  private closed = false;

  constructor(
    readonly file: string,
    range?: { start: number; end: number },
    bufferRecords = RECORDS_PER_CHUNK,
  ) {
    assertLittleEndian();
    this.fd = openSync(file, 'r');
    try {
      this.total = recordCount(this.fd, file);
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
    this.start = Math.max(0, Math.min(range?.start ?? 0, this.total));
    this.end = Math.max(this.start, Math.min(range?.end ?? this.total, this.total));
    this.position = this.start;
    this.buffer = new RecordBuffer(Math.max(1, bufferRecords));
  }

  rewind(): void {
    this.position = this.start;
  }

  /** reads the next chunk into `buffer`, at most `max` records; returns how many, 0 at the end */
  next(max = this.buffer.capacity): number {
    const count = Math.min(max, this.buffer.capacity, this.end - this.position);
    if (count <= 0) return 0;
    readFully(this.fd, this.buffer.bytes, count * RECORD_BYTES, this.position * RECORD_BYTES, this.file);
    this.position += count;
    return count;
  }

  /** reads the next records into `target` from record `at` on, at most `max`; returns how many */
  readInto(target: RecordBuffer, at: number, max: number): number {
    const count = Math.min(max, target.capacity - at, this.end - this.position);
    if (count <= 0) return 0;
    const bytes = target.bytes.subarray(at * RECORD_BYTES, (at + count) * RECORD_BYTES);
    readFully(this.fd, bytes, bytes.length, this.position * RECORD_BYTES, this.file);
    this.position += count;
    return count;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

export function readFully(fd: number, into: Uint8Array, length: number, offset: number, file: string): void {
  for (let done = 0; done < length;) {
    const n = readSync(fd, into, done, length - done, offset + done);
    if (n === 0) throw new Error(`${file}: file shorter than expected`);
    done += n;
  }
}

function writeFully(fd: number, bytes: Uint8Array): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}
