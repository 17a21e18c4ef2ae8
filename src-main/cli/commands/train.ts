// train, runs
import { parseArgs, type RunInfo, type TrainParams } from '../../../src-preload/contract.ts';
import type { LabService } from '../../service/types.ts';
import { numberOption, requiredString, stringOption, UsageError, type Values } from '../args.ts';
import type { Command, Context, Outcome } from '../context.ts';
import { followJob } from '../jobs.ts';
import { compact, date, duration, table } from '../output.ts';

// option → parameter; the contract's messages name the parameter, the user typed the option
const paramFlags: Record<Exclude<keyof TrainParams, 'hs' | 'model'>, string> = {
  dim: 'dim',
  window: 'window',
  negative: 'negative',
  minCount: 'min-count',
  maxVocab: 'max-vocab',
  sample: 'sample',
  epochs: 'epochs',
  threads: 'threads',
  seed: 'seed',
  alpha: 'alpha',
  minAlpha: 'min-alpha',
  nsExponent: 'ns-exponent',
  minn: 'minn',
  maxn: 'maxn',
  bucket: 'bucket',
  xMax: 'x-max',
  eta: 'eta',
  checkpointEvery: 'checkpoint-every',
};
const flagOf = (param: string): string | undefined =>
  (paramFlags as Record<string, string>)[param] ?? (param === 'hs' || param === 'model' ? param : undefined);

export const train: Command = {
  name: 'train',
  args: [],
  synopsis:
    '--corpus N --name RUN [--method sgns|cbow|fasttext|glove] [--dim 100] [--window 5] [--negative 5] [--hs] ' +
    '[--min-count 5] [--max-vocab N] [--sample 1e-3] [--epochs 5] [--threads 2] [--seed 1] [--alpha 0.025] ' +
    '[--min-alpha 0.0001] [--ns-exponent 0.75] [--minn 3 --maxn 6 --bucket 2000000] [--x-max 10 --iter 15 --eta 0.05] ' +
    '[--model sum|word] [--checkpoint-every SECONDS] | --continue RUN --epochs N',
  summary: 'train word vectors on a corpus (defaults follow gensim, fastText or GloVe by method); Ctrl-C cancels',
  options: {
    corpus: { type: 'string' },
    name: { type: 'string' },
    method: { type: 'string' },
    continue: { type: 'string' },
    iter: { type: 'string' },
    hs: { type: 'boolean' },
    model: { type: 'string' },
    ...Object.fromEntries(Object.values(paramFlags).map((flag) => [flag, { type: 'string' } as const])),
  },
  async run(ctx, { values }): Promise<Outcome> {
    const service = await ctx.service();
    const continued = stringOption(values, 'continue');
    const started = continued
      ? await service.handlers.continueRun(continueArgs(values, continued))
      : await service.handlers.train(trainArgs(values));
    return followTraining(ctx, service, started, 'train');
  },
};

export const resume: Command = {
  name: 'resume',
  args: ['RUN'],
  synopsis: 'RUN',
  summary: 'go on with an interrupted or cancelled run from its last checkpoint',
  options: {},
  async run(ctx, { positionals: [name] }): Promise<Outcome> {
    const service = await ctx.service();
    return followTraining(ctx, service, await service.handlers.resumeRun({ run: name }), 'resume');
  },
};

async function followTraining(
  ctx: Context,
  service: LabService,
  { jobId, run }: { jobId: string; run: string },
  verb: string,
): Promise<Outcome> {
  const { job, signalExit } = await followJob(ctx, service, jobId, `${verb} ${run}`);
  const info = (await service.handlers.listRuns({})).find((r) => r.name === run) ?? null;
  if (job.status === 'done') return { json: { run: info }, text: info ? runSummary(info) : `trained ${run}` };
  const error =
    job.status === 'failed'
      ? `run ${run} failed: ${job.error ?? info?.error ?? 'unknown error'}`
      : `run ${run} ${job.status}`;
  return { json: { run: info, error: { message: error } }, text: '', error, exitCode: signalExit ?? 1 };
}

function trainArgs(values: Values) {
  const params: Record<string, number | boolean | string> = {};
  for (const [param, flag] of Object.entries(paramFlags)) {
    const n = numberOption(values, flag);
    if (n !== undefined) params[param] = n;
  }
  const iter = numberOption(values, 'iter');
  if (iter !== undefined) params.epochs = iter;
  if (values.hs === true) params.hs = true;
  const model = stringOption(values, 'model');
  if (model !== undefined) params.model = model;
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

function continueArgs(values: Values, run: string) {
  const epochs = numberOption(values, 'epochs') ?? numberOption(values, 'iter');
  if (epochs === undefined) throw new UsageError('train --continue RUN needs --epochs N (see: embedlab help train)');
  try {
    return parseArgs('continueRun', { run, epochs });
  } catch (err) {
    throw renameFields(err as Error);
  }
}

/** "train: params.minCount: …" → "train: --min-count: …" */
function renameFields(err: Error): Error {
  err.message = err.message
    .replace(/params\.(\w+)/, (whole, param: string) => {
      const flag = flagOf(param);
      return flag ? `--${flag}` : whole;
    })
    .replace(/: (corpus|name|method|epochs):/, ': --$1:');
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
