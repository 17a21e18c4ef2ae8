// The one hot loop of the analogy benchmark: cosines of a block of vocabulary
// rows against a small matrix of unit vectors. Each cosine is accumulated in
// float64 in index order and rounded to float32 on store, exactly as
// BenchmarkVocab.cosine computes a single one, so a cosine computed alone
// equals the one in the block bit for bit (a float32 × float32 product is exact
// in float64, and JavaScript never fuses a multiply-add).

/** the rows the kernel reads: a BenchmarkVocab, or any rows with their inverse norms */
export interface CosineRows {
  readonly set: { readonly data: Float32Array };
  /** 1 / ‖row‖ per row (0 for a zero row) */
  readonly invNorm: Float64Array;
  readonly dim: number;
  /** rows that may be read */
  readonly size: number;
}

/**
 * out[w * stride + i] = cosine(row0 + i, unit vector w) for i < rows, w < units.
 * `unitVectors` holds `units` float32 unit vectors of length dim, row-major.
 * Register-blocked 4 rows × 4 vectors; the edges go one by one.
 */
export function cosineBlock(
  vocab: CosineRows,
  row0: number,
  rows: number,
  unitVectors: Float32Array,
  units: number,
  out: Float32Array,
  stride: number,
): void {
  const data = vocab.set.data;
  const inv = vocab.invNorm;
  const dim = vocab.dim;
  if (rows > stride || row0 + rows > vocab.size || unitVectors.length < units * dim || out.length < units * stride) {
    throw new RangeError('cosineBlock: a buffer is too small for the block');
  }
  const rows4 = rows - (rows % 4);
  const units4 = units - (units % 4);
  for (let w = 0; w < units4; w += 4) {
    const p0 = w * dim;
    const p1 = p0 + dim;
    const p2 = p1 + dim;
    const p3 = p2 + dim;
    for (let i = 0; i < rows4; i += 4) {
      const o0 = (row0 + i) * dim;
      const o1 = o0 + dim;
      const o2 = o1 + dim;
      const o3 = o2 + dim;
      let a0 = 0;
      let a1 = 0;
      let a2 = 0;
      let a3 = 0;
      let b0 = 0;
      let b1 = 0;
      let b2 = 0;
      let b3 = 0;
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let d0 = 0;
      let d1 = 0;
      let d2 = 0;
      let d3 = 0;
      for (let k = 0; k < dim; k++) {
        const x0 = data[o0 + k];
        const x1 = data[o1 + k];
        const x2 = data[o2 + k];
        const x3 = data[o3 + k];
        let y = unitVectors[p0 + k];
        a0 += x0 * y;
        a1 += x1 * y;
        a2 += x2 * y;
        a3 += x3 * y;
        y = unitVectors[p1 + k];
        b0 += x0 * y;
        b1 += x1 * y;
        b2 += x2 * y;
        b3 += x3 * y;
        y = unitVectors[p2 + k];
        c0 += x0 * y;
        c1 += x1 * y;
        c2 += x2 * y;
        c3 += x3 * y;
        y = unitVectors[p3 + k];
        d0 += x0 * y;
        d1 += x1 * y;
        d2 += x2 * y;
        d3 += x3 * y;
      }
      const n0 = inv[row0 + i];
      const n1 = inv[row0 + i + 1];
      const n2 = inv[row0 + i + 2];
      const n3 = inv[row0 + i + 3];
      let q = w * stride + i;
      out[q] = a0 * n0;
      out[q + 1] = a1 * n1;
      out[q + 2] = a2 * n2;
      out[q + 3] = a3 * n3;
      q += stride;
      out[q] = b0 * n0;
      out[q + 1] = b1 * n1;
      out[q + 2] = b2 * n2;
      out[q + 3] = b3 * n3;
      q += stride;
      out[q] = c0 * n0;
      out[q + 1] = c1 * n1;
      out[q + 2] = c2 * n2;
      out[q + 3] = c3 * n3;
      q += stride;
      out[q] = d0 * n0;
      out[q + 1] = d1 * n1;
      out[q + 2] = d2 * n2;
      out[q + 3] = d3 * n3;
    }
  }
  // edges: the last rows % 4 rows for the blocked vectors, then every row for the last units % 4 vectors
  for (let w = 0; w < units; w++) {
    const p = w * dim;
    for (let i = w < units4 ? rows4 : 0; i < rows; i++) {
      const o = (row0 + i) * dim;
      let sum = 0;
      for (let k = 0; k < dim; k++) sum += data[o + k] * unitVectors[p + k];
      out[w * stride + i] = sum * inv[row0 + i];
    }
  }
}

/**
 * Puts (score, row) into the descending list bestScore/bestRow[base..last],
 * dropping the last entry; the caller has checked score beats bestScore[last].
 * Returns the new bestScore[last], the bar the next candidate must clear.
 */
export function insertBest(
  bestScore: Float32Array | Float64Array,
  bestRow: Int32Array,
  base: number,
  last: number,
  score: number,
  row: number,
): number {
  let t = last;
  while (t > base && bestScore[t - 1] < score) {
    bestScore[t] = bestScore[t - 1];
    bestRow[t] = bestRow[t - 1];
    t--;
  }
  bestScore[t] = score;
  bestRow[t] = row;
  return bestScore[last];
}
