// Checks skip-gram parameters against each other and the corpus before any
// work starts, with messages a user can act on.
import type { SgnsParams } from '../../../src-preload/contract.ts';
import { ParamError } from '../errors.ts';
import { keptVocabSize, totalCount } from './sampling.ts';

export interface SgnsVocab {
  /** words with count >= minCount: ids [0, kept) */
  kept: number;
  /** their corpus tokens (word2vec.c's train_words) */
  totalWords: number;
}

export function validateSgnsParams(
  params: SgnsParams,
  counts: ArrayLike<number>,
  words?: ArrayLike<string>,
): SgnsVocab {
  wholeNumber('dim', params.dim, 1);
  wholeNumber('window', params.window, 1);
  wholeNumber('negative', params.negative, 0);
  wholeNumber('min-count', params.minCount, 1);
  wholeNumber('epochs', params.epochs, 1);
  wholeNumber('threads', params.threads, 1);
  wholeNumber('seed', params.seed, 0);
  finiteNumber('sample', params.sample, 0, params.sample >= 0);
  finiteNumber('alpha', params.alpha, 0, params.alpha > 0, 'larger than');
  finiteNumber('min-alpha', params.minAlpha, 0, params.minAlpha >= 0);
  if (counts.length === 0) throw new ParamError('the corpus has no words to train on');
  const kept = keptVocabSize(counts, params.minCount);
  if (kept === 0) throw new ParamError(minCountMessage(params.minCount, counts, words));
  return { kept, totalWords: totalCount(counts, kept) };
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
