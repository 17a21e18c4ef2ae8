// GloVe's step as an ONNX graph, glove-kernel.ts's gloveUpdate for a batch of
// co-occurrence records (i, j, x): weighted least squares with AdaGrad, the
// weight f(x) = min(1, (x / xMax)^alpha), each gradient component clipped to
// ±GRAD_CLIP, and glove.c's quirks kept as the CPU kernel keeps them (the
// vectors' AdaGrad sums take eta·g, the biases' updates take the unclipped
// f·diff with no eta; a record whose f·diff is not finite is skipped, a vector
// update that is not finite is dropped). W and W̃, their biases and the four
// AdaGrad sums are separate tensors: W [V, D] for words, Wt [V, D] for
// contexts, b [V], bt [V].
//
// Minibatch semantics: every record of a step reads the step's starting
// weights and sums, and ScatterND 'add' sums the updates of a row that occurs
// in several records of the batch. glove.c (and our CPU threads) apply each
// record before the next is read. With distinct rows the two are equal (tested
// to 1e-5); with shuffled records and AdaGrad's small steps they reach the
// same structure.
import { GRAD_CLIP } from '../train/glove/glove-params.ts';
import { DataType, encodeModel, type NodeSpec } from './proto.ts';
import { float32, int64 } from './sgns-graph.ts';

/** the matrices a step reads and writes, in input order; output k is `${name}_out` */
export const GLOVE_TENSORS = ['W', 'Wt', 'b', 'bt', 'gradsq_W', 'gradsq_Wt', 'gradsq_b', 'gradsq_bt'] as const;
export type GloveTensorName = (typeof GLOVE_TENSORS)[number];
const BIASES = new Set<GloveTensorName>(['b', 'bt', 'gradsq_b', 'gradsq_bt']);

/**
 * Inputs: the eight GLOVE_TENSORS (float32), i [B] and j [B] (int64), x [B]
 * (float32 co-occurrence values, > 0), eta, xMax, alpha ([1] each).
 * Outputs: each tensor updated (`W_out`, ...) and cost [B] = ½ f(x) diff².
 */
export function gloveStepModel(): Uint8Array {
  const nodes: NodeSpec[] = [
    ...gather('W', 'i', 'wi'),
    ...gather('Wt', 'j', 'wj'),
    ...gather('b', 'i', 'bi'),
    ...gather('bt', 'j', 'bj'),
    ...gather('gradsq_W', 'i', 'gwi'),
    ...gather('gradsq_Wt', 'j', 'gwj'),
    ...gather('gradsq_b', 'i', 'gbi'),
    ...gather('gradsq_bt', 'j', 'gbj'),
    // diff = wi·wj + bi + bj - log x
    { op: 'Mul', inputs: ['wi', 'wj'], outputs: ['prod'] },
    { op: 'ReduceSum', inputs: ['prod', 'ax1'], outputs: ['dot'], attributes: { keepdims: 0 } },
    { op: 'Add', inputs: ['dot', 'bi'], outputs: ['dot_bi'] },
    { op: 'Add', inputs: ['dot_bi', 'bj'], outputs: ['pred'] },
    { op: 'Log', inputs: ['x'], outputs: ['log_x'] },
    { op: 'Sub', inputs: ['pred', 'log_x'], outputs: ['diff'] },
    // f(x) = min(1, (x / xMax)^alpha); records with a non-finite f·diff are skipped
    { op: 'Div', inputs: ['x', 'xMax'], outputs: ['x_rel'] },
    { op: 'Pow', inputs: ['x_rel', 'alpha'], outputs: ['x_pow'] },
    { op: 'Min', inputs: ['x_pow', 'one'], outputs: ['weight'] },
    { op: 'Mul', inputs: ['weight', 'diff'], outputs: ['fdiff_raw'] },
    ...finite('fdiff_raw', 'record_ok'),
    { op: 'Where', inputs: ['record_ok', 'fdiff_raw', 'zero'], outputs: ['fdiff'] },
    { op: 'Mul', inputs: ['fdiff_raw', 'diff'], outputs: ['cost2'] },
    { op: 'Mul', inputs: ['cost2', 'half'], outputs: ['cost_raw'] },
    { op: 'Where', inputs: ['record_ok', 'cost_raw', 'zero'], outputs: ['cost'] },
    // vector gradients, clipped then scaled by eta: g1 for wi from wj, g2 for wj from wi
    { op: 'Unsqueeze', inputs: ['fdiff', 'ax1'], outputs: ['fdiff_col'] },
    ...vectorUpdate('g1', 'u1', 'wj', 'gwi'),
    ...vectorUpdate('g2', 'u2', 'wi', 'gwj'),
    // both vector updates or neither, as the CPU kernel: dropped when either sum is not finite
    { op: 'ReduceSum', inputs: ['u1', 'ax1'], outputs: ['u1_sum'], attributes: { keepdims: 1 } },
    { op: 'ReduceSum', inputs: ['u2', 'ax1'], outputs: ['u2_sum'], attributes: { keepdims: 1 } },
    ...finite('u1_sum', 'u1_ok'),
    ...finite('u2_sum', 'u2_ok'),
    { op: 'And', inputs: ['u1_ok', 'u2_ok'], outputs: ['vectors_ok'] },
    { op: 'Where', inputs: ['vectors_ok', 'u1', 'zero'], outputs: ['u1_kept'] },
    { op: 'Where', inputs: ['vectors_ok', 'u2', 'zero'], outputs: ['u2_kept'] },
    { op: 'Neg', inputs: ['u1_kept'], outputs: ['d_wi'] },
    { op: 'Neg', inputs: ['u2_kept'], outputs: ['d_wj'] },
    { op: 'Mul', inputs: ['g1', 'g1'], outputs: ['d_gwi'] },
    { op: 'Mul', inputs: ['g2', 'g2'], outputs: ['d_gwj'] },
    // biases: the unclipped f·diff over the old sums' roots, non-finite updates dropped
    ...biasUpdate('gbi', 'd_bi'),
    ...biasUpdate('gbj', 'd_bj'),
    { op: 'Mul', inputs: ['fdiff', 'fdiff'], outputs: ['fdiff2'] },
    // scatter-add every update into its matrix
    { op: 'Unsqueeze', inputs: ['i', 'ax1'], outputs: ['i_idx'] },
    { op: 'Unsqueeze', inputs: ['j', 'ax1'], outputs: ['j_idx'] },
    scatter('W', 'i_idx', 'd_wi'),
    scatter('Wt', 'j_idx', 'd_wj'),
    scatter('b', 'i_idx', 'd_bi'),
    scatter('bt', 'j_idx', 'd_bj'),
    scatter('gradsq_W', 'i_idx', 'd_gwi'),
    scatter('gradsq_Wt', 'j_idx', 'd_gwj'),
    scatter('gradsq_b', 'i_idx', 'fdiff2'),
    scatter('gradsq_bt', 'j_idx', 'fdiff2'),
  ];
  const matrix = (name: GloveTensorName) => ({
    name,
    type: DataType.FLOAT,
    shape: BIASES.has(name) ? ['V'] : ['V', 'D'],
  });
  return encodeModel({
    name: 'glove_step',
    opset: 18,
    nodes,
    inputs: [
      ...GLOVE_TENSORS.map(matrix),
      { name: 'i', type: DataType.INT64, shape: ['B'] },
      { name: 'j', type: DataType.INT64, shape: ['B'] },
      { name: 'x', type: DataType.FLOAT, shape: ['B'] },
      { name: 'eta', type: DataType.FLOAT, shape: [1] },
      { name: 'xMax', type: DataType.FLOAT, shape: [1] },
      { name: 'alpha', type: DataType.FLOAT, shape: [1] },
    ],
    outputs: [
      ...GLOVE_TENSORS.map((name) => ({ ...matrix(name), name: `${name}_out` })),
      { name: 'cost', type: DataType.FLOAT, shape: ['B'] },
    ],
    initializers: [
      int64('ax1', [1], [1]),
      float32('zero', [0], []),
      float32('one', [1], []),
      float32('half', [0.5], []),
      float32('clip_lo', [-GRAD_CLIP], []),
      float32('clip_hi', [GRAD_CLIP], []),
    ],
  });
}

function gather(table: string, index: string, out: string): NodeSpec[] {
  return [{ op: 'Gather', inputs: [table, index], outputs: [out], attributes: { axis: 0 } }];
}

function scatter(table: string, index: string, update: string): NodeSpec {
  return {
    op: 'ScatterND',
    inputs: [table, index, update],
    outputs: [`${table}_out`],
    attributes: { reduction: 'add' },
  };
}

/** out: true where `value` is neither NaN nor ±Inf */
function finite(value: string, out: string): NodeSpec[] {
  // v - v is 0 for a finite v and NaN for ±Inf or NaN; written this way (not
  // IsNaN/IsInf, which WebGPU lacks) the test stays on the GPU
  return [
    { op: 'Sub', inputs: [value, value], outputs: [`${value}_self_diff`] },
    { op: 'Equal', inputs: [`${value}_self_diff`, 'zero'], outputs: [out] },
  ];
}

/** g = clip(fdiff·other)·eta; u = g / sqrt(old sums) */
function vectorUpdate(g: string, u: string, other: string, sums: string): NodeSpec[] {
  return [
    { op: 'Mul', inputs: ['fdiff_col', other], outputs: [`${g}_raw`] },
    { op: 'Clip', inputs: [`${g}_raw`, 'clip_lo', 'clip_hi'], outputs: [`${g}_clipped`] },
    { op: 'Mul', inputs: [`${g}_clipped`, 'eta'], outputs: [g] },
    { op: 'Sqrt', inputs: [sums], outputs: [`${sums}_root`] },
    { op: 'Div', inputs: [g, `${sums}_root`], outputs: [u] },
  ];
}

/** -(fdiff / sqrt(old bias sum)), 0 where that is not finite */
function biasUpdate(sums: string, out: string): NodeSpec[] {
  return [
    { op: 'Sqrt', inputs: [sums], outputs: [`${sums}_root`] },
    { op: 'Div', inputs: ['fdiff', `${sums}_root`], outputs: [`${out}_raw`] },
    ...finite(`${out}_raw`, `${out}_ok`),
    { op: 'Neg', inputs: [`${out}_raw`], outputs: [`${out}_neg`] },
    { op: 'Where', inputs: [`${out}_ok`, `${out}_neg`, 'zero'], outputs: [out] },
  ];
}
