// The exact numbers beside an analogy drawn on the map: projections distort
// lengths and angles, these do not. Plain functions over the words' vectors.
import type { ExpressionTerm } from '../../../src-preload/contract.ts';
import { cosine } from './lessons/math.ts';

export interface AnalogyWords {
  a: string;
  b: string;
  c: string;
}

/**
 * a − b + c: two words of weight +1 and one of weight −1, in any order (the
 * service's rule for 3CosMul); a is the first positive word, c the second.
 * null for any other expression.
 */
export function analogyOf(terms: readonly ExpressionTerm[]): AnalogyWords | null {
  if (terms.length !== 3) return null;
  const positive = terms.filter((t) => t.weight === 1);
  const negative = terms.filter((t) => t.weight === -1);
  if (positive.length !== 2 || negative.length !== 1) return null;
  return { a: positive[0].word, b: negative[0].word, c: positive[1].word };
}

/** the 1-based columns an expression error names, as "(column 7)", in order */
export function errorColumns(message: string | null | undefined): number[] {
  if (!message) return [];
  return [...message.matchAll(/\(column (\d+)\)/g)].map((m) => Number(m[1]));
}

function unit(v: ArrayLike<number>): Float64Array {
  let s = 0;
  for (let i = 0; i < v.length; i++) s += v[i] * v[i];
  const norm = Math.sqrt(s);
  const out = new Float64Array(v.length);
  if (norm > 0) for (let i = 0; i < v.length; i++) out[i] = v[i] / norm;
  return out;
}

function minus(x: ArrayLike<number>, y: ArrayLike<number>): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = x[i] - y[i];
  return out;
}

/**
 * cos(a − b, d − c): how parallel the two sides of the parallelogram are in
 * the original space (1: the same offset). With `normalize`, on unit vectors,
 * as 3CosAdd sums them.
 */
export function offsetCosine(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  c: ArrayLike<number>,
  d: ArrayLike<number>,
  normalize: boolean,
): number {
  const [ua, ub, uc, ud] = normalize ? [unit(a), unit(b), unit(c), unit(d)] : [a, b, c, d];
  return cosine(minus(ua, ub), minus(ud, uc));
}

/** ‖x − y‖, for the lengths of the two offsets */
export function offsetLength(x: ArrayLike<number>, y: ArrayLike<number>, normalize: boolean): number {
  const d = normalize ? minus(unit(x), unit(y)) : minus(x, y);
  let s = 0;
  for (const v of d) s += v * v;
  return Math.sqrt(s);
}
