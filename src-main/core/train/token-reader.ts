// Reads one thread's slice of a token-id file in fixed-size chunks, so memory
// stays bounded whatever the corpus size. The format is in corpus/token-file.ts.
import { closeSync, openSync, readSync } from 'node:fs';
import { endianness } from 'node:os';
import { BYTES_PER_TOKEN } from '../corpus/token-file.ts';

export const CHUNK_TOKENS = 65536;

export class TokenSliceReader {
  /** the tokens of the last chunk read; valid up to the count next() returned */
  readonly buffer: Uint32Array;
  private readonly bytes: Uint8Array;
  private readonly fd: number;
  private position: number;

  /** tokens [start, end) of the file at `path` */
  constructor(
    private readonly path: string,
    private readonly start: number,
    private readonly end: number,
    chunkTokens = CHUNK_TOKENS,
  ) {
    // the file is little-endian and we read it straight into a Uint32Array
    if (endianness() !== 'LE') throw new Error('token files can only be read on a little-endian machine');
    this.buffer = new Uint32Array(chunkTokens);
    this.bytes = new Uint8Array(this.buffer.buffer);
    this.fd = openSync(path, 'r');
    this.position = start;
  }

  /** goes back to the start of the slice, or to token `offset` within [start, end] */
  rewind(offset = this.start): void {
    if (!Number.isInteger(offset) || offset < this.start || offset > this.end) {
      throw new RangeError(`offset ${offset} is outside the slice [${this.start}, ${this.end}]`);
    }
    this.position = offset;
  }

  /** the file offset (in tokens) of the next token next() will read */
  get offset(): number {
    return this.position;
  }

  /** reads the next chunk into `buffer`; returns its token count, 0 at the end of the slice */
  next(): number {
    const count = Math.min(this.buffer.length, this.end - this.position);
    if (count <= 0) return 0;
    const want = count * BYTES_PER_TOKEN;
    let got = 0;
    while (got < want) {
      const n = readSync(this.fd, this.bytes, got, want - got, this.position * BYTES_PER_TOKEN + got);
      if (n === 0) throw new Error(`token file ${this.path} ended early, at token ${this.position + got / 4}`);
      got += n;
    }
    this.position += count;
    return count;
  }

  close(): void {
    closeSync(this.fd);
  }
}
