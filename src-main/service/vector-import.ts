// Importing a vector file as a run, and exporting a run's vectors. The run is
// made first (status running, so nothing queries it); a worker streams the
// file into it a block at a time; it is marked done in one transaction when
// the whole file has been read. A failed or cancelled import deletes the
// run: as with a corpus import, nothing of it stays behind.
//
// An export is a job too (kind "export"): checked when asked for (the run,
// the host, words the format cannot hold), then written with progress in
// rows; a cancel stops it between buffers and removes the partial files.
import { basename, resolve } from 'node:path';
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import { runWorker } from '../core/workers.ts';
import { ConflictError, ParamError } from '../core/errors.ts';
import {
  checkWords,
  metadataPathFor,
  writeFasttextFile,
  writeVectorFile,
  type VectorsToWrite,
  type WriteOptions,
} from '../core/formats/write.ts';
import { fasttextModelOfRun } from '../core/formats/fasttext-run.ts';
import type { VectorImportData, VectorImportProgress } from '../core/formats/import-worker.ts';
import type { InputFile, ReadSummary } from '../core/formats/types.ts';
import type {
  ExportResult,
  ExportStarted,
  LabHandlers,
  ParsedArgs,
  RunInfo,
  VectorFormat,
} from '../../src-preload/contract.ts';
import type { HostKind } from './types.ts';
import type { JobContext, JobManager } from './jobs.ts';
import type { VectorCache } from './queries.ts';
import { RateMeter } from './rate.ts';
import { readVersion } from './resources.ts';

export const IMPORTED_METHOD = 'imported';

export interface VectorImport {
  name: string;
  format: VectorFormat;
  file: InputFile;
  metadata?: InputFile;
}

/** makes the run an import fills; refuses a name already taken before anything is read */
export function createImportRun(db: Db, job: VectorImport): RunInfo {
  if (runs.findRun(db, job.name)) throw new ConflictError(`a run named "${job.name}" already exists`);
  if (job.metadata && job.format !== 'tsv') throw new ParamError('metadata: only the tsv format takes a metadata file');
  return runs.insertRun(db, {
    name: job.name,
    method: IMPORTED_METHOD,
    corpusId: null,
    corpusName: null,
    status: 'queued',
    params: { format: job.format, source: job.file.shown, ...(job.metadata && { metadata: job.metadata.shown }) },
    codeVersion: readVersion(),
  });
}

export async function runVectorImport(
  ctx: JobContext,
  db: Db,
  dbPath: string,
  run: RunInfo,
  job: VectorImport,
): Promise<void> {
  const started = performance.now();
  const meter = new RateMeter();
  runs.markRunStarted(db, run.id);
  const data: VectorImportData = { dbPath, runId: run.id, format: job.format, file: job.file, metadata: job.metadata };
  try {
    const summary = await runWorker<VectorImportProgress, ReadSummary>('import-vectors', data, {
      signal: ctx.signal,
      onProgress: (p) => {
        const { rate, etaSeconds } = meter.update(p.bytesDone, p.bytesTotal);
        const message = `${p.words.toLocaleString('en')} words`;
        ctx.progress({ done: p.bytesDone, total: p.bytesTotal, rate, unit: 'bytes', etaSeconds, message });
      },
    });
    const seconds = (performance.now() - started) / 1000;
    db.transaction(() => {
      runs.updateRunParams(db, run.id, { ...run.params, ...summary.params, dims: summary.dim, words: summary.words });
      runs.finishRun(db, run.id, 'done', { seconds, vocabSize: summary.words, dim: summary.dim });
    })();
  } catch (error) {
    db.prepare('DELETE FROM runs WHERE id = ?').run(run.id);
    throw error;
  }
}

type ExportArgs = ParsedArgs<'startExport'>;

/** an export checked and ready to write: what it will answer, and the vectors it writes */
interface PreparedExport {
  result: ExportResult;
  run: RunInfo;
  vectors: VectorsToWrite;
}

/** exportRun and startExport: both run the export as a job; exportRun waits for it */
export function exportHandlers(
  db: Db,
  cache: VectorCache,
  jobs: JobManager,
  host: HostKind,
  cwd = process.cwd(),
): Pick<LabHandlers, 'exportRun' | 'startExport'> {
  const start = (args: ExportArgs): ExportStarted => {
    const prepared = prepareExport(db, cache, host, args, cwd);
    const jobId = jobs.start('export', args.run, null, (ctx) => runExport(ctx, db, prepared));
    return { jobId, ...prepared.result };
  };
  return {
    startExport: async (args) => start(args),
    exportRun: async (args) => {
      const { jobId, ...result } = start(args);
      const job = await jobs.wait(jobId);
      if (job.status !== 'done') throw new Error(job.error ?? `the export of ${args.run} was ${job.status}`);
      return result;
    },
  };
}

/**
 * Everything that can be refused before a byte is written: the browser host
 * (the page would name a path on this machine), an unknown run, a word the
 * format cannot hold.
 */
function prepareExport(
  db: Db,
  cache: VectorCache,
  host: HostKind,
  args: ExportArgs,
  cwd = process.cwd(),
): PreparedExport {
  if (host === 'browser') {
    throw new ParamError('the browser host does not write files: export with the desktop app or `embedlab export`');
  }
  const run = runs.getRun(db, args.run);
  const set = cache.get(args.run);
  checkWords(args.format, set.words);
  const out = resolve(cwd, args.path);
  const files = args.format === 'tsv' ? [out, metadataPathFor(out)] : [out];
  return {
    result: { run: args.run, format: args.format, out, files, words: set.size, dim: set.dim },
    run,
    vectors: { words: set.words, dim: set.dim, data: set.data, counts: set.counts },
  };
}

/** writes a prepared export, reporting rows written with their rate and ETA */
async function runExport(ctx: JobContext, db: Db, { result, run, vectors }: PreparedExport): Promise<void> {
  const meter = new RateMeter();
  const options: WriteOptions = {
    signal: ctx.signal,
    onProgress: (done, total) => {
      const { rate, etaSeconds } = meter.update(done, total);
      const message = `${done.toLocaleString('en')} of ${total.toLocaleString('en')} rows`;
      ctx.progress({ done, total, rate, unit: 'rows', etaSeconds, message });
    },
  };
  // fastText's model keeps a fasttext run's n-gram rows, so unseen words keep their vectors
  if (result.format === 'fasttext-bin')
    await writeFasttextFile(result.out, fasttextModelOfRun(db, run, vectors), options);
  else await writeVectorFile(result.format, result.out, vectors, options);
}

/** how a file is named in messages: its own name, never the host's upload path */
export function inputFile(path: string, shown = basename(path)): InputFile {
  return { path, shown };
}
