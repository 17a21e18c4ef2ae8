// Scores a run on analogy and word-similarity files and stores the scores.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import { saveAnalogyEval, saveSimilarityEval } from '../core/store/evaluations.ts';
import { evaluateAnalogies, parseAnalogies } from '../core/eval/analogies.ts';
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

export function evaluateRun(db: Db, runName: string, set: VectorSet, files: EvalFiles): EvalReport {
  const run = runs.getRun(db, runName);
  const options = { restrictVocab: files.restrictVocab };
  const analogies = files.analogies.map((path): AnalogyEval => {
    const r = evaluateAnalogies(set, parseAnalogies(readText(path), basename(path)), options);
    return {
      file: basename(path),
      accuracy: r.accuracy,
      correct: r.correct,
      total: r.total,
      coverage: r.coverage,
      sections: r.sections,
    };
  });
  const similarity = files.similarity.map((path): SimilarityEval => {
    const r = evaluateSimilarity(set, parseSimilarity(readText(path), basename(path)), options);
    return {
      file: basename(path),
      spearman: finiteOrNull(r.spearman),
      pearson: finiteOrNull(r.pearson),
      pairs: r.pairs,
      coverage: r.coverage,
      oov: r.oov,
    };
  });
  db.transaction(() => {
    for (const a of analogies) saveAnalogyEval(db, run.id, a, files.restrictVocab);
    for (const s of similarity) saveSimilarityEval(db, run.id, s, files.restrictVocab);
  })();
  return { run: runName, restrictVocab: files.restrictVocab, analogies, similarity };
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
