// train, runs
import { parseArgs, type RunInfo, type TrainParams, type TrainWatchFrame } from '../../../src-preload/contract.ts';
import type { LabService } from '../../service/types.ts';
import { numberOption, requiredString, stringOption, UsageError, type Values } from '../args.ts';
import type { Command, Context, Outcome } from '../context.ts';
import { followJob } from '../jobs.ts';
import { compact, date, duration, score, table } from '../output.ts';

// option → parameter; the contract's messages name the parameter, the user typed the option
const paramFlags: Record<Exclude<keyof TrainParams, 'hs' | 'model' | 'graphProvider'>, string> = {
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
const watchFlags: Record<string, string> = {
  words: 'watch',
  every: 'watch-every',
  k: 'watch-k',
  mapWords: 'watch-map',
};
const flagOf = (param: string): string | undefined =>
  param === 'graphProvider'
    ? 'graph-provider'
    : ((paramFlags as Record<string, string>)[param] ?? (param === 'hs' || param === 'model' ? param : undefined));

export const train: Command = {
  name: 'train',
  args: [],
  synopsis:
    '--corpus N --name RUN [--method sgns|cbow|fasttext|glove] [--dim 100] [--window 5] [--negative 5] [--hs] ' +
    '[--min-count 5] [--max-vocab N] [--sample 1e-3] [--epochs 5] [--threads 2] [--seed 1] [--alpha 0.025] ' +
    '[--min-alpha 0.0001] [--ns-exponent 0.75] [--minn 3 --maxn 6 --bucket 2000000] [--x-max 10 --iter 15 --eta 0.05] ' +
    '[--model sum|word] [--checkpoint-every SECONDS] [--graph-provider off|auto|cuda|webgpu|cpu|...] ' +
    '| --continue RUN --epochs N ' +
    '[--watch WORD,WORD [--watch-every epoch|WORDS] [--watch-k 8] [--watch-map 500]]',
  summary:
    'train word vectors on a corpus (defaults follow gensim, fastText or GloVe by method); --watch prints the ' +
    "words' nearest neighbours after each epoch (or every N words); Ctrl-C cancels. --graph-provider P (sgns, " +
    'cbow, glove) trains the update as an ONNX graph on execution provider P instead of the CPU kernel (off, ' +
    'the default): cuda, tensorrt, dml, coreml, webgpu, or cpu (onnxruntime on the CPU: slower than the kernel, ' +
    'for checking); a provider that cannot run is an error saying why; auto takes the best GPU provider and ' +
    'falls back to the CPU kernel. The run records the provider used and the ones skipped',
  options: {
    ...watchOptions(),
    corpus: { type: 'string' },
    name: { type: 'string' },
    method: { type: 'string' },
    continue: { type: 'string' },
    iter: { type: 'string' },
    hs: { type: 'boolean' },
    model: { type: 'string' },
    'graph-provider': { type: 'string' },
    ...Object.fromEntries(Object.values(paramFlags).map((flag) => [flag, { type: 'string' } as const])),
  },
  async run(ctx, { values }): Promise<Outcome> {
    const service = await ctx.service();
    const continued = stringOption(values, 'continue');
    const args = continued ? continueArgs(values, continued) : trainArgs(values);
    const watcher = watchFrames(ctx, service, args.watch !== undefined);
    try {
      const started = continued
        ? await service.handlers.continueRun(args as ReturnType<typeof continueArgs>)
        : await service.handlers.train(args as ReturnType<typeof trainArgs>);
      return await followTraining(ctx, service, started, 'train', watcher);
    } finally {
      watcher?.off();
    }
  },
};

export const resume: Command = {
  name: 'resume',
  args: ['RUN'],
  synopsis: '[--watch WORD,WORD [--watch-every epoch|WORDS] [--watch-k 8] [--watch-map 500]]',
  summary: 'go on with an interrupted or cancelled run from its last checkpoint',
  options: watchOptions(),
  async run(ctx, { positionals: [name], values }): Promise<Outcome> {
    const service = await ctx.service();
    const args = withFlags(() => parseArgs('resumeRun', { run: name, watch: watchArg(values) }));
    const watcher = watchFrames(ctx, service, args.watch !== undefined);
    try {
      return await followTraining(ctx, service, await service.handlers.resumeRun(args), 'resume', watcher);
    } finally {
      watcher?.off();
    }
  },
};

async function followTraining(
  ctx: Context,
  service: LabService,
  { jobId, run }: { jobId: string; run: string },
  verb: string,
  watcher: WatchPrinter | null,
): Promise<Outcome> {
  watcher?.follow(jobId);
  const { job, signalExit } = await followJob(ctx, service, jobId, `${verb} ${run}`);
  const info = (await service.handlers.listRuns({})).find((r) => r.name === run) ?? null;
  const watched = watcher ? { watch: watcher.frames.map(frameSummary) } : {};
  if (job.status === 'done') {
    return { json: { run: info, ...watched }, text: info ? runSummary(info) : `trained ${run}` };
  }
  const error =
    job.status === 'failed'
      ? `run ${run} failed: ${job.error ?? info?.error ?? 'unknown error'}`
      : `run ${run} ${job.status}`;
  return { json: { run: info, ...watched, error: { message: error } }, text: '', error, exitCode: signalExit ?? 1 };
}

function watchOptions() {
  return {
    watch: { type: 'string' },
    'watch-every': { type: 'string' },
    'watch-k': { type: 'string' },
    'watch-map': { type: 'string' },
  } as const;
}

/** the watch the options ask for; undefined when none of them is given */
function watchArg(values: Values): Record<string, unknown> | undefined {
  const words = stringOption(values, 'watch');
  const every = stringOption(values, 'watch-every');
  const k = numberOption(values, 'watch-k');
  const mapWords = numberOption(values, 'watch-map');
  if (words === undefined && every === undefined && k === undefined && mapWords === undefined) return undefined;
  const watch: Record<string, unknown> = {};
  if (words !== undefined)
    watch.words = words
      .split(',')
      .map((w) => w.trim())
      .filter(Boolean);
  if (every !== undefined) watch.every = every === 'epoch' ? 'epoch' : Number(every);
  if (k !== undefined) watch.k = k;
  if (mapWords !== undefined) watch.mapWords = mapWords;
  return watch;
}

interface WatchPrinter {
  readonly frames: TrainWatchFrame[];
  follow(jobId: string): void;
  off(): void;
}

/** collects the job's frames; without --json prints each one's neighbour lists as it comes */
function watchFrames(ctx: Context, service: LabService, watching: boolean): WatchPrinter | null {
  if (!watching) return null;
  const frames: TrainWatchFrame[] = [];
  let jobId: string | null = null;
  const off = service.on('trainWatch', (frame) => {
    if (frame.jobId !== jobId) return;
    if (!ctx.json) {
      // the progress bar shares the terminal: clear its line before printing
      if (ctx.io.stderr.isTTY) ctx.io.stderr.write('\r\x1b[2K');
      ctx.io.stdout.write(watchText(frame, frames.at(-1) ?? null));
    }
    frames.push(frame);
  });
  return { frames, follow: (id) => (jobId = id), off };
}

/** "epoch 2/5 · 182k words" then one line per watched word; a word new to its list since the last frame gets a + */
export function watchText(frame: TrainWatchFrame, previous: TrainWatchFrame | null): string {
  const width = Math.max(...frame.watched.map((w) => w.length));
  const head = `epoch ${frame.epoch}/${frame.epochs}${frame.final ? ' (final)' : ''} · ${compact(frame.wordsDone)} words`;
  const lines = frame.neighbors.map(({ word, neighbors }) => {
    const before = previous?.neighbors.find((n) => n.word === word);
    const had = new Set(before?.neighbors.map((s) => s.word));
    const list = neighbors.map((s) => `${before && !had.has(s.word) ? '+' : ''}${s.word} ${score(s.score)}`);
    return `  ${word.padEnd(width)}  ${list.join(', ')}`;
  });
  return `${head}\n${lines.join('\n')}\n`;
}

/** a frame in --json output: the neighbour lists, without the map's coordinates */
function frameSummary(f: TrainWatchFrame) {
  return { index: f.index, epoch: f.epoch, wordsDone: f.wordsDone, final: f.final, neighbors: f.neighbors };
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
  const graphProvider = stringOption(values, 'graph-provider');
  if (graphProvider !== undefined) params.graphProvider = graphProvider;
  const raw = {
    corpus: requiredString(values, 'corpus', 'train'),
    name: requiredString(values, 'name', 'train'),
    method: stringOption(values, 'method') ?? 'sgns',
    params,
    watch: watchArg(values),
  };
  return withFlags(() => parseArgs('train', raw));
}

/** runs a contract check, its message naming the option the user typed */
function withFlags<T>(parse: () => T): T {
  try {
    return parse();
  } catch (err) {
    throw renameFields(err as Error);
  }
}

function continueArgs(values: Values, run: string) {
  const epochs = numberOption(values, 'epochs') ?? numberOption(values, 'iter');
  if (epochs === undefined) throw new UsageError('train --continue RUN needs --epochs N (see: embedlab help train)');
  return withFlags(() => parseArgs('continueRun', { run, epochs, watch: watchArg(values) }));
}

/** "train: params.minCount: …" → "train: --min-count: …" */
function renameFields(err: Error): Error {
  err.message = err.message
    .replace(/params\.(\w+)/, (whole, param: string) => {
      const flag = flagOf(param);
      return flag ? `--${flag}` : whole;
    })
    .replace(/: (corpus|name|method|epochs):/, ': --$1:')
    .replace(/: watch\.(words|every|k|mapWords)(\.\d+)?:/, (_, field: string) => `: --${watchFlags[field]}:`);
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
