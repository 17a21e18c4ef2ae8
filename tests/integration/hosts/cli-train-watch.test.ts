// `embedlab train --watch`: the real bin as a child process prints the watched
// words' neighbours at each refresh, and with --json adds the frames.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunInfo, Scored } from '../../../src-preload/contract.ts';
import { repoRoot, sharedData, tempDir } from '../../helpers/paths.ts';
import { runBin, type Ran } from '../../helpers/cli.ts';

const { dir, cleanup } = tempDir('embedlab-cli-watch-');
const db = join(dir, 'lab.sqlite');

function embedlab(...args: string[]): Promise<Ran> {
  return runBin([...args, '--db', db], { cwd: repoRoot });
}

const small = ['--corpus', 'tiny', '--dim', '16', '--threads', '1', '--min-count', '5'];

describe('train --watch', () => {
  beforeAll(async () => {
    const added = await embedlab('corpus', 'add', sharedData('corpus-tiny.txt'), '--name', 'tiny');
    expect(added.code, added.stderr).toBe(0);
  });
  afterAll(() => cleanup());

  it('prints each epoch’s neighbour lists, new words marked with +', async () => {
    const r = await embedlab(
      'train',
      ...small,
      '--name',
      'a',
      '--epochs',
      '3',
      '--watch',
      'war,government',
      '--watch-k',
      '4',
    );
    expect(r.code, r.stderr).toBe(0);
    const heads = r.stdout.split('\n').filter((l) => /^epoch /.test(l));
    expect(heads.map((h) => h.replace(/ · .*/, ''))).toEqual(['epoch 1/3', 'epoch 2/3', 'epoch 3/3 (final)']);
    const lists = r.stdout.split('\n').filter((l) => /^ {2}war /.test(l));
    expect(lists).toHaveLength(3);
    // four "word 0.123" entries each; the first frame has nothing to compare with, so nothing is marked
    for (const l of lists) expect(l.trim().split(/,\s*/)).toHaveLength(4);
    expect(lists[0]).not.toContain('+');
    expect(r.stdout).toMatch(/^run a: done/m);
  });

  it('--json keeps the run and adds the frames, the last one equal to `neighbors`', async () => {
    const r = await embedlab(
      'train',
      ...small,
      '--name',
      'b',
      '--epochs',
      '2',
      '--watch',
      'war',
      '--watch-k',
      '3',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as {
      run: RunInfo;
      watch: { index: number; epoch: number; final: boolean; neighbors: { word: string; neighbors: Scored[] }[] }[];
    };
    expect(out.run).toMatchObject({ name: 'b', status: 'done' });
    expect(out.watch.map((f) => [f.epoch, f.final])).toEqual([
      [1, false],
      [2, true],
    ]);
    const asked = await embedlab('neighbors', 'b', 'war', '-k', '3', '--json');
    const { results } = JSON.parse(asked.stdout) as { results: Scored[] };
    expect(out.watch[1].neighbors[0].neighbors.map((s) => s.word)).toEqual(results.map((s) => s.word));
  });

  it('names the option of a bad watch value, and a word the run does not train', async () => {
    const every = await embedlab('train', ...small, '--name', 'c', '--watch-every', '10');
    expect(every.code).toBe(2);
    expect(every.stderr.trim()).toBe('embedlab: train: --watch-every: every must be at least 1000 words');
    const word = await embedlab('train', ...small, '--name', 'c', '--watch', 'war,qqqzx');
    expect(word.code).toBe(1);
    expect(word.stderr).toMatch(/"qqqzx" is not among the \d+ words this run trains/);
  });
});
