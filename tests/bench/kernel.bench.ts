// Words/s of the wasm word2vec kernel with 1 and 2 threads, and of a plain-JS
// loop of the same per-pair math, on a synthetic Zipfian token stream.
//   node --import tsx tests/bench/kernel.bench.ts [--tokens 4000000] [--threads 1,2] [--modes skipgram,js]
// Besides wall-clock words/s it prints CPU-normalized words/s (tokens per CPU
// second per thread): on a shared, busy machine that is the steadier number.
//   node --import tsx tests/bench/kernel.bench.ts --quality
// instead compares the vectors each mode learns on a corpus with planted
// topics: how many of a word's 10 nearest neighbours share its topic.
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  WasmModel,
  createWasmKernel,
  type KernelMode,
  type WasmModelShared,
} from '../../src-main/core/kernels/wasm-kernel.ts';
import { aliasTable, sigmoidTables } from '../../src-main/core/kernels/tables.ts';

const VOCAB = 50_000;
const DIM = 100;
const WINDOW = 5;
const NEGATIVE = 5;
const SAMPLE = 1e-4;
const ALPHA = 0.025;
const SENTENCE = 1000;
const SEED = 7;

type BenchMode = KernelMode | 'js';

interface Job {
  mode: BenchMode;
  shared: WasmModelShared;
  stream: SharedArrayBuffer;
  keep: Float64Array;
  counts: Float64Array;
  start: number;
  end: number;
  threadIndex: number;
  go: SharedArrayBuffer;
}

interface Done {
  pairs: number;
  loss: number;
}

// ---------- main thread ----------

async function main(): Promise<void> {
  const tokens = Number(option('--tokens', '4000000'));
  const threadCounts = option('--threads', '1,2').split(',').map(Number);
  const modes = option('--modes', 'skipgram,skipgram-batch,cbow,js').split(',') as BenchMode[];
  const stream = zipfStream(tokens, VOCAB, 0x9e3779b9);
  const counts = new Float64Array(VOCAB);
  for (const w of stream) counts[w]++;
  for (let i = 0; i < VOCAB; i++) counts[i] = Math.max(1, counts[i]);
  const keep = keepProbabilities(counts, tokens);
  let kept = 0;
  for (let i = 0; i < VOCAB; i++) kept += keep[i] * counts[i];
  console.log(
    `stream: ${tokens} tokens, vocab ${VOCAB}, Zipf(1); dim ${DIM}, window ${WINDOW}, negative ${NEGATIVE}, ` +
      `sample ${SAMPLE} keeps ${((100 * kept) / tokens).toFixed(1)}%`,
  );
  console.log('mode            threads  wall k words/s  cpu-norm k words/s  pairs/s (M, cpu-norm)  loss/pair');
  for (const mode of modes) {
    for (const threads of threadCounts) {
      const r = await run(mode, threads, stream, counts, keep);
      console.log(
        `${mode.padEnd(16)}${String(threads).padEnd(9)}${(tokens / r.wall / 1000).toFixed(0).padStart(14)}` +
          `${((tokens * threads) / r.cpu / 1000).toFixed(0).padStart(20)}` +
          `${((r.pairs * threads) / r.cpu / 1e6).toFixed(2).padStart(23)}${(r.loss / r.pairs).toFixed(4).padStart(11)}`,
      );
    }
  }
}

async function run(
  mode: BenchMode,
  threads: number,
  stream: Uint32Array,
  counts: Float64Array,
  keep: Float64Array,
): Promise<{ wall: number; cpu: number; pairs: number; loss: number }> {
  const model = WasmModel.create({ vocabSize: VOCAB, dim: DIM, window: WINDOW, negative: NEGATIVE, threads, counts });
  let x = SEED;
  for (let i = 0; i < model.syn0.length; i++) {
    x = xorshift(x);
    model.syn0[i] = ((x >>> 0) / 4294967296 - 0.5) / DIM;
  }
  const shared = new Uint32Array(new SharedArrayBuffer(stream.byteLength));
  shared.set(stream);
  const go = new SharedArrayBuffer(4);
  const workers: Worker[] = [];
  const ready: Promise<void>[] = [];
  const done: Promise<Done>[] = [];
  for (let t = 0; t < threads; t++) {
    const job: Job = {
      mode,
      shared: model.shared,
      stream: shared.buffer as SharedArrayBuffer,
      keep,
      counts,
      start: Math.floor((stream.length * t) / threads),
      end: Math.floor((stream.length * (t + 1)) / threads),
      threadIndex: t,
      go,
    };
    const worker = startWorker(job);
    workers.push(worker);
    ready.push(new Promise((resolve) => worker.once('message', () => resolve())));
    done.push(
      new Promise((resolve, reject) => {
        worker.on('message', (m: Done | 'ready') => m !== 'ready' && resolve(m));
        worker.once('error', reject);
      }),
    );
  }
  await Promise.all(ready);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const flag = new Int32Array(go);
  Atomics.store(flag, 0, 1);
  Atomics.notify(flag, 0);
  const results = await Promise.all(done);
  const wall = (performance.now() - t0) / 1000;
  const used = process.cpuUsage(cpu0);
  await Promise.all(workers.map((w) => w.terminate()));
  return {
    wall,
    cpu: (used.user + used.system) / 1e6,
    pairs: results.reduce((s, r) => s + r.pairs, 0),
    loss: results.reduce((s, r) => s + r.loss, 0),
  };
}

function startWorker(job: Job): Worker {
  // Node 20 does not apply `--import tsx` to workers: register it, then load this file
  const self = JSON.stringify(import.meta.url);
  const boot = `import('tsx/esm/api').then(({ register }) => { register(); return import(${self}); });`;
  return new Worker(boot, { eval: true, workerData: job });
}

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(name);
  return at >= 0 && at + 1 < process.argv.length ? process.argv[at + 1] : fallback;
}

/** word2vec.c's keep probability for one occurrence of each word */
function keepProbabilities(counts: Float64Array, total: number): Float64Array {
  const threshold = SAMPLE * total;
  return counts.map((c) => Math.min(1, (Math.sqrt(c / threshold) + 1) * (threshold / c)));
}

/** `n` tokens with P(rank r) ∝ 1/(r+1), from a seeded xorshift */
function zipfStream(n: number, vocab: number, seed: number): Uint32Array {
  const cumulative = new Float64Array(vocab);
  let sum = 0;
  for (let i = 0; i < vocab; i++) cumulative[i] = sum += 1 / (i + 1);
  const out = new Uint32Array(n);
  let x = seed;
  for (let t = 0; t < n; t++) {
    x = xorshift(x);
    const r = ((x >>> 0) / 4294967296) * sum;
    let lo = 0;
    let hi = vocab - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid] > r) hi = mid;
      else lo = mid + 1;
    }
    out[t] = lo;
  }
  return out;
}

function xorshift(x: number): number {
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  return x | 0;
}

// ---------- worker ----------

interface Trainer {
  sentence: Uint32Array;
  trainSentence(sentence: Uint32Array, length: number, alpha: number): void;
  lossSum: number;
  pairs: number;
}

function workerMain(job: Job): void {
  const stream = new Uint32Array(job.stream);
  const trainer: Trainer =
    job.mode === 'js'
      ? new PlainSkipGram(job.shared, job.counts)
      : createWasmKernel(job.shared, { threadIndex: job.threadIndex, seed: SEED, mode: job.mode });
  parentPort!.postMessage('ready');
  Atomics.wait(new Int32Array(job.go), 0, 0);
  const { keep, start, end } = job;
  const sentence = trainer.sentence;
  let x = SEED + job.threadIndex + 1;
  let position = start;
  while (position < end) {
    let length = 0;
    while (position < end && length < SENTENCE) {
      const word = stream[position++];
      x = xorshift(x);
      if (keep[word] < 1 && (x >>> 0) / 4294967296 >= keep[word]) continue;
      sentence[length++] = word;
    }
    const alpha = Math.max(ALPHA * 1e-4, ALPHA * (1 - (position - start) / (end - start + 1)));
    trainer.trainSentence(sentence, length, alpha);
  }
  parentPort!.postMessage({ pairs: trainer.pairs, loss: trainer.lossSum } satisfies Done);
}

/**
 * The per-pair skip-gram update as plain JS over the same shared weights and
 * the same tables (word2vec.c's order, alias-table negatives, a 32-bit xorshift
 * in place of the 64-bit LCG): what the wasm kernel is measured against.
 */
class PlainSkipGram implements Trainer {
  readonly sentence = new Uint32Array(SENTENCE);
  lossSum = 0;
  pairs = 0;
  private readonly syn0: Float32Array;
  private readonly syn1: Float32Array;
  private readonly neu1e = new Float32Array(DIM);
  private readonly alias: Uint32Array;
  private readonly sigmoid: Float32Array;
  private readonly positiveLoss: Float32Array;
  private readonly negativeLoss: Float32Array;
  private random = SEED;

  constructor(shared: WasmModelShared, counts: Float64Array) {
    const model = WasmModel.attach(shared);
    this.syn0 = model.syn0;
    this.syn1 = model.syn1neg;
    this.alias = aliasTable(counts, VOCAB);
    ({ sigmoid: this.sigmoid, positiveLoss: this.positiveLoss, negativeLoss: this.negativeLoss } = sigmoidTables());
  }

  trainSentence(sentence: Uint32Array, length: number, alpha: number): void {
    for (let i = 0; i < length; i++) {
      const shrink = this.next() % WINDOW;
      const from = Math.max(0, i - WINDOW + shrink);
      const to = Math.min(length, i + WINDOW + 1 - shrink);
      for (let j = from; j < to; j++) {
        if (j !== i) this.pair(sentence[j] * DIM, sentence[i], alpha);
      }
    }
  }

  private pair(l1: number, center: number, alpha: number): void {
    const { syn0, syn1, neu1e } = this;
    neu1e.fill(0);
    for (let d = 0; d <= NEGATIVE; d++) {
      const target = d === 0 ? center : this.draw();
      if (d > 0 && target === center) continue;
      const l2 = target * DIM;
      let f = 0;
      for (let c = 0; c < DIM; c++) f += syn0[l1 + c] * syn1[l2 + c];
      const label = d === 0 ? 1 : 0;
      let s: number;
      if (f >= 6) s = 1;
      else if (f <= -6) s = 0;
      else {
        const slot = ((f + 6) * (1000 / 12)) | 0;
        s = this.sigmoid[slot];
        this.lossSum += label ? this.positiveLoss[slot] : this.negativeLoss[slot];
      }
      const g = (label - s) * alpha;
      for (let c = 0; c < DIM; c++) {
        neu1e[c] += g * syn1[l2 + c];
        syn1[l2 + c] += g * syn0[l1 + c];
      }
    }
    for (let c = 0; c < DIM; c++) syn0[l1 + c] += neu1e[c];
    this.pairs++;
  }

  private draw(): number {
    const r = this.next();
    const bucket = Math.floor((r / 4294967296) * VOCAB);
    return this.next() >>> 0 < this.alias[2 * bucket] ? bucket : this.alias[2 * bucket + 1];
  }

  private next(): number {
    this.random = xorshift(this.random);
    return this.random >>> 0;
  }
}

// ---------- quality on planted topics ----------

const TOPICS = 50;
const TOPIC_WORDS = 100;
const FUNCTION_WORDS = 100;

/**
 * Sentences of 20 words: 40% shared function words, 15% words of any topic
 * (noise), the rest one topic's words, Zipf within each group.
 */
function topicCorpus(tokens: number, seed: number): { sentences: Uint32Array[]; counts: Float64Array } {
  const vocab = FUNCTION_WORDS + TOPICS * TOPIC_WORDS;
  const counts = new Float64Array(vocab);
  const zipf = (n: number, r: number): number => Math.min(n - 1, Math.floor(Math.pow(n + 1, r) - 1));
  let x = seed;
  const uniform = (): number => ((x = xorshift(x)) >>> 0) / 4294967296;
  const sentences: Uint32Array[] = [];
  for (let made = 0; made < tokens; made += 20) {
    const topic = Math.floor(uniform() * TOPICS);
    const sentence = new Uint32Array(20);
    for (let i = 0; i < 20; i++) {
      const kind = uniform();
      const from = kind < 0.55 ? topic : Math.floor(uniform() * TOPICS);
      const word =
        kind >= 0.7
          ? zipf(FUNCTION_WORDS, uniform())
          : FUNCTION_WORDS + from * TOPIC_WORDS + zipf(TOPIC_WORDS, uniform());
      sentence[i] = word;
      counts[word]++;
    }
    sentences.push(sentence);
  }
  return { sentences, counts };
}

function quality(): void {
  const dim = 50;
  const epochs = 1;
  const { sentences, counts } = topicCorpus(Number(option('--tokens', '600000')), 99);
  const vocab = counts.length;
  for (let i = 0; i < vocab; i++) counts[i] = Math.max(1, counts[i]);
  console.log(
    `planted topics: ${TOPICS} x ${TOPIC_WORDS} words + ${FUNCTION_WORDS} function words, ` +
      `${sentences.length * 20} tokens; dim ${dim}, ${epochs} epoch(s)`,
  );
  for (const mode of ['skipgram', 'skipgram-batch', 'cbow'] as const) {
    const model = WasmModel.create({ vocabSize: vocab, dim, window: WINDOW, negative: NEGATIVE, threads: 1, counts });
    let x = SEED;
    for (let i = 0; i < model.syn0.length; i++) {
      x = xorshift(x);
      model.syn0[i] = ((x >>> 0) / 4294967296 - 0.5) / dim;
    }
    const kernel = createWasmKernel(model.shared, { threadIndex: 0, seed: SEED, mode });
    const total = epochs * sentences.length;
    let done = 0;
    const t0 = performance.now();
    for (let e = 0; e < epochs; e++) {
      for (const sentence of sentences) {
        const alpha = Math.max(ALPHA * 1e-4, ALPHA * (1 - done++ / total));
        kernel.trainSentence(sentence, sentence.length, alpha);
      }
    }
    const seconds = (performance.now() - t0) / 1000;
    console.log(
      `${mode.padEnd(16)} topic precision@10 ${precisionAt10(model.syn0, dim).toFixed(3)}  ` +
        `loss/pair ${(kernel.lossSum / kernel.pairs).toFixed(4)}  ${seconds.toFixed(1)} s`,
    );
  }
}

/** mean share of each topic word's 10 nearest topic words (cosine) that are in its topic */
function precisionAt10(syn0: Float32Array, dim: number): number {
  const words = TOPICS * TOPIC_WORDS;
  const unit = new Float64Array(words * dim);
  for (let w = 0; w < words; w++) {
    let norm = 0;
    for (let c = 0; c < dim; c++) norm += syn0[(FUNCTION_WORDS + w) * dim + c] ** 2;
    norm = Math.sqrt(norm) || 1;
    for (let c = 0; c < dim; c++) unit[w * dim + c] = syn0[(FUNCTION_WORDS + w) * dim + c] / norm;
  }
  let hits = 0;
  let asked = 0;
  const similarity = new Float64Array(words);
  for (let w = 0; w < words; w += 5) {
    for (let v = 0; v < words; v++) {
      let s = 0;
      for (let c = 0; c < dim; c++) s += unit[w * dim + c] * unit[v * dim + c];
      similarity[v] = v === w ? -Infinity : s;
    }
    const top = Array.from(similarity.keys())
      .sort((a, b) => similarity[b] - similarity[a])
      .slice(0, 10);
    hits += top.filter((v) => Math.floor(v / TOPIC_WORDS) === Math.floor(w / TOPIC_WORDS)).length;
    asked += 10;
  }
  return hits / asked;
}

if (isMainThread && process.argv.includes('--quality')) quality();
else if (isMainThread) await main();
else workerMain(workerData as Job);
