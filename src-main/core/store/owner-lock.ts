// "Is the process that runs this job alive?" answered by a lock the OS
// releases when the process dies, however it dies: each job-running process
// holds an exclusive SQLite lock (fcntl) on a small file of its own. A killed
// process can linger as a zombie, so its PID alone proves nothing.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';

/** keep the OwnerLock reachable while its jobs run: a collected handle is closed, and the lock with it */
export class OwnerLock {
  private constructor(
    readonly id: string,
    readonly path: string,
    private handle: Database.Database | null,
  ) {}

  static acquire(dir: string): OwnerLock {
    mkdirSync(dir, { recursive: true });
    const id = randomUUID();
    const path = join(dir, `${id}.lock`);
    const handle = new Database(path);
    handle.pragma('journal_mode = DELETE');
    handle.exec('CREATE TABLE IF NOT EXISTS owner (id TEXT)');
    handle.exec('BEGIN EXCLUSIVE');
    handle.prepare('INSERT INTO owner VALUES (?)').run(id);
    return new OwnerLock(id, path, handle);
  }

  release(): void {
    if (!this.handle) return;
    this.handle.close(); // closing rolls back and drops the lock
    this.handle = null;
    removeLockFile(this.path);
  }
}

/** true while some process holds the lock at `path` */
export function isLockHeld(path: string): boolean {
  if (!existsSync(path)) return false;
  let probe: Database.Database | undefined;
  try {
    probe = new Database(path, { timeout: 0 });
    probe.exec('BEGIN EXCLUSIVE');
    probe.exec('ROLLBACK');
    return false;
  } catch (err) {
    return (err as { code?: string }).code === 'SQLITE_BUSY';
  } finally {
    probe?.close();
  }
}

export function removeLockFile(path: string): void {
  for (const p of [path, `${path}-journal`]) rmSync(p, { force: true });
}
