// Seeded clustered points for projection tests and the UMAP benchmark: each
// cluster is a centre plus a few directions of its own (a low-dimensional
// sheet, so near neighbours mean something) plus a little noise in every
// dimension.
import { Xoshiro128 } from '../../src-main/core/train/random.ts';

export interface Clustered {
  data: Float32Array;
  rows: number;
  dim: number;
  /** the cluster of each row */
  labels: Int32Array;
}

export interface ClusteredOptions {
  rows: number;
  dim?: number;
  clusters?: number;
  /** directions of variation inside a cluster */
  intrinsic?: number;
  seed?: number;
  /** how far apart the centres are, in units of the within-cluster spread */
  separation?: number;
  /** per-dimension noise, as a fraction of the within-cluster spread */
  noise?: number;
}

export function clustered(opts: ClusteredOptions): Clustered {
  const { rows, dim = 100, clusters = 20, intrinsic = 5, seed = 1, separation = 1.5, noise = 0.15 } = opts;
  const random = new Xoshiro128(seed, 0xc1);
  const gauss = gaussian(random);
  const centres = new Float64Array(clusters * dim);
  for (let i = 0; i < centres.length; i++) centres[i] = gauss() * separation;
  // each cluster's own directions: random Gaussian, scaled so a unit z moves ~1
  const bases = new Float64Array(clusters * intrinsic * dim);
  for (let i = 0; i < bases.length; i++) bases[i] = gauss() / Math.sqrt(dim);
  const data = new Float32Array(rows * dim);
  const labels = new Int32Array(rows);
  const z = new Float64Array(intrinsic);
  for (let r = 0; r < rows; r++) {
    const c = r % clusters;
    labels[r] = c;
    for (let m = 0; m < intrinsic; m++) z[m] = gauss();
    for (let d = 0; d < dim; d++) {
      let v = centres[c * dim + d] + gauss() * (noise / Math.sqrt(dim / 10));
      for (let m = 0; m < intrinsic; m++) v += z[m] * bases[(c * intrinsic + m) * dim + d];
      data[r * dim + d] = v;
    }
  }
  return { data, rows, dim, labels };
}

function gaussian(random: Xoshiro128): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    let u = 0;
    while (u === 0) u = random.nextFloat();
    const v = random.nextFloat();
    const m = Math.sqrt(-2 * Math.log(u));
    spare = m * Math.sin(2 * Math.PI * v);
    return m * Math.cos(2 * Math.PI * v);
  };
}
