// Times the analogy benchmark on the full Google set (19,544 questions) against
// a vocabulary of random unit vectors that holds every question word.
//   node --import tsx tests/bench/eval-analogies.ts [vocab=50000] [dim=100] [--details]
import { readFileSync } from 'node:fs';
import { evaluateAnalogies, parseAnalogies } from '../../src-main/core/eval/analogies.ts';
import { sharedData } from '../helpers/paths.ts';

const args = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const vocabSize = Number(args[0] ?? 50_000);
const dim = Number(args[1] ?? 100);
const details = process.argv.includes('--details');

let seed = 12345;
const random = (): number => {
  seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
  return seed / 4294967296;
};

let t = performance.now();
const text = readFileSync(sharedData('questions-words.txt'), 'utf8');
const questions = parseAnalogies(text, 'questions-words.txt');
const parseMs = performance.now() - t;

// every question word (lower-cased, as a trained vocabulary would hold it) at a random place among fillers
const questionWords = [
  ...new Set(
    text
      .split(/\s+/)
      .filter((w) => w && !w.startsWith(':'))
      .map((w) => w.toLowerCase()),
  ),
];
const words: string[] = [];
for (let i = 0; words.length < vocabSize - questionWords.length; i++) words.push(`filler${i}`);
for (const w of questionWords) words.splice(Math.floor(random() * (words.length + 1)), 0, w);
const data = new Float32Array(words.length * dim);
for (let i = 0; i < words.length; i++) {
  let norm = 0;
  for (let k = 0; k < dim; k++) {
    // a sum of uniforms: near-normal, so directions are near-uniform
    const x = random() + random() + random() - 1.5;
    data[i * dim + k] = x;
    norm += x * x;
  }
  for (let k = 0; k < dim; k++) data[i * dim + k] /= Math.sqrt(norm);
}

t = performance.now();
const cpu = process.cpuUsage();
const result = evaluateAnalogies({ words, dim, data }, questions, { details });
const evalMs = performance.now() - t;
// CPU time too: on a shared machine wall time also counts the other processes' turns
const { user, system } = process.cpuUsage(cpu);
console.log(
  JSON.stringify({
    vocab: words.length,
    dim,
    details,
    questions: result.questionCount,
    evaluated: result.total,
    distinctQuestionWords: questionWords.length,
    correct: result.correct,
    accuracy: result.accuracy,
    parseMs: Math.round(parseMs),
    evaluateMs: Math.round(evalMs),
    evaluateCpuMs: Math.round((user + system) / 1000),
  }),
);
