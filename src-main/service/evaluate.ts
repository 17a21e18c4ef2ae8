// Scores a run on analogy and word-similarity files and stores the scores
// (analogies with every question as answered: the expected word's rank and the
// top answers, for paging through failures later).
import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import { saveAnalogyEval, saveSimilarityEval, type EvalSource } from '../core/store/evaluations.ts';
import { scoreInWorker, type EvalFileText } from '../core/eval/score.ts';
import { NotFoundError } from '../core/errors.ts';
import { CorpusInputError } from '../core/corpus/input-error.ts';
import type { EvalReport, EvalSets } from '../../src-preload/contract.ts';
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

export function sourceOf(f: EvalText, restrictVocab: number): EvalSource {
  return { restrictVocab, fileHash: f.hash };
}

/**
 * Scores a run on every file in a worker thread (the vectors copied into it
 * once), then stores every score in one transaction: a file that fails to
 * parse leaves nothing stored.
 */
export async function evaluateRun(db: Db, runName: string, set: VectorSet, files: EvalFiles): Promise<EvalReport> {
  const read = [
    ...files.analogies.map((path) => ({ kind: 'analogy' as const, text: readEvalFile(path) })),
    ...files.similarity.map((path) => ({ kind: 'similarity' as const, text: readEvalFile(path) })),
  ];
  const toScore = read.map((r) => fileToScore(r.kind, r.text));
  const scored = runs.getRun(db, runName);
  const scores = await scoreInWorker(set, toScore, files.restrictVocab);
  // deleted meanwhile (perhaps another run made under its name, which may reuse the id): its scores go nowhere
  const run = runs.findRun(db, runName);
  if (!run || run.id !== scored.id || run.createdAt !== scored.createdAt) {
    throw new NotFoundError(`run "${runName}" was deleted while it was being evaluated: no score was stored`);
  }
  const source = (i: number) => sourceOf(read[i].text, files.restrictVocab);
  db.transaction(() => {
    scores.forEach((s, i) => {
      if (s.kind === 'analogy') saveAnalogyEval(db, run.id, s.score, source(i), s.questions);
      else saveSimilarityEval(db, run.id, s.score, source(i));
    });
  })();
  return {
    run: runName,
    restrictVocab: files.restrictVocab,
    analogies: scores.flatMap((s) => (s.kind === 'analogy' ? [s.score] : [])),
    similarity: scores.flatMap((s) => (s.kind === 'similarity' ? [s.score] : [])),
  };
}

/** what the eval worker needs of a file read here */
export function fileToScore(kind: EvalFileText['kind'], f: EvalText): EvalFileText {
  return { kind, file: f.file, text: f.text };
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
