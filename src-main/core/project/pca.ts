// Principal component analysis for the 2D/3D map: centre, covariance in
// float64, then the top eigenvectors by power iteration with deflation.
// Deterministic: a fixed start vector and a sign rule.
import { Xoshiro128 } from '../train/random.ts';

export interface PcaResult {
  /** rows * components, row-major */
  coords: Float32Array;
  /** the fraction of the total variance along each component */
  explained: number[];
}

/** stop when successive vectors agree to 1 - cos(angle) below this */
const CONVERGED = 1e-12;
/** a cap on multiply-adds per component, so a huge dim cannot hang the caller */
const WORK_PER_COMPONENT = 2e8;

export function pca(data: Float32Array, rows: number, dim: number, components: 2 | 3): PcaResult {
  if (!Number.isInteger(rows) || rows < 0 || !Number.isInteger(dim) || dim < 1) {
    throw new RangeError(`pca: bad shape ${rows} x ${dim}`);
  }
  if (data.length !== rows * dim)
    throw new RangeError(`pca: ${rows} x ${dim} needs ${rows * dim} floats, got ${data.length}`);
  if (components > dim)
    throw new RangeError(`pca: ${components} components need at least ${components} dimensions, got ${dim}`);
  const mean = columnMeans(data, rows, dim);
  const cov = covariance(data, rows, dim, mean);
  const total = trace(cov, dim);
  const vectors: Float64Array[] = [];
  const explained: number[] = [];
  for (let k = 0; k < components; k++) {
    const { vector, value } = topEigenvector(cov, dim, vectors, k);
    vectors.push(fixSign(vector));
    explained.push(total > 0 ? value / total : 0);
  }
  return { coords: project(data, rows, dim, mean, vectors), explained };
}

function columnMeans(data: Float32Array, rows: number, dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (let r = 0; r < rows; r++) for (let c = 0; c < dim; c++) mean[c] += data[r * dim + c];
  if (rows > 0) for (let c = 0; c < dim; c++) mean[c] /= rows;
  return mean;
}

/** the sample covariance, dim x dim, row-major */
function covariance(data: Float32Array, rows: number, dim: number, mean: Float64Array): Float64Array {
  const cov = new Float64Array(dim * dim);
  const x = new Float64Array(dim);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < dim; c++) x[c] = data[r * dim + c] - mean[c];
    // upper triangle only; mirrored below
    for (let i = 0; i < dim; i++) {
      const xi = x[i];
      if (xi === 0) continue;
      const row = i * dim;
      for (let j = i; j < dim; j++) cov[row + j] += xi * x[j];
    }
  }
  const scale = 1 / Math.max(1, rows - 1);
  for (let i = 0; i < dim; i++) {
    for (let j = i; j < dim; j++) {
      const v = cov[i * dim + j] * scale;
      cov[i * dim + j] = v;
      cov[j * dim + i] = v;
    }
  }
  return cov;
}

function trace(m: Float64Array, dim: number): number {
  let t = 0;
  for (let i = 0; i < dim; i++) t += m[i * dim + i];
  return t;
}

/**
 * The leading eigenvector of cov restricted to the complement of `found`
 * (deflation by projection), and its eigenvalue (the Rayleigh quotient).
 */
function topEigenvector(
  cov: Float64Array,
  dim: number,
  found: Float64Array[],
  k: number,
): { vector: Float64Array; value: number } {
  const random = new Xoshiro128(0x5ca1e, k);
  let v = Float64Array.from({ length: dim }, () => random.nextFloat() - 0.5);
  orthogonalize(v, found);
  normalize(v);
  let w = new Float64Array(dim);
  const maxIterations = Math.max(50, Math.floor(WORK_PER_COMPONENT / (dim * dim)));
  let value = 0;
  for (let it = 0; it < maxIterations; it++) {
    multiply(cov, dim, v, w);
    orthogonalize(w, found);
    value = dot(v, w);
    // nothing left in this subspace: any unit vector orthogonal to `found` will do
    if (value <= 0 || normalize(w) === 0) return { vector: v, value: 0 };
    const agreement = dot(v, w);
    [v, w] = [w, v];
    if (1 - agreement < CONVERGED) break;
  }
  return { vector: v, value };
}

function multiply(m: Float64Array, dim: number, v: Float64Array, out: Float64Array): void {
  for (let i = 0; i < dim; i++) {
    let s = 0;
    const row = i * dim;
    for (let j = 0; j < dim; j++) s += m[row + j] * v[j];
    out[i] = s;
  }
}

function orthogonalize(v: Float64Array, basis: Float64Array[]): void {
  for (const b of basis) {
    const p = dot(v, b);
    for (let i = 0; i < v.length; i++) v[i] -= p * b[i];
  }
}

/** scales v to length 1 in place and returns its former length */
function normalize(v: Float64Array): number {
  const n = Math.sqrt(dot(v, v));
  if (n > 0) for (let i = 0; i < v.length; i++) v[i] /= n;
  return n;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

/** flips v so that its largest-magnitude entry (the first, on a tie) is positive */
function fixSign(v: Float64Array): Float64Array {
  let at = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[at])) at = i;
  if (v[at] < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
  return v;
}

function project(
  data: Float32Array,
  rows: number,
  dim: number,
  mean: Float64Array,
  vectors: Float64Array[],
): Float32Array {
  const k = vectors.length;
  const coords = new Float32Array(rows * k);
  for (let r = 0; r < rows; r++) {
    for (let p = 0; p < k; p++) {
      const v = vectors[p];
      let s = 0;
      for (let c = 0; c < dim; c++) s += (data[r * dim + c] - mean[c]) * v[c];
      coords[r * k + p] = s;
    }
  }
  return coords;
}
