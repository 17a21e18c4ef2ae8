import { describe, expect, it } from 'vitest';
import { pca } from '../../../src-main/core/project/pca.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

/** orthonormal directions by Gram-Schmidt from fixed vectors with no ties in magnitude */
function orthonormal(seeds: number[][]): number[][] {
  const out: number[][] = [];
  for (const s of seeds) {
    const v = s.slice();
    for (const b of out) {
      const p = v.reduce((acc, x, i) => acc + x * b[i], 0);
      for (let i = 0; i < v.length; i++) v[i] -= p * b[i];
    }
    const n = Math.hypot(...v);
    out.push(v.map((x) => x / n));
  }
  return out;
}

/** flipped so the largest-magnitude entry is positive, as pca() reports */
function signed(v: number[]): number[] {
  const at = v.reduce((best, x, i) => (Math.abs(x) > Math.abs(v[best]) ? i : best), 0);
  return v[at] < 0 ? v.map((x) => -x) : v;
}

describe('pca', () => {
  // every sign pattern of 4 coefficients, scaled by 5, 3, 2, 1: zero-mean and
  // exactly uncorrelated, so the variances along the directions are 25 : 9 : 4 : 1
  const scales = [5, 3, 2, 1];
  const dirs = orthonormal([
    [3, 1, 0.5, 0.2, 0.1],
    [0.3, 2, 1, -0.4, 0.2],
    [0.1, -0.5, 2.5, 0.7, 0.3],
    [0.2, 0.3, -0.4, 1.8, 0.6],
  ]).map(signed);
  const offset = [10, -4, 2, 0.5, 7];
  const coefficients: number[][] = [];
  for (let m = 0; m < 16; m++) coefficients.push(scales.map((s, i) => (m & (1 << i) ? s : -s)));
  const data = Float32Array.from(
    coefficients.flatMap((coef) => offset.map((o, c) => o + coef.reduce((acc, a, k) => acc + a * dirs[k][c], 0))),
  );

  it('finds known directions and variances', () => {
    const { coords, explained } = pca(data, 16, 5, 3);
    expect(explained[0]).toBeCloseTo(25 / 39, 6);
    expect(explained[1]).toBeCloseTo(9 / 39, 6);
    expect(explained[2]).toBeCloseTo(4 / 39, 6);
    expect(explained.reduce((a, b) => a + b, 0)).toBeCloseTo(38 / 39, 6);
    // each row's coordinates are its coefficients along the (sign-fixed) directions
    for (let r = 0; r < 16; r++)
      for (let k = 0; k < 3; k++) expect(coords[r * 3 + k]).toBeCloseTo(coefficients[r][k], 4);
  });

  it('gives the same first two components in 2D', () => {
    const two = pca(data, 16, 5, 2);
    const three = pca(data, 16, 5, 3);
    expect(two.explained).toEqual(three.explained.slice(0, 2));
    for (let r = 0; r < 16; r++) {
      expect(two.coords[r * 2]).toBe(three.coords[r * 3]);
      expect(two.coords[r * 2 + 1]).toBe(three.coords[r * 3 + 1]);
    }
  });

  it('on random correlated data: descending, uncorrelated components whose variances are the explained share', () => {
    const random = new Xoshiro128(3);
    const rows = 300;
    const dim = 12;
    const mix = Array.from({ length: dim * dim }, () => random.nextFloat() - 0.5);
    const data = new Float32Array(rows * dim);
    for (let r = 0; r < rows; r++) {
      const z = Array.from({ length: dim }, (_, i) => (random.nextFloat() - 0.5) * (dim - i));
      for (let c = 0; c < dim; c++) data[r * dim + c] = z.reduce((acc, x, i) => acc + x * mix[i * dim + c], 0);
    }
    let total = 0;
    for (let c = 0; c < dim; c++) {
      let m = 0;
      for (let r = 0; r < rows; r++) m += data[r * dim + c] / rows;
      for (let r = 0; r < rows; r++) total += (data[r * dim + c] - m) ** 2 / (rows - 1);
    }
    const { coords, explained } = pca(data, rows, dim, 3);
    expect(explained[0]).toBeGreaterThan(explained[1]);
    expect(explained[1]).toBeGreaterThan(explained[2]);
    const column = (k: number): number[] => Array.from({ length: rows }, (_, r) => coords[r * 3 + k]);
    const cov = (a: number[], b: number[]): number => a.reduce((acc, x, i) => acc + x * b[i], 0) / (rows - 1);
    for (let k = 0; k < 3; k++) {
      expect(cov(column(k), column(k)) / total).toBeCloseTo(explained[k], 5);
      for (let j = k + 1; j < 3; j++) expect(Math.abs(cov(column(k), column(j)) / total)).toBeLessThan(1e-5);
    }
  });

  it('is deterministic', () => {
    const a = pca(data, 16, 5, 3);
    const b = pca(data, 16, 5, 3);
    expect(a.coords).toEqual(b.coords);
    expect(a.explained).toEqual(b.explained);
  });

  it('handles no variance and checks shapes', () => {
    const flat = pca(Float32Array.from([1, 2, 3, 1, 2, 3]), 2, 3, 2);
    expect(Array.from(flat.coords)).toEqual([0, 0, 0, 0]);
    expect(flat.explained).toEqual([0, 0]);
    expect(pca(new Float32Array(0), 0, 3, 3).coords.length).toBe(0);
    expect(() => pca(new Float32Array(5), 2, 3, 2)).toThrow(RangeError);
    expect(() => pca(new Float32Array(4), 2, 2, 3)).toThrow(/3 components need at least 3 dimensions/);
  });
});
