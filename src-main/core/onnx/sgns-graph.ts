// The skip-gram negative-sampling step as an ONNX graph, so onnxruntime can
// run it on a GPU provider: gather the input and output rows of a batch of
// pairs, batched dot products, word2vec.c's table sigmoid, and scatter-add of
// the updates. For a batch whose rows are all distinct it equals the CPU
// kernel's per-pair updates (sgnsPairUpdate).
//
// Minibatch semantics: every pair of a step reads the step's starting weights,
// and ScatterND with reduction 'add' sums the updates of a row that appears
// more than once in the batch (a frequent word, a shared negative). The CPU
// kernel instead lets each pair see the earlier pairs' updates. With the small
// learning rates of word2vec the two reach the same structure (tested on the
// planted corpus); very large batches over a tiny vocabulary sum many updates
// into one row and may need a smaller alpha.
import { EXP_TABLE_SIZE, MAX_EXP, sigmoidTable } from '../train/output-layer.ts';
import { DataType, encodeModel, type Initializer, type NodeSpec } from './proto.ts';

export interface SgnsGraphShape {
  /** negatives per pair (the batch size is free: each step may differ) */
  negative: number;
}

/**
 * Inputs: syn0 [V, D], syn1neg [V, D] (float32), inputs [B] (the rows whose
 * vectors move by the summed error: word2vec's context word), targets [B] (the
 * positive output rows: the center word), negatives [B, K] (int64), alpha [1].
 * Outputs: syn0_out, syn1neg_out (the updated matrices) and loss [B].
 */
export function sgnsStepModel({ negative }: SgnsGraphShape): Uint8Array {
  const nodes: NodeSpec[] = [
    // h: the input rows, [B, D]
    { op: 'Gather', inputs: ['syn0', 'inputs'], outputs: ['h'], attributes: { axis: 0 } },
    ...negativeSamplingNodes(),
    // the input rows move by the summed error
    { op: 'Unsqueeze', inputs: ['inputs', 'ax1'], outputs: ['inputs_idx'] },
    {
      op: 'ScatterND',
      inputs: ['syn0', 'inputs_idx', 'neu1e'],
      outputs: ['syn0_out'],
      attributes: { reduction: 'add' },
    },
  ];
  return encodeModel({
    name: 'sgns_step',
    opset: 18,
    nodes,
    inputs: [
      { name: 'syn0', type: DataType.FLOAT, shape: ['V', 'D'] },
      { name: 'syn1neg', type: DataType.FLOAT, shape: ['V', 'D'] },
      { name: 'inputs', type: DataType.INT64, shape: ['B'] },
      ...negativeSamplingInputs(negative),
    ],
    outputs: word2vecOutputs,
    initializers: negativeSamplingInitializers(negative),
  });
}

export const word2vecOutputs = [
  { name: 'syn0_out', type: DataType.FLOAT, shape: ['V', 'D'] },
  { name: 'syn1neg_out', type: DataType.FLOAT, shape: ['V', 'D'] },
  { name: 'loss', type: DataType.FLOAT, shape: ['B'] },
];

/** targets [B], negatives [B, K] (int64) and alpha [1], the inputs the output layer reads */
export function negativeSamplingInputs(negative: number) {
  return [
    { name: 'targets', type: DataType.INT64, shape: ['B'] },
    { name: 'negatives', type: DataType.INT64, shape: ['B', negative] },
    { name: 'alpha', type: DataType.FLOAT, shape: [1] },
  ];
}

/**
 * Negative sampling for a batch of hidden vectors h [B, D], word2vec.c's
 * math: each h predicts its target (label 1) and K negatives (label 0; a
 * negative equal to the target is skipped). Leaves h's summed error in
 * neu1e [B, D] for the caller to scatter back to h's rows, writes
 * syn1neg_out and the per-example loss [B].
 */
export function negativeSamplingNodes(): NodeSpec[] {
  return [
    // the output rows of target and negatives, [B, K+1, D]
    { op: 'Unsqueeze', inputs: ['targets', 'ax1'], outputs: ['targets_col'] },
    { op: 'Concat', inputs: ['targets_col', 'negatives'], outputs: ['rows'], attributes: { axis: 1 } },
    { op: 'Gather', inputs: ['syn1neg', 'rows'], outputs: ['u'], attributes: { axis: 0 } },
    // f = u · h per target: [B, K+1, D] x [B, D, 1] -> [B, K+1]
    { op: 'Unsqueeze', inputs: ['h', 'ax2'], outputs: ['h_col'] },
    { op: 'MatMul', inputs: ['u', 'h_col'], outputs: ['f3'] },
    { op: 'Squeeze', inputs: ['f3', 'ax2'], outputs: ['f'] },
    // word2vec.c's sigmoid: the table inside ±MAX_EXP, exactly 0 or 1 outside
    { op: 'Add', inputs: ['f', 'max_exp'], outputs: ['f_shift'] },
    { op: 'Mul', inputs: ['f_shift', 'exp_scale'], outputs: ['f_scaled'] },
    { op: 'Floor', inputs: ['f_scaled'], outputs: ['f_floor'] },
    // clipped as floats, then cast: an int64 Clip would run on the CPU under WebGPU
    { op: 'Clip', inputs: ['f_floor', 'slot_min', 'slot_max'], outputs: ['slot_f'] },
    { op: 'Cast', inputs: ['slot_f'], outputs: ['slot'], attributes: { to: DataType.INT64 } },
    { op: 'Gather', inputs: ['sigmoid_table', 'slot'], outputs: ['sig_in'], attributes: { axis: 0 } },
    { op: 'GreaterOrEqual', inputs: ['f', 'max_exp'], outputs: ['above'] },
    { op: 'LessOrEqual', inputs: ['f', 'neg_max_exp'], outputs: ['below'] },
    { op: 'Where', inputs: ['above', 'one', 'sig_in'], outputs: ['sig_hi'] },
    { op: 'Where', inputs: ['below', 'zero', 'sig_hi'], outputs: ['sig'] },
    // g = (label - sigmoid) * alpha, 0 for a negative equal to the target (word2vec skips it)
    { op: 'Sub', inputs: ['labels', 'sig'], outputs: ['err'] },
    { op: 'Mul', inputs: ['err', 'alpha'], outputs: ['g_all'] },
    { op: 'Equal', inputs: ['rows', 'targets_col'], outputs: ['same'] },
    { op: 'And', inputs: ['same', 'is_negative'], outputs: ['skip'] },
    { op: 'Where', inputs: ['skip', 'zero', 'g_all'], outputs: ['g'] },
    // neu1e = Σ_j g_j u_j: [B, 1, K+1] x [B, K+1, D] -> [B, D]; output rows move by g_j h
    { op: 'Unsqueeze', inputs: ['g', 'ax1'], outputs: ['g_row'] },
    { op: 'MatMul', inputs: ['g_row', 'u'], outputs: ['neu1e3'] },
    { op: 'Squeeze', inputs: ['neu1e3', 'ax1'], outputs: ['neu1e'] },
    { op: 'Unsqueeze', inputs: ['g', 'ax2'], outputs: ['g_col'] },
    { op: 'Unsqueeze', inputs: ['h', 'ax1'], outputs: ['h_row'] },
    { op: 'Mul', inputs: ['g_col', 'h_row'], outputs: ['du'] },
    { op: 'Unsqueeze', inputs: ['rows', 'ax2'], outputs: ['rows_idx'] },
    {
      op: 'ScatterND',
      inputs: ['syn1neg', 'rows_idx', 'du'],
      outputs: ['syn1neg_out'],
      attributes: { reduction: 'add' },
    },
    ...lossNodes(),
  ];
}

export function negativeSamplingInitializers(negative: number): Initializer[] {
  const K1 = negative + 1;
  const labels = Array.from({ length: K1 }, (_, j) => (j === 0 ? 1 : 0));
  return [
    int64('ax1', [1], [1]),
    int64('ax2', [2], [1]),
    float32('max_exp', [MAX_EXP], []),
    float32('neg_max_exp', [-MAX_EXP], []),
    float32('exp_scale', [EXP_TABLE_SIZE / (2 * MAX_EXP)], []),
    float32('slot_min', [0], []),
    float32('slot_max', [EXP_TABLE_SIZE - 1], []),
    float32('sigmoid_table', sigmoidTable, [EXP_TABLE_SIZE]),
    float32('one', [1], []),
    float32('two', [2], []),
    float32('zero', [0], []),
    float32('labels', labels, [1, K1]),
    { name: 'is_negative', type: DataType.BOOL, dims: [1, K1], data: Uint8Array.from(labels, (l) => 1 - l) },
  ];
}

export function int64(name: string, data: number[], dims: number[]): Initializer {
  return { name, type: DataType.INT64, dims, data: BigInt64Array.from(data.map(BigInt)) };
}

export function float32(name: string, data: ArrayLike<number>, dims: number[]): Initializer {
  return { name, type: DataType.FLOAT, dims, data: Float32Array.from(data) };
}

/** -log σ(f) for the target plus -log σ(-f) for each kept negative, per example (exact, for reporting) */
function lossNodes(): NodeSpec[] {
  return [
    // softplus(-f) for label 1, softplus(f) for label 0: softplus((1 - 2·label)·f)
    { op: 'Mul', inputs: ['labels', 'two'], outputs: ['two_labels'] },
    { op: 'Sub', inputs: ['one', 'two_labels'], outputs: ['sign'] },
    { op: 'Mul', inputs: ['f', 'sign'], outputs: ['signed_f'] },
    { op: 'Softplus', inputs: ['signed_f'], outputs: ['pair_losses'] },
    { op: 'Not', inputs: ['skip'], outputs: ['kept'] },
    { op: 'Cast', inputs: ['kept'], outputs: ['kept_f'], attributes: { to: DataType.FLOAT } },
    { op: 'Mul', inputs: ['pair_losses', 'kept_f'], outputs: ['kept_losses'] },
    { op: 'ReduceSum', inputs: ['kept_losses', 'ax1'], outputs: ['loss'], attributes: { keepdims: 0 } },
  ];
}
