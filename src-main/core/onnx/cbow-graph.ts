// The CBOW negative-sampling step as an ONNX graph, our CbowKernel's math
// (word2vec.c with cbow_mean=1, gensim's default): h is the mean of the
// context words' input rows, h predicts the center word against K negatives
// (sgns-graph.ts's output layer), and h's summed error is added, unscaled, to
// every context row. Windows differ in size (word2vec's random shrink and the
// sentence ends), so contexts come padded to 2·window with a 0/1 mask; a
// padded slot reads row 0 and adds nothing to it. For a batch whose rows are
// all distinct the step equals the CPU kernel's per-example updates; rows
// repeated within a batch follow sgns-graph.ts's minibatch semantics.
import { DataType, encodeModel, type NodeSpec } from './proto.ts';
import {
  negativeSamplingInitializers,
  negativeSamplingInputs,
  negativeSamplingNodes,
  word2vecOutputs,
} from './sgns-graph.ts';

export interface CbowGraphShape {
  negative: number;
}

/**
 * Inputs: syn0 [V, D], syn1neg [V, D] (float32), contexts [B, C] (int64, C
 * slots per example), mask [B, C] (float32, 1 for a real context word, 0 for
 * padding; every example has at least one), targets [B] (the center words),
 * negatives [B, K] (int64), alpha [1]. Outputs: syn0_out, syn1neg_out, loss [B].
 */
export function cbowStepModel({ negative }: CbowGraphShape): Uint8Array {
  const nodes: NodeSpec[] = [
    // h = Σ mask·rows / Σ mask: [B, C, D] -> [B, D]
    { op: 'Gather', inputs: ['syn0', 'contexts'], outputs: ['ctx_rows'], attributes: { axis: 0 } },
    { op: 'Unsqueeze', inputs: ['mask', 'ax2'], outputs: ['mask_col'] },
    { op: 'Mul', inputs: ['ctx_rows', 'mask_col'], outputs: ['ctx_kept'] },
    { op: 'ReduceSum', inputs: ['ctx_kept', 'ax1'], outputs: ['ctx_sum'], attributes: { keepdims: 0 } },
    { op: 'ReduceSum', inputs: ['mask', 'ax1'], outputs: ['ctx_count'], attributes: { keepdims: 1 } },
    { op: 'Div', inputs: ['ctx_sum', 'ctx_count'], outputs: ['h'] },
    ...negativeSamplingNodes(),
    // every real context row gets neu1e, padding slots get 0
    { op: 'Unsqueeze', inputs: ['neu1e', 'ax1'], outputs: ['neu1e_row'] },
    { op: 'Mul', inputs: ['neu1e_row', 'mask_col'], outputs: ['ctx_update'] },
    { op: 'Unsqueeze', inputs: ['contexts', 'ax2'], outputs: ['contexts_idx'] },
    {
      op: 'ScatterND',
      inputs: ['syn0', 'contexts_idx', 'ctx_update'],
      outputs: ['syn0_out'],
      attributes: { reduction: 'add' },
    },
  ];
  return encodeModel({
    name: 'cbow_step',
    opset: 18,
    nodes,
    inputs: [
      { name: 'syn0', type: DataType.FLOAT, shape: ['V', 'D'] },
      { name: 'syn1neg', type: DataType.FLOAT, shape: ['V', 'D'] },
      { name: 'contexts', type: DataType.INT64, shape: ['B', 'C'] },
      { name: 'mask', type: DataType.FLOAT, shape: ['B', 'C'] },
      ...negativeSamplingInputs(negative),
    ],
    outputs: word2vecOutputs,
    initializers: negativeSamplingInitializers(negative),
  });
}
