// word2vec's binary format (word2vec.c, gensim binary=True): an ASCII header
// "WORDS DIMS\n", then per word its UTF-8 bytes, a space, DIMS little-endian
// float32 values, and (word2vec.c, gensim) a newline, which readers skip.
import { isUtf8 } from 'node:buffer';
import { checkDim, RowBatch, WordBook } from './batch.ts';
import { ByteStream } from './byte-stream.ts';
import { FileBytes, ProgressTicker } from './file-bytes.ts';
import {
  throwIfAborted,
  VectorInputError,
  type InputFile,
  type ReadOptions,
  type ReadSummary,
  type VectorSink,
} from './types.ts';

const MAX_WORD_BYTES = 64 * 1024;
const MAX_HEADER_BYTES = 100;

export async function readWord2vecBinary(opts: ReadOptions, sink: VectorSink): Promise<ReadSummary> {
  const file = await FileBytes.open(opts.file);
  try {
    const stream = new ByteStream(file);
    const { words, dim } = await readHeader(stream, opts.file);
    const batch = new RowBatch(sink, dim);
    const book = new WordBook(opts.file, (n) => `word ${n}`);
    const ticker = new ProgressTicker(file, opts);
    const rowBytes = dim * 4;
    const target = new Uint8Array(batch.data.buffer);
    for (let n = 1; n <= words; n++) {
      if ((n & 1023) === 0) {
        throwIfAborted(opts.signal);
        ticker.tick(batch.total);
      }
      const wordAt = await skipNewlines(stream);
      const word = await readWord(stream, opts.file, n, words);
      book.add(word, n, wordAt);
      const valuesAt = stream.offset;
      if (!(await stream.copyTo(target, batch.rowStart * 4, rowBytes))) {
        throw truncated(
          opts.file,
          valuesAt,
          `word ${n} of ${words} (${JSON.stringify(word)}) needs ${rowBytes} bytes of float32 values, only ${file.size - valuesAt} remain`,
        );
      }
      batch.push(word);
    }
    batch.flush();
    ticker.tick(batch.total, true);
    return { words, dim, params: {} };
  } finally {
    await file.close();
  }
}

async function readHeader(stream: ByteStream, file: InputFile): Promise<{ words: number; dim: number }> {
  if (stream.file.size === 0) throw new VectorInputError(file.path, `${file.shown}: the file is empty`);
  const newline = await stream.find(0x0a, MAX_HEADER_BYTES);
  const text = newline >= 0 ? stream.buffer.toString('latin1', stream.pos, newline) : '';
  const match = /^\s*(\d+)[ \t]+(\d+)\s*$/.exec(text);
  if (!match) {
    throw new VectorInputError(
      file.path,
      `${file.shown}: line 1: expected the header "WORDS DIMS" (two whole numbers) of a word2vec binary file`,
      1,
      0,
    );
  }
  stream.pos = newline + 1;
  const words = Number(match[1]);
  const dim = Number(match[2]);
  checkDim(file, dim, 'the header');
  if (words === 0) throw new VectorInputError(file.path, `${file.shown}: the header says 0 words: no vectors`);
  return { words, dim };
}

/** word2vec.c ends each vector with \n; gensim's reader strips it from the next word */
async function skipNewlines(stream: ByteStream): Promise<number> {
  while ((await stream.ensure(1)) && (stream.buffer[stream.pos] === 0x0a || stream.buffer[stream.pos] === 0x0d)) {
    stream.pos++;
  }
  return stream.offset;
}

async function readWord(stream: ByteStream, file: InputFile, n: number, words: number): Promise<string> {
  const at = stream.offset;
  if (stream.available === 0) {
    throw truncated(file, at, `the header promises ${words} words but the file ends after word ${n - 1}`);
  }
  const space = await stream.find(0x20, MAX_WORD_BYTES);
  if (space < 0) {
    if (!(await stream.ensure(MAX_WORD_BYTES))) {
      throw truncated(file, at, `word ${n} of ${words} is cut off before its values`);
    }
    throw new VectorInputError(
      file.path,
      `${file.shown}: word ${n} at byte ${at}: no space after the word within ${MAX_WORD_BYTES} bytes; is this a word2vec binary file?`,
      undefined,
      at,
    );
  }
  const bytes = stream.buffer.subarray(stream.pos, space);
  if (!isUtf8(bytes)) {
    throw new VectorInputError(
      file.path,
      `${file.shown}: word ${n} at byte ${at} is not valid UTF-8; is this a word2vec binary file?`,
      undefined,
      at,
    );
  }
  if (bytes.length === 0) {
    throw new VectorInputError(file.path, `${file.shown}: word ${n} at byte ${at} is empty`, undefined, at);
  }
  const word = bytes.toString('utf8');
  stream.pos = space + 1;
  return word;
}

function truncated(file: InputFile, offset: number, what: string): VectorInputError {
  return new VectorInputError(file.path, `${file.shown}: truncated at byte ${offset}: ${what}`, undefined, offset);
}
