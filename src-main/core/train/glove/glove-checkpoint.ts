// GloVe's checkpoints and stored matrices. The weights are float64 (glove.c's
// real), so every matrix here is a Float32Array *view over float64 bytes*: two
// float32 slots per value, copied byte for byte, so a checkpoint round-trips
// exactly (state.encoding says so). Each matrix is zero-padded to whole rows of
// dim float32s, as the store wants result matrices in rows of dim.
//
// Matrices (V = vocabSize; counts are float64 values):
//   W        V * dim   word vectors              gradsqW        V * dim
//   Wc       V * dim   context vectors (W~)      gradsqWc       V * dim
//   biases   2V        word then context biases  gradsqBiases   2V
import { ParamError } from '../../errors.ts';
import type { Checkpoint } from '../types.ts';

export const GLOVE_CHECKPOINT_FORMAT = 'glove-1';
export const GLOVE_MATRIX_ENCODING = 'float64-bytes-in-float32';

/** what a GloVe checkpoint's `state` holds */
export interface GloveCheckpointState {
  format: typeof GLOVE_CHECKPOINT_FORMAT;
  /** every matrix holds float64 values, as their bytes in a Float32Array twice as long (platform byte order) */
  encoding: typeof GLOVE_MATRIX_ENCODING;
  vocabSize: number;
  dim: number;
  /** unique co-occurrence records: a resume recounts and must find as many */
  records: number;
  window: number;
  seed: number;
  /** iterations finished: the checkpoint is at that iteration boundary */
  iterationsDone: number;
  /** per finished iteration, as GloveResult.epochLoss */
  epochLoss: number[];
}

export const GLOVE_MATRIX_NAMES = ['W', 'Wc', 'biases', 'gradsqW', 'gradsqWc', 'gradsqBiases'] as const;
export type GloveMatrixName = (typeof GLOVE_MATRIX_NAMES)[number];

/** float64 values each matrix holds */
function valueCounts(vocabSize: number, dim: number): Record<GloveMatrixName, number> {
  const vectors = vocabSize * dim;
  return {
    W: vectors,
    Wc: vectors,
    biases: 2 * vocabSize,
    gradsqW: vectors,
    gradsqWc: vectors,
    gradsqBiases: 2 * vocabSize,
  };
}

/** Float32Array length of each matrix: two slots per float64, padded to whole rows of dim */
export function gloveMatrixLengths(vocabSize: number, dim: number): Record<GloveMatrixName, number> {
  const counts = valueCounts(vocabSize, dim);
  const out = {} as Record<GloveMatrixName, number>;
  for (const name of GLOVE_MATRIX_NAMES) out[name] = Math.ceil((2 * counts[name]) / dim) * dim;
  return out;
}

/**
 * Copies glove.c's layout (W and gradsq: 2V rows of dim + 1, vector then bias)
 * into the named matrices; `into` (from an earlier call, same sizes) is reused.
 */
export function packGloveWeights(
  W: Float64Array,
  gradsq: Float64Array,
  vocabSize: number,
  dim: number,
  into?: Record<string, Float32Array>,
): Record<string, Float32Array> {
  const lengths = gloveMatrixLengths(vocabSize, dim);
  const out = into ?? Object.fromEntries(GLOVE_MATRIX_NAMES.map((n) => [n, new Float32Array(lengths[n])]));
  const view = (name: GloveMatrixName) =>
    new Float64Array(out[name].buffer, out[name].byteOffset, valueCounts(vocabSize, dim)[name]);
  split(W, view('W'), view('Wc'), view('biases'), vocabSize, dim);
  split(gradsq, view('gradsqW'), view('gradsqWc'), view('gradsqBiases'), vocabSize, dim);
  return out;
}

/** the reverse of packGloveWeights; throws a ParamError naming `what` if a matrix is missing or the wrong size */
export function unpackGloveWeights(
  given: Record<string, Float32Array>,
  W: Float64Array,
  gradsq: Float64Array,
  vocabSize: number,
  dim: number,
  what: string,
): void {
  const lengths = gloveMatrixLengths(vocabSize, dim);
  const counts = valueCounts(vocabSize, dim);
  const read = (name: GloveMatrixName): Float64Array => {
    const m = given[name] as Float32Array | undefined;
    if (!m) throw new ParamError(`cannot ${what}: it has no GloVe ${name} matrix`);
    if (m.length !== lengths[name]) {
      throw new ParamError(
        `cannot ${what}: its ${name} has ${m.length} floats, this run needs ${lengths[name]} (${vocabSize} words x dim ${dim}, float64); the vocabulary or dim differ`,
      );
    }
    // a copy: the source need not be 8-byte aligned; same-type copies keep the bytes
    return new Float64Array(new Float32Array(m.subarray(0, 2 * counts[name])).buffer);
  };
  join(W, read('W'), read('Wc'), read('biases'), vocabSize, dim);
  join(gradsq, read('gradsqW'), read('gradsqWc'), read('gradsqBiases'), vocabSize, dim);
}

function split(
  from: Float64Array,
  words: Float64Array,
  contexts: Float64Array,
  biases: Float64Array,
  V: number,
  dim: number,
) {
  const stride = dim + 1;
  for (let a = 0; a < 2 * V; a++) {
    const row = a * stride;
    const target = a < V ? words : contexts;
    const base = (a < V ? a : a - V) * dim;
    for (let b = 0; b < dim; b++) target[base + b] = from[row + b];
    biases[a] = from[row + dim];
  }
}

function join(
  to: Float64Array,
  words: Float64Array,
  contexts: Float64Array,
  biases: Float64Array,
  V: number,
  dim: number,
) {
  const stride = dim + 1;
  for (let a = 0; a < 2 * V; a++) {
    const row = a * stride;
    const source = a < V ? words : contexts;
    const base = (a < V ? a : a - V) * dim;
    for (let b = 0; b < dim; b++) to[row + b] = source[base + b];
    to[row + dim] = biases[a];
  }
}

/** a checkpoint's state, checked against this run's; throws a ParamError that says what differs */
export function readGloveCheckpoint(
  c: Checkpoint,
  run: { vocabSize: number; dim: number; records: number; window: number; seed: number; iter: number },
): GloveCheckpointState {
  const s = c.state as Partial<GloveCheckpointState>;
  const fail = (why: string): never => {
    throw new ParamError(`cannot resume from this checkpoint: ${why}`);
  };
  if (s.format !== GLOVE_CHECKPOINT_FORMAT) fail(`it is not a GloVe checkpoint (format ${String(s.format)})`);
  if (s.encoding !== GLOVE_MATRIX_ENCODING) fail(`its matrices are encoded as ${String(s.encoding)}`);
  if (s.vocabSize !== run.vocabSize) fail(`it has ${s.vocabSize} words, the parameters keep ${run.vocabSize}`);
  if (s.dim !== run.dim) fail(`it has dim ${s.dim}, the parameters say ${run.dim}`);
  if (s.window !== run.window) fail(`it was taken with window ${s.window}, the parameters say ${run.window}`);
  if (s.seed !== run.seed) fail(`it was taken with seed ${s.seed}, the parameters say ${run.seed}`);
  if (s.records !== run.records) {
    fail(`it was taken over ${s.records} co-occurrence records, the corpus now gives ${run.records}`);
  }
  const done = s.iterationsDone;
  if (!Number.isInteger(done) || (done as number) < 0 || (done as number) > run.iter) {
    fail(`it has ${String(done)} iterations done, the parameters say ${run.iter} in all`);
  }
  const loss = s.epochLoss;
  if (!Array.isArray(loss) || loss.length !== done || !loss.every((v) => typeof v === 'number')) {
    fail('its per-iteration losses are damaged');
  }
  return s as GloveCheckpointState;
}

/**
 * The checkpoint at an iteration boundary: the weights (packed, into `into`'s
 * buffers when given) and the state readGloveCheckpoint checks.
 */
export function gloveBoundary(
  W: Float64Array,
  gradsq: Float64Array,
  run: { vocabSize: number; dim: number; records: number; window: number; seed: number; iter: number },
  iterationsDone: number,
  epochLoss: number[],
  into?: Record<string, Float32Array>,
): Checkpoint {
  const state: GloveCheckpointState = {
    format: GLOVE_CHECKPOINT_FORMAT,
    encoding: GLOVE_MATRIX_ENCODING,
    vocabSize: run.vocabSize,
    dim: run.dim,
    records: run.records,
    window: run.window,
    seed: run.seed,
    iterationsDone,
    epochLoss: [...epochLoss],
  };
  return {
    wordsDone: iterationsDone * run.records,
    epoch: Math.min(run.iter, iterationsDone + 1),
    state: { ...state },
    matrices: packGloveWeights(W, gradsq, run.vocabSize, run.dim, into),
  };
}

/**
 * A cancelled GloVe run: `checkpoint` is the last iteration boundary (the
 * resumed checkpoint when none finished since), undefined if there is none.
 */
export class GloveAbortError extends Error {
  override name = 'AbortError';
  constructor(readonly checkpoint: Checkpoint | undefined) {
    super('training was cancelled');
  }
}
