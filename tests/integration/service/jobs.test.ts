import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src-main/core/store/db.ts';
import { JobManager, lockDirFor } from '../../../src-main/service/jobs.ts';
import { dataDirFor } from '../../../src-main/service/paths.ts';
import type { JobInfo } from '../../../src-preload/contract.ts';
import { killAndWait, spawnTs, waitForLine } from '../../helpers/child.ts';
import { tempDir } from '../../helpers/paths.ts';

describe('JobManager', () => {
  let tmp: ReturnType<typeof tempDir>;
  let dbPath: string;
  let db: Db;
  let jobs: JobManager;
  let events: JobInfo[];

  beforeEach(() => {
    tmp = tempDir();
    dbPath = join(tmp.dir, 'lab.sqlite');
    db = openDatabase(dbPath);
    events = [];
    jobs = new JobManager(db, lockDirFor(dataDirFor(dbPath)), (j) => events.push(j));
  });
  afterEach(async () => {
    await jobs.close();
    db.close();
    tmp.cleanup();
  });

  it('runs a job to done and reports progress, stored and as events', async () => {
    const id = jobs.start('import', 'a', null, async (ctx) => {
      ctx.progress({ done: 5, total: 10, rate: 1, unit: 'bytes', etaSeconds: 5 });
    });
    const final = await jobs.wait(id);
    expect(final.status).toBe('done');
    expect(final.progress).toMatchObject({ done: 5, total: 10 });
    expect(events.map((e) => e.status)).toEqual(['queued', 'running', 'running', 'done']);
  });

  it('records a failure with its message', async () => {
    const id = jobs.start('import', 'b', null, async () => {
      throw new Error('notes.txt: invalid UTF-8 at byte 12');
    });
    const final = await jobs.wait(id);
    expect(final).toMatchObject({ status: 'failed', error: 'notes.txt: invalid UTF-8 at byte 12' });
  });

  it('cancels a running job through its signal', async () => {
    let started!: () => void;
    const running = new Promise<void>((r) => (started = r));
    const id = jobs.start('train', 'c', null, (ctx) => {
      started();
      return new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(new Error('stopped'))));
    });
    await running;
    expect(jobs.cancel(id)).toBe(true);
    expect((await jobs.wait(id)).status).toBe('cancelled');
  });

  it('queues a second job of the same kind until the first ends', async () => {
    let release!: () => void;
    const first = jobs.start('train', 'first', null, () => new Promise<void>((r) => (release = r)));
    const second = jobs.start('train', 'second', null, async () => {});
    await new Promise((r) => setTimeout(r, 20));
    expect(jobs.get(second)?.status).toBe('queued');
    release();
    await jobs.wait(first);
    expect((await jobs.wait(second)).status).toBe('done');
  });

  it('a job cancelled while queued never runs', async () => {
    let release!: () => void;
    jobs.start('train', 'first', null, () => new Promise<void>((r) => (release = r)));
    let ran = false;
    const queued = jobs.start('train', 'second', null, async () => {
      ran = true;
    });
    jobs.cancel(queued);
    await new Promise((r) => setTimeout(r, 20));
    release();
    expect((await jobs.wait(queued)).status).toBe('cancelled');
    expect(ran).toBe(false);
  });

  it('shows the job of a killed process as interrupted at the next start, and leaves live ones alone', async () => {
    const child = spawnTs('tests/helpers/job-owner.ts', [dbPath]);
    const line = await waitForLine(child, /^job /);
    const id = line.slice(4).trim();
    expect(jobs.reap()).toBe(0); // the owner is alive: nothing to reap
    expect(jobs.get(id)?.status).toBe('running');
    await killAndWait(child);
    expect(jobs.reap()).toBe(1);
    expect(jobs.get(id)).toMatchObject({ status: 'interrupted' });
    expect(db.prepare('SELECT COUNT(*) AS n FROM owners').get()).toEqual({ n: 0 });
  });
});
