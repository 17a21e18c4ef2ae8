// The module's exports. Weights, tables and scratch live in the imported
// shared memory at offsets the JS loader chose and wrote into the headers.
export { sgTrainSentence } from './skipgram';
export { sgTrainSentenceBatch } from './skipgram-batch';
export { cbowTrainSentence } from './cbow';
export { ftTrainSentence } from './fasttext';

/** where the loader may start its layout: after this module's static data */
export function heapBase(): usize {
  return __heap_base;
}
