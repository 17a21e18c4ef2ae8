// corpus add, corpora
import { resolve } from 'node:path';
import type { CorpusInfo } from '../../../src-preload/contract.ts';
import { requiredString } from '../args.ts';
import type { Command, Outcome } from '../context.ts';
import { followJob } from '../jobs.ts';
import { compact, date, table } from '../output.ts';

export const corpusAdd: Command = {
  name: 'corpus add',
  args: ['PATH...'],
  synopsis: '--name N [--no-lowercase]',
  summary: 'import text files or folders (.txt, .md) as a corpus',
  options: { name: { type: 'string' }, 'no-lowercase': { type: 'boolean' } },
  async run(ctx, { values, positionals }): Promise<Outcome> {
    const name = requiredString(values, 'name', 'corpus add');
    const service = await ctx.service();
    const paths = positionals.map((p) => resolve(ctx.cwd, p));
    const { jobId } = await service.importPaths({ name, paths, lowercase: values['no-lowercase'] !== true });
    const { job, signalExit } = await followJob(ctx, service, jobId, `import ${name}`);
    if (job.status !== 'done') {
      const error =
        job.status === 'failed'
          ? `import of ${name} failed: ${job.error ?? 'unknown error'}`
          : `import of ${name} ${job.status}`;
      return { json: { error: { message: error } }, text: '', error, exitCode: signalExit ?? 1 };
    }
    const corpus = (await service.handlers.listCorpora({})).find((c) => c.name === name);
    return {
      json: { corpus },
      text: corpus ? `imported ${name}: ${corpusLine(corpus)}` : `imported ${name}`,
    };
  },
};

export const corpora: Command = {
  name: 'corpora',
  args: [],
  synopsis: '',
  summary: 'list corpora',
  options: {},
  async run(ctx): Promise<Outcome> {
    const list = await (await ctx.service()).handlers.listCorpora({});
    return {
      json: { corpora: list },
      text: list.length ? corpusTable(list) : 'no corpora yet: embedlab corpus add PATH --name N',
    };
  },
};

function corpusLine(c: CorpusInfo): string {
  return `${c.tokens} tokens, ${c.vocabSize} distinct words, ${c.sentences} sentences from ${c.files} file(s)`;
}

function corpusTable(list: CorpusInfo[]): string {
  return table(list, [
    { title: 'name', value: (c) => c.name },
    { title: 'tokens', value: (c) => compact(c.tokens), align: 'right' },
    { title: 'vocab', value: (c) => compact(c.vocabSize), align: 'right' },
    { title: 'sentences', value: (c) => compact(c.sentences), align: 'right' },
    { title: 'files', value: (c) => String(c.files), align: 'right' },
    { title: 'lowercase', value: (c) => (c.lowercase ? 'yes' : 'no') },
    { title: 'created', value: (c) => date(c.createdAt) },
  ]);
}
