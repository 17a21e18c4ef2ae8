// The training job: checks what a user can get wrong, trains in worker
// threads, streams progress and metrics, checkpoints to SQLite, and stores
// the vectors (and what it takes to continue) in one transaction.
import { tmpdir } from 'node:os';
import type { Db } from '../core/store/db.ts';
import * as corpora from '../core/store/corpora.ts';
import * as runs from '../core/store/runs.ts';
import { readVectors, writeVectors } from '../core/store/vectors.ts';
import {
  deleteCheckpoint,
  matrixNames,
  readCheckpoint,
  readMatrix,
  writeCheckpoint,
  writeMatrix,
  ROW_BLOCK_BYTES,
} from '../core/store/matrices.ts';
import { ConflictError, ParamError } from '../core/errors.ts';
import type { Checkpoint, TrainProgress } from '../core/train/types.ts';
import {
  resolveTrainParams,
  type ParsedArgs,
  type RunInfo,
  type TrainMethod,
  type TrainParams,
  type TrainWatch,
} from '../../src-preload/contract.ts';
import type { JobContext } from './jobs.ts';
import { readVersion } from './resources.ts';
import { trainers } from './trainers.ts';
import { resolveWatch, type ResolvedWatch, type TrainWatcher } from './watch.ts';

const METRIC_EVERY_MS = 1000;

export interface TrainInput {
  method: TrainMethod;
  tokenFile: string;
  words: string[];
  counts: number[];
  params: TrainParams;
  resumeFrom?: Checkpoint;
  initFrom?: Record<string, Float32Array>;
}

/** a run set to train, and what to watch while it does */
export interface PreparedTraining {
  run: RunInfo;
  input: TrainInput;
  watch: ResolvedWatch | null;
}

/** checks everything a user can get wrong, then records the run as queued */
export function startTrainingRun(db: Db, args: ParsedArgs<'train'>): PreparedTraining {
  const corpus = corpora.getCorpus(db, args.corpus);
  if (runs.findRun(db, args.name)) throw new ConflictError(`a run named "${args.name}" already exists`);
  const params = resolveTrainParams(args.method, args.params) as TrainParams;
  const { words, counts } = corpora.corpusCounts(db, corpus.id);
  checkParams(args.method, params, words, counts);
  const input: TrainInput = { method: args.method, tokenFile: corpus.tokenFile, words, counts, params };
  const watch = args.watch ? resolveWatch(input, args.watch) : null;
  const run = runs.insertRun(db, {
    name: args.name,
    method: args.method,
    corpusId: corpus.id,
    corpusName: corpus.name,
    status: 'queued',
    params: { ...params },
    codeVersion: readVersion(),
  });
  return { run, input, watch };
}

/** an interrupted or cancelled run, set to go on from its last checkpoint */
export function prepareResume(db: Db, name: string, watchArgs?: TrainWatch): PreparedTraining {
  const run = runs.getRun(db, name);
  if (run.status !== 'interrupted' && run.status !== 'cancelled' && run.status !== 'failed') {
    throw new ParamError(`run "${name}" is ${run.status}: only an interrupted, cancelled or failed run can be resumed`);
  }
  const input = inputFor(db, run);
  const watch = watchArgs ? resolveWatch(input, watchArgs) : null;
  const checkpoint = readCheckpoint(db, run.id);
  if (checkpoint) input.resumeFrom = checkpoint;
  runs.requeueRun(db, run.id);
  return { run, input, watch };
}

/** a finished run, set to train `epochs` more epochs from its stored weights */
export function prepareContinue(db: Db, name: string, epochs: number, watchArgs?: TrainWatch): PreparedTraining {
  const run = runs.getRun(db, name);
  if (run.status !== 'done')
    throw new ParamError(`run "${name}" is ${run.status}: only a finished run can be continued`);
  if (run.method === 'builtin' || !run.corpus)
    throw new ParamError(`run "${name}" was not trained here, so it cannot be continued`);
  const input = inputFor(db, run);
  input.params = { ...input.params, epochs };
  const watch = watchArgs ? resolveWatch(input, watchArgs) : null;
  const stored = readVectors(db, run.id, run.dim);
  const initFrom: Record<string, Float32Array> = { vectors: stored.data };
  for (const m of matrixNames(db, run.id)) initFrom[m] = readMatrix(db, run.id, m)!.data;
  input.initFrom = initFrom;
  runs.requeueRun(db, run.id);
  return { run, input, watch };
}

function inputFor(db: Db, run: RunInfo): TrainInput {
  if (!run.corpus) throw new ParamError(`run "${run.name}" has no corpus`);
  const corpus = corpora.getCorpus(db, run.corpus);
  const { words, counts } = corpora.corpusCounts(db, corpus.id);
  const method = run.method as TrainMethod;
  const params = resolveTrainParams(method, run.params as Partial<TrainParams>) as TrainParams;
  return { method, tokenFile: corpus.tokenFile, words, counts, params };
}

function checkParams(method: TrainMethod, p: TrainParams, words: string[], counts: number[]): void {
  if (counts.length === 0 || counts[0] < p.minCount) {
    const top = counts.length ? ` (most frequent: "${words[0]}", ${counts[0]})` : '';
    throw new ParamError(`min-count ${p.minCount} is larger than the count of every word${top}`);
  }
  if (method !== 'glove' && p.negative === 0 && !p.hs) {
    throw new ParamError('negative is 0 and hs is off: turn on one of negative sampling or hierarchical softmax');
  }
  if (method === 'fasttext' && p.maxn > 0 && p.minn > p.maxn) {
    throw new ParamError(`minn ${p.minn} is larger than maxn ${p.maxn}`);
  }
  if (method === 'fasttext' && p.maxn > 0 && p.bucket < 1)
    throw new ParamError('bucket must be at least 1 when maxn > 0');
}

export async function runTraining(
  ctx: JobContext,
  db: Db,
  run: RunInfo,
  input: TrainInput,
  watcher?: TrainWatcher,
): Promise<void> {
  runs.markRunStarted(db, run.id);
  const started = Date.now();
  const metrics = metricRecorder(db, run.id, started);
  try {
    const result = await trainers[input.method]({
      tokenFile: input.tokenFile,
      words: input.words,
      counts: input.counts,
      params: input.params,
      tmpDir: tmpdir(),
      signal: ctx.signal,
      checkpointEveryMs: input.params.checkpointEvery > 0 ? input.params.checkpointEvery * 1000 : undefined,
      onCheckpoint: (c) => db.transaction(() => writeCheckpoint(db, run.id, c))(),
      resumeFrom: input.resumeFrom,
      initFrom: input.initFrom,
      onProgress: (p) => {
        ctx.progress(jobProgress(p));
        metrics(p);
        watcher?.onProgress(p);
      },
      onWeights: watcher?.onWeights,
      onEpochEnd: watcher?.onEpochEnd,
    });
    const kept = result.vocabSize;
    const epochs = Number(run.params.epochs ?? 0) + input.params.epochs;
    db.transaction(() => {
      writeVectors(db, run.id, {
        words: input.words.slice(0, kept),
        counts: input.counts.slice(0, kept),
        dim: result.dim,
        data: result.vectors,
      });
      for (const [name, data] of Object.entries(result.matrices)) storeMatrix(db, run.id, name, data, result.dim);
      deleteCheckpoint(db, run.id);
      if (input.initFrom || result.runParams) {
        runs.updateRunParams(db, run.id, { ...run.params, ...(input.initFrom && { epochs }), ...result.runParams });
      }
      runs.finishRun(db, run.id, 'done', {
        seconds: (Date.now() - started) / 1000,
        vocabSize: kept,
        dim: result.dim,
        timings: { training: result.seconds, ...result.phases },
      });
    })();
    // the vectors are safe; the last frames (the final weights') go out before the job says done
    await watcher?.finish();
  } catch (err) {
    watcher?.close();
    const cancelled = ctx.signal.aborted || (err as Error).name === 'AbortError';
    const checkpoint = (err as { checkpoint?: Checkpoint }).checkpoint;
    db.transaction(() => {
      if (cancelled && checkpoint) writeCheckpoint(db, run.id, checkpoint);
      runs.finishRun(db, run.id, cancelled ? 'cancelled' : 'failed', {
        seconds: (Date.now() - started) / 1000,
        error: cancelled ? null : (err as Error).message,
      });
    })();
    throw err;
  }
}

function jobProgress(p: TrainProgress) {
  return {
    done: p.wordsDone,
    total: p.wordsTotal,
    rate: p.wordsPerSec,
    unit: 'words',
    etaSeconds: p.etaSeconds,
    loss: Number.isFinite(p.loss) ? p.loss : undefined,
    alpha: p.alpha,
    epoch: p.epoch,
    message: p.message,
  };
}

/** stores a metric point at most once a second */
function metricRecorder(db: Db, runId: number, started: number): (p: TrainProgress) => void {
  let last = 0;
  return (p) => {
    const now = Date.now();
    if (now - last < METRIC_EVERY_MS) return;
    last = now;
    runs.addMetric(db, runId, {
      t: (now - started) / 1000,
      words: p.wordsDone,
      loss: Number.isFinite(p.loss) ? p.loss : null,
      wordsPerSec: p.wordsPerSec,
      alpha: p.alpha,
      epoch: p.epoch,
    });
  };
}

/** rows of dim floats; fastText's bucket list is one column; n-gram rows, read a few at a time for unseen words, go in small blocks */
function storeMatrix(db: Db, runId: number, name: string, data: Float32Array, dim: number): void {
  if (name === 'ngram-buckets') writeMatrix(db, runId, name, data, 1);
  else writeMatrix(db, runId, name, data, dim, name === 'ngrams' ? ROW_BLOCK_BYTES : undefined);
}
