// Benchmark scores stored with a run, one row per file and evaluation.
import type { Db } from './db.ts';
import { nowIso } from './db.ts';
import type { AnalogyEval, SimilarityEval } from '../../../src-preload/contract.ts';

export function saveAnalogyEval(db: Db, runId: number, e: AnalogyEval, restrictVocab: number): void {
  insert(db, runId, 'analogy', e.file, 'accuracy', e.accuracy, e.coverage, { ...e, restrictVocab });
}

export function saveSimilarityEval(db: Db, runId: number, e: SimilarityEval, restrictVocab: number): void {
  insert(db, runId, 'similarity', e.file, 'spearman', e.spearman, e.coverage, { ...e, restrictVocab });
}

function insert(
  db: Db,
  runId: number,
  kind: string,
  file: string,
  metric: string,
  value: number | null,
  coverage: number,
  result: object,
): void {
  db.prepare(
    `INSERT INTO evaluations (run_id, kind, file, metric, value, coverage, result, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(runId, kind, file, metric, value, coverage, JSON.stringify(result), nowIso());
}

/** the newest score per (kind, file) */
export function latestEvaluations(db: Db, runId: number): { analogies: AnalogyEval[]; similarity: SimilarityEval[] } {
  const rows = db
    .prepare(
      `SELECT kind, result FROM evaluations e
       WHERE run_id = ? AND id = (SELECT MAX(id) FROM evaluations WHERE run_id = e.run_id AND kind = e.kind AND file = e.file)
       ORDER BY kind, file`,
    )
    .all(runId) as { kind: string; result: string }[];
  return {
    analogies: rows.filter((r) => r.kind === 'analogy').map((r) => JSON.parse(r.result) as AnalogyEval),
    similarity: rows.filter((r) => r.kind === 'similarity').map((r) => JSON.parse(r.result) as SimilarityEval),
  };
}
