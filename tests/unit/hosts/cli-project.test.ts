// `embedlab project` in-process against the fake service: options, the JSON
// shape scripts read, the summary, progress and Ctrl-C, usage errors.
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeService, lectureRun, type FakeService } from '../../helpers/fake-service.ts';
import { runCli } from '../../helpers/cli-in-process.ts';
import { tempDir } from '../../helpers/paths.ts';

interface Point {
  word: string;
  x: number;
  y: number;
  z: number;
  knnRecall10: number;
}

let dir: string;
let cleanup: () => void;
let service: FakeService;
let signals: EventEmitter;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  service = createFakeService({ stepMs: 2 });
  signals = new EventEmitter();
});
afterEach(() => cleanup());

function cli(...argv: string[]) {
  return runCli(argv, {
    env: { EMBEDDING_LAB_DB: join(dir, 'env.sqlite') },
    cwd: dir,
    signals,
    createService: async () => service,
  });
}

describe('project', () => {
  it('is in the help with its options', async () => {
    const r = await cli('help');
    expect(r.stdout).toContain('embedlab project RUN --method pca|umap|axes --dims 2|3 --words N [--neighbors 15');
  });

  it('--method umap --json: exactly N points, z 0 in 2D, the recall, seconds', async () => {
    const r = await cli('project', lectureRun, '--method', 'umap', '--dims', '2', '--words', '5', '--json');
    expect(r.code).toBe(0);
    expect(r.stdout.trim().split('\n')).toHaveLength(1);
    const out = r.json() as { points: Point[]; faithfulness: { knnRecall10: number }; seconds: number };
    expect(out.points).toHaveLength(5);
    expect(out.points[0]).toEqual({ word: 'king', x: -1, y: 0.8, z: 0, knnRecall10: 1 });
    expect(out.faithfulness.knnRecall10).toBeGreaterThanOrEqual(0);
    expect(out.faithfulness.knnRecall10).toBeLessThanOrEqual(1);
    expect(out.seconds).toEqual(expect.any(Number));
    expect(out).toMatchObject({
      method: 'umap',
      dims: 2,
      cached: false,
      umap: { neighbors: 15, minDist: 0.1, seed: 1 },
    });
    const call = service.calls.find((c) => c.method === 'startProjection');
    expect(call?.args).toEqual({
      run: lectureRun,
      method: 'umap',
      dims: 2,
      words: 5,
      neighbors: 15,
      minDist: 0.1,
      metric: 'cosine',
      seed: 1,
    });
  });

  it('passes every option; pca needs no job', async () => {
    const r = await cli(
      'project',
      lectureRun,
      '--method',
      'pca',
      '--dims',
      '3',
      '--words',
      '100',
      '--neighbors',
      '5',
      '--min-dist',
      '0.5',
      '--metric',
      'euclidean',
      '--seed',
      '7',
      '--json',
    );
    expect(r.code).toBe(0);
    expect((r.json().points as Point[]).map((p) => p.z)).toEqual([1, 1, 0, 0, 1, 1, 0, 0]);
    expect(service.calls.map((c) => c.method)).toEqual(['project']);
    expect(service.calls[0].args).toMatchObject({ neighbors: 5, minDist: 0.5, metric: 'euclidean', seed: 7 });
  });

  it('prints a short summary without --json', async () => {
    const r = await cli('project', lectureRun, '--method', 'umap', '--words', '3');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^3 points of lecture-coordinates \(umap, 3D, cosine, 15 neighbours, min-dist 0\.1, seed 1/,
    );
    expect(r.stdout).toMatch(/kNN recall@2: 1\.000/);
    expect(r.stdout).toMatch(/\nword +x +y +z +recall\nking /);
  });

  it('Ctrl-C cancels the layout and exits 130', async () => {
    service = createFakeService({ stepMs: 30 });
    const off = service.on('projection', () => {
      off();
      signals.emit('SIGINT');
    });
    const r = await cli('project', lectureRun, '--method', 'umap', '--json');
    expect(r.code).toBe(130);
    expect(service.calls.map((c) => c.method)).toContain('cancelJob');
    expect(r.json()).toEqual({ error: { message: 'projection cancelled' } });
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });

  it.each([
    [['--method', 'tsne'], /--method must be pca, umap or axes, got "tsne"/],
    [['--dims', '4'], /--dims must be 2 or 3, got 4/],
    [['--metric', 'manhattan'], /--metric must be cosine or euclidean/],
    [['--min-dist', '2'], /project: --min-dist: min-dist must be at most 1/],
    [['--neighbors', '1'], /project: --neighbors: neighbors must be at least 2/],
    [['--words', '0'], /project: --words: /],
    [['--seed', 'x'], /--seed expects a number/],
    [['--neighbours', '5'], /unknown option --neighbours/],
  ])('%j is a usage error naming the option', async (extra, message) => {
    const r = await cli('project', lectureRun, '--method', 'umap', ...extra);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(service.calls).toEqual([]);
  });
});
