// Comparing several words at once: the odd one out (gensim's doesnt_match), a
// cosine matrix for a heatmap, and sentences as the mean of their word vectors.
import type { Scored } from '../../../src-preload/contract.ts';
import { unitVector } from './expression.ts';

/**
 * gensim's doesnt_match: the mean of the words' unit vectors, scaled to unit
 * length; the word least cosine-similar to it is the odd one out. `scores`
 * holds every word's cosine to that mean, in the order given; a tie goes to
 * the word given first.
 */
export function oddOneOut(words: string[], vectors: ArrayLike<number>[]): { word: string; scores: Scored[] } {
  if (words.length === 0 || words.length !== vectors.length) {
    throw new RangeError(`${words.length} words and ${vectors.length} vectors`);
  }
  const dim = vectors[0].length;
  const units = vectors.map(unitVector);
  const mean = new Float64Array(dim);
  for (const u of units) for (let d = 0; d < dim; d++) mean[d] += u[d] / units.length;
  const centre = unitVector(mean);
  const scores = units.map((u, i) => ({ word: words[i], score: dotOf(u, centre) }));
  let odd = 0;
  for (let i = 1; i < scores.length; i++) if (scores[i].score < scores[odd].score) odd = i;
  return { word: words[odd], scores };
}

/** cosines of every pair, row-major n*n; a zero vector scores 0 with everything, itself included */
export function cosineMatrix(vectors: ArrayLike<number>[]): Float32Array {
  const n = vectors.length;
  const units = vectors.map(unitVector);
  const out = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = i; j < n; j++) {
      const s = dotOf(units[i], units[j]);
      out[i * n + j] = s;
      out[j * n + i] = s;
    }
  }
  return out;
}

/** the mean of the vectors, in float64 (the lecture's sentence vector) */
export function meanVector(vectors: ArrayLike<number>[], dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (const v of vectors) for (let d = 0; d < dim; d++) mean[d] += v[d];
  if (vectors.length) for (let d = 0; d < dim; d++) mean[d] /= vectors.length;
  return mean;
}

/** cosine of two vectors; 0 when either is zero */
export function cosineOf(a: ArrayLike<number>, b: ArrayLike<number>): number {
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

function dotOf(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}
