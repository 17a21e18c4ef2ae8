// One door to every training method: the service hands over the common
// TrainerInput and gets a TrainerResult, whatever the method underneath.
import type { TrainMethod, TrainParams } from '../../src-preload/contract.ts';
import type { TrainerInput, TrainerResult } from '../core/train/types.ts';
import { trainWord2vec, type Word2vecParams } from '../core/train/word2vec.ts';
import { trainGlove } from '../core/train/glove/glove.ts';

export type RunTrainer = (input: TrainerInput<TrainParams>) => Promise<TrainerResult>;

const GLOVE_MEMORY_MB = 1024;

export const trainers: Record<TrainMethod, RunTrainer> = {
  sgns: (input) => word2vec('sgns', input),
  cbow: (input) => word2vec('cbow', input),
  fasttext: (input) => word2vec('fasttext', input),
  glove: async (input) => {
    const p = input.params;
    const r = await trainGlove({
      tokenFile: input.tokenFile,
      counts: input.counts,
      tmpDir: input.tmpDir,
      params: {
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
        symmetric: true,
      },
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
  },
};

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
