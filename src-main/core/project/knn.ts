// k nearest neighbours of every row, for UMAP's graph and for the map's
// faithfulness: exact (blocked, each pair once) when that is cheap, otherwise
// NN-descent (Dong et al. 2011, as pynndescent) started from a random-projection
// forest. Cosine distance is 1 - dot of unit rows; euclidean is the L2 distance.
// Rows are flat Float32Arrays (rows x dim, row-major); every loop is over
// typed arrays with the scratch allocated once.
import { Xoshiro128 } from '../train/random.ts';

export type Metric = 'cosine' | 'euclidean';

export interface KnnGraph {
  rows: number;
  /** neighbours per row, the row itself not counted */
  k: number;
  /** rows * k neighbour indices, nearest first; -1 where a row has fewer than k others */
  indices: Int32Array;
  /** rows * k distances in the metric, ascending */
  distances: Float32Array;
  /** true when these are the exact neighbours (ties aside), false when approximate */
  exact: boolean;
}

export interface KnnOptions {
  seed?: number;
  /** multiply-adds an exact search may cost before NN-descent is used instead */
  exactBudget?: number;
  /** called now and then with a fraction 0..1 of the work done */
  onProgress?: (fraction: number) => void;
  /** checked between iterations; throws its reason when aborted */
  signal?: AbortSignal;
  /** NN-descent: random-projection trees to start from (default grows with sqrt(rows)) */
  trees?: number;
  /** NN-descent: neighbours sampled per row for each local join (default max(k, 15), at most 60) */
  maxCandidates?: number;
}

/** multiply-adds below which the exact search is used: ~1 s of plain JS */
export const EXACT_BUDGET = 1e9;

/**
 * Rows ready for distance work: cosine gets unit rows (a zero row stays zero,
 * at distance 1 from everything), euclidean the data itself.
 */
export function prepareRows(data: Float32Array, rows: number, dim: number, metric: Metric): Float32Array {
  checkShape(data, rows, dim);
  if (metric === 'euclidean') return data;
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    const o = r * dim;
    let s = 0;
    for (let c = 0; c < dim; c++) s += data[o + c] * data[o + c];
    if (s === 0) continue;
    const inv = 1 / Math.sqrt(s);
    for (let c = 0; c < dim; c++) out[o + c] = data[o + c] * inv;
  }
  return out;
}

/** the k nearest other rows of every row: exact when within the budget, else NN-descent */
export function knnGraph(
  data: Float32Array,
  rows: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: KnnOptions = {},
): KnnGraph {
  const prepared = prepareRows(data, rows, dim, metric);
  const budget = opts.exactBudget ?? EXACT_BUDGET;
  if ((rows * rows * dim) / 2 <= budget) return exactKnnPrepared(prepared, rows, dim, k, metric, opts);
  return nnDescentPrepared(prepared, rows, dim, k, metric, opts);
}

/** the exact k nearest other rows of every row, each pair computed once */
export function exactKnn(
  data: Float32Array,
  rows: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: KnnOptions = {},
): KnnGraph {
  return exactKnnPrepared(prepareRows(data, rows, dim, metric), rows, dim, k, metric, opts);
}

/** NN-descent from a random-projection forest; approximate, deterministic for a seed */
export function nnDescent(
  data: Float32Array,
  rows: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: KnnOptions = {},
): KnnGraph {
  return nnDescentPrepared(prepareRows(data, rows, dim, metric), rows, dim, k, metric, opts);
}

/**
 * The exact k nearest of the query rows (indices into data) among all rows,
 * the query itself excluded. For checking a graph, or a recall on a sample.
 */
export function exactKnnOf(
  data: Float32Array,
  rows: number,
  dim: number,
  k: number,
  metric: Metric,
  queries: ArrayLike<number>,
): KnnGraph {
  const x = prepareRows(data, rows, dim, metric);
  const kk = clampK(k, rows);
  const heap = new NeighborHeaps(queries.length, kk);
  const cosine = metric === 'cosine';
  for (let q = 0; q < queries.length; q++) {
    const i = queries[q];
    const a = i * dim;
    for (let j = 0; j < rows; j++) {
      if (j === i) continue;
      const d = cosine ? 1 - dot(x, a, j * dim, dim) : squaredDistance(x, a, j * dim, dim);
      if (d < heap.dist[q * kk]) heap.push(q, j, d, 0);
    }
  }
  return heap.toGraph(queries.length, metric, true);
}

// ---------- exact ----------

const BLOCK = 64;

function exactKnnPrepared(
  x: Float32Array,
  rows: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: KnnOptions,
): KnnGraph {
  const kk = clampK(k, rows);
  const heap = new NeighborHeaps(rows, kk);
  const cosine = metric === 'cosine';
  const dist = heap.dist;
  // blocks of rows against blocks of rows (upper triangle), so both stay in cache
  for (let ib = 0; ib < rows; ib += BLOCK) {
    opts.signal?.throwIfAborted();
    const iEnd = Math.min(rows, ib + BLOCK);
    for (let jb = ib; jb < rows; jb += BLOCK) {
      const jEnd = Math.min(rows, jb + BLOCK);
      for (let i = ib; i < iEnd; i++) {
        const a = i * dim;
        const top = i * kk;
        for (let j = jb === ib ? i + 1 : jb; j < jEnd; j++) {
          const d = cosine ? 1 - dot(x, a, j * dim, dim) : squaredDistance(x, a, j * dim, dim);
          if (d < dist[top]) heap.push(i, j, d, 0);
          if (d < dist[j * kk]) heap.push(j, i, d, 0);
        }
      }
    }
    opts.onProgress?.(1 - ((rows - iEnd) / rows) ** 2);
  }
  return heap.toGraph(rows, metric, true);
}

// ---------- NN-descent ----------

/** stop when an iteration improves fewer than this fraction of the n * k entries */
const DELTA = 0.001;

function nnDescentPrepared(
  x: Float32Array,
  rows: number,
  dim: number,
  k: number,
  metric: Metric,
  opts: KnnOptions,
): KnnGraph {
  const kk = clampK(k, rows);
  const random = new Xoshiro128(opts.seed ?? 1, 0x6b6e6e);
  const heap = new NeighborHeaps(rows, kk);
  const cosine = metric === 'cosine';
  const distance = (i: number, j: number): number =>
    cosine ? 1 - dot(x, i * dim, j * dim, dim) : squaredDistance(x, i * dim, j * dim, dim);

  // 1. leaves of a few random-projection trees: rows that are close fall together
  const trees = opts.trees ?? Math.min(32, 2 + Math.round(Math.sqrt(rows) / 40));
  const leafSize = Math.max(10, kk + 1);
  const order = new Int32Array(rows);
  for (let t = 0; t < trees; t++) {
    opts.signal?.throwIfAborted();
    for (let i = 0; i < rows; i++) order[i] = i;
    forEachLeaf(x, dim, order, leafSize, cosine, random, (start, end) => {
      for (let a = start; a < end; a++) {
        const i = order[a];
        for (let b = a + 1; b < end; b++) {
          const j = order[b];
          const d = distance(i, j);
          if (d < heap.dist[i * kk]) heap.push(i, j, d, 1);
          if (d < heap.dist[j * kk]) heap.push(j, i, d, 1);
        }
      }
    });
  }
  // rows a leaf left short get random others
  for (let i = 0; i < rows; i++) {
    for (let tries = 0; heap.idx[i * kk] < 0 && tries < 4 * kk; tries++) {
      const j = random.nextUint32() % rows;
      if (j !== i) heap.push(i, j, distance(i, j), 1);
    }
  }

  // 2. local joins: a neighbour of a neighbour is likely a neighbour
  const maxCandidates = opts.maxCandidates ?? Math.min(60, Math.max(kk, 15));
  const fresh = new CandidateHeaps(rows, maxCandidates);
  const old = new CandidateHeaps(rows, maxCandidates);
  const iterations = Math.max(5, Math.round(Math.log2(rows)));
  for (let it = 0; it < iterations; it++) {
    opts.signal?.throwIfAborted();
    buildCandidates(heap, fresh, old, rows, kk, random);
    let updates = 0;
    const fi = fresh.idx;
    const oi = old.idx;
    const mc = maxCandidates;
    for (let i = 0; i < rows; i++) {
      const base = i * mc;
      for (let a = 0; a < mc; a++) {
        const p = fi[base + a];
        if (p < 0) continue;
        for (let b = a + 1; b < mc; b++) {
          const q = fi[base + b];
          if (q < 0) continue;
          const d = distance(p, q);
          if (d < heap.dist[p * kk]) updates += heap.push(p, q, d, 1);
          if (d < heap.dist[q * kk]) updates += heap.push(q, p, d, 1);
        }
        for (let b = 0; b < mc; b++) {
          const q = oi[base + b];
          if (q < 0 || q === p) continue;
          const d = distance(p, q);
          if (d < heap.dist[p * kk]) updates += heap.push(p, q, d, 1);
          if (d < heap.dist[q * kk]) updates += heap.push(q, p, d, 1);
        }
      }
    }
    opts.onProgress?.((it + 1) / iterations);
    if (updates <= DELTA * kk * rows) break;
  }
  opts.onProgress?.(1);
  return heap.toGraph(rows, metric, false);
}

/**
 * Splits order[] in place by random hyperplanes until parts hold at most
 * leafSize rows, calling leaf(start, end) for each part. Angular trees (unit
 * rows) split by the plane through the origin between two rows; euclidean by
 * their perpendicular bisector.
 */
function forEachLeaf(
  x: Float32Array,
  dim: number,
  order: Int32Array,
  leafSize: number,
  angular: boolean,
  random: Xoshiro128,
  leaf: (start: number, end: number) => void,
): void {
  const normal = new Float64Array(dim);
  const side = new Uint8Array(order.length);
  const right = new Int32Array(order.length);
  const stack: number[] = [0, order.length];
  while (stack.length) {
    const end = stack.pop()!;
    const start = stack.pop()!;
    const size = end - start;
    if (size <= leafSize) {
      leaf(start, end);
      continue;
    }
    const a = order[start + (random.nextUint32() % size)];
    let b = order[start + (random.nextUint32() % size)];
    for (let t = 0; b === a && t < 4; t++) b = order[start + (random.nextUint32() % size)];
    let offset = 0;
    for (let c = 0; c < dim; c++) {
      const xa = x[a * dim + c];
      const xb = x[b * dim + c];
      normal[c] = xa - xb;
      if (!angular) offset -= normal[c] * (xa + xb) * 0.5;
    }
    let left = 0;
    for (let p = start; p < end; p++) {
      const o = order[p] * dim;
      let s = offset;
      for (let c = 0; c < dim; c++) s += normal[c] * x[o + c];
      const goesLeft = s > 0 || (s === 0 && (random.nextUint32() & 1) === 0);
      side[p - start] = goesLeft ? 1 : 0;
      if (goesLeft) left++;
    }
    // a plane that cannot separate (duplicates): halve at random
    if (left === 0 || left === size) {
      left = 0;
      for (let p = 0; p < size; p++) {
        side[p] = random.nextUint32() & 1;
        left += side[p];
      }
      if (left === 0 || left === size) {
        left = size >> 1;
        for (let p = 0; p < size; p++) side[p] = p < left ? 1 : 0;
      }
    }
    // stable partition: left side first
    let w = start;
    let t = 0;
    for (let p = start; p < end; p++) {
      if (side[p - start]) order[w++] = order[p];
      else right[t++] = order[p];
    }
    order.set(right.subarray(0, t), w);
    stack.push(start, start + left, start + left, end);
  }
}

/**
 * For every row, a random sample (at most maxCandidates) of its new and old
 * neighbours, forward and reverse; sampled new entries become old.
 */
function buildCandidates(
  heap: NeighborHeaps,
  fresh: CandidateHeaps,
  old: CandidateHeaps,
  rows: number,
  k: number,
  random: Xoshiro128,
): void {
  fresh.clear();
  old.clear();
  const { idx, flag } = heap;
  for (let i = 0; i < rows; i++) {
    for (let s = i * k; s < i * k + k; s++) {
      const j = idx[s];
      if (j < 0) continue;
      const priority = random.nextUint32();
      const target = flag[s] ? fresh : old;
      target.push(i, j, priority);
      target.push(j, i, priority);
    }
  }
  for (let i = 0; i < rows; i++) {
    for (let s = i * k; s < i * k + k; s++) {
      if (flag[s] && fresh.contains(i, idx[s])) flag[s] = 0;
    }
  }
}

/** per-row bounded max-heaps of (distance, index, new-flag), flat */
class NeighborHeaps {
  readonly dist: Float32Array;
  readonly idx: Int32Array;
  readonly flag: Uint8Array;

  constructor(
    rows: number,
    readonly k: number,
  ) {
    this.dist = new Float32Array(rows * k).fill(Infinity);
    this.idx = new Int32Array(rows * k).fill(-1);
    this.flag = new Uint8Array(rows * k);
  }

  /** offers j to row i's heap; 1 if it went in, 0 if not closer than the worst or already there */
  push(i: number, j: number, d: number, isNew: number): number {
    const k = this.k;
    const base = i * k;
    const dist = this.dist;
    const idx = this.idx;
    if (!(d < dist[base])) return 0;
    for (let s = base; s < base + k; s++) if (idx[s] === j) return 0;
    // replace the root (the farthest) and sift down
    let pos = 0;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= k) break;
      const r = l + 1;
      let big = l;
      if (r < k && dist[base + r] > dist[base + l]) big = r;
      if (dist[base + big] <= d) break;
      dist[base + pos] = dist[base + big];
      idx[base + pos] = idx[base + big];
      this.flag[base + pos] = this.flag[base + big];
      pos = big;
    }
    dist[base + pos] = d;
    idx[base + pos] = j;
    this.flag[base + pos] = isNew;
    return 1;
  }

  /** sorted rows, distances in the metric (cosine 1 - dot clamped at 0, euclidean sqrt) */
  toGraph(rows: number, metric: Metric, exact: boolean): KnnGraph {
    const k = this.k;
    const indices = new Int32Array(rows * k);
    const distances = new Float32Array(rows * k);
    const order = new Int32Array(k);
    for (let i = 0; i < rows; i++) {
      const base = i * k;
      for (let s = 0; s < k; s++) order[s] = s;
      order.sort((a, b) => this.dist[base + a] - this.dist[base + b] || this.idx[base + a] - this.idx[base + b]);
      for (let s = 0; s < k; s++) {
        const from = base + order[s];
        const d = this.dist[from];
        indices[base + s] = this.idx[from];
        distances[base + s] =
          d === Infinity ? Infinity : metric === 'cosine' ? Math.max(0, d) : Math.sqrt(Math.max(0, d));
      }
    }
    return { rows, k, indices, distances, exact };
  }
}

/** per-row bounded max-heaps by random priority: a uniform sample of what was offered */
class CandidateHeaps {
  readonly idx: Int32Array;
  private readonly priority: Uint32Array;

  constructor(
    rows: number,
    readonly size: number,
  ) {
    this.idx = new Int32Array(rows * size).fill(-1);
    this.priority = new Uint32Array(rows * size).fill(0xffffffff);
  }

  clear(): void {
    this.idx.fill(-1);
    this.priority.fill(0xffffffff);
  }

  push(i: number, j: number, p: number): void {
    const m = this.size;
    const base = i * m;
    const pr = this.priority;
    const idx = this.idx;
    if (p >= pr[base]) return;
    for (let s = base; s < base + m; s++) if (idx[s] === j) return;
    let pos = 0;
    for (;;) {
      const l = 2 * pos + 1;
      if (l >= m) break;
      const r = l + 1;
      let big = l;
      if (r < m && pr[base + r] > pr[base + l]) big = r;
      if (pr[base + big] <= p) break;
      pr[base + pos] = pr[base + big];
      idx[base + pos] = idx[base + big];
      pos = big;
    }
    pr[base + pos] = p;
    idx[base + pos] = j;
  }

  contains(i: number, j: number): boolean {
    const base = i * this.size;
    for (let s = base; s < base + this.size; s++) if (this.idx[s] === j) return true;
    return false;
  }
}

// ---------- low-dimensional layouts ----------

/**
 * The exact k nearest other points of every point of a 2D or 3D layout, by a
 * k-d tree. Ties are broken by index.
 */
export function layoutKnn(coords: Float32Array, rows: number, dims: number, k: number): Int32Array {
  checkShape(coords, rows, dims);
  const kk = clampK(k, rows);
  const tree = new KdTree(coords, rows, dims);
  const out = new Int32Array(rows * kk).fill(-1);
  const dist = new Float64Array(kk);
  const idx = new Int32Array(kk);
  for (let i = 0; i < rows; i++) {
    tree.query(i, kk, dist, idx);
    // the heap holds the k nearest unordered: sort them by distance, then index
    const order = Array.from({ length: kk }, (_, s) => s).sort((a, b) => dist[a] - dist[b] || idx[a] - idx[b]);
    for (let s = 0; s < kk; s++) out[i * kk + s] = idx[order[s]];
  }
  return out;
}

const KD_LEAF = 8;

class KdTree {
  private readonly order: Int32Array;
  /** per node: start, end, split axis (-1: leaf), split value; children at 2n+1, 2n+2 */
  private readonly nodes: { start: number; end: number; axis: number; split: number }[] = [];
  private readonly children: number[][] = [];

  constructor(
    private readonly x: Float32Array,
    rows: number,
    private readonly dims: number,
  ) {
    this.order = Int32Array.from({ length: rows }, (_, i) => i);
    this.build(0, rows);
  }

  private build(start: number, end: number): number {
    const id = this.nodes.length;
    this.nodes.push({ start, end, axis: -1, split: 0 });
    this.children.push([]);
    if (end - start <= KD_LEAF) return id;
    // split the widest axis at the median
    let axis = 0;
    let widest = -1;
    for (let a = 0; a < this.dims; a++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let p = start; p < end; p++) {
        const v = this.x[this.order[p] * this.dims + a];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      if (hi - lo > widest) {
        widest = hi - lo;
        axis = a;
      }
    }
    if (!(widest > 0)) return id; // all points equal: one leaf
    const mid = (start + end) >> 1;
    this.select(start, end - 1, mid, axis);
    const node = this.nodes[id];
    node.axis = axis;
    node.split = this.x[this.order[mid] * this.dims + axis];
    this.children[id] = [this.build(start, mid), this.build(mid, end)];
    return id;
  }

  /** quickselect: order[mid] becomes the median along axis */
  private select(lo: number, hi: number, kth: number, axis: number): void {
    const o = this.order;
    const key = (p: number) => this.x[o[p] * this.dims + axis];
    while (hi > lo) {
      const pivot = key((lo + hi) >> 1);
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (key(i) < pivot) i++;
        while (key(j) > pivot) j--;
        if (i <= j) {
          const t = o[i];
          o[i] = o[j];
          o[j] = t;
          i++;
          j--;
        }
      }
      if (kth <= j) hi = j;
      else if (kth >= i) lo = i;
      else return;
    }
  }

  /** fills dist/idx with a max-heap of the k nearest others of point q */
  query(q: number, k: number, dist: Float64Array, idx: Int32Array): void {
    dist.fill(Infinity);
    idx.fill(-1);
    const d = this.dims;
    const qx = this.x[q * d];
    const qy = this.x[q * d + 1];
    const qz = d > 2 ? this.x[q * d + 2] : 0;
    const stack: number[] = [0];
    const bound: number[] = [0];
    while (stack.length) {
      const id = stack.pop()!;
      const lower = bound.pop()!;
      if (lower >= dist[0]) continue;
      const node = this.nodes[id];
      if (node.axis < 0) {
        for (let p = node.start; p < node.end; p++) {
          const j = this.order[p];
          if (j === q) continue;
          const dx = this.x[j * d] - qx;
          const dy = this.x[j * d + 1] - qy;
          const dz = d > 2 ? this.x[j * d + 2] - qz : 0;
          const s = dx * dx + dy * dy + dz * dz;
          if (s < dist[0] || (s === dist[0] && idx[0] > j)) siftIn(dist, idx, k, s, j);
        }
        continue;
      }
      const diff = (node.axis === 0 ? qx : node.axis === 1 ? qy : qz) - node.split;
      const [near, far] = diff < 0 ? this.children[id] : [this.children[id][1], this.children[id][0]];
      stack.push(far, near);
      bound.push(Math.max(lower, diff * diff), lower);
    }
  }
}

/** replaces the root of a max-heap (by distance, then index) and sifts down */
function siftIn(dist: Float64Array, idx: Int32Array, k: number, d: number, j: number): void {
  let pos = 0;
  for (;;) {
    const l = 2 * pos + 1;
    if (l >= k) break;
    const r = l + 1;
    let big = l;
    if (r < k && (dist[r] > dist[l] || (dist[r] === dist[l] && idx[r] > idx[l]))) big = r;
    if (dist[big] < d || (dist[big] === d && idx[big] < j)) break;
    dist[pos] = dist[big];
    idx[pos] = idx[big];
    pos = big;
  }
  dist[pos] = d;
  idx[pos] = j;
}

// ---------- kernels ----------

export function dot(x: Float32Array, a: number, b: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let c = 0;
  for (; c + 3 < dim; c += 4) {
    s0 += x[a + c] * x[b + c];
    s1 += x[a + c + 1] * x[b + c + 1];
    s2 += x[a + c + 2] * x[b + c + 2];
    s3 += x[a + c + 3] * x[b + c + 3];
  }
  for (; c < dim; c++) s0 += x[a + c] * x[b + c];
  return s0 + s1 + s2 + s3;
}

export function squaredDistance(x: Float32Array, a: number, b: number, dim: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let c = 0;
  for (; c + 3 < dim; c += 4) {
    const d0 = x[a + c] - x[b + c];
    const d1 = x[a + c + 1] - x[b + c + 1];
    const d2 = x[a + c + 2] - x[b + c + 2];
    const d3 = x[a + c + 3] - x[b + c + 3];
    s0 += d0 * d0;
    s1 += d1 * d1;
    s2 += d2 * d2;
    s3 += d3 * d3;
  }
  for (; c < dim; c++) {
    const d = x[a + c] - x[b + c];
    s0 += d * d;
  }
  return s0 + s1 + s2 + s3;
}

function clampK(k: number, rows: number): number {
  if (!Number.isInteger(k) || k < 1) throw new RangeError(`knn: k must be a positive integer, got ${k}`);
  return Math.max(1, Math.min(k, rows - 1));
}

function checkShape(data: Float32Array, rows: number, dim: number): void {
  if (!Number.isInteger(rows) || rows < 2 || !Number.isInteger(dim) || dim < 1) {
    throw new RangeError(`knn: needs at least 2 rows of at least 1 dimension, got ${rows} x ${dim}`);
  }
  if (data.length !== rows * dim)
    throw new RangeError(`knn: ${rows} x ${dim} needs ${rows * dim} floats, got ${data.length}`);
}
