// The service: implements the contract by composing core. Every host (the
// Electron shell, the browser host, the CLI, the tests) talks to this.
import { EventEmitter } from 'node:events';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type {
  CompareReport,
  EvalReport,
  EvalSets,
  Events,
  LabHandlers,
  ParsedArgs,
  Unsubscribe,
} from '../../src-preload/contract.ts';
import { builtinEvalSets, builtinPath, evaluateRun, type EvalFiles } from './evaluate.ts';
import { latestEvaluations } from '../core/store/evaluations.ts';
import { openDatabase, type Db } from '../core/store/db.ts';
import * as corpora from '../core/store/corpora.ts';
import * as runs from '../core/store/runs.ts';
import { ConflictError, NotFoundError, ParamError } from '../core/errors.ts';
import { JobManager, lockDirFor } from './jobs.ts';
import { dataDirFor } from './paths.ts';
import { ensureBuiltins } from './builtins.ts';
import { runImport } from './import-job.ts';
import { createImportRun, exportHandlers, inputFile, runVectorImport, type VectorImport } from './vector-import.ts';
import { prepareContinue, prepareResume, runTraining, startTrainingRun, type PreparedTraining } from './train-job.ts';
import { TrainWatches } from './watch.ts';
import { checkGraphProvider } from './trainers.ts';
import { VectorCache, queryHandlers } from './queries.ts';
import { Encoders } from './encoders.ts';
import { clusterHandlers } from './clusters.ts';
import { Projector } from './projections.ts';
import { Comparer } from './compare.ts';
import { expressionHandlers } from './expressions.ts';
import { lessonHandlers } from './lessons.ts';
import { sceneHandlers } from './scenes.ts';
import type { LabService, ServiceOptions } from './types.ts';
import { defaultResourcesDir, readVersion } from './resources.ts';

export async function createService(opts: ServiceOptions): Promise<LabService> {
  const db = openDatabase(opts.dbPath);
  const dataDir = dataDirFor(opts.dbPath);
  mkdirSync(join(dataDir, 'corpora'), { recursive: true });
  const lab = new Lab(db, opts, dataDir);
  lab.jobs.reap();
  ensureBuiltins(db);
  return lab;
}

class Lab implements LabService {
  readonly jobs: JobManager;
  readonly handlers: LabHandlers;
  readonly dbPath: string;
  private readonly events = new EventEmitter();
  private readonly vectors: VectorCache;
  private readonly projector: Projector;
  private readonly comparer: Comparer;
  private readonly watches: TrainWatches;
  private readonly encoders: Encoders;
  private readonly uploads = new Map<string, { path: string; name: string }>();
  private readonly picks = new Map<string, string[]>();
  private readonly resourcesDir: string;

  constructor(
    private readonly db: Db,
    private readonly opts: ServiceOptions,
    private readonly dataDir: string,
  ) {
    this.dbPath = opts.dbPath;
    this.resourcesDir = opts.resourcesDir ?? defaultResourcesDir();
    this.jobs = new JobManager(db, lockDirFor(dataDir), (job) => this.emit('job', { job }));
    this.vectors = new VectorCache(db);
    this.projector = new Projector(db, this.jobs, this.vectors, (frame) => this.emit('projection', frame));
    this.comparer = new Comparer(db, this.jobs, this.vectors, this.resourcesDir);
    this.watches = new TrainWatches((frame) => this.emit('trainWatch', frame));
    this.encoders = new Encoders(db, this.jobs, () => this.emit('changed', { what: 'runs' }), this.vectors);
    this.handlers = this.buildHandlers();
  }

  on<E extends keyof Events>(event: E, listener: (payload: Events[E]) => void): Unsubscribe {
    this.events.on(event, listener);
    return () => this.events.off(event, listener);
  }

  private emit<E extends keyof Events>(event: E, payload: Events[E]): void {
    this.events.emit(event, payload);
  }

  async importPaths(args: { name: string; paths: string[]; lowercase: boolean }): Promise<{ jobId: string }> {
    if (args.paths.length === 0) throw new ParamError('no files to import');
    return this.startImport(args.name, args.paths, args.lowercase, args.paths.join(', '));
  }

  async compareFiles(runNames: string[], files: EvalFiles): Promise<CompareReport> {
    return this.comparer.compareFiles(runNames, files);
  }

  async evaluateFiles(run: string, files: EvalFiles): Promise<EvalReport> {
    return evaluateRun(this.db, run, this.vectors.get(run), files);
  }

  registerUpload(filePath: string, originalName: string): string {
    const id = randomBytes(16).toString('hex');
    this.uploads.set(id, { path: filePath, name: originalName });
    return id;
  }

  registerPick(paths: string[]): string {
    const id = randomBytes(16).toString('hex');
    this.picks.set(id, paths);
    return id;
  }

  waitForJob(jobId: string) {
    return this.jobs.wait(jobId);
  }

  addEncoderFolder(dir: string, name: string) {
    return this.encoders.addFolder(dir, name);
  }

  async useEncoderFolder(dir: string): Promise<string> {
    return this.encoders.useFolder(dir);
  }

  async close(): Promise<void> {
    await this.jobs.close();
    this.watches.close();
    await this.encoders.close();
    this.db.close();
  }

  private startImport(name: string, paths: string[], lowercase: boolean, source: string): { jobId: string } {
    if (corpora.findCorpus(this.db, name)) throw new ConflictError(`a corpus named "${name}" already exists`);
    const jobId = this.jobs.start('import', name, null, (ctx) =>
      runImport(ctx, { db: this.db, dataDir: this.dataDir, name, paths, lowercase, source }).then(() =>
        this.emit('changed', { what: 'corpora' }),
      ),
    );
    return { jobId };
  }

  private startTrainingJob({ run, input, watch }: PreparedTraining): { jobId: string; run: string } {
    const watcher = this.watches.create(run.name, input, watch);
    const jobId = this.jobs.start('train', run.name, run.id, (ctx) =>
      runTraining(ctx, this.db, run, input, watcher).finally(() => {
        this.vectors.forget(run.name);
        this.emit('changed', { what: 'runs' });
      }),
    );
    this.watches.attach(jobId, watcher);
    // a job cancelled while queued never runs: its watcher ends here
    void this.jobs.wait(jobId).finally(() => watcher.close());
    this.emit('changed', { what: 'runs' });
    return { jobId, run: run.name };
  }

  private startVectorImport(job: VectorImport): { jobId: string; run: string } {
    const run = createImportRun(this.db, job);
    const jobId = this.jobs.start('import', run.name, run.id, (ctx) =>
      runVectorImport(ctx, this.db, this.dbPath, run, job).finally(() => {
        this.vectors.forget(run.name);
        this.emit('changed', { what: 'runs' });
      }),
    );
    this.emit('changed', { what: 'runs' });
    return { jobId, run: run.name };
  }

  /** an uploaded or picked vector file, named as the user knows it */
  private vectorFile(source: ParsedArgs<'importVectors'>['source']) {
    if (source.kind === 'upload') {
      const upload = this.uploads.get(source.uploadId);
      if (!upload) throw new NotFoundError('unknown upload id: upload the file again');
      return inputFile(upload.path, upload.name);
    }
    const picked = this.picks.get(source.pickId);
    if (!picked || picked.length !== 1) throw new NotFoundError('unknown file selection: choose one file again');
    return inputFile(picked[0]);
  }

  private resolveSource(source: ParsedArgs<'importCorpus'>['source']): { paths: string[]; label: string } {
    if (source.kind === 'demo') return { paths: [join(this.resourcesDir, 'demo', 'corpus.txt')], label: 'demo corpus' };
    if (source.kind === 'upload') {
      const upload = this.uploads.get(source.uploadId);
      if (!upload) throw new NotFoundError('unknown upload id: upload the file again');
      return { paths: [upload.path], label: upload.name };
    }
    const picked = this.picks.get(source.pickId);
    if (!picked) throw new NotFoundError('unknown file selection: choose the files again');
    return { paths: picked, label: picked.join(', ') };
  }

  private buildHandlers(): LabHandlers {
    const db = this.db;
    return {
      appInfo: async () => ({
        version: readVersion(),
        host: this.opts.host === 'electron' ? 'electron' : 'browser',
        dbPath: this.dbPath,
      }),
      listCorpora: async () => corpora.listCorpora(db).map(({ tokenFile: _t, ...info }) => info),
      corpusVocab: async ({ corpus, limit }) => {
        const c = corpora.getCorpus(db, corpus);
        return {
          corpus: c.name,
          total: c.vocabSize,
          entries: corpora.corpusTopWords(db, c.id, limit),
          countsAtLeast: [1, 2, 5, 10, 100].map((minCount) => ({
            minCount,
            ...corpora.countsAtLeast(db, c.id, minCount),
          })),
        };
      },
      importCorpus: async ({ name, source, lowercase }) => {
        const { paths, label } = this.resolveSource(source);
        return this.startImport(name, paths, lowercase, label);
      },
      deleteCorpus: async ({ corpus }) => {
        const gone = corpora.deleteCorpus(db, corpus);
        if (!gone) return { deleted: false };
        rmSync(gone.tokenFile, { force: true }); // after the row: a crash between leaves a stray file, never a dangling row
        this.emit('changed', { what: 'corpora' });
        return { deleted: true };
      },
      pickCorpusFiles: async () => {
        throw new ParamError('only the desktop app can open a file dialog; upload the files instead');
      },
      pickEncoderFolder: async () => {
        throw new ParamError(
          'only the desktop app can open a folder dialog; start the browser host with `embedlab serve --model DIR` instead',
        );
      },
      addEncoder: async ({ pickId, name }) => {
        const picked = this.picks.get(pickId);
        if (!picked || picked.length !== 1)
          throw new NotFoundError('unknown folder selection: choose the folder again');
        return this.encoders.addFolder(picked[0], name);
      },
      listRuns: async () => runs.listRuns(db),
      importVectors: async ({ name, format, source, metadata }) =>
        this.startVectorImport({
          name,
          format,
          file: this.vectorFile(source),
          metadata: metadata && this.vectorFile(metadata),
        }),
      ...exportHandlers(db, this.vectors, this.jobs, this.opts.host, join(this.dataDir, 'exports')),
      train: async (args) => {
        await checkGraphProvider(args.method, args.params);
        return this.startTrainingJob(startTrainingRun(db, args));
      },
      resumeRun: async ({ run, watch }) => this.startTrainingJob(prepareResume(db, run, watch)),
      continueRun: async ({ run, epochs, watch }) => this.startTrainingJob(prepareContinue(db, run, epochs, watch)),
      deleteRun: async ({ run }) => {
        const deleted = runs.deleteRun(db, run);
        this.vectors.forget(run);
        if (deleted) this.emit('changed', { what: 'runs' });
        return { deleted };
      },
      runMetrics: async ({ run }) => runs.runMetrics(db, runs.getRun(db, run).id),
      listJobs: async () => this.jobs.list(),
      evalSets: async () => builtinEvalSets(this.resourcesDir),
      evaluate: async ({ run, analogies, similarity, restrictVocab }) => {
        const sets = builtinEvalSets(this.resourcesDir);
        const pick = (kind: keyof EvalSets, names: string[] | undefined) =>
          (names ?? sets[kind]).map((n) => builtinPath(this.resourcesDir, kind, n));
        return this.evaluateFiles(run, {
          analogies: pick('analogies', analogies),
          similarity: pick('similarity', similarity),
          restrictVocab,
        });
      },
      evaluations: async ({ run }) => {
        const info = runs.getRun(db, run);
        return { run, restrictVocab: 0, ...latestEvaluations(db, info.id) };
      },
      cancelJob: async ({ jobId }) => ({ cancelled: this.jobs.cancel(jobId) }),
      ...queryHandlers(db, this.vectors),
      ...this.projector.handlers(),
      ...this.comparer.handlers(),
      ...this.watches.handlers(),
      ...this.encoders.handlers(),
      ...clusterHandlers(this.vectors),
      ...expressionHandlers(db, this.vectors),
      ...lessonHandlers(this.resourcesDir, this.vectors),
      ...sceneHandlers(db),
    };
  }
}
