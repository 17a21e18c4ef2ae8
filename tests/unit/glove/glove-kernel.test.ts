import { describe, expect, it } from 'vitest';
import {
  gloveUpdate,
  initWeights,
  outputVectors,
  weightLength,
  type GloveKernelParams,
} from '../../../src-main/core/train/glove/glove-kernel.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

// glove.c's update, written plainly on nested arrays: word rows w, context rows c,
// biases, and their AdaGrad sums.
interface Model {
  w: number[][];
  c: number[][];
  bw: number[];
  bc: number[];
  gw: number[][];
  gc: number[][];
  gbw: number[];
  gbc: number[];
}

function referenceUpdate(m: Model, i: number, j: number, x: number, p: GloveKernelParams): number {
  const clip = (g: number) => Math.min(Math.max(g, -p.gradClip), p.gradClip);
  const w = m.w[i];
  const c = m.c[j];
  let diff = m.bw[i] + m.bc[j] - Math.log(x);
  for (let k = 0; k < p.dim; k++) diff += w[k] * c[k];
  const f = x < p.xMax ? Math.pow(x / p.xMax, p.alpha) : 1;
  const fdiff = f * diff;
  const gradW = c.map((ck) => clip(fdiff * ck) * p.eta);
  const gradC = w.map((wk) => clip(fdiff * wk) * p.eta);
  for (let k = 0; k < p.dim; k++) {
    w[k] -= gradW[k] / Math.sqrt(m.gw[i][k]);
    c[k] -= gradC[k] / Math.sqrt(m.gc[j][k]);
    m.gw[i][k] += gradW[k] ** 2;
    m.gc[j][k] += gradC[k] ** 2;
  }
  m.bw[i] -= fdiff / Math.sqrt(m.gbw[i]);
  m.bc[j] -= fdiff / Math.sqrt(m.gbc[j]);
  m.gbw[i] += fdiff ** 2;
  m.gbc[j] += fdiff ** 2;
  return 0.5 * f * diff * diff;
}

/** the flat glove.c layout of a model */
function flatten(m: Model): { W: Float64Array; gradsq: Float64Array } {
  const V = m.w.length;
  const dim = m.w[0].length;
  const W = new Float64Array(weightLength(V, dim));
  const gradsq = new Float64Array(W.length);
  for (let a = 0; a < V; a++) {
    for (const [rows, bias, g, gb, row] of [
      [m.w, m.bw, m.gw, m.gbw, a],
      [m.c, m.bc, m.gc, m.gbc, V + a],
    ] as const) {
      const at = row * (dim + 1);
      for (let k = 0; k < dim; k++) {
        W[at + k] = rows[a][k];
        gradsq[at + k] = g[a][k];
      }
      W[at + dim] = bias[a];
      gradsq[at + dim] = gb[a];
    }
  }
  return { W, gradsq };
}

function randomModel(V: number, dim: number, seed: number, scale = 1): Model {
  const r = new Xoshiro128(seed);
  const vec = () => Array.from({ length: dim }, () => (r.nextFloat() - 0.5) * scale);
  const rows = () => Array.from({ length: V }, vec);
  const ones = () => Array.from({ length: V }, () => Array.from({ length: dim }, () => 1 + r.nextFloat()));
  return {
    w: rows(),
    c: rows(),
    bw: vec()
      .slice(0, V)
      .concat(Array(Math.max(0, V - dim)).fill(0.01)),
    bc: vec()
      .slice(0, V)
      .concat(Array(Math.max(0, V - dim)).fill(-0.02)),
    gw: ones(),
    gc: ones(),
    gbw: Array(V).fill(1.5),
    gbc: Array(V).fill(1.25),
  };
}

const params: GloveKernelParams = { dim: 2, xMax: 10, alpha: 0.75, eta: 0.05, gradClip: 100 };

function run(W: Float64Array, gradsq: Float64Array, V: number, i: number, j: number, x: number, p: GloveKernelParams) {
  const stride = p.dim + 1;
  return gloveUpdate(W, gradsq, i * stride, (V + j) * stride, x, p, new Float64Array(p.dim), new Float64Array(p.dim));
}

describe('the GloVe update', () => {
  it('does one AdaGrad step by hand', () => {
    // word 0: w = (0.1, -0.2), b = 0.05; context 0: c = (0.3, 0.4), b~ = -0.1; gradsq all 1; x = 2
    const W = new Float64Array([0.1, -0.2, 0.05, 0.3, 0.4, -0.1]);
    const gradsq = new Float64Array(6).fill(1);
    const cost = run(W, gradsq, 1, 0, 0, 2, params);
    // diff = 0.03 - 0.08 + 0.05 - 0.1 - ln 2 = -0.793147; f = 0.2^0.75 = 0.299070; f * diff = -0.237206
    expect(cost).toBeCloseTo(0.5 * 0.29906976 * 0.79314718 ** 2, 6);
    // w -= eta * fdiff * c / sqrt(1); c -= eta * fdiff * w; biases -= fdiff (no eta, as glove.c)
    const expected = [0.1035581, -0.19525587, 0.28720633, 0.30118603, 0.39762794, 0.13720633];
    W.forEach((v, k) => expect(v).toBeCloseTo(expected[k], 6));
    // gradsq takes (eta * g)^2 for the vectors, fdiff^2 for the biases
    const expectedSq = [1 + (0.05 * 0.23720633 * 0.3) ** 2, 1 + (0.05 * 0.23720633 * 0.4) ** 2, 1.05626684];
    expectedSq.forEach((v, k) => expect(gradsq[k]).toBeCloseTo(v, 6));
  });

  it('agrees with the reference over a sequence of records, clipping and x > xMax included', () => {
    const V = 4;
    const p: GloveKernelParams = { dim: 6, xMax: 10, alpha: 0.75, eta: 0.05, gradClip: 100 };
    for (const scale of [1, 400]) {
      // scale 400: fdiff * w reaches far past 100, so components are clipped
      const ref = randomModel(V, p.dim, 11, scale);
      const { W, gradsq } = flatten(ref);
      const records: [number, number, number][] = [
        [0, 1, 2.5],
        [1, 0, 2.5],
        [2, 2, 0.25],
        [3, 1, 40],
        [0, 3, 10],
        [0, 1, 1],
        [1, 2, 7],
      ];
      for (const [i, j, x] of records) {
        const expectedCost = referenceUpdate(ref, i, j, x, p);
        const cost = run(W, gradsq, V, i, j, x, p);
        expect(Math.abs(cost - expectedCost)).toBeLessThanOrEqual(1e-6 * Math.max(1, expectedCost));
        const want = flatten(ref);
        W.forEach((v, k) => expect(Math.abs(v - want.W[k])).toBeLessThan(1e-6 * Math.max(1, Math.abs(want.W[k]))));
        gradsq.forEach((v, k) =>
          expect(Math.abs(v - want.gradsq[k])).toBeLessThan(1e-6 * Math.max(1, Math.abs(want.gradsq[k]))),
        );
      }
    }
  });

  it('skips a record whose diff is not finite', () => {
    const W = new Float64Array([Infinity, 0, 0, 1, 0, 0]);
    const before = Float64Array.from(W);
    const gradsq = new Float64Array(6).fill(1);
    expect(run(W, gradsq, 1, 0, 0, 2, params)).toBe(0);
    expect(W).toEqual(before);
    expect(gradsq).toEqual(new Float64Array(6).fill(1));
  });

  it('starts as glove.c and sums W + W~ for the output', () => {
    const V = 3;
    const dim = 4;
    const W = new Float64Array(weightLength(V, dim));
    const gradsq = new Float64Array(W.length);
    initWeights(W, gradsq, dim, 5);
    expect(W.every((v) => v >= -0.5 / dim && v < 0.5 / dim)).toBe(true);
    expect(new Set(W).size).toBe(W.length);
    expect(gradsq.every((v) => v === 1)).toBe(true);
    const again = new Float64Array(W.length);
    initWeights(again, new Float64Array(W.length), dim, 5);
    expect(again).toEqual(W);
    const sum = outputVectors(W, V, dim, 'sum');
    const word = outputVectors(W, V, dim, 'word');
    expect(word[1 * dim + 2]).toBe(Math.fround(W[1 * (dim + 1) + 2]));
    expect(sum[2 * dim + 3]).toBe(Math.fround(W[2 * (dim + 1) + 3] + W[(V + 2) * (dim + 1) + 3]));
  });
});
