import { describe, expect, it } from 'vitest';
import {
  EXP_TABLE_SIZE,
  MAX_EXP,
  SgnsKernel,
  sgnsPairUpdate,
  sigmoid,
} from '../../../src-main/core/train/sgns-kernel.ts';
import type { Random } from '../../../src-main/core/train/random.ts';

// A straightforward reference, in float64 on nested arrays: word2vec.c's
// skip-gram negative-sampling step with its clipped table sigmoid.
function tableSigmoid(f: number): number {
  if (f >= MAX_EXP) return 1;
  if (f <= -MAX_EXP) return 0;
  const i = Math.floor((f + MAX_EXP) * (EXP_TABLE_SIZE / (2 * MAX_EXP)));
  const x = (i / EXP_TABLE_SIZE) * 2 - 1;
  return 1 / (1 + Math.exp(-x * MAX_EXP));
}

function referenceLoss(f: number, label: number): number {
  const inside = Math.abs(f) < MAX_EXP;
  const s = inside ? tableSigmoid(f) : 1 / (1 + Math.exp(-f));
  return label ? -Math.log(s) : -Math.log(1 - s);
}

function referenceUpdate(
  syn0: number[][],
  syn1: number[][],
  context: number,
  center: number,
  negatives: number[],
  alpha: number,
): number {
  const input = syn0[context];
  const error = input.map(() => 0);
  let loss = 0;
  const targets: [number, number][] = [[center, 1]];
  for (const n of negatives) if (n !== center) targets.push([n, 0]);
  for (const [t, label] of targets) {
    const out = syn1[t];
    const f = input.reduce((s, v, k) => s + v * out[k], 0);
    const g = (label - tableSigmoid(f)) * alpha;
    loss += referenceLoss(f, label);
    for (let k = 0; k < input.length; k++) error[k] += g * out[k];
    for (let k = 0; k < input.length; k++) out[k] += g * input[k];
  }
  for (let k = 0; k < input.length; k++) input[k] += error[k];
  return loss;
}

function rows(flat: Float32Array, dim: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < flat.length; i += dim) out.push(Array.from(flat.subarray(i, i + dim)));
  return out;
}

function expectClose(actual: Float32Array, expected: number[][], tol: number): void {
  const flat = expected.flat();
  expect(actual.length).toBe(flat.length);
  for (let i = 0; i < flat.length; i++) expect(Math.abs(actual[i] - flat[i])).toBeLessThan(tol);
}

describe('sgnsPairUpdate', () => {
  const dim = 4;
  // 5 words; row 4's output vector is large, so its dot with word 0 clips (f > 6)
  const syn0Values = [
    0.3, -0.2, 0.5, 0.1, -0.4, 0.25, 0.05, -0.3, 0.15, 0.35, -0.1, 0.2, 0.6, -0.5, 0.4, 0.3, 2, 1, 2.5, 1,
  ];
  const syn1Values = [0.1, 0.2, -0.1, 0.05, -0.3, 0.1, 0.4, -0.2, 0.25, -0.15, 0.2, 0.1, 0, 0, 0, 0, 3, 3, 3, 3];

  it('matches the reference on a hand-made case, including a repeated negative and one equal to the center', () => {
    const syn0 = Float32Array.from(syn0Values);
    const syn1neg = Float32Array.from(syn1Values);
    const ref0 = rows(syn0, dim);
    const ref1 = rows(syn1neg, dim);
    const negatives = Uint32Array.from([2, 1, 3, 2]); // 1 is the center: skipped; 2 is updated twice
    const alpha = 0.05;
    const loss = sgnsPairUpdate(syn0, syn1neg, dim, 0, 1, negatives, 4, alpha, new Float32Array(dim));
    const expected = referenceUpdate(ref0, ref1, 0, 1, [2, 1, 3, 2], alpha);
    expectClose(syn0, ref0, 1e-6);
    expectClose(syn1neg, ref1, 1e-6);
    expect(Math.abs(loss - expected)).toBeLessThan(1e-6);
  });

  it('clips beyond MAX_EXP as word2vec.c: a confident positive learns nothing, loss stays finite', () => {
    const syn0 = Float32Array.from(syn0Values);
    const syn1neg = Float32Array.from(syn1Values);
    const before1 = syn1neg.slice(16, 20);
    // context 4 (big) with center 4: f = 3 * 6.5 = 19.5 > 6 so g = 0 for the positive
    const loss = sgnsPairUpdate(syn0, syn1neg, dim, 4, 4, [], 0, 0.5, new Float32Array(dim));
    expect(Array.from(syn1neg.slice(16, 20))).toEqual(Array.from(before1));
    expect(loss).toBeGreaterThan(0);
    expect(loss).toBeLessThan(1e-8);

    const ref0 = rows(Float32Array.from(syn0Values), dim);
    const ref1 = rows(Float32Array.from(syn1Values), dim);
    const a0 = Float32Array.from(syn0Values);
    const a1 = Float32Array.from(syn1Values);
    // a clipped negative (f > 6, label 0) takes the full gradient -alpha and a large, finite loss
    const l = sgnsPairUpdate(a0, a1, dim, 4, 0, [4], 1, 0.5, new Float32Array(dim));
    const r = referenceUpdate(ref0, ref1, 4, 0, [4], 0.5);
    expectClose(a0, ref0, 1e-6);
    expectClose(a1, ref1, 1e-6);
    expect(Number.isFinite(l)).toBe(true);
    expect(Math.abs(l - r)).toBeLessThan(1e-6);
  });

  it('has a table sigmoid within 0.004 of the exact one', () => {
    for (let f = -7; f <= 7; f += 0.013) {
      const exact = 1 / (1 + Math.exp(-f));
      expect(Math.abs(sigmoid(f) - exact)).toBeLessThan(0.004);
    }
  });
});

class Scripted implements Random {
  constructor(private readonly value: number) {}
  nextUint32(): number {
    return this.value;
  }
  nextFloat(): number {
    return this.value / 2 ** 32;
  }
}

describe('SgnsKernel', () => {
  const make = (random: Random, window = 2, negative = 2): SgnsKernel =>
    new SgnsKernel({
      syn0: new Float32Array(5 * 3).fill(0.1),
      syn1neg: new Float32Array(5 * 3),
      dim: 3,
      window,
      negative,
      negativeTable: Uint32Array.from([2 ** 30, 2 ** 31 - 1, 2 ** 31, 2 ** 31, 2 ** 31]),
      random,
    });

  it('visits every pair in the full window when the shrink is 0', () => {
    const kernel = make(new Scripted(0));
    kernel.trainSentence(Uint32Array.from([0, 1, 2, 3, 4]), 5, 0.025);
    expect(kernel.pairs).toBe(2 + 3 + 4 + 3 + 2);
    // all negatives drawn are word 0; at f = 0 every term costs log 2
    expect(kernel.lossSum).toBeGreaterThan(0);
  });

  it('shrinks the window by the random b in [0, window)', () => {
    const kernel = make(new Scripted(2 ** 32 - 1)); // b = window - 1 = 1: only neighbours
    kernel.trainSentence(Uint32Array.from([0, 1, 2, 3, 4]), 5, 0.025);
    expect(kernel.pairs).toBe(8);
  });

  it('only reads the sentence up to length', () => {
    const kernel = make(new Scripted(0));
    kernel.trainSentence(Uint32Array.from([0, 1, 2, 3, 4]), 2, 0.025);
    expect(kernel.pairs).toBe(2);
  });
});
