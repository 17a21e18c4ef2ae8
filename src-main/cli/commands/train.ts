// train, runs
import { parseArgs, type RunInfo, type SgnsParams } from '../../../src-preload/contract.ts';
import { numberOption, requiredString, stringOption, type Values } from '../args.ts';
import type { Command, Outcome } from '../context.ts';
import { followJob } from '../jobs.ts';
import { compact, date, duration, table } from '../output.ts';

// option → parameter; the contract's messages name the parameter, the user typed the option
const paramFlags: Record<keyof SgnsParams, string> = {
  dim: 'dim',
  window: 'window',
  negative: 'negative',
  minCount: 'min-count',
  sample: 'sample',
  epochs: 'epochs',
  threads: 'threads',
  seed: 'seed',
  alpha: 'alpha',
  minAlpha: 'min-alpha',
};

export const train: Command = {
  name: 'train',
  args: [],
  synopsis:
    '--corpus N --name RUN [--method sgns] [--dim 100] [--window 5] [--negative 5] [--min-count 5] [--sample 1e-3] [--epochs 5] [--threads 2] [--seed 1] [--alpha 0.025] [--min-alpha 0.0001]',
  summary: 'train word vectors on a corpus; Ctrl-C cancels',
  options: {
    corpus: { type: 'string' },
    name: { type: 'string' },
    method: { type: 'string' },
    ...Object.fromEntries(Object.values(paramFlags).map((flag) => [flag, { type: 'string' } as const])),
  },
  async run(ctx, { values }): Promise<Outcome> {
    const args = trainArgs(values);
    const service = await ctx.service();
    const { jobId, run } = await service.handlers.train(args);
    const { job, signalExit } = await followJob(ctx, service, jobId, `train ${run}`);
    const info = (await service.handlers.listRuns({})).find((r) => r.name === run) ?? null;
    if (job.status === 'done') return { json: { run: info }, text: info ? runSummary(info) : `trained ${run}` };
    const error =
      job.status === 'failed'
        ? `run ${run} failed: ${job.error ?? info?.error ?? 'unknown error'}`
        : `run ${run} ${job.status}`;
    return { json: { run: info, error: { message: error } }, text: '', error, exitCode: signalExit ?? 1 };
  },
};

function trainArgs(values: Values) {
  const params: Record<string, number> = {};
  for (const [param, flag] of Object.entries(paramFlags)) {
    const n = numberOption(values, flag);
    if (n !== undefined) params[param] = n;
  }
  const raw = {
    corpus: requiredString(values, 'corpus', 'train'),
    name: requiredString(values, 'name', 'train'),
    method: stringOption(values, 'method') ?? 'sgns',
    params,
  };
  try {
    return parseArgs('train', raw);
  } catch (err) {
    throw renameFields(err as Error);
  }
}

/** "train: params.minCount: …" → "train: --min-count: …" */
function renameFields(err: Error): Error {
  err.message = err.message
    .replace(/params\.(\w+)/, (whole, param: string) =>
      param in paramFlags ? `--${paramFlags[param as keyof SgnsParams]}` : whole,
    )
    .replace(/: (corpus|name|method):/, ': --$1:');
  return err;
}

export const runs: Command = {
  name: 'runs',
  args: [],
  synopsis: '',
  summary: 'list training runs',
  options: {},
  async run(ctx): Promise<Outcome> {
    const list = await (await ctx.service()).handlers.listRuns({});
    return { json: { runs: list }, text: list.length ? runTable(list) : 'no runs yet' };
  },
};

function runSummary(r: RunInfo): string {
  return `run ${r.name}: ${r.status}, ${compact(r.vocabSize)} words × ${r.dim} dims in ${duration(r.seconds)}`;
}

function runTable(list: RunInfo[]): string {
  return table(list, [
    { title: 'name', value: (r) => r.name },
    { title: 'method', value: (r) => r.method },
    { title: 'status', value: (r) => r.status },
    { title: 'corpus', value: (r) => r.corpus ?? '-' },
    { title: 'vocab', value: (r) => compact(r.vocabSize), align: 'right' },
    { title: 'dim', value: (r) => String(r.dim), align: 'right' },
    { title: 'time', value: (r) => (r.seconds === null ? '-' : duration(r.seconds)), align: 'right' },
    { title: 'created', value: (r) => date(r.createdAt) },
  ]);
}
