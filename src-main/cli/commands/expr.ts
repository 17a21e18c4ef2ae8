// expr, odd-one-out, kwic
import { parseArgs, type ConcordanceLine, type ExpressionTerm, type Scored } from '../../../src-preload/contract.ts';
import { numberOption } from '../args.ts';
import type { Command, Outcome } from '../context.ts';
import { score, table, type Column } from '../output.ts';

export const expr: Command = {
  name: 'expr',
  args: ['RUN', 'EXPR...'],
  synopsis: '[-k 10] [--normalize]',
  summary:
    'vector arithmetic: "king - man + woman", "0.5*paris + 0.5*rome", "(a + b)/2"; ranks the sum as written by cosine ' +
    '(--normalize: of unit vectors, as gensim) beside 3CosMul for a - b + c, inputs left out. Binary minus needs a ' +
    'space ("a-b" is one word); an EXPR that starts with "-" goes after -- (options before it). ' +
    '--json: {results: [{word, score}], mul: [{word, score}], terms: [{word, weight}]}; mul is [] unless EXPR is a - b + c',
  options: { k: { type: 'string', short: 'k' }, normalize: { type: 'boolean' } },
  async run(ctx, { values, positionals: [run, ...parts] }): Promise<Outcome> {
    const args = parseArgs('expression', {
      run,
      // quoted as one argument, or typed bare: expr RUN king - man + woman
      expr: parts.join(' '),
      k: numberOption(values, 'k'),
      normalize: values.normalize === true,
    });
    const { results, mul, terms } = await (await ctx.service()).handlers.expression(args);
    const heading = `${written(terms)}${args.normalize ? ' (unit vectors)' : ''}`;
    return { json: { results, mul, terms }, text: `${heading}\n${sideBySide(results, mul)}` };
  },
};

export const oddOneOut: Command = {
  name: 'odd-one-out',
  args: ['RUN', 'WORD...'],
  synopsis: '',
  summary:
    'the word that fits least (gensim doesnt_match): least cosine-similar to the mean of the unit vectors; ' +
    "--json: {word, scores: [{word, score}]}, each word's cosine to the mean",
  options: {},
  async run(ctx, { positionals: [run, ...words] }): Promise<Outcome> {
    const answer = await (await ctx.service()).handlers.oddOneOut(parseArgs('oddOneOut', { run, words }));
    const rows = table(answer.scores, [
      { title: 'word', value: (r) => r.word },
      { title: 'cosine to the mean', value: (r) => score(r.score), align: 'right' },
    ]);
    return { json: answer, text: `odd one out: ${answer.word}\n${rows}` };
  },
};

export const kwic: Command = {
  name: 'kwic',
  args: ['RUN', 'WORD'],
  synopsis: '[-n 20] [--width 8]',
  summary:
    'keyword in context: the first n occurrences of WORD in the corpus RUN was trained on, width words each side, ' +
    'cut at sentence ends, with its count and the chance subsampling kept it. --json: {word, corpus, count, ' +
    'keepProbability, sample, lines: [{left, word, right}]}; keepProbability and sample are null when not subsampled',
  options: { n: { type: 'string', short: 'n' }, width: { type: 'string' } },
  async run(ctx, { values, positionals: [run, word] }): Promise<Outcome> {
    const args = parseArgs('kwic', { run, word, n: numberOption(values, 'n'), width: numberOption(values, 'width') });
    const answer = await (await ctx.service()).handlers.kwic(args);
    const keep =
      answer.keepProbability === null
        ? ''
        : `, kept with probability ${score(answer.keepProbability)} (sample ${answer.sample})`;
    const heading = `"${answer.word}": ${answer.count} in corpus ${answer.corpus}${keep}`;
    return { json: answer, text: answer.lines.length ? `${heading}\n${concordanceText(answer.lines)}` : heading };
  },
};

/** the terms as an expression again: 0.5*a + b − c */
function written(terms: ExpressionTerm[]): string {
  return terms
    .map(({ word, weight }, i) => {
      const size = Math.abs(weight);
      const term = size === 1 ? word : `${+size.toPrecision(6)}*${word}`;
      if (i === 0) return weight < 0 ? `−${term}` : term;
      return `${weight < 0 ? '−' : '+'} ${term}`;
    })
    .join(' ');
}

function sideBySide(results: Scored[], mul: Scored[]): string {
  if (results.length === 0) return 'no results';
  type Row = { rank: number; add: Scored; mul?: Scored };
  const columns: Column<Row>[] = [
    { title: '#', value: (x) => String(x.rank), align: 'right' },
    { title: 'word', value: (x) => x.add.word },
    { title: 'cosine', value: (x) => score(x.add.score), align: 'right' },
  ];
  if (mul.length) {
    columns.push(
      { title: '3CosMul', value: (x) => x.mul?.word ?? '' },
      { title: 'score', value: (x) => (x.mul ? score(x.mul.score) : ''), align: 'right' },
    );
  }
  return table(
    results.map((add, i) => ({ rank: i + 1, add, mul: mul[i] })),
    columns,
  );
}

function concordanceText(lines: ConcordanceLine[]): string {
  const width = Math.max(...lines.map((l) => l.left.length));
  return lines.map((l) => `${l.left.padStart(width)}  ${l.word}  ${l.right}`.trimEnd()).join('\n');
}
