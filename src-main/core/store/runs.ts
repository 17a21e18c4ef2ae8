// Runs: one training (or an imported / built-in vector set), with its
// parameters, status, timings and metrics over time.
import type { Db } from './db.ts';
import { nowIso } from './db.ts';
import type { MetricPoint, RunInfo, RunStatus } from '../../../src-preload/contract.ts';
import { NotFoundError } from '../errors.ts';

interface RunRow {
  id: number;
  name: string;
  method: string;
  corpus_id: number | null;
  corpus_name: string | null;
  status: RunStatus;
  params: string;
  vocab_size: number;
  dim: number;
  code_version: string | null;
  created_at: string;
  started_at: string | null;
  finished_at: string | null;
  seconds: number | null;
  error: string | null;
  timings: string | null;
}

export interface NewRun {
  name: string;
  method: string;
  corpusId: number | null;
  corpusName: string | null;
  status: RunStatus;
  params: Record<string, unknown>;
  codeVersion: string;
}

export function insertRun(db: Db, r: NewRun): RunInfo {
  const { lastInsertRowid } = db
    .prepare(
      `INSERT INTO runs (name, method, corpus_id, corpus_name, status, params, code_version, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    )
    .run(r.name, r.method, r.corpusId, r.corpusName, r.status, JSON.stringify(r.params), r.codeVersion, nowIso());
  return getRunById(db, Number(lastInsertRowid));
}

export function listRuns(db: Db): RunInfo[] {
  return (db.prepare('SELECT * FROM runs ORDER BY created_at DESC, id DESC').all() as RunRow[]).map(fromRow);
}

export function findRun(db: Db, name: string): RunInfo | undefined {
  const row = db.prepare('SELECT * FROM runs WHERE name = ?').get(name) as RunRow | undefined;
  return row && fromRow(row);
}

export function getRun(db: Db, name: string): RunInfo {
  const run = findRun(db, name);
  if (!run) throw new NotFoundError(`no run named "${name}"`);
  return run;
}

export function getRunById(db: Db, id: number): RunInfo {
  return fromRow(db.prepare('SELECT * FROM runs WHERE id = ?').get(id) as RunRow);
}

export function markRunStarted(db: Db, id: number): void {
  db.prepare(`UPDATE runs SET status = 'running', started_at = ? WHERE id = ?`).run(nowIso(), id);
}

export function finishRun(
  db: Db,
  id: number,
  status: RunStatus,
  fields: {
    seconds?: number;
    error?: string | null;
    vocabSize?: number;
    dim?: number;
    timings?: Record<string, number>;
  } = {},
): void {
  db.prepare(
    `UPDATE runs SET status = ?, finished_at = ?, seconds = COALESCE(?, seconds), error = ?,
       vocab_size = COALESCE(?, vocab_size), dim = COALESCE(?, dim), timings = COALESCE(?, timings) WHERE id = ?`,
  ).run(
    status,
    nowIso(),
    fields.seconds ?? null,
    fields.error ?? null,
    fields.vocabSize ?? null,
    fields.dim ?? null,
    fields.timings ? JSON.stringify(fields.timings) : null,
    id,
  );
}

export function deleteRun(db: Db, name: string): boolean {
  return db.prepare('DELETE FROM runs WHERE name = ?').run(name).changes > 0;
}

export function addMetric(db: Db, runId: number, m: MetricPoint): void {
  db.prepare(
    'INSERT INTO run_metrics (run_id, t, words, loss, words_per_sec, alpha, epoch) VALUES (?, ?, ?, ?, ?, ?, ?)',
  ).run(runId, m.t, m.words, m.loss, m.wordsPerSec, m.alpha, m.epoch);
}

export function runMetrics(db: Db, runId: number): MetricPoint[] {
  return db
    .prepare(
      `SELECT t, words, loss, words_per_sec AS wordsPerSec, alpha, epoch FROM run_metrics WHERE run_id = ? ORDER BY t`,
    )
    .all(runId) as MetricPoint[];
}

function fromRow(r: RunRow): RunInfo {
  return {
    id: r.id,
    name: r.name,
    method: r.method,
    corpus: r.corpus_name,
    status: r.status,
    params: JSON.parse(r.params) as Record<string, unknown>,
    vocabSize: r.vocab_size,
    dim: r.dim,
    createdAt: r.created_at,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    seconds: r.seconds,
    error: r.error,
    timings: r.timings ? (JSON.parse(r.timings) as Record<string, number>) : null,
  };
}

export function updateRunParams(db: Db, id: number, params: Record<string, unknown>): void {
  db.prepare('UPDATE runs SET params = ? WHERE id = ?').run(JSON.stringify(params), id);
}

/** back to queued for a resume or a continuation: no end time, no error */
export function requeueRun(db: Db, id: number): void {
  db.prepare(`UPDATE runs SET status = 'queued', finished_at = NULL, error = NULL WHERE id = ?`).run(id);
}
