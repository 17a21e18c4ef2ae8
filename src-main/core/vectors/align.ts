// Two runs in one space: orthogonal Procrustes alignment of B onto A over the
// words they share (Schönemann 1966; as Hamilton et al. 2016 align embeddings
// of different decades): W = argmin ‖B W − A‖_F over orthogonal W, which is
// U Vᵀ from the SVD of Bᵀ A (svd.ts). A rotation (or reflection) keeps every
// cosine within B, so B's neighbourhoods are unchanged; only where its words
// sit relative to A's changes.
//
// Normalisation: Hamilton et al. unit-normalise the rows; we also mean-centre
// and unit-normalise again, the "unit, centre, unit" of Artetxe et al. 2018
// (VecMap), so a common offset of all the words (a frequency direction, which
// word2vec runs have) does not pull the rotation. Each side's mean is taken over
// the words the rotation is fitted on and subtracted from every shared word.
// `center: false` gives Hamilton et al.'s unit vectors alone.
//
// Reported: per shared word, the cosine distance 1 − cos(a, b W) between its
// normalised vector in A and its aligned vector from B ("how far it moved");
// the residual is the mean of that distance over all shared words (and over
// the fitted ones: what the fit minimised, in other terms).
//
// Work: the fit is fitted × dim² multiply-adds for Bᵀ A plus the SVD
// (svd.ts, ~17 dim³); the distances are shared × dim² for B W. Both products
// are blocked (addProductTransposed): a block of normalised rows in Float64,
// 4 × 4 tiles of sums kept in locals over contiguous inner loops, so each
// value loaded feeds four multiply-adds and the output is touched once per
// block, not once per word. Measured at 10,000 words × 768 dimensions on one
// core: Bᵀ A ~9.6 s → 2.8 s, the distances ~4.9 s → 2.4 s, with the SVD's
// ~3 s the whole alignment 17.5 s → 8.9 s.
import { ParamError } from '../errors.ts';
import { nearestOrthogonal } from './svd.ts';
import { pca } from '../project/pca.ts';

/** rows of vectors: rows × dim floats, row-major */
export interface Rows {
  readonly dim: number;
  readonly data: Float32Array;
}

/** the part of a VectorSet alignment reads: rows in frequency order, most frequent first */
export interface Vectors extends Rows {
  readonly words: readonly string[];
}

export interface AlignOptions {
  /** fit on the first this many shared words (in A's order, so the most frequent); default all */
  fitWords?: number;
  /** mean-centre between the two unit-normalisations; default true */
  center?: boolean;
  signal?: AbortSignal;
}

/** an alignment of rows paired by index (rowsA[i] with rowsB[i]); no words needed, so a worker can make it */
export interface AlignedSpace {
  dim: number;
  /** each shared word's row in A and in B */
  rowsA: Int32Array;
  rowsB: Int32Array;
  /** how many of the first shared words the rotation was fitted on */
  fitted: number;
  center: boolean;
  /** the dim × dim orthogonal W, row-major: a normalised row b of B maps to b W */
  rotation: Float64Array;
  /** the means subtracted (over the fitted words, after the first unit-normalisation); zeros without centring */
  meanA: Float64Array;
  meanB: Float64Array;
  /** per shared word, 1 − cos(a, b W), in [0, 2] */
  distances: Float32Array;
  /** mean distance over all shared words */
  residual: number;
  /** mean distance over the fitted words */
  fitResidual: number;
}

export interface Alignment extends AlignedSpace {
  /** the shared words, in A's order */
  words: string[];
}

/** rows per block, for Bᵀ A and for B W: a few block × dim float64s of scratch */
const BLOCK_ROWS = 64;
/** the register tile of addProductTransposed: matrices are padded to whole tiles with zeros */
const TILE = 4;

/** orthogonal Procrustes of B onto A over their shared words; see the header for the normalisation */
export function alignVectors(a: Vectors, b: Vectors, options: AlignOptions = {}): Alignment {
  if (a.dim !== b.dim) {
    throw new ParamError(
      `cannot align vectors of different sizes: the first has ${a.dim} dimensions, the second ${b.dim}`,
    );
  }
  const { words, rowsA, rowsB } = sharedRows(a, b);
  if (words.length < 2) throw new ParamError(`the two runs share ${words.length} word(s); alignment needs at least 2`);
  return { ...alignRows(a, b, rowsA, rowsB, options), words };
}

/** orthogonal Procrustes of B's rows onto A's, rowsA[i] paired with rowsB[i], the first ones the most frequent */
export function alignRows(
  a: Rows,
  b: Rows,
  rowsA: Int32Array,
  rowsB: Int32Array,
  options: AlignOptions = {},
): AlignedSpace {
  const dim = a.dim;
  if (b.dim !== dim || rowsA.length !== rowsB.length || rowsA.length < 2) {
    throw new RangeError(`alignRows: ${rowsA.length} and ${rowsB.length} rows of ${dim} and ${b.dim} dimensions`);
  }
  const shared = rowsA.length;
  const fitWords = options.fitWords ?? shared;
  if (!Number.isInteger(fitWords) || fitWords < 2)
    throw new ParamError(`fit words must be a whole number ≥ 2, got ${fitWords}`);
  const fitted = Math.min(fitWords, shared);
  const center = options.center ?? true;

  const meanA = center ? unitMean(a, rowsA, fitted) : new Float64Array(dim);
  const meanB = center ? unitMean(b, rowsB, fitted) : new Float64Array(dim);
  options.signal?.throwIfAborted();

  const m = crossCovariance(a, b, rowsA, rowsB, fitted, meanA, meanB, options.signal);
  const rotation = nearestOrthogonal(m, dim);

  const distances = new Float32Array(shared);
  movedDistances(a, b, rowsA, rowsB, meanA, meanB, rotation, distances, options.signal);
  let sum = 0;
  let fitSum = 0;
  for (let i = 0; i < shared; i++) {
    sum += distances[i];
    if (i < fitted) fitSum += distances[i];
  }
  return {
    dim,
    rowsA,
    rowsB,
    fitted,
    center,
    rotation,
    meanA,
    meanB,
    distances,
    residual: sum / shared,
    fitResidual: fitSum / fitted,
  };
}

/** the shared words, farthest moved first (ties: the more frequent first), at most `limit` */
export function mostMoved(
  words: readonly string[],
  distances: Float32Array,
  limit = words.length,
): { word: string; distance: number }[] {
  const order = Array.from({ length: words.length }, (_, i) => i);
  order.sort((i, j) => distances[j] - distances[i] || i - j);
  return order.slice(0, Math.max(0, limit)).map((i) => ({ word: words[i], distance: distances[i] }));
}

/**
 * The normalised vectors in A and the aligned vectors from B (b W) of the
 * first `count` shared words, each count × dim, row-major: the points of an
 * aligned map.
 */
export function alignedRows(a: Rows, b: Rows, al: AlignedSpace, count: number): { a: Float32Array; b: Float32Array } {
  const n = Math.min(count, al.rowsA.length);
  const dim = al.dim;
  const outA = new Float32Array(n * dim);
  const outB = new Float32Array(n * dim);
  const ra = new Float64Array(dim);
  const rotate = new BlockRotation(al.rotation, dim);
  for (let start = 0; start < n; start += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, n - start);
    const rotated = rotate.rows(b, al.rowsB, start, rows, al.meanB);
    for (let i = 0; i < rows; i++) {
      normalised(a, al.rowsA[start + i], al.meanA, ra);
      const o = (start + i) * dim;
      outA.set(ra, o);
      outB.set(rotated.subarray(i * rotate.stride, i * rotate.stride + dim), o);
    }
  }
  return { a: outA, b: outB };
}

/**
 * The aligned map of the first `count` shared words: one 3D PCA fitted on A's
 * rows and B's aligned rows together, so both sets of points are in the same
 * basis and a line from a word in A to the same word in B shows how far it
 * moved. count × 3 coordinates each; fewer than 3 dimensions: the vectors, padded.
 */
export function alignedMap(
  a: Rows,
  b: Rows,
  al: AlignedSpace,
  count: number,
): { a: Float32Array; b: Float32Array; explained: number[] } {
  const rows = alignedRows(a, b, al, count);
  const n = rows.a.length / al.dim;
  const dim = al.dim;
  const stacked = new Float32Array(2 * n * dim);
  stacked.set(rows.a);
  stacked.set(rows.b, n * dim);
  if (dim < 3 || n === 0) {
    const coords = new Float32Array(2 * n * 3);
    for (let i = 0; i < 2 * n; i++) for (let c = 0; c < dim; c++) coords[i * 3 + c] = stacked[i * dim + c];
    return { a: coords.slice(0, n * 3), b: coords.slice(n * 3), explained: [] };
  }
  const { coords, explained } = pca(stacked, 2 * n, dim, 3);
  return { a: coords.slice(0, n * 3), b: coords.slice(n * 3), explained };
}

/** words in both sets, in A's row order; a word repeated in a set counts at its first row */
export function sharedRows(a: Vectors, b: Vectors): { words: string[]; rowsA: Int32Array; rowsB: Int32Array } {
  const inB = new Map<string, number>();
  b.words.forEach((w, row) => {
    if (!inB.has(w)) inB.set(w, row);
  });
  const words: string[] = [];
  const ra: number[] = [];
  const rb: number[] = [];
  const seen = new Set<string>();
  a.words.forEach((w, row) => {
    const other = inB.get(w);
    if (other === undefined || seen.has(w)) return;
    seen.add(w);
    words.push(w);
    ra.push(row);
    rb.push(other);
  });
  return { words, rowsA: Int32Array.from(ra), rowsB: Int32Array.from(rb) };
}

/** the mean of the unit rows of the first `count` listed rows */
function unitMean(set: Rows, rows: Int32Array, count: number): Float64Array {
  const dim = set.dim;
  const mean = new Float64Array(dim);
  const zero = new Float64Array(dim);
  const row = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    unitRow(set, rows[i], zero, row);
    for (let k = 0; k < dim; k++) mean[k] += row[k];
  }
  for (let k = 0; k < dim; k++) mean[k] /= count;
  return mean;
}

/** out = unit(unit(row) − mean): a zero row, or one equal to the mean, stays zero */
function normalised(set: Rows, row: number, mean: Float64Array, out: Float64Array): void {
  unitRow(set, row, mean, out);
  let sq = 0;
  for (let k = 0; k < out.length; k++) sq += out[k] * out[k];
  const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let k = 0; k < out.length; k++) out[k] *= inv;
}

/** out = row / ‖row‖ − mean */
function unitRow(set: Rows, row: number, mean: Float64Array, out: Float64Array): void {
  const dim = set.dim;
  const o = row * dim;
  let sq = 0;
  for (let k = 0; k < dim; k++) sq += set.data[o + k] * set.data[o + k];
  const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  for (let k = 0; k < dim; k++) out[k] = set.data[o + k] * inv - mean[k];
}

/**
 * M = Bᵀ A (dim × dim, row-major) over the first `count` listed rows,
 * normalised: M[j][k] = Σ_i b_i[j] a_i[k]. Each block of rows is laid out
 * transposed (row j holds dimension j of every word in the block), so one
 * entry of M is a dot product of two contiguous rows.
 */
export function crossCovariance(
  a: Rows,
  b: Rows,
  rowsA: Int32Array,
  rowsB: Int32Array,
  count: number,
  meanA: Float64Array,
  meanB: Float64Array,
  signal?: AbortSignal,
): Float64Array {
  const dim = a.dim;
  const padded = roundUp(dim, TILE);
  const at = new Float64Array(padded * BLOCK_ROWS);
  const bt = new Float64Array(padded * BLOCK_ROWS);
  const ra = new Float64Array(dim);
  const rb = new Float64Array(dim);
  const m = new Float64Array(padded * padded);
  for (let start = 0; start < count; start += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, count - start);
    for (let i = 0; i < rows; i++) {
      normalised(a, rowsA[start + i], meanA, ra);
      normalised(b, rowsB[start + i], meanB, rb);
      for (let j = 0; j < dim; j++) {
        at[j * rows + i] = ra[j];
        bt[j * rows + i] = rb[j];
      }
    }
    // rows past dim hold what an earlier block left: they reach only the padding of M
    addProductTransposed(m, bt, padded, at, padded, rows);
    signal?.throwIfAborted();
  }
  return unpad(m, padded, dim);
}

/** W applied to blocks of normalised rows: W is kept transposed, so each output entry is a contiguous dot product */
class BlockRotation {
  /** the stride of a row of the output: dim, padded to whole tiles */
  readonly stride: number;
  private readonly wt: Float64Array;
  private readonly block: Float64Array;
  private readonly out: Float64Array;

  constructor(
    w: Float64Array,
    private readonly dim: number,
  ) {
    this.stride = roundUp(dim, TILE);
    // row k of wt is column k of W; rows past dim stay zero
    this.wt = new Float64Array(this.stride * dim);
    for (let j = 0; j < dim; j++) for (let k = 0; k < dim; k++) this.wt[k * dim + j] = w[j * dim + k];
    this.block = new Float64Array(BLOCK_ROWS * dim);
    this.out = new Float64Array(BLOCK_ROWS * this.stride);
  }

  /** rows × stride: the normalised rows listed[start..start+rows) of set, times W (rows ≤ BLOCK_ROWS); reused by the next call */
  rows(set: Rows, listed: Int32Array, start: number, rows: number, mean: Float64Array): Float64Array {
    const dim = this.dim;
    const tiled = roundUp(rows, TILE);
    for (let i = 0; i < rows; i++)
      normalised(set, listed[start + i], mean, this.block.subarray(i * dim, (i + 1) * dim));
    // rows past `rows` (and wt's past dim) reach only the padding of out
    this.out.fill(0, 0, tiled * this.stride);
    addProductTransposed(this.out, this.block, tiled, this.wt, this.stride, dim);
    return this.out;
  }
}

/**
 * out[j][k] += x_j · y_k for the rows of x (xRows × len) and y (yRows × len),
 * out xRows × yRows, row-major; xRows and yRows whole tiles. A 4 × 4 tile of
 * sums lives in locals, so 8 loads feed 16 multiply-adds (about 4x the
 * one-row-at-a-time update, which loads and stores out on every one).
 */
function addProductTransposed(
  out: Float64Array,
  x: Float64Array,
  xRows: number,
  y: Float64Array,
  yRows: number,
  len: number,
): void {
  for (let j = 0; j < xRows; j += TILE) {
    const x0 = j * len;
    const x1 = x0 + len;
    const x2 = x1 + len;
    const x3 = x2 + len;
    for (let k = 0; k < yRows; k += TILE) {
      const y0 = k * len;
      const y1 = y0 + len;
      const y2 = y1 + len;
      const y3 = y2 + len;
      let s00 = 0,
        s01 = 0,
        s02 = 0,
        s03 = 0;
      let s10 = 0,
        s11 = 0,
        s12 = 0,
        s13 = 0;
      let s20 = 0,
        s21 = 0,
        s22 = 0,
        s23 = 0;
      let s30 = 0,
        s31 = 0,
        s32 = 0,
        s33 = 0;
      for (let p = 0; p < len; p++) {
        const a0 = x[x0 + p];
        const a1 = x[x1 + p];
        const a2 = x[x2 + p];
        const a3 = x[x3 + p];
        const b0 = y[y0 + p];
        const b1 = y[y1 + p];
        const b2 = y[y2 + p];
        const b3 = y[y3 + p];
        s00 += a0 * b0;
        s01 += a0 * b1;
        s02 += a0 * b2;
        s03 += a0 * b3;
        s10 += a1 * b0;
        s11 += a1 * b1;
        s12 += a1 * b2;
        s13 += a1 * b3;
        s20 += a2 * b0;
        s21 += a2 * b1;
        s22 += a2 * b2;
        s23 += a2 * b3;
        s30 += a3 * b0;
        s31 += a3 * b1;
        s32 += a3 * b2;
        s33 += a3 * b3;
      }
      const o0 = j * yRows + k;
      const o1 = o0 + yRows;
      const o2 = o1 + yRows;
      const o3 = o2 + yRows;
      out[o0] += s00;
      out[o0 + 1] += s01;
      out[o0 + 2] += s02;
      out[o0 + 3] += s03;
      out[o1] += s10;
      out[o1 + 1] += s11;
      out[o1 + 2] += s12;
      out[o1 + 3] += s13;
      out[o2] += s20;
      out[o2 + 1] += s21;
      out[o2 + 2] += s22;
      out[o2 + 3] += s23;
      out[o3] += s30;
      out[o3 + 1] += s31;
      out[o3 + 2] += s32;
      out[o3 + 3] += s33;
    }
  }
}

/**
 * distances[i] = 1 − a_i · (b_i W) / (‖a_i‖ ‖b_i W‖) for every shared word, a
 * block of B's rows rotated at a time.
 */
function movedDistances(
  a: Rows,
  b: Rows,
  rowsA: Int32Array,
  rowsB: Int32Array,
  meanA: Float64Array,
  meanB: Float64Array,
  w: Float64Array,
  distances: Float32Array,
  signal: AbortSignal | undefined,
): void {
  const dim = a.dim;
  const rotate = new BlockRotation(w, dim);
  const ra = new Float64Array(dim);
  for (let start = 0; start < rowsA.length; start += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, rowsA.length - start);
    const rotated = rotate.rows(b, rowsB, start, rows, meanB);
    for (let i = 0; i < rows; i++) {
      normalised(a, rowsA[start + i], meanA, ra);
      let dot = 0;
      let sqA = 0;
      let sqB = 0;
      for (let k = 0, o = i * rotate.stride; k < dim; k++) {
        dot += ra[k] * rotated[o + k];
        sqA += ra[k] * ra[k];
        sqB += rotated[o + k] * rotated[o + k];
      }
      // a zero row (or one at the mean) has no direction: as far as it can be from anything but zero
      distances[start + i] = sqA > 0 && sqB > 0 ? Math.max(0, 1 - dot / Math.sqrt(sqA * sqB)) : 1;
    }
    signal?.throwIfAborted();
  }
}

const roundUp = (n: number, step: number) => Math.ceil(n / step) * step;

/** the top-left dim × dim of a padded × padded matrix */
function unpad(m: Float64Array, padded: number, dim: number): Float64Array {
  if (padded === dim) return m;
  const out = new Float64Array(dim * dim);
  for (let j = 0; j < dim; j++) out.set(m.subarray(j * padded, j * padded + dim), j * dim);
  return out;
}
