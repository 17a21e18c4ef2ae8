// The real bin: `embedlab project` on the built-in lecture run, UMAP and PCA.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../../helpers/paths.ts';

const bin = join(repoRoot, 'bin', 'embedlab.mjs');

interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

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
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '--db', join(dir, 'lab.sqlite')], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
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
