// The token-id file: what training reads, epoch after epoch, instead of the
// raw text. Little-endian uint32 ids into the corpus vocabulary (sorted by
// count, most frequent first), with SENTENCE_END after each line.
import { closeSync, fstatSync, openSync, readSync, statSync, writeSync } from 'node:fs';
import { endianness } from 'node:os';

export const SENTENCE_END = 0xffffffff;
export const BYTES_PER_TOKEN = 4;

/** tokens per buffered write or read: 1 MiB */
export const TOKENS_PER_CHUNK = 256 * 1024;

// Uint32Array holds the platform's byte order; every platform we ship is
// little-endian, but swap rather than write a file another machine misreads.
const SWAP = endianness() === 'BE';

export function countTokens(file: string): number {
  return tokenCountOf(statSync(file).size, file);
}

function tokenCountOf(bytes: number, file: string): number {
  if (bytes % BYTES_PER_TOKEN !== 0) {
    throw new Error(`${file}: not a token file (size ${bytes} is not a multiple of 4)`);
  }
  return bytes / BYTES_PER_TOKEN;
}

/** appends tokens to a new file through a fixed buffer */
export class TokenWriter {
  private readonly fd: number;
  private readonly buffer: Uint32Array;
  private used = 0;
  private written = 0;
  private closed = false;

  constructor(file: string, bufferTokens = TOKENS_PER_CHUNK) {
    this.buffer = new Uint32Array(bufferTokens);
    this.fd = openSync(file, 'w');
  }

  /** tokens written so far, buffered ones included */
  get count(): number {
    return this.written + this.used;
  }

  write(token: number): void {
    this.buffer[this.used++] = token;
    if (this.used === this.buffer.length) this.flush();
  }

  writeAll(tokens: Uint32Array): void {
    for (let from = 0; from < tokens.length;) {
      const n = Math.min(tokens.length - from, this.buffer.length - this.used);
      this.buffer.set(tokens.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
      if (this.used === this.buffer.length) this.flush();
    }
  }

  flush(): void {
    if (this.used === 0) return;
    const view = this.buffer.subarray(0, this.used);
    if (SWAP) bytesOf(view).swap32();
    writeFully(this.fd, bytesOf(view));
    this.written += this.used;
    this.used = 0;
  }

  /** flushes and closes; safe to call twice */
  close(): void {
    if (this.closed) return;
    try {
      this.flush();
    } finally {
      this.discard();
    }
  }

  /** closes without flushing: for a file about to be deleted, after a failure */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/** random access to a token file in caller-sized slices */
export class TokenReader {
  private readonly fd: number;
  /** tokens in the file */
  readonly count: number;
  private closed = false;

  constructor(readonly file: string) {
    this.fd = openSync(file, 'r');
    try {
      this.count = tokenCountOf(fstatSync(this.fd).size, file);
    } catch (error) {
      closeSync(this.fd);
      throw error;
    }
  }

  /** reads tokens from token index `position` into `into`; returns how many (0 at the end) */
  read(position: number, into: Uint32Array): number {
    const wanted = Math.max(0, Math.min(into.length, this.count - position));
    const bytes = bytesOf(into.subarray(0, wanted));
    let done = 0;
    while (done < bytes.length) {
      const n = readSync(this.fd, bytes, done, bytes.length - done, position * BYTES_PER_TOKEN + done);
      if (n === 0) throw new Error(`${this.file}: token file shorter than expected`);
      done += n;
    }
    if (SWAP) bytes.swap32();
    return wanted;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/**
 * Calls onChunk with consecutive views of tokens [startToken, endToken), each at
 * most chunkTokens long. A view is only valid during its call: the buffer is reused.
 */
export function readTokens(
  file: string,
  startToken: number,
  endToken: number,
  onChunk: (tokens: Uint32Array, position: number) => void,
  chunkTokens = TOKENS_PER_CHUNK,
): void {
  const reader = new TokenReader(file);
  try {
    const end = Math.min(endToken, reader.count);
    const buffer = new Uint32Array(chunkTokens);
    for (let position = startToken; position < end;) {
      const n = reader.read(position, buffer.subarray(0, Math.min(chunkTokens, end - position)));
      onChunk(buffer.subarray(0, n), position);
      position += n;
    }
  } finally {
    reader.close();
  }
}

function bytesOf(tokens: Uint32Array): Buffer {
  return Buffer.from(tokens.buffer, tokens.byteOffset, tokens.byteLength);
}

function writeFully(fd: number, bytes: Buffer): void {
  for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
}
