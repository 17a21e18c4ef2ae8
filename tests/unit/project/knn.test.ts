import { describe, expect, it } from 'vitest';
import {
  exactKnn,
  exactKnnOf,
  knnGraph,
  layoutKnn,
  nnDescent,
  prepareRows,
  type KnnGraph,
  type Metric,
} from '../../../src-main/core/project/knn.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';
import { clustered } from '../../helpers/clustered.ts';

/** every distance, sorted: the reference the fast searches must agree with */
function bruteForce(data: Float32Array, rows: number, dim: number, k: number, metric: Metric): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < rows; i++) {
    const d: { j: number; d: number }[] = [];
    for (let j = 0; j < rows; j++) {
      if (j === i) continue;
      let dot = 0;
      let na = 0;
      let nb = 0;
      let sq = 0;
      for (let c = 0; c < dim; c++) {
        const a = data[i * dim + c];
        const b = data[j * dim + c];
        dot += a * b;
        na += a * a;
        nb += b * b;
        sq += (a - b) ** 2;
      }
      d.push({ j, d: metric === 'cosine' ? 1 - dot / Math.sqrt(na * nb) : Math.sqrt(sq) });
    }
    d.sort((x, y) => x.d - y.d || x.j - y.j);
    out.push(d.slice(0, k).map((x) => x.j));
  }
  return out;
}

function randomData(rows: number, dim: number, seed: number): Float32Array {
  const r = new Xoshiro128(seed);
  return Float32Array.from({ length: rows * dim }, () => r.nextFloat() * 2 - 1);
}

function rowOf(g: KnnGraph, i: number): number[] {
  return Array.from(g.indices.subarray(i * g.k, (i + 1) * g.k));
}

/** the fraction of the true neighbours a graph found */
function accuracy(g: KnnGraph, truth: number[][]): number {
  let hit = 0;
  let all = 0;
  truth.forEach((t, i) => {
    const found = new Set(rowOf(g, i));
    for (const j of t) hit += found.has(j) ? 1 : 0;
    all += t.length;
  });
  return hit / all;
}

describe('exact kNN', () => {
  it.each(['euclidean', 'cosine'] as const)('equals brute force (%s), nearest first, self excluded', (metric) => {
    const rows = 150;
    const dim = 7;
    const data = randomData(rows, dim, 3);
    const g = exactKnn(data, rows, dim, 5, metric);
    expect(g).toMatchObject({ rows, k: 5, exact: true });
    const truth = bruteForce(data, rows, dim, 5, metric);
    for (let i = 0; i < rows; i++) expect(rowOf(g, i)).toEqual(truth[i]);
    for (let i = 0; i < rows * 5; i++) {
      if (i % 5) expect(g.distances[i]).toBeGreaterThanOrEqual(g.distances[i - 1]);
    }
  });

  it('reports the metric distances: L2, and 1 - cosine', () => {
    const data = Float32Array.from([0, 0, 3, 4, 0, 1]);
    const e = exactKnn(data, 3, 2, 2, 'euclidean');
    expect(rowOf(e, 0)).toEqual([2, 1]);
    expect(Array.from(e.distances.subarray(0, 2))).toEqual([1, 5]);
    const c = exactKnn(Float32Array.from([1, 0, 2, 0, 0, 5]), 3, 2, 2, 'cosine');
    expect(rowOf(c, 0)).toEqual([1, 2]);
    expect(c.distances[0]).toBeCloseTo(0, 6);
    expect(c.distances[1]).toBeCloseTo(1, 6);
  });

  it('takes at most rows - 1 neighbours, and refuses bad shapes', () => {
    const g = exactKnn(randomData(4, 3, 1), 4, 3, 10, 'euclidean');
    expect(g.k).toBe(3);
    expect(() => exactKnn(new Float32Array(5), 2, 3, 1, 'euclidean')).toThrow(/needs 6 floats/);
    expect(() => exactKnn(new Float32Array(3), 1, 3, 1, 'euclidean')).toThrow(/at least 2 rows/);
    expect(() => exactKnn(new Float32Array(6), 2, 3, 0, 'euclidean')).toThrow(/k must be/);
  });

  it('leaves a zero row at cosine distance 1 from everything', () => {
    const x = prepareRows(Float32Array.from([0, 0, 3, 4]), 2, 2, 'cosine');
    expect(Array.from(x)).toEqual([0, 0, 0.6, 0.8].map(Math.fround));
    expect(exactKnn(Float32Array.from([0, 0, 3, 4, 1, 1]), 3, 2, 2, 'cosine').distances[0]).toBeCloseTo(1, 6);
  });

  it('of some queries only: the same rows as for all', () => {
    const data = randomData(80, 5, 9);
    const all = exactKnn(data, 80, 5, 4, 'cosine');
    const some = exactKnnOf(data, 80, 5, 4, 'cosine', [3, 40, 79]);
    expect([0, 1, 2].map((q) => rowOf(some, q))).toEqual([3, 40, 79].map((i) => rowOf(all, i)));
  });
});

describe('NN-descent', () => {
  const { data, rows, dim } = clustered({ rows: 2000, dim: 40, seed: 5 });

  it.each(['euclidean', 'cosine'] as const)('finds at least 97 percent of the true neighbours (%s)', (metric) => {
    const g = nnDescent(data, rows, dim, 10, metric, { seed: 1 });
    expect(g.exact).toBe(false);
    const truth = bruteForce(data, rows, dim, 10, metric);
    expect(accuracy(g, truth)).toBeGreaterThan(0.97);
  });

  it('is deterministic for a seed', () => {
    const a = nnDescent(data, rows, dim, 8, 'euclidean', { seed: 7 });
    const b = nnDescent(data, rows, dim, 8, 'euclidean', { seed: 7 });
    expect(a.indices).toEqual(b.indices);
    expect(a.distances).toEqual(b.distances);
  });

  it('copes with duplicate rows', () => {
    const dup = new Float32Array(300 * 4);
    for (let i = 0; i < 300; i++) dup.set([i % 3, 1, 2, 3], i * 4);
    const g = nnDescent(dup, 300, 4, 5, 'euclidean', { seed: 1 });
    for (let i = 0; i < 300; i++) {
      const row = rowOf(g, i);
      expect(new Set(row).size).toBe(5);
      expect(row).not.toContain(i);
      expect(row.every((j) => j % 3 === i % 3)).toBe(true);
    }
  });

  it('is chosen over the exact search beyond the budget, and stops when aborted', () => {
    expect(knnGraph(data, rows, dim, 5, 'cosine').exact).toBe(true);
    expect(knnGraph(data, rows, dim, 5, 'cosine', { exactBudget: 1000 }).exact).toBe(false);
    const controller = new AbortController();
    controller.abort();
    expect(() => knnGraph(data, rows, dim, 5, 'cosine', { exactBudget: 0, signal: controller.signal })).toThrow(
      /aborted/,
    );
  });
});

describe('layoutKnn', () => {
  it.each([2, 3])('equals brute force in %iD', (dims) => {
    const rows = 500;
    const coords = randomData(rows, dims, 11);
    const got = layoutKnn(coords, rows, dims, 10);
    const truth = bruteForce(coords, rows, dims, 10, 'euclidean');
    for (let i = 0; i < rows; i++) expect(Array.from(got.subarray(i * 10, i * 10 + 10))).toEqual(truth[i]);
  });

  it('handles points on one spot', () => {
    const got = layoutKnn(new Float32Array(40), 20, 2, 3);
    for (let i = 0; i < 20; i++) {
      const row = Array.from(got.subarray(i * 3, i * 3 + 3));
      expect(row).not.toContain(i);
      expect(new Set(row).size).toBe(3);
    }
  });
});
