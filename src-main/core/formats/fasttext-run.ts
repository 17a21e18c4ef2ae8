// A stored run as a fastText model to export (fasttext-bin-write.ts). A
// fasttext run with subwords, trained here or imported from a .bin, keeps its
// n-gram rows, so the model gives unseen words the vectors the lab gives
// them; every other run is its word vectors with n-grams off (minn = maxn =
// bucket = 0), so fastText's vector of each word is the run's own.
import type { RunInfo } from '../../../src-preload/contract.ts';
import type { Db } from '../store/db.ts';
import { readMatrix, readMatrixRows } from '../store/matrices.ts';
import { bucketsFromMatrix } from '../train/fasttext/ngrams.ts';
import type { FasttextArgs } from './fasttext-bin.ts';
import {
  countsOrRanks,
  FASTTEXT_LOSS,
  FASTTEXT_MODEL,
  ownRowsFromVectors,
  plainArgs,
  type FasttextModel,
} from './fasttext-bin-write.ts';
import type { VectorsToWrite } from './write.ts';

/** the stored matrices' names (word2vec.ts results; import-worker.ts for an imported .bin) */
const OWN_ROWS = 'syn0';
const NGRAMS = 'ngrams';
const NGRAM_BUCKETS = 'ngram-buckets';
const OUTPUT = 'syn1neg';

export function fasttextModelOfRun(db: Db, run: RunInfo, v: VectorsToWrite): FasttextModel {
  const args = argsOfRun(run, v.dim);
  const words = v.words;
  const counts = countsOrRanks(words.length, v.counts);
  const output = args.loss === FASTTEXT_LOSS.ns ? rowsOf(db, run.id, OUTPUT, words.length, v.dim) : null;
  const ngramRows = args.maxn > 0 ? storedNgramRows(db, run.id, args) : null;
  if (!ngramRows) return { words, counts, args: { ...args, minn: 0, maxn: 0, bucket: 0 }, wordRows: v.data, output };
  // a trained run keeps each word's own row; an imported .bin only the means
  const wordRows =
    rowsOf(db, run.id, OWN_ROWS, words.length, v.dim) ?? ownRowsFromVectors(words, v.data, args, ngramRows);
  return { words, counts, args, wordRows, ngramRows, output };
}

/** the run's parameters as fastText's Args; what a method lacks takes fastText's default */
function argsOfRun(run: RunInfo, dim: number): FasttextArgs {
  const p = run.params;
  const num = (key: string, fallback: number): number => {
    const value = p[key];
    return typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  };
  const base = plainArgs(dim);
  const neg = num('negative', base.neg);
  // fastText trains one loss: negative sampling where the run had it, else hierarchical softmax
  const loss = neg > 0 || p.hs !== true ? FASTTEXT_LOSS.ns : FASTTEXT_LOSS.hs;
  const subwords = run.method === 'fasttext' || run.method === 'imported';
  return {
    ...base,
    ws: num('window', base.ws),
    epoch: num('epochs', base.epoch),
    minCount: num('minCount', base.minCount),
    neg,
    loss,
    model: run.method === 'cbow' || p.model === 'cbow' ? FASTTEXT_MODEL.cbow : FASTTEXT_MODEL.sg,
    minn: subwords ? num('minn', 0) : 0,
    maxn: subwords ? num('maxn', 0) : 0,
    bucket: subwords ? num('bucket', 0) : 0,
    t: num('sample', base.t),
  };
}

/** a stored matrix of one row per word, or null when the run has none of that size */
function rowsOf(db: Db, runId: number, name: string, words: number, dim: number): Float32Array | null {
  const m = readMatrix(db, runId, name);
  return m && m.cols === dim && m.data.length === words * dim ? m.data : null;
}

/**
 * Reads the run's n-gram rows a chunk of buckets at a time, or null when it
 * kept none. A trained run keeps only the buckets some word uses (with their
 * list, ascending); the others were never trained and count as zero, as the
 * lab's own vectors for unseen words count them. An imported .bin kept all.
 */
function storedNgramRows(
  db: Db,
  runId: number,
  args: FasttextArgs,
): ((first: number, into: Float32Array) => void) | null {
  const { dim, bucket } = args;
  if (bucket <= 0 || !readMatrixRows(db, runId, NGRAMS, [])) return null;
  const list = readMatrix(db, runId, NGRAM_BUCKETS);
  const buckets = list ? bucketsFromMatrix(list.data) : null;
  return (first, into) => {
    const end = first + into.length / dim;
    const lo = buckets ? lowerBound(buckets, first) : first;
    const hi = buckets ? lowerBound(buckets, end) : end;
    const rows = Array.from({ length: hi - lo }, (_, i) => lo + i);
    const read = readMatrixRows(db, runId, NGRAMS, rows)!;
    if (read.cols !== dim) throw new RangeError(`the n-gram rows have ${read.cols} columns, the vectors ${dim}`);
    into.fill(0);
    read.rows.forEach((row, i) => into.set(row, ((buckets ? buckets[lo + i] : lo + i) - first) * dim));
  };
}

/** the first index whose value is at least `value` */
function lowerBound(sorted: Uint32Array, value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
