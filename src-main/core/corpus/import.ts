// Imports text files into a token-id file and a vocabulary, in two streaming
// passes: the text is read once, tokenized and written as provisional ids (in
// order of first sight) to `${outFile}.tmp`; then the vocabulary is sorted and
// the temp file is rewritten into outFile with the final ids. Memory is the
// vocabulary plus a few fixed buffers, whatever the size of the corpus.
import { isAscii } from 'node:buffer';
import { open, rm, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { forEachAsciiWord, isAsciiRange } from './ascii-words.ts';
import { listCorpusFiles, type CorpusFile } from './files.ts';
import { CorpusInputError, inputErrorFrom } from './input-error.ts';
import { newMarkdownState, stripMarkdown, type MarkdownState } from './markdown.ts';
import { SENTENCE_END, TOKENS_PER_CHUNK, TokenReader, TokenWriter } from './token-file.ts';
import { tokenizeLine } from './tokenize.ts';
import { BINARY_SNIFF_BYTES, bomLength, hasUtf16Bom, Utf8Validator } from './utf8.ts';
import { VocabCounter } from './vocab.ts';

export { CorpusInputError } from './input-error.ts';

export interface ImportProgress {
  bytesDone: number;
  bytesTotal: number;
  /** words so far */
  tokens: number;
  /** the file being read, as shown to the user */
  file: string;
}

export interface ImportOptions {
  paths: string[];
  lowercase: boolean;
  outFile: string;
  /** called at most every PROGRESS_INTERVAL_MS, and once at the end */
  onProgress?: (progress: ImportProgress) => void;
  signal?: AbortSignal;
}

export interface ImportResult {
  files: number;
  /** words; the token file also holds one SENTENCE_END per sentence */
  tokens: number;
  /** lines with at least one word */
  sentences: number;
  /** the vocabulary, most frequent first, ties in code-point order; ids index it */
  words: string[];
  counts: number[];
}

/** what the parent hands the import worker */
export interface ImportWorkerData {
  paths: string[];
  lowercase: boolean;
  outFile: string;
}

/** what the import worker posts back */
export type ImportWorkerMessage =
  | { type: 'progress'; progress: ImportProgress }
  | { type: 'done'; result: ImportResult }
  | { type: 'error'; message: string; name: string; file?: string; offset?: number };

export const PROGRESS_INTERVAL_MS = 100;
/** bytes read at a time; also the longest stretch of a line without a newline kept whole */
const READ_BYTES = 1024 * 1024;

export async function importCorpusFiles(options: ImportOptions): Promise<ImportResult> {
  const tempFile = `${options.outFile}.tmp`;
  try {
    throwIfAborted(options.signal);
    const files = await listCorpusFiles(options.paths);
    const encoder = new Encoder(options, files, tempFile);
    try {
      for (const file of files) await encoder.encodeFile(file);
      encoder.close();
    } finally {
      encoder.discard();
    }
    if (encoder.tokens === 0) throw noWords(options.paths);
    const vocab = encoder.vocab.finalize();
    await rewriteWithFinalIds(tempFile, options.outFile, vocab.remap, options.signal);
    await rm(tempFile, { force: true });
    encoder.reportProgress(true);
    const { tokens, sentences } = encoder;
    return { files: files.length, tokens, sentences, words: vocab.words, counts: vocab.counts };
  } catch (error) {
    // a failed import leaves nothing behind
    await rm(options.outFile, { force: true });
    await rm(tempFile, { force: true });
    throw error;
  }
}

/** reads text files and writes their words as provisional ids */
class Encoder {
  readonly vocab = new VocabCounter();
  tokens = 0;
  sentences = 0;
  private readonly writer: TokenWriter;
  private readonly buffer = Buffer.allocUnsafe(READ_BYTES);
  /** the current word of an ASCII line, which is never longer than the buffer */
  private readonly word = Buffer.allocUnsafe(READ_BYTES);
  private readonly bytesTotal: number;
  private bytesDone = 0;
  private shown = '';
  private lastReport = -Infinity;
  /** words of the current line are written and its SENTENCE_END is not yet */
  private lineOpen = false;

  constructor(
    private readonly options: ImportOptions,
    files: CorpusFile[],
    tempFile: string,
  ) {
    this.bytesTotal = files.reduce((sum, file) => sum + file.size, 0);
    this.writer = new TokenWriter(tempFile);
  }

  async encodeFile(file: CorpusFile): Promise<void> {
    this.shown = file.shown;
    const handle = await open(file.path, 'r').catch((error: unknown) => {
      throw inputErrorFrom(error, file.path, file.shown);
    });
    try {
      await this.encodeStream(handle, file);
    } finally {
      await handle.close();
    }
  }

  close(): void {
    this.writer.close();
  }

  discard(): void {
    this.writer.discard();
  }

  reportProgress(force = false): void {
    const now = performance.now();
    if (!this.options.onProgress || (!force && now - this.lastReport < PROGRESS_INTERVAL_MS)) return;
    this.lastReport = now;
    const { bytesDone, bytesTotal, tokens, shown: file } = this;
    this.options.onProgress({ bytesDone, bytesTotal, tokens, file });
  }

  // buffer[0, carried) holds the start of a line whose end has not been read yet
  private async encodeStream(handle: FileHandle, file: CorpusFile): Promise<void> {
    const buffer = this.buffer;
    const validator = new Utf8Validator();
    const markdown = file.markdown ? newMarkdownState() : null;
    let carried = 0;
    let position = 0;
    for (;;) {
      throwIfAborted(this.options.signal);
      const bytesRead = await readAt(handle, file, buffer, carried, position);
      checkBytes(file, buffer, carried, bytesRead, position, validator);
      let end = carried + bytesRead;
      if (position === 0 && bomLength(buffer.subarray(0, end)) > 0) end = dropBom(buffer, end);
      position += bytesRead;
      this.bytesDone += bytesRead;
      if (bytesRead === 0) break;
      const cut = cutPoint(buffer, end);
      if (cut.at > 0) this.encodeBytes(buffer.subarray(0, cut.at), cut.lineEnds, markdown);
      carried = end - cut.resume;
      buffer.copyWithin(0, cut.resume, end);
      this.reportProgress();
    }
    const invalid = validator.end();
    if (invalid >= 0) throw invalidUtf8(file, invalid);
    this.encodeBytes(buffer.subarray(0, carried), true, markdown);
  }

  /** bytes are whole lines separated by \n; the last one ends only if lastLineEnds */
  private encodeBytes(bytes: Buffer, lastLineEnds: boolean, markdown: MarkdownState | null): void {
    if (markdown) return this.encodeText(bytes.toString('utf8'), lastLineEnds, markdown);
    const allAscii = isAscii(bytes);
    for (let from = 0; ;) {
      const newline = bytes.indexOf(0x0a, from);
      const end = newline >= 0 ? newline : bytes.length;
      if (allAscii || isAsciiRange(bytes, from, end)) this.encodeAscii(bytes, from, end);
      else this.encodeMixedLine(bytes, from, end);
      if (newline < 0) break;
      this.endLine();
      from = newline + 1;
    }
    if (lastLineEnds) this.endLine();
  }

  /**
   * A line with some non-ASCII text, a piece at a time: most of its words are
   * usually ASCII. A word never holds ASCII whitespace, and lowercasing and
   * NFC never look across it, so the pieces give the words the whole line would.
   */
  private encodeMixedLine(bytes: Buffer, start: number, end: number): void {
    for (let from = start; from < end;) {
      let to = from;
      let seen = 0;
      for (; to < end; to++) {
        const byte = bytes[to];
        if (byte === 0x20 || byte === 0x09) break;
        seen |= byte;
      }
      if (seen < 0x80) this.encodeAscii(bytes, from, to);
      else this.encodeLine(bytes.toString('utf8', from, to), null);
      from = to + 1;
    }
  }

  private encodeAscii(bytes: Buffer, start: number, end: number): void {
    forEachAsciiWord(bytes, start, end, this.options.lowercase, this.word, this.onAsciiWord);
  }

  private readonly onAsciiWord = (length: number): void => {
    this.writer.write(this.vocab.addBytes(this.word, length));
    this.tokens++;
    this.lineOpen = true;
  };

  /** text is whole lines separated by \n; the last one ends only if lastLineEnds */
  private encodeText(text: string, lastLineEnds: boolean, markdown: MarkdownState | null): void {
    let from = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', from)) {
      this.encodeLine(text.slice(from, newline), markdown);
      this.endLine();
      from = newline + 1;
    }
    this.encodeLine(from === 0 ? text : text.slice(from), markdown);
    if (lastLineEnds) this.endLine();
  }

  private encodeLine(line: string, markdown: MarkdownState | null): void {
    const words = tokenizeLine(markdown ? stripMarkdown(line, markdown) : line, this.options);
    if (words.length === 0) return;
    for (const word of words) this.writer.write(this.vocab.add(word));
    this.tokens += words.length;
    this.lineOpen = true;
  }

  private endLine(): void {
    if (!this.lineOpen) return;
    this.writer.write(SENTENCE_END);
    this.sentences++;
    this.lineOpen = false;
  }
}

async function readAt(handle: FileHandle, file: CorpusFile, buffer: Buffer, at: number, position: number) {
  try {
    const { bytesRead } = await handle.read(buffer, at, buffer.length - at, position);
    return bytesRead;
  } catch (error) {
    throw inputErrorFrom(error, file.path, file.shown);
  }
}

/**
 * Where to split the bytes read so far: encode [0, at), keep [resume, end) for
 * the next read. Normally after the last newline; a line longer than the
 * buffer is split between words (or, failing that, between characters) so
 * that memory stays bounded.
 */
function cutPoint(buffer: Buffer, end: number): { at: number; resume: number; lineEnds: boolean } {
  const newline = end > 0 ? buffer.lastIndexOf(0x0a, end - 1) : -1;
  if (newline >= 0) return { at: newline, resume: newline + 1, lineEnds: true };
  if (end < buffer.length) return { at: 0, resume: 0, lineEnds: false };
  const space = lastSpace(buffer, end >> 1, end);
  if (space >= 0) return { at: space, resume: space + 1, lineEnds: false };
  let at = end - 1;
  while (at > 0 && (buffer[at] & 0xc0) === 0x80) at--; // back to the first byte of a character
  return { at, resume: at, lineEnds: false };
}

function lastSpace(buffer: Buffer, from: number, end: number): number {
  for (let i = end - 1; i >= from; i--) {
    const byte = buffer[i];
    if (byte === 0x20 || byte === 0x09 || byte === 0x0d || byte === 0x0c || byte === 0x0b) return i;
  }
  return -1;
}

function dropBom(buffer: Buffer, end: number): number {
  buffer.copyWithin(0, 3, end);
  return end - 3;
}

/** binary and invalid UTF-8 checks of the bytesRead bytes at buffer[from], file offset `position` */
function checkBytes(
  file: CorpusFile,
  buffer: Buffer,
  from: number,
  bytesRead: number,
  position: number,
  validator: Utf8Validator,
): void {
  const bytes = buffer.subarray(from, from + bytesRead);
  if (position === 0 && hasUtf16Bom(bytes)) {
    throw new CorpusInputError(file.path, `${file.shown}: is UTF-16 text; save it as UTF-8 and import it again`, 0);
  }
  const nul = bytes.indexOf(0);
  const nulAt = nul >= 0 ? position + nul : -1;
  // a NUL early on means binary even if invalid UTF-8 comes first (most binary formats)
  if (nulAt >= 0 && nulAt < BINARY_SNIFF_BYTES) throw looksBinary(file, nulAt);
  const invalid = validator.push(bytes);
  if (invalid >= 0 && (nulAt < 0 || invalid < nulAt)) throw invalidUtf8(file, invalid);
  if (nulAt >= 0) throw looksBinary(file, nulAt);
}

/** the second pass: provisional ids in `from` become final ids in `to` */
async function rewriteWithFinalIds(from: string, to: string, remap: Uint32Array, signal?: AbortSignal): Promise<void> {
  const reader = new TokenReader(from);
  try {
    const writer = new TokenWriter(to);
    try {
      const chunk = new Uint32Array(TOKENS_PER_CHUNK);
      for (let position = 0; position < reader.count;) {
        const n = reader.read(position, chunk);
        for (let i = 0; i < n; i++) if (chunk[i] !== SENTENCE_END) chunk[i] = remap[chunk[i]];
        writer.writeAll(chunk.subarray(0, n));
        position += n;
        await nextTurn(); // lets an abort arrive
        throwIfAborted(signal);
      }
      writer.close();
    } finally {
      writer.discard();
    }
  } finally {
    reader.close();
  }
}

function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const error = new Error('the import was cancelled');
  error.name = 'AbortError';
  throw error;
}

function invalidUtf8(file: CorpusFile, offset: number): CorpusInputError {
  return new CorpusInputError(
    file.path,
    `${file.shown}: invalid UTF-8 at byte ${offset}; save the file as UTF-8 and import it again`,
    offset,
  );
}

function looksBinary(file: CorpusFile, offset: number): CorpusInputError {
  return new CorpusInputError(
    file.path,
    `${file.shown}: looks binary (a NUL byte at byte ${offset}), not text; import plain-text .txt or .md files`,
    offset,
  );
}

function noWords(paths: string[]): CorpusInputError {
  const shown = paths.map((path) => basename(path)).join(', ');
  return new CorpusInputError(paths.join(', '), `${shown}: no words found (no letters or digits in the text)`);
}
