// GloVe's parameters, their defaults (those of glove's demo.sh), and the checks
// made before any work starts, with messages a user can act on.
import { ParamError } from '../../errors.ts';
import { keptVocabSize } from '../sampling.ts';

export interface GloveParams {
  /** vector size, without the bias */
  dim: number;
  /** context words on each side */
  window: number;
  /** words seen fewer times are dropped before windowing */
  minCount: number;
  /** keep at most this many of the most frequent words */
  maxVocab?: number;
  /** the weighting function's cutoff: f(x) = (x / xMax)^alpha below it, 1 above */
  xMax: number;
  /** the weighting function's exponent */
  alpha: number;
  /** AdaGrad's initial learning rate */
  eta: number;
  /** passes over the co-occurrence records */
  iter: number;
  threads: number;
  seed: number;
  /** 'sum': W + W~ (glove's -model 2); 'word': W only (-model 1) */
  model: 'sum' | 'word';
  /** soft limit on memory for counting and shuffling, in MiB (cooccur's and shuffle's -memory) */
  memoryMB: number;
  /** left and right contexts; the only mode offered */
  symmetric: true;
}

export const defaultGloveParams: GloveParams = {
  dim: 50,
  window: 15,
  minCount: 5,
  xMax: 10,
  alpha: 0.75,
  eta: 0.05,
  iter: 15,
  threads: 1,
  seed: 1,
  model: 'sum',
  memoryMB: 1024,
  symmetric: true,
};

/** glove.c's -grad-clip default: each gradient component is clipped to [-100, 100] */
export const GRAD_CLIP = 100;

/**
 * Pair keys are packed as i * V + j in a float64, and ids are uint32 with
 * 0xFFFFFFFF reserved: this bounds the vocabulary well above any real one.
 */
export const MAX_GLOVE_VOCAB = 50_000_000;

/** the kept vocabulary: ids [0, vocabSize) */
export function validateGloveParams(params: GloveParams, counts: ArrayLike<number>): { vocabSize: number } {
  wholeNumber('dim', params.dim, 1);
  wholeNumber('window', params.window, 1);
  wholeNumber('min-count', params.minCount, 1);
  if (params.maxVocab !== undefined) wholeNumber('max-vocab', params.maxVocab, 1);
  wholeNumber('iter', params.iter, 1);
  wholeNumber('threads', params.threads, 1);
  wholeNumber('seed', params.seed, 0);
  positive('x-max', params.xMax);
  positive('eta', params.eta);
  positive('memory', params.memoryMB);
  if (!Number.isFinite(params.alpha) || params.alpha < 0) {
    throw new ParamError(`alpha must be a number at least 0, got ${params.alpha}`);
  }
  if (params.model !== 'sum' && params.model !== 'word') {
    throw new ParamError(`model must be 'sum' or 'word', got ${String(params.model)}`);
  }
  if (params.symmetric !== true) throw new ParamError('only symmetric context windows are supported');
  if (counts.length === 0) throw new ParamError('the corpus has no words to train on');
  let vocabSize = keptVocabSize(counts, params.minCount);
  if (vocabSize === 0) {
    throw new ParamError(
      `min-count ${params.minCount} is larger than the count of every word (most frequent: ${counts[0]})`,
    );
  }
  if (params.maxVocab !== undefined) vocabSize = Math.min(vocabSize, params.maxVocab);
  if (vocabSize > MAX_GLOVE_VOCAB) {
    throw new ParamError(
      `GloVe keeps at most ${MAX_GLOVE_VOCAB} words, got ${vocabSize}: raise min-count or set max-vocab`,
    );
  }
  return { vocabSize };
}

function wholeNumber(name: string, value: number, min: number): void {
  if (!Number.isSafeInteger(value)) throw new ParamError(`${name} must be a whole number, got ${value}`);
  if (value < min) throw new ParamError(`${name} must be at least ${min}, got ${value}`);
}

function positive(name: string, value: number): void {
  if (!Number.isFinite(value) || value <= 0)
    throw new ParamError(`${name} must be a number larger than 0, got ${value}`);
}
