// Vector files in and out through the real service: SQLite on disk, the
// import worker, the job manager. An imported set is a run like any other.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import { readVectors } from '../../../src-main/core/store/vectors.ts';
import { metadataPathFor } from '../../../src-main/core/formats/write.ts';
import type { ExportFormat, VectorFormat } from '../../../src-preload/contract.ts';
import { repoRoot, sharedData, tempDir } from '../../helpers/paths.ts';

const glove = sharedData('vectors/glove-6B-50d-top2445.txt');
const fixture = (name: string) => resolve(repoRoot, 'tests/fixtures/vectors', name);
const hasGensim = (() => {
  try {
    execFileSync('/usr/bin/python3', ['-c', 'import gensim'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const hasFasttext = existsSync('/usr/bin/fasttext');

describe('importing and exporting vectors', () => {
  const tmp = tempDir('embedlab-vectors-');
  const dbPath = join(tmp.dir, 'lab.sqlite');
  let lab: LabService;

  beforeAll(async () => {
    lab = await createService({ dbPath, host: 'cli' });
  });
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  async function importFile(name: string, format: VectorFormat, path: string, metadata?: string) {
    const picked = (p: string) => ({ kind: 'picked' as const, pickId: lab.registerPick([p]) });
    const { jobId, run } = await lab.handlers.importVectors({
      name,
      format,
      source: picked(path),
      metadata: metadata ? picked(metadata) : undefined,
    });
    expect(run).toBe(name);
    return lab.waitForJob(jobId);
  }

  function stored(run: string) {
    const db = openDatabase(dbPath);
    try {
      const info = db.prepare('SELECT id, dim FROM runs WHERE name = ?').get(run) as { id: number; dim: number };
      return readVectors(db, info.id, info.dim);
    } finally {
      db.close();
    }
  }

  it('imports a GloVe file as a run like any other: listed, done, queried', async () => {
    const job = await importFile('glove', 'glove', glove);
    expect(job.status).toBe('done');
    expect(job.progress).toMatchObject({ unit: 'bytes', done: 1047794, total: 1047794 });
    const run = (await lab.handlers.listRuns({})).find((r) => r.name === 'glove')!;
    expect(run).toMatchObject({ method: 'imported', status: 'done', vocabSize: 2445, dim: 50, corpus: null });
    expect(run.params).toMatchObject({ format: 'glove', source: 'glove-6B-50d-top2445.txt', words: 2445, dims: 50 });
    const { results } = await lab.handlers.neighbors({ run: 'glove', word: 'king', k: 3 });
    expect(results.map((r) => r.word)).toEqual(['prince', 'queen', 'ii']);
    expect(results[0].score).toBeCloseTo(0.8236, 3);
    const a = await lab.handlers.analogy({ run: 'glove', a: 'king', b: 'man', c: 'woman', k: 1 });
    expect(a.results[0].word).toBe('queen');
  });

  const formats: ExportFormat[] = ['word2vec', 'word2vec-bin', 'glove', 'fasttext-vec', 'tsv'];
  for (const format of formats) {
    it(`${format}: exportRun then importVectors gives the very same vectors`, async () => {
      const out = join(tmp.dir, `glove.${format}.${format === 'tsv' ? 'tsv' : 'out'}`);
      const result = await lab.handlers.exportRun({ run: 'glove', format, path: out });
      expect(result).toMatchObject({ run: 'glove', format, out, words: 2445, dim: 50 });
      const meta = format === 'tsv' ? metadataPathFor(out) : undefined;
      expect((await importFile(`back-${format}`, format, out, meta)).status).toBe('done');
      const a = stored('glove');
      const b = stored(`back-${format}`);
      expect(b.words).toEqual(a.words);
      expect(Buffer.from(b.data.buffer).equals(Buffer.from(a.data.buffer))).toBe(true);
    });
  }

  it('a bad file fails the job with the line, and leaves no run behind; a taken name is refused at once', async () => {
    const bad = join(tmp.dir, 'bad.txt');
    writeFileSync(bad, 'a 1 2 3\nb 1 2\n');
    const job = await importFile('bad', 'glove', bad);
    expect(job.status).toBe('failed');
    expect(job.error).toBe('bad.txt: line 2: 2 values for "b", expected 3 (as on line 1)');
    expect((await lab.handlers.listRuns({})).some((r) => r.name === 'bad')).toBe(false);
    await expect(importFile('glove', 'glove', glove)).rejects.toThrow(/a run named "glove" already exists/);
  });

  it('a truncated binary file fails with the byte offset; the stored runs are untouched', async () => {
    const whole = readFileSync(fixture('gensim.bin'));
    const cut = join(tmp.dir, 'cut.bin');
    writeFileSync(cut, whole.subarray(0, 40_000));
    const before = stored('glove');
    const job = await importFile('cut', 'word2vec-bin', cut);
    expect(job.status).toBe('failed');
    expect(job.error).toMatch(/^cut.bin: truncated at byte \d+: word \d+ of 304 \("\w+"\) needs 200 bytes/);
    expect((await lab.handlers.listRuns({})).some((r) => r.name === 'cut')).toBe(false);
    expect(Buffer.from(stored('glove').data.buffer).equals(Buffer.from(before.data.buffer))).toBe(true);
  });

  it('cancel stops a long import and leaves no run', async () => {
    const big = join(tmp.dir, 'big.txt');
    const line = (i: number) =>
      `w${i} ${Array.from({ length: 100 }, (_, c) => ((i * 31 + c) % 997) / 1000).join(' ')}\n`;
    writeFileSync(big, Array.from({ length: 60_000 }, (_, i) => line(i)).join(''));
    const { jobId } = await lab.handlers.importVectors({
      name: 'big',
      format: 'glove',
      source: { kind: 'picked', pickId: lab.registerPick([big]) },
    });
    const off = lab.on('job', ({ job }) => {
      if (job.id === jobId && job.progress && job.progress.done > 0) void lab.handlers.cancelJob({ jobId });
    });
    const job = await lab.waitForJob(jobId);
    off();
    expect(job.status).toBe('cancelled');
    expect((await lab.handlers.listRuns({})).some((r) => r.name === 'big')).toBe(false);
    const db = openDatabase(dbPath);
    const orphans = db
      .prepare('SELECT COUNT(*) AS n FROM vector_blocks WHERE run_id NOT IN (SELECT id FROM runs)')
      .get();
    db.close();
    expect(orphans).toEqual({ n: 0 });
  });

  it("a fastText .bin: unseen words get print-word-vectors' vector, through the usual queries", async () => {
    expect((await importFile('ft', 'fasttext-bin', fixture('fasttext.bin'))).status).toBe('done');
    const printed = new Map(
      readFileSync(fixture('fasttext.print.txt'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.trim().split(' '))
        .map((p) => [p[0], p.slice(1).map(Number)] as const),
    );
    const cosine = (a: readonly number[], b: readonly number[]) => {
      let ab = 0,
        aa = 0,
        bb = 0;
      a.forEach((x, i) => ((ab += x * b[i]), (aa += x * x), (bb += b[i] * b[i])));
      return ab / Math.sqrt(aa * bb);
    };
    for (const [a, b] of [
      ['naïveté', '東京大学'],
      ['zzqx', 'the'],
      ['bayesianism', 'model'],
    ]) {
      const { score } = await lab.handlers.similarity({ run: 'ft', a, b });
      expect(score, `${a} ~ ${b}`).toBeCloseTo(cosine(printed.get(a)!, printed.get(b)!), 3);
    }
    const { results } = await lab.handlers.neighbors({ run: 'ft', word: 'naïveté', k: 3 });
    expect(results).toHaveLength(3);
  });

  it.skipIf(!hasGensim)('gensim loads our word2vec exports and finds the same neighbours', async () => {
    for (const [format, binary] of [
      ['word2vec', 'False'],
      ['word2vec-bin', 'True'],
    ] as const) {
      const out = join(tmp.dir, `for-gensim.${format}`);
      await lab.handlers.exportRun({ run: 'glove', format, path: out });
      const script = `import json\nfrom gensim.models import KeyedVectors\nkv = KeyedVectors.load_word2vec_format(${JSON.stringify(out)}, binary=${binary})\nprint(json.dumps(kv.most_similar('king', topn=5)))`;
      const theirs = JSON.parse(execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' })) as [
        string,
        number,
      ][];
      const { results } = await lab.handlers.neighbors({ run: 'glove', word: 'king', k: 5 });
      expect(results.map((r) => r.word)).toEqual(theirs.map(([w]) => w));
      results.forEach((r, i) => expect(r.score).toBeCloseTo(theirs[i][1], 5));
    }
  });

  it.skipIf(!hasGensim)('files gensim writes now import to the vectors gensim holds', async () => {
    const out = join(tmp.dir, 'gensim-live');
    const script = `import numpy as np\nfrom gensim.models import KeyedVectors\nkv = KeyedVectors(vector_size=8)\nrng = np.random.default_rng(3)\nkv.add_vectors(['w%d' % i for i in range(500)] + ['élan'], rng.normal(size=(501, 8)).astype(np.float32))\nkv.save_word2vec_format('${out}.txt')\nkv.save_word2vec_format('${out}.bin', binary=True)\nkv.vectors.astype('<f4').tofile('${out}.f32')`;
    execFileSync('/usr/bin/python3', ['-c', script]);
    const expected = readFileSync(`${out}.f32`);
    for (const [format, ext] of [
      ['word2vec', 'txt'],
      ['word2vec-bin', 'bin'],
    ] as const) {
      expect((await importFile(`gensim-${ext}`, format, `${out}.${ext}`)).status).toBe('done');
      const v = stored(`gensim-${ext}`);
      expect(v.words.at(-1)).toBe('élan');
      expect(Buffer.from(v.data.buffer).equals(expected)).toBe(true);
    }
  });

  it.skipIf(!hasFasttext)(
    'a model the fastText CLI trains now: known and unseen words as print-word-vectors',
    async () => {
      const prefix = join(tmp.dir, 'ft-live');
      writeFileSync(`${prefix}.txt`, readFileSync(sharedData('corpus-tiny.txt')).subarray(0, 60_000));
      execFileSync('/usr/bin/fasttext', [
        'skipgram',
        '-input',
        `${prefix}.txt`,
        '-output',
        prefix,
        '-dim',
        '8',
        '-minCount',
        '1',
        '-epoch',
        '1',
        '-bucket',
        '100000',
        '-thread',
        '1',
        '-verbose',
        '0',
      ]);
      const words = ['the', 'learning', 'qwertyuiop', 'ünïcödé'];
      const printed = execFileSync('/usr/bin/fasttext', ['print-word-vectors', `${prefix}.bin`], {
        input: words.join('\n'),
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .map((l) => l.trim().split(' ').slice(1).map(Number));
      expect((await importFile('ft-live', 'fasttext-bin', `${prefix}.bin`)).status).toBe('done');
      const known = await lab.handlers.vectors({ run: 'ft-live', words: ['the', 'learning'] });
      [...known.vectors].forEach((x, i) => expect(x).toBeCloseTo(printed[Math.floor(i / 8)][i % 8], 5));
      const { score } = await lab.handlers.similarity({ run: 'ft-live', a: 'qwertyuiop', b: 'ünïcödé' });
      const [a, b] = [printed[2], printed[3]];
      const dot = a.reduce((s, x, i) => s + x * b[i], 0);
      const norm = Math.hypot(...a) * Math.hypot(...b);
      expect(score).toBeCloseTo(dot / norm, 3);
    },
  );

  it('the browser host refuses to write files the page names', async () => {
    const browser = await createService({ dbPath: join(tmp.dir, 'browser.sqlite'), host: 'browser' });
    try {
      await expect(
        browser.handlers.exportRun({ run: 'lecture-coordinates', format: 'glove', path: join(tmp.dir, 'x.txt') }),
      ).rejects.toThrow(/the browser host does not write files/);
    } finally {
      await browser.close();
    }
  });
});
