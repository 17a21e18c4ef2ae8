// The singular value decomposition of a small square matrix (d × d, d up to
// about a thousand: Bᵀ A of two embedding spaces), by one-sided Jacobi
// rotations (Hestenes 1958; Demmel and Veselić 1992): pairs of columns of M
// are rotated until every pair is orthogonal; then M V = U Σ. Float64
// throughout. Slower than Golub–Kahan for large d but short, accurate to the
// last digits (small singular values included), and easy to check.
//
// Columns are held as rows of the transposed matrix, so each rotation walks
// two contiguous arrays.

export interface Svd {
  n: number;
  /** n × n row-major; its columns are the left singular vectors */
  u: Float64Array;
  /** the singular values, falling */
  s: Float64Array;
  /** n × n row-major; its columns are the right singular vectors: M = U diag(s) Vᵀ */
  v: Float64Array;
}

/** a pair of columns counts as orthogonal when |cos| is below this */
const ORTHOGONAL = 1e-15;
const MAX_SWEEPS = 60;
/** singular values below this fraction of the largest have no defined left vector; one is made up */
const RANK_TOLERANCE = 1e-13;

/** M = U diag(s) Vᵀ of a square n × n row-major matrix */
export function svd(m: Float64Array, n: number): Svd {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`svd: bad size ${n}`);
  if (m.length !== n * n) throw new RangeError(`svd: an ${n} × ${n} matrix needs ${n * n} numbers, got ${m.length}`);
  for (let i = 0; i < m.length; i++) if (!Number.isFinite(m[i])) throw new RangeError('svd: the matrix holds NaN or ∞');
  const x = transpose(m, n); // row p: column p of M V
  const vt = identity(n); // row p: column p of V
  rotateToOrthogonal(x, vt, n);

  const values = new Float64Array(n);
  for (let p = 0; p < n; p++) values[p] = Math.sqrt(dotRows(x, p, x, p, n));
  const order = Array.from({ length: n }, (_, p) => p).sort((p, q) => values[q] - values[p] || p - q);
  const ut = new Float64Array(n * n);
  const s = new Float64Array(n);
  const vSorted = new Float64Array(n * n);
  const largest = values[order[0]];
  const defined: number[] = [];
  order.forEach((p, k) => {
    s[k] = values[p];
    vSorted.set(vt.subarray(p * n, (p + 1) * n), k * n);
    if (values[p] > largest * RANK_TOLERANCE && values[p] > 0) {
      for (let i = 0; i < n; i++) ut[k * n + i] = x[p * n + i] / values[p];
      defined.push(k);
    }
  });
  completeBasis(ut, n, defined);
  return { n, u: transpose(ut, n), s, v: transpose(vSorted, n) };
}

/**
 * The orthogonal matrix nearest to M (the orthogonal factor of its polar
 * decomposition): U Vᵀ. It minimises ‖B W − A‖_F over orthogonal W when
 * M = Bᵀ A (orthogonal Procrustes, Schönemann 1966). n × n row-major.
 */
export function nearestOrthogonal(m: Float64Array, n: number): Float64Array {
  const { u, v } = svd(m, n);
  const w = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      let sum = 0;
      for (let p = 0; p < n; p++) sum += u[i * n + p] * v[j * n + p];
      w[i * n + j] = sum;
    }
  }
  return w;
}

/** sweeps of rotations over every pair of rows of x (the columns of M), the same rotations applied to vt */
function rotateToOrthogonal(x: Float64Array, vt: Float64Array, n: number): void {
  const norms = new Float64Array(n);
  for (let sweep = 0; sweep < MAX_SWEEPS; sweep++) {
    // exact squared norms each sweep; within one they are updated, which drifts a little
    for (let p = 0; p < n; p++) norms[p] = dotRows(x, p, x, p, n);
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const alpha = norms[p];
        const beta = norms[q];
        if (alpha === 0 || beta === 0) continue;
        const gamma = dotRows(x, p, x, q, n);
        if (Math.abs(gamma) <= ORTHOGONAL * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        // the rotation that makes columns p and q orthogonal: t = tan θ, the smaller root of t² + 2ζt − 1 = 0
        const zeta = (beta - alpha) / (2 * gamma);
        const t = (zeta >= 0 ? 1 : -1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        rotateRows(x, p, q, n, c, s);
        rotateRows(vt, p, q, n, c, s);
        norms[p] = alpha - t * gamma;
        norms[q] = beta + t * gamma;
      }
    }
    if (!rotated) return;
  }
}

function rotateRows(x: Float64Array, p: number, q: number, n: number, c: number, s: number): void {
  const op = p * n;
  const oq = q * n;
  for (let k = 0; k < n; k++) {
    const xp = x[op + k];
    const xq = x[oq + k];
    x[op + k] = c * xp - s * xq;
    x[oq + k] = s * xp + c * xq;
  }
}

function dotRows(a: Float64Array, p: number, b: Float64Array, q: number, n: number): number {
  let sum = 0;
  for (let k = 0, op = p * n, oq = q * n; k < n; k++) sum += a[op + k] * b[oq + k];
  return sum;
}

/**
 * Fills the rows of ut not in `defined` (singular vectors of zero singular
 * values) with unit vectors orthogonal to every other row: Gram–Schmidt,
 * twice, over the standard basis vectors, taking the one that keeps most.
 */
function completeBasis(ut: Float64Array, n: number, defined: number[]): void {
  const done = new Set(defined);
  const basis = [...defined];
  const candidate = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    if (done.has(k)) continue;
    let best = -1;
    let bestNorm = 0;
    for (let e = 0; e < n && bestNorm < 0.5; e++) {
      candidate.fill(0);
      candidate[e] = 1;
      for (let pass = 0; pass < 2; pass++) {
        for (const b of basis) {
          const proj = dotRows(candidate, 0, ut, b, n);
          for (let i = 0; i < n; i++) candidate[i] -= proj * ut[b * n + i];
        }
      }
      const norm = Math.sqrt(dotRows(candidate, 0, candidate, 0, n));
      if (norm > bestNorm) {
        bestNorm = norm;
        best = e;
        for (let i = 0; i < n; i++) ut[k * n + i] = candidate[i] / norm;
      }
    }
    if (best < 0) throw new Error('svd: could not complete the basis');
    basis.push(k);
  }
}

function transpose(m: Float64Array, n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) out[j * n + i] = m[i * n + j];
  return out;
}

function identity(n: number): Float64Array {
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) out[i * n + i] = 1;
  return out;
}
