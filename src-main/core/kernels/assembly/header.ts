// Accessors for the headers the JS loader writes; each train function reads
// them once per sentence into locals.
import {
  MODEL_ALIAS,
  MODEL_DIM,
  MODEL_NEGATIVE,
  MODEL_NEGATIVE_LOSS,
  MODEL_POSITIVE_LOSS,
  MODEL_SIGMOID,
  MODEL_SUBWORD_IDS,
  MODEL_SUBWORD_OFFSETS,
  MODEL_SYN0,
  MODEL_SYN1NEG,
  MODEL_VOCAB,
  MODEL_WINDOW,
} from './layout';

export function dimOf(model: usize): i32 {
  return load<i32>(model, MODEL_DIM);
}

export function vocabOf(model: usize): u32 {
  return load<u32>(model, MODEL_VOCAB);
}

export function windowOf(model: usize): i32 {
  return load<i32>(model, MODEL_WINDOW);
}

export function negativeOf(model: usize): i32 {
  return load<i32>(model, MODEL_NEGATIVE);
}

export function syn0Of(model: usize): usize {
  return <usize>load<u32>(model, MODEL_SYN0);
}

export function syn1negOf(model: usize): usize {
  return <usize>load<u32>(model, MODEL_SYN1NEG);
}

export function sigmoidOf(model: usize): usize {
  return <usize>load<u32>(model, MODEL_SIGMOID);
}

export function positiveLossOf(model: usize): usize {
  return <usize>load<u32>(model, MODEL_POSITIVE_LOSS);
}

export function negativeLossOf(model: usize): usize {
  return <usize>load<u32>(model, MODEL_NEGATIVE_LOSS);
}

export function aliasOf(model: usize): usize {
  return <usize>load<u32>(model, MODEL_ALIAS);
}

export function subwordOffsetsOf(model: usize): usize {
  return <usize>load<u32>(model, MODEL_SUBWORD_OFFSETS);
}

export function subwordIdsOf(model: usize): usize {
  return <usize>load<u32>(model, MODEL_SUBWORD_IDS);
}

/** a pointer field of a thread header */
export function scratchOf(thread: usize, field: usize): usize {
  return <usize>load<u32>(thread + field);
}

/** adds a sentence's loss and pair count to the thread's running totals */
export function addTotals(thread: usize, lossField: usize, pairsField: usize, loss: f64, pairs: i32): void {
  store<f64>(thread + lossField, load<f64>(thread + lossField) + loss);
  store<f64>(thread + pairsField, load<f64>(thread + pairsField) + <f64>pairs);
}
