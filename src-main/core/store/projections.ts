// Finished map layouts, cached per run and parameters: reopening a UMAP map
// reads one row instead of minutes of work. A row is valid only for the
// vectors it was computed from (`vectors_at`, the run's finished_at).
import type { Db } from './db.ts';
import { nowIso } from './db.ts';

export interface StoredProjection {
  dims: number;
  words: string[];
  /** words.length * dims floats */
  coords: Float32Array;
  recall: number;
  /** per word, parallel to words */
  recallWords: Float32Array;
  /** everything else the layout came with (timings, epochs, ...), as JSON-able values */
  result: Record<string, unknown>;
}

interface Row {
  dims: number;
  words: string;
  coords: Buffer;
  recall: number;
  recall_words: Buffer;
  result: string;
}

export function getProjection(
  db: Db,
  runId: number,
  params: string,
  vectorsAt: string | null,
): StoredProjection | null {
  const row = db
    .prepare(
      `SELECT dims, words, coords, recall, recall_words, result FROM projections
       WHERE run_id = ? AND params = ? AND vectors_at IS ?`,
    )
    .get(runId, params, vectorsAt) as Row | undefined;
  if (!row) return null;
  return {
    dims: row.dims,
    words: JSON.parse(row.words) as string[],
    coords: floats(row.coords),
    recall: row.recall,
    recallWords: floats(row.recall_words),
    result: JSON.parse(row.result) as Record<string, unknown>,
  };
}

/** stores (or replaces) the layout of these parameters */
export function saveProjection(
  db: Db,
  runId: number,
  params: string,
  vectorsAt: string | null,
  p: StoredProjection,
): void {
  if (p.coords.length !== p.words.length * p.dims)
    throw new Error(`projection: ${p.coords.length} floats for ${p.words.length} words in ${p.dims} dims`);
  db.prepare(
    `INSERT OR REPLACE INTO projections (run_id, params, vectors_at, created_at, dims, words, coords, recall, recall_words, result)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    runId,
    params,
    vectorsAt,
    nowIso(),
    p.dims,
    JSON.stringify(p.words),
    bytes(p.coords),
    p.recall,
    bytes(p.recallWords),
    JSON.stringify(p.result),
  );
}

/** forgets a run's layouts whose vectors have changed since */
export function deleteStaleProjections(db: Db, runId: number, vectorsAt: string | null): number {
  return db.prepare('DELETE FROM projections WHERE run_id = ? AND vectors_at IS NOT ?').run(runId, vectorsAt).changes;
}

function bytes(a: Float32Array): Buffer {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength);
}

/** copies: a BLOB's Buffer need not be 4-byte aligned */
function floats(b: Buffer): Float32Array {
  const out = new Float32Array(b.byteLength / 4);
  new Uint8Array(out.buffer).set(b);
  return out;
}
