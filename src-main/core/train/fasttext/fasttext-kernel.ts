// fastText's skip-gram (`fasttext skipgram`), as fasttext.cc and model.cc:
// for each center word w, a window boundary drawn uniformly from [1, ws]; for
// each context word in it, h = the mean of w's input rows (its own row and its
// n-gram buckets), trained to predict the context word (negatives drawn again
// when equal to it, as fastText's getNegative); then h's gradient is added,
// unscaled, to every one of those rows (Model::update, which only scales it for
// supervised models). h is recomputed for every pair, as fastText does, so each
// pair sees the rows the previous one moved.
import { addToRow } from '../output-layer.ts';
import { randomBelow } from '../random.ts';
import type { SkipGramKernel } from '../sgns-kernel.ts';
import { OutputLayer, type OutputLayerOptions } from '../skipgram-kernel.ts';
import type { SubwordTable } from './ngrams.ts';

export interface FastTextKernelOptions extends OutputLayerOptions {
  /** the kept words' rows, then the n-gram buckets: (kept + bucket) * dim */
  input: Float32Array;
  subwords: SubwordTable;
}

export class FastTextKernel implements SkipGramKernel {
  lossSum = 0;
  pairs = 0;
  private readonly input: Float32Array;
  private readonly offsets: Uint32Array;
  private readonly ids: Uint32Array;
  private readonly out: OutputLayer;
  /** h, the mean of the center's rows */
  private readonly hidden: Float32Array;

  constructor(o: FastTextKernelOptions) {
    this.input = o.input;
    this.offsets = o.subwords.offsets;
    this.ids = o.subwords.ids;
    this.out = new OutputLayer(o);
    this.hidden = new Float32Array(o.dim);
  }

  trainSentence(sentence: Uint32Array, length: number, alpha: number): void {
    const { out, input, ids, hidden } = this;
    const { window, dim, random, neu1e } = out;
    let loss = 0;
    let pairs = 0;
    for (let w = 0; w < length; w++) {
      const boundary = window - randomBelow(random, window); // uniform in [1, window]
      const center = sentence[w];
      const from = this.offsets[center];
      const to = this.offsets[center + 1];
      const scale = 1 / (to - from);
      const first = Math.max(0, w - boundary);
      const last = Math.min(length - 1, w + boundary);
      for (let j = first; j <= last; j++) {
        if (j === w) continue;
        for (let c = 0; c < dim; c++) hidden[c] = 0;
        for (let k = from; k < to; k++) {
          const r = ids[k] * dim;
          for (let c = 0; c < dim; c++) hidden[c] += input[r + c];
        }
        for (let c = 0; c < dim; c++) hidden[c] *= scale;
        loss += out.train(hidden, 0, sentence[j], alpha, true);
        for (let k = from; k < to; k++) addToRow(input, ids[k] * dim, neu1e, dim);
        pairs++;
      }
    }
    this.lossSum += loss;
    this.pairs += pairs;
  }
}
