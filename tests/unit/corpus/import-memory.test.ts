// A 200 MB corpus must import in bounded memory. The import runs in a child
// process (a clean baseline, and a V8 heap capped at 128 MB, so buffering the
// text would crash it) that samples its own RSS while it works.
import { execFile } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../../helpers/paths.ts';

const TARGET_BYTES = 200 * 1024 * 1024;
const MAX_RSS_GROWTH = 150 * 1024 * 1024;

let dir = '';
let cleanup = () => {};
beforeAll(() => ({ dir, cleanup } = tempDir('embedlab-memory-')));
afterAll(() => cleanup());

/** writes about `bytes` of random lines, Zipf-like over a 30,000-word vocabulary, a block at a time */
function writeRandomCorpus(file: string, bytes: number): { bytes: number; lines: number; nonAscii: number } {
  let state = 12345;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const vocabulary = Array.from({ length: 30_000 }, (_, i) => {
    let word = '';
    for (let k = 0; k < 2 + (i % 9); k++) word += letters[Math.floor(next() * 26)];
    // the rarest words are not ASCII, so about one line in eight takes the string path
    return i >= 29_000 ? `${word}é` : word;
  });
  // 16 distinct blocks of ~1 MiB, written in a shuffled order: quick to make, big to read
  const blocks: { text: Buffer; lines: number }[] = [];
  let nonAscii = 0;
  for (let b = 0; b < 16; b++) {
    const lines: string[] = [];
    let size = 0;
    while (size < 1024 * 1024) {
      const words = Array.from(
        { length: 1 + Math.floor(next() * 25) },
        () => vocabulary[Math.floor(30_000 * next() ** 3)],
      );
      const line = words.join(' ');
      lines.push(line);
      size += Buffer.byteLength(line) + 1;
    }
    blocks.push({ text: Buffer.from(`${lines.join('\n')}\n`), lines: lines.length });
    nonAscii += lines.filter((line) => /[^\0-\x7f]/.test(line)).length / lines.length / 16;
  }
  const fd = openSync(file, 'w');
  let written = 0;
  let lines = 0;
  try {
    while (written < bytes) {
      const block = blocks[Math.floor(next() * blocks.length)];
      writeSync(fd, block.text);
      written += block.text.length;
      lines += block.lines;
    }
  } finally {
    closeSync(fd);
  }
  return { bytes: written, lines, nonAscii };
}

const child = `
const [, importUrl, file, outFile] = process.argv;
const { importCorpusFiles } = await import(importUrl);
globalThis.gc();
const base = process.memoryUsage().rss;
let peak = base;
const sample = () => { peak = Math.max(peak, process.memoryUsage().rss); };
const timer = setInterval(sample, 25);
const started = performance.now();
const result = await importCorpusFiles({ paths: [file], lowercase: true, outFile, onProgress: sample });
sample();
clearInterval(timer);
const { tokens, sentences, words } = result;
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({ base, peak, seconds, tokens, sentences, vocab: words.length }));
`;

describe('importCorpusFiles memory', () => {
  it('imports a 200 MB file with bounded memory', async () => {
    const file = join(dir, 'random.txt');
    const corpus = writeRandomCorpus(file, TARGET_BYTES);
    const importUrl = pathToFileURL(join(repoRoot, 'src-main/core/corpus/import.ts')).href;
    const args = ['--import', 'tsx', '--expose-gc', '--max-old-space-size=128', '--input-type=module', '-e', child];
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [...args, '--', importUrl, file, join(dir, 'out.tokens')],
      {
        cwd: repoRoot,
      },
    );
    const run = JSON.parse(stdout) as { base: number; peak: number; seconds: number; sentences: number; vocab: number };
    const growth = run.peak - run.base;
    console.log(
      `200 MB import: ${(corpus.bytes / 1e6 / run.seconds).toFixed(1)} MB/s, ${run.seconds.toFixed(1)} s, ` +
        `RSS +${(growth / 2 ** 20).toFixed(0)} MiB (from ${(run.base / 2 ** 20).toFixed(0)} MiB), ` +
        `${(corpus.nonAscii * 100).toFixed(0)}% of lines not ASCII`,
    );
    expect(run.sentences).toBe(corpus.lines);
    expect(corpus.nonAscii).toBeGreaterThan(0.05);
    expect(run.vocab).toBeLessThanOrEqual(30_000);
    expect(growth).toBeLessThan(MAX_RSS_GROWTH);
  }, 120_000);
});
