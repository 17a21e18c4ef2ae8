// Runs in a child process whose environment points the Vulkan loader at a
// software device (see webgpu.test.ts): the training graphs and the encoder
// on onnxruntime's WebGPU provider beside the same on the CPU provider.
// Prints one JSON document; the test makes the assertions.
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { Encoder } from '../../../src-main/core/onnx/encoder.ts';
import { cbowStepModel } from '../../../src-main/core/onnx/cbow-graph.ts';
import { GLOVE_TENSORS, gloveStepModel } from '../../../src-main/core/onnx/glove-graph.ts';
import { GraphSteps, scalar } from '../../../src-main/core/onnx/graph-steps.ts';
import { trainGloveOnGraph } from '../../../src-main/core/onnx/glove-graph-train.ts';
import { trainSgnsOnGraph } from '../../../src-main/core/onnx/graph-train.ts';
import { probeProviders, type ProviderName } from '../../../src-main/core/onnx/providers.ts';
import { sgnsStepModel } from '../../../src-main/core/onnx/sgns-graph.ts';
import { defaultGloveParams } from '../../../src-main/core/train/glove/glove-params.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';
import { encode, plantedCorpus } from '../../helpers/planted-corpus.ts';

const [fixture, workDir] = process.argv.slice(2);
const V = 60;
const D = 16;
const B = 48;
const K = 3;
const rng = new Xoshiro128(11);

const floats = (n: number, f: () => number) => new ort.Tensor('float32', Float32Array.from({ length: n }, f), [n]);
const matrix = (scale: number) =>
  new ort.Tensor(
    'float32',
    Float32Array.from({ length: V * D }, () => (rng.nextFloat() - 0.5) * scale),
    [V, D],
  );
/** ids drawn from a small vocabulary, so rows repeat within the batch (the scatter-add's hard case) */
const ids = (dims: number[]) => {
  const n = dims.reduce((a, b) => a * b, 1);
  return new ort.Tensor(
    'int64',
    BigInt64Array.from({ length: n }, () => BigInt(rng.nextUint32() % V)),
    dims,
  );
};

async function runOn(provider: ProviderName, model: Uint8Array, feeds: Record<string, ort.Tensor>) {
  const session = await ort.InferenceSession.create(model, { executionProviders: [provider], logSeverityLevel: 3 });
  const out = await session.run(feeds);
  const copy = Object.fromEntries(Object.entries(out).map(([k, t]) => [k, Float32Array.from(t.data as Float32Array)]));
  await session.release();
  return copy;
}

/** the largest difference per output between WebGPU and CPU on the same feeds */
async function compareStep(model: Uint8Array, feeds: Record<string, ort.Tensor>) {
  const cpu = await runOn('cpu', model, feeds);
  const gpu = await runOn('webgpu', model, feeds);
  return Object.fromEntries(Object.keys(cpu).map((k) => [k, maxDiff(cpu[k], gpu[k])]));
}

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Number.POSITIVE_INFINITY;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

function gloveFeeds() {
  const feeds: Record<string, ort.Tensor> = {};
  for (const name of GLOVE_TENSORS) {
    const vector = name === 'b' || name === 'bt' || name === 'gradsq_b' || name === 'gradsq_bt';
    const n = vector ? V : V * D;
    const t = name.startsWith('gradsq') ? floats(n, () => 1 + rng.nextFloat()) : floats(n, () => rng.nextFloat() - 0.5);
    feeds[name] = vector ? t : new ort.Tensor('float32', t.data as Float32Array, [V, D]);
  }
  return {
    ...feeds,
    i: ids([B]),
    j: ids([B]),
    x: floats(B, () => 1 + 20 * rng.nextFloat()),
    eta: scalar(0.05),
    xMax: scalar(10),
    alpha: scalar(0.75),
  };
}

/** a few steps fed back on the device, then the matrices read out (Tensor.getData() would abort here) */
async function deviceSteps(provider: ProviderName) {
  const local = new Xoshiro128(5);
  const m = () =>
    new ort.Tensor(
      'float32',
      Float32Array.from({ length: V * D }, () => local.nextFloat() - 0.5),
      [V, D],
    );
  const steps = await GraphSteps.open(sgnsStepModel({ negative: K }), provider, { syn0: m(), syn1neg: m() });
  const id = (n: number) => BigInt64Array.from({ length: n }, () => BigInt(local.nextUint32() % V));
  for (let s = 0; s < 4; s++) {
    await steps.run({
      inputs: new ort.Tensor('int64', id(B), [B]),
      targets: new ort.Tensor('int64', id(B), [B]),
      negatives: new ort.Tensor('int64', id(B * K), [B, K]),
      alpha: scalar(0.025),
    });
  }
  const out = { onDevice: steps.onDevice, syn0: await steps.read('syn0'), syn1neg: await steps.read('syn1neg') };
  await steps.release();
  return out;
}

/** short skip-gram and GloVe runs on the planted corpus: the same batches on either provider */
async function training(provider: ProviderName) {
  const planted = encode(plantedCorpus(200), join(workDir, 'planted.tok'));
  const params = { dim: 20, window: 4, negative: 5, sample: 0, epochs: 3, alpha: 0.025, minAlpha: 0.0001, seed: 1 };
  const sgns = await trainSgnsOnGraph({
    tokenFile: planted.file,
    counts: planted.counts,
    params: { ...params, batch: 512 },
    provider,
  });
  const glove = await trainGloveOnGraph({
    tokenFile: planted.file,
    counts: planted.counts,
    params: { ...defaultGloveParams, dim: 10, window: 5, minCount: 1, iter: 4, seed: 3, threads: 1, batch: 64 },
    provider,
    tmpDir: workDir,
  });
  return { sgns, glove };
}

async function trainingOnBoth() {
  const cpu = await training('cpu');
  const gpu = await training('webgpu');
  return {
    onDevice: gpu.sgns.onDevice && gpu.glove.onDevice,
    sgns: { vectors: maxDiff(cpu.sgns.vectors, gpu.sgns.vectors), loss: gpu.sgns.epochLoss },
    glove: { vectors: maxDiff(cpu.glove.vectors, gpu.glove.vectors), loss: gpu.glove.epochLoss },
  };
}

async function encoder() {
  const enc = await Encoder.open(fixture, { provider: 'webgpu' });
  const texts = ['The bank of the river was muddy.', 'She paid the money into the bank.', 'hello'];
  const gpu = await enc.encode(texts, { pooling: 'mean', normalize: true, tokenVectors: true });
  const attention = await enc.attention(texts[0], null, 1, 1);
  const provider = enc.provider.chosen;
  await enc.close();
  return { provider, vectors: gpu.vectors.map((v) => Array.from(v)), attention: attention.weights, texts };
}

const report = await probeProviders();
const steps = {
  sgns: await compareStep(sgnsStepModel({ negative: K }), {
    syn0: matrix(1),
    syn1neg: matrix(1),
    inputs: ids([B]),
    targets: ids([B]),
    negatives: ids([B, K]),
    alpha: scalar(0.025),
  }),
  cbow: await compareStep(cbowStepModel({ negative: K }), {
    syn0: matrix(1),
    syn1neg: matrix(1),
    contexts: ids([B, 4]),
    mask: new ort.Tensor(
      'float32',
      Float32Array.from({ length: B * 4 }, (_, c) => (c % 4 === 3 ? 0 : 1)),
      [B, 4],
    ),
    targets: ids([B]),
    negatives: ids([B, K]),
    alpha: scalar(0.025),
  }),
  glove: await compareStep(gloveStepModel(), gloveFeeds()),
};
const onCpu = await deviceSteps('cpu');
const onGpu = await deviceSteps('webgpu');
const device = {
  onDevice: onGpu.onDevice,
  syn0: maxDiff(onCpu.syn0, onGpu.syn0),
  syn1neg: maxDiff(onCpu.syn1neg, onGpu.syn1neg),
};
process.stdout.write(
  JSON.stringify({ report, steps, device, training: await trainingOnBoth(), encoder: await encoder() }) + '\n',
);
