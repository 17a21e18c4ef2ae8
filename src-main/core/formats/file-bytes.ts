// Reading a vector file in large chunks: whole lines for the text formats,
// exact byte counts for the binary ones. Memory is one buffer, whatever the
// file size.
import { open, type FileHandle } from 'node:fs/promises';
import { throwIfAborted, VectorInputError, type InputFile, type ReadOptions } from './types.ts';

const CHUNK_BYTES = 4 * 1024 * 1024;
/** a line longer than this is not a vector line of any sane file */
const MAX_LINE_BYTES = 256 * 1024 * 1024;

export class FileBytes {
  /** bytes handed out so far */
  position = 0;

  private constructor(
    readonly file: InputFile,
    private readonly handle: FileHandle,
    readonly size: number,
  ) {}

  static async open(file: InputFile): Promise<FileBytes> {
    let handle: FileHandle;
    try {
      handle = await open(file.path, 'r');
    } catch (error) {
      throw fileError(file, error);
    }
    const stat = await handle.stat();
    if (stat.isDirectory()) {
      await handle.close();
      throw new VectorInputError(file.path, `${file.shown}: is a folder, not a vector file`);
    }
    return new FileBytes(file, handle, stat.size);
  }

  async close(): Promise<void> {
    await this.handle.close();
  }

  /** reads up to `length` bytes at the current position into buffer[at]; returns how many */
  async read(buffer: Uint8Array, at: number, length: number): Promise<number> {
    const { bytesRead } = await this.handle.read(buffer, at, length, this.position);
    this.position += bytesRead;
    return bytesRead;
  }

  /**
   * Calls onLines(bytes, end) with bytes[0, end) holding whole lines (each
   * ending in \n, but the file's last line need not). Blocks of lines come in
   * file order; `firstOffset` is the file offset of bytes[0].
   */
  async forEachLines(
    opts: Pick<ReadOptions, 'signal'>,
    onLines: (bytes: Buffer, end: number, firstOffset: number) => void,
  ): Promise<void> {
    let buffer: Buffer = Buffer.allocUnsafe(Math.min(CHUNK_BYTES, Math.max(this.size, 1)));
    let carried = 0;
    for (;;) {
      throwIfAborted(opts.signal);
      if (carried === buffer.length) buffer = this.grow(buffer);
      const offset = this.position - carried;
      const n = await this.read(buffer, carried, buffer.length - carried);
      const end = carried + n;
      if (n === 0) {
        if (end > 0) onLines(buffer, end, offset);
        return;
      }
      const last = buffer.lastIndexOf(0x0a, end - 1);
      if (last < 0) {
        carried = end;
        continue;
      }
      onLines(buffer, last + 1, offset);
      buffer.copyWithin(0, last + 1, end);
      carried = end - last - 1;
    }
  }

  private grow(buffer: Buffer): Buffer {
    if (buffer.length >= MAX_LINE_BYTES) {
      throw new VectorInputError(
        this.file.path,
        `${this.file.shown}: a line longer than ${MAX_LINE_BYTES} bytes at byte ${this.position - buffer.length}; is this a text vector file?`,
        undefined,
        this.position - buffer.length,
      );
    }
    const bigger = Buffer.allocUnsafe(buffer.length * 2);
    buffer.copy(bigger);
    return bigger;
  }
}

export function fileError(file: InputFile, error: unknown): VectorInputError {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return new VectorInputError(file.path, `${file.shown}: not found`);
  if (code === 'EACCES' || code === 'EPERM') {
    return new VectorInputError(file.path, `${file.shown}: permission denied (${code}); check that you may read it`);
  }
  if (code === 'EISDIR') return new VectorInputError(file.path, `${file.shown}: is a folder, not a vector file`);
  if (code !== undefined) return new VectorInputError(file.path, `${file.shown}: cannot be read (${code})`);
  throw error;
}

/** throttles progress calls to a few a second, with a last one at the end */
export class ProgressTicker {
  private last = -Infinity;

  constructor(
    private readonly bytes: FileBytes,
    private readonly opts: ReadOptions,
  ) {}

  tick(words: number, force = false): void {
    const now = performance.now();
    if (!this.opts.onProgress || (!force && now - this.last < 100)) return;
    this.last = now;
    this.opts.onProgress(this.bytes.position, this.bytes.size, words);
  }
}
