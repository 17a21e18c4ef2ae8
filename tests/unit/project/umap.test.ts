import { describe, expect, it } from 'vitest';
import { findAB, GradientTable, runUmap, Umap, type UmapParams } from '../../../src-main/core/project/umap.ts';
import { layoutKnn } from '../../../src-main/core/project/knn.ts';
import { layoutRecall } from '../../../src-main/core/project/faithfulness.ts';
import { computeProjection } from '../../../src-main/core/project/project.ts';
import { clustered } from '../../helpers/clustered.ts';

const params: UmapParams = { dims: 2, neighbors: 15, minDist: 0.1, metric: 'euclidean', seed: 1 };

/** of each point's 10 nearest on the map, the fraction from its own cluster */
function purity(coords: Float32Array, rows: number, dims: number, labels: Int32Array): number {
  const nn = layoutKnn(coords, rows, dims, 10);
  let same = 0;
  for (let i = 0; i < rows * 10; i++) same += labels[nn[i]] === labels[Math.floor(i / 10)] ? 1 : 0;
  return same / (rows * 10);
}

describe('findAB', () => {
  it("fits umap-learn's curve parameters", () => {
    // umap-learn's find_ab_params(1.0, 0.1) and (1.0, 0.5) (scipy curve_fit)
    const ab = findAB(1, 0.1);
    expect(ab.a).toBeCloseTo(1.5769, 3);
    expect(ab.b).toBeCloseTo(0.8951, 3);
    const wide = findAB(1, 0.5);
    expect(wide.a).toBeCloseTo(0.583, 2);
    expect(wide.b).toBeCloseTo(1.334, 2);
  });

  it('its gradient table agrees with the formulas to 1e-4', () => {
    const { a, b } = findAB(1, 0.1);
    const t = new GradientTable(a, b, 1);
    for (const d2 of [1e-14, 1e-6, 0.003, 0.5, 1, 1.7, 42, 1e5, 1e13]) {
      expect(t.attract(d2) / t.attractExact(d2)).toBeCloseTo(1, 4);
      expect(t.repel(d2) / t.repelExact(d2)).toBeCloseTo(1, 4);
    }
  });
});

describe('UMAP', () => {
  const { data, rows, dim, labels } = clustered({ rows: 1200, dim: 30, clusters: 8, seed: 2 });

  it.each([2, 3] as const)('keeps clusters apart and neighbours near (%iD)', (dims) => {
    const umap = runUmap(data, rows, dim, { ...params, dims, epochs: 200 });
    const coords = umap.coords();
    expect(coords.length).toBe(rows * dims);
    expect(coords.every(Number.isFinite)).toBe(true);
    expect(purity(coords, rows, dims, labels)).toBeGreaterThan(0.98);
    // a random layout keeps ~10 / rows of the neighbours
    const recall = layoutRecall(data, rows, dim, 'euclidean', coords, dims);
    expect(recall.mean).toBeGreaterThan(0.3);
  });

  it('is deterministic for a seed, and another seed gives another layout', () => {
    const a = runUmap(data, rows, dim, { ...params, epochs: 50 }).coords();
    const b = runUmap(data, rows, dim, { ...params, epochs: 50 }).coords();
    const c = runUmap(data, rows, dim, { ...params, epochs: 50, seed: 2 }).coords();
    expect(a).toEqual(b);
    expect(c).not.toEqual(a);
  });

  it('steps epoch by epoch, as umap-js: initializeFit then step', () => {
    const umap = new Umap({ ...params, epochs: 20, metric: 'cosine' });
    expect(umap.initializeFit(data, rows, dim)).toBe(20);
    const start = umap.coords();
    // as umap-learn and umap-js, epoch 0 samples no edge (each edge is due after its epochs-per-sample)
    expect(umap.step()).toBe(1);
    expect(umap.step()).toBe(2);
    expect(umap.coords()).not.toEqual(start);
    for (let e = 0; e < 30; e++) umap.step(); // no further than the last epoch
    expect(umap.currentEpoch).toBe(20);
    expect(umap.knn?.k).toBe(14);
  });

  it('uses umap-js default epochs by size', () => {
    const small = new Umap(params);
    expect(small.initializeFit(data.subarray(0, 100 * dim), 100, dim)).toBe(500);
  });

  it('reports frames and stops when aborted', () => {
    const frames: number[] = [];
    runUmap(data, rows, dim, { ...params, epochs: 30 }, { frameEvery: 10, onEpoch: (e) => frames.push(e) });
    expect(frames).toEqual([10, 20, 30]);
    const controller = new AbortController();
    expect(() =>
      runUmap(
        data,
        rows,
        dim,
        { ...params, epochs: 30 },
        {
          signal: controller.signal,
          onEpoch: (e) => e === 5 && controller.abort(),
        },
      ),
    ).toThrow(/aborted/);
  });

  it('lays out tiny sets: one point, two, and fewer than the neighbours', () => {
    expect(runUmap(new Float32Array(3), 1, 3, params).coords()).toEqual(new Float32Array(2));
    expect(runUmap(Float32Array.from([0, 0, 0, 1, 1, 1]), 2, 3, params).coords().length).toBe(4);
    const five = runUmap(data.subarray(0, 5 * dim), 5, dim, params).coords();
    expect(five.length).toBe(10);
    expect(five.every(Number.isFinite)).toBe(true);
  });

  it('refuses bad parameters', () => {
    expect(() => new Umap({ ...params, neighbors: 1 })).toThrow(/neighbors/);
    expect(() => new Umap({ ...params, dims: 4 as 2 })).toThrow(/dims/);
    expect(() => new Umap({ ...params, minDist: 2 })).toThrow(/spread/);
  });
});

describe('computeProjection', () => {
  const { data, rows, dim } = clustered({ rows: 600, dim: 20, clusters: 6, seed: 4 });
  const input = { data, rows, dim, dims: 3 as const, metric: 'cosine' as const, neighbors: 15, minDist: 0.1, seed: 1 };

  it('UMAP: streams frames, keeps every row, and scores the layout', () => {
    const phases = new Set<string>();
    let frames = 0;
    const out = computeProjection(
      { ...input, method: 'umap', epochs: 40 },
      {
        frameMs: 0,
        onProgress: (p) => {
          phases.add(p.phase);
          if (p.phase === 'layout' && p.coords) frames++;
        },
      },
    );
    expect(phases).toEqual(new Set(['neighbours', 'layout']));
    expect(frames).toBe(40);
    expect(out.coords.length).toBe(rows * 3);
    expect(out.epochs).toBe(40);
    expect(out.recall.k).toBe(10);
    expect(out.recall.exact).toBe(true);
    expect(out.recall.perRow.length).toBe(rows);
    expect(out.recall.mean).toBeGreaterThan(0.2);
    expect(out.recall.mean).toBeLessThanOrEqual(1);
  });

  it('PCA: the same recall as measured directly', () => {
    const out = computeProjection({ ...input, method: 'pca' });
    expect(out.explained).toHaveLength(3);
    expect(out.recall.mean).toBeCloseTo(layoutRecall(data, rows, dim, 'cosine', out.coords, 3).mean, 10);
  });
});
