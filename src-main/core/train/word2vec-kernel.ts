// Picks the kernel for a word2vec-family method: the one seam where a faster
// kernel (SIMD WebAssembly, src-main/core/kernels/) takes over from the
// TypeScript ones. Every kernel trains a sentence of kept word ids at a given
// learning rate on shared weights and counts its loss and examples
// (`SkipGramKernel`); the thread around it does the reading, subsampling,
// schedule and reporting.
import { createWasmKernel, type WasmKernel, type WasmModelShared } from '../kernels/wasm-kernel.ts';
import { CbowKernel } from './cbow-kernel.ts';
import { FastTextKernel } from './fasttext/fasttext-kernel.ts';
import type { SubwordTable } from './fasttext/ngrams.ts';
import type { HuffmanTree } from './huffman.ts';
import type { Random } from './random.ts';
import { SgnsKernel, type SkipGramKernel } from './sgns-kernel.ts';
import { SkipGramHsKernel } from './skipgram-kernel.ts';
import type { Word2vecMethod } from './word2vec-params.ts';

export type Word2vecKernel = SkipGramKernel;

export interface Word2vecKernelOptions {
  method: Word2vecMethod;
  /** input rows: the kept words' (syn0), then for fasttext the n-gram buckets */
  input: Float32Array;
  syn1neg: Float32Array | null;
  syn1: Float32Array | null;
  tree: HuffmanTree | null;
  subwords: SubwordTable | null;
  dim: number;
  window: number;
  negative: number;
  negativeTable: Uint32Array | null;
  random: Random;
}

/** the wasm kernel's weights in shared wasm memory (wasmKernelSupported), and this thread's place in it */
export interface WasmKernelJob {
  shared: WasmModelShared;
  threadIndex: number;
  seed: number;
}

export type KernelChoice = 'ts' | 'wasm';

/**
 * Whether the SIMD WebAssembly kernel can train this configuration: skip-gram,
 * CBOW or fastText subwords with negative sampling only (no hierarchical softmax).
 * `EMBEDLAB_KERNEL=ts` forces the TypeScript kernels (for comparisons).
 */
export function wasmKernelSupported(
  o: { method: Word2vecMethod; hs: boolean; negative: number },
  choice: KernelChoice = kernelChoiceFromEnv(),
): boolean {
  return choice === 'wasm' && !o.hs && o.negative > 0;
}

/** EMBEDLAB_KERNEL: 'ts' forces the TypeScript kernels; anything else (or unset) lets wasm run where it can */
export function kernelChoiceFromEnv(): KernelChoice {
  return process.env.EMBEDLAB_KERNEL?.trim().toLowerCase() === 'ts' ? 'ts' : 'wasm';
}

const wasmModes = { sgns: 'skipgram', cbow: 'cbow', fasttext: 'fasttext' } as const;

/** word2vec.c's per-pair skip-gram or CBOW (cbow_mean=1), or fastText's skip-gram, over the shared wasm model */
export function createWasmWord2vecKernel(method: Word2vecMethod, job: WasmKernelJob): WasmKernel {
  return createWasmKernel(job.shared, { threadIndex: job.threadIndex, seed: job.seed, mode: wasmModes[method] });
}

export function createWord2vecKernel(o: Word2vecKernelOptions): Word2vecKernel {
  if (o.method === 'fasttext') {
    if (!o.subwords) throw new RangeError('the fasttext kernel needs the subword table');
    return new FastTextKernel({ ...o, subwords: o.subwords });
  }
  if (o.method === 'cbow') return new CbowKernel({ ...o, syn0: o.input });
  if (!o.tree && o.syn1neg && o.negativeTable) {
    return new SgnsKernel({ ...o, syn0: o.input, syn1neg: o.syn1neg, negativeTable: o.negativeTable });
  }
  return new SkipGramHsKernel({ ...o, syn0: o.input });
}
