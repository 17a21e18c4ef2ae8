import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createService } from '../../../src-main/service/service.ts';
import { killAndWait, spawnTs, waitForLine } from '../../helpers/child.ts';
import { tempDir } from '../../helpers/paths.ts';

/** polls the database (read-only, beside the writer) until the run has a checkpoint */
async function waitForCheckpoint(dbPath: string, timeoutMs = 30_000): Promise<number> {
  const db = new Database(dbPath, { readonly: true, fileMustExist: true });
  try {
    for (const end = Date.now() + timeoutMs; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const row = db.prepare('SELECT words_done AS w FROM checkpoints').get() as { w: number } | undefined;
      if (row && row.w > 0) return row.w;
    }
    throw new Error('no checkpoint was written');
  } finally {
    db.close();
  }
}

describe.each([
  ['sgns', 'off'],
  ['fasttext', 'off'],
  ['sgns', 'cpu'],
  ['glove', 'cpu'],
])('%s (graph provider %s): SIGKILL mid-epoch, then resume', (method, graphProvider) => {
  it('shows the run interrupted at once and resumes it to a stored model with the same vocabulary', async () => {
    const tmp = tempDir();
    const dbPath = join(tmp.dir, 'lab.sqlite');
    const child = spawnTs('tests/helpers/train-then-die.ts', [dbPath, method, '12', graphProvider]);
    await waitForLine(child, /^training$/);
    const checkpointed = await waitForCheckpoint(dbPath);
    await killAndWait(child);

    const lab = await createService({ dbPath, host: 'cli' });
    try {
      const before = (await lab.handlers.listRuns({})).find((r) => r.name === 'long')!;
      expect(before.status).toBe('interrupted');
      const [corpus] = await lab.handlers.listCorpora({});

      // the first training progress of the resumed job (GloVe recounts first): from the checkpoint on, not from 0
      let firstDone: number | undefined;
      const off = lab.on('job', ({ job }) => {
        const p = job.progress;
        if (job.kind !== 'train' || !p || /^(cooccur|shuffle)/.test(p.message ?? '')) return;
        firstDone ??= p.done;
      });
      const { jobId } = await lab.handlers.resumeRun({ run: 'long' });
      const job = await lab.waitForJob(jobId);
      off();
      expect(firstDone).toBeGreaterThanOrEqual(checkpointed);
      expect(job.status).toBe('done');
      expect(job.progress!.done).toBeGreaterThanOrEqual(checkpointed);
      expect(job.progress!.done).toBe(job.progress!.total);

      const after = (await lab.handlers.listRuns({})).find((r) => r.name === 'long')!;
      expect(after).toMatchObject({ status: 'done', vocabSize: corpus.vocabSize, dim: 20, error: null });
      const { results } = await lab.handlers.neighbors({ run: 'long', word: 'congress', k: 3 });
      expect(results).toHaveLength(3);
      expect(results.every((r) => Number.isFinite(r.score))).toBe(true);
      await expect(lab.handlers.resumeRun({ run: 'long' })).rejects.toThrow(/is done: only an interrupted/);
    } finally {
      await lab.close();
      tmp.cleanup();
    }
  });
});
