// Custom axes through the real service on disk: the built-in lecture run
// (numbers worked out by hand), a big run laid out in the project worker,
// and the errors a user sees for unknown words and inconsistent axes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { openDatabase, type Db } from '../../../src-main/core/store/db.ts';
import * as runs from '../../../src-main/core/store/runs.ts';
import { writeVectors } from '../../../src-main/core/store/vectors.ts';
import { axisCoordinates, axisDirections } from '../../../src-main/core/project/axes.ts';
import { parseArgs, type Args } from '../../../src-preload/contract.ts';
import { clustered } from '../../helpers/clustered.ts';
import { tempDir } from '../../helpers/paths.ts';

const LECTURE = 'lecture-coordinates';
const BIG = 'big';
// 4000 words of 30 dims: past the in-process budget, so the project worker runs it
const ROWS = 4000;
const DIM = 30;

function insertBigRun(db: Db): Float32Array {
  const { data } = clustered({ rows: ROWS, dim: DIM, clusters: 8, seed: 5 });
  const words = Array.from({ length: ROWS }, (_, i) => `w${i}`);
  db.transaction(() => {
    const run = runs.insertRun(db, {
      name: BIG,
      method: 'builtin',
      corpusId: null,
      corpusName: null,
      status: 'done',
      params: {},
      codeVersion: 'test',
    });
    writeVectors(db, run.id, { words, counts: words.map((_, i) => ROWS - i), dim: DIM, data });
    runs.finishRun(db, run.id, 'done', { seconds: 0, vocabSize: ROWS, dim: DIM });
  })();
  return data;
}

describe('custom axes through the service', () => {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'lab.sqlite');
  let lab: LabService;
  let db: Db;
  let bigData: Float32Array;
  const project = async (args: Args<'project'>) => lab.handlers.project(parseArgs('project', args));
  const genderAge = [
    { from: ['man'], to: ['woman'] },
    { from: ['boy'], to: ['king'] },
  ];

  beforeAll(async () => {
    db = openDatabase(dbPath);
    bigData = insertBigRun(db);
    lab = await createService({ dbPath, host: 'cli' });
  });
  afterAll(async () => {
    await lab.close();
    db.close();
    tmp.cleanup();
  });

  it('places the lecture words by their cosine with man → woman and boy → king', async () => {
    const p = await project({ run: LECTURE, method: 'axes', dims: 2, words: 8, axes: genderAge });
    expect(p).toMatchObject({ method: 'axes', dims: 2, umap: null, explained: [], cached: false });
    expect(p.words).toEqual(['man', 'woman', 'boy', 'girl', 'king', 'queen', 'prince', 'princess']);
    const x = (w: string) => p.coords[p.words.indexOf(w) * 2];
    const y = (w: string) => p.coords[p.words.indexOf(w) * 2 + 1];
    expect(x('man')).toBeCloseTo(1 / Math.sqrt(51), 6);
    expect(x('woman')).toBeCloseTo(9 / Math.sqrt(131), 6);
    expect(y('king')).toBeCloseTo((8 * 6 + 8 * 7) / Math.sqrt(129 * 85), 6);
    // gender separates exactly: every man, boy, king, prince left of every woman, girl, queen, princess
    expect(Math.max(...['man', 'boy', 'king', 'prince'].map(x))).toBeLessThan(
      Math.min(...['woman', 'girl', 'queen', 'princess'].map(x)),
    );
    expect(p.axes).toEqual({
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
    expect(p.faithfulness).toMatchObject({ k: 7, exact: true });
    expect(p.faithfulness.perWord).toHaveLength(8);
    expect(
      await lab.handlers.startProjection(
        parseArgs('project', { run: LECTURE, method: 'axes', dims: 2, axes: genderAge }),
      ),
    ).toEqual({ jobId: null });
  });

  it('averages word lists and reports how far from orthogonal three axes are', async () => {
    const p = await project({
      run: LECTURE,
      method: 'axes',
      dims: 3,
      axes: [
        { from: ['man', 'boy'], to: ['woman', 'girl'] },
        { from: ['man'], to: ['queen'] },
        { from: [], to: ['king'] },
      ],
    });
    expect(p.coords).toHaveLength(24);
    expect(p.axes!.cosines[0][1]).toBeCloseTo(8 / Math.sqrt(113), 6);
    // [1,0,0] against king [1,8,8]: 1/√129; [8,0,7]/√113 against king: 64/√(113·129)
    expect(p.axes!.cosines[0][2]).toBeCloseTo(1 / Math.sqrt(129), 6);
    expect(p.axes!.cosines[1][2]).toBeCloseTo(64 / Math.sqrt(113 * 129), 6);
    expect(p.axes!.maxOverlap).toBeCloseTo(8 / Math.sqrt(113), 6); // x and y
    expect(p.axes!.axes.map((a) => a.label)).toEqual(['man, boy → woman, girl', 'man → queen', 'king']);
    expect(p.coords[4 * 3 + 2]).toBeCloseTo(1, 6); // king on the king axis
  });

  it('lays a big run out in the worker with the same coordinates as the direct math', async () => {
    const axes = [
      { from: ['w1', 'w2'], to: ['w3000'] },
      { from: ['w10'], to: ['w2500', 'w3500'] },
    ];
    const p = await project({ run: BIG, method: 'axes', dims: 2, words: ROWS, axes });
    const row = (w: string) => {
      const i = Number(w.slice(1));
      return bigData.subarray(i * DIM, (i + 1) * DIM);
    };
    const { directions } = axisDirections(axes, DIM, row);
    expect(p.coords).toEqual(axisCoordinates(bigData, ROWS, DIM, directions, 2));
    expect(p.faithfulness.perWord).toHaveLength(ROWS);
    expect(p.faithfulness.knnRecall10).toBeGreaterThan(0);
    expect(p.faithfulness.knnRecall10).toBeLessThan(1);
    const cached = db.prepare('SELECT COUNT(*) AS n FROM projections').get() as { n: number };
    expect(cached.n).toBe(0);
  });

  it('names unknown words and inconsistent axes', async () => {
    await expect(
      project({
        run: LECTURE,
        method: 'axes',
        dims: 2,
        axes: [
          { from: ['man'], to: ['dog'] },
          { from: ['boy'], to: ['king'] },
        ],
      }),
    ).rejects.toMatchObject({ name: 'UnknownWordError', message: 'unknown word: "dog" (in the axes)' });
    await expect(project({ run: LECTURE, method: 'axes', dims: 3, axes: genderAge })).rejects.toThrow(
      'project: axes: 3 dims need 3 axes, got 2',
    );
    await expect(project({ run: LECTURE, method: 'axes', dims: 2 })).rejects.toThrow(
      'project: axes: method axes needs axes',
    );
    await expect(project({ run: LECTURE, method: 'pca', dims: 2, axes: genderAge })).rejects.toThrow(
      'project: axes: only for method axes',
    );
    await expect(
      project({ run: LECTURE, method: 'axes', dims: 2, axes: [{ from: [], to: [] }, genderAge[0]] }),
    ).rejects.toThrow('project: axes.0: an axis needs at least one word');
    await expect(
      project({ run: LECTURE, method: 'axes', dims: 2, axes: [genderAge[0], { from: ['king'], to: ['king'] }] }),
    ).rejects.toMatchObject({
      name: 'ParamError',
      message: 'axis y (king → king) has no direction: both sides have the same vector',
    });
  });
});
