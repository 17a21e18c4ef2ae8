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
      method: z.enum(['sgns']),
      params: sgnsParamsSchema.partial().default({}),
    }),
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
