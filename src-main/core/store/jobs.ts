// Jobs and the processes that own them. A job is alive while its owner's
// lock is held (see owner-lock.ts); after a crash it shows as interrupted.
import type { Db } from './db.ts';
import { nowIso } from './db.ts';
import type { JobInfo, JobKind, JobProgress, RunStatus } from '../../../src-preload/contract.ts';
import { isLockHeld, removeLockFile } from './owner-lock.ts';

interface JobRow {
  id: string;
  kind: JobKind;
  status: RunStatus;
  target: string;
  owner_id: string | null;
  run_id: number | null;
  progress: string | null;
  error: string | null;
  created_at: string;
}

export function registerOwner(db: Db, id: string, lockPath: string): void {
  db.prepare('INSERT INTO owners (id, pid, lock_path, started_at) VALUES (?, ?, ?, ?)').run(
    id,
    process.pid,
    lockPath,
    nowIso(),
  );
}

export function removeOwner(db: Db, id: string): void {
  db.prepare('DELETE FROM owners WHERE id = ?').run(id);
}

export function insertJob(
  db: Db,
  j: { id: string; kind: JobKind; target: string; ownerId: string; runId: number | null },
): void {
  const now = nowIso();
  db.prepare(
    `INSERT INTO jobs (id, kind, status, target, owner_id, run_id, created_at, updated_at)
     VALUES (?, ?, 'queued', ?, ?, ?, ?, ?)`,
  ).run(j.id, j.kind, j.target, j.ownerId, j.runId, now, now);
}

export function updateJob(
  db: Db,
  id: string,
  fields: { status?: RunStatus; progress?: JobProgress | null; error?: string | null },
): void {
  const columns: Record<string, unknown> = { updated_at: nowIso() };
  if (fields.status !== undefined) columns.status = fields.status;
  if (fields.progress !== undefined) columns.progress = JSON.stringify(fields.progress);
  if (fields.error !== undefined) columns.error = fields.error;
  const sets = Object.keys(columns).map((c) => `${c} = ?`);
  db.prepare(`UPDATE jobs SET ${sets.join(', ')} WHERE id = ?`).run(...Object.values(columns), id);
}

export function getJob(db: Db, id: string): JobInfo | undefined {
  const row = db.prepare('SELECT * FROM jobs WHERE id = ?').get(id) as JobRow | undefined;
  return row && fromRow(row);
}

export function listJobs(db: Db, limit = 100): JobInfo[] {
  return (db.prepare('SELECT * FROM jobs ORDER BY created_at DESC LIMIT ?').all(limit) as JobRow[]).map(fromRow);
}

/**
 * Marks queued/running jobs (and their runs) interrupted when the process
 * that owned them is gone. Returns how many were marked.
 */
export function reapDeadOwners(db: Db, selfOwnerId: string | null): number {
  const owners = db.prepare('SELECT id, lock_path AS lockPath FROM owners').all() as { id: string; lockPath: string }[];
  let marked = 0;
  for (const owner of owners) {
    if (owner.id === selfOwnerId || isLockHeld(owner.lockPath)) continue;
    marked += db.transaction(() => interruptJobsOf(db, owner.id))();
    removeOwner(db, owner.id);
    removeLockFile(owner.lockPath);
  }
  // jobs whose owner row vanished (should not happen, but never leave them "running")
  marked += db.transaction(() => interruptJobsOf(db, null))();
  return marked;
}

function interruptJobsOf(db: Db, ownerId: string | null): number {
  const where =
    ownerId === null
      ? `status IN ('queued','running') AND (owner_id IS NULL OR owner_id NOT IN (SELECT id FROM owners))`
      : `status IN ('queued','running') AND owner_id = ?`;
  const args = ownerId === null ? [] : [ownerId];
  const now = nowIso();
  const error = 'interrupted: the process running it stopped';
  db.prepare(
    `UPDATE runs SET status = 'interrupted', finished_at = ?, error = ?
     WHERE status IN ('queued','running') AND id IN (SELECT run_id FROM jobs WHERE ${where})`,
  ).run(now, error, ...args);
  return db
    .prepare(`UPDATE jobs SET status = 'interrupted', error = ?, updated_at = ? WHERE ${where}`)
    .run(error, now, ...args).changes;
}

function fromRow(r: JobRow): JobInfo {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    target: r.target,
    progress: r.progress ? (JSON.parse(r.progress) as JobProgress) : null,
    error: r.error,
    createdAt: r.created_at,
  };
}
