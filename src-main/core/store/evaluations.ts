// Benchmark scores stored with a run, one row per file and evaluation. The
// row's `result` JSON holds the scores as the contract shapes them, plus
// restrictVocab, a hash of the file's text (so a stored score is reused only
// for the same questions) and, for analogies, every question as answered
// (`questions`, compact tuples; a Google set is about 2 MB). Reads that list
// scores leave the questions out in SQL.
import type { Db } from './db.ts';
import { nowIso } from './db.ts';
import type {
  AnalogyEval,
  AnalogyQuestionRow,
  AnalogyQuestionsPage,
  SimilarityEval,
} from '../../../src-preload/contract.ts';
import type { AnalogyQuestionResult } from '../eval/analogies.ts';

/** what identifies the questions behind a score */
export interface EvalSource {
  restrictVocab: number;
  /** sha256 of the file's text; null for rows stored before hashes were kept */
  fileHash: string | null;
}

export type StoredAnalogy = AnalogyEval & EvalSource & { evaluatedAt: string };
export type StoredSimilarity = SimilarityEval & EvalSource & { evaluatedAt: string };

/**
 * One question: [section index, line, a, b, c, expected, evaluated 0/1,
 * correct 0/1, predicted, rank, top words, top cosines (5 digits)].
 */
type QuestionTuple = [
  number,
  number,
  string,
  string,
  string,
  string,
  0 | 1,
  0 | 1,
  string | null,
  number | null,
  string[],
  number[],
];

interface StoredQuestions {
  sections: string[];
  rows: QuestionTuple[];
}

export function saveAnalogyEval(
  db: Db,
  runId: number,
  e: AnalogyEval,
  source: EvalSource,
  questions?: AnalogyQuestionResult[],
): void {
  const stored = questions ? { questions: packQuestions(questions) } : {};
  insert(db, runId, 'analogy', e.file, 'accuracy', e.accuracy, e.coverage, { ...e, ...source, ...stored });
}

export function saveSimilarityEval(db: Db, runId: number, e: SimilarityEval, source: EvalSource): void {
  insert(db, runId, 'similarity', e.file, 'spearman', e.spearman, e.coverage, { ...e, ...source });
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

interface ScoreRow {
  kind: string;
  result: string;
  created_at: string;
}

/** the newest score per (kind, file), questions left out */
export function latestEvaluations(
  db: Db,
  runId: number,
): { analogies: StoredAnalogy[]; similarity: StoredSimilarity[] } {
  const rows = latestRows(db, runId);
  const parse = <T>(r: ScoreRow) => ({ ...(JSON.parse(r.result) as T), evaluatedAt: r.created_at });
  return {
    analogies: rows.filter((r) => r.kind === 'analogy').map((r) => parse<StoredAnalogy>(r)),
    similarity: rows.filter((r) => r.kind === 'similarity').map((r) => parse<StoredSimilarity>(r)),
  };
}

function latestRows(db: Db, runId: number): ScoreRow[] {
  return db
    .prepare(
      `SELECT kind, json_remove(result, '$.questions') AS result, created_at FROM evaluations e
       WHERE run_id = ? AND id = (SELECT MAX(id) FROM evaluations WHERE run_id = e.run_id AND kind = e.kind AND file = e.file)
       ORDER BY kind, file`,
    )
    .all(runId) as ScoreRow[];
}

/**
 * The newest stored score of the run on a file with the same name, text hash
 * and restrictVocab, made at or after `since` (the run's last finish: older
 * scores are of vectors since replaced); null when there is none.
 */
export function findEvaluation(
  db: Db,
  runId: number,
  kind: 'analogy',
  file: string,
  source: EvalSource,
  since: string | null,
): StoredAnalogy | null;
export function findEvaluation(
  db: Db,
  runId: number,
  kind: 'similarity',
  file: string,
  source: EvalSource,
  since: string | null,
): StoredSimilarity | null;
export function findEvaluation(
  db: Db,
  runId: number,
  kind: 'analogy' | 'similarity',
  file: string,
  source: EvalSource,
  since: string | null,
): StoredAnalogy | StoredSimilarity | null {
  const row = db
    .prepare(
      `SELECT kind, json_remove(result, '$.questions') AS result, created_at FROM evaluations
       WHERE run_id = ? AND kind = ? AND file = ?
         AND json_extract(result, '$.restrictVocab') = ? AND json_extract(result, '$.fileHash') IS ?
         AND created_at >= ?
       ORDER BY id DESC LIMIT 1`,
    )
    .get(runId, kind, file, source.restrictVocab, source.fileHash, since ?? '') as ScoreRow | undefined;
  if (!row) return null;
  return { ...(JSON.parse(row.result) as StoredAnalogy), evaluatedAt: row.created_at };
}

export interface QuestionFilter {
  section?: string;
  failuresOnly: boolean;
  offset: number;
  limit: number;
}

/** the id and time of the run's newest evaluation of `file` that kept its questions; null when there is none */
export function latestQuestionsEval(db: Db, runId: number, file: string): { id: number; evaluatedAt: string } | null {
  const row = db
    .prepare(
      `SELECT id, created_at FROM evaluations
       WHERE run_id = ? AND kind = 'analogy' AND file = ? AND json_type(result, '$.questions') = 'object'
       ORDER BY id DESC LIMIT 1`,
    )
    .get(runId, file) as { id: number; created_at: string } | undefined;
  return row ? { id: row.id, evaluatedAt: row.created_at } : null;
}

/** every question an analogy evaluation kept, in file order */
export function readQuestions(db: Db, evaluationId: number): { sections: string[]; rows: AnalogyQuestionRow[] } {
  const row = db
    .prepare(`SELECT json_extract(result, '$.questions') AS questions FROM evaluations WHERE id = ?`)
    .get(evaluationId) as { questions: string | null } | undefined;
  if (!row?.questions) return { sections: [], rows: [] };
  const stored = JSON.parse(row.questions) as StoredQuestions;
  return { sections: stored.sections, rows: unpackQuestions(stored) };
}

/** one page of the questions that pass the filter */
export function pageOfQuestions(
  rows: AnalogyQuestionRow[],
  filter: QuestionFilter,
): Pick<AnalogyQuestionsPage, 'total' | 'offset' | 'questions'> {
  const kept = rows.filter(
    (q) =>
      (filter.section === undefined || q.section === filter.section) &&
      (!filter.failuresOnly || (q.evaluated && !q.correct)),
  );
  return {
    total: kept.length,
    offset: filter.offset,
    questions: kept.slice(filter.offset, filter.offset + filter.limit),
  };
}

function packQuestions(questions: AnalogyQuestionResult[]): StoredQuestions {
  const sections: string[] = [];
  const sectionIndex = new Map<string, number>();
  const rows = questions.map((q): QuestionTuple => {
    let s = sectionIndex.get(q.section);
    if (s === undefined) {
      s = sections.length;
      sectionIndex.set(q.section, s);
      sections.push(q.section);
    }
    return [
      s,
      q.line,
      q.a,
      q.b,
      q.c,
      q.expected,
      q.evaluated ? 1 : 0,
      q.correct ? 1 : 0,
      q.predicted,
      q.rank,
      q.top.map((t) => t.word),
      q.top.map((t) => Number(t.similarity.toFixed(5))),
    ];
  });
  return { sections, rows };
}

function unpackQuestions(stored: StoredQuestions): AnalogyQuestionRow[] {
  return stored.rows.map(([s, line, a, b, c, expected, evaluated, correct, predicted, rank, words, scores], index) => ({
    index,
    section: stored.sections[s],
    line,
    a,
    b,
    c,
    expected,
    evaluated: evaluated === 1,
    correct: correct === 1,
    predicted,
    rank,
    top: words.map((word, i) => ({ word, score: scores[i] })),
  }));
}
