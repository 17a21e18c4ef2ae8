// GloVe with the update as an ONNX graph (glove-graph.ts) on a chosen
// execution provider. Counting and shuffling are the CPU trainer's own
// (cooccur.ts, shuffle.ts: the same records in the same order for the same
// seed); each iteration then feeds the shuffled records to the graph a batch
// at a time, the weights staying on the device between steps where the
// provider allows (graph-steps.ts). The weights start as the CPU trainer's
// (glove.c's layout, initWeights) and end in its layout too, so a run trained
// here can be continued on the CPU and the other way round. Checkpoints are
// the CPU trainer's too (iteration boundaries, glove-checkpoint.ts), taken
// when due: the weights are read off the device only then.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import * as ort from 'onnxruntime-node';
import { ParamError } from '../errors.ts';
import { countCooccurrences } from '../train/glove/cooccur.ts';
import {
  GloveAbortError,
  gloveBoundary,
  packGloveWeights,
  readGloveCheckpoint,
  unpackGloveWeights,
} from '../train/glove/glove-checkpoint.ts';
import { initWeights, outputVectors, weightLength } from '../train/glove/glove-kernel.ts';
import { validateGloveParams, type GloveParams } from '../train/glove/glove-params.ts';
import { RecordReader } from '../train/glove/records.ts';
import { shuffleRecords } from '../train/glove/shuffle.ts';
import type { Checkpoint } from '../train/types.ts';
import { GraphSteps, IndexBuffer, PROGRESS_EVERY_MS, scalar } from './graph-steps.ts';
import { GLOVE_TENSORS, gloveStepModel, type GloveTensorName } from './glove-graph.ts';
import type { GraphRunInput, GraphTrainResult } from './graph-train.ts';

/** initFrom: a finished GloVe run's matrices (GloveResult.matrices); resumeFrom: a GloVe checkpoint, this trainer's or the CPU trainer's */
export interface GloveGraphInput extends GraphRunInput {
  params: GloveParams & { batch: number };
  /** a folder for the co-occurrence files; a folder of this run's own is made in it and removed */
  tmpDir: string;
}

/** where training starts: iteration and the losses of those before it */
interface Start {
  iteration: number;
  epochLoss: number[];
}

export async function trainGloveOnGraph(input: GloveGraphInput): Promise<GraphTrainResult> {
  const { params: p } = input;
  const { vocabSize: V } = validateGloveParams(p, input.counts);
  if (!Number.isSafeInteger(p.batch) || p.batch < 1) {
    throw new ParamError(`graph batch must be a whole number of at least 1, got ${p.batch}`);
  }
  input.signal?.throwIfAborted();
  const started = performance.now();
  const workDir = mkdtempSync(join(input.tmpDir, 'glove-graph-'));
  try {
    const records = prepareRecords(input, V, workDir);
    const { W, gradsq } = startingWeights(input, V);
    const start = resumePoint(input, V, records.count, W, gradsq);
    const steps = await GraphSteps.open(gloveStepModel(), input.provider, tensorsOf(W, gradsq, V, p.dim));
    try {
      const trainStarted = performance.now();
      const boundaries = new Boundaries(input, steps, { ...p, vocabSize: V, records: records.count }, W, gradsq);
      const epochLoss = await trainIterations(input, steps, records, start, boundaries);
      const train = (performance.now() - trainStarted) / 1000;
      readBack(await readAll(steps), W, gradsq, V, p.dim);
      return {
        vocabSize: V,
        dim: p.dim,
        vectors: outputVectors(W, V, p.dim, p.model),
        matrices: packGloveWeights(W, gradsq, V, p.dim),
        epochLoss,
        seconds: (performance.now() - started) / 1000,
        wordsDone: 0,
        phases: { cooccur: records.seconds.cooccur, shuffle: records.seconds.shuffle, train, nonZero: records.count },
        examples: (p.iter - start.iteration) * records.count,
        steps: (p.iter - start.iteration) * Math.ceil(records.count / p.batch),
        onDevice: steps.onDevice,
      };
    } finally {
      await steps.release();
    }
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}

/** the CPU trainer's counting and shuffling, with progress and cancel */
function prepareRecords(input: GloveGraphInput, V: number, workDir: string) {
  const { params: p, signal } = input;
  const memoryBytes = p.memoryMB * 1024 * 1024;
  const coocFile = join(workDir, 'cooccurrence.bin');
  const shufFile = join(workDir, 'cooccurrence.shuf.bin');
  const checkpoint = () => signal?.throwIfAborted();
  const phase = (name: string, unit: string) => {
    const t0 = performance.now();
    let last = 0;
    return (done: number, total: number) => {
      const now = performance.now();
      if (now - last < PROGRESS_EVERY_MS && done < total) return;
      last = now;
      const rate = done / Math.max(1e-3, (now - t0) / 1000);
      input.onProgress?.({
        wordsDone: done,
        wordsTotal: total,
        wordsPerSec: rate,
        loss: Number.NaN,
        alpha: p.eta,
        epoch: 0,
        etaSeconds: rate > 0 ? (total - done) / rate : null,
        phase: name,
        message: `${name}: ${unit}`,
      });
    };
  };
  let t0 = performance.now();
  const counted = countCooccurrences({
    tokenFile: input.tokenFile,
    vocabSize: V,
    window: p.window,
    memoryBytes,
    workDir,
    outFile: coocFile,
    onProgress: phase('cooccur', 'tokens'),
    checkpoint,
  });
  if (counted.nonZero === 0) {
    throw new ParamError('no two kept words occur within the window on one line: there is nothing to train on');
  }
  const cooccur = (performance.now() - t0) / 1000;
  t0 = performance.now();
  shuffleRecords({
    inFile: coocFile,
    outFile: shufFile,
    workDir,
    memoryBytes,
    seed: p.seed,
    onProgress: phase('shuffle', 'records'),
    checkpoint,
  });
  rmSync(coocFile, { force: true });
  const shuffle = (performance.now() - t0) / 1000;
  return { file: shufFile, count: counted.nonZero, seconds: { cooccur, shuffle } };
}

/** glove.c's layout: the CPU trainer's start, or a finished run's matrices */
function startingWeights(input: GloveGraphInput, V: number): { W: Float64Array; gradsq: Float64Array } {
  const { dim, seed } = input.params;
  const W = new Float64Array(weightLength(V, dim));
  const gradsq = new Float64Array(weightLength(V, dim));
  if (input.initFrom) unpackGloveWeights(input.initFrom, W, gradsq, V, dim, 'continue from the given run');
  else initWeights(W, gradsq, dim, seed);
  return { W, gradsq };
}

/** a resumed run: the checkpoint's weights into W and gradsq, and where it stopped */
function resumePoint(input: GloveGraphInput, V: number, records: number, W: Float64Array, gradsq: Float64Array): Start {
  const c = input.resumeFrom;
  if (!c) return { iteration: 0, epochLoss: [] };
  const p = input.params;
  const state = readGloveCheckpoint(c, { ...p, vocabSize: V, records });
  unpackGloveWeights(c.matrices, W, gradsq, V, p.dim, 'resume from the checkpoint');
  return { iteration: state.iterationsDone, epochLoss: [...state.epochLoss] };
}

/** iteration-boundary checkpoints, read off the device when due; the last one goes with a cancel */
class Boundaries {
  private last: Checkpoint | undefined;
  private lastAt = performance.now();

  constructor(
    private readonly input: GloveGraphInput,
    private readonly steps: GraphSteps,
    private readonly run: Parameters<typeof gloveBoundary>[2],
    private readonly W: Float64Array,
    private readonly gradsq: Float64Array,
  ) {
    this.last = input.resumeFrom;
  }

  async after(iterationsDone: number, epochLoss: number[]): Promise<void> {
    const { onCheckpoint, checkpointEveryMs } = this.input;
    if (!onCheckpoint || iterationsDone >= this.run.iter) return;
    if (checkpointEveryMs !== undefined && performance.now() - this.lastAt < checkpointEveryMs) return;
    readBack(await readAll(this.steps), this.W, this.gradsq, this.run.vocabSize, this.run.dim);
    this.last = gloveBoundary(this.W, this.gradsq, this.run, iterationsDone, epochLoss);
    onCheckpoint(this.last);
    this.lastAt = performance.now();
  }

  /** throws the cancel, with the last boundary, when the signal says so */
  check(): void {
    if (this.input.signal?.aborted) throw new GloveAbortError(this.last);
  }
}

/** glove.c's layout (2V rows of dim + 1: vector then bias) split into the graph's float32 tensors */
function tensorsOf(W: Float64Array, gradsq: Float64Array, V: number, dim: number): Record<string, ort.Tensor> {
  const S = dim + 1;
  const split = (from: Float64Array, base: number) => {
    const vectors = new Float32Array(V * dim);
    const biases = new Float32Array(V);
    for (let a = 0; a < V; a++) {
      const row = (base + a) * S;
      for (let c = 0; c < dim; c++) vectors[a * dim + c] = from[row + c];
      biases[a] = from[row + dim];
    }
    return [new ort.Tensor('float32', vectors, [V, dim]), new ort.Tensor('float32', biases, [V])] as const;
  };
  const [w, b] = split(W, 0);
  const [wt, bt] = split(W, V);
  const [gw, gb] = split(gradsq, 0);
  const [gwt, gbt] = split(gradsq, V);
  return { W: w, Wt: wt, b, bt, gradsq_W: gw, gradsq_Wt: gwt, gradsq_b: gb, gradsq_bt: gbt };
}

async function readAll(steps: GraphSteps): Promise<Record<GloveTensorName, Float32Array>> {
  const out = {} as Record<GloveTensorName, Float32Array>;
  for (const name of GLOVE_TENSORS) out[name] = await steps.read(name);
  return out;
}

/** the reverse of tensorsOf */
function readBack(
  t: Record<GloveTensorName, Float32Array>,
  W: Float64Array,
  gradsq: Float64Array,
  V: number,
  dim: number,
): void {
  const S = dim + 1;
  const join = (to: Float64Array, base: number, vectors: Float32Array, biases: Float32Array) => {
    for (let a = 0; a < V; a++) {
      const row = (base + a) * S;
      for (let c = 0; c < dim; c++) to[row + c] = vectors[a * dim + c];
      to[row + dim] = biases[a];
    }
  };
  join(W, 0, t.W, t.b);
  join(W, V, t.Wt, t.bt);
  join(gradsq, 0, t.gradsq_W, t.gradsq_b);
  join(gradsq, V, t.gradsq_Wt, t.gradsq_bt);
}

async function trainIterations(
  input: GloveGraphInput,
  steps: GraphSteps,
  records: { file: string; count: number },
  start: Start,
  boundaries: Boundaries,
): Promise<number[]> {
  const p = input.params;
  const i = new IndexBuffer(p.batch);
  const j = new IndexBuffer(p.batch);
  const x = new Float32Array(p.batch);
  const constants = { eta: scalar(p.eta), xMax: scalar(p.xMax), alpha: scalar(p.alpha) };
  const total = p.iter * records.count;
  const trainStart = performance.now();
  const first = start.iteration * records.count;
  let done = first;
  let last = 0;
  const epochLoss = [...start.epochLoss];
  const reader = new RecordReader(records.file, undefined, p.batch);
  try {
    for (let iteration = start.iteration + 1; iteration <= p.iter; iteration++) {
      reader.rewind();
      let cost = 0;
      let seen = 0;
      for (let n = reader.next(); n > 0; n = reader.next()) {
        boundaries.check();
        const { u32, f64 } = reader.buffer;
        for (let r = 0; r < n; r++) {
          i.set(r, u32[4 * r]);
          j.set(r, u32[4 * r + 1]);
          x[r] = f64[2 * r + 1];
        }
        const out = await steps.run({
          i: i.tensor(n, [n]),
          j: j.tensor(n, [n]),
          x: new ort.Tensor('float32', n === p.batch ? x : x.subarray(0, n), [n]),
          ...constants,
        });
        const c = out.cost.data as Float32Array;
        for (let r = 0; r < n; r++) cost += c[r];
        seen += n;
        done += n;
        const now = performance.now();
        if (input.onProgress && (now - last >= PROGRESS_EVERY_MS || done === total)) {
          last = now;
          const rate = (done - first) / Math.max(1e-3, (now - trainStart) / 1000);
          input.onProgress({
            wordsDone: done,
            wordsTotal: total,
            wordsPerSec: rate,
            loss: cost / seen,
            alpha: p.eta,
            epoch: iteration,
            etaSeconds: rate > 0 ? (total - done) / rate : null,
            phase: 'train',
            message: `train: records, ONNX graph on ${input.provider}${steps.onDevice ? ' (weights on the device)' : ''}`,
          });
        }
      }
      epochLoss.push(seen ? cost / seen : Number.NaN);
      await boundaries.after(iteration, epochLoss);
    }
  } finally {
    reader.close();
  }
  return epochLoss;
}
