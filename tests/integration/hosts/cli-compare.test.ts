// The real bin: `embedlab compare`, `stability` and `align` on two tiny
// skip-gram runs of corpus-tiny that differ only in their seed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalogyEval, SimilarityEval } from '../../../src-preload/contract.ts';
import { repoRoot, sharedData, tempDir } from '../../helpers/paths.ts';
import { runBin, type Ran } from '../../helpers/cli.ts';

const builtin = (file: string) => join(repoRoot, 'resources', 'eval', file);

interface Score {
  run: string;
  file: string;
  metric: 'accuracy' | 'spearman';
  value: number | null;
  coverage: number;
  evaluatedAt: string;
}

let dir: string;
let cleanup: () => void;

function embedlab(...args: string[]): Promise<Ran> {
  return runBin([...args, '--db', join(dir, 'lab.sqlite')], { cwd: dir });
}

function json<T>(r: Ran): T {
  expect(r.code, r.stderr).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as T;
}

beforeAll(async () => {
  ({ dir, cleanup } = tempDir('embedlab-cli-compare-'));
  json(await embedlab('corpus', 'add', sharedData('corpus-tiny.txt'), '--name', 'tiny', '--json'));
  for (const seed of ['1', '2']) {
    const r = await embedlab(
      'train',
      '--corpus',
      'tiny',
      '--name',
      `tiny${seed}`,
      '--method',
      'sgns',
      '--dim',
      '24',
      '--epochs',
      '2',
      '--threads',
      '1',
      '--seed',
      seed,
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
  }
}, 120_000);
afterAll(() => cleanup());

describe('embedlab compare', () => {
  it('--json: every built-in set for each run, the numbers eval gives, reused the second time', async () => {
    const first = json<{ scores: Score[] }>(await embedlab('compare', 'tiny1', 'tiny2', '--json'));
    const runs = new Set(first.scores.map((s) => s.run));
    expect([...runs]).toEqual(['tiny1', 'tiny2']);
    // 1 analogy set and 10 similarity sets ship in resources/eval
    expect(first.scores.filter((s) => s.run === 'tiny1').map((s) => s.metric)).toEqual([
      'accuracy',
      ...Array(10).fill('spearman'),
    ]);
    const evaluated = json<{ analogies: AnalogyEval[]; similarity: SimilarityEval[] }>(
      await embedlab(
        'eval',
        'tiny2',
        '--analogies',
        builtin('questions-words.txt'),
        '--similarity',
        builtin('wordsim353.tsv'),
        '--similarity',
        builtin('rg65.tsv'),
        '--json',
      ),
    );
    const score = (file: string) => first.scores.find((s) => s.run === 'tiny2' && s.file === file)!;
    expect(score('questions-words.txt')).toMatchObject({
      value: evaluated.analogies[0].accuracy,
      coverage: evaluated.analogies[0].coverage,
    });
    for (const s of evaluated.similarity)
      expect(score(s.file)).toMatchObject({ value: s.spearman, coverage: s.coverage });
    // nothing is evaluated again: the same stored scores (tiny1's untouched by eval)
    const again = json<{ scores: Score[] }>(await embedlab('compare', 'tiny1', 'tiny2', '--json'));
    const tiny1 = (r: { scores: Score[] }) => r.scores.filter((s) => s.run === 'tiny1');
    expect(tiny1(again)).toEqual(tiny1(first));
  }, 120_000);

  it('a table by file and run; --analogies FILE scores a user file as eval does', async () => {
    const text = await embedlab('compare', 'tiny1', 'tiny2');
    expect(text.code, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^file\s+metric\s+tiny1\s+tiny2$/m);
    expect(text.stdout).toMatch(/^wordsim353\.tsv\s+spearman\s+-?\d\.\d{3} \(\d+\.\d%\)\s+-?\d\.\d{3} \(\d+\.\d%\)$/m);
    expect(text.stdout).toMatch(/^questions-words\.txt, per section:$/m);

    const file = join(dir, 'mine.txt');
    writeFileSync(file, ': mine\nlearning model learning models\nagent agents model models\nthe a this that\n');
    const mine = json<{ scores: Score[] }>(await embedlab('compare', 'tiny1', '--analogies', 'mine.txt', '--json'));
    expect(mine.scores).toHaveLength(1);
    const evaluated = json<{ analogies: AnalogyEval[] }>(
      await embedlab('eval', 'tiny1', '--analogies', 'mine.txt', '--json'),
    );
    expect(mine.scores[0]).toMatchObject({
      file: 'mine.txt',
      metric: 'accuracy',
      value: evaluated.analogies[0].accuracy,
      coverage: evaluated.analogies[0].coverage,
    });
  }, 60_000);

  it('errors: an unknown run, a missing file, one run for stability', async () => {
    const unknown = await embedlab('compare', 'tiny1', 'nope', '--json');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe('embedlab: no run named "nope"\n');
    const missing = await embedlab('compare', 'tiny1', '--similarity', 'missing.tsv');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/missing\.tsv: cannot read the evaluation file: no such file/);
    const one = await embedlab('stability', 'tiny1');
    expect(one.code).toBe(2);
    expect(one.stderr).toMatch(/stability: missing RUN\.\.\./);
  });
});

describe('embedlab stability', () => {
  it('a run with itself: Jaccard 1 for every word', async () => {
    const r = json<{ jaccard: number; perWord: { word: string; jaccard: number }[] }>(
      await embedlab('stability', 'tiny1', 'tiny1', '-k', '5', '--words', '40', '--json'),
    );
    expect(r.jaccard).toBe(1);
    expect(r.perWord).toHaveLength(40);
    expect(r.perWord.every((w) => w.jaccard === 1)).toBe(true);
  });

  it('two seeds: the mean of the per-word Jaccard@k, between 0 and 1', async () => {
    const r = json<{ jaccard: number; rbo: number; perWord: { word: string; jaccard: number }[] }>(
      await embedlab('stability', 'tiny1', 'tiny2', '--words', '100', '--json'),
    );
    expect(r.perWord).toHaveLength(100);
    expect(r.perWord[0].word).toBe('the');
    expect(r.jaccard).toBeCloseTo(r.perWord.reduce((s, w) => s + w.jaccard, 0) / 100, 12);
    expect(r.jaccard).toBeGreaterThan(0);
    expect(r.jaccard).toBeLessThan(1);
    // each per-word Jaccard of two 10-sets is i / (20 - i)
    for (const w of r.perWord) expect([...Array(11).keys()].map((i) => i / (20 - i))).toContainEqual(w.jaccard);
  });
});

describe('embedlab align', () => {
  it('a run with itself: residual ≈ 0, every word moved ≈ 0, all shared words listed', async () => {
    const r = json<{ shared: number; residual: number; moved: { word: string; distance: number }[] }>(
      await embedlab('align', 'tiny1', 'tiny1', '--json'),
    );
    expect(r.residual).toBeLessThan(1e-9);
    expect(r.moved).toHaveLength(r.shared);
    expect(Math.max(...r.moved.map((m) => m.distance))).toBeLessThan(1e-9);
  });

  it('two seeds: sorted by distance; --words fits on fewer, --top lists fewer', async () => {
    const r = json<{ shared: number; fitted: number; residual: number; moved: { word: string; distance: number }[] }>(
      await embedlab('align', 'tiny1', 'tiny2', '--words', '500', '--top', '25', '--json'),
    );
    expect(r.fitted).toBe(500);
    expect(r.moved).toHaveLength(25);
    expect(r.residual).toBeGreaterThan(0);
    const d = r.moved.map((m) => m.distance);
    expect(d).toEqual([...d].sort((x, y) => y - x));
    expect(d[24]).toBeGreaterThanOrEqual(r.residual);
    const text = await embedlab('align', 'tiny1', 'tiny2');
    expect(text.stdout).toMatch(/^tiny2 rotated onto tiny1: [\d.]+k? shared words/m);
    const dims = await embedlab('align', 'tiny1', 'lecture-coordinates');
    expect(dims.code).toBe(1);
    expect(dims.stderr).toMatch(/24 dimensions, the second 3/);
  });
});
