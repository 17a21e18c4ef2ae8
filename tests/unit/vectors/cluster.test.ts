// Spherical k-means finds planted groups (by cosine, whatever the lengths),
// the same way every time for a seed.
import { describe, expect, it } from 'vitest';
import { clusterExemplars, sphericalKMeans } from '../../../src-main/core/vectors/cluster.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';
import { runWorker } from '../../../src-main/core/workers.ts';
import type { ClusterOutput } from '../../../src-main/core/vectors/cluster-worker.ts';

const DIM = 16;

/** `perGroup` rows around each of `groups` orthogonal axes, with random lengths and noise */
function planted(groups: number, perGroup: number, seed = 3): { data: Float32Array; truth: number[] } {
  const rng = new Xoshiro128(seed);
  const rows = groups * perGroup;
  const data = new Float32Array(rows * DIM);
  const truth: number[] = [];
  for (let i = 0; i < rows; i++) {
    const g = i % groups;
    const length = 0.5 + 3 * rng.nextFloat();
    for (let d = 0; d < DIM; d++) data[i * DIM + d] = (rng.nextFloat() - 0.5) * 0.3 * length;
    data[i * DIM + g] += length;
    truth.push(g);
  }
  return { data, truth };
}

/** the same partition, whatever the cluster numbers */
function samePartition(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  const map = new Map<number, number>();
  for (let i = 0; i < a.length; i++) {
    const seen = map.get(a[i]);
    if (seen === undefined) map.set(a[i], b[i]);
    else if (seen !== b[i]) return false;
  }
  return new Set(map.values()).size === map.size;
}

describe('spherical k-means', () => {
  it('recovers planted groups by direction, not length', () => {
    const { data, truth } = planted(4, 50);
    const c = sphericalKMeans(data, truth.length, DIM, 4, { seed: 1 });
    expect(samePartition(c.labels, truth)).toBe(true);
    expect(c.cohesion).toBeGreaterThan(0.9);
    for (let j = 0; j < 4; j++) {
      let norm = 0;
      for (let d = 0; d < DIM; d++) norm += c.centroids[j * DIM + d] ** 2;
      expect(Math.sqrt(norm)).toBeCloseTo(1, 5);
    }
  });

  it('is the same for the same seed', () => {
    const { data, truth } = planted(3, 40);
    const a = sphericalKMeans(data, truth.length, DIM, 5, { seed: 9 });
    const b = sphericalKMeans(data, truth.length, DIM, 5, { seed: 9 });
    expect(Array.from(a.labels)).toEqual(Array.from(b.labels));
  });

  it('names each cluster by the rows nearest its centre, all from that cluster', () => {
    const { data, truth } = planted(3, 30);
    const c = sphericalKMeans(data, truth.length, DIM, 3, { seed: 2 });
    const ex = clusterExemplars(data, truth.length, DIM, c, 5);
    ex.forEach((rows, j) => {
      expect(rows).toHaveLength(5);
      for (const r of rows) expect(c.labels[r]).toBe(j);
    });
  });

  it('refuses more clusters than words', () => {
    expect(() => sphericalKMeans(new Float32Array(2 * DIM), 2, DIM, 3)).toThrow('2 words cannot make 3 clusters');
  });

  it('gives the same clusters in the worker as in process', async () => {
    const { data, truth } = planted(3, 40);
    const here = sphericalKMeans(data, truth.length, DIM, 3, { seed: 4 });
    const there = await runWorker<number, ClusterOutput>('cluster', {
      data,
      rows: truth.length,
      dim: DIM,
      k: 3,
      seed: 4,
      exemplars: 2,
    });
    expect(Array.from(there.labels)).toEqual(Array.from(here.labels));
    expect(there.exemplars).toHaveLength(3);
  });
});
