// import, export: vector files in and out (word2vec, GloVe, fastText, Projector TSV)
import { resolve } from 'node:path';
import { exportFormats, parseArgs, vectorFormats } from '../../../src-preload/contract.ts';
import { requiredString, stringOption, UsageError, type Values } from '../args.ts';
import type { Command, Outcome } from '../context.ts';
import { followJob } from '../jobs.ts';

export const importVectors: Command = {
  name: 'import',
  args: ['FILE'],
  synopsis: `--format ${vectorFormats.join('|')} --name N [--metadata FILE]`,
  summary: 'import a vector file as a run (tsv: --metadata names the Projector metadata.tsv)',
  options: { format: { type: 'string' }, name: { type: 'string' }, metadata: { type: 'string' } },
  async run(ctx, { values, positionals: [file] }): Promise<Outcome> {
    const format = formatOption(values, vectorFormats, 'import');
    const name = requiredString(values, 'name', 'import');
    const metadataPath = stringOption(values, 'metadata');
    if (metadataPath !== undefined && format !== 'tsv')
      throw new UsageError('import: --metadata goes with --format tsv');
    const service = await ctx.service();
    const pick = (path: string) => ({
      kind: 'picked' as const,
      pickId: service.registerPick([resolve(ctx.cwd, path)]),
    });
    const args = parseArgs('importVectors', {
      name,
      format,
      source: pick(file),
      metadata: metadataPath === undefined ? undefined : pick(metadataPath),
    });
    const { jobId } = await service.handlers.importVectors(args);
    const { job, signalExit } = await followJob(ctx, service, jobId, `import ${name}`);
    if (job.status !== 'done') {
      const error =
        job.status === 'failed'
          ? `import of ${name} failed: ${job.error ?? 'unknown error'}`
          : `import of ${name} ${job.status}`;
      return { json: { error: { message: error } }, text: '', error, exitCode: signalExit ?? 1 };
    }
    const run = (await service.handlers.listRuns({})).find((r) => r.name === name)!;
    const result = { run: name, words: run.vocabSize, dim: run.dim, format, seconds: run.seconds };
    return {
      json: result,
      text: `imported ${name}: ${run.vocabSize} words × ${run.dim} dimensions from ${format} in ${(run.seconds ?? 0).toFixed(1)} s`,
    };
  },
};

export const exportVectors: Command = {
  name: 'export',
  args: ['RUN'],
  synopsis: `--format ${exportFormats.join('|')} --out FILE`,
  summary:
    "write a run's vectors to a file (tsv: the metadata goes beside it as *.metadata.tsv; fasttext-bin: a fasttext run keeps its n-grams)",
  options: { format: { type: 'string' }, out: { type: 'string' } },
  async run(ctx, { values, positionals: [run] }): Promise<Outcome> {
    const format = formatOption(values, exportFormats, 'export');
    const out = resolve(ctx.cwd, requiredString(values, 'out', 'export'));
    const service = await ctx.service();
    // a job like an import: progress on stderr, Ctrl-C cancels and leaves no file behind
    const started = await service.handlers.startExport(parseArgs('startExport', { run, format, path: out }));
    const { job, signalExit } = await followJob(ctx, service, started.jobId, `export ${run}`);
    if (job.status !== 'done') {
      const error =
        job.status === 'failed'
          ? `export of ${run} failed: ${job.error ?? 'unknown error'}`
          : `export of ${run} ${job.status}`;
      return { json: { error: { message: error } }, text: '', error, exitCode: signalExit ?? 1 };
    }
    const { jobId: _jobId, files, ...result } = started;
    return {
      json: { ...result, ...(files.length > 1 && { metadata: files[1] }) },
      text: `exported ${run}: ${result.words} words × ${result.dim} dimensions to ${files.join(' and ')}`,
    };
  },
};

function formatOption<F extends string>(values: Values, allowed: readonly F[], command: string): F {
  const format = requiredString(values, 'format', command);
  if (!(allowed as readonly string[]).includes(format)) {
    throw new UsageError(`${command}: --format must be one of ${allowed.join(', ')}; got "${format}"`);
  }
  return format as F;
}
