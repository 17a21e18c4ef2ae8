// Worker entry for the two-thread test: trains sentences of words [from, to)
// on the shared model and posts its pair count.
import { parentPort, workerData } from 'node:worker_threads';
import { createWasmKernel, type WasmModelShared } from '../../../src-main/core/kernels/wasm-kernel.ts';

const { shared, threadIndex, words } = workerData as {
  shared: WasmModelShared;
  threadIndex: number;
  words: [number, number];
};
const kernel = createWasmKernel(shared, { threadIndex, seed: 1 });
const [from, to] = words;
let x = threadIndex + 1;
for (let s = 0; s < 300; s++) {
  for (let i = 0; i < 100; i++) {
    x = (Math.imul(x, 1103515245) + 12345) | 0;
    kernel.sentence[i] = from + ((x >>> 8) % (to - from));
  }
  kernel.trainSentence(kernel.sentence, 100, 0.025);
}
parentPort!.postMessage({ pairs: kernel.pairs });
