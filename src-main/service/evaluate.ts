// Scores a run on analogy and word-similarity files and stores the scores
// (analogies with every question as answered: the expected word's rank and the
// top answers, for paging through failures later).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import { saveAnalogyEval, saveSimilarityEval, type EvalSource } from '../core/store/evaluations.ts';
import { evaluateAnalogies, parseAnalogies, type AnalogyQuestionResult } from '../core/eval/analogies.ts';
import { evaluateSimilarity, parseSimilarity } from '../core/eval/similarity.ts';
import { NotFoundError } from '../core/errors.ts';
import { CorpusInputError } from '../core/corpus/input-error.ts';
import type { AnalogyEval, EvalReport, EvalSets, SimilarityEval } from '../../src-preload/contract.ts';
import type { VectorSet } from '../core/vectors/vector-set.ts';

export interface EvalFiles {
  analogies: string[];
  similarity: string[];
  restrictVocab: number;
}

/** the sets shipped in resources/eval: analogy files are .txt, similarity files .tsv */
export function builtinEvalSets(resourcesDir: string): EvalSets {
  const dir = join(resourcesDir, 'eval');
  const files = readdirSync(dir).sort();
  return {
    analogies: files.filter((f) => f.endsWith('.txt')),
    similarity: files.filter((f) => f.endsWith('.tsv')),
  };
}

export function builtinPath(resourcesDir: string, kind: keyof EvalSets, name: string): string {
  if (!builtinEvalSets(resourcesDir)[kind].includes(name)) {
    throw new NotFoundError(`no built-in ${kind === 'analogies' ? 'analogy' : 'similarity'} set named "${name}"`);
  }
  return join(resourcesDir, 'eval', name);
}

/** an evaluation file read once: its text, name and hash */
export interface EvalText {
  path: string;
  file: string;
  text: string;
  hash: string;
}

export function readEvalFile(path: string): EvalText {
  const text = readText(path);
  return { path, file: basename(path), text, hash: createHash('sha256').update(text).digest('hex') };
}

export interface EvalProgress {
  signal?: AbortSignal;
  /** fraction of the file's work done, 0..1 */
  onProgress?: (fraction: number) => void;
}

export function scoreAnalogies(
  set: VectorSet,
  f: EvalText,
  restrictVocab: number,
  progress: EvalProgress = {},
): { score: AnalogyEval; questions: AnalogyQuestionResult[] } {
  const r = evaluateAnalogies(set, parseAnalogies(f.text, f.file), {
    restrictVocab,
    details: true,
    signal: progress.signal,
    onProgress: (done, total) => progress.onProgress?.(done / total),
  });
  const score: AnalogyEval = {
    file: f.file,
    accuracy: r.accuracy,
    correct: r.correct,
    total: r.total,
    coverage: r.coverage,
    sections: r.sections,
  };
  return { score, questions: r.questions! };
}

export function scoreSimilarity(set: VectorSet, f: EvalText, restrictVocab: number): SimilarityEval {
  const r = evaluateSimilarity(set, parseSimilarity(f.text, f.file), { restrictVocab });
  return {
    file: f.file,
    spearman: finiteOrNull(r.spearman),
    pearson: finiteOrNull(r.pearson),
    pairs: r.pairs,
    coverage: r.coverage,
    oov: r.oov,
  };
}

export function sourceOf(f: EvalText, restrictVocab: number): EvalSource {
  return { restrictVocab, fileHash: f.hash };
}

export function evaluateRun(db: Db, runName: string, set: VectorSet, files: EvalFiles): EvalReport {
  const run = runs.getRun(db, runName);
  const analogyFiles = files.analogies.map(readEvalFile);
  const similarityFiles = files.similarity.map(readEvalFile);
  const analogies = analogyFiles.map((f) => ({ f, ...scoreAnalogies(set, f, files.restrictVocab) }));
  const similarity = similarityFiles.map((f) => ({ f, score: scoreSimilarity(set, f, files.restrictVocab) }));
  db.transaction(() => {
    for (const a of analogies) saveAnalogyEval(db, run.id, a.score, sourceOf(a.f, files.restrictVocab), a.questions);
    for (const s of similarity) saveSimilarityEval(db, run.id, s.score, sourceOf(s.f, files.restrictVocab));
  })();
  return {
    run: runName,
    restrictVocab: files.restrictVocab,
    analogies: analogies.map((a) => a.score),
    similarity: similarity.map((s) => s.score),
  };
}

function readText(path: string): string {
  try {
    if (statSync(path).isDirectory()) throw new CorpusInputError(path, `${path}: is a folder, not an evaluation file`);
    return readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof CorpusInputError) throw err;
    const code = (err as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(err);
    throw new CorpusInputError(path, `${path}: cannot read the evaluation file: ${why}`);
  }
}

function finiteOrNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}
