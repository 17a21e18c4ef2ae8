// Straightforward reference implementations of the wasm kernels: float64 math
// over float32-stored weights, word2vec.c's LCG in BigInt, and the same alias
// draws, so a kernel and its reference make the very same random choices.
import { EXP_TABLE_SIZE, MAX_EXP, sigmoidTables } from '../../../src-main/core/kernels/tables.ts';

const MASK_64 = (1n << 64n) - 1n;
const tables = sigmoidTables();
const EXP_SCALE = Math.fround(EXP_TABLE_SIZE / (2 * MAX_EXP));

export interface RefModel {
  syn0: Float32Array;
  syn1neg: Float32Array;
  dim: number;
  window: number;
  negative: number;
  alias: Uint32Array;
  vocabSize: number;
}

export interface RefState {
  random: bigint;
  loss: number;
  pairs: number;
}

export function nextRandom(state: bigint): bigint {
  return (state * 25214903917n + 11n) & MASK_64;
}

export function drawWord(alias: Uint32Array, vocabSize: number, state: bigint): number {
  const scaled = (state >> 32n) * BigInt(vocabSize);
  const bucket = Number(scaled >> 32n);
  const accept = Number(scaled & 0xffffffffn);
  return accept < alias[2 * bucket] ? bucket : alias[2 * bucket + 1];
}

/** the kernel's table slot: its arithmetic is in float32 */
function slot(f: number): number {
  return Math.trunc(Math.fround(Math.fround(Math.fround(f) + MAX_EXP) * EXP_SCALE));
}

export function tableSigmoid(f: number): number {
  if (f >= MAX_EXP) return 1;
  if (f <= -MAX_EXP) return 0;
  return tables.sigmoid[slot(f)];
}

/** -log sigmoid(f) for a positive output, -log sigmoid(-f) for a negative one */
export function tableLoss(f: number, positive: boolean): number {
  if (f >= MAX_EXP || f <= -MAX_EXP) return softplus(positive ? -f : f);
  return (positive ? tables.positiveLoss : tables.negativeLoss)[slot(f)];
}

function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

function gradient(f: number, positive: boolean, alpha: number): number {
  const s = tableSigmoid(f);
  return ((positive ? 1 : 0) - s) * alpha;
}

function dot(a: Float32Array, ia: number, b: Float32Array | Float64Array, ib: number, n: number): number {
  let s = 0;
  for (let c = 0; c < n; c++) s += a[ia + c] * b[ib + c];
  return s;
}

function windowOf(state: RefState, window: number, i: number, length: number): { from: number; to: number } {
  state.random = nextRandom(state.random);
  const shrink = Number(state.random % BigInt(window));
  return { from: Math.max(0, i - window + shrink), to: Math.min(length, i + window + 1 - shrink) };
}

function draw(m: RefModel, state: RefState): number {
  state.random = nextRandom(state.random);
  return drawWord(m.alias, m.vocabSize, state.random);
}

/** word2vec.c's skip-gram: per (context, center) pair, fresh negatives */
export function refSkipGram(m: RefModel, sentence: ArrayLike<number>, alpha: number, state: RefState): void {
  const { dim, syn0, syn1neg } = m;
  const neu1e = new Float64Array(dim);
  for (let i = 0; i < sentence.length; i++) {
    const center = sentence[i];
    const { from, to } = windowOf(state, m.window, i, sentence.length);
    for (let j = from; j < to; j++) {
      if (j === i) continue;
      const l1 = sentence[j] * dim;
      neu1e.fill(0);
      for (let d = 0; d <= m.negative; d++) {
        const target = d === 0 ? center : draw(m, state);
        if (d > 0 && target === center) continue;
        const l2 = target * dim;
        const f = dot(syn0, l1, syn1neg, l2, dim);
        state.loss += tableLoss(f, d === 0);
        const g = gradient(f, d === 0, alpha);
        for (let c = 0; c < dim; c++) {
          neu1e[c] += g * syn1neg[l2 + c];
          syn1neg[l2 + c] += g * syn0[l1 + c];
        }
      }
      for (let c = 0; c < dim; c++) syn0[l1 + c] += neu1e[c];
      state.pairs++;
    }
  }
}

/** word2vec.c's CBOW with cbow_mean=1 */
export function refCbow(m: RefModel, sentence: ArrayLike<number>, alpha: number, state: RefState): void {
  const { dim, syn0, syn1neg } = m;
  const neu1 = new Float64Array(dim);
  const neu1e = new Float64Array(dim);
  for (let i = 0; i < sentence.length; i++) {
    const center = sentence[i];
    const { from, to } = windowOf(state, m.window, i, sentence.length);
    const count = to - from - 1;
    if (count <= 0) continue;
    neu1.fill(0);
    for (let j = from; j < to; j++) {
      if (j === i) continue;
      for (let c = 0; c < dim; c++) neu1[c] += syn0[sentence[j] * dim + c];
    }
    for (let c = 0; c < dim; c++) neu1[c] /= count;
    neu1e.fill(0);
    for (let d = 0; d <= m.negative; d++) {
      const target = d === 0 ? center : draw(m, state);
      if (d > 0 && target === center) continue;
      const l2 = target * dim;
      const f = dot(syn1neg, l2, neu1, 0, dim);
      state.loss += tableLoss(f, d === 0);
      const g = gradient(f, d === 0, alpha);
      for (let c = 0; c < dim; c++) {
        neu1e[c] += g * syn1neg[l2 + c];
        syn1neg[l2 + c] += g * neu1[c];
      }
    }
    for (let j = from; j < to; j++) {
      if (j === i) continue;
      for (let c = 0; c < dim; c++) syn0[sentence[j] * dim + c] += neu1e[c];
    }
    state.pairs++;
  }
}

/** HogBatch skip-gram: one set of distinct negatives per window, gradients from the weights before it */
export function refSkipGramBatch(m: RefModel, sentence: ArrayLike<number>, alpha: number, state: RefState): void {
  const { dim, syn0, syn1neg } = m;
  for (let i = 0; i < sentence.length; i++) {
    const center = sentence[i];
    const { from, to } = windowOf(state, m.window, i, sentence.length);
    const inputs: number[] = [];
    for (let j = from; j < to; j++) if (j !== i) inputs.push(sentence[j]);
    if (inputs.length === 0) continue;
    const outputs = [center];
    const weights = [1];
    for (let d = 0; d < m.negative; d++) {
      const word = draw(m, state);
      if (word === center) continue;
      const at = outputs.indexOf(word, 1);
      if (at > 0) weights[at]++;
      else {
        outputs.push(word);
        weights.push(1);
      }
    }
    const g = outputs.map((out, o) =>
      inputs.map((input) => {
        const f = dot(syn0, input * dim, syn1neg, out * dim, dim);
        state.loss += weights[o] * tableLoss(f, o === 0);
        return gradient(f, o === 0, alpha) * weights[o];
      }),
    );
    const outputDeltas = outputs.map((_, o) => {
      const delta = new Float64Array(dim);
      inputs.forEach((input, j) => {
        for (let c = 0; c < dim; c++) delta[c] += g[o][j] * syn0[input * dim + c];
      });
      return delta;
    });
    inputs.forEach((input, j) => {
      outputs.forEach((out, o) => {
        for (let c = 0; c < dim; c++) syn0[input * dim + c] += g[o][j] * syn1neg[out * dim + c];
      });
    });
    outputs.forEach((out, o) => {
      for (let c = 0; c < dim; c++) syn1neg[out * dim + c] += outputDeltas[o][c];
    });
    state.pairs += inputs.length;
  }
}

/** fastText's skip-gram as fasttext.cc and model.cc write it: h recomputed from the rows before every pair */
export function refFastText(
  m: RefModel & { offsets: Uint32Array; ids: Uint32Array },
  sentence: ArrayLike<number>,
  alpha: number,
  state: RefState,
): void {
  const { dim, syn0, syn1neg } = m;
  const hidden = new Float64Array(dim);
  const grad = new Float64Array(dim);
  for (let i = 0; i < sentence.length; i++) {
    const rows = Array.from(m.ids.subarray(m.offsets[sentence[i]], m.offsets[sentence[i] + 1]));
    const { from, to } = windowOf(state, m.window, i, sentence.length);
    for (let j = from; j < to; j++) {
      if (j === i) continue;
      const target = sentence[j];
      hidden.fill(0);
      for (const r of rows) for (let c = 0; c < dim; c++) hidden[c] += syn0[r * dim + c] / rows.length;
      grad.fill(0);
      for (let d = 0; d <= m.negative; d++) {
        let out = target;
        if (d > 0) {
          for (let tries = 0; out === target && tries <= 64; tries++) out = draw(m, state);
          if (out === target) continue;
        }
        const f = dot(syn1neg, out * dim, hidden, 0, dim);
        state.loss += tableLoss(f, d === 0);
        const g = gradient(f, d === 0, alpha);
        for (let c = 0; c < dim; c++) {
          grad[c] += g * syn1neg[out * dim + c];
          syn1neg[out * dim + c] += g * hidden[c];
        }
      }
      for (const r of rows) for (let c = 0; c < dim; c++) syn0[r * dim + c] += grad[c];
      state.pairs++;
    }
  }
}
