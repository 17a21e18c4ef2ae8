// Exporting runs as fastText .bin models, through the real service: our own
// reader gets the words, vectors and n-gram rows back, the lab gives unseen
// words the same vectors before and after, and fastText itself (when
// installed) prints the vectors our reader gives.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArgs, type RunInfo } from '../../../src-preload/contract.ts';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import { readMatrix } from '../../../src-main/core/store/matrices.ts';
import { readVectors } from '../../../src-main/core/store/vectors.ts';
import { bucketsFromMatrix } from '../../../src-main/core/train/fasttext/ngrams.ts';
import { writeVectorFile } from '../../../src-main/core/formats/write.ts';
import { repoRoot, tempDir } from '../../helpers/paths.ts';
import { firstDifference, readAll, type Collected } from './collect.ts';

const hasFasttext = existsSync('/usr/bin/fasttext');
const fixture = (name: string) => resolve(repoRoot, 'tests/fixtures/vectors', name);
/** unseen by the demo corpus; some share n-grams with its words */
const UNSEEN = ['kingliness', 'ünïcödé', 'qwertyuiop', 'housekeeping'];
const DIM = 10;
const BUCKET = 20_000;

describe('exporting to fastText .bin', () => {
  const tmp = tempDir('embedlab-ftbin-');
  const dbPath = join(tmp.dir, 'lab.sqlite');
  let lab: LabService;

  beforeAll(async () => {
    lab = await createService({ dbPath, host: 'cli' });
    const corpus = await lab.handlers.importCorpus({ name: 'demo', source: { kind: 'demo' }, lowercase: true });
    await lab.waitForJob(corpus.jobId);
    for (const [name, method, extra] of [
      ['ft', 'fasttext', { bucket: BUCKET }],
      ['sg', 'sgns', {}],
    ] as const) {
      const { jobId } = await lab.handlers.train(
        parseArgs('train', {
          corpus: 'demo',
          name,
          method,
          params: { dim: DIM, epochs: 1, minCount: 2, threads: 1, ...extra },
        }),
      );
      expect((await lab.waitForJob(jobId)).status).toBe('done');
    }
  }, 120_000);
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  /** the run's stored words, counts, vectors and the named matrices */
  function stored(run: string, ...matrices: string[]) {
    const db = openDatabase(dbPath);
    try {
      const info = db.prepare('SELECT id, dim FROM runs WHERE name = ?').get(run) as { id: number; dim: number };
      const m = Object.fromEntries(matrices.map((name) => [name, readMatrix(db, info.id, name)?.data]));
      return { ...readVectors(db, info.id, info.dim), matrices: m };
    } finally {
      db.close();
    }
  }

  async function exported(run: string): Promise<{ path: string; back: Collected }> {
    const path = join(tmp.dir, `${run}.bin`);
    const result = await lab.handlers.exportRun({ run, format: 'fasttext-bin', path });
    expect(result).toMatchObject({ run, format: 'fasttext-bin', out: path, files: [path], dim: DIM });
    return { path, back: await readAll('fasttext-bin', path) };
  }

  async function oov(run: string, word: string): Promise<Float32Array> {
    const r = await lab.handlers.subwords(parseArgs('subwords', { word, run }));
    expect(r.vectorFrom, `${word} in ${run}`).toBe('ngrams');
    return r.vector!;
  }

  async function importBack(name: string, path: string): Promise<RunInfo> {
    const pickId = lab.registerPick([path]);
    const { jobId } = await lab.handlers.importVectors({
      name,
      format: 'fasttext-bin',
      source: { kind: 'picked', pickId },
    });
    expect((await lab.waitForJob(jobId)).status).toBe('done');
    return (await lab.handlers.listRuns({})).find((r) => r.name === name)!;
  }

  it('a run without subwords: the very same words and vectors, its counts and its output layer', async () => {
    const run = stored('sg', 'syn1neg');
    const { path, back } = await exported('sg');
    expect(back.wordList).toEqual(run.words);
    expect(firstDifference(back.data, run.data)).toBeNull();
    expect(back.params).toMatchObject({ minn: 0, maxn: 0, bucket: 0, model: 'skipgram', window: 5, negative: 5 });
    expect(back.ngrams).toHaveLength(0);
    // ntokens is the sum of the corpus counts the run was trained with
    expect(back.params.tokens).toBe(run.counts.reduce((s: number, c) => s + c!, 0));
    // the file ends with the output matrix: syn1neg, as fastText's negative sampling left it
    const file = readFileSync(path);
    const syn1neg = run.matrices.syn1neg!;
    const tail = file.subarray(file.length - syn1neg.byteLength);
    expect(Buffer.from(syn1neg.buffer, syn1neg.byteOffset, syn1neg.byteLength).equals(tail)).toBe(true);
    expect(file.readBigInt64LE(file.length - syn1neg.byteLength - 16)).toBe(BigInt(run.words.length));
  });

  it('a fasttext run: its n-gram rows bit for bit, its vectors, and unseen words as the lab gave them', async () => {
    const run = stored('ft', 'ngrams', 'ngram-buckets');
    const { path, back } = await exported('ft');
    expect(back.wordList).toEqual(run.words);
    expect(back.params).toMatchObject({ minn: 3, maxn: 6, bucket: BUCKET, model: 'skipgram' });
    // the Dictionary's pruneidx_size (byte 84) as fastText writes it: -1, nothing pruned; 0 would drop every n-gram
    expect(readFileSync(path).readBigInt64LE(84)).toBe(-1n);
    expect(readFileSync(fixture('fasttext.bin')).readBigInt64LE(84)).toBe(-1n);
    // all BUCKET rows: the stored ones at their buckets, zeros where no word trained one
    const full = new Float32Array(BUCKET * DIM);
    bucketsFromMatrix(run.matrices['ngram-buckets']!).forEach((b, r) =>
      full.set(run.matrices.ngrams!.subarray(r * DIM, (r + 1) * DIM), b * DIM),
    );
    expect(firstDifference(back.ngrams, full)).toBeNull();
    // fastText's mean of the word's rows, summed in another order: equal to float rounding
    back.data.forEach((x, i) => expect(Math.abs(x - run.data[i])).toBeLessThan(1e-6));
    await importBack('ft-back', path);
    for (const word of UNSEEN) {
      expect(firstDifference(await oov('ft-back', word), await oov('ft', word)), word).toBeNull();
    }
  });

  it('an imported fastText .bin exports with its n-grams: its words, vectors and unseen words come back', async () => {
    await importBack('ft-fixture', fixture('fasttext.bin'));
    const original = await readAll('fasttext-bin', fixture('fasttext.bin'));
    const { path, back } = await exported('ft-fixture');
    expect(back.wordList).toEqual(original.wordList);
    expect(firstDifference(back.ngrams, original.ngrams)).toBeNull();
    // each word's own row is rebuilt from its mean: the mean comes back to float rounding
    back.data.forEach((x, i) => expect(Math.abs(x - original.data[i])).toBeLessThan(1e-6));
    await importBack('ft-fixture-back', path);
    for (const word of UNSEEN) {
      expect(firstDifference(await oov('ft-fixture-back', word), await oov('ft-fixture', word)), word).toBeNull();
    }
  });

  it('refuses a word with a space (or a NUL), naming it, and leaves no file', async () => {
    const out = join(tmp.dir, 'spaced.bin');
    const v = { words: ['fine', 'new york'], dim: 1, data: new Float32Array([1, 2]) };
    await expect(writeVectorFile('fasttext-bin', out, v)).rejects.toThrow(
      /^word 2 \("new york"\) holds whitespace, which the fasttext-bin format cannot hold$/,
    );
    await expect(writeVectorFile('fasttext-bin', out, { ...v, words: ['fine', 'a\0b'] })).rejects.toThrow(
      /word 2 \("a\\u0000b"\) holds a NUL character/,
    );
    expect(existsSync(out)).toBe(false);
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it.skipIf(!hasFasttext)('fastText prints the vectors our reader gives, unseen words included', async () => {
    for (const run of ['ft', 'sg']) {
      const { path, back } = await exported(run);
      const known = back.wordList.slice(0, 20);
      const words = [...known, ...UNSEEN];
      const printed = printWordVectors(path, words);
      expect(printed.map((p) => p.word)).toEqual(words);
      const ours = [
        ...known.map((_, i) => back.data.subarray(i * DIM, (i + 1) * DIM)),
        ...(await Promise.all(UNSEEN.map((w) => (run === 'ft' ? oov(run, w) : new Float32Array(DIM))))),
      ];
      printed.forEach((p, i) => {
        expect(p.values).toHaveLength(DIM);
        p.values.forEach((x, c) =>
          expect(Math.abs(x - ours[i][c]), `${run} ${p.word}[${c}]`).toBeLessThanOrEqual(tolerance(x)),
        );
      });
    }
  });
});

/** `fasttext print-word-vectors MODEL`, one word a line in */
function printWordVectors(model: string, words: string[]): { word: string; values: number[] }[] {
  return execFileSync('/usr/bin/fasttext', ['print-word-vectors', model], {
    input: `${words.join('\n')}\n`,
    encoding: 'utf8',
  })
    .trim()
    .split('\n')
    .map((line) => line.trim().split(' '))
    .map(([word, ...values]) => ({ word, values: values.map(Number) }));
}

/** fastText prints 5 significant digits: 1e-5, or half the last printed digit of a larger value */
function tolerance(printed: number): number {
  return Math.max(1e-5, Math.abs(printed) * 5e-5);
}
