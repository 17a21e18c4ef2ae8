// neighbors, analogy, similarity
import { parseArgs, type Scored } from '../../../src-preload/contract.ts';
import { numberOption } from '../args.ts';
import type { Command, Outcome } from '../context.ts';
import { score, table } from '../output.ts';

const kOption = { k: { type: 'string', short: 'k' } } as const;

export const neighbors: Command = {
  name: 'neighbors',
  args: ['RUN', 'WORD'],
  synopsis: '[-k 10]',
  summary: 'the k nearest words by cosine similarity',
  options: kOption,
  async run(ctx, { values, positionals: [run, word] }): Promise<Outcome> {
    const args = parseArgs('neighbors', { run, word, k: numberOption(values, 'k') });
    const { results } = await (await ctx.service()).handlers.neighbors(args);
    return { json: { results }, text: scoredTable(results) };
  },
};

export const analogy: Command = {
  name: 'analogy',
  args: ['RUN', 'A', 'B', 'C'],
  synopsis: '[-k 10] [--raw]',
  summary: 'a − b + c: "analogy RUN king man woman" is king − man + woman',
  options: { ...kOption, raw: { type: 'boolean' } },
  async run(ctx, { values, positionals: [run, a, b, c] }): Promise<Outcome> {
    const args = parseArgs('analogy', { run, a, b, c, k: numberOption(values, 'k') });
    const answer = await (await ctx.service()).handlers.analogy(args);
    const results = values.raw === true ? answer.raw : answer.results;
    return { json: { results }, text: `${a} − ${b} + ${c}\n${scoredTable(results)}` };
  },
};

export const similarity: Command = {
  name: 'similarity',
  args: ['RUN', 'WORD', 'WORD'],
  synopsis: '',
  summary: 'cosine similarity of two words',
  options: {},
  async run(ctx, { positionals: [run, a, b] }): Promise<Outcome> {
    const { score: s } = await (await ctx.service()).handlers.similarity(parseArgs('similarity', { run, a, b }));
    return { json: { score: s }, text: `similarity(${a}, ${b}) = ${score(s)}` };
  },
};

function scoredTable(results: Scored[]): string {
  if (results.length === 0) return 'no results';
  return table(
    results.map((r, i) => ({ ...r, rank: i + 1 })),
    [
      { title: '#', value: (r) => String(r.rank), align: 'right' },
      { title: 'word', value: (r) => r.word },
      { title: 'score', value: (r) => score(r.score), align: 'right' },
    ],
  );
}
