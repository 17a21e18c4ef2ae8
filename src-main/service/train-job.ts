// The training job: reads the corpus vocabulary, trains in worker threads,
// streams progress and metrics, and stores the vectors in one transaction.
import type { Db } from '../core/store/db.ts';
import * as corpora from '../core/store/corpora.ts';
import * as runs from '../core/store/runs.ts';
import { writeVectors } from '../core/store/vectors.ts';
import { ConflictError, ParamError } from '../core/errors.ts';
import { trainSgns } from '../core/train/sgns.ts';
import { sgnsParamsSchema, type ParsedArgs, type RunInfo, type SgnsParams } from '../../src-preload/contract.ts';
import type { JobContext } from './jobs.ts';
import { readVersion } from './resources.ts';

const METRIC_EVERY_MS = 1000;

export interface TrainInput {
  tokenFile: string;
  words: string[];
  counts: number[];
  params: SgnsParams;
}

/** checks everything a user can get wrong, then records the run as queued */
export function startTrainingRun(db: Db, args: ParsedArgs<'train'>): { run: RunInfo; input: TrainInput } {
  const corpus = corpora.getCorpus(db, args.corpus);
  if (runs.findRun(db, args.name)) throw new ConflictError(`a run named "${args.name}" already exists`);
  const params = sgnsParamsSchema.parse(args.params);
  const { words, counts } = corpora.corpusCounts(db, corpus.id);
  if (counts.length === 0 || counts[0] < params.minCount) {
    const top = counts.length ? ` (most frequent: "${words[0]}", ${counts[0]})` : '';
    throw new ParamError(`min-count ${params.minCount} is larger than the count of every word${top}`);
  }
  const run = runs.insertRun(db, {
    name: args.name,
    method: args.method,
    corpusId: corpus.id,
    corpusName: corpus.name,
    status: 'queued',
    params: { ...params },
    codeVersion: readVersion(),
  });
  return { run, input: { tokenFile: corpus.tokenFile, words, counts, params } };
}

export async function runTraining(ctx: JobContext, db: Db, run: RunInfo, input: TrainInput): Promise<void> {
  runs.markRunStarted(db, run.id);
  const started = Date.now();
  let lastMetric = 0;
  try {
    const result = await trainSgns({
      tokenFile: input.tokenFile,
      counts: input.counts,
      words: input.words,
      params: input.params,
      signal: ctx.signal,
      onProgress: (p) => {
        ctx.progress({
          done: p.wordsDone,
          total: p.wordsTotal,
          rate: p.wordsPerSec,
          unit: 'words',
          etaSeconds: p.etaSeconds,
          loss: p.loss,
          alpha: p.alpha,
          epoch: p.epoch,
        });
        const now = Date.now();
        if (now - lastMetric < METRIC_EVERY_MS) return;
        lastMetric = now;
        runs.addMetric(db, run.id, {
          t: (now - started) / 1000,
          words: p.wordsDone,
          loss: p.loss,
          wordsPerSec: p.wordsPerSec,
          alpha: p.alpha,
          epoch: p.epoch,
        });
      },
    });
    const kept = result.vocabSize;
    db.transaction(() => {
      writeVectors(db, run.id, {
        words: input.words.slice(0, kept),
        counts: input.counts.slice(0, kept),
        dim: result.dim,
        data: result.vectors,
      });
      runs.finishRun(db, run.id, 'done', { seconds: (Date.now() - started) / 1000, vocabSize: kept, dim: result.dim });
    })();
  } catch (err) {
    const cancelled = ctx.signal.aborted || (err as Error).name === 'AbortError';
    runs.finishRun(db, run.id, cancelled ? 'cancelled' : 'failed', {
      seconds: (Date.now() - started) / 1000,
      error: cancelled ? null : (err as Error).message,
    });
    throw err;
  }
}
