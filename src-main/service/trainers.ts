// One door to every training method: the service hands over the common
// TrainerInput and gets a TrainerResult, whatever the method underneath.
// sgns, cbow and glove can also train as ONNX graphs on an execution provider
// (params.graphProvider); 'off', the default, is the CPU kernels, unchanged.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { TrainMethod, TrainParams } from '../../src-preload/contract.ts';
import { ParamError } from '../core/errors.ts';
import type { GraphJob } from '../core/onnx/graph-worker.ts';
import { graphBatch, type GraphTrainResult } from '../core/onnx/graph-train.ts';
import { chooseProvider, probeProviders, type ProviderName, type ProviderReport } from '../core/onnx/providers.ts';
import { keptVocabSize } from '../core/train/sampling.ts';
import type { TrainerInput, TrainerResult, TrainProgress } from '../core/train/types.ts';
import { trainWord2vec, type Word2vecParams } from '../core/train/word2vec.ts';
import { trainGlove } from '../core/train/glove/glove.ts';
import { runWorker } from '../core/workers.ts';

export type RunTrainer = (input: TrainerInput<TrainParams>) => Promise<TrainerResult>;

const GLOVE_MEMORY_MB = 1024;

export const trainers: Record<TrainMethod, RunTrainer> = {
  sgns: (input) => graphOr('sgns', input, (i) => word2vec('sgns', i)),
  cbow: (input) => graphOr('cbow', input, (i) => word2vec('cbow', i)),
  fasttext: (input) => word2vec('fasttext', input),
  glove: (input) => graphOr('glove', input, glove),
};

async function glove(input: TrainerInput<TrainParams>): Promise<TrainerResult> {
  const p = input.params;
  const r = await trainGlove({
    tokenFile: input.tokenFile,
    counts: input.counts,
    tmpDir: input.tmpDir,
    params: gloveParams(p),
    signal: input.signal,
    checkpointEveryMs: input.checkpointEveryMs,
    onCheckpoint: input.onCheckpoint,
    resumeFrom: input.resumeFrom,
    // the stored { vectors, ...matrices }: GloVe goes on from W, Wc, biases and their AdaGrad sums
    initFrom: input.initFrom,
    onWeights: input.onWeights,
    onEpochEnd: input.onEpochEnd,
    onProgress: (g) =>
      input.onProgress?.({
        wordsDone: g.done,
        wordsTotal: g.total,
        wordsPerSec: g.rate,
        loss: g.loss ?? Number.NaN,
        alpha: g.alpha ?? p.eta,
        epoch: g.epoch ?? 0,
        etaSeconds: g.etaSeconds,
        phase: g.phase,
        message: `${g.phase}: ${g.unit}`,
      }),
  });
  return {
    vocabSize: r.vocabSize,
    dim: r.dim,
    vectors: r.vectors,
    matrices: r.matrices,
    epochLoss: r.epochLoss,
    seconds: r.seconds.cooccur + r.seconds.shuffle + r.seconds.train,
    wordsDone: 0,
    phases: { ...r.seconds, nonZero: r.nonZero },
  };
}

function gloveParams(p: TrainParams) {
  return {
    dim: p.dim,
    window: p.window,
    minCount: p.minCount,
    maxVocab: p.maxVocab ?? undefined,
    xMax: p.xMax,
    alpha: p.alpha,
    eta: p.eta,
    iter: p.epochs,
    threads: p.threads,
    seed: p.seed,
    model: p.model,
    memoryMB: GLOVE_MEMORY_MB,
    symmetric: true as const,
  };
}

function word2vec(method: Word2vecParams['method'], input: TrainerInput<TrainParams>): Promise<TrainerResult> {
  const p = input.params;
  const params: Word2vecParams = {
    method,
    dim: p.dim,
    window: p.window,
    negative: p.negative,
    hs: p.hs,
    minCount: p.minCount,
    maxVocab: p.maxVocab,
    sample: p.sample,
    epochs: p.epochs,
    threads: p.threads,
    alpha: p.alpha,
    minAlpha: p.minAlpha,
    nsExponent: p.nsExponent,
    seed: p.seed,
    minn: method === 'fasttext' ? p.minn : 0,
    maxn: method === 'fasttext' ? p.maxn : 0,
    bucket: method === 'fasttext' ? p.bucket : 0,
  };
  return trainWord2vec({ ...input, params, initFrom: input.initFrom && initialWeights(input.initFrom) });
}

/** a finished run's stored matrices as the trainer wants them: sgns/cbow keep syn0 as their word vectors */
function initialWeights(stored: Record<string, Float32Array>): Record<string, Float32Array> {
  const { vectors, ...matrices } = stored;
  return matrices.syn0 ? matrices : { ...matrices, syn0: vectors };
}

// ---------- the ONNX graph ----------

/** how long a cancelled graph run may take to hand over its checkpoint before its thread is stopped */
const CANCEL_GRACE_MS = 30_000;

const GRAPH_ON_CPU_NOTE =
  'the ONNX graph on the CPU provider is slower than the CPU kernel (it copies the weights in and out every step)';

/**
 * Refuses, before a run is created, a graph provider that cannot train here:
 * hierarchical softmax on the graph, or a forced provider that does not start
 * (the error says why). 'off' and 'auto' always pass.
 */
export async function checkGraphProvider(method: string, params: Partial<TrainParams>): Promise<void> {
  const wanted = params.graphProvider ?? 'off';
  if (wanted === 'off') return;
  if (method !== 'glove' && params.hs) {
    throw new ParamError('the ONNX graph trains negative sampling only: turn hs off or set graph-provider off');
  }
  if (wanted !== 'auto') await chooseProvider(wanted);
}

/**
 * Trains on the graph when params.graphProvider asks for it, else with `kernel`.
 * A forced provider that cannot run here is a ParamError with the reason;
 * 'auto' without a GPU provider trains with the CPU kernel and says why. The
 * result's runParams record what was used and what was skipped.
 */
async function graphOr(
  method: 'sgns' | 'cbow' | 'glove',
  input: TrainerInput<TrainParams>,
  kernel: RunTrainer,
): Promise<TrainerResult> {
  const wanted = input.params.graphProvider ?? 'off';
  if (wanted === 'off') return kernel(input);
  if (method !== 'glove' && input.params.hs) {
    throw new ParamError('the ONNX graph trains negative sampling only: turn hs off or set graph-provider off');
  }
  const report = wanted === 'auto' ? await probeProviders() : await chooseProvider(wanted);
  const provider = wanted === 'auto' ? report.available.find((p) => p !== 'cpu') : report.chosen;
  if (!provider) return kernelFallback(input, report, kernel);
  const batch = graphBatch(method, vocabularySize(input.counts, input.params));
  const result = await trainOnGraph(method, input, provider, batch);
  const notes: string[] = [];
  if (provider === 'cpu') notes.push(GRAPH_ON_CPU_NOTE);
  return {
    ...result,
    runParams: {
      graph: {
        requested: wanted,
        provider,
        skipped: report.skipped,
        batch,
        weightsOnDevice: result.onDevice,
        ...(notes.length > 0 && { note: notes.join('; ') }),
      },
    },
  };
}

/** 'auto' with no GPU provider: the CPU kernel, with the reasons in the run and its progress */
async function kernelFallback(
  input: TrainerInput<TrainParams>,
  report: ProviderReport,
  kernel: RunTrainer,
): Promise<TrainerResult> {
  const note =
    'graph-provider auto found no GPU execution provider (see skipped), so the CPU kernel trained this run: ' +
    GRAPH_ON_CPU_NOTE;
  const short = 'CPU kernel: no GPU provider';
  const result = await kernel({
    ...input,
    onProgress: (p) => input.onProgress?.({ ...p, message: p.message ? `${p.message} · ${short}` : short }),
  });
  return {
    ...result,
    runParams: {
      graph: { requested: 'auto', provider: 'cpu-kernel', skipped: report.skipped, note },
    },
  };
}

function vocabularySize(counts: ArrayLike<number>, p: TrainParams): number {
  const kept = keptVocabSize(counts, p.minCount);
  return p.maxVocab ? Math.min(kept, p.maxVocab) : kept;
}

/** the graph trainer in a worker thread; its temporary folder is removed here, even when a cancel ends the thread */
async function trainOnGraph(
  method: 'sgns' | 'cbow' | 'glove',
  input: TrainerInput<TrainParams>,
  provider: ProviderName,
  batch: number,
): Promise<GraphTrainResult> {
  const p = input.params;
  const counts = Array.from(input.counts);
  const workDir = mkdtempSync(join(input.tmpDir, 'embedlab-graph-'));
  const checkpointing = { checkpointEveryMs: input.checkpointEveryMs, resumeFrom: input.resumeFrom };
  const job: GraphJob =
    method === 'glove'
      ? {
          kind: 'glove',
          tokenFile: input.tokenFile,
          counts,
          params: { ...gloveParams(p), batch },
          provider,
          tmpDir: workDir,
          initFrom: input.initFrom,
          ...checkpointing,
        }
      : {
          kind: 'word2vec',
          method,
          tokenFile: input.tokenFile,
          counts,
          params: {
            dim: p.dim,
            window: p.window,
            negative: p.negative,
            sample: p.sample,
            epochs: p.epochs,
            alpha: p.alpha,
            minAlpha: p.minAlpha,
            seed: p.seed,
            minCount: p.minCount,
            maxVocab: p.maxVocab,
            nsExponent: p.nsExponent,
            batch,
          },
          provider,
          initFrom: input.initFrom && initialWeights(input.initFrom),
          ...checkpointing,
        };
  try {
    return await runWorker<TrainProgress, GraphTrainResult>('train-graph', job, {
      signal: input.signal,
      onProgress: input.onProgress,
      onCheckpoint: input.onCheckpoint as ((c: unknown) => void) | undefined,
      // a cancel runs the pending batch and reads the weights off the device for its checkpoint
      graceMs: CANCEL_GRACE_MS,
    });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
  }
}
