// The skip-gram step as an ONNX graph on the CPU provider against the engine's
// CPU kernel (sgnsPairUpdate, word2vec.c's math with its sigmoid table) on the
// same batch of pairs: the same matrices to 1e-5, the same loss.
import * as ort from 'onnxruntime-node';
import { describe, expect, it } from 'vitest';
import { sgnsStepModel } from '../../../src-main/core/onnx/sgns-graph.ts';
import { sgnsPairUpdate } from '../../../src-main/core/train/sgns-kernel.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

const V = 400;
const D = 24;
const B = 12;
const K = 5;

function randomMatrix(rng: Xoshiro128, scale: number): Float32Array {
  return Float32Array.from({ length: V * D }, () => (rng.nextFloat() - 0.5) * scale);
}

/** B pairs over distinct rows: input rows, targets and negatives never repeat within the batch */
function distinctBatch(rng: Xoshiro128) {
  const ids = Array.from({ length: V }, (_, i) => i);
  for (let i = ids.length - 1; i > 0; i--) {
    const j = Math.floor(rng.nextFloat() * (i + 1));
    [ids[i], ids[j]] = [ids[j], ids[i]];
  }
  const inputs = ids.slice(0, B);
  const targets = ids.slice(B, 2 * B);
  const negatives = ids.slice(2 * B, 2 * B + B * K);
  return { inputs, targets, negatives };
}

async function graphStep(
  syn0: Float32Array,
  syn1: Float32Array,
  batch: { inputs: number[]; targets: number[]; negatives: number[] },
  alpha: number,
) {
  const session = await ort.InferenceSession.create(sgnsStepModel({ negative: K }), {
    executionProviders: ['cpu'],
  });
  const i64 = (a: number[], dims: number[]) => new ort.Tensor('int64', BigInt64Array.from(a.map(BigInt)), dims);
  const out = await session.run({
    syn0: new ort.Tensor('float32', syn0.slice(), [V, D]),
    syn1neg: new ort.Tensor('float32', syn1.slice(), [V, D]),
    inputs: i64(batch.inputs, [B]),
    targets: i64(batch.targets, [B]),
    negatives: i64(batch.negatives, [B, K]),
    alpha: new ort.Tensor('float32', Float32Array.of(alpha), [1]),
  });
  await session.release();
  return {
    syn0: out.syn0_out.data as Float32Array,
    syn1: out.syn1neg_out.data as Float32Array,
    loss: out.loss.data as Float32Array,
  };
}

function maxDiff(a: Float32Array, b: Float32Array): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('skip-gram step as an ONNX graph', () => {
  it.each([
    ['small weights (inside the sigmoid table)', 1],
    ['large weights (dot products beyond ±6 clip to 0 or 1)', 12],
  ])('equals the CPU kernel on the same batch: %s', async (_name, scale) => {
    const rng = new Xoshiro128(7);
    const syn0 = randomMatrix(rng, scale);
    const syn1 = randomMatrix(rng, scale);
    const batch = distinctBatch(rng);
    const alpha = 0.025;
    const graph = await graphStep(syn0, syn1, batch, alpha);

    const cpu0 = syn0.slice();
    const cpu1 = syn1.slice();
    const neu1e = new Float32Array(D);
    const losses: number[] = [];
    for (let p = 0; p < B; p++) {
      const negs = batch.negatives.slice(p * K, (p + 1) * K);
      losses.push(sgnsPairUpdate(cpu0, cpu1, D, batch.inputs[p], batch.targets[p], negs, K, alpha, neu1e));
    }
    expect(maxDiff(graph.syn0, cpu0)).toBeLessThan(1e-5);
    expect(maxDiff(graph.syn1, cpu1)).toBeLessThan(1e-5);
    // the graph's loss is exact softplus; the CPU kernel's comes from the table grid
    graph.loss.forEach((l, p) => expect(Math.abs(l - losses[p])).toBeLessThan(0.05 * Math.max(1, losses[p])));
    // something moved
    expect(maxDiff(graph.syn0, syn0)).toBeGreaterThan(1e-4);
  });

  it('skips a negative equal to the target, as word2vec does', async () => {
    const rng = new Xoshiro128(3);
    const syn0 = randomMatrix(rng, 1);
    const syn1 = randomMatrix(rng, 1);
    const batch = distinctBatch(rng);
    batch.negatives[0] = batch.targets[0];
    const graph = await graphStep(syn0, syn1, batch, 0.05);
    const cpu0 = syn0.slice();
    const cpu1 = syn1.slice();
    const neu1e = new Float32Array(D);
    for (let p = 0; p < B; p++) {
      sgnsPairUpdate(
        cpu0,
        cpu1,
        D,
        batch.inputs[p],
        batch.targets[p],
        batch.negatives.slice(p * K, (p + 1) * K),
        K,
        0.05,
        neu1e,
      );
    }
    expect(maxDiff(graph.syn0, cpu0)).toBeLessThan(1e-5);
    expect(maxDiff(graph.syn1, cpu1)).toBeLessThan(1e-5);
  });
});
