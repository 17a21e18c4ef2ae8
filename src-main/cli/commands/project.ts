// project: a run's first N words laid out in 2D or 3D (PCA, UMAP with its
// epochs as progress on stderr, or custom axes from word differences), with
// the layout's kNN recall@10.
import { parseArgs, type Projection } from '../../../src-preload/contract.ts';
import { parseAxis } from '../../../src-preload/axis-text.ts';
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
/** options that give custom axes, in order */
const AXIS_FLAGS = ['x', 'y', 'z'] as const;
/** above this |cosine| between two axes the text output warns (as the Explore view does) */
const OVERLAP_WARNING = 0.5;

export const project: Command = {
  name: 'project',
  args: ['RUN'],
  synopsis:
    '--method pca|umap|axes --dims 2|3 --words N [--neighbors 15 --min-dist 0.1 --metric cosine|euclidean --seed 1] [--x man:woman --y boy:king --z ...]',
  summary:
    'lay the run’s N most frequent words out in 2D or 3D, with the kNN recall@10 of the layout; Ctrl-C cancels. ' +
    '--method axes: each word at its cosine with x = mean(to) − mean(from) (lists with commas: he,man:she,woman; one word: toward it)',
  options: {
    method: { type: 'string' },
    metric: { type: 'string' },
    x: { type: 'string' },
    y: { type: 'string' },
    z: { type: 'string' },
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
  const axes = axesOption(values);
  const method = stringOption(values, 'method') ?? (axes ? 'axes' : 'pca');
  if (method !== 'pca' && method !== 'umap' && method !== 'axes')
    throw new UsageError(`--method must be pca, umap or axes, got "${method}"`);
  if (method === 'axes' && !axes) throw new UsageError('--method axes needs --x and --y (and --z for 3D)');
  if (method !== 'axes' && axes) throw new UsageError(`--x, --y and --z go with --method axes, not ${method}`);
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
  if (axes) {
    raw.axes = axes;
    raw.dims ??= axes.length;
    if (raw.dims !== axes.length)
      throw new UsageError(`--dims ${String(raw.dims)} needs ${String(raw.dims)} axes, got ${axes.length}`);
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

/** --x, --y, --z as axes (--y without --x is an error); undefined when none is given */
function axesOption(values: Values) {
  const given = AXIS_FLAGS.map((flag) => stringOption(values, flag));
  if (given.every((g) => g === undefined)) return undefined;
  const count = given.findLastIndex((g) => g !== undefined) + 1;
  if (count < 2) throw new UsageError('custom axes need --x and --y (and --z for 3D)');
  return given.slice(0, count).map((text, i) => {
    const flag = AXIS_FLAGS[i];
    if (text === undefined) throw new UsageError(`--${AXIS_FLAGS[count - 1]} needs --${flag} too`);
    try {
      return parseAxis(text);
    } catch (err) {
      throw new UsageError(`--${flag} ${JSON.stringify(text)}: ${(err as Error).message}`);
    }
  });
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
    ...(p.axes && {
      axes: {
        axes: p.axes.axes,
        cosines: p.axes.cosines.map((row) => row.map(round)),
        maxOverlap: round(p.axes.maxOverlap),
      },
    }),
  };
}

function summary(p: Projection, seconds: number, cached: boolean): string {
  const how = p.umap
    ? `umap, ${p.dims}D, ${p.metric}, ${p.umap.neighbors} neighbours, min-dist ${p.umap.minDist}, seed ${p.umap.seed}, ${p.umap.epochs} epochs`
    : p.axes
      ? `axes, ${p.dims}D, cosine with ${p.axes.axes.map((a, i) => `${AXIS_FLAGS[i]} = ${a.label}`).join(', ')}`
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
  if (p.axes && p.axes.maxOverlap > OVERLAP_WARNING) lines.push(overlapWarning(p.axes.cosines));
  return lines.join('\n');
}

/** which axes lean on each other, and by how much */
function overlapWarning(cosines: number[][]): string {
  const pairs: string[] = [];
  for (let a = 0; a < cosines.length; a++)
    for (let b = a + 1; b < cosines.length; b++)
      if (Math.abs(cosines[a][b]) > OVERLAP_WARNING)
        pairs.push(`${AXIS_FLAGS[a]} and ${AXIS_FLAGS[b]} (cosine ${cosines[a][b].toFixed(2)})`);
  return `warning: the axes are far from orthogonal: ${pairs.join(', ')}; distances on the map are skewed`;
}
