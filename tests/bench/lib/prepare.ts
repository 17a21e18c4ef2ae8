// Prepares the benchmark corpus once, into a cache folder: decompresses the
// shared corpus and writes ONE pre-tokenized file (lowercase words joined by
// single spaces, one sentence per line, lines without words dropped) with our
// own tokenizer, so ours, gensim and fastText all see exactly the same tokens.
// For --scale, 2x and 4x files are that file repeated.
//
// A file is reused while its recipe (source file size and time, the
// tokenizer's source text, the repeat count) is unchanged; the recipe is kept
// in FILE.json beside it.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  createReadStream,
  createWriteStream,
  existsSync,
  mkdirSync,
  readFileSync,
  renameSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import { tokenizeLine } from '../../../src-main/core/corpus/tokenize.ts';
import { repoRoot, sharedData } from '../../helpers/paths.ts';

export type CorpusName = 'tiny' | 'small' | 'bench';

export const corpusFiles: Record<CorpusName, string> = {
  tiny: 'corpus-tiny.txt',
  small: 'corpus-small.txt.gz',
  bench: 'corpus-bench.txt.xz',
};

export interface PreparedCorpus {
  /** the pre-tokenized file every tool reads */
  file: string;
  source: string;
  /** how many times the 1x file is repeated */
  repeat: number;
  tokens: number;
  lines: number;
  bytes: number;
  /** seconds spent preparing it now; 0 when it came from the cache */
  seconds: number;
}

interface Recipe {
  source: string;
  sourceSize: number;
  sourceMtimeMs: number;
  tokenizer: string;
  repeat: number;
}

export function benchDir(): string {
  return process.env.BENCH_DIR ?? join(tmpdir(), 'embedlab-bench');
}

export async function prepareCorpus(
  corpus: CorpusName,
  repeat = 1,
  log: (line: string) => void = () => {},
): Promise<PreparedCorpus> {
  const source = sharedData(corpusFiles[corpus]);
  if (!existsSync(source)) throw new Error(`the corpus ${source} is missing (the shared data lives in ../shared/data)`);
  const dir = benchDir();
  mkdirSync(dir, { recursive: true });
  const stat = statSync(source);
  const tokenizerFile = join(repoRoot, 'src-main', 'core', 'corpus', 'tokenize.ts');
  const recipe: Recipe = {
    source,
    sourceSize: stat.size,
    sourceMtimeMs: Math.round(stat.mtimeMs),
    tokenizer: createHash('sha256').update(readFileSync(tokenizerFile)).digest('hex').slice(0, 16),
    repeat,
  };
  const file = join(dir, `corpus-${corpus}${repeat > 1 ? `.x${repeat}` : ''}.tok.txt`);
  const cached = readMeta(file);
  if (cached && sameRecipe(cached.recipe, recipe) && existsSync(file) && statSync(file).size === cached.bytes) {
    return { file, source, repeat, tokens: cached.tokens, lines: cached.lines, bytes: cached.bytes, seconds: 0 };
  }
  const started = performance.now();
  let tokens: number;
  let lines: number;
  if (repeat === 1) {
    log(`preparing ${basename(file)}: tokenizing ${basename(source)} with our tokenizer (lowercase)…`);
    ({ tokens, lines } = await tokenizeInto(source, `${file}.part`));
  } else {
    const base = await prepareCorpus(corpus, 1, log);
    log(`preparing ${basename(file)}: ${basename(base.file)} repeated ${repeat} times…`);
    await repeatInto(base.file, repeat, `${file}.part`);
    tokens = base.tokens * repeat;
    lines = base.lines * repeat;
  }
  renameSync(`${file}.part`, file);
  const bytes = statSync(file).size;
  writeFileSync(`${file}.json`, `${JSON.stringify({ recipe, tokens, lines, bytes }, null, 2)}\n`);
  const seconds = (performance.now() - started) / 1000;
  log(
    `prepared ${file}: ${tokens.toLocaleString('en')} tokens, ${lines.toLocaleString('en')} lines in ${seconds.toFixed(1)} s`,
  );
  return { file, source, repeat, tokens, lines, bytes, seconds };
}

function readMeta(file: string): { recipe: Recipe; tokens: number; lines: number; bytes: number } | null {
  try {
    return JSON.parse(readFileSync(`${file}.json`, 'utf8')) as {
      recipe: Recipe;
      tokens: number;
      lines: number;
      bytes: number;
    };
  } catch {
    return null;
  }
}

function sameRecipe(a: Recipe, b: Recipe): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** the decompressed text of `source` as a stream (xz and gzip through the system's tools) */
function openText(source: string): { stream: Readable; done: Promise<void> } {
  const tool = source.endsWith('.xz') ? 'xz' : source.endsWith('.gz') ? 'gzip' : null;
  if (!tool) return { stream: createReadStream(source), done: Promise.resolve() };
  const child = spawn(tool, ['-dc', source], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const done = new Promise<void>((resolve, reject) => {
    child.on('error', (err) => reject(new Error(`${tool} -dc ${source}: ${err.message}`)));
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`${tool} -dc ${source} exited with ${code}: ${stderr.trim()}`)),
    );
  });
  return { stream: child.stdout, done };
}

async function tokenizeInto(source: string, target: string): Promise<{ tokens: number; lines: number }> {
  const { stream, done } = openText(source);
  const out = createWriteStream(target);
  const writer = new BufferedWriter(out);
  let tokens = 0;
  let lines = 0;
  const reader = createInterface({ input: stream.setEncoding('utf8'), crlfDelay: Infinity });
  for await (const line of reader) {
    const words = tokenizeLine(line, { lowercase: true });
    if (words.length === 0) continue;
    tokens += words.length;
    lines++;
    await writer.write(`${words.join(' ')}\n`);
  }
  await writer.end();
  await done;
  return { tokens, lines };
}

async function repeatInto(file: string, repeat: number, target: string): Promise<void> {
  const out = createWriteStream(target);
  for (let i = 0; i < repeat; i++) {
    for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
      if (!out.write(chunk)) await once(out, 'drain');
    }
  }
  out.end();
  await once(out, 'finish');
}

/** collects small strings into ~1 MB writes, honouring backpressure */
class BufferedWriter {
  private parts: string[] = [];
  private size = 0;

  constructor(private readonly out: Writable) {}

  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.size += text.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  async end(): Promise<void> {
    await this.flush();
    this.out.end();
    await once(this.out, 'finish');
  }

  private async flush(): Promise<void> {
    if (this.parts.length === 0) return;
    const chunk = this.parts.join('');
    this.parts = [];
    this.size = 0;
    if (!this.out.write(chunk)) await once(this.out, 'drain');
  }
}
