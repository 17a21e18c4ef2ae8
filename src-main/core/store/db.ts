// Opens the lab's SQLite file: WAL, foreign keys, migrations in one transaction each.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { migrations } from './migrations.ts';
import { StoreError } from '../errors.ts';

export type Db = Database.Database;

export function openDatabase(path: string): Db {
  mkdirSync(dirname(path), { recursive: true });
  let db: Db | undefined;
  try {
    db = new Database(path);
    db.pragma('busy_timeout = 5000');
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    migrate(db);
    return db;
  } catch (err) {
    db?.close();
    throw explainOpenError(path, err);
  }
}

function migrate(db: Db): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new StoreError(`made by a newer Embedding Lab (schema ${current}, this version knows ${migrations.length})`);
  }
  for (let v = current; v < migrations.length; v++) {
    db.transaction(() => {
      db.exec(migrations[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}

function explainOpenError(path: string, err: unknown): Error {
  const e = err as { code?: string; message?: string };
  if (e.code === 'SQLITE_NOTADB' || e.code === 'SQLITE_CORRUPT') {
    return new StoreError(
      `${path}: not an Embedding Lab database, or the file is corrupt (${e.message}). Move it aside or pass another file with --db.`,
    );
  }
  if (err instanceof StoreError) return new StoreError(`${path}: ${err.message}`);
  return new StoreError(`${path}: cannot open the database: ${e.message ?? String(err)}`);
}

export function nowIso(): string {
  return new Date().toISOString();
}
