// The one contract. Every request the renderer may make, its argument schema
// and result type, and every event, declared once. The Electron shell, the
// browser host and the renderer's clients are all generated from `requests`.
import { z } from 'zod';

// ---------- shared shapes ----------

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export type JobKind = 'import' | 'train' | 'project' | 'evaluate' | 'encode' | 'export';

export interface CorpusInfo {
  id: number;
  name: string;
  source: string;
  files: number;
  tokens: number;
  sentences: number;
  vocabSize: number;
  lowercase: boolean;
  createdAt: string;
}

export interface VocabEntry {
  word: string;
  count: number;
}

export interface CorpusVocab {
  corpus: string;
  total: number;
  entries: VocabEntry[];
  /** how many distinct words occur at least `minCount` times, for several thresholds */
  countsAtLeast: { minCount: number; words: number; tokens: number }[];
}

export interface SgnsParams {
  dim: number;
  window: number;
  negative: number;
  minCount: number;
  sample: number;
  epochs: number;
  threads: number;
  alpha: number;
  minAlpha: number;
  /** a fixed seed; with threads = 1 the run is bit-identical */
  seed: number;
}

export type TrainMethod = 'sgns' | 'cbow' | 'fasttext' | 'glove';
export const trainMethods = ['sgns', 'cbow', 'fasttext', 'glove'] as const satisfies readonly TrainMethod[];

/** every knob of every method; each method uses the ones `methodParams` lists */
export interface TrainParams {
  dim: number;
  window: number;
  negative: number;
  /** hierarchical softmax (Huffman tree) instead of, or beside, negative sampling */
  hs: boolean;
  minCount: number;
  /** keep at most this many most frequent words; null: no cap */
  maxVocab: number | null;
  sample: number;
  /** passes over the corpus; GloVe calls them iterations (--iter) */
  epochs: number;
  threads: number;
  /** word2vec/fastText: the starting learning rate; GloVe: the weighting exponent, as glove's -alpha */
  alpha: number;
  minAlpha: number;
  nsExponent: number;
  seed: number;
  minn: number;
  maxn: number;
  bucket: number;
  xMax: number;
  /** GloVe's learning rate */
  eta: number;
  /** GloVe output: W + W~ ('sum', glove's -model 2) or W alone ('word') */
  model: 'sum' | 'word';
  /** seconds between checkpoints; 0 turns them off */
  checkpointEvery: number;
  /**
   * sgns, cbow, glove: 'off' trains with the CPU kernels (the default); a
   * provider name trains the update as an ONNX graph on that execution
   * provider (an error if it cannot run here); 'auto' takes the best GPU
   * provider there is and falls back to the CPU kernels (the graph on the
   * CPU provider is slower than them)
   */
  graphProvider: GraphProvider;
}

const word2vecKnobs = [
  'dim',
  'window',
  'negative',
  'hs',
  'minCount',
  'maxVocab',
  'sample',
  'epochs',
  'threads',
  'alpha',
  'minAlpha',
  'nsExponent',
  'seed',
  'checkpointEvery',
] as const;

export const methodParams: Record<TrainMethod, readonly (keyof TrainParams)[]> = {
  sgns: [...word2vecKnobs, 'graphProvider'],
  cbow: [...word2vecKnobs, 'graphProvider'],
  fasttext: [...word2vecKnobs, 'minn', 'maxn', 'bucket'],
  glove: [
    'dim',
    'window',
    'minCount',
    'maxVocab',
    'epochs',
    'threads',
    'alpha',
    'eta',
    'xMax',
    'model',
    'seed',
    'checkpointEvery',
    'graphProvider',
  ],
};

const word2vecDefaults = {
  dim: 100,
  window: 5,
  negative: 5,
  hs: false,
  minCount: 5,
  maxVocab: null,
  sample: 1e-3,
  epochs: 5,
  threads: 2,
  alpha: 0.025,
  minAlpha: 0.0001,
  nsExponent: 0.75,
  seed: 1,
  checkpointEvery: 60,
};

/**
 * Defaults follow the tool each method is judged against: word2vec methods as
 * gensim's Word2Vec, fasttext as the fastText CLI's skipgram, glove as the
 * GloVe reference scripts (demo.sh). A value given explicitly always wins.
 */
export const methodDefaults: Record<TrainMethod, Partial<TrainParams>> = {
  sgns: { ...word2vecDefaults, graphProvider: 'off' },
  cbow: { ...word2vecDefaults, graphProvider: 'off' },
  fasttext: {
    ...word2vecDefaults,
    alpha: 0.05,
    minAlpha: 0,
    sample: 1e-4,
    nsExponent: 0.5,
    minn: 3,
    maxn: 6,
    bucket: 2_000_000,
  },
  glove: {
    dim: 50,
    window: 15,
    minCount: 5,
    maxVocab: null,
    epochs: 15,
    threads: 2,
    alpha: 0.75,
    eta: 0.05,
    xMax: 10,
    model: 'sum',
    seed: 1,
    checkpointEvery: 60,
    graphProvider: 'off',
  },
};

/** the method's defaults overlaid with what was given, keeping only the method's own knobs */
export function resolveTrainParams(method: TrainMethod, given: Partial<TrainParams>): Partial<TrainParams> {
  const out: Record<string, unknown> = {};
  for (const key of methodParams[method]) out[key] = given[key] ?? methodDefaults[method][key];
  return out as Partial<TrainParams>;
}

export interface RunInfo {
  id: number;
  name: string;
  method: string;
  corpus: string | null;
  status: RunStatus;
  params: Record<string, unknown>;
  vocabSize: number;
  dim: number;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  seconds: number | null;
  error: string | null;
  /** per-phase seconds and counts of the last training (GloVe: cooccur, shuffle, train, nonZero) */
  timings: Record<string, number> | null;
}

export interface JobInfo {
  id: string;
  kind: JobKind;
  status: RunStatus;
  target: string;
  progress: JobProgress | null;
  error: string | null;
  createdAt: string;
}

export interface JobProgress {
  done: number;
  total: number;
  /** units per second, e.g. words/s */
  rate: number;
  unit: string;
  etaSeconds: number | null;
  loss?: number;
  alpha?: number;
  epoch?: number;
  message?: string;
}

export interface MetricPoint {
  t: number;
  words: number;
  loss: number | null;
  wordsPerSec: number | null;
  alpha: number | null;
  epoch: number | null;
}

export interface Scored {
  word: string;
  score: number;
}

export interface AnalogyResult {
  /** gensim's most_similar(positive=[a, c], negative=[b]): 3CosAdd on unit vectors, inputs excluded */
  results: Scored[];
  /** the plain sum a - b + c on the stored vectors, ranked by cosine, inputs excluded */
  raw: Scored[];
  /** the raw vector a - b + c, for display */
  rawVector: number[];
}

/** one word of an arithmetic expression, with its total weight */
export interface ExpressionTerm {
  word: string;
  weight: number;
}

export interface ExpressionResult {
  /** the expression as written, on the stored vectors (unit vectors with `normalize`), ranked by cosine, inputs excluded */
  results: Scored[];
  /**
   * 3CosMul (Levy and Goldberg 2014; unit vectors, cosines shifted to [0, 1], ε = 0.001), inputs excluded,
   * when the expression is a − b + c (two words of weight +1, one of weight −1, in any order); [] otherwise
   */
  mul: Scored[];
  /** the words and weights the expression reduced to, in order of first appearance */
  terms: ExpressionTerm[];
}

export interface OddOneOut {
  /** gensim's doesnt_match: the word least similar to the mean of the words' unit vectors */
  word: string;
  /** every word's cosine to that mean, in the order given */
  scores: Scored[];
}

export interface SentenceSimilarity {
  /** cosine of the two sentences' mean word vectors (the lecture's method) */
  score: number;
  /** words of either sentence with no vector, left out of the means */
  unknown: string[];
  /** the words each mean was taken over, as the corpus tokenizer split them */
  words: { a: string[]; b: string[] };
}

export interface SimilarityMatrix {
  /** the known words, in the order given */
  words: string[];
  /** words.length² cosines, row-major */
  matrix: Float32Array;
  unknown: string[];
}

export interface ConcordanceLine {
  /** up to `width` words before, cut at the sentence start */
  left: string;
  word: string;
  /** up to `width` words after, cut at the sentence end */
  right: string;
}

export interface Concordance {
  /** the word as the corpus has it (lowercased when the corpus is) */
  word: string;
  corpus: string;
  /** occurrences in the corpus */
  count: number;
  /**
   * the chance training kept one occurrence under the run's `sample` (word2vec.c's formula; fastText's for
   * fasttext runs); null when the method does not subsample (GloVe) or the word is not in the run's vocabulary
   */
  keepProbability: number | null;
  sample: number | null;
  /** the first `n` occurrences in corpus order */
  lines: ConcordanceLine[];
}

/** pca and umap lay out the words; axes places them on directions the user gave as word differences */
export type ProjectionMethod = 'pca' | 'umap' | 'axes';

/** method 'axes': the axes asked for, and how far from orthogonal they are */
export interface ProjectionAxes {
  /** x, y (and z): direction mean v(to) − mean v(from); a word's coordinate is its cosine with the direction */
  axes: { from: string[]; to: string[]; label: string }[];
  /** cosine between each pair of axis directions, axes x axes, 1 on the diagonal */
  cosines: number[][];
  /** the largest |cosine| between two different axes; above 0.5 the map skews distances noticeably */
  maxOverlap: number;
}
export type ProjectionMetric = 'cosine' | 'euclidean';

/** how faithful a map is to the original space */
export interface Faithfulness {
  /**
   * kNN recall@10: of each word's 10 nearest neighbours in the original space (by `metric`), the fraction that
   * are also among its 10 nearest on the map, averaged over the words (k = words - 1 when fewer than 11)
   */
  knnRecall10: number;
  /** each word's recall, parallel to `words` */
  perWord: Float32Array;
  /** neighbours compared per word */
  k: number;
  /** false when the original-space neighbours came from the approximate search (NN-descent), not an exact one */
  exact: boolean;
}

export interface Projection {
  run: string;
  method: ProjectionMethod;
  dims: 2 | 3;
  /** the run's first (most frequent) words, every one asked for: no sampling */
  words: string[];
  counts: number[];
  /** words.length * dims floats, row-major */
  coords: Float32Array;
  /** PCA: variance explained by each axis, as fractions; UMAP: [] */
  explained: number[];
  /** the original-space distance: UMAP's, and the faithfulness's */
  metric: ProjectionMetric;
  /** UMAP's parameters; null for PCA */
  umap: { neighbors: number; minDist: number; seed: number; epochs: number } | null;
  /** method 'axes' only */
  axes?: ProjectionAxes;
  faithfulness: Faithfulness;
  /** seconds this answer took (a cache hit: the lookup) */
  seconds: number;
  /** seconds computing the layout and its faithfulness took, when it was computed */
  computeSeconds: number;
  /** true when the layout came from the cache of finished layouts */
  cached: boolean;
}

/** a UMAP layout while its epochs run, for the map to animate */
export interface ProjectionFrame {
  jobId: string;
  run: string;
  dims: 2 | 3;
  epoch: number;
  epochs: number;
  /** the first words.length words of the run, as the finished Projection lists them; words * dims floats */
  coords: Float32Array;
}

/** a watched training run at one refresh: its map and its watched words' neighbours */
export interface TrainWatchFrame {
  jobId: string;
  run: string;
  /** 0-based: frames of one job, in order */
  index: number;
  /** per-epoch refreshes: the 1-based epoch (GloVe: iteration) just finished; else the one in progress */
  epoch: number;
  epochs: number;
  /** corpus words trained so far (GloVe: co-occurrence records) */
  wordsDone: number;
  /** the frame of the finished weights: its neighbours are what `neighbors` answers on the run */
  final: boolean;
  /** the mapped words: the most frequent `mapWords`, then any watched word beyond them */
  words: string[];
  /** words.length * 2 floats: a 2D PCA, turned onto the previous frame's layout */
  coords: Float32Array;
  /** the watched words, in the order asked */
  watched: string[];
  /** each watched word's k nearest words over the whole current vocabulary (cosine, the word left out) */
  neighbors: { word: string; neighbors: Scored[] }[];
  /** seconds computing the neighbours and the layout (off the main thread) */
  seconds: number;
}

export interface WordVectors {
  run: string;
  words: string[];
  dim: number;
  /** words.length * dim floats, row-major; unknown words are reported, not zero-filled */
  vectors: Float32Array;
  unknown: string[];
}

export interface AnalogySectionScore {
  name: string;
  correct: number;
  total: number;
  accuracy: number;
  questionCount: number;
}

export interface AnalogyEval {
  file: string;
  /** correct / total, a fraction 0..1 */
  accuracy: number;
  correct: number;
  /** questions evaluated (all four words in the restricted vocabulary) */
  total: number;
  /** total / questions in the file, 0..1 */
  coverage: number;
  sections: AnalogySectionScore[];
}

export interface SimilarityEval {
  file: string;
  spearman: number | null;
  pearson: number | null;
  /** pairs evaluated */
  pairs: number;
  coverage: number;
  oov: string[];
}

export interface EvalReport {
  run: string;
  restrictVocab: number;
  analogies: AnalogyEval[];
  similarity: SimilarityEval[];
}

export interface EvalSets {
  analogies: string[];
  similarity: string[];
}

/** one analogy question of a stored evaluation, as answered */
export interface AnalogyQuestionRow {
  /** 0-based position in the file's questions */
  index: number;
  section: string;
  /** 1-based line in the file */
  line: number;
  a: string;
  b: string;
  c: string;
  expected: string;
  /** false when a word was outside the restricted vocabulary (the question was skipped) */
  evaluated: boolean;
  correct: boolean;
  /** the answer taken (gensim's); null when not evaluated */
  predicted: string | null;
  /** 1-based rank of the expected word among all candidates (1 = correct); null when not evaluated */
  rank: number | null;
  /** the best answers given (a, b and c left out), cosine with b − a + c */
  top: Scored[];
}

export interface AnalogyQuestionsPage {
  run: string;
  file: string;
  /** the file's sections, in order */
  sections: string[];
  /** questions matching the filter */
  total: number;
  offset: number;
  questions: AnalogyQuestionRow[];
  /** when the evaluation these come from was made */
  evaluatedAt: string;
}

/** one run's score on one evaluation file, as `evaluate` stored it */
export interface CompareScore {
  run: string;
  file: string;
  kind: 'analogy' | 'similarity';
  metric: 'accuracy' | 'spearman';
  /** accuracy 0..1, or Spearman's rho; null when rho is undefined (fewer than 2 pairs, or a constant side) */
  value: number | null;
  /** evaluated / in the file, 0..1 */
  coverage: number;
  /** questions or pairs evaluated */
  evaluated: number;
  /** analogies: per section, in file order */
  sections?: AnalogySectionScore[];
  /** similarity: Pearson's r */
  pearson?: number | null;
  /** when the score was computed */
  evaluatedAt: string;
}

export interface CompareReport {
  runs: string[];
  restrictVocab: number;
  /** run by run, each run's analogy files then similarity files */
  scores: CompareScore[];
}

/** how one benchmark's score spreads over the runs (the seeds) */
export interface ScoreSpread {
  file: string;
  metric: 'accuracy' | 'spearman';
  /** runs with a stored score for the file */
  runs: number;
  mean: number;
  /** sample standard deviation (n − 1); 0 for one run */
  sd: number;
  min: number;
  max: number;
}

export interface StabilityReport {
  runs: string[];
  k: number;
  /** words every run has */
  shared: number;
  /** words compared: the most frequent shared ones */
  words: number;
  /** mean Jaccard@k of the top-k neighbour sets (searched within the shared vocabulary), mean over run pairs */
  jaccard: number;
  /** mean rank-biased overlap (RBO_ext, p = 0.9) of the same lists */
  rbo: number;
  pairs: { a: string; b: string; jaccard: number; rbo: number }[];
  /** most frequent first */
  perWord: { word: string; jaccard: number; rbo: number }[];
  /** the stored benchmark scores' spread over the runs, for files every run was evaluated on */
  scores: ScoreSpread[];
  seconds: number;
}

export interface AlignReport {
  a: string;
  b: string;
  /** words both runs have */
  shared: number;
  /** the most frequent shared words the rotation was fitted on */
  fitted: number;
  /** mean cosine distance 1 − cos(a, b W) over all shared words, after alignment */
  residual: number;
  /** the same over the fitted words */
  fitResidual: number;
  /** shared words, farthest moved first (cosine distance between A's vector and B's aligned one) */
  moved: { word: string; distance: number }[];
  /** the aligned map: A's and aligned B's vectors of the first words.length shared words in one 3D PCA */
  map: {
    words: string[];
    /** words.length * 3 floats each, row-major */
    a: Float32Array;
    b: Float32Array;
    /** variance explained by each axis, as fractions */
    explained: number[];
  };
  seconds: number;
}

export interface NeighborsAcross {
  word: string;
  k: number;
  /** one column per run, in the order asked; each run's own vocabulary is searched */
  columns: { run: string; known: boolean; neighbors: Scored[] }[];
  /** every pair of runs that know the word */
  pairs: { a: string; b: string; jaccard: number; rbo: number }[];
  /** neighbours found in every column that knows the word (the overlap to highlight) */
  common: string[];
}

/** how fastText and BERT cut one word into subword units (the Lessons view) */
export interface SubwordSplit {
  word: string;
  minn: number;
  maxn: number;
  bucket: number;
  /** fastText's character n-grams of `<word>`, in fastText's order (by start, then length) */
  ngrams: string[];
  /** each n-gram's row in fastText's hashed table: FNV-1a hash modulo `bucket` */
  buckets: number[];
  /** the WordPiece tokens of the word (lowercased, accents stripped, `##` continues a word) */
  wordpiece: string[];
  /** each token's id in the vocabulary */
  wordpieceIds: number[];
  /** which vocabulary split it, e.g. "bert-base-uncased" */
  vocabulary: string;
  vocabularySize: number;
  /** with a run: the word's vector there, its own row or (fastText) the mean of its n-gram rows; else null */
  vector: Float32Array | null;
  /** where that vector came from; null without one */
  vectorFrom: 'vocabulary' | 'ngrams' | null;
}

/** a bookmark of the Explore map; `state` is the view's own JSON, validated by the view when reopened */
export interface Scene {
  id: number;
  run: string;
  name: string;
  state: Record<string, unknown>;
  createdAt: string;
}

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  dbPath: string;
}

// ---------- encoders (BERT-family ONNX) ----------

export const providerNames = ['cuda', 'tensorrt', 'dml', 'coreml', 'webgpu', 'cpu'] as const;
export type ProviderName = (typeof providerNames)[number];
/** training's choice: 'off' = the CPU kernels; else the ONNX graph on a provider ('auto': the best GPU one, else 'off') */
export const graphProviders = ['off', 'auto', ...providerNames] as const;
export type GraphProvider = (typeof graphProviders)[number];

export interface ProviderReport {
  /** execution providers that started a session on this machine, best first */
  available: ProviderName[];
  chosen: ProviderName;
  /** the others this platform knows, each with the reason it cannot be used here */
  skipped: { name: ProviderName; reason: string }[];
  /** skipped ones that run, but only on a software device (WebGPU on SwiftShader): forcing them works */
  software?: ProviderName[];
}

/** a registered encoder folder and what was read from its files */
export interface EncoderModelInfo {
  name: string;
  dir: string;
  modelType: string;
  hiddenSize: number;
  layers: number;
  heads: number;
  /** tokens per text, special tokens included */
  maxLength: number;
  maxLengthFrom: string;
  pooling: 'mean' | 'cls';
  poolingFrom: string;
  /** sentence vectors are L2-normalised by default (a sentence-transformers Normalize module) */
  normalize: boolean;
  tokenizerFile: 'tokenizer.json' | 'vocab.txt';
  /** the export has attention outputs (the attention view needs them) */
  hasAttentions: boolean;
  createdAt: string;
}

export interface TokenizeResult {
  tokens: string[];
  ids: number[];
  tokenTypeIds: number[];
  truncated: boolean;
}

export interface EncodeResult {
  /** one pooled vector per text */
  vectors: Float32Array[];
  pooling: 'mean' | 'cls';
  normalized: boolean;
  provider: ProviderName;
  /** per text: cut to the model's maximum length */
  truncated: boolean[];
  tokens: string[][];
  /** per text, per token: the last hidden state (when asked for) */
  tokenVectors?: Float32Array[][];
}

export interface AveragedSearch {
  /** the word-vector run whose means were compared */
  run: string;
  results: Scored[];
  /** query words that run does not know (left out of the mean) */
  unknown: string[];
}

export interface SemanticSearchResult {
  /** the encoded texts nearest to the query by the encoder */
  encoder: Scored[];
  /** the query was cut to the model's length */
  truncated: boolean;
  /** the same texts ranked by the mean of their word vectors in another run (the lecture's method) */
  averaged?: AveragedSearch;
}

/** one word's contextual vectors over its occurrences in a corpus, as a 2D/3D cloud */
export interface ContextCloud {
  word: string;
  /** occurrences of the word in the corpus (the cloud holds a sample of them) */
  total: number;
  /** the sampled contexts that have a point, parallel to coords */
  occurrences: { left: string[]; word: string; right: string[] }[];
  dims: 2 | 3;
  /** occurrences.length * dims, PCA of the contextual vectors */
  coords: Float32Array;
  /** the fraction of variance each axis shows */
  explained: number[];
  /** sampled contexts the model's length cut before the word (left out) */
  lost: number;
  /** the word's one static vector's neighbours in a word-vector run, for contrast */
  static: { run: string; neighbors: Scored[] } | null;
}

/** a run's N most frequent words grouped by spherical k-means in the original space */
export interface WordClusters {
  k: number;
  /** the words clustered: the run's first `words` (the map's words) */
  words: number;
  /** the cluster of each word, 0..k-1, in the run's order */
  labels: number[];
  /** per cluster, the words nearest its centre (for the legend) */
  exemplars: string[][];
  iterations: number;
  /** mean cosine of the words to their cluster centre */
  cohesion: number;
}

export interface AttentionResult {
  tokens: string[];
  /** weights[i][j]: how much token i attends to token j; rows sum to 1 */
  weights: number[][];
  layer: number;
  head: number;
}

// ---------- argument schemas ----------

const name = z.string().trim().min(1, 'must not be empty').max(200);
// a word, or a text of an encoded corpus (its "words" are sentences or chunks)
const word = z.string().min(1, 'must not be empty').max(100_000);
const k = z.number().int().min(1).max(1000).default(10);
/** a text for an encoder: long ones are truncated to the model's length, this only bounds the request */
const encoderText = z.string().max(1_000_000);

export const sgnsParamsSchema = z.object({
  dim: z.number().int().min(1, 'dim must be at least 1').max(2000).default(100),
  window: z.number().int().min(1, 'window must be at least 1').max(100).default(5),
  negative: z.number().int().min(0, 'negative must be 0 or more').max(100).default(5),
  minCount: z.number().int().min(1).default(5),
  sample: z.number().min(0).max(1).default(1e-3),
  epochs: z.number().int().min(1).max(1000).default(5),
  threads: z.number().int().min(1).max(256).default(2),
  alpha: z.number().gt(0).max(10).default(0.025),
  minAlpha: z.number().min(0).max(10).default(0.0001),
  seed: z.number().int().min(0).default(1),
}) satisfies z.ZodType<SgnsParams, unknown>;

export const trainParamsSchema = z
  .object({
    dim: z.number().int().min(1, 'dim must be at least 1').max(2000),
    window: z.number().int().min(1, 'window must be at least 1').max(100),
    negative: z.number().int().min(0, 'negative must be 0 or more').max(100),
    hs: z.boolean(),
    minCount: z.number().int().min(1, 'min-count must be at least 1'),
    maxVocab: z.number().int().min(1).nullable(),
    sample: z.number().min(0).max(1),
    epochs: z.number().int().min(1, 'epochs must be at least 1').max(1000),
    threads: z.number().int().min(1).max(256),
    alpha: z.number().gt(0, 'alpha must be larger than 0').max(10),
    minAlpha: z.number().min(0).max(10),
    nsExponent: z.number().min(-2).max(2),
    seed: z.number().int().min(0),
    minn: z.number().int().min(0).max(20),
    maxn: z.number().int().min(0).max(20),
    bucket: z.number().int().min(0).max(100_000_000),
    xMax: z.number().gt(0, 'x-max must be larger than 0'),
    eta: z.number().gt(0, 'eta must be larger than 0').max(10),
    model: z.enum(['sum', 'word']),
    checkpointEvery: z.number().min(0),
    graphProvider: z.enum(graphProviders),
  })
  .partial();

export const corpusSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('demo') }),
  /** a file the browser host received as an upload */
  z.object({ kind: z.literal('upload'), uploadId: z.string().regex(/^[a-f0-9]{32}$/) }),
  /** a path the desktop shell got from its own file dialog */
  z.object({ kind: z.literal('picked'), pickId: z.string().regex(/^[a-f0-9]{32}$/) }),
]);
export type CorpusSource = z.infer<typeof corpusSourceSchema>;

/** the vector file formats the lab imports and exports */
export const vectorFormats = ['word2vec', 'word2vec-bin', 'glove', 'fasttext-vec', 'fasttext-bin', 'tsv'] as const;
export type VectorFormat = (typeof vectorFormats)[number];
export const exportFormats = ['word2vec', 'word2vec-bin', 'glove', 'fasttext-vec', 'fasttext-bin', 'tsv'] as const;
export type ExportFormat = (typeof exportFormats)[number];

/** a vector file: an upload (browser host) or a path from the desktop's dialog, never a path the page made up */
export const vectorSourceSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('upload'), uploadId: z.string().regex(/^[a-f0-9]{32}$/) }),
  z.object({ kind: z.literal('picked'), pickId: z.string().regex(/^[a-f0-9]{32}$/) }),
]);
export type VectorSource = z.infer<typeof vectorSourceSchema>;

export interface ExportResult {
  run: string;
  format: ExportFormat;
  /** the vectors file */
  out: string;
  /** every file written: the vectors, and for tsv the metadata beside them */
  files: string[];
  words: number;
  dim: number;
}

/** an export job started: where it writes is known before it runs, so it comes back at once */
export interface ExportStarted extends ExportResult {
  jobId: string;
}

/** a custom axis: from the mean of `from` to the mean of `to`; one side may be empty ("king": toward king) */
const projectionAxis = z
  .object({ from: z.array(word).max(100).default([]), to: z.array(word).max(100).default([]) })
  .refine((a) => a.from.length + a.to.length > 0, { message: 'an axis needs at least one word' });

const projectArgs = z
  .object({
    run: name,
    method: z.enum(['pca', 'umap', 'axes']).default('pca'),
    dims: z.union([z.literal(2), z.literal(3)]).default(3),
    words: z.number().int().min(1).max(200000).default(2000),
    /** UMAP: the neighbourhood size, the word itself counted (umap-learn's n_neighbors) */
    neighbors: z.number().int().min(2, 'neighbors must be at least 2').max(200).default(15),
    minDist: z.number().min(0, 'min-dist must be 0 or more').max(1, 'min-dist must be at most 1').default(0.1),
    metric: z.enum(['cosine', 'euclidean']).default('cosine'),
    seed: z.number().int().min(0).max(2_147_483_647).default(1),
    /** method 'axes': x, y (and z), one per dimension */
    axes: z.array(projectionAxis).min(2, 'give 2 or 3 axes').max(3, 'give 2 or 3 axes').optional(),
  })
  .superRefine((a, ctx) => {
    if (a.method === 'axes' && a.axes?.length !== a.dims)
      ctx.addIssue({
        code: 'custom',
        path: ['axes'],
        message: a.axes ? `${a.dims} dims need ${a.dims} axes, got ${a.axes.length}` : 'method axes needs axes',
      });
    if (a.method !== 'axes' && a.axes)
      ctx.addIssue({ code: 'custom', path: ['axes'], message: 'only for method axes' });
  });

/** what to watch while a run trains (see TrainWatchFrame) */
export const trainWatchSchema = z.object({
  /** empty: a few frequent content words of the corpus (suggestWatchWords) */
  words: z.array(word).max(12, 'watch at most 12 words').default([]),
  /** refresh after each epoch (GloVe: iteration), or every this many corpus words (word2vec methods) */
  every: z
    .union([z.literal('epoch'), z.number().int().min(1000, 'every must be at least 1000 words')])
    .default('epoch'),
  mapWords: z
    .number()
    .int()
    .min(2, 'map-words must be at least 2')
    .max(2000, 'map-words must be at most 2000')
    .default(500),
  k: z.number().int().min(1).max(50, 'k must be at most 50').default(8),
});
export type TrainWatch = z.output<typeof trainWatchSchema>;

/** from rank 50 on (past most stopwords), the first `n` words of letters only, three or more of them */
export function suggestWatchWords(words: readonly string[], n = 6): string[] {
  const out: string[] = [];
  for (let i = Math.min(50, Math.floor(words.length / 4)); i < words.length && out.length < n; i++) {
    if (/^\p{L}{3,}$/u.test(words[i])) out.push(words[i]);
  }
  return out;
}

const exportArgs = z.object({
  run: name,
  format: z.enum(exportFormats),
  /** where to write; left out, the lab's own exports folder (the only form the browser host accepts) */
  path: z.string().min(1).max(4096).optional(),
});

const builtinSetName = z.string().regex(/^[\w.-]+$/, 'a built-in set name');
const compareArgs = z.object({
  runs: z.array(name).min(1, 'give at least 1 run').max(20),
  analogies: z.array(builtinSetName).optional(),
  similarity: z.array(builtinSetName).optional(),
  restrictVocab: z.number().int().min(1).default(300_000),
});

export const requests = {
  appInfo: { args: z.object({}), result: type<AppInfo>() },
  listCorpora: { args: z.object({}), result: type<CorpusInfo[]>() },
  corpusVocab: {
    args: z.object({ corpus: name, limit: z.number().int().min(1).max(100000).default(200) }),
    result: type<CorpusVocab>(),
  },
  importCorpus: {
    args: z.object({
      name,
      source: corpusSourceSchema,
      lowercase: z.boolean().default(true),
    }),
    result: type<{ jobId: string }>(),
  },
  deleteCorpus: { args: z.object({ corpus: name }), result: type<{ deleted: boolean }>() },
  /** desktop only: open a file dialog; the browser host answers with an error */
  pickCorpusFiles: { args: z.object({}), result: type<{ pickId: string; paths: string[] } | null>() },
  listRuns: { args: z.object({}), result: type<RunInfo[]>() },
  /** imports a vector file as a run (method "imported"); a job, like a training */
  importVectors: {
    args: z.object({
      name,
      format: z.enum(vectorFormats),
      source: vectorSourceSchema,
      /** tsv: the Projector's metadata.tsv with the words */
      metadata: vectorSourceSchema.optional(),
    }),
    result: type<{ jobId: string; run: string }>(),
  },
  /** writes a run's vectors to a file and answers when it is written (an export job, waited for); the browser host takes no `path` (it writes no files a page names): it writes to the exports folder */
  exportRun: {
    args: exportArgs,
    result: type<ExportResult>(),
  },
  /** the same export as a job (kind "export"): progress in rows, cancel with cancelJob (nothing is left behind); `out` names the file it writes */
  startExport: {
    args: exportArgs,
    result: type<ExportStarted>(),
  },
  train: {
    args: z.object({
      corpus: name,
      name,
      method: z.enum(trainMethods),
      params: trainParamsSchema.default({}),
      /** refresh a map and watched words' neighbours as it trains (`trainWatch` events) */
      watch: trainWatchSchema.optional(),
    }),
    result: type<{ jobId: string; run: string }>(),
  },
  /** go on with an interrupted (or cancelled) run from its last checkpoint */
  resumeRun: {
    args: z.object({ run: name, watch: trainWatchSchema.optional() }),
    result: type<{ jobId: string; run: string }>(),
  },
  /** train a finished run for more epochs, in place */
  continueRun: {
    args: z.object({ run: name, epochs: z.number().int().min(1).max(1000), watch: trainWatchSchema.optional() }),
    result: type<{ jobId: string; run: string }>(),
  },
  /** starts or changes what a training job watches; a frame of the current weights follows at once */
  watchTraining: {
    args: z.object({ jobId: z.string().min(1), watch: trainWatchSchema }),
    result: type<{ watched: string[] }>(),
  },
  /** a training job's latest watch frame (for a page that opens mid-run); null before the first */
  trainWatchLatest: { args: z.object({ jobId: z.string().min(1) }), result: type<TrainWatchFrame | null>() },
  deleteRun: { args: z.object({ run: name }), result: type<{ deleted: boolean }>() },
  runMetrics: { args: z.object({ run: name }), result: type<MetricPoint[]>() },
  listJobs: { args: z.object({}), result: type<JobInfo[]>() },
  cancelJob: { args: z.object({ jobId: z.string().min(1) }), result: type<{ cancelled: boolean }>() },
  neighbors: {
    args: z.object({ run: name, word, k }),
    result: type<{ results: Scored[] }>(),
  },
  analogy: {
    args: z.object({ run: name, a: word, b: word, c: word, k }),
    result: type<AnalogyResult>(),
  },
  similarity: {
    args: z.object({ run: name, a: word, b: word }),
    result: type<{ score: number }>(),
  },
  /** vector arithmetic typed as text: "king - man + woman", "0.5*a + 0.5*b" (see core/vectors/expression.ts) */
  expression: {
    args: z.object({
      run: name,
      expr: z.string().trim().min(1, 'must not be empty').max(1000),
      k,
      normalize: z.boolean().default(false),
    }),
    result: type<ExpressionResult>(),
  },
  oddOneOut: {
    args: z.object({ run: name, words: z.array(word).min(3, 'give at least 3 words').max(100) }),
    result: type<OddOneOut>(),
  },
  sentenceSimilarity: {
    args: z.object({
      run: name,
      a: z.string().trim().min(1, 'must not be empty').max(10_000),
      b: z.string().trim().min(1, 'must not be empty').max(10_000),
    }),
    result: type<SentenceSimilarity>(),
  },
  similarityMatrix: {
    args: z.object({ run: name, words: z.array(word).min(1).max(100) }),
    result: type<SimilarityMatrix>(),
  },
  /** keyword in context: the word's first n occurrences in the run's corpus */
  kwic: {
    args: z.object({
      run: name,
      word,
      n: z.number().int().min(1).max(1000).default(20),
      width: z.number().int().min(1).max(50).default(8),
    }),
    result: type<Concordance>(),
  },
  completeWord: {
    args: z.object({ run: name, prefix: z.string().max(200), limit: z.number().int().min(1).max(100).default(10) }),
    result: type<{ words: string[] }>(),
  },
  /** a map of the run's first `words` words: PCA at once; UMAP from the cache, or computed (as a job) and awaited */
  project: { args: projectArgs, result: type<Projection>() },
  /**
   * starts a UMAP layout as a job whose `projection` events carry the settling points; `project` with the same
   * arguments then answers from the cache. jobId null: nothing to compute (PCA, or the layout is cached).
   */
  startProjection: { args: projectArgs, result: type<{ jobId: string | null }>() },
  /** the evaluation sets shipped with the app, by file name */
  evalSets: { args: z.object({}), result: type<EvalSets>() },
  /** scores a run on built-in sets (all of them when none is named) and stores the scores */
  evaluate: {
    args: z.object({
      run: name,
      analogies: z.array(z.string().regex(/^[\w.-]+$/, 'a built-in set name')).optional(),
      similarity: z.array(z.string().regex(/^[\w.-]+$/, 'a built-in set name')).optional(),
      restrictVocab: z.number().int().min(1).default(300_000),
    }),
    result: type<EvalReport>(),
  },
  /** the scores stored for a run, newest first, one per file */
  evaluations: { args: z.object({ run: name }), result: type<EvalReport>() },
  /**
   * every run's scores on the named built-in sets (all of them when none is named): a stored evaluation of the same
   * run, file and restrictVocab made since the run last finished is reused, the rest are evaluated and stored
   */
  compare: { args: compareArgs, result: type<CompareReport>() },
  /** evaluates, as a job with progress, what `compare` with the same arguments would; jobId null: nothing to do */
  startCompare: { args: compareArgs, result: type<{ jobId: string | null }>() },
  /** how much runs (the same settings, other seeds) agree on the top-k neighbours of their most frequent words */
  stability: {
    args: z.object({
      runs: z.array(name).min(2, 'give at least 2 runs').max(10),
      k,
      words: z.number().int().min(1).max(100_000).default(1000),
    }),
    result: type<StabilityReport>(),
  },
  /** run b rotated onto run a (orthogonal Procrustes over the shared words), with the words that moved most */
  align: {
    args: z.object({
      a: name,
      b: name,
      /** fit on this many of the most frequent shared words */
      words: z.number().int().min(2).max(1_000_000).default(10_000),
      /** words on the aligned map */
      mapWords: z.number().int().min(1).max(10_000).default(500),
      /** moved words listed */
      top: z.number().int().min(1).max(1_000_000).default(100),
    }),
    result: type<AlignReport>(),
  },
  /** one word's top-k in each run, side by side, with the overlap between runs */
  neighborsAcross: {
    args: z.object({ runs: z.array(name).min(1).max(10), word, k }),
    result: type<NeighborsAcross>(),
  },
  /** a page of one stored analogy evaluation's questions: rank of the expected answer and the answers given */
  analogyQuestions: {
    args: z.object({
      run: name,
      file: z.string().min(1).max(200),
      section: z.string().max(200).optional(),
      failuresOnly: z.boolean().default(false),
      offset: z.number().int().min(0).default(0),
      limit: z.number().int().min(1).max(1000).default(100),
    }),
    result: type<AnalogyQuestionsPage>(),
  },
  vectors: {
    args: z.object({ run: name, words: z.array(word).min(1).max(1000) }),
    result: type<WordVectors>(),
  },
  /** a word's fastText character n-grams (and buckets), its BERT WordPiece split, and its vector in a run */
  subwords: {
    args: z
      .object({
        word: z.string().trim().min(1, 'must not be empty').max(100).regex(/^\S+$/u, 'one word, without spaces'),
        minn: z.number().int().min(1).max(20).default(3),
        maxn: z.number().int().min(1).max(20).default(6),
        bucket: z.number().int().min(1).max(100_000_000).default(2_000_000),
        /** a run to take the word's vector from */
        run: name.optional(),
      })
      .refine((a) => a.minn <= a.maxn, { message: 'minn must not exceed maxn', path: ['maxn'] }),
    result: type<SubwordSplit>(),
  },
  /** the map's words grouped by k-means in the original space (colour by cluster) */
  clusters: {
    args: z.object({
      run: name,
      words: z.number().int().min(2).max(1_000_000),
      k: z.number().int().min(2).max(6).default(6),
      seed: z.number().int().min(0).default(1),
    }),
    result: type<WordClusters>(),
  },
  /** registered encoder folders */
  encoders: { args: z.object({}), result: type<EncoderModelInfo[]>() },
  removeEncoder: { args: z.object({ model: name }), result: type<{ removed: boolean }>() },
  /** desktop only: a folder dialog for an encoder export; the browser host answers with an error (use serve --model) */
  pickEncoderFolder: { args: z.object({}), result: type<{ pickId: string; dir: string } | null>() },
  /** checks the folder the desktop dialog returned and registers it under a name */
  addEncoder: {
    args: z.object({ pickId: z.string().regex(/^[a-f0-9]{32}$/, 'a pick id from pickEncoderFolder'), name }),
    result: type<EncoderModelInfo>(),
  },
  /** which execution providers run here, the one chosen, and why the others were skipped */
  providers: { args: z.object({}), result: type<ProviderReport>() },
  tokenize: {
    args: z.object({ model: name, text: encoderText, pair: encoderText.optional() }),
    result: type<TokenizeResult>(),
  },
  encode: {
    args: z
      .object({
        model: name,
        texts: z.array(encoderText).min(1).max(1024),
        /** a second text per text (sentence pairs) */
        pairs: z.array(encoderText.nullable()).optional(),
        /** default: what the folder says (sentence-transformers pooling config, else mean) */
        pooling: z.enum(['mean', 'cls']).optional(),
        normalize: z.boolean().optional(),
        /** also return each token's vector */
        tokens: z.boolean().default(false),
        /** force an execution provider; auto tries the fastest first */
        provider: z.enum([...providerNames, 'auto']).default('auto'),
      })
      .refine((a) => !a.pairs || a.pairs.length === a.texts.length, {
        message: 'give one pair text (or null) per text',
        path: ['pairs'],
      }),
    result: type<EncodeResult>(),
  },
  /** encodes a corpus's sentences (or chunks of ~100 words) as a job; the vectors become a run named `name` */
  encodeCorpus: {
    args: z.object({
      model: name,
      corpus: name,
      name,
      unit: z.enum(['sentence', 'chunk']).default('sentence'),
      /** distinct sentences or chunks at most, in corpus order */
      limit: z.number().int().min(1).max(10_000_000).default(100_000),
      pooling: z.enum(['mean', 'cls']).optional(),
      normalize: z.boolean().optional(),
      batchSize: z.number().int().min(1).max(1024).default(32),
      provider: z.enum([...providerNames, 'auto']).default('auto'),
    }),
    result: type<{ jobId: string; run: string }>(),
  },
  /** texts of an encoded corpus nearest to a query, by the encoder and optionally by averaged word vectors */
  semanticSearch: {
    args: z.object({ run: name, query: encoderText.min(1, 'must not be empty'), k, compareWith: name.optional() }),
    result: type<SemanticSearchResult>(),
  },
  /** a word's contextual vectors over a sample of its occurrences in a corpus (senses show as clusters) */
  contexts: {
    args: z.object({
      model: name,
      corpus: name,
      word,
      limit: z.number().int().min(2).max(5000).default(200),
      dims: z.union([z.literal(2), z.literal(3)]).default(2),
      /** a word-vector run whose neighbours of the word go beside the cloud */
      staticRun: name.optional(),
      k,
      seed: z.number().int().min(0).default(1),
    }),
    result: type<ContextCloud>(),
  },
  attention: {
    args: z.object({
      model: name,
      text: encoderText,
      pair: encoderText.optional(),
      layer: z.number().int().min(0),
      head: z.number().int().min(0),
    }),
    result: type<AttentionResult>(),
  },
  /** saves the Explore map's state under a name (per run; the same name replaces the older scene) */
  saveScene: {
    args: z.object({
      run: name,
      name,
      state: z
        .record(z.string(), z.unknown())
        .refine((st) => JSON.stringify(st).length <= 200_000, 'a scene must stay under 200 kB of JSON'),
    }),
    result: type<Scene>(),
  },
  /** the scenes of a run (of every run when none is named), newest first */
  scenes: { args: z.object({ run: name.optional() }), result: type<Scene[]>() },
  deleteScene: { args: z.object({ id: z.number().int().min(1) }), result: type<{ deleted: boolean }>() },
} as const;

// ---------- events ----------

export interface JobEvent {
  job: JobInfo;
}

export interface Events {
  /** any change of a job: progress, status, error */
  job: JobEvent;
  /** the list of corpora or runs changed */
  changed: { what: 'corpora' | 'runs' };
  /** a UMAP job's layout so far, a few times a second */
  projection: ProjectionFrame;
  /** a watched training run's map and neighbours, after each epoch or every N words */
  trainWatch: TrainWatchFrame;
}
export const eventNames = ['job', 'changed', 'projection', 'trainWatch'] as const satisfies readonly (keyof Events)[];

// ---------- derived types ----------

export type Requests = typeof requests;
export type Method = keyof Requests;
export type Args<M extends Method> = z.input<Requests[M]['args']>;
export type ParsedArgs<M extends Method> = z.output<Requests[M]['args']>;
export type Result<M extends Method> = Requests[M]['result'] extends Phantom<infer T> ? T : never;

export type Unsubscribe = () => void;

/** what `window.lab` is, and what every client implements */
export type LabApi = { [M in Method]: (args: Args<M>) => Promise<Result<M>> } & {
  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): Unsubscribe;
};

/** what the service implements: arguments already validated */
export type LabHandlers = { [M in Method]: (args: ParsedArgs<M>) => Promise<Result<M>> };

export const methodNames = Object.keys(requests) as Method[];

/** validates a request's argument; throws ContractError naming the field */
export function parseArgs<M extends Method>(method: M, raw: unknown): ParsedArgs<M> {
  const spec = requests[method];
  if (!spec) throw new ContractError(`unknown request "${String(method)}"`);
  const parsed = spec.args.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue.path.length ? issue.path.join('.') : 'argument';
    throw new ContractError(`${method}: ${where}: ${issue.message}`);
  }
  return parsed.data as ParsedArgs<M>;
}

export function isMethod(value: unknown): value is Method {
  return typeof value === 'string' && Object.hasOwn(requests, value);
}

export class ContractError extends Error {
  override name = 'ContractError';
}

interface Phantom<T> {
  readonly __type?: T;
}
function type<T>(): Phantom<T> {
  return {};
}
