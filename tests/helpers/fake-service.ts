// A small in-memory LabService for host tests: the hosts only move requests
// and events, so the fake answers like the real service without SQLite or
// training. Typed as LabService, so a request missing here is a compile error.
import { readFileSync, statSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type {
  CorpusInfo,
  EncoderModelInfo,
  ExportStarted,
  Events,
  JobInfo,
  JobKind,
  LabHandlers,
  ParsedArgs,
  Projection,
  RunInfo,
  Scene,
  Scored,
  TrainWatchFrame,
} from '../../src-preload/contract.ts';
import type { HostKind, LabService } from '../../src-main/service/types.ts';
import { evaluateExpression } from '../../src-main/core/vectors/expression.ts';
import { cosineMatrix, oddOneOut } from '../../src-main/core/vectors/compare.ts';
import { VectorSet } from '../../src-main/core/vectors/vector-set.ts';
import { alignedMap, alignVectors, mostMoved } from '../../src-main/core/vectors/align.ts';
import { commonToAll, neighbourStability, pairwiseOverlap } from '../../src-main/core/vectors/stability.ts';
import { ngramStrings, subwordIds } from '../../src-main/core/train/fasttext/ngrams.ts';

export interface FakeService extends LabService {
  /** every handler call, in order, with the arguments it got */
  readonly calls: { method: string; args: unknown }[];
  readonly uploads: Map<string, { path: string; name: string }>;
  readonly closed: boolean;
  emit<E extends keyof Events>(event: E, payload: Events[E]): void;
}

export interface FakeOptions {
  dbPath?: string;
  host?: HostKind;
  /** how long each fake job step takes, in ms */
  stepMs?: number;
}

// the hand-made gender / age / royalty coordinates of the lecture demo
const lecture: Record<string, [number, number, number]> = {
  king: [-1, 0.8, 1],
  queen: [1, 0.8, 1],
  man: [-1, 0.7, 0],
  woman: [1, 0.7, 0],
  prince: [-1, 0.2, 1],
  princess: [1, 0.2, 1],
  boy: [-1, 0.1, 0],
  girl: [1, 0.1, 0],
};
export const lectureRun = 'lecture-coordinates';

// what the real service answers for king - man + woman on the lecture run
const fakeEncoder: EncoderModelInfo = {
  name: 'tiny-bert',
  dir: '/models/tiny-bert',
  modelType: 'bert',
  hiddenSize: 2,
  layers: 1,
  heads: 1,
  maxLength: 16,
  maxLengthFrom: 'fake',
  pooling: 'mean',
  poolingFrom: 'fake',
  normalize: false,
  tokenizerFile: 'vocab.txt',
  hasAttentions: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const lectureAnalogy = {
  results: [
    { word: 'princess', score: 0.986 },
    { word: 'queen', score: 0.975 },
  ],
  raw: [
    { word: 'queen', score: 0.998 },
    { word: 'princess', score: 0.969 },
  ],
};

interface FakeJob {
  info: JobInfo;
  cancelled: boolean;
  done: Promise<JobInfo>;
}

export function createFakeService(opts: FakeOptions = {}): FakeService {
  return new Fake(opts);
}

class Fake implements FakeService {
  readonly calls: { method: string; args: unknown }[] = [];
  readonly uploads = new Map<string, { path: string; name: string }>();
  readonly dbPath: string;
  closed = false;
  private readonly host: HostKind;
  private readonly stepMs: number;
  private readonly listeners = new Map<string, Set<(payload: never) => void>>();
  private readonly picks = new Map<string, string[]>();
  private readonly jobs = new Map<string, FakeJob>();
  private readonly watched = new Map<string, string[]>();
  private readonly watchFrames = new Map<string, TrainWatchFrame>();
  private readonly corpora: CorpusInfo[] = [];
  private readonly runs: RunInfo[] = [fakeRun(1, lectureRun, null, 'coordinates', Object.keys(lecture).length, 3)];
  private readonly sceneList: Scene[] = [];
  private sceneSeq = 0;
  readonly handlers: LabHandlers;

  async evaluateFiles(run: string, files: { restrictVocab: number }) {
    this.run(run);
    return { run, restrictVocab: files.restrictVocab, analogies: [], similarity: [] };
  }

  async compareFiles(runs: string[], files: { restrictVocab: number }) {
    for (const run of runs) this.run(run);
    return { runs, restrictVocab: files.restrictVocab, scores: [] };
  }

  constructor(opts: FakeOptions) {
    this.dbPath = opts.dbPath ?? ':memory:';
    this.host = opts.host ?? 'cli';
    this.stepMs = opts.stepMs ?? 5;
    this.handlers = this.record(this.makeHandlers());
  }

  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener as (payload: never) => void);
    return () => set.delete(listener as (payload: never) => void);
  }

  emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    for (const listener of this.listeners.get(event) ?? []) (listener as (p: Events[E]) => void)(payload);
  }

  async importPaths(args: { name: string; paths: string[]; lowercase: boolean }): Promise<{ jobId: string }> {
    this.calls.push({ method: 'importPaths', args });
    for (const p of args.paths) statOrThrow(p);
    this.assertNewCorpus(args.name);
    return { jobId: this.startImport(args.name, args.paths, args.lowercase) };
  }

  registerUpload(filePath: string, originalName: string): string {
    const id = hexId();
    this.uploads.set(id, { path: filePath, name: originalName });
    return id;
  }

  async addEncoderFolder(_dir: string, name: string): Promise<EncoderModelInfo> {
    return { ...fakeEncoder, name };
  }

  async useEncoderFolder(_dir: string): Promise<string> {
    return fakeEncoder.name;
  }

  registerPick(paths: string[]): string {
    const id = hexId();
    this.picks.set(id, paths);
    return id;
  }

  async waitForJob(jobId: string): Promise<JobInfo> {
    const job = this.jobs.get(jobId);
    if (!job) throw named('NotFoundError', `no job with id ${jobId}`);
    return job.done;
  }

  async close(): Promise<void> {
    for (const job of this.jobs.values()) job.cancelled = true;
    await Promise.allSettled([...this.jobs.values()].map((j) => j.done));
    this.closed = true;
  }

  private record(handlers: LabHandlers): LabHandlers {
    const out = {} as Record<string, (args: unknown) => Promise<unknown>>;
    for (const [method, fn] of Object.entries(handlers) as [string, (args: unknown) => Promise<unknown>][]) {
      out[method] = (args) => {
        this.calls.push({ method, args });
        return fn(args);
      };
    }
    return out as unknown as LabHandlers;
  }

  private makeHandlers(): LabHandlers {
    return {
      appInfo: async () => ({
        version: '0.0.0-fake',
        host: this.host === 'electron' ? 'electron' : 'browser',
        dbPath: this.dbPath,
      }),
      listCorpora: async () => structuredClone(this.corpora),
      corpusVocab: async ({ corpus }) => ({
        corpus: this.corpus(corpus).name,
        total: 0,
        entries: [],
        countsAtLeast: [],
      }),
      importCorpus: async (args) => this.importCorpus(args),
      deleteCorpus: async ({ corpus }) => ({ deleted: remove(this.corpora, corpus) }),
      pickCorpusFiles: async () => {
        throw named('ParamError', 'file dialogs exist only in the desktop app; upload files instead');
      },
      pickEncoderFolder: async () => {
        throw named('ParamError', 'only the desktop app can open a folder dialog; start the browser host with --model');
      },
      addEncoder: async ({ pickId, name }) => {
        const picked = this.picks.get(pickId);
        if (!picked || picked.length !== 1) throw named('NotFoundError', 'unknown folder selection');
        return { ...fakeEncoder, name, dir: picked[0] };
      },
      listRuns: async () => structuredClone(this.runs),
      importVectors: async (args) => this.importVectors(args),
      exportRun: async (args) => {
        const { jobId, ...result } = this.startExport(args);
        await this.jobs.get(jobId)!.done;
        return result;
      },
      startExport: async (args) => this.startExport(args),
      train: async (args) => this.train(args),
      watchTraining: async ({ jobId, watch }) => {
        const job = this.jobs.get(jobId);
        if (!job || job.info.kind !== 'train' || (job.info.status !== 'running' && job.info.status !== 'queued'))
          throw named('ParamError', `job ${jobId} is not a training job that is running`);
        const watched = watch.words.length > 0 ? watch.words : ['alpha', 'beta'];
        this.watched.set(jobId, watched);
        return { watched };
      },
      trainWatchLatest: async ({ jobId }) => structuredClone(this.watchFrames.get(jobId) ?? null),
      evalSets: async () => ({ analogies: ['questions-words.txt'], similarity: ['wordsim353.tsv'] }),
      evaluate: async ({ run, restrictVocab }) => (
        this.run(run),
        { run, restrictVocab, analogies: [], similarity: [] }
      ),
      evaluations: async ({ run }) => (this.run(run), { run, restrictVocab: 0, analogies: [], similarity: [] }),
      // comparisons: no stored scores; neighbourhoods and alignment by the real core on the lecture coordinates
      compare: async ({ runs, restrictVocab }) => this.compareFiles(runs, { restrictVocab }),
      startCompare: async ({ runs }) => (runs.forEach((r) => this.run(r)), { jobId: null }),
      stability: async ({ runs, k, words }) => {
        const r = neighbourStability(
          runs.map((run) => this.vectorSet(run)),
          { k, words },
        );
        const pairs = r.pairs.map((p) => ({ a: runs[p.a], b: runs[p.b], jaccard: p.jaccard, rbo: p.rbo }));
        const perWord = r.words.map((word, i) => ({ word, jaccard: r.perWordJaccard[i], rbo: r.perWordRbo[i] }));
        return {
          runs,
          k,
          shared: r.shared,
          words: r.words.length,
          jaccard: r.jaccard,
          rbo: r.rbo,
          pairs,
          perWord,
          scores: [],
          seconds: 0,
        };
      },
      align: async ({ a, b, words, mapWords, top }) => {
        const [setA, setB] = [this.vectorSet(a), this.vectorSet(b)];
        const al = alignVectors(setA, setB, { fitWords: words });
        const points = alignedMap(setA, setB, al, mapWords);
        const map = { words: al.words.slice(0, points.a.length / 3), ...points };
        return {
          a,
          b,
          shared: al.words.length,
          fitted: al.fitted,
          residual: al.residual,
          fitResidual: al.fitResidual,
          moved: mostMoved(al.words, al.distances, top),
          map,
          seconds: 0,
        };
      },
      neighborsAcross: async ({ runs, word, k }) => {
        const columns = runs.map((run) => ({ run, known: true, neighbors: this.neighbors(run, word, k) }));
        const lists = columns.map((c) => ({ neighbours: c.neighbors.map((n) => n.word) }));
        const pairs = pairwiseOverlap(lists).map((p) => ({
          a: runs[p.a],
          b: runs[p.b],
          jaccard: p.jaccard,
          rbo: p.rbo,
        }));
        return { word, k, columns, pairs, common: commonToAll(lists) };
      },
      analogyQuestions: async ({ run, file }) => {
        this.run(run);
        throw named('NotFoundError', `run "${run}" has no stored answers for "${file}": evaluate it first`);
      },
      resumeRun: async ({ run }) => Promise.reject(named('NotFoundError', `no run named "${run}"`)),
      continueRun: async ({ run }) => Promise.reject(named('NotFoundError', `no run named "${run}"`)),
      deleteRun: async ({ run }) => ({ deleted: remove(this.runs, run) }),
      runMetrics: async ({ run }) => (this.run(run), []),
      listJobs: async () => [...this.jobs.values()].map((j) => structuredClone(j.info)),
      cancelJob: async ({ jobId }) => this.cancel(jobId),
      neighbors: async ({ run, word, k }) => ({ results: this.neighbors(run, word, k) }),
      analogy: async ({ run, a, b, c, k }) => this.analogy(run, a, b, c, k),
      similarity: async ({ run, a, b }) => ({ score: cosine(this.vector(run, a), this.vector(run, b)) }),
      completeWord: async ({ run, prefix, limit }) => ({
        words: this.words(run)
          .filter((w) => w.startsWith(prefix))
          .slice(0, limit),
      }),
      project: async (args) => this.project(args),
      startProjection: async (args) => ({ jobId: args.method === 'umap' ? this.startProjection(args) : null }),
      vectors: async ({ run, words }) => {
        const known = words.filter((w) => this.words(run).includes(w));
        const vectors = new Float32Array(known.flatMap((w) => this.vector(run, w)));
        return { run, words: known, dim: 3, vectors, unknown: words.filter((w) => !known.includes(w)) };
      },
      // arithmetic and similarity: the real core on the fake's lecture coordinates
      expression: async ({ run, expr, k, normalize }) => {
        const set = new VectorSet(this.words(run), 3, new Float32Array(this.words(run).flatMap((w) => lecture[w])));
        const { results, mul, terms } = evaluateExpression(set, expr, { k, normalize });
        return { results, mul, terms: terms.map(({ word, weight }) => ({ word, weight })) };
      },
      oddOneOut: async ({ run, words }) => {
        const vectors = words.map((w) => this.vector(run, w));
        return oddOneOut(words, vectors);
      },
      sentenceSimilarity: async ({ run, a, b }) => {
        const split = (text: string) => text.toLowerCase().split(/\W+/).filter(Boolean);
        const known = (text: string) => split(text).filter((w) => this.words(run).includes(w));
        const mean = (ws: string[]) => [0, 1, 2].map((d) => ws.reduce((sum, w) => sum + lecture[w][d], 0) / ws.length);
        const unknown = [...split(a), ...split(b)].filter((w) => !this.words(run).includes(w));
        return { score: cosine(mean(known(a)), mean(known(b))), unknown, words: { a: known(a), b: known(b) } };
      },
      similarityMatrix: async ({ run, words }) => {
        const known = words.filter((w) => this.words(run).includes(w));
        const unknown = words.filter((w) => !known.includes(w));
        return { words: known, matrix: cosineMatrix(known.map((w) => lecture[w])), unknown };
      },
      kwic: async ({ run, word }) => {
        const { corpus } = this.run(run);
        if (!corpus) throw named('ParamError', `run "${run}" was not trained on a corpus, so it has no concordance`);
        return { word, corpus, count: 0, keepProbability: null, sample: null, lines: [] };
      },
      saveScene: async ({ run, name, state }) => this.saveScene(run, name, state),
      scenes: async ({ run }) =>
        structuredClone(this.sceneList.filter((sc) => run === undefined || (this.run(run), sc.run === run)).reverse()),
      deleteScene: async ({ id }) => {
        const i = this.sceneList.findIndex((sc) => sc.id === id);
        if (i >= 0) this.sceneList.splice(i, 1);
        return { deleted: i >= 0 };
      },
      subwords: async ({ word, minn, maxn, bucket }) => ({
        word,
        minn,
        maxn,
        bucket,
        ngrams: ngramStrings(word, minn, maxn),
        buckets: Array.from(subwordIds(word, minn, maxn, bucket)),
        wordpiece: [word.toLowerCase()],
        wordpieceIds: [100],
        vocabulary: 'fake',
        vocabularySize: 1,
        vector: null,
        vectorFrom: null,
      }),
      clusters: async ({ run, words, k }) => {
        const all = this.words(run).slice(0, words);
        return {
          k,
          words: all.length,
          labels: all.map((_, i) => i % k),
          exemplars: Array.from({ length: k }, (_, c) => all.filter((_, i) => i % k === c).slice(0, 5)),
          iterations: 1,
          cohesion: 1,
        };
      },
      // encoders: a one-model stand-in that tokenizes on spaces and embeds by word length
      encoders: async () => [fakeEncoder],
      removeEncoder: async ({ model }) => ({ removed: model === fakeEncoder.name }),
      providers: async () => ({ available: ['cpu'], chosen: 'cpu', skipped: [{ name: 'cuda', reason: 'fake' }] }),
      tokenize: async ({ model, text }) => {
        this.encoder(model);
        const tokens = ['[CLS]', ...text.toLowerCase().split(/\s+/).filter(Boolean), '[SEP]'];
        return { tokens, ids: tokens.map((t) => t.length), tokenTypeIds: tokens.map(() => 0), truncated: false };
      },
      encode: async ({ model, texts, pooling, normalize }) => {
        this.encoder(model);
        return {
          vectors: texts.map((t) => Float32Array.from([t.length, 1])),
          pooling: pooling ?? 'mean',
          normalized: normalize ?? false,
          provider: 'cpu',
          truncated: texts.map(() => false),
          tokens: texts.map((t) => t.split(/\s+/)),
        };
      },
      encodeCorpus: async ({ model, corpus, name }) => {
        this.encoder(model);
        if (!this.corpora.some((c) => c.name === corpus)) throw named('NotFoundError', `no corpus named "${corpus}"`);
        return { jobId: hexId(), run: name };
      },
      contexts: async ({ model, word }) => {
        this.encoder(model);
        throw named('UnknownWordError', `unknown word: "${word}"`);
      },
      semanticSearch: async ({ run }) => {
        throw named('ParamError', `run "${run}" holds word vectors, not encoded texts`);
      },
      attention: async ({ model, text, layer, head }) => {
        this.encoder(model);
        const tokens = text.split(/\s+/);
        return { tokens, weights: tokens.map(() => tokens.map(() => 1 / tokens.length)), layer, head };
      },
    };
  }

  private encoder(name: string): void {
    if (name !== fakeEncoder.name) throw named('NotFoundError', `no encoder named "${name}"`);
  }

  /** as the store does: the same name for the same run replaces the older scene, keeping its id */
  private saveScene(run: string, name: string, state: Record<string, unknown>): Scene {
    this.run(run);
    const i = this.sceneList.findIndex((sc) => sc.run === run && sc.name === name);
    const scene = {
      id: i >= 0 ? this.sceneList[i].id : ++this.sceneSeq,
      run,
      name,
      state,
      createdAt: new Date().toISOString(),
    };
    if (i >= 0) this.sceneList.splice(i, 1);
    this.sceneList.push(scene);
    return structuredClone(scene);
  }

  /** the lecture coordinates themselves (their first two for 2D): every neighbour kept */
  private project({ run, method, dims, words, metric, neighbors, minDist, seed }: ParsedArgs<'project'>): Projection {
    const list = this.words(run).slice(0, words);
    return {
      run,
      method,
      dims,
      words: list,
      counts: list.map(() => 1),
      coords: new Float32Array(list.flatMap((w) => this.vector(run, w).slice(0, dims))),
      explained: method === 'pca' ? [0.5, 0.3, 0.2].slice(0, dims) : [],
      metric,
      umap: method === 'umap' ? { neighbors, minDist, seed, epochs: 3 } : null,
      faithfulness: {
        knnRecall10: 1,
        perWord: new Float32Array(list.length).fill(1),
        k: Math.min(10, Math.max(0, list.length - 1)),
        exact: true,
      },
      seconds: 0,
      computeSeconds: 0,
      cached: false,
    };
  }

  /** a UMAP job of three epochs, each a `projection` frame of the final layout */
  private startProjection(args: ParsedArgs<'project'>): string {
    const jobId: string = this.startJob('project', args.run, async (job) => {
      const { coords } = this.project(args);
      for (let epoch = 1; epoch <= 3 && !job.cancelled; epoch++) {
        this.progress(job, epoch, 3);
        this.emit('projection', { jobId, run: args.run, dims: args.dims, epoch, epochs: 3, coords });
        await sleep(this.stepMs);
      }
    });
    return jobId;
  }

  private importCorpus(args: ParsedArgs<'importCorpus'>): { jobId: string } {
    this.assertNewCorpus(args.name);
    const source = args.source;
    if (source.kind === 'demo') return { jobId: this.startImport(args.name, [], args.lowercase) };
    const paths = source.kind === 'upload' ? [this.uploads.get(source.uploadId)?.path] : this.picks.get(source.pickId);
    if (!paths || paths.some((p) => p === undefined)) throw named('NotFoundError', `no ${source.kind} with that id`);
    return { jobId: this.startImport(args.name, paths as string[], args.lowercase) };
  }

  private startImport(name: string, paths: string[], lowercase: boolean): string {
    return this.startJob('import', name, async () => {
      const text = paths.map((p) => readText(p)).join('\n');
      const tokens = text.split(/\s+/).filter(Boolean);
      const vocab = new Set(lowercase ? tokens.map((t) => t.toLowerCase()) : tokens);
      const id = this.corpora.length + 1;
      const at = new Date().toISOString();
      this.corpora.push({
        id,
        name,
        source: paths.join(', ') || 'demo',
        files: paths.length,
        tokens: tokens.length,
        sentences: text.split('\n').filter(Boolean).length,
        vocabSize: vocab.size,
        lowercase,
        createdAt: at,
      });
      this.emit('changed', { what: 'corpora' });
    });
  }

  /** like the real import: a run made at once, filled by a job, gone again if the job fails */
  private importVectors(args: ParsedArgs<'importVectors'>): { jobId: string; run: string } {
    if (args.source.kind === 'upload' && !this.uploads.has(args.source.uploadId)) {
      throw named('NotFoundError', 'unknown upload id: upload the file again');
    }
    if (this.runs.some((r) => r.name === args.name))
      throw named('ConflictError', `a run named "${args.name}" already exists`);
    const run = fakeRun(this.runs.length + 1, args.name, null, 'imported', 0, 3);
    run.params = { format: args.format };
    run.status = 'queued';
    this.runs.push(run);
    this.emit('changed', { what: 'runs' });
    const jobId = this.startJob('import', args.name, async (job) => {
      run.status = 'running';
      this.progress(job, 1, 2);
      await sleep(this.stepMs);
      run.vocabSize = Object.keys(lecture).length;
    });
    void this.jobs.get(jobId)!.done.then((info) => {
      if (info.status === 'done') run.status = 'done';
      else remove(this.runs, args.name);
      this.emit('changed', { what: 'runs' });
    });
    return { jobId, run: args.name };
  }

  /** like the real export: refused at once, or a job that writes nothing here and counts rows */
  private startExport({ run, format, path }: ParsedArgs<'startExport'>): ExportStarted {
    if (this.host === 'browser' && path !== undefined) {
      throw named('ParamError', 'path: the browser host does not write files a page names');
    }
    const r = this.run(run);
    const out = path ?? `/lab-data/exports/${run}.${format === 'tsv' ? 'tsv' : 'txt'}`;
    const jobId = this.startJob('export', run, async (job) => {
      this.progress(job, Math.ceil(r.vocabSize / 2), r.vocabSize);
      await sleep(this.stepMs);
      if (!job.cancelled) this.progress(job, r.vocabSize, r.vocabSize);
    });
    return { jobId, run, format, out, files: [out], words: r.vocabSize, dim: r.dim };
  }

  private train(args: ParsedArgs<'train'>): { jobId: string; run: string } {
    this.corpus(args.corpus);
    if (this.runs.some((r) => r.name === args.name)) throw named('ConflictError', `a run named "${args.name}" exists`);
    const run = fakeRun(this.runs.length + 1, args.name, args.corpus, args.method, 0, args.params.dim ?? 100);
    run.params = { ...args.params };
    run.status = 'queued';
    this.runs.push(run);
    this.emit('changed', { what: 'runs' });
    const jobId = this.startJob('train', args.name, async (job) => {
      run.status = 'running';
      if (args.corpus === 'broken') throw new Error('the corpus has no words left after min-count');
      const epochs = args.params.epochs ?? 3;
      if (args.watch) this.watched.set(jobId, args.watch.words.length > 0 ? args.watch.words : ['alpha', 'beta']);
      for (let step = 1; step <= epochs && !job.cancelled; step++) {
        this.progress(job, step, epochs);
        const watched = this.watched.get(jobId);
        if (watched) this.emitWatchFrame(jobId, args.name, step, epochs, watched);
        await sleep(this.stepMs);
      }
      run.vocabSize = 42;
    });
    void this.jobs.get(jobId)!.done.then((info) => {
      run.status = info.status;
      run.error = info.error;
      this.emit('changed', { what: 'runs' });
    });
    return { jobId, run: args.name };
  }

  /** a frame whose map turns a little each epoch; every watched word's neighbours are the other watched words */
  private emitWatchFrame(jobId: string, run: string, epoch: number, epochs: number, watched: string[]): void {
    const words = [...new Set(['the', 'of', 'and', ...watched])];
    const coords = new Float32Array(words.length * 2);
    words.forEach((_, i) => {
      coords[i * 2] = Math.cos(i + epoch / 4);
      coords[i * 2 + 1] = Math.sin(i + epoch / 4);
    });
    const frame: TrainWatchFrame = {
      jobId,
      run,
      index: epoch - 1,
      epoch,
      epochs,
      wordsDone: epoch * 1000,
      final: epoch === epochs,
      words,
      coords,
      watched,
      neighbors: watched.map((word) => ({
        word,
        neighbors: words.filter((w) => w !== word).map((w, r) => ({ word: w, score: 0.9 - r / 10 })),
      })),
      seconds: 0.001,
    };
    this.watchFrames.set(jobId, frame);
    this.emit('trainWatch', frame);
  }

  private progress(job: FakeJob, done: number, total: number): void {
    job.info.progress = {
      done,
      total,
      rate: 1000,
      unit: 'words',
      etaSeconds: total - done,
      loss: 2 / done,
      alpha: 0.025 / done,
      epoch: done,
    };
    this.emit('job', { job: structuredClone(job.info) });
  }

  private startJob(kind: JobKind, target: string, work: (job: FakeJob) => Promise<void>): string {
    const id = randomBytes(16).toString('hex');
    const info: JobInfo = {
      id,
      kind,
      status: 'queued',
      target,
      progress: null,
      error: null,
      createdAt: new Date().toISOString(),
    };
    const job = { info, cancelled: false } as FakeJob;
    job.done = this.runJob(job, work);
    this.jobs.set(id, job);
    return id;
  }

  private async runJob(job: FakeJob, work: (job: FakeJob) => Promise<void>): Promise<JobInfo> {
    await sleep(this.stepMs);
    this.setStatus(job, 'running');
    try {
      await work(job);
      this.setStatus(job, job.cancelled ? 'cancelled' : 'done');
    } catch (err) {
      job.info.error = (err as Error).message;
      this.setStatus(job, 'failed');
    }
    return structuredClone(job.info);
  }

  private setStatus(job: FakeJob, status: JobInfo['status']): void {
    job.info.status = status;
    this.emit('job', { job: structuredClone(job.info) });
  }

  private cancel(jobId: string): { cancelled: boolean } {
    const job = this.jobs.get(jobId);
    if (!job || job.info.status === 'done' || job.info.status === 'failed') return { cancelled: false };
    job.cancelled = true;
    return { cancelled: true };
  }

  private assertNewCorpus(name: string): void {
    if (this.corpora.some((c) => c.name === name)) throw named('ConflictError', `a corpus named "${name}" exists`);
  }

  private corpus(name: string): CorpusInfo {
    const found = this.corpora.find((c) => c.name === name);
    if (!found && name !== 'broken') throw named('NotFoundError', `no corpus named "${name}"`);
    return found ?? ({ name } as CorpusInfo);
  }

  private run(name: string): RunInfo {
    const found = this.runs.find((r) => r.name === name);
    if (!found) throw named('NotFoundError', `no run named "${name}"`);
    return found;
  }

  private words(run: string): string[] {
    this.run(run);
    return run === lectureRun ? Object.keys(lecture) : [];
  }

  private vectorSet(run: string): VectorSet {
    const words = this.words(run);
    return new VectorSet(words, 3, new Float32Array(words.flatMap((w) => lecture[w])));
  }

  private vector(run: string, word: string): number[] {
    if (!this.words(run).includes(word))
      throw named('UnknownWordError', `"${word}" is not in the vocabulary of ${run}`);
    return lecture[word];
  }

  private neighbors(run: string, word: string, k: number): Scored[] {
    const v = this.vector(run, word);
    return this.words(run)
      .filter((w) => w !== word)
      .map((w) => ({ word: w, score: cosine(v, lecture[w]) }))
      .sort((x, y) => y.score - x.score)
      .slice(0, k);
  }

  private analogy(run: string, a: string, b: string, c: string, k: number) {
    const [va, vb, vc] = [a, b, c].map((w) => this.vector(run, w));
    const rawVector = va.map((x, i) => x - vb[i] + vc[i]);
    const canned = a === 'king' && b === 'man' && c === 'woman';
    const raw = this.words(run)
      .filter((w) => ![a, b, c].includes(w))
      .map((w) => ({ word: w, score: cosine(rawVector, lecture[w]) }))
      .sort((x, y) => y.score - x.score);
    return canned
      ? { results: lectureAnalogy.results.slice(0, k), raw: lectureAnalogy.raw.slice(0, k), rawVector }
      : { results: raw.slice(0, k), raw: raw.slice(0, k), rawVector };
  }
}

function fakeRun(
  id: number,
  name: string,
  corpus: string | null,
  method: string,
  vocabSize: number,
  dim: number,
): RunInfo {
  const at = new Date().toISOString();
  return {
    id,
    name,
    method,
    corpus,
    status: 'done',
    params: {},
    vocabSize,
    dim,
    createdAt: at,
    startedAt: at,
    finishedAt: at,
    seconds: 0,
    error: null,
    timings: null,
  };
}

function named(name: string, message: string): Error {
  const err = new Error(message);
  err.name = name;
  return err;
}

function remove(list: { name: string }[], name: string): boolean {
  const i = list.findIndex((x) => x.name === name);
  if (i >= 0) list.splice(i, 1);
  return i >= 0;
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return dot / Math.sqrt(na * nb);
}

function statOrThrow(path: string): void {
  try {
    statSync(path);
  } catch {
    throw named('CorpusInputError', `${path}: no such file or folder`);
  }
}

function readText(path: string): string {
  return statSync(path).isFile() ? readFileSync(path, 'utf8') : '';
}

function hexId(): string {
  return randomBytes(16).toString('hex');
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
