// Runs the benchmarks on a word2vec text file and prints the results as JSON;
// tests/bench/eval-vs-gensim.py compares them with gensim's.
//   node --import tsx tests/bench/eval-file.ts VECTORS [--analogies FILE] [--pairs FILE]... [--restrict N] [--case-sensitive]
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { evaluateAnalogies, parseAnalogies } from '../../src-main/core/eval/analogies.ts';
import { evaluateSimilarity, parseSimilarity } from '../../src-main/core/eval/similarity.ts';
import { readWord2VecText } from '../unit/eval/fixtures.ts';

const args = process.argv.slice(2);
const values = (flag: string): string[] => args.flatMap((a, i) => (a === flag ? [args[i + 1]] : []));
const options = {
  restrictVocab: Number(values('--restrict')[0] ?? 300_000),
  caseInsensitive: !args.includes('--case-sensitive'),
};
const set = readWord2VecText(args[0]);
const out: Record<string, unknown> = { vectors: args[0], words: set.words.length, dim: set.dim, options };
for (const file of values('--analogies')) {
  const started = performance.now();
  const r = evaluateAnalogies(set, parseAnalogies(readFileSync(file, 'utf8'), file), options);
  out.analogies = {
    file: basename(file),
    accuracy: r.accuracy,
    correct: r.correct,
    total: r.total,
    sections: r.sections.map((s) => [s.name, s.correct, s.total]),
    ms: Math.round(performance.now() - started),
  };
}
out.pairs = Object.fromEntries(
  values('--pairs').map((file) => {
    const r = evaluateSimilarity(set, parseSimilarity(readFileSync(file, 'utf8'), file), options);
    return [basename(file), { spearman: r.spearman, pearson: r.pearson, pairs: r.pairs, total: r.total }];
  }),
);
console.log(JSON.stringify(out));
