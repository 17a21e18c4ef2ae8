// What every trainer (word2vec family, GloVe) takes and gives, so the
// service can run, checkpoint, resume and continue any method the same way.

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
}

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
}
