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
// Work: the fit is fitted × dim² multiply-adds for Bᵀ A plus the SVD (about
// 2.5 dim³ per sweep); the distances are shared × dim², in blocks of rows.
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

/** rows per block when applying W: block × dim float64s of scratch */
const BLOCK_ROWS = 256;

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

  // M = Bᵀ A over the fitted words, on normalised rows
  const m = new Float64Array(dim * dim);
  const ra = new Float64Array(dim);
  const rb = new Float64Array(dim);
  for (let i = 0; i < fitted; i++) {
    normalised(a, rowsA[i], meanA, ra);
    normalised(b, rowsB[i], meanB, rb);
    for (let j = 0; j < dim; j++) {
      const x = rb[j];
      if (x === 0) continue;
      const row = j * dim;
      for (let k = 0; k < dim; k++) m[row + k] += x * ra[k];
    }
  }
  options.signal?.throwIfAborted();
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
  const rb = new Float64Array(dim);
  const rotated = new Float64Array(dim);
  for (let i = 0; i < n; i++) {
    normalised(a, al.rowsA[i], al.meanA, ra);
    normalised(b, al.rowsB[i], al.meanB, rb);
    multiplyRow(rb, al.rotation, dim, rotated);
    for (let k = 0; k < dim; k++) {
      outA[i * dim + k] = ra[k];
      outB[i * dim + k] = rotated[k];
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

/** out = row W (row a 1 × dim vector) */
function multiplyRow(row: Float64Array, w: Float64Array, dim: number, out: Float64Array): void {
  out.fill(0);
  for (let j = 0; j < dim; j++) {
    const x = row[j];
    if (x === 0) continue;
    const o = j * dim;
    for (let k = 0; k < dim; k++) out[k] += x * w[o + k];
  }
}

/**
 * distances[i] = 1 − a_i · (b_i W) for every shared word (both unit after
 * normalisation, and W keeps lengths), a block of B's rows at a time so W
 * stays in cache while it is applied.
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
  const blockB = new Float64Array(BLOCK_ROWS * dim);
  const rotated = new Float64Array(BLOCK_ROWS * dim);
  const ra = new Float64Array(dim);
  const rb = new Float64Array(dim);
  for (let start = 0; start < rowsA.length; start += BLOCK_ROWS) {
    const rows = Math.min(BLOCK_ROWS, rowsA.length - start);
    for (let i = 0; i < rows; i++) {
      normalised(b, rowsB[start + i], meanB, rb);
      blockB.set(rb, i * dim);
    }
    multiplyBlock(blockB, rows, w, dim, rotated);
    for (let i = 0; i < rows; i++) {
      normalised(a, rowsA[start + i], meanA, ra);
      let dot = 0;
      let sqA = 0;
      let sqB = 0;
      for (let k = 0, o = i * dim; k < dim; k++) {
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

/** out (rows × dim) = block (rows × dim) · W (dim × dim), two rows of the block at a time */
function multiplyBlock(block: Float64Array, rows: number, w: Float64Array, dim: number, out: Float64Array): void {
  out.fill(0, 0, rows * dim);
  let i = 0;
  for (; i + 1 < rows; i += 2) {
    const o0 = i * dim;
    const o1 = o0 + dim;
    for (let j = 0; j < dim; j++) {
      const x0 = block[o0 + j];
      const x1 = block[o1 + j];
      const ow = j * dim;
      for (let k = 0; k < dim; k++) {
        const y = w[ow + k];
        out[o0 + k] += x0 * y;
        out[o1 + k] += x1 * y;
      }
    }
  }
  for (; i < rows; i++) {
    const o = i * dim;
    for (let j = 0; j < dim; j++) {
      const x = block[o + j];
      const ow = j * dim;
      for (let k = 0; k < dim; k++) out[o + k] += x * w[ow + k];
    }
  }
}
