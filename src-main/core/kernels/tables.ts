// The lookup tables the wasm kernel reads: word2vec.c's sigmoid table with the
// matching loss tables, and a Walker alias table for negative sampling.

/** beyond ±MAX_EXP the sigmoid is taken as exactly 0 or 1 (word2vec.c) */
export const MAX_EXP = 6;
export const EXP_TABLE_SIZE = 1000;

export interface SigmoidTables {
  /** sigmoid at x_i = (i / EXP_TABLE_SIZE * 2 - 1) * MAX_EXP, as word2vec.c's expTable */
  sigmoid: Float32Array;
  /** -log sigmoid(x_i): the loss of a positive output */
  positiveLoss: Float32Array;
  /** -log(1 - sigmoid(x_i)): the loss of a negative output */
  negativeLoss: Float32Array;
}

export function sigmoidTables(): SigmoidTables {
  const sigmoid = new Float32Array(EXP_TABLE_SIZE);
  for (let i = 0; i < EXP_TABLE_SIZE; i++) {
    const e = Math.exp(((i / EXP_TABLE_SIZE) * 2 - 1) * MAX_EXP);
    sigmoid[i] = e / (e + 1);
  }
  // losses from the stored float sigmoid, so gradient and loss see the same value
  return {
    sigmoid,
    positiveLoss: Float32Array.from(sigmoid, (s) => -Math.log(s)),
    negativeLoss: Float32Array.from(sigmoid, (s) => -Math.log(1 - s)),
  };
}

const TWO_POW_32 = 4294967296;

/**
 * Walker's alias table for P(i) ∝ counts[i]^power over words [0, vocabSize):
 * entry i is (threshold, alias) at [2i, 2i+1]. A draw picks bucket i uniformly
 * and keeps i when a uniform u32 is below the threshold, else takes the alias.
 * O(1) per draw and 8 bytes a word, where word2vec.c's unigram table takes
 * 400 MB and the cumulative table a 16-step binary search.
 */
export function aliasTable(counts: ArrayLike<number>, vocabSize: number, power = 0.75): Uint32Array {
  const share = new Float64Array(vocabSize);
  let sum = 0;
  for (let i = 0; i < vocabSize; i++) sum += share[i] = Math.pow(counts[i], power);
  if (!(sum > 0) || !Number.isFinite(sum)) throw new RangeError('negative sampling needs words with positive counts');
  for (let i = 0; i < vocabSize; i++) share[i] *= vocabSize / sum;
  const table = new Uint32Array(2 * vocabSize);
  const small: number[] = [];
  const large: number[] = [];
  for (let i = 0; i < vocabSize; i++) (share[i] < 1 ? small : large).push(i);
  while (small.length > 0 && large.length > 0) {
    const s = small.pop()!;
    const l = large[large.length - 1];
    table[2 * s] = Math.min(TWO_POW_32 - 1, Math.round(share[s] * TWO_POW_32));
    table[2 * s + 1] = l;
    share[l] -= 1 - share[s];
    if (share[l] < 1) small.push(large.pop()!);
  }
  // what is left is full up to rounding: keep itself
  for (const i of [...small, ...large]) {
    table[2 * i] = TWO_POW_32 - 1;
    table[2 * i + 1] = i;
  }
  return table;
}
