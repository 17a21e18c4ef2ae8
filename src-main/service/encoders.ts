// BERT-family encoders: registered folders, sessions kept open while used,
// tokenize / encode / attention requests, and the execution-provider report.
import { resolve } from 'node:path';
import type { Db } from '../core/store/db.ts';
import * as store from '../core/store/encoders.ts';
import { Encoder } from '../core/onnx/encoder.ts';
import { EncoderFolderError } from '../core/onnx/folder.ts';
import { probeProviders, type ProviderName } from '../core/onnx/providers.ts';
import * as runs from '../core/store/runs.ts';
import * as corpora from '../core/store/corpora.ts';
import { writeVectors } from '../core/store/vectors.ts';
import { corpusUnits } from '../core/onnx/corpus-units.ts';
import { ConflictError, ParamError } from '../core/errors.ts';
import type {
  AveragedSearch,
  ContextCloud,
  EncoderModelInfo,
  LabHandlers,
  ParsedArgs,
  SemanticSearchResult,
} from '../../src-preload/contract.ts';
import { nearest, neighbors } from '../core/vectors/queries.ts';
import { pca } from '../core/project/pca.ts';
import { contextualVectors, sampleOccurrences } from '../core/onnx/contexts.ts';
import { UnknownWordError, VectorSet } from '../core/vectors/vector-set.ts';
import { tokenizeLine } from '../core/corpus/tokenize.ts';
import type { VectorCache } from './queries.ts';
import type { JobContext, JobManager } from './jobs.ts';
import { RateMeter } from './rate.ts';
import { readVersion } from './resources.ts';

/** open sessions kept; a BERT-base session holds ~450 MB */
const OPEN_MAX = 2;

type EncoderHandlers = Pick<
  LabHandlers,
  | 'encoders'
  | 'removeEncoder'
  | 'providers'
  | 'tokenize'
  | 'encode'
  | 'attention'
  | 'encodeCorpus'
  | 'semanticSearch'
  | 'contexts'
>;

export class Encoders {
  private readonly open = new Map<string, Promise<Encoder>>();
  /** folders opened by path for one command (trusted hosts), by the name they go by */
  private readonly folders = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly jobs: JobManager,
    private readonly runsChanged: () => void,
    private readonly vectors: VectorCache,
  ) {}

  /** trusted hosts only (CLI, desktop dialog): checks the folder by opening it, then registers it */
  async addFolder(dir: string, name: string): Promise<EncoderModelInfo> {
    const abs = resolve(dir);
    const enc = await Encoder.open(abs, { provider: 'cpu' });
    try {
      const { dir: _d, modelPath: _m, ...details } = enc.folder;
      return store.addEncoder(this.db, name, abs, { ...details, hasAttentions: enc.hasAttentions });
    } finally {
      await enc.close();
    }
  }

  /** trusted hosts only (CLI): a folder used without registering it; returns the name requests give */
  useFolder(dir: string): string {
    const abs = resolve(dir);
    const name = `folder:${abs}`;
    this.folders.set(name, abs);
    return name;
  }

  handlers(): EncoderHandlers {
    return {
      encoders: async () => store.listEncoders(this.db),
      removeEncoder: async ({ model }) => {
        await this.forget(model);
        return { removed: store.removeEncoder(this.db, model) };
      },
      providers: async () => probeProviders(),
      tokenize: async ({ model, text, pair }) => (await this.get(model)).tokenize(text, pair ?? null),
      encode: async ({ model, texts, pairs, pooling, normalize, tokens, provider }) => {
        const enc = await this.get(model, provider);
        const usedPooling = pooling ?? enc.folder.pooling;
        const usedNormalize = normalize ?? enc.folder.normalize;
        const out = await enc.encode(texts, {
          pairs,
          pooling: usedPooling,
          normalize: usedNormalize,
          tokenVectors: tokens,
        });
        return {
          vectors: out.vectors,
          pooling: usedPooling,
          normalized: usedNormalize,
          provider: enc.provider.chosen,
          truncated: out.truncated,
          tokens: out.tokens,
          ...(out.tokenVectors ? { tokenVectors: out.tokenVectors } : {}),
        };
      },
      encodeCorpus: async (args) => this.startCorpus(args),
      semanticSearch: async (args) => this.search(args),
      contexts: async (args) => this.contexts(args),
      attention: async ({ model, text, pair, layer, head }) => ({
        ...(await (await this.get(model)).attention(text, pair ?? null, layer, head)),
        layer,
        head,
      }),
    };
  }

  /** a corpus's sentences or chunks encoded as a job; the vectors become a run every query accepts */
  private async startCorpus(args: ParsedArgs<'encodeCorpus'>): Promise<{ jobId: string; run: string }> {
    const corpus = corpora.getCorpus(this.db, args.corpus);
    if (runs.findRun(this.db, args.name)) throw new ConflictError(`a run named "${args.name}" already exists`);
    // a folder that does not fit or a forced provider that cannot start is refused before a run exists
    await this.get(args.model, args.provider);
    if (runs.findRun(this.db, args.name)) throw new ConflictError(`a run named "${args.name}" already exists`);
    const modelInfo = this.folders.has(args.model) ? null : store.getEncoder(this.db, args.model);
    const run = runs.insertRun(this.db, {
      name: args.name,
      method: 'encoder',
      corpusId: corpus.id,
      corpusName: corpus.name,
      status: 'queued',
      params: {
        model: modelInfo?.name ?? args.model,
        modelDir: modelInfo?.dir ?? this.folders.get(args.model),
        unit: args.unit,
        limit: args.limit,
        batchSize: args.batchSize,
      },
      codeVersion: readVersion(),
    });
    const jobId = this.jobs.start('encode', run.name, run.id, (ctx) =>
      this.encodeCorpus(ctx, run.id, corpus, args).finally(() => this.runsChanged()),
    );
    this.runsChanged();
    return { jobId, run: run.name };
  }

  private async encodeCorpus(
    ctx: JobContext,
    runId: number,
    corpus: { id: number; tokenFile: string },
    args: ParsedArgs<'encodeCorpus'>,
  ): Promise<void> {
    const started = Date.now();
    runs.markRunStarted(this.db, runId);
    try {
      const enc = await this.get(args.model, args.provider);
      const { words } = corpora.corpusCounts(this.db, corpus.id);
      const units = corpusUnits(corpus.tokenFile, words, { unit: args.unit, limit: args.limit });
      if (units.texts.length === 0) throw new EncoderFolderError(`corpus has no ${args.unit} of 3 words or more`);
      const meter = new RateMeter();
      const out = await enc.encode(units.texts, {
        pooling: args.pooling,
        normalize: args.normalize,
        batchSize: args.batchSize,
        signal: ctx.signal,
        onBatch: (done, total) => ctx.progress({ done, total, unit: `${args.unit}s`, ...meter.update(done, total) }),
      });
      const dim = enc.folder.hiddenSize;
      const data = new Float32Array(units.texts.length * dim);
      out.vectors.forEach((v, i) => data.set(v, i * dim));
      const truncated = out.truncated.filter(Boolean).length;
      this.db.transaction(() => {
        writeVectors(this.db, runId, { words: units.texts, counts: units.counts, dim, data });
        runs.updateRunParams(this.db, runId, {
          ...runs.getRunById(this.db, runId).params,
          pooling: args.pooling ?? enc.folder.pooling,
          normalize: args.normalize ?? enc.folder.normalize,
          provider: enc.provider.chosen,
          skippedProviders: enc.provider.skipped,
          maxLength: enc.folder.maxLength,
          truncated,
          unitsRead: units.read,
        });
        runs.finishRun(this.db, runId, 'done', {
          seconds: (Date.now() - started) / 1000,
          vocabSize: units.texts.length,
          dim,
        });
      })();
    } catch (err) {
      const cancelled = ctx.signal.aborted || (err as Error).name === 'AbortError';
      runs.finishRun(this.db, runId, cancelled ? 'cancelled' : 'failed', {
        seconds: (Date.now() - started) / 1000,
        error: cancelled ? null : (err as Error).message,
      });
      throw err;
    }
  }

  /**
   * The texts of an encoded corpus nearest to a query by the encoder, and (with
   * `compareWith`, a word-vector run) by the mean of their word vectors, the
   * lecture's method, side by side.
   */
  private async search({ run, query, k, compareWith }: ParsedArgs<'semanticSearch'>): Promise<SemanticSearchResult> {
    const info = runs.getRun(this.db, run);
    const p = info.params as { model?: string; modelDir?: string; pooling?: 'mean' | 'cls'; normalize?: boolean };
    if (info.method !== 'encoder' || !p.model) {
      throw new ParamError(
        `run "${run}" holds word vectors, not encoded texts; encode a corpus first (embedlab encode MODEL --corpus N --name RUN)`,
      );
    }
    const set = this.vectors.get(run);
    // a folder used by path for the encoding is opened by path again
    const model = store.findEncoder(this.db, p.model) || !p.modelDir ? p.model : this.useFolder(p.modelDir);
    const enc = await this.get(model);
    const { vectors, truncated } = await enc.encode([query], { pooling: p.pooling, normalize: p.normalize });
    const result: SemanticSearchResult = { encoder: nearest(set, vectors[0], k), truncated: truncated[0] };
    if (compareWith) result.averaged = this.searchAveraged(set, compareWith, query, k);
    return result;
  }

  private async contexts(args: ParsedArgs<'contexts'>): Promise<ContextCloud> {
    const corpus = corpora.getCorpus(this.db, args.corpus);
    const word = corpus.lowercase ? args.word.toLowerCase() : args.word;
    const found = corpora.findCorpusWord(this.db, corpus.id, word);
    if (!found) throw new UnknownWordError([word]);
    const enc = await this.get(args.model);
    const { words } = corpora.corpusCounts(this.db, corpus.id);
    const sample = sampleOccurrences(corpus.tokenFile, words, found.id, args.limit, args.seed);
    const vectors = await contextualVectors(enc, sample.occurrences);
    const kept = sample.occurrences.filter((_, i) => vectors[i]);
    const rows = vectors.filter((v): v is Float32Array => v !== null);
    const dim = enc.folder.hiddenSize;
    const data = new Float32Array(rows.length * dim);
    rows.forEach((v, i) => data.set(v, i * dim));
    const layout =
      rows.length > args.dims
        ? pca(data, rows.length, dim, args.dims)
        : { coords: new Float32Array(rows.length * args.dims), explained: [] };
    const staticSide = args.staticRun
      ? { run: args.staticRun, neighbors: neighbors(this.vectors.get(args.staticRun), word, args.k) }
      : null;
    return {
      word,
      total: sample.total,
      occurrences: kept,
      dims: args.dims,
      coords: layout.coords,
      explained: layout.explained,
      lost: sample.occurrences.length - kept.length,
      static: staticSide,
    };
  }

  private searchAveraged(texts: VectorSet, wordRun: string, query: string, k: number): AveragedSearch {
    const words = this.vectors.get(wordRun);
    const lowercase = corpora.corpusOfRun(this.db, runs.getRun(this.db, wordRun).id)?.lowercase ?? true;
    const mean = (text: string, into: Float32Array): number => {
      into.fill(0);
      let used = 0;
      for (const w of tokenizeLine(text, { lowercase })) {
        const i = words.index.get(w);
        if (i === undefined) continue;
        const row = words.row(i);
        for (let d = 0; d < words.dim; d++) into[d] += row[d];
        used++;
      }
      return used;
    };
    const q = new Float32Array(words.dim);
    if (mean(query, q) === 0) return { run: wordRun, results: [], unknown: tokenizeLine(query, { lowercase }) };
    const data = new Float32Array(texts.size * words.dim);
    texts.words.forEach((t, i) => mean(t, data.subarray(i * words.dim, (i + 1) * words.dim)));
    const means = new VectorSet(texts.words, words.dim, data);
    const unknown = tokenizeLine(query, { lowercase }).filter((w) => !words.has(w));
    return { run: wordRun, results: nearest(means, q, k), unknown };
  }

  async close(): Promise<void> {
    const all = [...this.open.values()];
    this.open.clear();
    await Promise.allSettled(all.map(async (p) => (await p).close()));
  }

  /** the open session of a registered encoder (on the forced provider, when one is named) */
  private get(name: string, provider: ProviderName | 'auto' = 'auto'): Promise<Encoder> {
    const dir = this.folders.get(name) ?? store.getEncoder(this.db, name).dir;
    const key = `${name}\u0000${provider}`;
    let hit = this.open.get(key);
    if (hit) {
      this.open.delete(key);
    } else {
      hit = Encoder.open(dir, { provider });
      hit.catch(() => this.open.delete(key));
    }
    this.open.set(key, hit);
    while (this.open.size > OPEN_MAX) {
      const [oldKey, old] = this.open.entries().next().value!;
      this.open.delete(oldKey);
      void old.then((e) => e.close()).catch(() => undefined);
    }
    return hit;
  }

  private async forget(name: string): Promise<void> {
    for (const [key, enc] of [...this.open]) {
      if (!key.startsWith(`${name}\u0000`)) continue;
      this.open.delete(key);
      await enc.then((e) => e.close()).catch(() => undefined);
    }
  }
}
