// The import job: a worker streams the files into a token-id file; only
// when it succeeds is the corpus inserted, in one transaction.
import { randomUUID } from 'node:crypto';
import { rmSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../core/store/db.ts';
import * as corpora from '../core/store/corpora.ts';
import { runWorker } from '../core/workers.ts';
import { ConflictError } from '../core/errors.ts';
import type { JobContext } from './jobs.ts';
import { RateMeter } from './rate.ts';

interface ImportProgress {
  bytesDone: number;
  bytesTotal: number;
  tokens: number;
  file: string;
}

interface ImportResult {
  files: number;
  tokens: number;
  sentences: number;
  words: string[];
  counts: number[];
}

export interface ImportJob {
  db: Db;
  dataDir: string;
  name: string;
  paths: string[];
  lowercase: boolean;
  source: string;
}

export async function runImport(ctx: JobContext, job: ImportJob): Promise<void> {
  const id = randomUUID();
  const partial = join(job.dataDir, 'corpora', `${id}.partial`);
  const final = join(job.dataDir, 'corpora', `${id}.tok`);
  const meter = new RateMeter();
  try {
    const result = await runWorker<ImportProgress, ImportResult>(
      'import-corpus',
      { paths: job.paths, lowercase: job.lowercase, outFile: partial },
      {
        signal: ctx.signal,
        onProgress: (p) => {
          const { rate, etaSeconds } = meter.update(p.bytesDone, p.bytesTotal);
          ctx.progress({ done: p.bytesDone, total: p.bytesTotal, rate, unit: 'bytes', etaSeconds, message: p.file });
        },
      },
    );
    if (corpora.findCorpus(job.db, job.name)) throw new ConflictError(`a corpus named "${job.name}" already exists`);
    renameSync(partial, final);
    corpora.insertCorpus(job.db, {
      name: job.name,
      source: job.source,
      files: result.files,
      tokens: result.tokens,
      sentences: result.sentences,
      lowercase: job.lowercase,
      tokenFile: final,
      words: result.words,
      counts: result.counts,
    });
  } catch (err) {
    for (const f of [partial, `${partial}.tmp`, final]) rmSync(f, { force: true });
    throw err;
  }
}
