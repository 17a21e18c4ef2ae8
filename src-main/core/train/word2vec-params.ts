// The word2vec family's parameters (skip-gram, CBOW, fastText subwords), checked
// against each other and the corpus before any work starts, with messages a
// user can act on.
import { constants } from 'node:buffer';
import { ParamError } from '../errors.ts';
import type { TrainParams } from '../../../src-preload/contract.ts';
import { keptVocabSize, totalCount } from './sampling.ts';

export type Word2vecMethod = 'sgns' | 'cbow' | 'fasttext';
export const word2vecMethods: readonly Word2vecMethod[] = ['sgns', 'cbow', 'fasttext'];

/** the contract's knobs that the word2vec family uses (documented there), and which member of it */
export type Word2vecParams = { method: Word2vecMethod } & Pick<
  TrainParams,
  | 'dim'
  | 'window'
  | 'negative'
  | 'hs'
  | 'minCount'
  | 'maxVocab'
  | 'sample'
  | 'epochs'
  | 'threads'
  | 'alpha'
  | 'minAlpha'
  | 'nsExponent'
  | 'seed'
  | 'minn'
  | 'maxn'
  | 'bucket'
>;

export interface Word2vecVocab {
  /** words [0, kept) are trained; ids >= kept are skipped as word2vec.c drops them */
  kept: number;
  /** their corpus tokens (word2vec.c's train_words) */
  totalWords: number;
  /** n-gram rows after the word rows: `bucket` for fasttext with subwords, else 0 */
  bucketRows: number;
}

export function validateWord2vecParams(
  params: Word2vecParams,
  counts: ArrayLike<number>,
  words?: ArrayLike<string>,
): Word2vecVocab {
  if (!word2vecMethods.includes(params.method)) {
    throw new ParamError(`method must be one of ${word2vecMethods.join(', ')}, got ${String(params.method)}`);
  }
  wholeNumber('dim', params.dim, 1);
  wholeNumber('window', params.window, 1);
  wholeNumber('negative', params.negative, 0);
  if (typeof params.hs !== 'boolean') throw new ParamError(`hs must be true or false, got ${String(params.hs)}`);
  if (params.negative === 0 && !params.hs) {
    throw new ParamError('negative is 0 and hs is off: turn on hierarchical softmax (--hs) or use negative >= 1');
  }
  wholeNumber('min-count', params.minCount, 1);
  // null (or left out): no cap
  const maxVocab = params.maxVocab ?? null;
  if (maxVocab !== null) wholeNumber('max-vocab', maxVocab, 1);
  wholeNumber('epochs', params.epochs, 1);
  wholeNumber('threads', params.threads, 1);
  wholeNumber('seed', params.seed, 0);
  finiteNumber('sample', params.sample, 0, params.sample >= 0);
  finiteNumber('alpha', params.alpha, 0, params.alpha > 0, 'larger than');
  finiteNumber('min-alpha', params.minAlpha, 0, params.minAlpha >= 0);
  finiteNumber('ns-exponent', params.nsExponent, 0, params.nsExponent >= 0);
  let bucketRows = 0;
  if (params.method === 'fasttext') {
    wholeNumber('maxn', params.maxn, 0);
    if (params.maxn > 0) {
      wholeNumber('minn', params.minn, 1);
      if (params.minn > params.maxn) {
        throw new ParamError(`minn ${params.minn} is larger than maxn ${params.maxn}: n-grams need minn <= maxn`);
      }
      if (!Number.isSafeInteger(params.bucket) || params.bucket < 1) {
        throw new ParamError(`bucket must be at least 1 when maxn > 0 (subwords on), got ${params.bucket}`);
      }
      bucketRows = params.bucket;
    }
  }
  if (counts.length === 0) throw new ParamError('the corpus has no words to train on');
  let kept = keptVocabSize(counts, params.minCount);
  if (kept === 0) throw new ParamError(minCountMessage(params.minCount, counts, words));
  if (maxVocab !== null) kept = Math.min(kept, maxVocab);
  if (params.method === 'fasttext' && (!words || words.length < kept)) {
    throw new ParamError('fasttext needs the vocabulary words to build their character n-grams');
  }
  const bytes = (kept + bucketRows) * params.dim * 4;
  if (bytes > constants.MAX_LENGTH) {
    throw new ParamError(
      `${kept + bucketRows} input rows x dim ${params.dim} need ${gib(bytes)} GiB, more than one array can hold (${gib(constants.MAX_LENGTH)} GiB): lower dim, bucket or max-vocab`,
    );
  }
  return { kept, totalWords: totalCount(counts, kept), bucketRows };
}

function gib(bytes: number): string {
  return (bytes / 2 ** 30).toFixed(1);
}

function wholeNumber(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value)) throw new ParamError(`${name} must be a whole number, got ${value}`);
  if (value < min) throw new ParamError(`${name} must be at least ${min}, got ${value}`);
}

function finiteNumber(name: string, value: number, bound: number, ok: boolean, relation = 'at least'): void {
  if (!Number.isFinite(value)) throw new ParamError(`${name} must be a number, got ${value}`);
  if (!ok) throw new ParamError(`${name} must be ${relation} ${bound}, got ${value}`);
}

function minCountMessage(minCount: number, counts: ArrayLike<number>, words?: ArrayLike<string>): string {
  let top = 0;
  for (let i = 1; i < counts.length; i++) if (counts[i] > counts[top]) top = i;
  const word = words && top < words.length ? `'${words[top]}'` : `word #${top}`;
  return `min-count ${minCount} is larger than the count of every word (most frequent: ${word}, ${counts[top]})`;
}
