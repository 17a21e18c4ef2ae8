// Importing a vector file as a run, and exporting a run's vectors. The run is
// made first (status running, so nothing queries it); a worker streams the
// file into it a block at a time; it is marked done in one transaction when
// the whole file has been read. A failed or cancelled import deletes the
// run: as with a corpus import, nothing of it stays behind.
import { basename, resolve } from 'node:path';
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import { runWorker } from '../core/workers.ts';
import { ConflictError, ParamError } from '../core/errors.ts';
import { writeFasttextFile, writeVectorFile } from '../core/formats/write.ts';
import { fasttextModelOfRun } from '../core/formats/fasttext-run.ts';
import type { VectorImportData, VectorImportProgress } from '../core/formats/import-worker.ts';
import type { InputFile, ReadSummary } from '../core/formats/types.ts';
import type { ExportFormat, ExportResult, RunInfo, VectorFormat } from '../../src-preload/contract.ts';
import type { HostKind } from './types.ts';
import type { JobContext } from './jobs.ts';
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

/** writes a run's vectors; the browser host refuses, since the page would name a path on this machine */
export async function exportRun(
  db: Db,
  cache: VectorCache,
  host: HostKind,
  args: { run: string; format: ExportFormat; path: string },
  cwd = process.cwd(),
): Promise<ExportResult> {
  if (host === 'browser') {
    throw new ParamError('the browser host does not write files: export with the desktop app or `embedlab export`');
  }
  const run = runs.getRun(db, args.run);
  const set = cache.get(args.run);
  const out = resolve(cwd, args.path);
  const vectors = { words: set.words, dim: set.dim, data: set.data, counts: set.counts };
  // fastText's model keeps a fasttext run's n-gram rows, so unseen words keep their vectors
  const { files } =
    args.format === 'fasttext-bin'
      ? await writeFasttextFile(out, fasttextModelOfRun(db, run, vectors))
      : await writeVectorFile(args.format, out, vectors);
  return { run: args.run, format: args.format, out, files, words: set.size, dim: set.dim };
}

/** how a file is named in messages: its own name, never the host's upload path */
export function inputFile(path: string, shown = basename(path)): InputFile {
  return { path, shown };
}
