// compare, stability, align: runs side by side. compare evaluates what is not
// stored yet (as a job: progress on stderr, Ctrl-C cancels) and prints one
// table of scores; stability and align print their summary and the words that
// differ most.
import { resolve } from 'node:path';
import {
  parseArgs,
  type AlignReport,
  type CompareReport,
  type CompareScore,
  type StabilityReport,
} from '../../../src-preload/contract.ts';
import { numberOption, UsageError, type Values } from '../args.ts';
import type { Command, Outcome } from '../context.ts';
import { followJob } from '../jobs.ts';
import { compact, score, table } from '../output.ts';

/** how many words the text output lists */
const SHOWN = 10;
/** align's JSON lists every shared word unless --top says otherwise */
const ALL_MOVED = 1_000_000;

export const compare: Command = {
  name: 'compare',
  args: ['RUN...'],
  synopsis: '[--analogies FILE]... [--similarity FILE]... [--restrict-vocab 300000]',
  summary:
    'one table of benchmark scores for several runs (every built-in set unless files are named); ' +
    'stored scores are reused, the rest evaluated and stored; Ctrl-C cancels',
  options: {
    analogies: { type: 'string', multiple: true },
    similarity: { type: 'string', multiple: true },
    'restrict-vocab': { type: 'string' },
  },
  async run(ctx, { values, positionals: runs }): Promise<Outcome> {
    const files = (key: string) => ((values as Record<string, unknown>)[key] as string[] | undefined) ?? [];
    const analogies = files('analogies').map((f) => resolve(ctx.cwd, f));
    const similarity = files('similarity').map((f) => resolve(ctx.cwd, f));
    const restrictVocab = restrict(values);
    const service = await ctx.service();
    let report: CompareReport;
    if (analogies.length + similarity.length > 0) {
      report = await service.compareFiles(runs, { analogies, similarity, restrictVocab });
    } else {
      const args = parseArgs('compare', { runs, restrictVocab });
      const { jobId } = await service.handlers.startCompare(args);
      if (jobId) {
        const { job, signalExit } = await followJob(ctx, service, jobId, 'compare');
        if (job.status !== 'done') {
          const error =
            job.status === 'failed' ? `evaluation failed: ${job.error ?? 'unknown error'}` : `evaluation ${job.status}`;
          return { json: { error: { message: error } }, text: '', error, exitCode: signalExit ?? 1 };
        }
      }
      report = await service.handlers.compare(args);
    }
    return { json: report, text: compareText(report) };
  },
};

export const stability: Command = {
  name: 'stability',
  args: ['RUN', 'RUN...'],
  synopsis: '[-k 10] [--words 1000]',
  summary:
    'how much runs (one setting, several seeds) agree: Jaccard@k and rank-biased overlap of the top-k ' +
    'neighbours of the N most frequent shared words, and the spread of their stored scores',
  options: { k: { type: 'string', short: 'k' }, words: { type: 'string' } },
  async run(ctx, { values, positionals: runs }): Promise<Outcome> {
    const args = parseArgs('stability', { runs, k: numberOption(values, 'k'), words: numberOption(values, 'words') });
    const r = await (await ctx.service()).handlers.stability(args);
    return { json: r, text: stabilityText(r) };
  },
};

export const align: Command = {
  name: 'align',
  args: ['RUN_A', 'RUN_B'],
  synopsis: '[--words 10000] [--top N]',
  summary:
    'rotate RUN_B onto RUN_A (orthogonal Procrustes fitted on the N most frequent shared words) and list the ' +
    'shared words by how far they moved (cosine distance)',
  options: { words: { type: 'string' }, top: { type: 'string' } },
  async run(ctx, { values, positionals: [a, b] }): Promise<Outcome> {
    const args = parseArgs('align', {
      a,
      b,
      words: numberOption(values, 'words'),
      top: numberOption(values, 'top') ?? ALL_MOVED,
      mapWords: 1,
    });
    const r = await (await ctx.service()).handlers.align(args);
    const { map: _map, ...json } = r;
    return { json, text: alignText(r) };
  },
};

function restrict(values: Values): number {
  const n = numberOption(values, 'restrict-vocab') ?? 300_000;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--restrict-vocab expects a whole number ≥ 1, got ${n}`);
  return n;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

function valueText(s: CompareScore | undefined): string {
  if (!s) return '-';
  const value = s.value === null ? 'n/a' : s.metric === 'accuracy' ? percent(s.value) : s.value.toFixed(3);
  return `${value} (${percent(s.coverage)})`;
}

/** files down, runs across: the score with its coverage; then the analogy sections */
function compareText(r: CompareReport): string {
  const find = (run: string, file: string, kind: string) =>
    r.scores.find((s) => s.run === run && s.file === file && s.kind === kind);
  const files = [...new Map(r.scores.map((s) => [`${s.kind}:${s.file}`, s])).values()];
  const runColumns = r.runs.map((run) => ({
    title: run,
    value: (f: CompareScore) => valueText(find(run, f.file, f.kind)),
    align: 'right' as const,
  }));
  const parts = [
    table(files, [{ title: 'file', value: (f) => f.file }, { title: 'metric', value: (f) => f.metric }, ...runColumns]),
  ];
  for (const f of files.filter((x) => x.kind === 'analogy')) {
    const sections = (f.sections ?? []).map((s) => s.name);
    parts.push(
      `${f.file}, per section:\n` +
        table(sections, [
          { title: 'section', value: (name) => name },
          ...r.runs.map((run) => ({
            title: run,
            value: (name: string) => {
              const s = find(run, f.file, 'analogy')?.sections?.find((x) => x.name === name);
              return s ? `${percent(s.accuracy)} ${s.correct}/${s.total}` : '-';
            },
            align: 'right' as const,
          })),
        ]),
    );
  }
  parts.push('(value, with coverage in brackets)');
  return parts.join('\n\n');
}

function stabilityText(r: StabilityReport): string {
  const byJaccard = [...r.perWord].sort((x, y) => x.jaccard - y.jaccard);
  const wordTable = (rows: StabilityReport['perWord']) =>
    table(rows, [
      { title: 'word', value: (w) => w.word },
      { title: `jaccard@${r.k}`, value: (w) => score(w.jaccard), align: 'right' },
      { title: 'rbo', value: (w) => score(w.rbo), align: 'right' },
    ]);
  const parts = [
    `${r.runs.join(', ')}: ${r.words} most frequent of ${compact(r.shared)} shared words, ${r.k} neighbours each ` +
      `(in ${r.seconds.toFixed(1)} s)`,
    `mean Jaccard@${r.k} ${score(r.jaccard)}, mean RBO (p = 0.9) ${score(r.rbo)}`,
  ];
  if (r.pairs.length > 1) {
    parts.push(
      table(r.pairs, [
        { title: 'run', value: (p) => p.a },
        { title: 'run', value: (p) => p.b },
        { title: `jaccard@${r.k}`, value: (p) => score(p.jaccard), align: 'right' },
        { title: 'rbo', value: (p) => score(p.rbo), align: 'right' },
      ]),
    );
  }
  parts.push(`least stable:\n${wordTable(byJaccard.slice(0, SHOWN))}`);
  parts.push(`most stable:\n${wordTable(byJaccard.slice(-SHOWN).reverse())}`);
  if (r.scores.length) {
    parts.push(
      'stored scores across the runs:\n' +
        table(r.scores, [
          { title: 'file', value: (s) => s.file },
          { title: 'metric', value: (s) => s.metric },
          { title: 'mean', value: (s) => score(s.mean), align: 'right' },
          { title: 'sd', value: (s) => score(s.sd), align: 'right' },
          { title: 'min', value: (s) => score(s.min), align: 'right' },
          { title: 'max', value: (s) => score(s.max), align: 'right' },
        ]),
    );
  } else {
    parts.push('(no stored scores shared by every run: run `embedlab compare` on them first for the spread of scores)');
  }
  return parts.join('\n\n');
}

function alignText(r: AlignReport): string {
  return [
    `${r.b} rotated onto ${r.a}: ${compact(r.shared)} shared words, fitted on the ${compact(r.fitted)} most frequent ` +
      `(in ${r.seconds.toFixed(1)} s)`,
    `residual (mean cosine distance after alignment): ${score(r.residual)} over all shared words, ` +
      `${score(r.fitResidual)} over the fitted ones`,
    `moved most:\n${table(r.moved.slice(0, SHOWN * 2), [
      { title: 'word', value: (m) => m.word },
      { title: 'distance', value: (m) => score(m.distance), align: 'right' },
    ])}`,
  ].join('\n\n');
}
