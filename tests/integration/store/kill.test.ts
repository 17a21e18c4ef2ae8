import { afterEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
import { openDatabase } from '../../../src-main/core/store/db.ts';
import { migrations } from '../../../src-main/core/store/migrations.ts';
import * as runs from '../../../src-main/core/store/runs.ts';
import { readVectors } from '../../../src-main/core/store/vectors.ts';
import { killAndWait, spawnTs, waitForLine } from '../../helpers/child.ts';
import { tempDir } from '../../helpers/paths.ts';

describe('store under a kill', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('a writer killed mid-transaction leaves the file consistent and the committed run whole', async () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const dbPath = join(tmp.dir, 'lab.sqlite');
    const child = spawnTs('tests/helpers/kill-writer.ts', [dbPath]);
    await waitForLine(child, /in-transaction/);
    await new Promise((r) => setTimeout(r, 200)); // let it write more inside the transaction
    await killAndWait(child);

    const db = openDatabase(dbPath);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(runs.listRuns(db).map((r) => r.name)).toEqual(['committed']);
    const v = readVectors(db, runs.getRun(db, 'committed').id, 8);
    expect(v.words.length).toBe(1000);
    expect(v.data.every((x) => x === 0.5)).toBe(true);
    const orphans = db
      .prepare('SELECT COUNT(*) AS n FROM vector_blocks WHERE run_id NOT IN (SELECT id FROM runs)')
      .get();
    expect(orphans).toEqual({ n: 0 });
    db.close();
  });
});

describe('opening a database', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('migrates a new file and reopens it without migrating again', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'nested', 'lab.sqlite');
    openDatabase(path).close();
    const db = openDatabase(path);
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length); // every migration applied, once
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it('refuses a file that is not a database, naming it and saying what to do', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'notes.sqlite');
    writeFileSync(path, 'this is not a database, just some text that is long enough to look like a header'.repeat(20));
    expect(() => openDatabase(path)).toThrow(
      /notes\.sqlite: not an Embedding Lab database, or the file is corrupt.*--db/,
    );
  });

  it('refuses a database from a newer version', () => {
    const tmp = tempDir();
    cleanup = tmp.cleanup;
    const path = join(tmp.dir, 'lab.sqlite');
    const db = openDatabase(path);
    db.pragma('user_version = 99');
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer Embedding Lab/);
  });
});
