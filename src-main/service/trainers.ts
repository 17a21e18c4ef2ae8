// One door to every training method: the service hands over the common
// TrainerInput and gets a TrainerResult, whatever the method underneath.
import type { TrainMethod, TrainParams } from '../../src-preload/contract.ts';
import type { TrainerInput, TrainerResult } from '../core/train/types.ts';
import { trainSgns } from '../core/train/sgns.ts';
import { trainGlove } from '../core/train/glove/glove.ts';
import { ParamError } from '../core/errors.ts';

export type RunTrainer = (input: TrainerInput<TrainParams>) => Promise<TrainerResult>;

const GLOVE_MEMORY_MB = 1024;

export const trainers: Record<TrainMethod, RunTrainer> = {
  sgns: async (input) => {
    const p = input.params;
    const r = await trainSgns({
      tokenFile: input.tokenFile,
      counts: input.counts,
      words: input.words,
      params: {
        dim: p.dim,
        window: p.window,
        negative: p.negative,
        minCount: p.minCount,
        sample: p.sample,
        epochs: p.epochs,
        threads: p.threads,
        alpha: p.alpha,
        minAlpha: p.minAlpha,
        seed: p.seed,
      },
      onProgress: input.onProgress,
      signal: input.signal,
    });
    return { ...r, matrices: {} };
  },
  cbow: notYet('cbow'),
  fasttext: notYet('fasttext'),
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
      matrices: {},
      epochLoss: r.epochLoss,
      seconds: r.seconds.cooccur + r.seconds.shuffle + r.seconds.train,
      wordsDone: 0,
      phases: { ...r.seconds, nonZero: r.nonZero },
    };
  },
};

function notYet(method: TrainMethod): RunTrainer {
  return () => Promise.reject(new ParamError(`method ${method} is not available in this version yet`));
}
