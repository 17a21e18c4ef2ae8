// Writing a vector set in each format. Text values are the shortest decimals
// that read back to the same float32, so an export imports bit for bit. Files
// are written beside their final name and renamed when complete: a failed or
// cancelled export leaves nothing half-written (write-progress.ts: progress
// in rows, and the cancel checked before each buffer goes out).
import { open, rename, rm, type FileHandle } from 'node:fs/promises';
import { ParamError } from '../errors.ts';
import {
  countsOrRanks,
  fasttextRows,
  plainArgs,
  writeFasttextModel,
  type FasttextModel,
} from './fasttext-bin-write.ts';
import { formatFloat32 } from './numbers.ts';
import type { VectorFormat } from './types.ts';
import { RowProgress, type WriteOptions } from './write-progress.ts';

export type { WriteOptions } from './write-progress.ts';

export interface VectorsToWrite {
  words: string[];
  dim: number;
  /** words.length * dim floats, row-major */
  data: Float32Array;
  /** corpus counts, where known (fasttext-bin keeps them) */
  counts?: ArrayLike<number | null>;
}

export interface WrittenFiles {
  /** the vectors file, and for tsv the metadata file beside it */
  files: string[];
}

const FLUSH_CHARS = 1 << 20;

/** every format the lab reads it also writes */
export type WritableFormat = VectorFormat;

export async function writeVectorFile(
  format: WritableFormat,
  out: string,
  v: VectorsToWrite,
  options: WriteOptions = {},
): Promise<WrittenFiles> {
  if (format === 'fasttext-bin') return writeFasttextFile(out, plainModel(v), options);
  checkWords(format, v.words);
  const progress = new RowProgress(v.words.length, options);
  // tsv: both files or neither, the Projector needs the pair
  const files = format === 'tsv' ? [out, metadataPathFor(out)] : [out];
  await atomically(files, async ([h, metadata]) => {
    if (format === 'word2vec-bin') return writeBinary(h, v, progress);
    await writeText(h, v, format === 'glove' || format === 'tsv' ? format : 'header', progress);
    if (format === 'tsv') await writeLines(metadata, v.words);
  });
  progress.finish();
  return { files };
}

/** a fastText model with n-grams (a fasttext run's, so unseen words keep their vectors) */
export async function writeFasttextFile(
  out: string,
  model: FasttextModel,
  options: WriteOptions = {},
): Promise<WrittenFiles> {
  checkWords('fasttext-bin', model.words);
  const progress = new RowProgress(fasttextRows(model), options);
  await atomically([out], ([h]) => writeFasttextModel(h, model, progress));
  progress.finish();
  return { files: [out] };
}

/** word vectors alone as a fastText model: no n-grams, so each vector is its word's input row */
function plainModel(v: VectorsToWrite): FasttextModel {
  return { words: v.words, counts: countsOrRanks(v.words.length, v.counts), args: plainArgs(v.dim), wordRows: v.data };
}

/** "vectors.tsv" → "vectors.metadata.tsv": the Projector's pair, side by side */
export function metadataPathFor(vectorsPath: string): string {
  return vectorsPath.toLowerCase().endsWith('.tsv')
    ? `${vectorsPath.slice(0, -4)}.metadata.tsv`
    : `${vectorsPath}.metadata.tsv`;
}

/** a word a format cannot hold is refused by name, never written mangled (an export checks before it starts, too) */
export function checkWords(format: VectorFormat, words: string[]): void {
  const at = words.findIndex((w) => refusal(format, w) !== null);
  if (at < 0) return;
  throw new ParamError(
    `word ${at + 1} (${JSON.stringify(words[at])}) ${refusal(format, words[at])}, which the ${format} format cannot hold`,
  );
}

function refusal(format: VectorFormat, word: string): string | null {
  if (word.length === 0) return 'is empty';
  if (format === 'tsv') return /[\t\n\r]/.test(word) ? 'holds a tab or newline' : null;
  if (/\s/.test(word)) return 'holds whitespace';
  // fastText ends each dictionary word with a NUL byte
  if (format === 'fasttext-bin' && word.includes('\0')) return 'holds a NUL character';
  return null;
}

/**
 * Writes each file as "NAME.partial" and renames them all once every one is
 * whole; on any error, a cancel included, the partial files are removed and
 * the targets left as they were.
 */
async function atomically(paths: string[], write: (handles: FileHandle[]) => Promise<void>): Promise<void> {
  const partials = paths.map((path) => `${path}.partial`);
  const handles: FileHandle[] = [];
  try {
    for (const partial of partials) handles.push(await open(partial, 'w'));
    await write(handles);
    for (const handle of handles.splice(0)) await handle.close();
    for (let i = 0; i < paths.length; i++) await rename(partials[i], paths[i]);
  } catch (error) {
    await Promise.all(handles.map((handle) => handle.close().catch(() => undefined)));
    await Promise.all(partials.map((partial) => rm(partial, { force: true })));
    throw error;
  }
}

async function writeText(
  h: FileHandle,
  v: VectorsToWrite,
  layout: 'header' | 'glove' | 'tsv',
  progress: RowProgress,
): Promise<void> {
  const { words, dim, data } = v;
  const separator = layout === 'tsv' ? '\t' : ' ';
  let text = layout === 'header' ? `${words.length} ${dim}\n` : '';
  const values = new Array<string>(dim);
  for (let w = 0; w < words.length; w++) {
    for (let c = 0; c < dim; c++) values[c] = formatFloat32(data[w * dim + c]);
    text += layout === 'tsv' ? `${values.join(separator)}\n` : `${words[w]} ${values.join(separator)}\n`;
    if (text.length >= FLUSH_CHARS) {
      progress.check();
      await h.write(text);
      text = '';
      progress.reached(w + 1);
    }
  }
  progress.check();
  await h.write(text);
}

async function writeLines(h: FileHandle, lines: string[]): Promise<void> {
  for (let i = 0; i < lines.length; i += 65536) await h.write(`${lines.slice(i, i + 65536).join('\n')}\n`);
}

/** word2vec.c's layout: "word " + float32 values + "\n" */
async function writeBinary(h: FileHandle, v: VectorsToWrite, progress: RowProgress): Promise<void> {
  const { words, dim, data } = v;
  const chunks: Buffer[] = [Buffer.from(`${words.length} ${dim}\n`)];
  let size = 0;
  const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  for (let w = 0; w < words.length; w++) {
    chunks.push(Buffer.from(`${words[w]} `, 'utf8'), bytes.subarray(w * dim * 4, (w + 1) * dim * 4), NEWLINE);
    size += dim * 4 + words[w].length + 2;
    if (size >= FLUSH_CHARS) {
      progress.check();
      await h.write(Buffer.concat(chunks));
      chunks.length = 0;
      size = 0;
      progress.reached(w + 1);
    }
  }
  progress.check();
  await h.write(Buffer.concat(chunks));
}

const NEWLINE = Buffer.from('\n');
