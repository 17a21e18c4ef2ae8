// Vector files in and out through the real service: SQLite on disk, the
// import worker, the job manager. An imported set is a run like any other.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import { readVectors } from '../../../src-main/core/store/vectors.ts';
import { metadataPathFor, writeVectorFile } from '../../../src-main/core/formats/write.ts';
import type { ExportFormat, JobInfo, VectorFormat } from '../../../src-preload/contract.ts';
import { repoRoot, sharedData, tempDir } from '../../helpers/paths.ts';
import { digest, smallSet } from '../../unit/formats/export-sets.ts';

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

/** sha-256 of the glove file's run exported by exportRun before exports became jobs (HEAD 70af9ce) */
const EXPORTED_BEFORE: Record<string, string> = {
  word2vec: 'a11a7900243063eaa714dc8a98c492cfb54a624ab79486e484d93d54c728523b',
  'word2vec-bin': '6ea12ef821178da0c34f99f2c23f1a8ef323ec8b0183a417d2dde0d1f7b5ae1a',
  glove: '1b87b391b1dfd49e5e3cc33f2e16c65e3c4632041fa22337cf65c39171d4b96c',
  'fasttext-vec': 'a11a7900243063eaa714dc8a98c492cfb54a624ab79486e484d93d54c728523b',
  'fasttext-bin': 'df7a1c5a8926990b84d4087448bdaf57a3a777205f9efcd8e8a1eac8122e1f03',
  tsv: 'b1f34edcbee9ae90fa7cc51781459eaacec3ae6b19964c508147ff7013292ab5',
  'tsv-metadata': '144bd6569608bfaef2afe0011a2e380fc8013de7b87e1c5070c74944aa2ca464',
  /** tests/fixtures/vectors/fasttext.bin imported, then exported with its n-grams */
  'fasttext-bin-ngrams': 'be33811d3e82955785de661ccb29b705d717bd8146b1d80e5aabc631b3074a27',
};
const exportFormats: ExportFormat[] = ['word2vec', 'word2vec-bin', 'glove', 'fasttext-vec', 'fasttext-bin', 'tsv'];

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

  /** starts an export job and follows it to its end: every event it sent, and how it ended */
  async function exportJob(run: string, format: ExportFormat, path: string, cancelPartWay = false) {
    const started = await lab.handlers.startExport({ run, format, path });
    const events: JobInfo[] = [];
    const off = lab.on('job', ({ job }) => {
      if (job.id !== started.jobId) return;
      events.push(job);
      const p = job.progress;
      if (cancelPartWay && p && p.done < p.total) void lab.handlers.cancelJob({ jobId: started.jobId });
    });
    const job = await lab.waitForJob(started.jobId);
    off();
    return { started, events, job };
  }

  for (const format of exportFormats) {
    it(`${format}: startExport is a job whose progress reaches every row, and writes the bytes exportRun wrote`, async () => {
      const out = join(tmp.dir, `job.${format}${format === 'tsv' ? '.tsv' : ''}`);
      const { started, events, job } = await exportJob('glove', format, out);
      const files = format === 'tsv' ? [out, metadataPathFor(out)] : [out];
      expect(started).toEqual({ jobId: job.id, run: 'glove', format, out, files, words: 2445, dim: 50 });
      expect(job).toMatchObject({ kind: 'export', target: 'glove', status: 'done', error: null });
      // a plain fastText model counts each word's input row and its output row
      const total = format === 'fasttext-bin' ? 2 * 2445 : 2445;
      const last = events.at(-1)!;
      expect(last.status).toBe('done');
      expect(last.progress).toMatchObject({ done: total, total, unit: 'rows' });
      expect(last.progress!.message).toBe(`${total.toLocaleString('en')} of ${total.toLocaleString('en')} rows`);
      expect(digest(out)).toBe(EXPORTED_BEFORE[format]);
      if (format === 'tsv') expect(digest(metadataPathFor(out))).toBe(EXPORTED_BEFORE['tsv-metadata']);
    });
  }

  it('an imported fastText .bin exports as a job with its n-gram rows, the bytes as before', async () => {
    expect((await importFile('ft-export', 'fasttext-bin', fixture('fasttext.bin'))).status).toBe('done');
    const out = join(tmp.dir, 'ft-export.bin');
    const { events, job } = await exportJob('ft-export', 'fasttext-bin', out);
    expect(job.status).toBe('done');
    const done = events.filter((e) => e.progress).map((e) => e.progress!);
    expect(done.at(-1)).toMatchObject({ done: done.at(-1)!.total, unit: 'rows' });
    // input rows, the n-gram buckets, output rows: more than the words twice over
    expect(done.at(-1)!.total).toBeGreaterThan(2 * 2390);
    expect(digest(out)).toBe(EXPORTED_BEFORE['fasttext-bin-ngrams']);
  });

  describe('a cancelled export job', () => {
    beforeAll(async () => {
      // 20,000 × 40: several megabytes in every format, so a cancel lands part way
      const file = join(tmp.dir, 'export-big.bin');
      await writeVectorFile('word2vec-bin', file, smallSet(20_000, 40, 8));
      expect((await importFile('export-big', 'word2vec-bin', file)).status).toBe('done');
    });

    for (const format of exportFormats) {
      it(`${format}: leaves neither the file nor a partial file`, async () => {
        const dir = join(tmp.dir, `cancelled-${format}`);
        mkdirSync(dir);
        const out = join(dir, format === 'tsv' ? 'vectors.tsv' : 'vectors.out');
        const { events, job } = await exportJob('export-big', format, out, true);
        expect(job).toMatchObject({ kind: 'export', status: 'cancelled', error: null });
        // it had started writing: a progress event came part way
        expect(events.some((e) => e.progress && e.progress.done > 0 && e.progress.done < e.progress.total)).toBe(true);
        expect(readdirSync(dir)).toEqual([]);
      });
    }
  });

  it('an export is refused at once, before any job: an unknown run, a word the format cannot hold', async () => {
    await expect(lab.handlers.startExport({ run: 'nope', format: 'glove', path: join(tmp.dir, 'x') })).rejects.toThrow(
      expect.objectContaining({ name: 'NotFoundError' }),
    );
    const vectors = join(tmp.dir, 'spaced.tsv');
    const metadata = join(tmp.dir, 'spaced.metadata.tsv');
    writeFileSync(vectors, '0.5\t1\n1\t0.25\n');
    writeFileSync(metadata, 'fine\nnew york\n');
    expect((await importFile('spaced', 'tsv', vectors, metadata)).status).toBe('done');
    const jobsBefore = (await lab.handlers.listJobs({})).length;
    const out = join(tmp.dir, 'spaced.txt');
    await expect(lab.handlers.startExport({ run: 'spaced', format: 'word2vec', path: out })).rejects.toThrow(
      'word 2 ("new york") holds whitespace, which the word2vec format cannot hold',
    );
    expect((await lab.handlers.listJobs({})).length).toBe(jobsBefore);
    expect(existsSync(out)).toBe(false);
    // the Projector's tsv holds it
    expect(
      (await lab.handlers.exportRun({ run: 'spaced', format: 'tsv', path: join(tmp.dir, 'spaced-out.tsv') })).words,
    ).toBe(2);
  });

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

  describe("without a path: the lab's exports folder", () => {
    const exportsDir = join(`${dbPath}-data`, 'exports');

    it('writes <run>.<extension> there, then -2, -3 … beside it, never overwriting one', async () => {
      const first = await lab.handlers.exportRun({ run: 'glove', format: 'word2vec' });
      expect(first.out).toBe(join(exportsDir, 'glove.txt'));
      expect(digest(first.out)).toBe(EXPORTED_BEFORE.word2vec);
      writeFileSync(join(exportsDir, 'glove-3.txt'), 'mine\n');
      const second = await lab.handlers.exportRun({ run: 'glove', format: 'word2vec' });
      const third = await lab.handlers.exportRun({ run: 'glove', format: 'word2vec' });
      expect([second.out, third.out]).toEqual([join(exportsDir, 'glove-2.txt'), join(exportsDir, 'glove-4.txt')]);
      expect(digest(first.out)).toBe(EXPORTED_BEFORE.word2vec);
      expect(readFileSync(join(exportsDir, 'glove-3.txt'), 'utf8')).toBe('mine\n');
      expect(digest(third.out)).toBe(EXPORTED_BEFORE.word2vec);
    });

    it('each format has its own ending; tsv takes a name free for both of its files', async () => {
      writeFileSync(join(exportsDir, 'glove.metadata.tsv'), 'taken\n');
      const tsv = await lab.handlers.exportRun({ run: 'glove', format: 'tsv' });
      expect(tsv.files).toEqual([join(exportsDir, 'glove-2.tsv'), join(exportsDir, 'glove-2.metadata.tsv')]);
      expect(digest(tsv.files[1])).toBe(EXPORTED_BEFORE['tsv-metadata']);
      expect(existsSync(join(exportsDir, 'glove.tsv'))).toBe(false);
      const outs = [];
      for (const format of ['word2vec-bin', 'glove', 'fasttext-vec', 'fasttext-bin'] as const) {
        outs.push((await lab.handlers.exportRun({ run: 'glove', format })).out);
      }
      expect(outs.map((out) => out.slice(exportsDir.length + 1))).toEqual([
        'glove.bin',
        'glove.glove.txt',
        'glove.vec',
        'glove.fasttext.bin',
      ]);
      expect(digest(outs[1])).toBe(EXPORTED_BEFORE.glove);
    });

    it('two exports started together get two names, though neither file exists yet', async () => {
      const [a, b] = await Promise.all([
        lab.handlers.startExport({ run: 'export-big', format: 'glove' }),
        lab.handlers.startExport({ run: 'export-big', format: 'glove' }),
      ]);
      expect([a.out, b.out].sort()).toEqual([
        join(exportsDir, 'export-big-2.glove.txt'),
        join(exportsDir, 'export-big.glove.txt'),
      ]);
      for (const started of [a, b]) expect((await lab.waitForJob(started.jobId)).status).toBe('done');
      expect(digest(a.out)).toBe(digest(b.out));
    });

    it('a run name that is no file name becomes one', async () => {
      expect((await importFile('../up/and away', 'glove', glove)).status).toBe('done');
      const { out } = await lab.handlers.exportRun({ run: '../up/and away', format: 'word2vec' });
      expect(out).toBe(join(exportsDir, 'up_and_away.txt'));
      expect(digest(out)).toBe(EXPORTED_BEFORE.word2vec);
    });
  });

  it('the browser host exports only to its exports folder, and refuses a path the page names', async () => {
    const browserDb = join(tmp.dir, 'browser.sqlite');
    const browser = await createService({ dbPath: browserDb, host: 'browser' });
    try {
      for (const method of ['exportRun', 'startExport'] as const) {
        await expect(
          browser.handlers[method]({ run: 'lecture-coordinates', format: 'glove', path: join(tmp.dir, 'x.txt') }),
        ).rejects.toThrow(/path: the browser host does not write files a page names; leave it out/);
      }
      expect(await browser.handlers.listJobs({})).toEqual([]);
      expect(existsSync(join(tmp.dir, 'x.txt'))).toBe(false);

      const started = await browser.handlers.startExport({ run: 'lecture-coordinates', format: 'word2vec' });
      expect(started.out).toBe(join(`${browserDb}-data`, 'exports', 'lecture-coordinates.txt'));
      expect(await browser.waitForJob(started.jobId)).toMatchObject({ kind: 'export', status: 'done' });
      const lines = readFileSync(started.out, 'utf8').trimEnd().split('\n');
      expect(lines[0]).toBe(`${started.words} ${started.dim}`);
      expect(lines).toHaveLength(started.words + 1);
    } finally {
      await browser.close();
    }
  });
});
