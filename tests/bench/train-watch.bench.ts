// What watching a training run costs: one refresh's copy of the mapped rows
// (on the service's thread, as the trainer's hook runs) and its frame (the
// watched words' neighbours over the whole vocabulary plus the 2D layout, in
// the watcher's worker), at word2vec's and fastText's shapes.
//   node --import tsx tests/bench/train-watch.bench.ts [--words 70000] [--dim 100] [--watched 12] [--map 500] [--repeat 5]
import { parseArgs } from 'node:util';
import { buildSubwordTable } from '../../src-main/core/train/fasttext/ngrams.ts';
import { Xoshiro128 } from '../../src-main/core/train/random.ts';
import type { LiveWeights } from '../../src-main/core/train/types.ts';
import { computeWatchFrame, copyWordRows } from '../../src-main/core/train/watch-frame.ts';

const { values } = parseArgs({
  options: {
    words: { type: 'string', default: '70000' },
    dim: { type: 'string', default: '100' },
    watched: { type: 'string', default: '12' },
    map: { type: 'string', default: '500' },
    repeat: { type: 'string', default: '5' },
  },
});
const words = Number(values.words);
const dim = Number(values.dim);
const watched = Number(values.watched);
const mapWords = Number(values.map);
const repeat = Number(values.repeat);

const random = new Xoshiro128(1, 0);
const noise = (n: number) => {
  const out = new Float32Array(new SharedArrayBuffer(n * 4));
  for (let i = 0; i < n; i++) out[i] = random.nextFloat() - 0.5;
  return out;
};

function measure(label: string, w: LiveWeights): void {
  const ids = Array.from({ length: mapWords }, (_, i) => i);
  const watchedIds = Array.from({ length: watched }, (_, j) => 50 + j * 37);
  let copy = Infinity;
  let neighbours = Infinity;
  let layout = Infinity;
  let previous: Float32Array | null = null;
  for (let r = 0; r < repeat; r++) {
    const t0 = performance.now();
    const rows = copyWordRows(w, ids);
    copy = Math.min(copy, performance.now() - t0);
    const frame = computeWatchFrame(
      w,
      { rows, alignRows: mapWords, watchedRows: watchedIds, watchedIds, k: 8 },
      previous,
    );
    previous = frame.coords;
    neighbours = Math.min(neighbours, frame.seconds.neighbours * 1000);
    layout = Math.min(layout, frame.seconds.layout * 1000);
  }
  console.log(
    `${label.padEnd(26)} copy ${copy.toFixed(2)} ms (${((mapWords * dim * 4) / 1024).toFixed(0)} KB)  ` +
      `neighbours ${neighbours.toFixed(1)} ms  layout ${layout.toFixed(1)} ms  (best of ${repeat})`,
  );
}

console.log(`${words} words x dim ${dim}, ${watched} watched words, ${mapWords} mapped`);
measure('skip-gram / CBOW', { kind: 'word2vec', input: noise(words * dim), words, dim, subwords: null });
const vocab = Array.from({ length: words }, (_, i) => `w${i.toString(36)}ord`);
const buckets = 200_000;
const subwords = buildSubwordTable(vocab, words, 3, 6, buckets, true);
measure('fastText (composed)', { kind: 'word2vec', input: noise((words + buckets) * dim), words, dim, subwords });
const W = new Float64Array(new SharedArrayBuffer(words * (dim + 1) * 2 * 8)).map(() => random.nextFloat() - 0.5);
measure('GloVe (W + W~)', { kind: 'glove', W, words, dim, model: 'sum' });
