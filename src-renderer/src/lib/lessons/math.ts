// The small, exact arithmetic the lesson pages show: one-hot vectors, cosine
// similarity, a − b + c on a hand-made table, and a 3D layout of a few words
// from their cosines. Plain functions over plain arrays: a handful of words.

/** the one-hot vectors of n words: word i is all 0 except a 1 at i */
export function oneHot(n: number): number[][] {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

/** dot(a, b) / (‖a‖ ‖b‖), as the lecture writes it; 0 when either vector is all zero */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine of vectors of ${a.length} and ${b.length} dimensions`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i] * b[i];
    na += a[i] * a[i];
    nb += b[i] * b[i];
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** every pair's cosine, n × n row-major, 1 on the diagonal (0 for a zero vector) */
export function cosineMatrix(vectors: readonly ArrayLike<number>[]): number[][] {
  return vectors.map((a) => vectors.map((b) => cosine(a, b)));
}

export function distance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += (a[i] - b[i]) ** 2;
  return Math.sqrt(s);
}

/** a − b */
export function subtract(a: readonly number[], b: readonly number[]): number[] {
  return a.map((x, i) => x - b[i]);
}

/** a − b + c, the lecture's king − man + woman */
export function analogyVector(a: readonly number[], b: readonly number[], c: readonly number[]): number[] {
  return a.map((x, i) => x - b[i] + c[i]);
}

export interface Nearest {
  word: string;
  index: number;
  distance: number;
  cosine: number;
}

/** the rows nearest to `target` by Euclidean distance (ties: higher cosine first), `exclude` left out */
export function nearestRows(
  words: readonly string[],
  rows: readonly (readonly number[])[],
  target: readonly number[],
  exclude: readonly string[] = [],
): Nearest[] {
  return words
    .map((word, index) => ({
      word,
      index,
      distance: distance(rows[index], target),
      cosine: cosine(rows[index], target),
    }))
    .filter((r) => !exclude.includes(r.word))
    .sort((x, y) => x.distance - y.distance || y.cosine - x.cosine);
}

export interface Layout3d {
  /** n × 3, row-major */
  coords: Float32Array;
  /** the share of the spread each of the three axes shows, 0..1 */
  explained: [number, number, number];
}

/**
 * Classical multidimensional scaling from cosine similarities: the unit vectors'
 * Euclidean distances are √(2 − 2 cos), and double-centring −½ d² gives back the
 * centred Gram matrix, so the top three eigenvectors (scaled by √λ) are exactly
 * the PCA of the unit-length vectors. Works from cosines alone, so it also places
 * words a fastText run only knows through their n-grams.
 */
export function layoutFromCosines(cos: readonly (readonly number[])[]): Layout3d {
  const n = cos.length;
  const b: number[][] = cos.map((row) => row.slice());
  const rowMean = b.map((row) => row.reduce((s, x) => s + x, 0) / n);
  const all = rowMean.reduce((s, x) => s + x, 0) / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) b[i][j] = b[i][j] - rowMean[i] - rowMean[j] + all;
  const { values, vectors } = symmetricEigen(b);
  const order = values.map((_, i) => i).sort((x, y) => values[y] - values[x]);
  const total = values.reduce((s, v) => s + Math.max(0, v), 0);
  const coords = new Float32Array(n * 3);
  const explained: [number, number, number] = [0, 0, 0];
  for (let k = 0; k < 3 && k < n; k++) {
    const lambda = Math.max(0, values[order[k]]);
    explained[k] = total > 0 ? lambda / total : 0;
    const scale = Math.sqrt(lambda);
    // a fixed sign (largest entry positive), so the same data always draws the same way
    let big = 0;
    for (let i = 0; i < n; i++) if (Math.abs(vectors[i][order[k]]) > Math.abs(big)) big = vectors[i][order[k]];
    const sign = big < 0 ? -1 : 1;
    for (let i = 0; i < n; i++) coords[i * 3 + k] = sign * scale * vectors[i][order[k]];
  }
  return { coords, explained };
}

/** eigenvalues and eigenvectors (as columns) of a small symmetric matrix, by cyclic Jacobi rotations */
export function symmetricEigen(matrix: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const n = matrix.length;
  const a = matrix.map((row) => row.slice());
  const v = oneHot(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += a[p][q] * a[p][q];
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(a[p][q]) < 1e-300) continue;
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: a.map((row, i) => row[i]), vectors: v };
}

/** a long vector as the lecture writes one: "[0.23, -0.19, 0.87, …, -0.56]" (all of it when short) */
export function previewVector(v: ArrayLike<number>, head = 4, digits = 2): string {
  const show = (x: number) => {
    const text = x.toFixed(digits);
    return /^-0\.0*$/.test(text) ? text.slice(1) : text;
  };
  const all = Array.from(v, show);
  if (all.length <= head + 1) return `[${all.join(', ')}]`;
  return `[${all.slice(0, head).join(', ')}, …, ${all[all.length - 1]}]`;
}

export interface NgramGroup {
  /** n-gram length in characters, `<` and `>` included */
  n: number;
  items: { gram: string; bucket: number | null }[];
}

/** fastText's n-grams grouped by length, shortest first, each group in fastText's order */
export function groupNgrams(ngrams: readonly string[], buckets: readonly number[] = []): NgramGroup[] {
  const groups = new Map<number, NgramGroup>();
  ngrams.forEach((gram, i) => {
    const n = Array.from(gram).length;
    let g = groups.get(n);
    if (!g) groups.set(n, (g = { n, items: [] }));
    g.items.push({ gram, bucket: buckets[i] ?? null });
  });
  return [...groups.values()].sort((x, y) => x.n - y.n);
}
