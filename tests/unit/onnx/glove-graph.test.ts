// The GloVe step as an ONNX graph on the CPU provider against the CPU
// kernel's per-record update (gloveUpdate, glove.c's math and quirks) on a
// batch of records with distinct rows: the same W, W̃, biases and AdaGrad
// sums to 1e-5, the same cost.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { GLOVE_TENSORS, gloveStepModel, type GloveTensorName } from '../../../src-main/core/onnx/glove-graph.ts';
import { gloveUpdate, type GloveKernelParams } from '../../../src-main/core/train/glove/glove-kernel.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

const V = 300;
const D = 12;
const B = 40;

type Tensors = Record<GloveTensorName, Float32Array>;

function randomTensors(rng: Xoshiro128, scale: number): Tensors {
  const fill = (n: number, f: () => number) => Float32Array.from({ length: n }, f);
  const w = () => (rng.nextFloat() - 0.5) * scale;
  // AdaGrad sums start at 1 and only grow
  const sq = () => 1 + rng.nextFloat() * 3;
  return {
    W: fill(V * D, w),
    Wt: fill(V * D, w),
    b: fill(V, w),
    bt: fill(V, w),
    gradsq_W: fill(V * D, sq),
    gradsq_Wt: fill(V * D, sq),
    gradsq_b: fill(V, sq),
    gradsq_bt: fill(V, sq),
  };
}

function permutation(rng: Xoshiro128): number[] {
  const ids = Array.from({ length: V }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  return ids;
}

/** B records: the i's distinct, the j's distinct; x from tiny to beyond xMax */
function distinctRecords(rng: Xoshiro128) {
  const i = permutation(rng).slice(0, B);
  const j = permutation(rng).slice(0, B);
  const x = Array.from({ length: B }, (_, r) => Math.fround(0.2 + r * 0.7 + rng.nextFloat()));
  return { i, j, x };
}

async function graphStep(t: Tensors, rec: { i: number[]; j: number[]; x: number[] }, p: GloveKernelParams) {
  const session = await ort.InferenceSession.create(gloveStepModel(), { executionProviders: ['cpu'] });
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of GLOVE_TENSORS) {
    const dims = t[name].length === V ? [V] : [V, D];
    feeds[name] = new ort.Tensor('float32', t[name].slice(), dims);
  }
  const i64 = (a: number[]) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), [a.length]);
  const scalar = (v: number) => new ort.Tensor('float32', Float32Array.of(v), [1]);
  const out = await session.run({
    ...feeds,
    i: i64(rec.i),
    j: i64(rec.j),
    x: new ort.Tensor('float32', Float32Array.from(rec.x), [rec.x.length]),
    eta: scalar(p.eta),
    xMax: scalar(p.xMax),
    alpha: scalar(p.alpha),
  });
  await session.release();
  const result = {} as Tensors;
  for (const name of GLOVE_TENSORS) result[name] = out[`${name}_out`].data as Float32Array;
  return { tensors: result, cost: out.cost.data as Float32Array };
}

/** glove.c's layout (2V rows of D + 1 float64: vector then bias) and gloveUpdate per record */
function cpuSteps(t: Tensors, rec: { i: number[]; j: number[]; x: number[] }, p: GloveKernelParams) {
  const S = D + 1;
  const W = new Float64Array(2 * V * S);
  const gradsq = new Float64Array(2 * V * S);
  for (let a = 0; a < V; a++) {
    for (let c = 0; c < D; c++) {
      W[a * S + c] = t.W[a * D + c];
      W[(V + a) * S + c] = t.Wt[a * D + c];
      gradsq[a * S + c] = t.gradsq_W[a * D + c];
      gradsq[(V + a) * S + c] = t.gradsq_Wt[a * D + c];
    }
    W[a * S + D] = t.b[a];
    W[(V + a) * S + D] = t.bt[a];
    gradsq[a * S + D] = t.gradsq_b[a];
    gradsq[(V + a) * S + D] = t.gradsq_bt[a];
  }
  const u1 = new Float64Array(D);
  const u2 = new Float64Array(D);
  const cost = rec.i.map((i, r) => gloveUpdate(W, gradsq, i * S, (V + rec.j[r]) * S, rec.x[r], p, u1, u2));
  const out = {} as Tensors;
  out.W = new Float32Array(V * D);
  out.Wt = new Float32Array(V * D);
  out.gradsq_W = new Float32Array(V * D);
  out.gradsq_Wt = new Float32Array(V * D);
  out.b = new Float32Array(V);
  out.bt = new Float32Array(V);
  out.gradsq_b = new Float32Array(V);
  out.gradsq_bt = new Float32Array(V);
  for (let a = 0; a < V; a++) {
    for (let c = 0; c < D; c++) {
      out.W[a * D + c] = W[a * S + c];
      out.Wt[a * D + c] = W[(V + a) * S + c];
      out.gradsq_W[a * D + c] = gradsq[a * S + c];
      out.gradsq_Wt[a * D + c] = gradsq[(V + a) * S + c];
    }
    out.b[a] = W[a * S + D];
    out.bt[a] = W[(V + a) * S + D];
    out.gradsq_b[a] = gradsq[a * S + D];
    out.gradsq_bt[a] = gradsq[(V + a) * S + D];
  }
  return { tensors: out, cost };
}

/** largest difference, relative for values above 1 (AdaGrad sums grow past 1) */
function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let k = 0; k < a.length; k++) m = Math.max(m, Math.abs(a[k] - b[k]) / Math.max(1, Math.abs(b[k])));
  return m;
}

const params: GloveKernelParams = { dim: D, xMax: 10, alpha: 0.75, eta: 0.05, gradClip: 100 };

describe('GloVe step as an ONNX graph', () => {
  it.each([
    ['small weights', 1, params],
    ['large weights (clipped gradients)', 60, params],
    ['another weighting (xMax 3, alpha 0.5, eta 0.2)', 1, { ...params, xMax: 3, alpha: 0.5, eta: 0.2 }],
  ])('equals the CPU update per record on distinct rows: %s', async (_name, scale, p) => {
    const rng = new Xoshiro128(21);
    const t = randomTensors(rng, scale);
    const rec = distinctRecords(rng);
    const graph = await graphStep(t, rec, p);
    const cpu = cpuSteps(t, rec, p);
    for (const name of GLOVE_TENSORS) {
      expect(maxDiff(graph.tensors[name], cpu.tensors[name]), name).toBeLessThan(1e-5);
      // every matrix moved
      expect(maxDiff(graph.tensors[name], t[name]), name).toBeGreaterThan(1e-5);
    }
    cpu.cost.forEach((c, r) => expect(Math.abs(graph.cost[r] - c)).toBeLessThan(1e-5 * Math.max(1, c)));
  });

  it('sums the updates of a row that two records share (minibatch semantics)', async () => {
    const rng = new Xoshiro128(4);
    const t = randomTensors(rng, 1);
    const rec = { i: [7, 7], j: [3, 9], x: [2, 5] };
    const graph = await graphStep(t, rec, params);
    // each record alone, from the same start: their updates to row 7 add up
    const one = cpuSteps(t, { i: [7], j: [3], x: [2] }, params).tensors;
    const two = cpuSteps(t, { i: [7], j: [9], x: [5] }, params).tensors;
    for (let c = 0; c < D; c++) {
      const expected = one.W[7 * D + c] + two.W[7 * D + c] - t.W[7 * D + c];
      expect(Math.abs(graph.tensors.W[7 * D + c] - expected)).toBeLessThan(1e-5);
    }
    expect(graph.tensors.gradsq_b[7]).toBeCloseTo(one.gradsq_b[7] + two.gradsq_b[7] - t.gradsq_b[7], 4);
  });

  it('skips a record whose f·diff is not finite, as glove.c does, and updates the rest', async () => {
    const rng = new Xoshiro128(9);
    const t = randomTensors(rng, 1);
    const rec = distinctRecords(rng);
    rec.x[3] = Number.POSITIVE_INFINITY;
    const graph = await graphStep(t, rec, params);
    const cpu = cpuSteps(t, rec, params);
    expect(graph.cost[3]).toBe(0);
    expect(cpu.cost[3]).toBe(0);
    for (let c = 0; c < D; c++) expect(graph.tensors.W[rec.i[3] * D + c]).toBe(t.W[rec.i[3] * D + c]);
    expect(graph.tensors.gradsq_b[rec.i[3]]).toBe(t.gradsq_b[rec.i[3]]);
    for (const name of GLOVE_TENSORS) expect(maxDiff(graph.tensors[name], cpu.tensors[name]), name).toBeLessThan(1e-5);
  });
});
