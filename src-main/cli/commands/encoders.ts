// model add, models, tokenize, encode, attention, providers: BERT-family encoders through onnxruntime
import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs, type EncoderModelInfo, type ProviderReport } from '../../../src-preload/contract.ts';
import { numberOption, requiredString, stringOption, UsageError, type Values } from '../args.ts';
import type { Command, Context, Outcome } from '../context.ts';
import { duration, table } from '../output.ts';
import { followJob } from '../jobs.ts';

const MODEL_HELP = 'MODEL is a registered name or an encoder folder';

export const modelAdd: Command = {
  name: 'model add',
  args: ['DIR'],
  synopsis: '--name N',
  summary:
    'check a BERT-family encoder folder (model.onnx, config.json, tokenizer.json or vocab.txt; sentence-transformers ' +
    'pooling read when present) and register it under a name. --json: the registered model',
  options: { name: { type: 'string' } },
  async run(ctx, { values, positionals: [dir] }): Promise<Outcome> {
    const name = requiredString(values, 'name', 'model add');
    const info = await (await ctx.service()).addEncoderFolder(resolve(ctx.cwd, dir), name);
    return { json: info, text: `added encoder ${info.name}\n${modelText(info)}` };
  },
};

export const models: Command = {
  name: 'models',
  args: [],
  synopsis: '',
  summary:
    'the registered encoders. --json: [{name, dir, modelType, hiddenSize, layers, heads, maxLength, pooling, ...}]',
  options: {},
  async run(ctx): Promise<Outcome> {
    const list = await (await ctx.service()).handlers.encoders({});
    const text = list.length
      ? table(list, [
          { title: 'name', value: (m: EncoderModelInfo) => m.name },
          { title: 'type', value: (m) => m.modelType },
          { title: 'hidden', value: (m) => String(m.hiddenSize), align: 'right' },
          { title: 'layers', value: (m) => String(m.layers), align: 'right' },
          { title: 'heads', value: (m) => String(m.heads), align: 'right' },
          { title: 'max tokens', value: (m) => String(m.maxLength), align: 'right' },
          { title: 'pooling', value: (m) => m.pooling + (m.normalize ? ', normalised' : '') },
          { title: 'folder', value: (m) => m.dir },
        ])
      : 'no encoders yet (add one: embedlab model add DIR --name N)';
    return { json: list, text };
  },
};

export const tokenize: Command = {
  name: 'tokenize',
  args: ['MODEL', 'TEXT'],
  synopsis: '[--pair TEXT]',
  summary: `the model's tokens and ids for TEXT (and a second text). ${MODEL_HELP}. --json: {tokens, ids, tokenTypeIds, truncated}`,
  options: { pair: { type: 'string' } },
  async run(ctx, { values, positionals: [model, text] }): Promise<Outcome> {
    const service = await ctx.service();
    const args = parseArgs('tokenize', {
      model: await modelName(ctx, model),
      text,
      pair: stringOption(values, 'pair'),
    });
    const out = await service.handlers.tokenize(args);
    const rows = out.tokens.map((t, i) => ({ t, id: out.ids[i], type: out.tokenTypeIds[i] }));
    const lines = table(rows, [
      { title: 'token', value: (r) => r.t },
      { title: 'id', value: (r) => String(r.id), align: 'right' },
      { title: 'type', value: (r) => String(r.type), align: 'right' },
    ]);
    return { json: out, text: `${lines}${out.truncated ? `\n${truncatedNote()}` : ''}` };
  },
};

export const encode: Command = {
  name: 'encode',
  args: ['MODEL'],
  synopsis:
    '--text TEXT [--text TEXT ...] [--pair TEXT] [--pooling mean|cls] [--normalize] [--tokens] [--provider auto|cpu|cuda|webgpu|...]\n' +
    '       | --corpus N --name RUN [--unit sentence|chunk] [--limit 100000] [--batch 32]',
  summary:
    `sentence vectors of each --text (mean or CLS pooling as the folder says, unless --pooling). ${MODEL_HELP}. ` +
    '--json: {vectors: [[..]], pooling, provider, truncated: [..], normalized, tokens}; --tokens adds tokenVectors. ' +
    'With --corpus: encode its sentences (or ~100-word chunks) as a job and store them as run RUN (neighbors, project, ' +
    'compare accept it); --json: {run}',
  options: {
    text: { type: 'string', multiple: true },
    corpus: { type: 'string' },
    name: { type: 'string' },
    unit: { type: 'string' },
    limit: { type: 'string' },
    batch: { type: 'string' },
    pair: { type: 'string' },
    pooling: { type: 'string' },
    normalize: { type: 'boolean' },
    tokens: { type: 'boolean' },
    provider: { type: 'string' },
  },
  async run(ctx, { values, positionals: [model] }): Promise<Outcome> {
    if (stringOption(values, 'corpus') !== undefined) return encodeCorpus(ctx, model, values);
    const texts = (values.text as string[] | undefined) ?? [];
    if (texts.length === 0) {
      throw new UsageError(
        'encode: give at least one --text TEXT, or --corpus N --name RUN (see: embedlab help encode)',
      );
    }
    const pair = stringOption(values, 'pair');
    const service = await ctx.service();
    const args = parseArgs('encode', {
      model: await modelName(ctx, model),
      texts,
      pairs: pair === undefined ? undefined : texts.map(() => pair),
      pooling: stringOption(values, 'pooling'),
      normalize: values.normalize === true ? true : undefined,
      tokens: values.tokens === true,
      provider: stringOption(values, 'provider') ?? 'auto',
    });
    const out = await service.handlers.encode(args);
    const json = {
      vectors: out.vectors.map((v) => Array.from(v)),
      pooling: out.pooling,
      provider: out.provider,
      truncated: out.truncated,
      normalized: out.normalized,
      tokens: out.tokens,
      ...(out.tokenVectors ? { tokenVectors: out.tokenVectors.map((t) => t.map((v) => Array.from(v))) } : {}),
    };
    return {
      json,
      text: encodeText(
        texts,
        out.vectors,
        out.truncated,
        `${out.pooling} pooling${out.normalized ? ', L2-normalised' : ''}, provider ${out.provider}`,
      ),
    };
  },
};

export const attention: Command = {
  name: 'attention',
  args: ['MODEL', 'TEXT'],
  synopsis: '--layer L --head H [--pair TEXT]',
  summary: `attention weights of one layer and head (0-based) for TEXT. ${MODEL_HELP}. --json: {tokens, weights: [[..]]}`,
  options: { layer: { type: 'string' }, head: { type: 'string' }, pair: { type: 'string' } },
  async run(ctx, { values, positionals: [model, text] }): Promise<Outcome> {
    const service = await ctx.service();
    const args = parseArgs('attention', {
      model: await modelName(ctx, model),
      text,
      pair: stringOption(values, 'pair'),
      layer: required(values, 'layer'),
      head: required(values, 'head'),
    });
    const out = await service.handlers.attention(args);
    const rows = out.tokens.map((t, i) => ({ t, w: out.weights[i] }));
    const heat = table(rows, [
      { title: 'from \\ to', value: (r) => r.t },
      ...out.tokens.map((t, j) => ({
        title: t,
        value: (r: { w: number[] }) => r.w[j].toFixed(2),
        align: 'right' as const,
      })),
    ]);
    return {
      json: { tokens: out.tokens, weights: out.weights },
      text: `layer ${out.layer}, head ${out.head}\n${heat}`,
    };
  },
};

export const search: Command = {
  name: 'search',
  args: ['RUN', 'QUERY...'],
  synopsis: '[-k 10] [--compare WORD_RUN]',
  summary:
    'semantic search: the texts of an encoded corpus (RUN from encode --corpus) nearest to QUERY by the encoder; ' +
    '--compare ranks the same texts by the mean of their word vectors in a word-vector run, side by side. ' +
    '--json: {encoder: [{word, score}], truncated, averaged?: {run, results, unknown}}',
  options: { k: { type: 'string', short: 'k' }, compare: { type: 'string' } },
  async run(ctx, { values, positionals: [run, ...words] }): Promise<Outcome> {
    const args = parseArgs('semanticSearch', {
      run,
      query: words.join(' '),
      k: numberOption(values, 'k'),
      compareWith: stringOption(values, 'compare'),
    });
    const out = await (await ctx.service()).handlers.semanticSearch(args);
    const list = (title: string, rows: { word: string; score: number }[]) =>
      `${title}\n${rows.map((r, i) => `${String(i + 1).padStart(3)}. ${r.score.toFixed(3)}  ${r.word.length > 100 ? `${r.word.slice(0, 99)}…` : r.word}`).join('\n')}`;
    const parts = [list(`by the encoder (${run})`, out.encoder)];
    if (out.averaged) {
      const unknown = out.averaged.unknown.length ? `; not in it: ${out.averaged.unknown.join(', ')}` : '';
      parts.push(list(`by averaged word vectors (${out.averaged.run}${unknown})`, out.averaged.results));
    }
    return { json: out, text: parts.join('\n\n') };
  },
};

export const contexts: Command = {
  name: 'contexts',
  args: ['MODEL', 'WORD'],
  synopsis: '--corpus N [--limit 200] [--dims 2|3] [--static RUN] [-k 10] [--seed 1]',
  summary:
    `WORD's contextual vectors over a sample of its occurrences in a corpus, as a PCA cloud (senses show as clusters), ` +
    `beside its static neighbours in a word-vector run. ${MODEL_HELP}. --json: {word, total, occurrences: [{left, word, ` +
    'right}], dims, coords: [..], explained, lost, static: {run, neighbors} | null}',
  options: {
    corpus: { type: 'string' },
    limit: { type: 'string' },
    dims: { type: 'string' },
    static: { type: 'string' },
    k: { type: 'string', short: 'k' },
    seed: { type: 'string' },
  },
  async run(ctx, { values, positionals: [model, word] }): Promise<Outcome> {
    const service = await ctx.service();
    const args = parseArgs('contexts', {
      model: await modelName(ctx, model),
      corpus: requiredString(values, 'corpus', 'contexts'),
      word,
      limit: numberOption(values, 'limit'),
      dims: numberOption(values, 'dims'),
      staticRun: stringOption(values, 'static'),
      k: numberOption(values, 'k'),
      seed: numberOption(values, 'seed'),
    });
    const out = await service.handlers.contexts(args);
    const json = { ...out, coords: Array.from(out.coords) };
    const lines = out.occurrences.slice(0, 10).map((o, i) => {
      const at = Array.from(out.coords.subarray(i * out.dims, (i + 1) * out.dims), (x) =>
        x.toFixed(2).padStart(6),
      ).join(' ');
      return `${at}  …${o.left.slice(-6).join(' ')} [${o.word}] ${o.right.slice(0, 6).join(' ')}…`;
    });
    const head =
      `"${out.word}": ${out.occurrences.length} of ${out.total} occurrences` +
      `${out.lost ? ` (${out.lost} cut by the model length)` : ''}, PCA explains ${out.explained.map((e) => `${(e * 100).toFixed(0)}%`).join(' + ')}`;
    const stat = out.static
      ? `\nstatic neighbours in ${out.static.run}: ${out.static.neighbors.map((n) => n.word).join(', ')}`
      : '';
    return { json, text: `${head}\n${lines.join('\n')}${out.occurrences.length > 10 ? '\n…' : ''}${stat}` };
  },
};

export const providers: Command = {
  name: 'providers',
  args: [],
  synopsis: '',
  summary:
    'the onnxruntime execution providers that run on this machine, the one chosen, and why the others were skipped. ' +
    '--json: {available: [..], chosen, skipped: [{name, reason}]}',
  options: {},
  async run(ctx): Promise<Outcome> {
    const report = await (await ctx.service()).handlers.providers({});
    return { json: report, text: providersText(report) };
  },
};

async function encodeCorpus(ctx: Context, model: string, values: Values): Promise<Outcome> {
  const service = await ctx.service();
  const args = parseArgs('encodeCorpus', {
    model: await modelName(ctx, model),
    corpus: requiredString(values, 'corpus', 'encode'),
    name: requiredString(values, 'name', 'encode'),
    unit: stringOption(values, 'unit'),
    limit: numberOption(values, 'limit'),
    batchSize: numberOption(values, 'batch'),
    pooling: stringOption(values, 'pooling'),
    normalize: values.normalize === true ? true : undefined,
    provider: stringOption(values, 'provider') ?? 'auto',
  });
  const { jobId, run } = await service.handlers.encodeCorpus(args);
  const { job, signalExit } = await followJob(ctx, service, jobId, `encoding ${args.corpus} into ${run}`);
  const info = (await service.handlers.listRuns({})).find((r) => r.name === run) ?? null;
  if (job.status === 'done' && info) {
    const p = info.params;
    const text =
      `run ${run}: ${info.vocabSize} ${args.unit}s × ${info.dim} dims in ${duration(info.seconds)}` +
      ` (${String(p.pooling)} pooling, provider ${String(p.provider)}${Number(p.truncated) ? `, ${String(p.truncated)} truncated` : ''})`;
    return { json: { run: info }, text };
  }
  const error =
    job.status === 'failed'
      ? `encoding failed: ${job.error ?? info?.error ?? 'unknown error'}`
      : `run ${run} ${job.status}`;
  return { json: { run: info, error: { message: error } }, text: '', error, exitCode: signalExit ?? 1 };
}

/** a registered name, or a folder opened for this command only */
async function modelName(ctx: Context, model: string): Promise<string> {
  const path = isAbsolute(model) ? model : resolve(ctx.cwd, model);
  const looksLikePath = model.includes('/') || model.includes('\\') || model.startsWith('.');
  if (looksLikePath || (existsSync(path) && statSync(path).isDirectory())) {
    return (await ctx.service()).useEncoderFolder(path);
  }
  return model;
}

function required(values: Values, key: string): number {
  const n = numberOption(values, key);
  if (n === undefined) throw new UsageError(`attention: --${key} is required (see: embedlab help attention)`);
  return n;
}

function modelText(m: EncoderModelInfo): string {
  return [
    `  ${m.modelType}, hidden ${m.hiddenSize}, ${m.layers} layers, ${m.heads} heads`,
    `  at most ${m.maxLength} tokens (${m.maxLengthFrom})`,
    `  ${m.pooling} pooling${m.normalize ? ', L2-normalised' : ''} (${m.poolingFrom})`,
    `  tokenizer: ${m.tokenizerFile}; attention outputs: ${m.hasAttentions ? 'yes' : 'no'}`,
  ].join('\n');
}

function encodeText(texts: string[], vectors: Float32Array[], truncated: boolean[], heading: string): string {
  const lines = vectors.map((v, i) => {
    const norm = Math.hypot(...v);
    const head = Array.from(v.subarray(0, 6), (x) => x.toFixed(4)).join(' ');
    const label = texts[i].length > 40 ? `${texts[i].slice(0, 39)}…` : texts[i];
    return `${label}\n  [${head}${v.length > 6 ? ' …' : ''}] dim ${v.length}, norm ${norm.toFixed(4)}${truncated[i] ? ' (truncated)' : ''}`;
  });
  const note = truncated.some(Boolean) ? `\n${truncatedNote()}` : '';
  return `${heading}\n${lines.join('\n')}${note}`;
}

function truncatedNote(): string {
  return 'note: text longer than the model takes was cut (the final [SEP] kept); split it to embed all of it';
}

function providersText(r: ProviderReport): string {
  const lines = [`chosen: ${r.chosen}`, `available: ${r.available.join(', ')}`];
  for (const s of r.skipped) lines.push(`skipped ${s.name}: ${s.reason}`);
  return lines.join('\n');
}
