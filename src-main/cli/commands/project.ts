// project: a run's first N words laid out in 2D or 3D (PCA, or UMAP with its
// epochs as progress on stderr), with the layout's kNN recall@10.
import { parseArgs, type Projection } from '../../../src-preload/contract.ts';
import { numberOption, stringOption, UsageError, type Values } from '../args.ts';
import type { Command, Outcome } from '../context.ts';
import { followJob } from '../jobs.ts';
import { score, table } from '../output.ts';

// option → argument; the contract's messages name the argument, the user typed the option
const flags = {
  dims: 'dims',
  words: 'words',
  neighbors: 'neighbors',
  minDist: 'min-dist',
  seed: 'seed',
} as const;

/** how many points the text output lists */
const SHOWN = 10;

export const project: Command = {
  name: 'project',
  args: ['RUN'],
  synopsis: '--method pca|umap --dims 2|3 --words N [--neighbors 15 --min-dist 0.1 --metric cosine|euclidean --seed 1]',
  summary: 'lay the run’s N most frequent words out in 2D or 3D, with the kNN recall@10 of the layout; Ctrl-C cancels',
  options: {
    method: { type: 'string' },
    metric: { type: 'string' },
    ...Object.fromEntries(Object.values(flags).map((flag) => [flag, { type: 'string' } as const])),
  },
  async run(ctx, { values, positionals: [run] }): Promise<Outcome> {
    const args = projectArgs(values, run);
    const service = await ctx.service();
    const started = performance.now();
    let cached = false;
    if (args.method === 'umap') {
      const { jobId } = await service.handlers.startProjection(args);
      cached = jobId === null;
      if (jobId) {
        const { job, signalExit } = await followJob(ctx, service, jobId, `project ${run}`);
        if (job.status !== 'done') {
          const error =
            job.status === 'failed' ? `projection failed: ${job.error ?? 'unknown error'}` : `projection ${job.status}`;
          return { json: { error: { message: error } }, text: '', error, exitCode: signalExit ?? 1 };
        }
      }
    }
    const p = await service.handlers.project(args);
    const seconds = (performance.now() - started) / 1000;
    return { json: projectionJson(p, seconds, cached), text: summary(p, seconds, cached) };
  },
};

function projectArgs(values: Values, run: string) {
  const method = stringOption(values, 'method') ?? 'pca';
  if (method !== 'pca' && method !== 'umap') throw new UsageError(`--method must be pca or umap, got "${method}"`);
  const metric = stringOption(values, 'metric') ?? 'cosine';
  if (metric !== 'cosine' && metric !== 'euclidean')
    throw new UsageError(`--metric must be cosine or euclidean, got "${metric}"`);
  const dims = numberOption(values, 'dims');
  if (dims !== undefined && dims !== 2 && dims !== 3) throw new UsageError(`--dims must be 2 or 3, got ${dims}`);
  const raw: Record<string, unknown> = { run, method, metric };
  for (const [arg, flag] of Object.entries(flags)) {
    const n = numberOption(values, flag);
    if (n !== undefined) raw[arg] = n;
  }
  try {
    return parseArgs('project', raw);
  } catch (err) {
    // "project: minDist: …" → "project: --min-dist: …"
    const e = err as Error;
    e.message = e.message.replace(/^project: (\w+):/, (whole, arg: string) => {
      const flag = (flags as Record<string, string>)[arg];
      return flag ? `project: --${flag}:` : whole;
    });
    throw e;
  }
}

/** seven significant digits: what a float32 holds, without its binary tail */
function round(x: number): number {
  return Number.isFinite(x) ? Number(x.toPrecision(7)) : x;
}

function milliseconds(seconds: number): number {
  return Math.round(seconds * 1000) / 1000;
}

function projectionJson(p: Projection, seconds: number, cached: boolean) {
  const points = p.words.map((word, i) => ({
    word,
    x: round(p.coords[i * p.dims]),
    y: round(p.coords[i * p.dims + 1]),
    z: p.dims === 3 ? round(p.coords[i * p.dims + 2]) : 0,
    knnRecall10: round(p.faithfulness.perWord[i]),
  }));
  return {
    run: p.run,
    method: p.method,
    dims: p.dims,
    metric: p.metric,
    umap: p.umap,
    explained: p.explained,
    points,
    faithfulness: { knnRecall10: p.faithfulness.knnRecall10, k: p.faithfulness.k, exact: p.faithfulness.exact },
    seconds: milliseconds(seconds),
    computeSeconds: milliseconds(p.computeSeconds),
    cached,
  };
}

function summary(p: Projection, seconds: number, cached: boolean): string {
  const how = p.umap
    ? `umap, ${p.dims}D, ${p.metric}, ${p.umap.neighbors} neighbours, min-dist ${p.umap.minDist}, seed ${p.umap.seed}, ${p.umap.epochs} epochs`
    : `pca, ${p.dims}D, variance explained ${p.explained.map((e) => `${(100 * e).toFixed(1)}%`).join(' + ')}`;
  const f = p.faithfulness;
  const axes = ['x', 'y', 'z'].slice(0, p.dims);
  const rows = p.words.slice(0, SHOWN).map((word, i) => ({ word, i }));
  const lines = [
    `${p.words.length} points of ${p.run} (${how}) in ${seconds.toFixed(2)} s${cached ? ' (cached)' : ''}`,
    `kNN recall@${f.k}: ${score(f.knnRecall10)} (${f.exact ? 'exact' : 'approximate'} original-space neighbours, ${p.metric})`,
    table(rows, [
      { title: 'word', value: (r) => r.word },
      ...axes.map((title, a) => ({
        title,
        value: (r: { i: number }) => p.coords[r.i * p.dims + a].toFixed(3),
        align: 'right' as const,
      })),
      { title: 'recall', value: (r) => score(f.perWord[r.i]), align: 'right' },
    ]),
  ];
  if (p.words.length > SHOWN) lines.push(`… and ${p.words.length - SHOWN} more (--json for all)`);
  return lines.join('\n');
}
