// CBOW as word2vec.c and gensim with cbow_mean=1: h is the mean of the context
// words' input rows in the (dynamically shrunk) window, trained to predict the
// center word with hierarchical softmax and/or negative sampling; then h's error
// is added, unscaled, to every context word's row. Both word2vec.c and gensim's
// fast_sentence_cbow_neg/hs do exactly this for the mean (gensim divides the
// error by the context size only for cbow_mean=0, the sum).
import { addToRow } from './output-layer.ts';
import { randomBelow } from './random.ts';
import type { SkipGramKernel } from './sgns-kernel.ts';
import { OutputLayer, type OutputLayerOptions } from './skipgram-kernel.ts';

export interface CbowKernelOptions extends OutputLayerOptions {
  syn0: Float32Array;
}

export class CbowKernel implements SkipGramKernel {
  lossSum = 0;
  /** center words trained (one example each) */
  pairs = 0;
  private readonly syn0: Float32Array;
  private readonly out: OutputLayer;
  /** h, the context mean */
  private readonly neu1: Float32Array;

  constructor(o: CbowKernelOptions) {
    this.syn0 = o.syn0;
    this.out = new OutputLayer(o);
    this.neu1 = new Float32Array(o.dim);
  }

  trainSentence(sentence: Uint32Array, length: number, alpha: number): void {
    const { syn0, out, neu1 } = this;
    const { window, dim, random, neu1e } = out;
    let loss = 0;
    let examples = 0;
    for (let i = 0; i < length; i++) {
      const b = randomBelow(random, window);
      const from = Math.max(0, i - window + b);
      const to = Math.min(length, i + window + 1 - b);
      const cw = to - from - 1;
      if (cw <= 0) continue; // no context: word2vec.c's `if (cw)`
      for (let c = 0; c < dim; c++) neu1[c] = 0;
      for (let j = from; j < to; j++) {
        if (j === i) continue;
        const l1 = sentence[j] * dim;
        for (let c = 0; c < dim; c++) neu1[c] += syn0[l1 + c];
      }
      for (let c = 0; c < dim; c++) neu1[c] /= cw;
      loss += out.train(neu1, 0, sentence[i], alpha);
      for (let j = from; j < to; j++) if (j !== i) addToRow(syn0, sentence[j] * dim, neu1e, dim);
      examples++;
    }
    this.lossSum += loss;
    this.pairs += examples;
  }
}
