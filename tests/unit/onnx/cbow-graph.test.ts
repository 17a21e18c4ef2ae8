// The CBOW step as an ONNX graph on the CPU provider against the engine's CPU
// math for one example (CbowKernel: h = mean of the context rows, the output
// layer's negativeSamplingUpdate, h's error added to every context row), on a
// batch whose rows are all distinct: the same matrices to 1e-5.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { cbowStepModel } from '../../../src-main/core/onnx/cbow-graph.ts';
import { addToRow, negativeSamplingUpdate } from '../../../src-main/core/train/output-layer.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

const V = 600;
const D = 16;
const B = 10;
const K = 4;
const C = 6; // slots: window 3 each side

interface Example {
  contexts: number[];
  target: number;
  negatives: number[];
}

function randomMatrix(rng: Xoshiro128, scale: number): Float32Array {
  return Float32Array.from({ length: V * D }, () => (rng.nextFloat() - 0.5) * scale);
}

/** B examples with 1..C context words each, every row used once in the whole batch */
function distinctBatch(rng: Xoshiro128): Example[] {
  const ids = Array.from({ length: V }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  let at = 0;
  const take = (n: number) => ids.slice(at, (at += n));
  return Array.from({ length: B }, (_, b) => ({
    contexts: take(1 + (b % C)),
    target: take(1)[0],
    negatives: take(K),
  }));
}

async function graphStep(syn0: Float32Array, syn1: Float32Array, batch: Example[], alpha: number) {
  const contexts = new BigInt64Array(B * C);
  const mask = new Float32Array(B * C);
  batch.forEach((e, b) =>
    e.contexts.forEach((w, c) => {
      contexts[b * C + c] = BigInt(w);
      mask[b * C + c] = 1;
    }),
  );
  const i64 = (a: number[], dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), dims);
  const session = await ort.InferenceSession.create(cbowStepModel({ negative: K }), { executionProviders: ['cpu'] });
  const out = await session.run({
    syn0: new ort.Tensor('float32', syn0.slice(), [V, D]),
    syn1neg: new ort.Tensor('float32', syn1.slice(), [V, D]),
    contexts: new ort.Tensor('int64', contexts, [B, C]),
    mask: new ort.Tensor('float32', mask, [B, C]),
    targets: i64(
      batch.map((e) => e.target),
      [B],
    ),
    negatives: i64(
      batch.flatMap((e) => e.negatives),
      [B, K],
    ),
    alpha: new ort.Tensor('float32', Float32Array.of(alpha), [1]),
  });
  await session.release();
  return { syn0: out.syn0_out.data as Float32Array, syn1: out.syn1neg_out.data as Float32Array, loss: out.loss.data };
}

/** CbowKernel.trainSentence's body for one center word */
function cpuStep(syn0: Float32Array, syn1: Float32Array, e: Example, alpha: number): number {
  const neu1 = new Float32Array(D);
  const neu1e = new Float32Array(D);
  for (const w of e.contexts) for (let c = 0; c < D; c++) neu1[c] += syn0[w * D + c];
  for (let c = 0; c < D; c++) neu1[c] /= e.contexts.length;
  const loss = negativeSamplingUpdate(neu1, 0, syn1, D, e.target, e.negatives, K, alpha, neu1e);
  for (const w of e.contexts) addToRow(syn0, w * D, neu1e, D);
  return loss;
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('CBOW step as an ONNX graph', () => {
  it.each([
    ['small weights', 1],
    ['large weights (dot products beyond ±6)', 16],
  ])('equals the CPU kernel per example on a distinct-row batch: %s', async (_name, scale) => {
    const rng = new Xoshiro128(11);
    const syn0 = randomMatrix(rng, scale);
    const syn1 = randomMatrix(rng, scale);
    const batch = distinctBatch(rng);
    const alpha = 0.05;
    const graph = await graphStep(syn0, syn1, batch, alpha);
    const cpu0 = syn0.slice();
    const cpu1 = syn1.slice();
    const losses = batch.map((e) => cpuStep(cpu0, cpu1, e, alpha));
    expect(maxDiff(graph.syn0, cpu0)).toBeLessThan(1e-5);
    expect(maxDiff(graph.syn1, cpu1)).toBeLessThan(1e-5);
    // exact softplus in the graph, the table grid on the CPU
    losses.forEach((l, b) => expect(Math.abs(Number(graph.loss[b]) - l)).toBeLessThan(0.05 * Math.max(1, l)));
    expect(maxDiff(graph.syn0, syn0)).toBeGreaterThan(1e-4);
    // padded slots read row 0 and add exactly nothing to it
    if (!batch.some((e) => e.contexts.includes(0))) expect(graph.syn0.subarray(0, D)).toEqual(syn0.subarray(0, D));
  });

  it('skips a negative equal to the target, as word2vec does', async () => {
    const rng = new Xoshiro128(5);
    const syn0 = randomMatrix(rng, 1);
    const syn1 = randomMatrix(rng, 1);
    const batch = distinctBatch(rng);
    batch[2].negatives[1] = batch[2].target;
    const graph = await graphStep(syn0, syn1, batch, 0.05);
    const cpu0 = syn0.slice();
    const cpu1 = syn1.slice();
    for (const e of batch) cpuStep(cpu0, cpu1, e, 0.05);
    expect(maxDiff(graph.syn0, cpu0)).toBeLessThan(1e-5);
    expect(maxDiff(graph.syn1, cpu1)).toBeLessThan(1e-5);
  });
});
