// The one contract. Every request the renderer may make, its argument schema
// and result type, and every event, declared once. The Electron shell, the
// browser host and the renderer's clients are all generated from `requests`.
import { z } from 'zod';

// ---------- shared shapes ----------

export type RunStatus = 'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'interrupted';
export type JobKind = 'import' | 'train';

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

export interface Projection {
  run: string;
  method: 'pca';
  dims: 2 | 3;
  words: string[];
  counts: number[];
  /** words.length * dims floats, row-major */
  coords: Float32Array;
  /** variance explained by each axis, as fractions */
  explained: number[];
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
  completeWord: {
    args: z.object({ run: name, prefix: z.string().max(200), limit: z.number().int().min(1).max(100).default(10) }),
    result: type<{ words: string[] }>(),
  },
  project: {
    args: z.object({
      run: name,
      method: z.literal('pca').default('pca'),
      dims: z.union([z.literal(2), z.literal(3)]).default(3),
      words: z.number().int().min(1).max(200000).default(2000),
    }),
    result: type<Projection>(),
  },
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
}
export const eventNames = ['job', 'changed'] as const satisfies readonly (keyof Events)[];

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
