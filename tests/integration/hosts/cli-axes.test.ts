// The real bin: `embedlab project --method axes` on the built-in lecture run,
// its JSON (the same shape as PCA's and UMAP's, plus `axes`), its text and its errors.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/paths.ts';
import { runBin, type Ran } from '../../helpers/cli.ts';

let dir: string;
let cleanup: () => void;

beforeAll(() => ({ dir, cleanup } = tempDir('embedlab-axes-')));
afterAll(() => cleanup());

function embedlab(...args: string[]): Promise<Ran> {
  return runBin([...args, '--db', join(dir, 'lab.sqlite')], { cwd: dir });
}

const RUN = 'lecture-coordinates';

describe('embedlab project --method axes', () => {
  it('--json: the usual shape, each word at its cosine with the axes, and the axes with their cosines', async () => {
    const r = await embedlab('project', RUN, '--method', 'axes', '--x', 'man:woman', '--y', 'boy:king', '--json');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = JSON.parse(r.stdout) as Record<string, unknown> & {
      points: { word: string; x: number; y: number; z: number; knnRecall10: number }[];
    };
    expect(Object.keys(out)).toEqual([
      'run',
      'method',
      'dims',
      'metric',
      'umap',
      'explained',
      'points',
      'faithfulness',
      'seconds',
      'computeSeconds',
      'cached',
      'axes',
    ]);
    expect(out).toMatchObject({ run: RUN, method: 'axes', dims: 2, umap: null, explained: [], cached: false });
    const at = new Map(out.points.map((p) => [p.word, p]));
    expect(at.get('man')).toEqual({ word: 'man', x: 0.140028, y: 0.7442203, z: 0, knnRecall10: 1 });
    expect(at.get('woman')!.x).toBeCloseTo(9 / Math.sqrt(131), 6);
    expect(at.get('king')!.y).toBeCloseTo(104 / Math.sqrt(129 * 85), 6);
    expect(out.axes).toEqual({
      axes: [
        { from: ['man'], to: ['woman'], label: 'man → woman' },
        { from: ['boy'], to: ['king'], label: 'boy → king' },
      ],
      cosines: [
        [1, 0],
        [0, 1],
      ],
      maxOverlap: 0,
    });
  });

  it('lists with commas, a third axis for 3D, --method implied; the text warns about leaning axes', async () => {
    const r = await embedlab('project', RUN, '--x', 'man,boy:woman,girl', '--y', 'man:queen', '--z', 'king');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('axes, 3D, cosine with x = man, boy → woman, girl, y = man → queen, z = king');
    expect(r.stdout).toMatch(/^king +0\.088 +0\.530 +1\.000 +1\.000$/m);
    expect(r.stdout).toContain(
      'warning: the axes are far from orthogonal: x and y (cosine 0.75), y and z (cosine 0.53); distances on the map are skewed',
    );
  });

  it('names what is wrong: exit 2 for how it was typed, 1 for words the run lacks', async () => {
    const cases: [string[], number, string][] = [
      [['--x', 'man:woman'], 2, 'custom axes need --x and --y (and --z for 3D)'],
      [['--x', 'man:woman', '--z', 'boy:king'], 2, '--z needs --y too'],
      [['--x', 'man:woman', '--y', 'a:b:c'], 2, '--y "a:b:c": use one ":" between the two sides, not 2'],
      [['--x', 'man:', '--y', 'boy:king'], 2, '--x "man:": no word after ":"'],
      [['--x', 'man:woman', '--y', 'boy:king', '--dims', '3'], 2, '--dims 3 needs 3 axes, got 2'],
      [['--method', 'axes'], 2, '--method axes needs --x and --y'],
      [
        ['--method', 'pca', '--x', 'man:woman', '--y', 'boy:king'],
        2,
        '--x, --y and --z go with --method axes, not pca',
      ],
      [['--x', 'man:dog', '--y', 'cat:king'], 1, 'unknown words: "dog", "cat" (in the axes)'],
      [['--x', 'man:man', '--y', 'boy:king'], 1, 'axis x (man → man) has no direction'],
    ];
    for (const [args, code, message] of cases) {
      const r = await embedlab('project', RUN, ...args);
      expect({ args, code: r.code, message: r.stderr.includes(message) }).toEqual({ args, code, message: true });
    }
  });
});
