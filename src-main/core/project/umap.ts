// UMAP (McInnes, Healy & Melville 2018) over flat typed arrays: the algorithm
// of umap-learn and umap-js (smooth kNN distances, the fuzzy union of the kNN
// graph, SGD with negative sampling on the edges by weight), with the kNN graph
// from ./knn.ts and a PCA start instead of a random one. The API has umap-js's
// shape: initializeFit() then step() per epoch, so a caller can stream epochs.
// Deterministic for a seed: every random draw comes from one seeded generator.
import { Xoshiro128 } from '../train/random.ts';
import { knnGraph, type KnnGraph, type Metric } from './knn.ts';
import { pca } from './pca.ts';

export interface UmapParams {
  dims: 2 | 3;
  /** the size of the local neighbourhood, the row itself counted (as umap-learn's n_neighbors) */
  neighbors: number;
  minDist: number;
  metric: Metric;
  seed: number;
  /** SGD epochs; default as umap-js: 500 up to 2,500 rows, 400 up to 5,000, 300 up to 7,500, else 200 */
  epochs?: number;
  spread?: number;
  learningRate?: number;
  negativeSampleRate?: number;
  repulsionStrength?: number;
  /** 'pca' (default) or 'random' (uniform in [-10, 10], as umap-js) */
  init?: 'pca' | 'random';
}

export interface UmapFitOptions {
  /** a kNN graph computed already (k = neighbors - 1 others, or more: the first are used) */
  knn?: KnnGraph;
  signal?: AbortSignal;
  /** progress of the kNN search, 0..1 */
  onKnnProgress?: (fraction: number) => void;
  /** multiply-adds an exact kNN search may cost before NN-descent is used */
  exactBudget?: number;
}

const SMOOTH_K_TOLERANCE = 1e-5;
const MIN_K_DIST_SCALE = 1e-3;
const CLIP = 4;

export function defaultEpochs(rows: number): number {
  return rows <= 2500 ? 500 : rows <= 5000 ? 400 : rows <= 7500 ? 300 : 200;
}

export class Umap {
  readonly params: Required<UmapParams>;
  /** rows * dims, row-major; the layout as it stands after the last step */
  embedding: Float64Array = new Float64Array(0);
  /** the kNN graph the layout was fitted on */
  knn: KnnGraph | null = null;
  rows = 0;
  private epoch = 0;
  private epochs = 0;
  // edges of the fuzzy graph, both directions, and their sampling schedule
  private head = new Int32Array(0);
  private tail = new Int32Array(0);
  private epochsPerSample = new Float64Array(0);
  private epochOfNextSample = new Float64Array(0);
  private epochOfNextNegativeSample = new Float64Array(0);
  private random: Xoshiro128;
  private table: GradientTable | null = null;

  constructor(params: UmapParams) {
    if (params.dims !== 2 && params.dims !== 3) throw new RangeError(`umap: dims must be 2 or 3, got ${params.dims}`);
    if (!Number.isInteger(params.neighbors) || params.neighbors < 2)
      throw new RangeError(`umap: neighbors must be an integer of at least 2, got ${params.neighbors}`);
    if (!(params.minDist >= 0)) throw new RangeError(`umap: minDist must be 0 or more, got ${params.minDist}`);
    this.params = {
      epochs: 0,
      spread: 1,
      learningRate: 1,
      negativeSampleRate: 5,
      repulsionStrength: 1,
      init: 'pca',
      ...params,
    };
    if (!(this.params.spread > 0) || this.params.minDist > this.params.spread)
      throw new RangeError(`umap: minDist (${params.minDist}) must not exceed spread (${this.params.spread})`);
    this.random = new Xoshiro128(params.seed, 0x756d6170);
  }

  /** builds the graph and the starting layout; returns the number of epochs */
  initializeFit(data: Float32Array, rows: number, dim: number, opts: UmapFitOptions = {}): number {
    if (data.length !== rows * dim)
      throw new RangeError(`umap: ${rows} x ${dim} needs ${rows * dim} floats, got ${data.length}`);
    const p = this.params;
    this.rows = rows;
    this.epochs = p.epochs > 0 ? p.epochs : defaultEpochs(rows);
    this.epoch = 0;
    const { a, b } = findAB(p.spread, p.minDist);
    this.table = new GradientTable(a, b, p.repulsionStrength);
    if (rows <= 2) {
      // nothing to lay out: one point at the origin, two a unit apart
      this.embedding = new Float64Array(rows * p.dims);
      if (rows === 2) this.embedding[p.dims] = 1;
      this.epochs = 0;
      return 0;
    }
    const others = Math.min(p.neighbors - 1, rows - 1);
    const knn =
      opts.knn && opts.knn.rows === rows && opts.knn.k >= others
        ? opts.knn
        : knnGraph(data, rows, dim, others, p.metric, {
            seed: p.seed,
            signal: opts.signal,
            onProgress: opts.onKnnProgress,
            exactBudget: opts.exactBudget,
          });
    this.knn = knn;
    opts.signal?.throwIfAborted();
    const graph = fuzzySimplicialSet(knn, others, Math.min(p.neighbors, rows));
    this.setEdges(graph);
    this.embedding = p.init === 'pca' ? this.pcaStart(data, rows, dim) : this.randomStart(rows);
    return this.epochs;
  }

  get totalEpochs(): number {
    return this.epochs;
  }

  get currentEpoch(): number {
    return this.epoch;
  }

  /** one epoch of SGD; returns the epochs done */
  step(): number {
    if (this.epoch >= this.epochs) return this.epoch;
    if (this.params.dims === 2) this.epoch2();
    else this.epoch3();
    this.epoch++;
    return this.epoch;
  }

  /** the layout as float32, rows * dims */
  coords(): Float32Array {
    return Float32Array.from(this.embedding);
  }

  private setEdges(graph: SparseGraph): void {
    const { rows, cols, vals } = graph;
    let max = 0;
    for (let i = 0; i < vals.length; i++) if (vals[i] > max) max = vals[i];
    // as umap-learn: edges too weak to be sampled once in all epochs are dropped
    const floor = max / this.epochs;
    let m = 0;
    for (let i = 0; i < vals.length; i++) if (vals[i] >= floor && vals[i] > 0) m++;
    this.head = new Int32Array(m);
    this.tail = new Int32Array(m);
    this.epochsPerSample = new Float64Array(m);
    let e = 0;
    for (let i = 0; i < vals.length; i++) {
      if (!(vals[i] >= floor && vals[i] > 0)) continue;
      this.head[e] = rows[i];
      this.tail[e] = cols[i];
      this.epochsPerSample[e] = max / vals[i];
      e++;
    }
    this.epochOfNextSample = Float64Array.from(this.epochsPerSample);
    const nsr = this.params.negativeSampleRate;
    this.epochOfNextNegativeSample = this.epochsPerSample.map((x) => x / nsr);
  }

  /** PCA of the rows (unit rows for cosine), each axis scaled to [0, 10], plus a little noise to part duplicates */
  private pcaStart(data: Float32Array, rows: number, dim: number): Float64Array {
    const dims = this.params.dims;
    const x = this.params.metric === 'cosine' ? unitRows(data, rows, dim) : data;
    const out = new Float64Array(rows * dims);
    if (dim >= dims) {
      const { coords } = pca(x, rows, dim, dims);
      out.set(coords);
    } else {
      for (let r = 0; r < rows; r++) for (let c = 0; c < dim; c++) out[r * dims + c] = x[r * dim + c];
    }
    for (let c = 0; c < dims; c++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let r = 0; r < rows; r++) {
        const v = out[r * dims + c];
        if (v < lo) lo = v;
        if (v > hi) hi = v;
      }
      const scale = hi > lo ? 10 / (hi - lo) : 0;
      for (let r = 0; r < rows; r++) {
        out[r * dims + c] = (out[r * dims + c] - lo) * scale + (this.random.nextFloat() - 0.5) * 1e-4;
      }
    }
    return out;
  }

  private randomStart(rows: number): Float64Array {
    const out = new Float64Array(rows * this.params.dims);
    for (let i = 0; i < out.length; i++) out[i] = this.random.nextFloat() * 20 - 10;
    return out;
  }

  // One SGD epoch of umap-learn's optimize_layout_euclidean (move_other, clip 4,
  // no push for a negative sample on the same spot), written out per dims; the
  // gradient coefficients come from GradientTable.
  private epoch2(): void {
    const n = this.epoch;
    const emb = this.embedding;
    const { head, tail, epochsPerSample: eps, epochOfNextSample: next } = this;
    const nextNeg = this.epochOfNextNegativeSample;
    const nsr = this.params.negativeSampleRate;
    const alpha = this.params.learningRate * (1 - n / this.epochs);
    const table = this.table!;
    const rows = this.rows;
    const random = this.random;
    for (let e = 0; e < eps.length; e++) {
      if (next[e] > n) continue;
      const j = head[e] * 2;
      const k = tail[e] * 2;
      let cx = emb[j];
      let cy = emb[j + 1];
      let dx = cx - emb[k];
      let dy = cy - emb[k + 1];
      let d2 = dx * dx + dy * dy;
      if (d2 > 0) {
        const g = table.attract(d2);
        const gx = clip(g * dx) * alpha;
        const gy = clip(g * dy) * alpha;
        cx += gx;
        cy += gy;
        emb[k] -= gx;
        emb[k + 1] -= gy;
      }
      next[e] += eps[e];
      const epn = eps[e] / nsr;
      const negatives = Math.floor((n - nextNeg[e]) / epn);
      for (let p = 0; p < negatives; p++) {
        const o = Math.floor(random.nextFloat() * rows) * 2;
        if (o === j) continue; // itself (held in cx, cy meanwhile)
        dx = cx - emb[o];
        dy = cy - emb[o + 1];
        d2 = dx * dx + dy * dy;
        if (d2 > 0) {
          const g = table.repel(d2);
          cx += clip(g * dx) * alpha;
          cy += clip(g * dy) * alpha;
        }
      }
      emb[j] = cx;
      emb[j + 1] = cy;
      nextNeg[e] += negatives * epn;
    }
  }

  private epoch3(): void {
    const n = this.epoch;
    const emb = this.embedding;
    const { head, tail, epochsPerSample: eps, epochOfNextSample: next } = this;
    const nextNeg = this.epochOfNextNegativeSample;
    const nsr = this.params.negativeSampleRate;
    const alpha = this.params.learningRate * (1 - n / this.epochs);
    const table = this.table!;
    const rows = this.rows;
    const random = this.random;
    for (let e = 0; e < eps.length; e++) {
      if (next[e] > n) continue;
      const j = head[e] * 3;
      const k = tail[e] * 3;
      let cx = emb[j];
      let cy = emb[j + 1];
      let cz = emb[j + 2];
      let dx = cx - emb[k];
      let dy = cy - emb[k + 1];
      let dz = cz - emb[k + 2];
      let d2 = dx * dx + dy * dy + dz * dz;
      if (d2 > 0) {
        const g = table.attract(d2);
        const gx = clip(g * dx) * alpha;
        const gy = clip(g * dy) * alpha;
        const gz = clip(g * dz) * alpha;
        cx += gx;
        cy += gy;
        cz += gz;
        emb[k] -= gx;
        emb[k + 1] -= gy;
        emb[k + 2] -= gz;
      }
      next[e] += eps[e];
      const epn = eps[e] / nsr;
      const negatives = Math.floor((n - nextNeg[e]) / epn);
      for (let p = 0; p < negatives; p++) {
        const o = Math.floor(random.nextFloat() * rows) * 3;
        if (o === j) continue;
        dx = cx - emb[o];
        dy = cy - emb[o + 1];
        dz = cz - emb[o + 2];
        d2 = dx * dx + dy * dy + dz * dz;
        if (d2 > 0) {
          const g = table.repel(d2);
          cx += clip(g * dx) * alpha;
          cy += clip(g * dy) * alpha;
          cz += clip(g * dz) * alpha;
        }
      }
      emb[j] = cx;
      emb[j + 1] = cy;
      emb[j + 2] = cz;
      nextNeg[e] += negatives * epn;
    }
  }
}

// ---------- gradient coefficients ----------

/** scratch for reading a double's bits, allocated once */
const bits64 = new Float64Array(1);
const bits32 = new Uint32Array(bits64.buffer);
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/** knots per octave of d2: 2^7, so linear interpolation is within ~1e-5 relative */
const STEP_BITS = 7;
const MIN_OCTAVE = -40;
const MAX_OCTAVE = 40;
const KNOTS = (MAX_OCTAVE - MIN_OCTAVE) << STEP_BITS;
/** the high word shifted so exponent and top mantissa bits form the knot index */
const KNOT_SHIFT = 20 - STEP_BITS;
const KNOT_BASE = (1023 + MIN_OCTAVE) << STEP_BITS;
const FRACTION_MASK = (1 << KNOT_SHIFT) - 1;

/**
 * The SGD's gradient coefficients as functions of the squared distance d2,
 * tabulated on knots spaced evenly within each octave (the double's exponent
 * and top mantissa bits are the index) and interpolated linearly: exp and log
 * (or pow) cost several times the rest of an update.
 *   attract(d2) = -2ab d2^(b-1) / (1 + a d2^b)
 *   repel(d2)   = 2 gamma b / ((0.001 + d2)(1 + a d2^b))
 */
export class GradientTable {
  private readonly attractKnots = new Float64Array(KNOTS + 1);
  private readonly repelKnots = new Float64Array(KNOTS + 1);

  constructor(
    private readonly a: number,
    private readonly b: number,
    private readonly gamma: number,
  ) {
    for (let t = 0; t <= KNOTS; t++) {
      const octave = MIN_OCTAVE + (t >> STEP_BITS);
      const d2 = 2 ** octave * (1 + (t & ((1 << STEP_BITS) - 1)) / (1 << STEP_BITS));
      this.attractKnots[t] = this.attractExact(d2);
      this.repelKnots[t] = this.repelExact(d2);
    }
  }

  attract(d2: number): number {
    bits64[0] = d2;
    const hi = bits32[HIGH];
    const t = (hi >>> KNOT_SHIFT) - KNOT_BASE;
    if (t < 0 || t >= KNOTS) return this.attractExact(d2);
    const f = (hi & FRACTION_MASK) / (FRACTION_MASK + 1);
    const y = this.attractKnots;
    return y[t] + (y[t + 1] - y[t]) * f;
  }

  repel(d2: number): number {
    bits64[0] = d2;
    const hi = bits32[HIGH];
    const t = (hi >>> KNOT_SHIFT) - KNOT_BASE;
    if (t < 0 || t >= KNOTS) return this.repelExact(d2);
    const f = (hi & FRACTION_MASK) / (FRACTION_MASK + 1);
    const y = this.repelKnots;
    return y[t] + (y[t + 1] - y[t]) * f;
  }

  attractExact(d2: number): number {
    const pw = Math.exp((this.b - 1) * Math.log(d2));
    return (-2 * this.a * this.b * pw) / (this.a * pw * d2 + 1);
  }

  repelExact(d2: number): number {
    return (2 * this.gamma * this.b) / ((0.001 + d2) * (this.a * Math.exp(this.b * Math.log(d2)) + 1));
  }
}

export interface UmapRunOptions extends UmapFitOptions {
  /** called after every `frameEvery` epochs (and after the last) with the layout so far */
  onEpoch?: (epoch: number, epochs: number, umap: Umap) => void;
  frameEvery?: number;
}

/** fits and runs every epoch; checks the signal between epochs */
export function runUmap(
  data: Float32Array,
  rows: number,
  dim: number,
  params: UmapParams,
  opts: UmapRunOptions = {},
): Umap {
  const umap = new Umap(params);
  const epochs = umap.initializeFit(data, rows, dim, opts);
  const every = Math.max(1, opts.frameEvery ?? 1);
  for (let e = 1; e <= epochs; e++) {
    opts.signal?.throwIfAborted();
    umap.step();
    if (e % every === 0 || e === epochs) opts.onEpoch?.(e, epochs, umap);
  }
  return umap;
}

// ---------- the fuzzy graph ----------

interface SparseGraph {
  rows: Int32Array;
  cols: Int32Array;
  vals: Float64Array;
}

/**
 * The fuzzy union of the kNN memberships, as umap-learn: per row rho (the
 * nearest non-zero distance) and sigma (so the memberships sum to log2(k)),
 * membership exp(-(d - rho) / sigma), then w + w' - w w' over both directions.
 * `others` neighbours per row are used; `k` counts the row itself, as umap-learn.
 */
export function fuzzySimplicialSet(knn: KnnGraph, others: number, k: number): SparseGraph {
  const n = knn.rows;
  const { sigmas, rhos } = smoothKnnDistance(knn, others, k);
  // directed memberships i -> j
  const dRows = new Int32Array(n * others);
  const dCols = new Int32Array(n * others);
  const dVals = new Float64Array(n * others);
  let m = 0;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < others; s++) {
      const j = knn.indices[i * knn.k + s];
      if (j < 0 || j === i) continue;
      const d = knn.distances[i * knn.k + s];
      const v = d - rhos[i] <= 0 || sigmas[i] === 0 ? 1 : Math.exp(-(d - rhos[i]) / sigmas[i]);
      dRows[m] = i;
      dCols[m] = j;
      dVals[m] = v;
      m++;
    }
  }
  // both directions, sorted by (row, col): a pair seen twice combines as w + w' - w w'
  const total = 2 * m;
  const counts = new Int32Array(n + 1);
  for (let e = 0; e < m; e++) {
    counts[dRows[e] + 1]++;
    counts[dCols[e] + 1]++;
  }
  for (let i = 0; i < n; i++) counts[i + 1] += counts[i];
  const fill = counts.slice(0, n);
  const cols = new Int32Array(total);
  const vals = new Float64Array(total);
  for (let e = 0; e < m; e++) {
    let at = fill[dRows[e]]++;
    cols[at] = dCols[e];
    vals[at] = dVals[e];
    at = fill[dCols[e]]++;
    cols[at] = dRows[e];
    vals[at] = dVals[e];
  }
  const outRows = new Int32Array(total);
  const outCols = new Int32Array(total);
  const outVals = new Float64Array(total);
  let w = 0;
  const order: number[] = [];
  for (let i = 0; i < n; i++) {
    order.length = 0;
    for (let p = counts[i]; p < counts[i + 1]; p++) order.push(p);
    order.sort((x, y) => cols[x] - cols[y]);
    for (let q = 0; q < order.length; q++) {
      const c = cols[order[q]];
      let v = vals[order[q]];
      if (q + 1 < order.length && cols[order[q + 1]] === c) {
        const v2 = vals[order[++q]];
        v = v + v2 - v * v2;
      }
      outRows[w] = i;
      outCols[w] = c;
      outVals[w] = v;
      w++;
    }
  }
  return { rows: outRows.subarray(0, w), cols: outCols.subarray(0, w), vals: outVals.subarray(0, w) };
}

/** umap-learn's smooth_knn_dist with local_connectivity 1, bandwidth 1, over `others` neighbours */
function smoothKnnDistance(knn: KnnGraph, others: number, k: number): { sigmas: Float64Array; rhos: Float64Array } {
  const n = knn.rows;
  const target = Math.log2(k);
  const sigmas = new Float64Array(n);
  const rhos = new Float64Array(n);
  let meanAll = 0;
  let counted = 0;
  for (let i = 0; i < n; i++) {
    for (let s = 0; s < others; s++) {
      const d = knn.distances[i * knn.k + s];
      if (Number.isFinite(d)) {
        meanAll += d;
        counted++;
      }
    }
  }
  meanAll = counted ? meanAll / counted : 0;
  for (let i = 0; i < n; i++) {
    const base = i * knn.k;
    let rho = 0;
    let sum = 0;
    let finite = 0;
    for (let s = 0; s < others; s++) {
      const d = knn.distances[base + s];
      if (!Number.isFinite(d)) continue;
      sum += d;
      finite++;
      if (rho === 0 && d > 0) rho = d;
    }
    rhos[i] = rho;
    let lo = 0;
    let hi = Infinity;
    let mid = 1;
    for (let it = 0; it < 64; it++) {
      let psum = 0;
      for (let s = 0; s < others; s++) {
        const d = knn.distances[base + s];
        if (!Number.isFinite(d)) continue;
        const r = d - rho;
        psum += r > 0 ? Math.exp(-r / mid) : 1;
      }
      if (Math.abs(psum - target) < SMOOTH_K_TOLERANCE) break;
      if (psum > target) {
        hi = mid;
        mid = (lo + hi) / 2;
      } else {
        lo = mid;
        mid = hi === Infinity ? mid * 2 : (lo + hi) / 2;
      }
    }
    // the row itself is the first of umap-learn's k columns, at distance 0
    const meanRow = finite ? sum / (finite + 1) : 0;
    const floor = MIN_K_DIST_SCALE * (rho > 0 ? meanRow : meanAll);
    sigmas[i] = Math.max(mid, floor);
  }
  return { sigmas, rhos };
}

// ---------- the curve 1 / (1 + a d^2b) ----------

/**
 * a and b of the curve 1 / (1 + a x^(2b)) that best fits (least squares) 1 for
 * x < minDist and exp(-(x - minDist) / spread) beyond, on 300 points in
 * [0, 3 spread], as umap-learn's find_ab_params (scipy curve_fit).
 */
export function findAB(spread: number, minDist: number): { a: number; b: number } {
  const xs: number[] = [];
  const ys: number[] = [];
  for (let i = 0; i < 300; i++) {
    const x = (3 * spread * i) / 299;
    xs.push(x);
    ys.push(x < minDist ? 1 : Math.exp(-(x - minDist) / spread));
  }
  // Levenberg-Marquardt on (a, b) from (1, 1)
  let a = 1;
  let b = 1;
  let lambda = 1e-3;
  const residual = (pa: number, pb: number): number => {
    let s = 0;
    for (let i = 0; i < xs.length; i++) {
      const r = 1 / (1 + pa * Math.pow(xs[i], 2 * pb)) - ys[i];
      s += r * r;
    }
    return s;
  };
  let cost = residual(a, b);
  for (let it = 0; it < 200; it++) {
    let jaa = 0;
    let jab = 0;
    let jbb = 0;
    let ga = 0;
    let gb = 0;
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i];
      if (x === 0) continue; // f = 1 there whatever a and b
      const p = Math.pow(x, 2 * b);
      const f = 1 / (1 + a * p);
      const r = f - ys[i];
      const da = -p * f * f;
      const db = -a * p * 2 * Math.log(x) * f * f;
      jaa += da * da;
      jab += da * db;
      jbb += db * db;
      ga += da * r;
      gb += db * r;
    }
    let improved = false;
    for (let tries = 0; tries < 20 && !improved; tries++) {
      const m00 = jaa * (1 + lambda);
      const m11 = jbb * (1 + lambda);
      const det = m00 * m11 - jab * jab;
      if (det === 0) break;
      const sa = -(m11 * ga - jab * gb) / det;
      const sb = -(m00 * gb - jab * ga) / det;
      const na = a + sa;
      const nb = b + sb;
      const c = na > 0 && nb > 0 ? residual(na, nb) : Infinity;
      if (c < cost) {
        const done = Math.abs(cost - c) < 1e-15 * Math.max(1, cost);
        a = na;
        b = nb;
        cost = c;
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (done) return { a, b };
      } else {
        lambda *= 10;
      }
    }
    if (!improved) break;
  }
  return { a, b };
}

function clip(x: number): number {
  return x > CLIP ? CLIP : x < -CLIP ? -CLIP : x;
}

function unitRows(data: Float32Array, rows: number, dim: number): Float32Array {
  const out = new Float32Array(rows * dim);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < dim; c++) s += data[r * dim + c] * data[r * dim + c];
    const inv = s > 0 ? 1 / Math.sqrt(s) : 0;
    for (let c = 0; c < dim; c++) out[r * dim + c] = data[r * dim + c] * inv;
  }
  return out;
}
