// Scenes on the real service and a SQLite file: saved per run, replaced by
// name, listed newest first, deleted, gone with their run, and a damaged row
// still lists (its state empty) instead of breaking the list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { tempDir } from '../../helpers/paths.ts';

const lecture = 'lecture-coordinates';

describe('scenes', () => {
  const tmp = tempDir();
  const dbPath = join(tmp.dir, 'lab.sqlite');
  let lab: LabService;

  beforeAll(async () => {
    lab = await createService({ dbPath, host: 'cli' });
  });

  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  it('saves, lists newest first, replaces by name within a run and deletes', async () => {
    const h = lab.handlers;
    const first = await h.saveScene({
      run: lecture,
      name: 'royalty',
      state: { selected: 'king', camera: { zoom: 2 } },
    });
    const second = await h.saveScene({ run: lecture, name: 'gender', state: { selected: 'woman' } });
    expect(second.id).not.toBe(first.id);
    expect((await h.scenes({ run: lecture })).map((s) => s.name)).toEqual(['gender', 'royalty']);

    // the same name again: the scene is replaced in place (same id), and is now the newest
    await new Promise((r) => setTimeout(r, 5));
    const again = await h.saveScene({ run: lecture, name: 'royalty', state: { selected: 'queen' } });
    expect(again.id).toBe(first.id);
    const listed = await h.scenes({});
    expect(listed.map((s) => [s.name, s.state.selected])).toEqual([
      ['royalty', 'queen'],
      ['gender', 'woman'],
    ]);

    expect(await h.deleteScene({ id: second.id })).toEqual({ deleted: true });
    expect(await h.deleteScene({ id: second.id })).toEqual({ deleted: false });
    expect((await h.scenes({ run: lecture })).map((s) => s.name)).toEqual(['royalty']);
    await expect(h.scenes({ run: 'nope' })).rejects.toThrow(/no run named "nope"/);
  });

  it('a damaged state lists as an empty object', async () => {
    const saved = await lab.handlers.saveScene({ run: lecture, name: 'damaged', state: { a: 1 } });
    const db = new Database(dbPath);
    db.prepare('UPDATE scenes SET state = ? WHERE id = ?').run('{not json', saved.id);
    db.close();
    const found = (await lab.handlers.scenes({ run: lecture })).find((s) => s.id === saved.id);
    expect(found?.state).toEqual({});
  });

  it('deleting the run deletes its scenes', async () => {
    expect((await lab.handlers.scenes({ run: lecture })).length).toBeGreaterThan(0);
    expect(await lab.handlers.deleteRun({ run: lecture })).toEqual({ deleted: true });
    expect(await lab.handlers.scenes({})).toEqual([]);
  });
});
