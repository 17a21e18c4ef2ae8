// The one contract. Every request the renderer may make, its argument schema
// and result type, and every event, declared once. The Electron shell, the
// browser host and the renderer's clients are all generated from `requests`.
import { z } from 'zod';

// ---------- shared shapes ----------

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export type JobKind = 'import' | 'train' | 'project';

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
  sgns: word2vecKnobs,
  cbow: word2vecKnobs,
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
  sgns: word2vecDefaults,
  cbow: word2vecDefaults,
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

export type ProjectionMethod = 'pca' | 'umap';
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

export interface AppInfo {
  version: string;
  host: 'electron' | 'browser';
  dbPath: string;
}

// ---------- argument schemas ----------

const name = z.string().trim().min(1, 'must not be empty').max(200);
const word = z.string().min(1, 'must not be empty').max(200);
const k = z.number().int().min(1).max(1000).default(10);

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

const projectArgs = z.object({
  run: name,
  method: z.enum(['pca', 'umap']).default('pca'),
  dims: z.union([z.literal(2), z.literal(3)]).default(3),
  words: z.number().int().min(1).max(200000).default(2000),
  /** UMAP: the neighbourhood size, the word itself counted (umap-learn's n_neighbors) */
  neighbors: z.number().int().min(2, 'neighbors must be at least 2').max(200).default(15),
  minDist: z.number().min(0, 'min-dist must be 0 or more').max(1, 'min-dist must be at most 1').default(0.1),
  metric: z.enum(['cosine', 'euclidean']).default('cosine'),
  seed: z.number().int().min(0).max(2_147_483_647).default(1),
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
  train: {
    args: z.object({
      corpus: name,
      name,
      method: z.enum(trainMethods),
      params: trainParamsSchema.default({}),
    }),
    result: type<{ jobId: string; run: string }>(),
  },
  /** go on with an interrupted (or cancelled) run from its last checkpoint */
  resumeRun: { args: z.object({ run: name }), result: type<{ jobId: string; run: string }>() },
  /** train a finished run for more epochs, in place */
  continueRun: {
    args: z.object({ run: name, epochs: z.number().int().min(1).max(1000) }),
    result: type<{ jobId: string; run: string }>(),
  },
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
}
export const eventNames = ['job', 'changed', 'projection'] as const satisfies readonly (keyof Events)[];

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
