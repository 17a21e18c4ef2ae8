// Skip-gram with negative sampling in the first trainer's shape: a thin alias
// of trainWord2vec (word2vec.ts) with method 'sgns', kept while callers move
// to the common trainer interface.
import type { SgnsParams } from '../../../src-preload/contract.ts';
import type { TrainProgress } from './types.ts';
import { trainWord2vec, type Word2vecParams } from './word2vec.ts';

export { TrainAbortError } from './word2vec.ts';
export type { TrainProgress } from './types.ts';

export interface TrainResult {
  vocabSize: number;
  dim: number;
  /** the input vectors (syn0), vocabSize * dim, row-major */
  vectors: Float32Array;
  /** syn1neg, to continue training */
  matrices: Record<string, Float32Array>;
  /** mean loss per positive pair, per epoch (NaN for an epoch with no pairs) */
  epochLoss: number[];
  seconds: number;
  wordsDone: number;
}

export interface TrainSgnsInput {
  tokenFile: string;
  /** the full corpus vocabulary's counts, most frequent first */
  counts: ArrayLike<number>;
  params: SgnsParams;
  /** the vocabulary's words, only for error messages */
  words?: ArrayLike<string>;
  onProgress?: (progress: TrainProgress) => void;
  signal?: AbortSignal;
}

/** SgnsParams as the word2vec family's: skip-gram, negative sampling, unigram^0.75 */
export function sgnsAsWord2vec(params: SgnsParams): Word2vecParams {
  return { ...params, method: 'sgns', hs: false, maxVocab: null, nsExponent: 0.75, minn: 0, maxn: 0, bucket: 0 };
}

export function trainSgns(input: TrainSgnsInput): Promise<TrainResult> {
  return trainWord2vec({
    tokenFile: input.tokenFile,
    counts: input.counts,
    words: input.words ?? [],
    params: sgnsAsWord2vec(input.params),
    tmpDir: '',
    onProgress: input.onProgress,
    signal: input.signal,
  });
}
