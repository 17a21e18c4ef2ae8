// Encoder throughput per execution provider: sentences/s for batches of 32
// texts of 128 tokens each, every provider that starts here, the CPU beside.
//   node --import tsx tests/bench/encoder.bench.ts [--model DIR] [--batches 20] [--batch 32] [--tokens 128] [--software] [--json]
// --software also measures providers that run here only on a software device (see graph.bench.ts).
// Default model: the fixture (../shared/data/bert/fixture, hidden 32, 2 layers);
// give a real export (e.g. bert-base-uncased or all-MiniLM-L6-v2 in ONNX) for
// numbers that mean something. Texts are made of whole words so each tokenizes
// to exactly --tokens tokens with [CLS] and [SEP].
import { cpus } from 'node:os';
import { Encoder } from '../../src-main/core/onnx/encoder.ts';
import { probeProviders, type ProviderName } from '../../src-main/core/onnx/providers.ts';
import { sharedData } from '../helpers/paths.ts';

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const modelDir = option('--model', sharedData('bert/fixture'));
const batches = Number(option('--batches', '20'));
const batchSize = Number(option('--batch', '32'));
const tokens = Number(option('--tokens', '128'));
const asJson = process.argv.includes('--json');

const WORDS = ['the', 'river', 'bank', 'money', 'king', 'queen', 'water', 'city', 'music', 'light', 'house', 'time'];

/** a text of exactly `n` tokens with the model's tokenizer (special tokens included) */
function textOf(enc: Encoder, n: number, seed: number): string {
  const words: string[] = [];
  for (let i = 0; enc.tokenize(words.join(' ')).ids.length < n; i++)
    words.push(WORDS[(seed * 7 + i * 5) % WORDS.length]);
  if (enc.tokenize(words.join(' ')).ids.length !== n) throw new Error(`could not build a ${n}-token text`);
  return words.join(' ');
}

interface Row {
  provider: ProviderName;
  sentencesPerSecond: number;
  msPerBatch: number;
  warmupMs: number;
}

async function measure(provider: ProviderName): Promise<Row> {
  const enc = await Encoder.open(modelDir, { provider });
  try {
    const texts = Array.from({ length: batchSize }, (_, i) => textOf(enc, tokens, i));
    const w0 = performance.now();
    await enc.encode(texts, { batchSize });
    const warmupMs = performance.now() - w0;
    const t0 = performance.now();
    for (let b = 0; b < batches; b++) await enc.encode(texts, { batchSize });
    const seconds = (performance.now() - t0) / 1000;
    return {
      provider,
      sentencesPerSecond: (batches * batchSize) / seconds,
      msPerBatch: (seconds * 1000) / batches,
      warmupMs,
    };
  } finally {
    await enc.close();
  }
}

const report = await probeProviders();
const rows: Row[] = [];
const software = process.argv.includes('--software') ? (report.software ?? []) : [];
for (const p of [...report.available, ...software]) rows.push(await measure(p));
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`;

if (asJson) {
  console.log(JSON.stringify({ model: modelDir, batchSize, tokens, batches, machine, providers: report, rows }));
} else {
  console.log(`encoder ${modelDir}\n${batches} batches of ${batchSize} texts × ${tokens} tokens, ${machine}`);
  for (const s of report.skipped) console.log(`  skipped ${s.name}: ${s.reason}`);
  const cpu = rows.find((r) => r.provider === 'cpu');
  for (const r of rows) {
    const vsCpu = cpu && r !== cpu ? `  (${(r.sentencesPerSecond / cpu.sentencesPerSecond).toFixed(2)}× the CPU)` : '';
    console.log(
      `  ${r.provider.padEnd(8)} ${r.sentencesPerSecond.toFixed(1).padStart(9)} sentences/s  ` +
        `${r.msPerBatch.toFixed(1)} ms/batch  first batch ${r.warmupMs.toFixed(0)} ms${vsCpu}`,
    );
  }
}
