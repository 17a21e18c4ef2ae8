// Importing a vector file as a run, and exporting a run's vectors. The run is
// made first (status running, so nothing queries it); a worker streams the
// file into it a block at a time; it is marked done in one transaction when
// the whole file has been read. A failed or cancelled import deletes the
// run: as with a corpus import, nothing of it stays behind.
//
// An export is a job too (kind "export"): checked when asked for (the run,
// the host, words the format cannot hold), then written with progress in
// rows; a cancel stops it between buffers and removes the partial files.
// Without a path it goes to the lab's exports folder under a free name, the
// only form the browser host accepts: a page never names a path here.
import { existsSync, mkdirSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
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
  ExportFormat,
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

/** the exports folder's file endings; distinct, so one run's exports in every format sit side by side */
export const EXPORT_EXTENSIONS: Record<ExportFormat, string> = {
  word2vec: '.txt',
  'word2vec-bin': '.bin',
  glove: '.glove.txt',
  'fasttext-vec': '.vec',
  'fasttext-bin': '.fasttext.bin',
  tsv: '.tsv',
};

/** where an export goes and which files it writes: named by the caller, or a free name in the exports folder */
interface ExportTarget {
  path?: string;
  format: ExportFormat;
  run: string;
}

/** exportRun and startExport: both run the export as a job; exportRun waits for it */
export function exportHandlers(
  db: Db,
  cache: VectorCache,
  jobs: JobManager,
  host: HostKind,
  exportsDir: string,
  cwd = process.cwd(),
): Pick<LabHandlers, 'exportRun' | 'startExport'> {
  // exports folder names taken by exports still writing (their files appear only at the end)
  const reserved = new Set<string>();
  const start = (args: ExportArgs): ExportStarted => {
    const prepared = prepareExport(db, cache, host, args, () => planFiles(args, exportsDir, reserved, cwd));
    const mine = args.path === undefined ? prepared.result.files : [];
    for (const file of mine) reserved.add(file);
    const jobId = jobs.start('export', args.run, null, (ctx) =>
      runExport(ctx, db, prepared).finally(() => mine.forEach((file) => reserved.delete(file))),
    );
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
 * Everything that can be refused before a byte is written: a path from the
 * browser host (a page must not name a file on this machine), an unknown run,
 * a word the format cannot hold.
 */
function prepareExport(
  db: Db,
  cache: VectorCache,
  host: HostKind,
  args: ExportArgs,
  plan: () => string[],
): PreparedExport {
  if (host === 'browser' && args.path !== undefined) {
    throw new ParamError(
      "path: the browser host does not write files a page names; leave it out to export to the lab's exports folder, or use `embedlab export`",
    );
  }
  const run = runs.getRun(db, args.run);
  const set = cache.get(args.run);
  checkWords(args.format, set.words);
  const files = plan();
  return {
    result: { run: args.run, format: args.format, out: files[0], files, words: set.size, dim: set.dim },
    run,
    vectors: { words: set.words, dim: set.dim, data: set.data, counts: set.counts },
  };
}

/** the files an export writes: the vectors, and for tsv the metadata beside them */
function planFiles(target: ExportTarget, exportsDir: string, reserved: ReadonlySet<string>, cwd: string): string[] {
  const filesFor = (out: string) => (target.format === 'tsv' ? [out, metadataPathFor(out)] : [out]);
  if (target.path !== undefined) return filesFor(resolve(cwd, target.path));
  mkdirSync(exportsDir, { recursive: true });
  const stem = join(exportsDir, fileStem(target.run));
  const extension = EXPORT_EXTENSIONS[target.format];
  // never overwrite: run.txt, then run-2.txt, run-3.txt ...
  for (let n = 1; ; n++) {
    const files = filesFor(`${stem}${n === 1 ? '' : `-${n}`}${extension}`);
    if (files.every((file) => !reserved.has(file) && !existsSync(file))) return files;
  }
}

/** a run name as a file name: letters, digits, dot, dash and underscore; no leading dot */
export function fileStem(run: string): string {
  const stem = run.replace(/[^\p{L}\p{N}._-]+/gu, '_').replace(/^[._]+/, '');
  return stem.slice(0, 120) || 'run';
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
