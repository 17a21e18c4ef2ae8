// Quality: Google analogies and WordSim-353 with ONE evaluator for ours and
// the peers, our src-main/core/eval (equal to gensim's evaluate_word_analogies
// and evaluate_word_pairs), restrict_vocab 300,000 and case folding as gensim.
import { readFileSync } from 'node:fs';
import { evaluateAnalogies, parseAnalogies, type AnalogySet } from '../../../src-main/core/eval/analogies.ts';
import { evaluateSimilarity, parseSimilarity, type SimilaritySet } from '../../../src-main/core/eval/similarity.ts';
import type { EvalVectors } from '../../../src-main/core/eval/vocab.ts';
import { sharedData } from '../../helpers/paths.ts';

export const RESTRICT_VOCAB = 300_000;

export interface Quality {
  /** analogy accuracy over the questions evaluated, 0..1 */
  analogy: number;
  analogyCorrect: number;
  /** questions evaluated (all four words known) */
  analogyTotal: number;
  /** analogyTotal / questions in the file */
  analogyCoverage: number;
  /** semantic (the first five sections) and syntactic (gram*) accuracy */
  semantic: number;
  syntactic: number;
  /** WordSim-353 Spearman rho */
  ws353: number;
  ws353Pairs: number;
  ws353Coverage: number;
  /** words in the vector set */
  words: number;
  seconds: number;
}

let sets: { analogies: AnalogySet; ws353: SimilaritySet } | null = null;

function benchmarkSets(): { analogies: AnalogySet; ws353: SimilaritySet } {
  if (!sets) {
    const analogies = sharedData('questions-words.txt');
    const ws353 = sharedData('wordsim353.tsv');
    sets = {
      analogies: parseAnalogies(readFileSync(analogies, 'utf8'), 'questions-words.txt'),
      ws353: parseSimilarity(readFileSync(ws353, 'utf8'), 'wordsim353.tsv'),
    };
  }
  return sets;
}

export function evaluateQuality(vectors: EvalVectors): Quality {
  const started = performance.now();
  const { analogies, ws353 } = benchmarkSets();
  const options = { restrictVocab: RESTRICT_VOCAB };
  const a = evaluateAnalogies(vectors, analogies, options);
  const s = evaluateSimilarity(vectors, ws353, options);
  const part = (syntactic: boolean) => {
    let correct = 0;
    let total = 0;
    for (const section of a.sections) {
      if (section.name.startsWith('gram') !== syntactic) continue;
      correct += section.correct;
      total += section.total;
    }
    return total ? correct / total : 0;
  };
  return {
    analogy: a.accuracy,
    analogyCorrect: a.correct,
    analogyTotal: a.total,
    analogyCoverage: a.coverage,
    semantic: part(false),
    syntactic: part(true),
    ws353: s.spearman,
    ws353Pairs: s.pairs,
    ws353Coverage: s.coverage,
    words: vectors.words.length,
    seconds: (performance.now() - started) / 1000,
  };
}

/** a score over seeds: the mean and the sample standard deviation (0 for one seed) */
export interface Spread {
  mean: number;
  sd: number;
  /** seeds it is taken over */
  n: number;
}

export function spread(values: number[]): Spread | null {
  const n = values.length;
  if (n === 0) return null;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  const sd = n > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (n - 1)) : 0;
  return { mean, sd, n };
}
