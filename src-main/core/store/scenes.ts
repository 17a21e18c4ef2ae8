// Scenes: named bookmarks of the Explore map, one family per run (a run's
// deletion takes its scenes along). The state is the renderer's JSON (run,
// projection parameters, camera, selection, query, colours); the store keeps
// it as text and never interprets it: the view validates what it reads back,
// so a scene saved by an older version opens with defaults for what it lacks.
import type { Scene } from '../../../src-preload/contract.ts';
import type { Db } from './db.ts';
import { nowIso } from './db.ts';

interface Row {
  id: number;
  run: string;
  name: string;
  state: string;
  created_at: string;
}

const SELECT = `SELECT s.id, r.name AS run, s.name, s.state, s.created_at FROM scenes s JOIN runs r ON r.id = s.run_id`;

function fromRow(row: Row): Scene {
  let state: Record<string, unknown> = {};
  try {
    const parsed: unknown = JSON.parse(row.state);
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) state = parsed as Record<string, unknown>;
  } catch {
    // a damaged row still lists (and can be deleted); the view falls back to defaults
  }
  return { id: row.id, run: row.run, name: row.name, state, createdAt: row.created_at };
}

/** saves a scene under a name; the same name for the same run replaces the older one (same id) */
export function saveScene(db: Db, runId: number, name: string, state: Record<string, unknown>): Scene {
  const row = db
    .prepare(
      `INSERT INTO scenes (run_id, name, state, created_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (run_id, name) DO UPDATE SET state = excluded.state, created_at = excluded.created_at
       RETURNING id`,
    )
    .get(runId, name, JSON.stringify(state), nowIso()) as { id: number };
  return getScene(db, row.id)!;
}

export function getScene(db: Db, id: number): Scene | undefined {
  const row = db.prepare(`${SELECT} WHERE s.id = ?`).get(id) as Row | undefined;
  return row && fromRow(row);
}

/** a run's scenes (or every run's), newest first */
export function listScenes(db: Db, runId?: number): Scene[] {
  const rows =
    runId === undefined
      ? (db.prepare(`${SELECT} ORDER BY s.created_at DESC, s.id DESC`).all() as Row[])
      : (db.prepare(`${SELECT} WHERE s.run_id = ? ORDER BY s.created_at DESC, s.id DESC`).all(runId) as Row[]);
  return rows.map(fromRow);
}

export function deleteScene(db: Db, id: number): boolean {
  return db.prepare('DELETE FROM scenes WHERE id = ?').run(id).changes > 0;
}
