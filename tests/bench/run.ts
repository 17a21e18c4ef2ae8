// `npm run bench`: the training benchmark, ours against gensim and fastText.
//   node --import tsx tests/bench/run.ts [--corpus tiny|small|bench] [--methods sgns,cbow,fasttext,fasttext-nosub,glove]
//     [--scale] [--threads 2] [--epochs 1] [--dim 100] [--repeat 1] [--seeds 1,2,3] [--skip-quality] [--gensim-corpus-file]
//     [--only ours|peers] [--out FILE.json] [--keep] [--verbose] [--timeout SECONDS]
// Exits 0 whatever the ratios (a benchmark, not a test); non-zero only when
// the harness itself breaks. See tests/bench/README.md.
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { corpusFiles, type CorpusName } from './lib/prepare.ts';
import { machineLines, mainTable, scaleTable, secs, type Report } from './lib/report.ts';
import { METHODS, type MethodName } from './lib/tools.ts';
import { runTrainBench, type BenchOptions } from './train.bench.ts';

const usage = `usage: npm run bench -- [options]
  --corpus tiny|small|bench   the shared corpus to train on (default bench)
  --methods LIST              comma-separated, of ${METHODS.join(', ')} (default all)
  --scale                     also run 2x and 4x the corpus (repeated), and print how time and memory grow
  --threads N                 threads for every tool (default 2)
  --epochs N                  epochs (GloVe: iterations) for every tool (default 1)
  --dim N                     vector size (default 100)
  --repeat N                  run each command N times and keep the fastest (default 1)
  --seeds LIST                comma-separated seeds: at 1x run ours and the peer once per seed (times: the fastest;
                              quality: mean ± sd over the seeds); 2x and 4x use the first (default: seed 1)
  --skip-quality              no analogy / WordSim-353 evaluation
  --gensim-corpus-file        gensim reads with corpus_file= instead of LineSentence
  --only ours|peers           run only ours, or only the peers (ratios need both: use it to re-check one side)
  --out FILE.json             also write the results as JSON
  --keep                      keep the work folder (lab database, peers' vectors)
  --verbose                   show the tools' own output
  --timeout SECONDS           kill any one command after this long (default 7200)
environment: BENCH_DIR (cache and work folders; default $TMPDIR/embedlab-bench), BENCH_MEASURE=poll (measure memory by polling /proc)`;

function parse(argv: string[]): (BenchOptions & { out?: string }) | null {
  const { values } = parseArgs({
    args: argv,
    options: {
      corpus: { type: 'string', default: 'bench' },
      methods: { type: 'string', default: METHODS.join(',') },
      scale: { type: 'boolean', default: false },
      threads: { type: 'string', default: '2' },
      epochs: { type: 'string', default: '1' },
      dim: { type: 'string', default: '100' },
      repeat: { type: 'string', default: '1' },
      seeds: { type: 'string' },
      'skip-quality': { type: 'boolean', default: false },
      'gensim-corpus-file': { type: 'boolean', default: false },
      out: { type: 'string' },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
      timeout: { type: 'string', default: '7200' },
      only: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.help) return null;
  if (!(values.corpus in corpusFiles)) throw new Error(`--corpus: one of ${Object.keys(corpusFiles).join(', ')}`);
  const methods = values.methods
    .split(',')
    .map((m) => m.trim())
    .filter(Boolean);
  for (const m of methods) {
    if (!(METHODS as readonly string[]).includes(m))
      throw new Error(`--methods: unknown method "${m}" (${METHODS.join(', ')})`);
  }
  if (values.only !== undefined && values.only !== 'ours' && values.only !== 'peers') {
    throw new Error(`--only: ours or peers, got "${values.only}"`);
  }
  const int = (name: string, v: string) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: a whole number ≥ 1, got "${v}"`);
    return n;
  };
  return {
    corpus: values.corpus as CorpusName,
    methods: methods as MethodName[],
    scale: values.scale,
    threads: int('threads', values.threads),
    epochs: int('epochs', values.epochs),
    dim: int('dim', values.dim),
    repeat: int('repeat', values.repeat),
    seeds: values.seeds === undefined ? undefined : seedList(values.seeds),
    skipQuality: values['skip-quality'],
    gensimCorpusFile: values['gensim-corpus-file'],
    keep: values.keep,
    verbose: values.verbose,
    timeoutSeconds: int('timeout', values.timeout),
    only: values.only as 'ours' | 'peers' | undefined,
    out: values.out,
  };
}

function seedList(v: string): number[] {
  const seeds = v.split(',').map((x) => x.trim());
  for (const x of seeds) {
    if (!/^\d+$/.test(x)) throw new Error(`--seeds: whole numbers ≥ 0, comma-separated, got "${v}"`);
  }
  // each seed's run and vectors are named by the seed: a repeat would collide
  if (new Set(seeds.map(Number)).size !== seeds.length) throw new Error(`--seeds: a seed is repeated in "${v}"`);
  return seeds.map(Number);
}

/** ", best of 3", ", seeds 1, 2, 3 (time: best of 6 runs; quality: mean ± sd)" or nothing */
function runsNote(o: Report['options']): string {
  const repeat = Number(o.repeat);
  const seeds = o.seeds as number[] | undefined;
  if (!seeds) return repeat > 1 ? `, best of ${String(repeat)}` : '';
  const runs = seeds.length * repeat;
  const quality = o.skipQuality ? '' : seeds.length > 1 ? '; quality: mean ± sd' : '';
  return `, seeds ${seeds.join(', ')} (time: best of ${String(runs)} run${runs > 1 ? 's' : ''}${quality})`;
}

export function printReport(report: Report, write: (line: string) => void): void {
  const o = report.options;
  const c = report.corpora[0];
  write('');
  write(
    `Training benchmark: corpus-${String(o.corpus)} (${c.tokens.toLocaleString('en')} tokens, ${c.lines.toLocaleString('en')} lines, pre-tokenized lowercase), dim ${String(o.dim)}, ${String(o.epochs)} epoch(s), ${String(o.threads)} threads${runsNote(o)}`,
  );
  for (const line of machineLines(report)) write(line);
  const imp = report.imports.find((i) => i.factor === 1);
  if (imp) {
    const r = imp.result;
    write(
      r.status === 'ok'
        ? `ours import (tokenize, vocabulary, token-id file; once per corpus, not in "ours s"): ${secs(r.seconds)} s, peak ${r.peakMB?.toFixed(0) ?? '—'} MB, ${imp.corpus?.vocabSize.toLocaleString('en') ?? '?'} distinct words`
        : `ours import: ${r.status} (${r.note ?? ''})`,
    );
  }
  write('');
  for (const line of mainTable(report)) write(line);
  write('');
  write(
    'ours s = the whole `embedlab train` command; gensim s = build_vocab + train (LineSentence unless --gensim-corpus-file); fasttext s = the whole command. ratio = ours s / peer s (goal ≤ 1.0); cpu ratio = user+sys CPU seconds, steadier than wall time on a busy machine.',
  );
  const scale = scaleTable(report);
  if (scale.length) {
    write('');
    write('Scaling (the corpus repeated 2x and 4x): time should grow linearly, memory should not grow with the corpus');
    for (const line of scale) write(line);
  }
  write('');
  write(`bench took ${secs(report.benchSeconds)} s`);
}

async function main(): Promise<number> {
  let options: ReturnType<typeof parse>;
  try {
    options = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`bench: ${(err as Error).message}\n${usage}\n`);
    return 2;
  }
  if (!options) {
    process.stdout.write(`${usage}\n`);
    return 0;
  }
  const { out, ...bench } = options;
  const report = await runTrainBench(bench, (line) => process.stderr.write(`${line}\n`));
  printReport(report, (line) => process.stdout.write(`${line}\n`));
  if (out) {
    const path = resolve(out);
    writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
    process.stderr.write(`wrote ${path}\n`);
  }
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: Error) => {
    process.stderr.write(`bench: the harness broke: ${err.stack ?? err.message}\n`);
    process.exitCode = 1;
  },
);
