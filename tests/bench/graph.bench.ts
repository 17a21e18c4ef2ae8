// Graph-training throughput per execution provider beside the CPU kernels, on
// the same synthetic Zipf corpus: skip-gram and CBOW words/s (ONNX graph vs
// the SIMD kernel on one and on all threads), GloVe records/s (graph vs the
// CPU trainer's training phase). Every provider that starts here is measured;
// the skipped ones are listed with their reasons.
//   node --import tsx tests/bench/graph.bench.ts [--words 1000000] [--vocab 30000] [--dim 100]
//     [--epochs 1] [--batch N] [--methods sgns,cbow,glove] [--software] [--json]
// --software also measures providers that run here only on a software device
// (WebGPU on SwiftShader: VK_ICD_FILENAMES=/usr/lib/chromium/vk_swiftshader_icd.json):
// slow, but it is the GPU code path.
// The corpus is random (Zipf ranks, 20-word lines): the numbers are speed only.
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { SENTENCE_END } from '../../src-main/core/corpus/token-file.ts';
import { trainGloveOnGraph } from '../../src-main/core/onnx/glove-graph-train.ts';
import { graphBatch, trainWord2vecOnGraph } from '../../src-main/core/onnx/graph-train.ts';
import { probeProviders, type ProviderName } from '../../src-main/core/onnx/providers.ts';
import { defaultGloveParams, trainGlove } from '../../src-main/core/train/glove/glove.ts';
import { Xoshiro128 } from '../../src-main/core/train/random.ts';
import { trainWord2vec } from '../../src-main/core/train/word2vec.ts';
import { tempDir } from '../helpers/paths.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const words = Number(option('--words', '1000000'));
const vocab = Number(option('--vocab', '30000'));
const dim = Number(option('--dim', '100'));
const epochs = Number(option('--epochs', '1'));
const batchOption = option('--batch', '');
const methods = option('--methods', 'sgns,cbow,glove').split(',');
const asJson = process.argv.includes('--json');
const LINE = 20;

interface Row {
  method: string;
  engine: string;
  /** words/s for sgns and cbow, records/s for glove's training phase */
  rate: number;
  unit: string;
  seconds: number;
  batch?: number;
  weightsOnDevice?: boolean;
}

/** Zipf(1) ranks, ids renumbered most frequent first as the corpus import does */
function zipfCorpus(file: string): { counts: number[]; words: string[] } {
  const rng = new Xoshiro128(1);
  const cdf = new Float64Array(vocab);
  let sum = 0;
  for (let r = 0; r < vocab; r++) cdf[r] = sum += 1 / (r + 1);
  const draw = () => {
    const u = rng.nextFloat() * sum;
    let lo = 0;
    let hi = vocab - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const lines = Math.ceil(words / LINE);
  const tokens = new Uint32Array(lines * (LINE + 1));
  const counts = new Float64Array(vocab);
  let at = 0;
  for (let l = 0; l < lines; l++) {
    for (let t = 0; t < LINE; t++) counts[(tokens[at++] = draw())]++;
    tokens[at++] = SENTENCE_END;
  }
  const order = Array.from({ length: vocab }, (_, i) => i)
    .filter((i) => counts[i] > 0)
    .sort((a, b) => counts[b] - counts[a]);
  const newId = new Uint32Array(vocab);
  order.forEach((old, id) => (newId[old] = id));
  for (let i = 0; i < tokens.length; i++) if (tokens[i] !== SENTENCE_END) tokens[i] = newId[tokens[i]];
  writeFileSync(file, tokens);
  return { counts: order.map((i) => counts[i]), words: order.map((i) => `w${i}`) };
}

const w2v = { dim, window: 5, negative: 5, sample: 1e-3, epochs, alpha: 0.025, minAlpha: 0.0001, seed: 1 };

async function word2vecRows(
  method: 'sgns' | 'cbow',
  tokenFile: string,
  corpus: { counts: number[]; words: string[] },
  providers: ProviderName[],
  tmp: string,
): Promise<Row[]> {
  const rows: Row[] = [];
  const total = epochs * corpus.counts.reduce((s, c) => s + c, 0);
  const threadCounts = [...new Set([1, cpus().length])];
  for (const threads of threadCounts) {
    const t0 = performance.now();
    await trainWord2vec({
      tokenFile,
      words: corpus.words,
      counts: corpus.counts,
      tmpDir: tmp,
      params: {
        ...w2v,
        method,
        hs: false,
        minCount: 1,
        maxVocab: null,
        threads,
        nsExponent: 0.75,
        minn: 0,
        maxn: 0,
        bucket: 0,
      },
    });
    const seconds = (performance.now() - t0) / 1000;
    rows.push({
      method,
      engine: `CPU kernel, ${threads} thread${threads > 1 ? 's' : ''}`,
      rate: total / seconds,
      unit: 'words/s',
      seconds,
    });
  }
  for (const provider of providers) {
    const batch = batchOption ? Number(batchOption) : graphBatch(method, corpus.counts.length);
    const r = await trainWord2vecOnGraph(method, {
      tokenFile,
      counts: corpus.counts,
      params: { ...w2v, batch },
      provider,
    });
    rows.push({
      method,
      engine: graphEngine(provider),
      rate: r.wordsDone / r.seconds,
      unit: 'words/s',
      seconds: r.seconds,
      batch,
      weightsOnDevice: r.onDevice,
    });
  }
  return rows;
}

async function gloveRows(
  tokenFile: string,
  corpus: { counts: number[] },
  providers: ProviderName[],
  tmp: string,
): Promise<Row[]> {
  const params = { ...defaultGloveParams, dim, window: 10, minCount: 1, iter: Math.max(1, epochs), threads: 1 };
  const rows: Row[] = [];
  for (const threads of [...new Set([1, cpus().length])]) {
    const r = await trainGlove({ tokenFile, counts: corpus.counts, params: { ...params, threads }, tmpDir: tmp });
    rows.push({
      method: 'glove',
      engine: `CPU kernel, ${threads} thread${threads > 1 ? 's' : ''}`,
      rate: (params.iter * r.nonZero) / r.seconds.train,
      unit: 'records/s',
      seconds: r.seconds.train,
    });
  }
  for (const provider of providers) {
    const batch = batchOption ? Number(batchOption) : graphBatch('glove', corpus.counts.length);
    const r = await trainGloveOnGraph({
      tokenFile,
      counts: corpus.counts,
      params: { ...params, batch },
      provider,
      tmpDir: tmp,
    });
    const train = r.phases?.train ?? r.seconds;
    rows.push({
      method: 'glove',
      engine: graphEngine(provider),
      rate: r.examples / train,
      unit: 'records/s',
      seconds: train,
      batch,
      weightsOnDevice: r.onDevice,
    });
  }
  return rows;
}

/** providers that run here only on a software device, named so in the rows */
let softwareDevices: ProviderName[] = [];
function graphEngine(provider: ProviderName): string {
  return `graph on ${provider}${softwareDevices.includes(provider) ? ' (software device)' : ''}`;
}

const temp = tempDir('embedlab-graph-bench-');
try {
  const tokenFile = join(temp.dir, 'zipf.tok');
  const corpus = zipfCorpus(tokenFile);
  const report = await probeProviders();
  softwareDevices = report.software ?? [];
  const providers = [...report.available, ...(process.argv.includes('--software') ? (report.software ?? []) : [])];
  const rows: Row[] = [];
  for (const m of methods) {
    if (m === 'sgns' || m === 'cbow') rows.push(...(await word2vecRows(m, tokenFile, corpus, providers, temp.dir)));
    else if (m === 'glove') rows.push(...(await gloveRows(tokenFile, corpus, providers, temp.dir)));
  }
  const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`;
  if (asJson) {
    console.log(JSON.stringify({ words, vocab: corpus.counts.length, dim, epochs, machine, providers: report, rows }));
  } else {
    console.log(
      `graph training: ${words} words (Zipf, ${corpus.counts.length} distinct), dim ${dim}, ${epochs} epoch(s), ${machine}`,
    );
    for (const s of report.skipped) console.log(`  skipped ${s.name}: ${s.reason}`);
    for (const m of methods) {
      const own = rows.filter((r) => r.method === m);
      const base = own.find((r) => r.engine.startsWith('CPU kernel, 1 thread'));
      for (const r of own) {
        const vs = base && r !== base ? `  (${(r.rate / base.rate).toFixed(2)}× the 1-thread kernel)` : '';
        const extra = r.batch ? `  batch ${r.batch}${r.weightsOnDevice ? ', weights on device' : ''}` : '';
        console.log(
          `  ${m.padEnd(6)} ${r.engine.padEnd(22)} ${Math.round(r.rate).toLocaleString('en').padStart(12)} ${r.unit}  ${r.seconds.toFixed(2)} s${extra}${vs}`,
        );
      }
    }
  }
} finally {
  temp.cleanup();
}
