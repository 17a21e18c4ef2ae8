// Spherical k-means: words grouped by cosine in the original space (never in
// a projection), for colouring the map by cluster. k-means++ seeding from an
// injected seed, so a map's colours come back the same; Lloyd iterations until
// no word changes cluster.
import { Xoshiro128 } from '../train/random.ts';

export interface Clusters {
  /** the cluster of each row, 0..k-1 */
  labels: Uint8Array;
  /** k unit vectors, row-major */
  centroids: Float32Array;
  iterations: number;
  /** mean cosine of the rows to their centroid */
  cohesion: number;
}

export function sphericalKMeans(
  data: Float32Array,
  rows: number,
  dim: number,
  k: number,
  opts: { seed?: number; maxIterations?: number; onProgress?: (iteration: number) => void } = {},
): Clusters {
  if (!Number.isInteger(k) || k < 1 || k > 255) throw new RangeError(`k must be 1 to 255, got ${k}`);
  if (rows < k) throw new RangeError(`${rows} words cannot make ${k} clusters`);
  const unit = unitRows(data, rows, dim);
  const centroids = seedCentroids(unit, rows, dim, k, new Xoshiro128(opts.seed ?? 1));
  const labels = new Uint8Array(rows);
  const best = new Float64Array(rows);
  const maxIterations = opts.maxIterations ?? 30;
  let iterations = 0;
  for (let changed = true; changed && iterations < maxIterations; iterations++) {
    changed = assign(unit, rows, dim, centroids, k, labels, best) || iterations === 0;
    updateCentroids(unit, rows, dim, labels, centroids, k);
    opts.onProgress?.(iterations + 1);
  }
  let total = 0;
  for (let i = 0; i < rows; i++) total += best[i];
  return { labels, centroids, iterations, cohesion: rows ? total / rows : 0 };
}

function unitRows(data: Float32Array, rows: number, dim: number): Float32Array {
  const out = new Float32Array(rows * dim);
  for (let i = 0; i < rows; i++) {
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += data[i * dim + d] ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) out[i * dim + d] = data[i * dim + d] * inv;
  }
  return out;
}

function dot(a: Float32Array, ia: number, b: Float32Array, ib: number, dim: number): number {
  let s = 0;
  for (let d = 0; d < dim; d++) s += a[ia + d] * b[ib + d];
  return s;
}

/** k-means++ on cosine distance: each next seed drawn with probability ∝ (1 − best cosine) */
function seedCentroids(unit: Float32Array, rows: number, dim: number, k: number, rng: Xoshiro128): Float32Array {
  const centroids = new Float32Array(k * dim);
  const first = Math.floor(rng.nextFloat() * rows);
  centroids.set(unit.subarray(first * dim, (first + 1) * dim), 0);
  const distance = new Float64Array(rows).fill(Infinity);
  for (let c = 1; c < k; c++) {
    let sum = 0;
    for (let i = 0; i < rows; i++) {
      const d = Math.max(0, 1 - dot(unit, i * dim, centroids, (c - 1) * dim, dim));
      if (d < distance[i]) distance[i] = d;
      sum += distance[i];
    }
    let pick = rows - 1;
    let r = rng.nextFloat() * sum;
    for (let i = 0; i < rows; i++) {
      r -= distance[i];
      if (r < 0) {
        pick = i;
        break;
      }
    }
    centroids.set(unit.subarray(pick * dim, (pick + 1) * dim), c * dim);
  }
  return centroids;
}

/** each row to its most cosine-similar centroid; true when any row moved */
function assign(
  unit: Float32Array,
  rows: number,
  dim: number,
  centroids: Float32Array,
  k: number,
  labels: Uint8Array,
  best: Float64Array,
): boolean {
  let changed = false;
  for (let i = 0; i < rows; i++) {
    let label = 0;
    let score = -Infinity;
    for (let c = 0; c < k; c++) {
      const s = dot(unit, i * dim, centroids, c * dim, dim);
      if (s > score) {
        score = s;
        label = c;
      }
    }
    if (labels[i] !== label) changed = true;
    labels[i] = label;
    best[i] = score;
  }
  return changed;
}

/** each centroid the normalised mean of its rows; an empty cluster keeps its centroid */
function updateCentroids(
  unit: Float32Array,
  rows: number,
  dim: number,
  labels: Uint8Array,
  centroids: Float32Array,
  k: number,
): void {
  const sums = new Float64Array(k * dim);
  const counts = new Int32Array(k);
  for (let i = 0; i < rows; i++) {
    const c = labels[i];
    counts[c]++;
    for (let d = 0; d < dim; d++) sums[c * dim + d] += unit[i * dim + d];
  }
  for (let c = 0; c < k; c++) {
    if (counts[c] === 0) continue;
    let norm = 0;
    for (let d = 0; d < dim; d++) norm += sums[c * dim + d] ** 2;
    const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
    for (let d = 0; d < dim; d++) centroids[c * dim + d] = sums[c * dim + d] * inv;
  }
}

/** the `n` rows nearest each centroid, best first: names for the legend */
export function clusterExemplars(
  data: Float32Array,
  rows: number,
  dim: number,
  clusters: Clusters,
  n: number,
): number[][] {
  const k = clusters.centroids.length / dim;
  const unit = unitRows(data, rows, dim);
  const members: { row: number; score: number }[][] = Array.from({ length: k }, () => []);
  for (let i = 0; i < rows; i++) {
    const c = clusters.labels[i];
    members[c].push({ row: i, score: dot(unit, i * dim, clusters.centroids, c * dim, dim) });
  }
  return members.map((m) =>
    m
      .sort((a, b) => b.score - a.score || a.row - b.row)
      .slice(0, n)
      .map((x) => x.row),
  );
}
