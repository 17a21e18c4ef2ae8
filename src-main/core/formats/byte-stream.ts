// Sequential reads of exact byte counts from a binary file, through one
// buffer refilled as it empties. Knows the file offset of every byte, for
// messages about truncated files.
import { FileBytes } from './file-bytes.ts';

const BUFFER_BYTES = 4 * 1024 * 1024;

export class ByteStream {
  buffer: Buffer;
  /** the next unread byte is buffer[pos]; buffer[pos, end) is read and unused */
  pos = 0;
  end = 0;
  private eof = false;

  constructor(readonly file: FileBytes) {
    this.buffer = Buffer.allocUnsafe(Math.min(BUFFER_BYTES, Math.max(16, file.size)));
  }

  /** the file offset of buffer[pos] */
  get offset(): number {
    return this.file.position - (this.end - this.pos);
  }

  get available(): number {
    return this.end - this.pos;
  }

  /** makes at least n bytes available unless the file ends first; returns whether it could */
  async ensure(n: number): Promise<boolean> {
    while (this.end - this.pos < n && !this.eof) {
      if (this.pos > 0) {
        this.buffer.copyWithin(0, this.pos, this.end);
        this.end -= this.pos;
        this.pos = 0;
      }
      if (this.buffer.length < n) {
        const bigger = Buffer.allocUnsafe(Math.max(n, this.buffer.length * 2));
        this.buffer.copy(bigger, 0, 0, this.end);
        this.buffer = bigger;
      }
      const read = await this.file.read(this.buffer, this.end, this.buffer.length - this.end);
      if (read === 0) this.eof = true;
      this.end += read;
    }
    return this.end - this.pos >= n;
  }

  /** the index in buffer of the first `byte` at or after pos, reading more as needed, within `limit` bytes; -1 if none */
  async find(byte: number, limit: number): Promise<number> {
    let searched = 0;
    for (;;) {
      const at = this.buffer.indexOf(byte, this.pos + searched);
      if (at >= 0 && at < this.end) return at - this.pos <= limit ? at : -1;
      searched = this.end - this.pos;
      if (searched > limit || !(await this.ensure(searched + 1))) return -1;
    }
  }

  async int32(): Promise<number | null> {
    if (!(await this.ensure(4))) return null;
    const v = this.buffer.readInt32LE(this.pos);
    this.pos += 4;
    return v;
  }

  async int64(): Promise<number | null> {
    if (!(await this.ensure(8))) return null;
    const v = Number(this.buffer.readBigInt64LE(this.pos));
    this.pos += 8;
    return v;
  }

  async float64(): Promise<number | null> {
    if (!(await this.ensure(8))) return null;
    const v = this.buffer.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  async int8(): Promise<number | null> {
    if (!(await this.ensure(1))) return null;
    return this.buffer.readInt8(this.pos++);
  }

  /** copies n bytes into `into` at byte `at`; false when the file ends first */
  async copyTo(into: Uint8Array, at: number, n: number): Promise<boolean> {
    let done = 0;
    while (done < n) {
      if (this.available === 0 && !(await this.ensure(1))) return false;
      const take = Math.min(n - done, this.available);
      into.set(this.buffer.subarray(this.pos, this.pos + take), at + done);
      this.pos += take;
      done += take;
    }
    return true;
  }
}
