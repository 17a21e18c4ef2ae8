// Custom axes, as word2viz and the TensorFlow Projector's custom projection
// draw them: each axis is a direction between two groups of words,
// d = mean v(to) − mean v(from) (raw vectors, so "man → woman" on the lecture
// coordinates is exactly the gender axis); one group may be empty, giving the
// direction of a single word or list ("king": d = v(king)).
// A word's coordinate on an axis is the cosine between its vector and d, i.e.
// its unit vector projected on the unit direction: in [-1, 1], whatever the
// vector lengths, so rare (short) and frequent (long) words share one scale.
import { ParamError } from '../errors.ts';
import { UnknownWordError } from '../vectors/vector-set.ts';

export interface AxisSpec {
  from: string[];
  to: string[];
}

export interface AxisDirections {
  /** axes * dim floats, each row a unit direction */
  directions: Float32Array;
  /** cosine between each pair of axis directions, axes x axes, 1 on the diagonal */
  cosines: number[][];
  /** the largest |cosine| between two different axes: 0 when they are orthogonal */
  maxOverlap: number;
}

/** above this |cosine| between two axes, the map distorts enough to say so */
export const OVERLAP_WARNING = 0.5;

const AXIS_NAMES = ['x', 'y', 'z'];

/** "man → woman", "he, man → she, woman", "king" */
export function axisLabel(axis: AxisSpec): string {
  const from = axis.from.join(', ');
  const to = axis.to.join(', ');
  if (!from) return to;
  if (!to) return `−${from}`;
  return `${from} → ${to}`;
}

/**
 * The unit direction of each axis and the cosines between them. `lookup`
 * gives a word's vector (dim floats) or null; every unknown word is named in
 * one UnknownWordError. An axis with no words, or whose two sides average to
 * the same vector, is a ParamError naming the axis.
 */
export function axisDirections(
  axes: AxisSpec[],
  dim: number,
  lookup: (word: string) => Float32Array | null,
): AxisDirections {
  if (axes.length < 1 || axes.length > 3) throw new ParamError(`give 1 to 3 axes, got ${axes.length}`);
  const unknown = new Set<string>();
  for (const axis of axes) for (const w of [...axis.from, ...axis.to]) if (!lookup(w)) unknown.add(w);
  if (unknown.size) {
    const err = new UnknownWordError([...unknown]);
    err.message += ' (in the axes)';
    throw err;
  }
  const directions = new Float32Array(axes.length * dim);
  const d = new Float64Array(dim);
  axes.forEach((axis, a) => {
    const name = AXIS_NAMES[a];
    if (axis.from.length + axis.to.length === 0) throw new ParamError(`axis ${name} has no words`);
    d.fill(0);
    addMean(d, axis.to, 1, lookup);
    addMean(d, axis.from, -1, lookup);
    const norm = lengthOf(d);
    // float32 vectors: a difference this small relative to its parts is rounding, not a direction
    if (!(norm > 1e-6 * scaleOf(axis, lookup)))
      throw new ParamError(`axis ${name} (${axisLabel(axis)}) has no direction: both sides have the same vector`);
    for (let c = 0; c < dim; c++) directions[a * dim + c] = d[c] / norm;
  });
  const cosines = axes.map((_, a) => axes.map((_, b) => (a === b ? 1 : dotRows(directions, a, b, dim))));
  let maxOverlap = 0;
  for (let a = 0; a < axes.length; a++)
    for (let b = a + 1; b < axes.length; b++) maxOverlap = Math.max(maxOverlap, Math.abs(cosines[a][b]));
  return { directions, cosines, maxOverlap };
}

/**
 * Each row's coordinate on each axis: cos(row, direction). `directions` holds
 * unit rows (axisDirections); a zero row sits at the origin. Allocates the
 * output once; rows * axes floats, row-major.
 */
export function axisCoordinates(
  data: Float32Array,
  rows: number,
  dim: number,
  directions: Float32Array,
  axes: number,
): Float32Array {
  if (data.length !== rows * dim) throw new RangeError(`axes: ${rows} x ${dim} needs ${rows * dim} floats`);
  if (directions.length !== axes * dim)
    throw new RangeError(`axes: ${axes} directions of ${dim} need ${axes * dim} floats, got ${directions.length}`);
  const coords = new Float32Array(rows * axes);
  for (let r = 0; r < rows; r++) {
    const at = r * dim;
    let sq = 0;
    for (let c = 0; c < dim; c++) sq += data[at + c] * data[at + c];
    if (sq === 0) continue;
    const inv = 1 / Math.sqrt(sq);
    for (let a = 0; a < axes; a++) {
      const dir = a * dim;
      let s = 0;
      for (let c = 0; c < dim; c++) s += data[at + c] * directions[dir + c];
      coords[r * axes + a] = s * inv;
    }
  }
  return coords;
}

/** adds sign * the mean of the words' vectors to acc */
function addMean(acc: Float64Array, words: string[], sign: 1 | -1, lookup: (word: string) => Float32Array | null) {
  if (!words.length) return;
  const w = sign / words.length;
  for (const word of words) {
    const v = lookup(word)!;
    for (let c = 0; c < acc.length; c++) acc[c] += w * v[c];
  }
}

/** the largest length of an axis word's vector: what "no direction" is measured against */
function scaleOf(axis: AxisSpec, lookup: (word: string) => Float32Array | null): number {
  let max = 0;
  for (const w of [...axis.from, ...axis.to]) max = Math.max(max, lengthOf(lookup(w)!));
  return max;
}

function lengthOf(v: ArrayLike<number>): number {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  return Math.sqrt(sq);
}

function dotRows(m: Float32Array, a: number, b: number, dim: number): number {
  let s = 0;
  for (let c = 0; c < dim; c++) s += m[a * dim + c] * m[b * dim + c];
  return s;
}
