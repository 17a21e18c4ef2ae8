import { describe, expect, it } from 'vitest';
import { knnRecall, layoutRecall } from '../../../src-main/core/project/faithfulness.ts';
import { exactKnn, type KnnGraph } from '../../../src-main/core/project/knn.ts';

function graph(rows: number, k: number, lists: number[][], exact = true): KnnGraph {
  return {
    rows,
    k,
    indices: Int32Array.from(lists.flat()),
    distances: new Float32Array(rows * k),
    exact,
  };
}

describe('knnRecall', () => {
  // five points on a line in the original space: 0 1 2 3 4 (neighbours by hand, k = 2)
  const original = graph(5, 2, [
    [1, 2],
    [0, 2],
    [1, 3],
    [2, 4],
    [3, 2],
  ]);

  it('is 1 for a layout that keeps every neighbourhood', () => {
    const layout = Float32Array.from([0, 0, 1, 0, 2, 0, 3, 0, 4, 0]);
    const r = knnRecall(original, layout, 5, 2, 2);
    expect(r.mean).toBe(1);
    expect(Array.from(r.perRow)).toEqual([1, 1, 1, 1, 1]);
    expect(r).toMatchObject({ k: 2, evaluated: 5, exact: true });
  });

  it('counts the neighbours kept, by hand', () => {
    // on the map: 0 and 4 swapped, so the order is 4 1 2 3 0
    const layout = Float32Array.from([4, 0, 1, 0, 2, 0, 3, 0, 0, 0]);
    // map neighbours (k = 2): 0 → {3, 2}, 1 → {4, 2}, 2 → {1, 3}, 3 → {2, 0}, 4 → {1, 2}
    const r = knnRecall(original, layout, 5, 2, 2);
    // 0: {1,2} ∩ {3,2} = 1;  1: {0,2} ∩ {4,2} = 1;  2: {1,3} ∩ {1,3} = 2;  3: {2,4} ∩ {2,0} = 1;  4: {3,2} ∩ {1,2} = 1
    expect(Array.from(r.perRow)).toEqual([0.5, 0.5, 1, 0.5, 0.5]);
    expect(r.mean).toBeCloseTo(0.6, 10);
  });

  it('evaluates only the queries a sampled graph holds', () => {
    const layout = Float32Array.from([0, 0, 1, 0, 2, 0, 3, 0, 4, 0]);
    const sample = graph(5, 2, [[1, 3]]);
    const r = knnRecall({ ...sample, rows: 1, indices: Int32Array.from([1, 3]) }, layout, 5, 2, 2, [2]);
    expect(r.evaluated).toBe(1);
    expect(r.perRow[2]).toBe(1);
    expect(Number.isNaN(r.perRow[0])).toBe(true);
  });

  it('of a layout from the data: exact neighbours, k capped by the rows', () => {
    const data = Float32Array.from([0, 0, 0, 1, 0, 0, 5, 5, 5, 6, 5, 5]);
    const r = layoutRecall(data, 4, 3, 'euclidean', Float32Array.from([0, 0, 1, 0, 5, 5, 6, 5]), 2);
    expect(r).toMatchObject({ k: 3, exact: true, mean: 1 });
    const own = exactKnn(data, 4, 3, 3, 'euclidean');
    expect(
      layoutRecall(data, 4, 3, 'euclidean', Float32Array.from([0, 0, 1, 0, 5, 5, 6, 5]), 2, { graph: own, k: 1 }).mean,
    ).toBe(1);
  });
});
