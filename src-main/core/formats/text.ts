// The text formats: word2vec text and fastText .vec (a "WORDS DIMS" header,
// then "word v1 ... vD" per line), GloVe (no header: the first line sets the
// dimension) and the Projector's vectors.tsv (values only, tab-separated; the
// words come from metadata.tsv). Values are parsed from the bytes; only the
// word becomes a string.
import { isUtf8 } from 'node:buffer';
import { BATCH_ROWS, checkDim, RowBatch, WordBook } from './batch.ts';
import { FileBytes, ProgressTicker } from './file-bytes.ts';
import { parseDecimal } from './numbers.ts';
import { VectorInputError, type InputFile, type ReadOptions, type ReadSummary, type VectorSink } from './types.ts';

export type TextLayout = 'header' | 'glove' | 'tsv';

const SPACE = 0x20;
const TAB = 0x09;
const CR = 0x0d;

function isSeparator(byte: number): boolean {
  return byte === SPACE || byte === TAB;
}

/** reads a text vector file into the sink; `labels` are the words of a tsv file (else row numbers) */
export async function readTextVectors(
  layout: TextLayout,
  opts: ReadOptions,
  sink: VectorSink,
  labels: string[] | null = null,
): Promise<ReadSummary> {
  const bytes = await FileBytes.open(opts.file);
  try {
    if (bytes.size === 0) throw new VectorInputError(opts.file.path, `${opts.file.shown}: the file is empty`);
    const parser = new TextParser(opts.file, layout, sink, labels);
    const ticker = new ProgressTicker(bytes, opts);
    await bytes.forEachLines(opts, (buffer, end, firstOffset) => {
      parser.block(buffer, end, firstOffset);
      ticker.tick(parser.words);
    });
    parser.finish();
    ticker.tick(parser.words, true);
    return { words: parser.words, dim: parser.dim, params: {} };
  } finally {
    await bytes.close();
  }
}

class TextParser {
  /** the number of the line being read, from 1 */
  line = 0;
  dim = 0;
  private batch: RowBatch | null = null;
  private headerWords = -1;
  /** where the dimension came from, for messages */
  private dimFrom = '';
  private firstWord = '';
  private readonly book: WordBook;

  constructor(
    private readonly file: InputFile,
    private readonly layout: TextLayout,
    private readonly sink: VectorSink,
    private readonly labels: string[] | null,
  ) {
    this.book = new WordBook(file, (n) => `line ${n}`);
  }

  get words(): number {
    return this.batch?.total ?? 0;
  }

  /** bytes[0, end) are whole lines; the file's last line may lack its \n */
  block(bytes: Buffer, end: number, firstOffset: number): void {
    let from = firstOffset === 0 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    while (from < end) {
      const newline = bytes.indexOf(0x0a, from);
      const lineEnd = newline < 0 || newline >= end ? end : newline;
      this.line++;
      this.parseLine(bytes, from, lineEnd, firstOffset);
      from = lineEnd + 1;
    }
  }

  finish(): void {
    this.batch?.flush();
    const { file } = this;
    if (this.line === 0 || (this.words === 0 && this.headerWords <= 0)) {
      throw new VectorInputError(file.path, `${file.shown}: no vectors found`);
    }
    if (this.headerWords >= 0 && this.words !== this.headerWords) {
      throw this.error(
        `the header says ${this.headerWords} words but the file has ${this.words}; the file may be cut short`,
        this.line,
      );
    }
    if (this.labels && this.words !== this.labels.length) {
      throw this.error(
        `${this.words} vector rows but the metadata has ${this.labels.length} labels; they must match row for row`,
        this.line,
      );
    }
  }

  private parseLine(bytes: Buffer, start: number, end: number, firstOffset: number): void {
    let e = end;
    while (e > start && (isSeparator(bytes[e - 1]) || bytes[e - 1] === CR)) e--;
    if (e === start) return; // blank lines carry nothing
    if (this.layout === 'header' && this.line === 1) return this.parseHeader(bytes, start, e);
    if (this.headerWords >= 0 && this.words >= this.headerWords) {
      throw this.error(`more words than the header's ${this.headerWords}`, this.line);
    }
    let s = start;
    let word: string;
    if (this.layout === 'tsv') word = this.labels ? this.labels[this.words] : String(this.words);
    else {
      while (s < e && !isSeparator(bytes[s])) s++;
      word = this.decodeWord(bytes, start, s, firstOffset);
      if (word.length === 0) throw this.error('no word before the values', this.line);
      if (this.words === 0) this.firstWord = word;
    }
    if (this.labels && this.words >= this.labels.length) {
      throw this.error(`more vector rows than the metadata's ${this.labels.length} labels`, this.line);
    }
    if (!this.batch) this.startBatch(this.countFields(bytes, s, e));
    this.parseValues(bytes, s, e, word);
    if (this.layout !== 'tsv') this.book.add(word, this.line);
    this.batch!.push(word);
  }

  private parseHeader(bytes: Buffer, start: number, end: number): void {
    const text = bytes.toString('latin1', start, end);
    const match = /^\s*(\d+)[ \t]+(\d+)\s*$/.exec(text);
    if (!match) {
      throw this.error(
        `expected the header "WORDS DIMS" (two whole numbers), got ${JSON.stringify(text.slice(0, 60))}; a file without a header is GloVe format`,
        1,
      );
    }
    this.headerWords = Number(match[1]);
    this.startBatch(Number(match[2]), `the header says ${match[2]}`);
  }

  private startBatch(dim: number, from = `as on line ${this.line}`): void {
    checkDim(this.file, dim, `line ${this.line}`);
    this.dim = dim;
    this.dimFrom = from;
    this.batch = new RowBatch(this.sink, dim);
  }

  /** the values on a line, to learn the dimension from the first one */
  private countFields(bytes: Buffer, from: number, end: number): number {
    let fields = 0;
    for (let i = from; i < end;) {
      while (i < end && isSeparator(bytes[i])) i++;
      if (i >= end) break;
      fields++;
      while (i < end && !isSeparator(bytes[i])) i++;
    }
    return fields;
  }

  private parseValues(bytes: Buffer, from: number, end: number, word: string): void {
    const batch = this.batch!;
    const { dim, data } = batch;
    const base = batch.rowStart;
    let count = 0;
    for (let i = from; i < end;) {
      while (i < end && isSeparator(bytes[i])) i++;
      if (i >= end) break;
      let j = i;
      while (j < end && !isSeparator(bytes[j])) j++;
      if (count === dim) throw this.dimError(word, count + this.countFields(bytes, i, end));
      const value = parseDecimal(bytes, i, j);
      if (!Number.isFinite(value)) this.notANumber(bytes, i, j, count);
      data[base + count++] = value;
      i = j;
    }
    if (count !== dim) throw this.dimError(word, count);
  }

  private decodeWord(bytes: Buffer, start: number, end: number, firstOffset: number): string {
    let ascii = true;
    for (let i = start; i < end; i++) {
      if (bytes[i] >= 0x80) {
        ascii = false;
        break;
      }
    }
    if (!ascii && !isUtf8(bytes.subarray(start, end))) {
      throw new VectorInputError(
        this.file.path,
        `${this.file.shown}: line ${this.line}: the word is not valid UTF-8 (at byte ${firstOffset + start}); save the file as UTF-8`,
        this.line,
        firstOffset + start,
      );
    }
    return bytes.toString(ascii ? 'latin1' : 'utf8', start, end);
  }

  private notANumber(bytes: Buffer, from: number, to: number, index: number): never {
    const text = bytes.toString('utf8', from, Math.min(to, from + 40));
    const column = this.layout === 'tsv' ? index + 1 : index + 2;
    throw this.error(`column ${column} (value ${index + 1}): ${JSON.stringify(text)} is not a number`, this.line);
  }

  private dimError(word: string, got: number): VectorInputError {
    if (this.layout === 'glove' && this.dim === 1 && this.words === 1 && /^\d+$/.test(this.firstWord)) {
      return this.looksLikeHeader();
    }
    const whose = this.layout === 'tsv' ? 'row' : JSON.stringify(word);
    return this.error(`${got} values for ${whose}, expected ${this.dim} (${this.dimFrom})`, this.line);
  }

  private looksLikeHeader(): VectorInputError {
    return this.error(
      'line 1 looks like a word2vec header ("WORDS DIMS"); import the file as word2vec or fasttext-vec, not glove',
      1,
    );
  }

  private error(message: string, line: number): VectorInputError {
    return new VectorInputError(this.file.path, `${this.file.shown}: line ${line}: ${message}`, line);
  }
}

/**
 * The labels of a Projector metadata.tsv: one per line; with more than one
 * column the first line is a header and the labels are the column named
 * "word" or "label" (else the first).
 */
export async function readMetadataLabels(file: InputFile, opts: ReadOptions): Promise<string[]> {
  const bytes = await FileBytes.open(file);
  try {
    const lines: string[] = [];
    let pending = '';
    await bytes.forEachLines(opts, (buffer, end) => {
      const text = pending + buffer.toString('utf8', 0, end);
      const parts = text.split('\n');
      pending = parts.pop() ?? '';
      for (const p of parts) lines.push(p.endsWith('\r') ? p.slice(0, -1) : p);
    });
    if (pending) lines.push(pending.endsWith('\r') ? pending.slice(0, -1) : pending);
    if (lines.length > 0 && lines[0].charCodeAt(0) === 0xfeff) lines[0] = lines[0].slice(1);
    if (lines.length === 0) throw new VectorInputError(file.path, `${file.shown}: the metadata file is empty`);
    return labelsOf(file, lines);
  } finally {
    await bytes.close();
  }
}

function labelsOf(file: InputFile, lines: string[]): string[] {
  const book = new WordBook(file, (n) => `line ${n}`);
  if (!lines[0].includes('\t')) return lines.map((label, i) => checkLabel(file, book, label, i + 1));
  const header = lines[0].split('\t').map((h) => h.trim().toLowerCase());
  const named = header.findIndex((h) => h === 'word' || h === 'label');
  const column = named >= 0 ? named : 0;
  return lines.slice(1).map((line, i) => checkLabel(file, book, line.split('\t')[column] ?? '', i + 2));
}

function checkLabel(file: InputFile, book: WordBook, label: string, line: number): string {
  if (label.length === 0) {
    throw new VectorInputError(file.path, `${file.shown}: line ${line}: empty label; every vector needs a word`, line);
  }
  if (label.includes('\uFFFD')) {
    throw new VectorInputError(file.path, `${file.shown}: line ${line}: the label is not valid UTF-8`, line);
  }
  book.add(label, line);
  return label;
}

export { BATCH_ROWS };
