// Skip-gram training with the update as an ONNX graph (sgns-graph.ts) run by
// onnxruntime on a chosen execution provider. The CPU makes the batches (the
// same windows, subsampling and negative table as the CPU trainer); the
// provider does the arithmetic. Each step's output matrices are the next
// step's inputs. On the CPU provider this is slower than the SIMD kernel (the
// matrices are copied in and out per step); it exists for GPU providers.
import * as ort from 'onnxruntime-node';
import { SENTENCE_END, TOKENS_PER_CHUNK, TokenReader } from '../corpus/token-file.ts';
import { keepProbabilities, negativeTable, drawFromTable } from '../train/sampling.ts';
import { Xoshiro128 } from '../train/random.ts';
import { sgnsStepModel } from './sgns-graph.ts';
import { sessionOptions, type ProviderName } from './providers.ts';

export interface GraphTrainParams {
  dim: number;
  window: number;
  negative: number;
  sample: number;
  epochs: number;
  alpha: number;
  minAlpha: number;
  seed: number;
  /** pairs per graph step */
  batch: number;
}

export interface GraphTrainResult {
  /** syn0, vocabulary × dim */
  vectors: Float32Array;
  dim: number;
  pairs: number;
  steps: number;
  seconds: number;
  /** mean loss per pair of each epoch */
  epochLoss: number[];
}

export async function trainSgnsOnGraph(input: {
  tokenFile: string;
  counts: number[];
  params: GraphTrainParams;
  provider: ProviderName;
  signal?: AbortSignal;
}): Promise<GraphTrainResult> {
  const { params: p, counts } = input;
  const V = counts.length;
  const started = performance.now();
  const session = await ort.InferenceSession.create(
    sgnsStepModel({ negative: p.negative }),
    sessionOptions(input.provider),
  );
  try {
    const rng = new Xoshiro128(p.seed);
    // word2vec.c's start: input rows uniform in ±0.5/dim, output rows zero
    let syn0: ort.Tensor = new ort.Tensor(
      'float32',
      Float32Array.from({ length: V * p.dim }, () => (rng.nextFloat() - 0.5) / p.dim),
      [V, p.dim],
    );
    let syn1: ort.Tensor = new ort.Tensor('float32', new Float32Array(V * p.dim), [V, p.dim]);
    const keep = keepProbabilities(counts, V, p.sample);
    const table = negativeTable(counts, V);
    const total = p.epochs * counts.reduce((s, c) => s + c, 0);
    const batch = new PairBatch(p.batch, p.negative);
    let wordsDone = 0;
    let steps = 0;
    let pairs = 0;
    const epochLoss: number[] = [];
    const step = async () => {
      if (batch.size === 0) return 0;
      const alpha = Math.max(p.minAlpha, p.alpha * (1 - wordsDone / (total + 1)));
      const out = await session.run({
        syn0,
        syn1neg: syn1,
        ...batch.feeds(),
        alpha: new ort.Tensor('float32', Float32Array.of(alpha), [1]),
      });
      syn0 = out.syn0_out;
      syn1 = out.syn1neg_out;
      steps++;
      pairs += batch.size;
      const loss = (out.loss.data as Float32Array).reduce((s, x) => s + x, 0);
      batch.clear();
      return loss;
    };
    for (let epoch = 0; epoch < p.epochs; epoch++) {
      let lossSum = 0;
      let epochPairs = 0;
      for (const sentence of sentences(input.tokenFile)) {
        input.signal?.throwIfAborted();
        wordsDone += sentence.length;
        const kept = sentence.filter((w) => keep[w] >= 1 || keep[w] > rng.nextFloat());
        for (let i = 0; i < kept.length; i++) {
          const b = Math.floor(rng.nextFloat() * p.window);
          for (let j = i - p.window + b; j <= i + p.window - b; j++) {
            if (j === i || j < 0 || j >= kept.length) continue;
            // word2vec.c: the context word's input row predicts the center word
            batch.add(kept[j], kept[i], () => drawFromTable(table, rng.nextUint32() >>> 1));
            if (batch.full) {
              epochPairs += batch.size;
              lossSum += await step();
            }
          }
        }
      }
      epochPairs += batch.size;
      lossSum += await step();
      epochLoss.push(epochPairs ? lossSum / epochPairs : 0);
    }
    return {
      vectors: Float32Array.from(syn0.data as Float32Array),
      dim: p.dim,
      pairs,
      steps,
      seconds: (performance.now() - started) / 1000,
      epochLoss,
    };
  } finally {
    await session.release();
  }
}

/** the token file's sentences, in order, read in chunks (memory: one chunk and one sentence) */
function* sentences(file: string): Generator<number[]> {
  const reader = new TokenReader(file);
  try {
    const chunk = new Uint32Array(TOKENS_PER_CHUNK);
    let current: number[] = [];
    for (let at = 0; at < reader.count;) {
      const n = reader.read(at, chunk);
      at += n;
      for (let i = 0; i < n; i++) {
        if (chunk[i] !== SENTENCE_END) current.push(chunk[i]);
        else {
          yield current;
          current = [];
        }
      }
    }
    if (current.length) yield current;
  } finally {
    reader.close();
  }
}

/** pairs gathered for one graph step, as the int64 tensors the graph takes */
class PairBatch {
  private readonly inputs: BigInt64Array;
  private readonly targets: BigInt64Array;
  private readonly negatives: BigInt64Array;
  size = 0;

  constructor(
    private readonly capacity: number,
    private readonly negative: number,
  ) {
    this.inputs = new BigInt64Array(capacity);
    this.targets = new BigInt64Array(capacity);
    this.negatives = new BigInt64Array(capacity * negative);
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  add(input: number, target: number, draw: () => number): void {
    this.inputs[this.size] = BigInt(input);
    this.targets[this.size] = BigInt(target);
    for (let k = 0; k < this.negative; k++) this.negatives[this.size * this.negative + k] = BigInt(draw());
    this.size++;
  }

  feeds(): Record<string, ort.Tensor> {
    const n = this.size;
    return {
      inputs: new ort.Tensor('int64', this.inputs.slice(0, n), [n]),
      targets: new ort.Tensor('int64', this.targets.slice(0, n), [n]),
      negatives: new ort.Tensor('int64', this.negatives.slice(0, n * this.negative), [n, this.negative]),
    };
  }

  clear(): void {
    this.size = 0;
  }
}
