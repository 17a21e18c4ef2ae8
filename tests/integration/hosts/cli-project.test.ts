// The real bin: `embedlab project` on the built-in lecture run, UMAP and PCA.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/paths.ts';
import { runBin, type Ran } from '../../helpers/cli.ts';

interface ProjectJson {
  points: { word: string; x: number; y: number; z: number }[];
  faithfulness: { knnRecall10: number };
  seconds: number;
  cached: boolean;
}

let dir: string;
let cleanup: () => void;

beforeAll(() => ({ dir, cleanup } = tempDir('embedlab-project-')));
afterAll(() => cleanup());

function embedlab(...args: string[]): Promise<Ran> {
  return runBin([...args, '--db', join(dir, 'lab.sqlite')], { cwd: dir });
}

function json(r: Ran): ProjectJson {
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as ProjectJson;
}

describe('embedlab project', () => {
  it('--method umap --json: exactly N points and a recall in [0, 1]; the second time from the cache', async () => {
    const first = await embedlab(
      'project',
      'lecture-coordinates',
      '--method',
      'umap',
      '--dims',
      '2',
      '--words',
      '6',
      '--json',
    );
    expect(first.code).toBe(0);
    const out = json(first);
    expect(out.points.map((p) => p.word)).toEqual(['man', 'woman', 'boy', 'girl', 'king', 'queen']);
    for (const p of out.points) {
      expect(Number.isFinite(p.x) && Number.isFinite(p.y)).toBe(true);
      expect(p.z).toBe(0);
    }
    expect(out.faithfulness.knnRecall10).toBeGreaterThanOrEqual(0);
    expect(out.faithfulness.knnRecall10).toBeLessThanOrEqual(1);
    expect(out.cached).toBe(false);
    const again = json(
      await embedlab('project', 'lecture-coordinates', '--method', 'umap', '--dims', '2', '--words', '6', '--json'),
    );
    expect(again.cached).toBe(true);
    expect(again.points).toEqual(out.points);
  });

  it('asks for more words than the run has: every word it has', async () => {
    const r = await embedlab(
      'project',
      'lecture-coordinates',
      '--method',
      'pca',
      '--dims',
      '3',
      '--words',
      '1000',
      '--json',
    );
    expect(r.code).toBe(0);
    const out = json(r);
    expect(out.points).toHaveLength(8);
    expect(out.faithfulness.knnRecall10).toBe(1);
  });

  it('names the option that is wrong', async () => {
    const r = await embedlab('project', 'lecture-coordinates', '--method', 'umap', '--min-dist=-1');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--min-dist: min-dist must be 0 or more/);
  });
});
