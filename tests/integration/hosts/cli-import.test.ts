// The real bin: `embedlab import` / `embedlab export` as scripts call them,
// and an imported run's name accepted wherever a run is.
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../../src-main/service/service.ts';
import { repoRoot, sharedData, tempDir } from '../../helpers/paths.ts';
import { runBin, type Ran } from '../../helpers/cli.ts';
import { runCli } from '../../helpers/cli-in-process.ts';

const glove = sharedData('vectors/glove-6B-50d-top2445.txt');

let dir: string;
let cleanup: () => void;
beforeAll(() => ({ dir, cleanup } = tempDir('embedlab-cli-import-')));
afterAll(() => cleanup());

function embedlab(...args: string[]): Promise<Ran> {
  return runBin([...args, '--db', join(dir, 'lab.sqlite')], { cwd: dir });
}

async function json<T>(...args: string[]): Promise<T> {
  const r = await embedlab(...args, '--json');
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as T;
}

describe('embedlab import / export', () => {
  it('imports GloVe; neighbors, expr, project and eval take the imported run; export writes the Projector pair', async () => {
    const imported = await json<{ run: string; words: number; dim: number; format: string; seconds: number }>(
      'import',
      glove,
      '--format',
      'glove',
      '--name',
      'g6b',
    );
    expect(imported).toMatchObject({ run: 'g6b', words: 2445, dim: 50, format: 'glove' });
    expect(imported.seconds).toBeGreaterThan(0);

    const nn = await json<{ results: { word: string }[] }>('neighbors', 'g6b', 'king', '-k', '3');
    expect(nn.results.map((r) => r.word)).toEqual(['prince', 'queen', 'ii']);
    const ex = await json<{ results: { word: string }[] }>('expr', 'g6b', 'king - man + woman', '-k', '1');
    expect(ex.results[0].word).toBe('queen');
    const map = await json<{ points: unknown[] }>('project', 'g6b', '--words', '50');
    expect(map.points).toHaveLength(50);
    const ev = await json<{ similarity: { pairs: number }[] }>(
      'eval',
      'g6b',
      '--similarity',
      sharedData('wordsim353.tsv'),
    );
    expect(ev.similarity[0].pairs).toBeGreaterThan(50);

    const out = join(dir, 'vectors.tsv');
    const ex2 = await json<{ out: string; metadata: string; words: number; dim: number }>(
      'export',
      'g6b',
      '--format',
      'tsv',
      '--out',
      'vectors.tsv',
    );
    expect(ex2).toMatchObject({
      run: 'g6b',
      format: 'tsv',
      out,
      metadata: join(dir, 'vectors.metadata.tsv'),
      words: 2445,
      dim: 50,
    });
    expect(readFileSync(join(dir, 'vectors.metadata.tsv'), 'utf8').split('\n').slice(0, 3)).toEqual(['the', ',', '.']);
    const back = await json<{ words: number }>(
      'import',
      'vectors.tsv',
      '--format',
      'tsv',
      '--metadata',
      'vectors.metadata.tsv',
      '--name',
      'back',
    );
    expect(back.words).toBe(2445);
    const again = await json<{ results: { word: string; score: number }[] }>('neighbors', 'back', 'king', '-k', '3');
    expect(again.results).toEqual(nn.results);
  });

  it('export --format fasttext-bin: a fastText model that imports back with its n-grams', async () => {
    const model = resolve(repoRoot, 'tests/fixtures/vectors/fasttext.bin');
    await json('import', model, '--format', 'fasttext-bin', '--name', 'ftfix');
    const exported = await embedlab('export', 'ftfix', '--format', 'fasttext-bin', '--out', 'ftfix.bin', '--json');
    expect(exported.code, exported.stderr).toBe(0);
    // the very line scripts read before export became a job, keys in the same order
    expect(exported.stdout).toBe(
      `{"run":"ftfix","format":"fasttext-bin","out":${JSON.stringify(join(dir, 'ftfix.bin'))},"words":2390,"dim":10}\n`,
    );
    await json('import', 'ftfix.bin', '--format', 'fasttext-bin', '--name', 'ftfix-back');
    // a word neither run has: its vector comes from the exported n-gram rows
    const before = await json<{ results: { word: string; score: number }[] }>('neighbors', 'ftfix', 'zzqx', '-k', '5');
    const after = await json<{ results: { word: string; score: number }[] }>(
      'neighbors',
      'ftfix-back',
      'zzqx',
      '-k',
      '5',
    );
    expect(after.results.map((r) => r.word)).toEqual(before.results.map((r) => r.word));
    after.results.forEach((r, i) => expect(r.score).toBeCloseTo(before.results[i].score, 5));
    const wrong = await embedlab('export', 'ftfix', '--format', 'xml', '--out', 'x');
    expect(wrong.stderr).toMatch(
      /--format must be one of word2vec, word2vec-bin, glove, fasttext-vec, fasttext-bin, tsv/,
    );
  });

  it('refuses a bad format and a bad file with a clear message and exit code', async () => {
    const wrong = await embedlab('import', glove, '--format', 'xml', '--name', 'x');
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toMatch(
      /--format must be one of word2vec, word2vec-bin, glove, fasttext-vec, fasttext-bin, tsv/,
    );
    const bad = await embedlab('import', glove, '--format', 'word2vec', '--name', 'x', '--json');
    expect(bad.code).toBe(1);
    expect(JSON.parse(bad.stdout).error.message).toMatch(
      /glove-6B-50d-top2445.txt: line 1: expected the header "WORDS DIMS"/,
    );
    expect(existsSync(join(dir, 'missing.txt'))).toBe(false);
    const missing = await embedlab('import', 'missing.txt', '--format', 'glove', '--name', 'y');
    expect(missing.stderr).toMatch(/missing.txt: not found/);
  });

  it('Ctrl-C cancels an export: exit 130, and neither the file nor a partial file is left', async () => {
    const signals = new EventEmitter();
    const inProcess = (...argv: string[]) =>
      runCli([...argv, '--db', join(dir, 'lab.sqlite')], {
        cwd: dir,
        signals,
        createService: async (opts) => {
          const service = await createService(opts);
          let sent = false;
          // Ctrl-C once the export has written part of the file
          service.on('job', ({ job }) => {
            const p = job.progress;
            if (job.kind !== 'export' || sent || !p || p.done === 0 || p.done >= p.total) return;
            sent = true;
            signals.emit('SIGINT');
          });
          return service;
        },
      });
    const file = resolve(repoRoot, 'tests/fixtures/vectors/fasttext.bin');
    expect((await inProcess('import', file, '--format', 'fasttext-bin', '--name', 'ft-cut')).code).toBe(0);
    const r = await inProcess('export', 'ft-cut', '--format', 'fasttext-bin', '--out', 'cut.bin', '--json');
    expect(r.code).toBe(130);
    expect(r.json()).toEqual({ error: { message: 'export of ft-cut cancelled' } });
    expect(r.stderr).toMatch(/cancelling export ft-cut/);
    expect(readdirSync(dir).filter((f) => f.startsWith('cut.bin'))).toEqual([]);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});
