// eval: analogy accuracy and word-similarity Spearman of a run, stored with it
import { resolve } from 'node:path';
import type { AnalogyEval, EvalReport, SimilarityEval } from '../../../src-preload/contract.ts';
import { numberOption, UsageError, type Values } from '../args.ts';
import type { Command, Outcome } from '../context.ts';
import { table } from '../output.ts';

export const evaluate: Command = {
  name: 'eval',
  args: ['RUN'],
  synopsis: '[--analogies FILE]... [--similarity FILE]... [--restrict-vocab 300000]',
  summary: 'score a run on Google-style analogy files and word-pair similarity files (both may repeat)',
  options: {
    analogies: { type: 'string', multiple: true },
    similarity: { type: 'string', multiple: true },
    'restrict-vocab': { type: 'string' },
  },
  async run(ctx, { values, positionals: [run] }): Promise<Outcome> {
    const files = (key: string) => ((values as Record<string, unknown>)[key] as string[] | undefined) ?? [];
    const analogies = files('analogies').map((f) => resolve(ctx.cwd, f));
    const similarity = files('similarity').map((f) => resolve(ctx.cwd, f));
    if (analogies.length + similarity.length === 0) {
      throw new UsageError('eval: name at least one --analogies FILE or --similarity FILE (see: embedlab help eval)');
    }
    const restrictVocab = restrict(values);
    const report = await (await ctx.service()).evaluateFiles(run, { analogies, similarity, restrictVocab });
    return { json: { analogies: report.analogies, similarity: report.similarity }, text: reportText(report) };
  },
};

function restrict(values: Values): number {
  const n = numberOption(values, 'restrict-vocab') ?? 300_000;
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`--restrict-vocab expects a whole number ≥ 1, got ${n}`);
  return n;
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

function reportText(r: EvalReport): string {
  const parts: string[] = [];
  for (const a of r.analogies) parts.push(analogyText(a));
  if (r.similarity.length) {
    parts.push(
      table(r.similarity, [
        { title: 'similarity file', value: (s: SimilarityEval) => s.file },
        { title: 'spearman', value: (s) => (s.spearman === null ? '-' : s.spearman.toFixed(3)), align: 'right' },
        { title: 'pairs', value: (s) => String(s.pairs), align: 'right' },
        { title: 'coverage', value: (s) => percent(s.coverage), align: 'right' },
      ]),
    );
  }
  return parts.join('\n\n');
}

function analogyText(a: AnalogyEval): string {
  const head = `${a.file}: accuracy ${percent(a.accuracy)} (${a.correct}/${a.total}), coverage ${percent(a.coverage)}`;
  const sections = table(a.sections, [
    { title: 'section', value: (s) => s.name },
    { title: 'accuracy', value: (s) => percent(s.accuracy), align: 'right' },
    { title: 'correct', value: (s) => `${s.correct}/${s.total}`, align: 'right' },
  ]);
  return `${head}\n${sections}`;
}
