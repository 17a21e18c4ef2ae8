// Byte offsets of the fields the JS loader writes (wasm-kernel.ts keeps the
// same numbers in MODEL and THREAD). The loader owns the layout; the kernel
// only reads it, so every pointer below comes from the header, never a guess.

// model header: one per run, shared by every thread
export const MODEL_DIM = 0;
export const MODEL_VOCAB = 4;
export const MODEL_WINDOW = 8;
export const MODEL_NEGATIVE = 12;
export const MODEL_SYN0 = 16;
export const MODEL_SYN1NEG = 20;
export const MODEL_SIGMOID = 24;
export const MODEL_POSITIVE_LOSS = 28;
export const MODEL_NEGATIVE_LOSS = 32;
export const MODEL_ALIAS = 36;
// fastText: each word's input rows, ids[offsets[w] .. offsets[w + 1])
export const MODEL_SUBWORD_OFFSETS = 40;
export const MODEL_SUBWORD_IDS = 44;

// thread header: one per worker, 64-byte aligned so threads never share a cache line
export const THREAD_RANDOM = 0;
export const THREAD_LOSS = 8;
export const THREAD_PAIRS = 16;
export const THREAD_SENTENCE = 24;
export const THREAD_NEU1E = 28;
export const THREAD_NEU1 = 32;
export const THREAD_TARGETS = 36;
export const THREAD_GRADIENTS = 40;
export const THREAD_INPUTS = 44;
export const THREAD_DELTAS = 48;
export const THREAD_DRAWS = 52;
export const THREAD_TOUCHED = 56;
