// Import speed: a large word2vec text file into the lab (`embedlab import`,
// worker parse + SQLite, as a user runs it) against gensim's
// KeyedVectors.load_word2vec_format (into memory only), in the same run on
// the same file. Each side runs as its own process under /usr/bin/time for
// wall time and peak memory (max RSS); each also reports the seconds of the
// load itself, without interpreter start-up.
//   node --import tsx tests/bench/import.bench.ts [--words 200000] [--dim 100] [--keep FILE]
// The default is a ~140 MB file; --words 400000 --dim 300 makes ~1 GB.
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { once } from 'node:events';
import { repoRoot, tempDir } from '../helpers/paths.ts';
import { Xoshiro128 } from '../../src-main/core/train/random.ts';

const { values } = parseArgs({
  options: {
    words: { type: 'string', default: '200000' },
    dim: { type: 'string', default: '100' },
    keep: { type: 'string' },
  },
});
const words = Number(values.words);
const dim = Number(values.dim);

interface Side {
  wall: number;
  load: number;
  maxRssMb: number;
}

async function writeFile(path: string): Promise<void> {
  const rng = new Xoshiro128(1);
  const out = createWriteStream(path);
  out.write(`${words} ${dim}\n`);
  const row = new Array<string>(dim);
  for (let w = 0; w < words; w++) {
    // GloVe-like values: about six significant digits
    for (let c = 0; c < dim; c++) row[c] = ((rng.nextFloat() - 0.5) * 2).toPrecision(6);
    if (!out.write(`w${w} ${row.join(' ')}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** runs a command under /usr/bin/time: wall seconds, peak RSS, its stdout */
function run(cmd: string, args: string[]): { wall: number; maxRssMb: number; stdout: string } {
  const result = spawnSync('/usr/bin/time', ['-f', '@@time %e %M', cmd, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const m = /@@time ([\d.]+) (\d+)/.exec(result.stderr);
  if (!m || result.status !== 0) throw new Error(`${cmd} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return { wall: Number(m[1]), maxRssMb: Number(m[2]) / 1024, stdout: result.stdout };
}

function ours(file: string, db: string): Side {
  const r = run(process.execPath, [
    join(repoRoot, 'bin', 'embedlab.mjs'),
    'import',
    file,
    '--format',
    'word2vec',
    '--name',
    'bench',
    '--db',
    db,
    '--json',
  ]);
  const json = JSON.parse(r.stdout) as { seconds: number; words: number };
  if (json.words !== words) throw new Error(`imported ${json.words} words, expected ${words}`);
  return { wall: r.wall, load: json.seconds, maxRssMb: r.maxRssMb };
}

function gensim(file: string): Side {
  const script = [
    'import time, sys',
    'from gensim.models import KeyedVectors',
    't = time.perf_counter()',
    `kv = KeyedVectors.load_word2vec_format(${JSON.stringify(file)}, binary=False)`,
    'print(time.perf_counter() - t, len(kv))',
  ].join('\n');
  const r = run('/usr/bin/python3', ['-c', script]);
  const [seconds, n] = r.stdout.trim().split(' ').map(Number);
  if (n !== words) throw new Error(`gensim loaded ${n} words, expected ${words}`);
  return { wall: r.wall, load: seconds, maxRssMb: r.maxRssMb };
}

async function main(): Promise<void> {
  const tmp = tempDir('embedlab-import-bench-');
  try {
    const file = values.keep ?? join(tmp.dir, 'vectors.txt');
    if (!existsSync(file)) await writeFile(file);
    const mb = statSync(file).size / 2 ** 20;
    const g = gensim(file);
    const o = ours(file, join(tmp.dir, 'lab.sqlite'));
    const table = [
      ['', 'process wall s', 'load s', 'peak RSS MB'],
      ['embedlab import', o.wall.toFixed(2), o.load.toFixed(2), o.maxRssMb.toFixed(0)],
      ['gensim load_word2vec_format', g.wall.toFixed(2), g.load.toFixed(2), g.maxRssMb.toFixed(0)],
    ];
    console.log(
      `word2vec text: ${words} words x ${dim} dims, ${mb.toFixed(0)} MB (raw float32: ${((words * dim * 4) / 2 ** 20).toFixed(0)} MB)`,
    );
    for (const row of table) console.log(row.map((c, i) => (i === 0 ? c.padEnd(30) : c.padStart(15))).join(''));
    console.log(`ratio ours/gensim: process ${(o.wall / g.wall).toFixed(2)}x, load ${(o.load / g.load).toFixed(2)}x`);
  } finally {
    tmp.cleanup();
  }
}

await main();
