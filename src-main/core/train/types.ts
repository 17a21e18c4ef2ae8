// What every trainer (word2vec family, GloVe) takes and gives, so the
// service can run, checkpoint, resume and continue any method the same way.
import type { SubwordTable } from './fasttext/ngrams.ts';

/** a consistent-enough snapshot of a run in progress (Hogwild: workers keep writing while it is copied) */
export interface Checkpoint {
  /** corpus words processed so far, over all epochs (drives the learning-rate schedule) */
  wordsDone: number;
  /** 1-based epoch in progress */
  epoch: number;
  /** trainer-specific positions (e.g. per-thread token offsets), JSON-serialisable */
  state: Record<string, unknown>;
  /** every matrix needed to go on: e.g. syn0, syn1neg, syn1, ngrams, or GloVe's W, Wc, biases, gradsq */
  matrices: Record<string, Float32Array>;
}

export interface TrainProgress {
  wordsDone: number;
  wordsTotal: number;
  wordsPerSec: number;
  loss: number;
  alpha: number;
  epoch: number;
  etaSeconds: number | null;
  /** for methods with phases (GloVe: cooccur, shuffle, train) */
  phase?: string;
  message?: string;
}

export interface TrainerInput<P> {
  tokenFile: string;
  words: ArrayLike<string>;
  /** full corpus vocabulary counts, most frequent first */
  counts: ArrayLike<number>;
  params: P;
  /** a folder for temporary files; the trainer removes what it made */
  tmpDir: string;
  onProgress?: (p: TrainProgress) => void;
  signal?: AbortSignal;
  checkpointEveryMs?: number;
  /** called on the coordinating thread; must not keep references to the arrays */
  onCheckpoint?: (c: Checkpoint) => void;
  /** go on from an interrupted run's last checkpoint, same params */
  resumeFrom?: Checkpoint;
  /** start from a finished run's matrices and train `params.epochs` more epochs */
  initFrom?: Record<string, Float32Array>;
  /** called once, before the threads start, with the weights they share (to watch the run, see LiveWeights) */
  onWeights?: (weights: LiveWeights) => void;
  /** called on the coordinating thread when every thread has finished 1-based epoch `epoch` */
  onEpochEnd?: (epoch: number, wordsDone: number) => void;
}

/**
 * The weights a run's threads are writing, for a watcher to read while they
 * train (Hogwild reads: a row may be mid-update). Never written, never kept
 * past the run. Word vectors are built from them as the run's result is.
 */
export type LiveWeights =
  | {
      kind: 'word2vec';
      /** the kept words' input rows, then fastText's n-gram rows */
      input: Float32Array;
      words: number;
      dim: number;
      /** fastText: a word's vector is the mean of its rows (composeWordVectors); null: its own row */
      subwords: SubwordTable | null;
    }
  | {
      kind: 'glove';
      /** GloVe's W: word rows then context rows, dim + 1 (the bias) floats each */
      W: Float64Array;
      words: number;
      dim: number;
      /** 'sum': W + W~, 'word': W alone (outputVectors) */
      model: 'sum' | 'word';
    };

export interface TrainerResult {
  vocabSize: number;
  dim: number;
  /** the word vectors users query (for fasttext: each word's own vector averaged with its n-grams) */
  vectors: Float32Array;
  /** everything else needed to continue training or answer OOV queries (syn1neg, ngrams, ...) */
  matrices: Record<string, Float32Array>;
  epochLoss: number[];
  seconds: number;
  wordsDone: number;
  phases?: Record<string, number>;
  /** facts about how the run was trained, merged into its stored params (e.g. the execution provider used) */
  runParams?: Record<string, unknown>;
}
