// The singular value decomposition of a small square matrix (d × d, d up to
// about a thousand: Bᵀ A of two embedding spaces), by Golub–Kahan–Reinsch:
// Householder reflections bring M to upper bidiagonal form, then implicit-shift
// QR steps drive the superdiagonal to zero (Golub and Reinsch 1970; the steps
// follow JAMA's port of LINPACK's dsvdc). Float64 throughout; backward stable,
// U and V orthogonal to rounding whatever the rank.
//
// Every matrix is held transposed: row p is column p (of the matrix being
// reduced, of U, of V), so the reflections and rotations, which act on
// columns, walk contiguous arrays. About 17 d³ flops in all, most of them in
// the QR rotations of U and V (~10 d³): ~3 s at d = 768 on one core, where
// the one-sided Jacobi this replaced took ~10 s (~8 sweeps of ~7 d³).

export interface Svd {
  n: number;
  /** n × n row-major; its columns are the left singular vectors */
  u: Float64Array;
  /** the singular values, falling */
  s: Float64Array;
  /** n × n row-major; its columns are the right singular vectors: M = U diag(s) Vᵀ */
  v: Float64Array;
}

/** the SVD with U and V transposed: row p of ut and of vt is the p-th singular vector */
interface SvdRows {
  ut: Float64Array;
  s: Float64Array;
  vt: Float64Array;
}

const EPS = 2 ** -52;
/** below the smallest normal number that eps times a value can reach; keeps the tests of zero finite */
const TINY = 2 ** -966;
/** QR steps allowed per singular value before giving up (a handful is usual) */
const MAX_STEPS_PER_VALUE = 75;

/** M = U diag(s) Vᵀ of a square n × n row-major matrix */
export function svd(m: Float64Array, n: number): Svd {
  const { ut, s, vt } = svdRows(m, n);
  return { n, u: transpose(ut, n), s, v: transpose(vt, n) };
}

/**
 * The orthogonal matrix nearest to M (the orthogonal factor of its polar
 * decomposition): U Vᵀ. It minimises ‖B W − A‖_F over orthogonal W when
 * M = Bᵀ A (orthogonal Procrustes, Schönemann 1966). n × n row-major.
 */
export function nearestOrthogonal(m: Float64Array, n: number): Float64Array {
  const { ut, vt } = svdRows(m, n);
  return multiplyTransposed(transpose(ut, n), transpose(vt, n), n);
}

function svdRows(m: Float64Array, n: number): SvdRows {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`svd: bad size ${n}`);
  if (m.length !== n * n) throw new RangeError(`svd: an ${n} × ${n} matrix needs ${n * n} numbers, got ${m.length}`);
  for (let i = 0; i < m.length; i++) if (!Number.isFinite(m[i])) throw new RangeError('svd: the matrix holds NaN or ∞');
  const a = transpose(m, n); // row j: column j of the matrix being reduced
  const s = new Float64Array(n);
  const e = new Float64Array(n);
  const ut = new Float64Array(n * n);
  const vt = new Float64Array(n * n);
  bidiagonalize(a, n, s, e, ut, vt);
  accumulateLeft(ut, s, n);
  accumulateRight(vt, e, n);
  diagonalize(s, e, ut, vt, n);
  return { ut, s, vt };
}

/**
 * Householder reflections from the left (zeroing column k below the diagonal)
 * and the right (zeroing row k right of the superdiagonal), in turn: afterwards
 * s is the diagonal and e the superdiagonal (e[k] sits between s[k] and
 * s[k+1]). The k-th left reflector is left in row k of ut, the k-th right one
 * in row k of vt, for the accumulate steps.
 */
function bidiagonalize(
  a: Float64Array,
  n: number,
  s: Float64Array,
  e: Float64Array,
  ut: Float64Array,
  vt: Float64Array,
): void {
  const work = new Float64Array(n);
  const leftSteps = n - 1; // the last column has nothing below its diagonal
  const rightSteps = Math.max(0, n - 2);
  for (let k = 0; k < leftSteps; k++) {
    const ok = k * n;
    s[k] = norm(a, ok + k, ok + n);
    if (s[k] !== 0) {
      if (a[ok + k] < 0) s[k] = -s[k];
      const inv = 1 / s[k];
      for (let i = k; i < n; i++) a[ok + i] *= inv;
      a[ok + k] += 1;
    }
    s[k] = -s[k];
    for (let j = k + 1; j < n; j++) {
      const oj = j * n;
      if (s[k] !== 0) {
        const t = -dot(a, ok + k, a, oj + k, n - k) / a[ok + k];
        for (let i = k; i < n; i++) a[oj + i] += t * a[ok + i];
      }
      e[j] = a[oj + k]; // row k of the reduced matrix
    }
    for (let i = k; i < n; i++) ut[ok + i] = a[ok + i];
    if (k >= rightSteps) continue;

    e[k] = norm(e, k + 1, n);
    if (e[k] !== 0) {
      if (e[k + 1] < 0) e[k] = -e[k];
      const inv = 1 / e[k];
      for (let i = k + 1; i < n; i++) e[i] *= inv;
      e[k + 1] += 1;
    }
    e[k] = -e[k];
    if (e[k] !== 0) {
      work.fill(0, k + 1, n);
      for (let j = k + 1; j < n; j++) {
        const x = e[j];
        const oj = j * n;
        for (let i = k + 1; i < n; i++) work[i] += x * a[oj + i];
      }
      for (let j = k + 1; j < n; j++) {
        const t = -e[j] / e[k + 1];
        const oj = j * n;
        for (let i = k + 1; i < n; i++) a[oj + i] += t * work[i];
      }
    }
    for (let i = k + 1; i < n; i++) vt[ok + i] = e[i];
  }
  s[n - 1] = a[(n - 1) * n + n - 1];
  if (n >= 2) e[n - 2] = a[(n - 1) * n + n - 2];
  e[n - 1] = 0;
}

/** U = H_0 H_1 … H_{n−2}, built from the last reflector back, over the reflectors left in ut */
function accumulateLeft(ut: Float64Array, s: Float64Array, n: number): void {
  const last = (n - 1) * n;
  ut.fill(0, last, last + n);
  ut[last + n - 1] = 1;
  for (let k = n - 2; k >= 0; k--) {
    const ok = k * n;
    if (s[k] === 0) {
      ut.fill(0, ok, ok + n);
      ut[ok + k] = 1;
      continue;
    }
    for (let j = k + 1; j < n; j++) {
      const oj = j * n;
      const t = -dot(ut, ok + k, ut, oj + k, n - k) / ut[ok + k];
      for (let i = k; i < n; i++) ut[oj + i] += t * ut[ok + i];
    }
    for (let i = k; i < n; i++) ut[ok + i] = -ut[ok + i];
    ut[ok + k] += 1;
    ut.fill(0, ok, ok + k);
  }
}

/** V = G_0 G_1 … G_{n−3}, likewise, over the reflectors left in vt */
function accumulateRight(vt: Float64Array, e: Float64Array, n: number): void {
  const rightSteps = Math.max(0, n - 2);
  for (let k = n - 1; k >= 0; k--) {
    const ok = k * n;
    if (k < rightSteps && e[k] !== 0) {
      for (let j = k + 1; j < n; j++) {
        const oj = j * n;
        const t = -dot(vt, ok + k + 1, vt, oj + k + 1, n - k - 1) / vt[ok + k + 1];
        for (let i = k + 1; i < n; i++) vt[oj + i] += t * vt[ok + i];
      }
    }
    vt.fill(0, ok, ok + n);
    vt[ok + k] = 1;
  }
}

/**
 * Implicit-shift QR on the bidiagonal (s, e) until e is zero, the rotations
 * applied to the rows of ut and vt; then the values made positive and sorted
 * falling. p is the size of the block still unfinished at the top.
 */
function diagonalize(s: Float64Array, e: Float64Array, ut: Float64Array, vt: Float64Array, n: number): void {
  let p = n;
  let steps = 0;
  while (p > 0) {
    // k: the largest index below p − 1 with a negligible e[k] (−1: none)
    let k = p - 2;
    for (; k >= 0; k--) {
      if (Math.abs(e[k]) <= TINY + EPS * (Math.abs(s[k]) + Math.abs(s[k + 1]))) {
        e[k] = 0;
        break;
      }
    }
    if (k === p - 2) {
      // s[p − 1] has converged
      finishValue(s, ut, vt, n, p - 1);
      p--;
      steps = 0;
      continue;
    }
    if (++steps > MAX_STEPS_PER_VALUE) throw new Error('svd: the QR steps did not converge');
    // ks: a negligible s in the block k+1 .. p−1, if any
    let ks = p - 1;
    for (; ks > k; ks--) {
      const t = (ks !== p ? Math.abs(e[ks]) : 0) + (ks !== k + 1 ? Math.abs(e[ks - 1]) : 0);
      if (Math.abs(s[ks]) <= TINY + EPS * t) {
        s[ks] = 0;
        break;
      }
    }
    if (ks === k) qrStep(s, e, ut, vt, n, k + 1, p);
    else if (ks === p - 1) chaseLast(s, e, vt, n, k + 1, p);
    else chaseFrom(s, e, ut, n, ks + 1, p);
  }
}

/** s[p−1] is zero: rotations from the right zero e[p−2] */
function chaseLast(s: Float64Array, e: Float64Array, vt: Float64Array, n: number, k: number, p: number): void {
  let f = e[p - 2];
  e[p - 2] = 0;
  for (let j = p - 2; j >= k; j--) {
    const t = Math.hypot(s[j], f);
    const cs = s[j] / t;
    const sn = f / t;
    s[j] = t;
    if (j !== k) {
      f = -sn * e[j - 1];
      e[j - 1] = cs * e[j - 1];
    }
    rotateRows(vt, n, j, p - 1, cs, sn);
  }
}

/** s[k−1] is zero: rotations from the left zero e[k−1] */
function chaseFrom(s: Float64Array, e: Float64Array, ut: Float64Array, n: number, k: number, p: number): void {
  let f = e[k - 1];
  e[k - 1] = 0;
  for (let j = k; j < p; j++) {
    const t = Math.hypot(s[j], f);
    const cs = s[j] / t;
    const sn = f / t;
    s[j] = t;
    f = -sn * e[j];
    e[j] = cs * e[j];
    rotateRows(ut, n, j, k - 1, cs, sn);
  }
}

/** one QR step on the block k .. p−1, shifted by the eigenvalue of the trailing 2 × 2 of BᵀB nearer its end */
function qrStep(
  s: Float64Array,
  e: Float64Array,
  ut: Float64Array,
  vt: Float64Array,
  n: number,
  k: number,
  p: number,
): void {
  const scale = Math.max(Math.abs(s[p - 1]), Math.abs(s[p - 2]), Math.abs(e[p - 2]), Math.abs(s[k]), Math.abs(e[k]));
  const sp = s[p - 1] / scale;
  const spm1 = s[p - 2] / scale;
  const epm1 = e[p - 2] / scale;
  const sk = s[k] / scale;
  const ek = e[k] / scale;
  const b = ((spm1 + sp) * (spm1 - sp) + epm1 * epm1) / 2;
  const c = sp * epm1 * (sp * epm1);
  let shift = 0;
  if (b !== 0 || c !== 0) {
    shift = Math.sqrt(b * b + c);
    if (b < 0) shift = -shift;
    shift = c / (b + shift);
  }
  let f = (sk + sp) * (sk - sp) + shift;
  let g = sk * ek;
  for (let j = k; j < p - 1; j++) {
    let t = Math.hypot(f, g) || Number.MIN_VALUE;
    let cs = f / t;
    let sn = g / t;
    if (j !== k) e[j - 1] = t;
    f = cs * s[j] + sn * e[j];
    e[j] = cs * e[j] - sn * s[j];
    g = sn * s[j + 1];
    s[j + 1] = cs * s[j + 1];
    rotateRows(vt, n, j, j + 1, cs, sn);
    t = Math.hypot(f, g) || Number.MIN_VALUE;
    cs = f / t;
    sn = g / t;
    s[j] = t;
    f = cs * e[j] + sn * s[j + 1];
    s[j + 1] = -sn * e[j] + cs * s[j + 1];
    g = sn * e[j + 1];
    e[j + 1] = cs * e[j + 1];
    rotateRows(ut, n, j, j + 1, cs, sn);
  }
  e[p - 2] = f;
}

/** makes s[k] non-negative (flipping its right vector) and moves it down past any larger value below it */
function finishValue(s: Float64Array, ut: Float64Array, vt: Float64Array, n: number, k: number): void {
  if (s[k] < 0) {
    s[k] = -s[k];
    for (let i = k * n; i < (k + 1) * n; i++) vt[i] = -vt[i];
  }
  for (; k < n - 1 && s[k] < s[k + 1]; k++) {
    const t = s[k];
    s[k] = s[k + 1];
    s[k + 1] = t;
    swapRows(vt, n, k, k + 1);
    swapRows(ut, n, k, k + 1);
  }
}

/** rows (p, q) ← (c·p + s·q, −s·p + c·q) */
function rotateRows(x: Float64Array, n: number, p: number, q: number, c: number, s: number): void {
  const op = p * n;
  const oq = q * n;
  for (let i = 0; i < n; i++) {
    const xp = x[op + i];
    const xq = x[oq + i];
    x[op + i] = c * xp + s * xq;
    x[oq + i] = c * xq - s * xp;
  }
}

function swapRows(x: Float64Array, n: number, p: number, q: number): void {
  const op = p * n;
  const oq = q * n;
  for (let i = 0; i < n; i++) {
    const t = x[op + i];
    x[op + i] = x[oq + i];
    x[oq + i] = t;
  }
}

/** x[ox ..] · y[oy ..] over len entries; four partial sums, so the additions need not wait on each other */
function dot(x: Float64Array, ox: number, y: Float64Array, oy: number, len: number): number {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < len; i += 4) {
    s0 += x[ox + i] * y[oy + i];
    s1 += x[ox + i + 1] * y[oy + i + 1];
    s2 += x[ox + i + 2] * y[oy + i + 2];
    s3 += x[ox + i + 3] * y[oy + i + 3];
  }
  for (; i < len; i++) s0 += x[ox + i] * y[oy + i];
  return s0 + s1 + (s2 + s3);
}

/** the 2-norm of x[from .. to), scaled by the largest entry so squares neither overflow nor underflow */
function norm(x: Float64Array, from: number, to: number): number {
  let largest = 0;
  for (let i = from; i < to; i++) largest = Math.max(largest, Math.abs(x[i]));
  if (largest === 0) return 0;
  const inv = 1 / largest;
  let sum = 0;
  for (let i = from; i < to; i++) {
    const y = x[i] * inv;
    sum += y * y;
  }
  return largest * Math.sqrt(sum);
}

/** A Bᵀ of two n × n row-major matrices: each entry the dot of two contiguous rows, four entries at a time */
function multiplyTransposed(a: Float64Array, b: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i += 2) {
    const i1 = Math.min(i + 1, n - 1); // an odd n computes its last row twice
    const a0 = i * n;
    const a1 = i1 * n;
    for (let j = 0; j < n; j += 2) {
      const j1 = Math.min(j + 1, n - 1);
      const b0 = j * n;
      const b1 = j1 * n;
      let s00 = 0;
      let s01 = 0;
      let s10 = 0;
      let s11 = 0;
      for (let p = 0; p < n; p++) {
        const x0 = a[a0 + p];
        const x1 = a[a1 + p];
        const y0 = b[b0 + p];
        const y1 = b[b1 + p];
        s00 += x0 * y0;
        s01 += x0 * y1;
        s10 += x1 * y0;
        s11 += x1 * y1;
      }
      out[a0 + j] = s00;
      out[a0 + j1] = s01;
      out[a1 + j] = s10;
      out[a1 + j1] = s11;
    }
  }
  return out;
}

function transpose(m: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = m[i * n + j];
  return out;
}
