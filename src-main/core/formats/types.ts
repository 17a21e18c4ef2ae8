// The vector file formats the lab reads and writes, and what a reader hands on.

import type { VectorFormat } from '../../../src-preload/contract.ts';

export { vectorFormats, type VectorFormat } from '../../../src-preload/contract.ts';

export const formatLabels: Record<VectorFormat, string> = {
  word2vec: 'word2vec text (header "WORDS DIMS", then "word v1 … vD")',
  'word2vec-bin': 'word2vec binary (header, then word and float32 values)',
  glove: 'GloVe text (no header)',
  'fasttext-vec': 'fastText .vec (word2vec text)',
  'fasttext-bin': 'fastText .bin model (with subword n-grams)',
  tsv: 'TensorFlow Projector vectors.tsv (+ metadata.tsv)',
};

/** a file as read and as named in messages */
export interface InputFile {
  path: string;
  shown: string;
}

/** where a reader puts what it reads; calls come in file order */
export interface VectorSink {
  /** words.length rows of `dim` floats */
  vectors(words: string[], data: Float32Array, dim: number): void;
  /** fastText .bin: consecutive rows of the n-gram (bucket) matrix, from row 0 */
  ngrams?(rows: Float32Array, dim: number): void;
}

export interface ReadOptions {
  file: InputFile;
  /** tsv: the Projector's metadata.tsv with the labels */
  metadata?: InputFile;
  signal?: AbortSignal;
  onProgress?: (bytesDone: number, bytesTotal: number, words: number) => void;
}

export interface ReadSummary {
  words: number;
  dim: number;
  /** what the format adds to the run's parameters (fastText: minn, maxn, bucket, ...) */
  params: Record<string, unknown>;
}

/**
 * A problem with the file the user gave: names the file and where in it
 * (line, column, byte offset), so it can be fixed.
 */
export class VectorInputError extends Error {
  override name = 'VectorInputError';

  constructor(
    readonly file: string,
    message: string,
    readonly line?: number,
    readonly offset?: number,
  ) {
    super(message);
  }
}

export function throwIfAborted(signal: AbortSignal | undefined): void {
  if (!signal?.aborted) return;
  const error = new Error('the import was cancelled');
  error.name = 'AbortError';
  throw error;
}
