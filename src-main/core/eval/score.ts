// Evaluation files scored on a vector set, in the shape the contract reports
// and the store keeps. The scoring runs in a worker thread (eval-worker.ts):
// the Google analogy set over a 300k-word vocabulary takes seconds to minutes,
// and the thread that asks (Electron's main process) must keep answering.
import type { AnalogyEval, SimilarityEval } from '../../../src-preload/contract.ts';
import { runWorker } from '../workers.ts';
import { evaluateAnalogies, type AnalogyQuestionResult, type AnalogySet } from './analogies.ts';
import { evaluateSimilarity, type SimilaritySet } from './similarity.ts';
import type { EvalVectors } from './vocab.ts';

/** one evaluation file's text, read by the caller */
export interface EvalFileText {
  kind: 'analogy' | 'similarity';
  /** the name reported and stored (the file's base name) */
  file: string;
  text: string;
}

export type FileScore =
  | { kind: 'analogy'; score: AnalogyEval; questions: AnalogyQuestionResult[] }
  | { kind: 'similarity'; score: SimilarityEval };

/** gensim's analogy evaluation, with every question's answers for paging through failures later */
export function scoreAnalogies(
  set: EvalVectors,
  file: string,
  parsed: AnalogySet,
  restrictVocab: number,
  onProgress?: (fraction: number) => void,
): FileScore & { kind: 'analogy' } {
  const r = evaluateAnalogies(set, parsed, {
    restrictVocab,
    details: true,
    onProgress: onProgress && ((done, total) => onProgress(done / total)),
  });
  const score: AnalogyEval = {
    file,
    accuracy: r.accuracy,
    correct: r.correct,
    total: r.total,
    coverage: r.coverage,
    sections: r.sections,
  };
  return { kind: 'analogy', score, questions: r.questions! };
}

export function scoreSimilarity(
  set: EvalVectors,
  file: string,
  parsed: SimilaritySet,
  restrictVocab: number,
): FileScore & { kind: 'similarity' } {
  const r = evaluateSimilarity(set, parsed, { restrictVocab });
  const score: SimilarityEval = {
    file,
    spearman: finiteOrNull(r.spearman),
    pearson: finiteOrNull(r.pearson),
    pairs: r.pairs,
    coverage: r.coverage,
    oov: r.oov,
  };
  return { kind: 'similarity', score };
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

/** what the eval worker is given: the vectors once, every file to score on them */
export interface EvalWorkerInput extends EvalVectors {
  restrictVocab: number;
  files: EvalFileText[];
}

/** what the eval worker reports as it goes; a file's score comes as soon as it is done */
export interface EvalWorkerProgress {
  /** the file, an index into EvalWorkerInput.files */
  index: number;
  /** of the file's work, 0..1 */
  fraction: number;
  /** questions (analogies) or pairs (similarity) in the file */
  items: number;
  /** the file's score, with fraction 1 */
  scored?: FileScore;
}

export interface ScoreOptions {
  /** terminates the worker at once; the promise rejects with an AbortError */
  signal?: AbortSignal;
  /** within an analogy file: called as it starts and after each block of vocabulary rows */
  onProgress?: (index: number, fraction: number, items: number) => void;
  /** called as each file's score comes back, in file order; the worker goes on with the next file meanwhile */
  onScored?: (index: number, score: FileScore) => void;
}

/**
 * Scores every file on `set` in one worker thread: the vectors are copied
 * into it once (structured clone) for all the files. Every file is parsed
 * before any is scored, so a malformed one fails at once (a CorpusInputError
 * by name, naming the file and line). Resolves with the scores in file order.
 */
export async function scoreInWorker(
  set: EvalVectors,
  files: EvalFileText[],
  restrictVocab: number,
  opts: ScoreOptions = {},
): Promise<FileScore[]> {
  const scores: FileScore[] = [];
  const input: EvalWorkerInput = { words: set.words, dim: set.dim, data: set.data, restrictVocab, files };
  // a callback that throws (storing a score, say) stops the worker and fails the call, not the process
  const stop = new AbortController();
  const signal = opts.signal ? AbortSignal.any([opts.signal, stop.signal]) : stop.signal;
  let failure: { error: unknown } | undefined;
  try {
    await runWorker<EvalWorkerProgress, number>('eval', input, {
      signal,
      onProgress: (p) => {
        // messages the worker posted before it was terminated: the caller has moved on
        if (signal.aborted) return;
        try {
          if (!p.scored) return opts.onProgress?.(p.index, p.fraction, p.items);
          scores[p.index] = p.scored;
          opts.onScored?.(p.index, p.scored);
        } catch (error) {
          failure = { error };
          stop.abort();
        }
      },
    });
  } catch (error) {
    throw failure ? failure.error : error;
  }
  const scored = scores.filter(Boolean).length;
  if (scored !== files.length) throw new Error(`the eval worker scored ${scored} of ${files.length} files`);
  return scores;
}
