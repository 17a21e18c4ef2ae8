import { describe, expect, it } from 'vitest';
import {
  alignedMap,
  alignedRows,
  alignVectors,
  crossCovariance,
  mostMoved,
  sharedRows,
  type Vectors,
} from '../../../src-main/core/vectors/align.ts';
import { nearestOrthogonal, svd } from '../../../src-main/core/vectors/svd.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

function gaussian(random: Xoshiro128): number {
  // Box–Muller
  const u = 1 - random.nextFloat();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.nextFloat());
}

function randomMatrix(rows: number, cols: number, seed: number): Float64Array {
  const random = new Xoshiro128(seed);
  return Float64Array.from({ length: rows * cols }, () => gaussian(random));
}

/** a random orthogonal n × n matrix: Gram–Schmidt (twice) on the rows of a Gaussian matrix */
function randomRotation(n: number, seed: number): Float64Array {
  const q = randomMatrix(n, n, seed);
  for (let j = 0; j < n; j++) {
    const row = q.subarray(j * n, (j + 1) * n);
    for (let pass = 0; pass < 2; pass++) {
      for (let p = 0; p < j; p++) {
        const done = q.subarray(p * n, (p + 1) * n);
        let d = 0;
        for (let i = 0; i < n; i++) d += row[i] * done[i];
        for (let i = 0; i < n; i++) row[i] -= d * done[i];
      }
    }
    const norm = Math.hypot(...row);
    for (let i = 0; i < n; i++) row[i] /= norm;
  }
  return q;
}

function multiply(a: Float64Array, rows: number, inner: number, b: Float64Array, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++)
    for (let p = 0; p < inner; p++)
      for (let j = 0; j < cols; j++) out[i * cols + j] += a[i * inner + p] * b[p * cols + j];
  return out;
}

function transpose(a: Float64Array, rows: number, cols: number): Float64Array {
  const out = new Float64Array(rows * cols);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
  return out;
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i] - b[i]));
  return worst;
}

function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}

/** unit(unit(row) − mean), as alignment normalises each row, in the plainest way */
function plainNormalised(data: Float64Array, dim: number, row: number, mean: Float64Array): Float64Array {
  const x = data.slice(row * dim, (row + 1) * dim);
  const n1 = Math.hypot(...x);
  for (let k = 0; k < dim; k++) x[k] = x[k] / n1 - mean[k];
  const n2 = Math.hypot(...x);
  return x.map((v) => v / n2);
}

const wordsOf = (n: number, prefix = 'w') => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function vectors(words: string[], dim: number, data: Float64Array): Vectors {
  return { words, dim, data: Float32Array.from(data) };
}

describe('svd (Golub–Kahan)', () => {
  it('reconstructs a random matrix with orthonormal U and V and falling singular values', () => {
    const n = 40;
    const m = randomMatrix(n, n, 7);
    const { u, s, v } = svd(m, n);
    const us = Float64Array.from(u, (x, i) => x * s[i % n]);
    expect(maxAbsDiff(multiply(us, n, n, transpose(v, n, n), n), m)).toBeLessThan(1e-11);
    expect(maxAbsDiff(multiply(transpose(u, n, n), n, n, u, n), identity(n))).toBeLessThan(1e-12);
    expect(maxAbsDiff(multiply(transpose(v, n, n), n, n, v, n), identity(n))).toBeLessThan(1e-12);
    for (let i = 1; i < n; i++) expect(s[i]).toBeLessThanOrEqual(s[i - 1]);
  });

  it('gives the known singular values of a diagonal matrix, and a full basis for a singular one', () => {
    const m = new Float64Array([3, 0, 0, 0, -5, 0, 0, 0, 0]);
    const { u, s } = svd(m, 3);
    expect(Array.from(s)).toEqual([5, 3, 0]);
    // the third left vector is made up, but U stays orthogonal
    expect(maxAbsDiff(multiply(transpose(u, 3, 3), 3, 3, u, 3), identity(3))).toBeLessThan(1e-14);
  });

  it('a matrix of rank 5 in 60 dimensions: orthogonal U and V all the same, 55 zero values', () => {
    const n = 60;
    const m = multiply(randomMatrix(n, 5, 21), n, 5, randomMatrix(5, n, 22), n);
    const { u, s, v } = svd(m, n);
    const us = Float64Array.from(u, (x, i) => x * s[i % n]);
    expect(maxAbsDiff(multiply(us, n, n, transpose(v, n, n), n), m)).toBeLessThan(1e-12);
    expect(maxAbsDiff(multiply(transpose(u, n, n), n, n, u, n), identity(n))).toBeLessThan(1e-13);
    expect(maxAbsDiff(multiply(transpose(v, n, n), n, n, v, n), identity(n))).toBeLessThan(1e-13);
    expect(s[4]).toBeGreaterThan(1);
    expect(Math.max(...s.subarray(5))).toBeLessThan(1e-13 * s[0]);
  });

  it('refuses NaN and wrong sizes', () => {
    expect(() => svd(new Float64Array([1, NaN, 0, 1]), 2)).toThrow(/NaN/);
    expect(() => svd(new Float64Array(3), 2)).toThrow(/needs 4/);
  });

  it('nearestOrthogonal of an orthogonal matrix is itself', () => {
    const q = randomRotation(30, 3);
    expect(maxAbsDiff(nearestOrthogonal(q, 30), q)).toBeLessThan(1e-13);
  });
});

describe('alignVectors (orthogonal Procrustes)', () => {
  const rows = 500;
  const dim = 50;
  const b = randomMatrix(rows, dim, 11);
  const words = wordsOf(rows);

  it('recovers a known random rotation of a random 500 × 50 matrix to 1e-5', () => {
    const r = randomRotation(dim, 12);
    const a = multiply(b, rows, dim, r, dim);
    for (const center of [true, false]) {
      const al = alignVectors(vectors(words, dim, a), vectors(words, dim, b), { center });
      // float32 storage of the inputs limits the agreement to about 1e-7
      expect(maxAbsDiff(al.rotation, r)).toBeLessThan(1e-5);
      expect(al.residual).toBeLessThan(1e-6);
      expect(al.words).toHaveLength(rows);
    }
  });

  it('recovers a random rotation at BERT size (800 × 768) to 1e-5', () => {
    const big = 768;
    const count = 800;
    const bBig = randomMatrix(count, big, 31);
    const r = randomRotation(big, 32);
    const a = multiply(bBig, count, big, r, big);
    const al = alignVectors(vectors(wordsOf(count), big, a), vectors(wordsOf(count), big, bBig));
    expect(maxAbsDiff(al.rotation, r)).toBeLessThan(1e-5);
    expect(al.residual).toBeLessThan(1e-6);
  });

  it('recovers a reflection (determinant −1)', () => {
    const r = randomRotation(dim, 13);
    for (let i = 0; i < dim; i++) r[i * dim] = -r[i * dim]; // flip the first column
    const a = multiply(b, rows, dim, r, dim);
    const al = alignVectors(vectors(words, dim, a), vectors(words, dim, b));
    expect(maxAbsDiff(al.rotation, r)).toBeLessThan(1e-5);
    expect(al.residual).toBeLessThan(1e-6);
  });

  it('an identical run: W = I, residual ≈ 0, nothing moved', () => {
    const set = vectors(words, dim, b);
    const al = alignVectors(set, set);
    expect(maxAbsDiff(al.rotation, identity(dim))).toBeLessThan(1e-9);
    expect(al.residual).toBeLessThan(1e-7);
    expect(Math.max(...al.distances)).toBeLessThan(1e-6);
  });

  it('fits on the shared words only, in A’s order, whatever B’s order and extra words', () => {
    const r = randomRotation(dim, 14);
    const a = multiply(b, rows, dim, r, dim);
    // B: its rows reversed, plus 20 words A does not have; A: 10 words B does not have
    const bWords = [...words].reverse().concat(wordsOf(20, 'onlyB'));
    const bData = new Float64Array((rows + 20) * dim);
    for (let i = 0; i < rows; i++) bData.set(b.subarray((rows - 1 - i) * dim, (rows - i) * dim), i * dim);
    bData.set(randomMatrix(20, dim, 15), rows * dim);
    const aWords = [...words, ...wordsOf(10, 'onlyA')];
    const aData = new Float64Array((rows + 10) * dim);
    aData.set(a);
    aData.set(randomMatrix(10, dim, 16), rows * dim);
    const al = alignVectors(vectors(aWords, dim, aData), vectors(bWords, dim, bData), { fitWords: 100 });
    expect(al.words).toEqual(words);
    expect(al.fitted).toBe(100);
    expect(al.rowsB[0]).toBe(rows - 1);
    expect(maxAbsDiff(al.rotation, r)).toBeLessThan(1e-5);
  });

  it('lists the words that moved most: a word with a different vector in B tops the list', () => {
    const a = Float64Array.from(b);
    const moved = randomMatrix(1, dim, 17);
    a.set(moved, 42 * dim); // w42 lives elsewhere in A
    const al = alignVectors(vectors(words, dim, a), vectors(words, dim, b));
    const top = mostMoved(al.words, al.distances, 3);
    expect(top[0].word).toBe('w42');
    expect(top[0].distance).toBeGreaterThan(0.5);
    expect(top[1].distance).toBeLessThan(0.05);
    expect(top.map((t) => t.distance)).toEqual([...top.map((t) => t.distance)].sort((x, y) => y - x));
    // residual is the mean of the distances
    expect(al.residual).toBeCloseTo(al.distances.reduce((s, d) => s + d, 0) / rows, 6);
  });

  it('with fewer words than dimensions the rotation is still orthogonal and fits exactly', () => {
    const r = randomRotation(dim, 18);
    const few = 10;
    const bFew = b.subarray(0, few * dim);
    const a = multiply(bFew, few, dim, r, dim);
    const al = alignVectors(vectors(wordsOf(few), dim, a), vectors(wordsOf(few), dim, bFew), { center: false });
    const w = al.rotation;
    expect(maxAbsDiff(multiply(transpose(w, dim, dim), dim, dim, w, dim), identity(dim))).toBeLessThan(1e-12);
    expect(al.residual).toBeLessThan(1e-6);
  });

  it('alignedRows: the aligned B rows land on A’s; alignedMap puts both in one 3D PCA', () => {
    const r = randomRotation(dim, 19);
    const a = multiply(b, rows, dim, r, dim);
    const A = vectors(words, dim, a);
    const B = vectors(words, dim, b);
    const al = alignVectors(A, B);
    const points = alignedRows(A, B, al, 30);
    expect(points.a).toHaveLength(30 * dim);
    expect(maxAbsDiff(points.a, points.b)).toBeLessThan(1e-5);
    const map = alignedMap(A, B, al, 30);
    expect(map.a).toHaveLength(90);
    expect(maxAbsDiff(map.a, map.b)).toBeLessThan(1e-5);
    expect(map.explained).toHaveLength(3);
    // without the rotation B's points would lie elsewhere
    const unaligned = alignedMap(A, B, { ...al, rotation: identity(dim) }, 30);
    expect(maxAbsDiff(unaligned.a, unaligned.b)).toBeGreaterThan(0.1);
  });

  it('refuses different dimensions and too few shared words, naming them', () => {
    const x = vectors(['a', 'b'], 2, new Float64Array(4).fill(1));
    const y = vectors(['a', 'b', 'c'], 1, new Float64Array(3).fill(1));
    expect(() => alignVectors(x, y)).toThrow(/2 dimensions, the second 1/);
    const z = vectors(['a', 'q'], 2, new Float64Array(4).fill(1));
    expect(() => alignVectors(x, z)).toThrow(/share 1 word/);
  });

  it('sharedRows keeps A’s order and the first row of a repeated word', () => {
    const s = sharedRows(
      { words: ['x', 'y', 'x', 'z'], dim: 1, data: new Float32Array(4) },
      { words: ['z', 'y', 'y'], dim: 1, data: new Float32Array(3) },
    );
    expect(s.words).toEqual(['y', 'z']);
    expect(Array.from(s.rowsA)).toEqual([1, 3]);
    expect(Array.from(s.rowsB)).toEqual([1, 0]);
  });

  describe('blocked products on odd sizes (not whole 4 × 4 tiles, not whole blocks of 64 words)', () => {
    const d = 13;
    const mean = (seed: number) => Float64Array.from(randomMatrix(1, d, seed), (x) => x / 10);

    for (const words of [37, 150]) {
      it(`Bᵀ A over ${words} words × ${d} dimensions equals a plain double loop`, () => {
        const a = randomMatrix(words + 5, d, 41);
        const b = randomMatrix(words + 3, d, 42);
        // rows listed out of order, and not every row used
        const rowsA = Int32Array.from({ length: words }, (_, i) => (i * 7) % (words + 5));
        const rowsB = Int32Array.from({ length: words }, (_, i) => words + 2 - i);
        const meanA = mean(43);
        const meanB = mean(44);
        const m = crossCovariance(
          { dim: d, data: Float32Array.from(a) },
          { dim: d, data: Float32Array.from(b) },
          rowsA,
          rowsB,
          words,
          meanA,
          meanB,
        );
        const a32 = Float64Array.from(Float32Array.from(a));
        const b32 = Float64Array.from(Float32Array.from(b));
        const plain = new Float64Array(d * d);
        for (let i = 0; i < words; i++) {
          const ra = plainNormalised(a32, d, rowsA[i], meanA);
          const rb = plainNormalised(b32, d, rowsB[i], meanB);
          for (let j = 0; j < d; j++) for (let k = 0; k < d; k++) plain[j * d + k] += rb[j] * ra[k];
        }
        expect(m).toHaveLength(d * d);
        expect(maxAbsDiff(m, plain)).toBeLessThan(1e-12);
      });
    }

    it('per-word distances and aligned rows equal 1 − cos(a, b W) and b W computed plainly (70 words × 13)', () => {
      const words = 70;
      const a = Float64Array.from(Float32Array.from(randomMatrix(words, d, 45)));
      const b = Float64Array.from(Float32Array.from(randomMatrix(words, d, 46)));
      const A = vectors(wordsOf(words), d, a);
      const B = vectors(wordsOf(words), d, b);
      const al = alignVectors(A, B, { fitWords: 50 });
      const w = al.rotation;
      const rows = alignedRows(A, B, al, words);
      for (let i = 0; i < words; i++) {
        const ra = plainNormalised(a, d, i, al.meanA);
        const rb = plainNormalised(b, d, i, al.meanB);
        const rotated = multiply(rb, 1, d, w, d);
        let dot = 0;
        for (let k = 0; k < d; k++) dot += ra[k] * rotated[k];
        const cos = dot / (Math.hypot(...ra) * Math.hypot(...rotated));
        expect(al.distances[i]).toBeCloseTo(1 - cos, 6);
        expect(maxAbsDiff(rows.b.subarray(i * d, (i + 1) * d), rotated)).toBeLessThan(1e-6);
        expect(maxAbsDiff(rows.a.subarray(i * d, (i + 1) * d), ra)).toBeLessThan(1e-6);
      }
      // the distances compared are far from 0: not a check of near-identical vectors
      expect(al.residual).toBeGreaterThan(0.5);
    });
  });
});
