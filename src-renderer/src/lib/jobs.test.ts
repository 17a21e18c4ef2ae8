import { describe, expect, test } from 'vitest';
import type { JobInfo } from '../../../src-preload/contract.ts';
import { JobsStore, MAX_SAMPLES } from './jobs.svelte.ts';
import { createFakeLab, settle } from './testing/fake-lab.ts';

function job(over: Partial<JobInfo> = {}): JobInfo {
  return {
    id: 'j1',
    kind: 'train',
    status: 'running',
    target: 'run-a',
    progress: { done: 0, total: 100, rate: 0, unit: 'words', etaSeconds: null },
    error: null,
    createdAt: '2025-11-25T10:00:00.000Z',
    ...over,
  };
}

function progress(done: number, loss?: number) {
  return { done, total: 100, rate: 1000 + done, unit: 'words', etaSeconds: 10, loss };
}

describe('JobsStore', () => {
  test('loads the list, then follows job events', async () => {
    const fake = createFakeLab({
      listJobs: () => [job({ id: 'old', status: 'done', createdAt: '2025-11-24T00:00:00Z' })],
    });
    const store = new JobsStore(fake.lab);
    const stop = store.start();
    await settle();
    expect(store.list.map((j) => j.info.id)).toEqual(['old']);

    fake.emit('job', { job: job({ progress: progress(10) }) });
    expect(store.list.map((j) => j.info.id)).toEqual(['j1', 'old']);
    expect(store.get('j1')?.fraction).toBeCloseTo(0.1);
    expect(store.latest('train')?.info.id).toBe('j1');
    expect(store.latest('train', 'other')).toBeUndefined();
    expect(store.active('train').map((j) => j.info.id)).toEqual(['j1']);

    fake.emit('job', { job: job({ status: 'done', progress: progress(100) }) });
    expect(store.get('j1')?.active).toBe(false);
    expect(store.get('j1')?.fraction).toBe(1);
    expect(store.active('train')).toEqual([]);

    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  test('keeps a progress history with times from the first sample', () => {
    let now = 5_000;
    const fake = createFakeLab();
    const store = new JobsStore(fake.lab, () => now);
    store.apply(job({ progress: progress(10, 4.5) }));
    now += 1500;
    store.apply(job({ progress: progress(20, 3.9) }));
    now += 500;
    store.apply(job({ progress: progress(20, 3.9) })); // no change: no new sample
    const samples = store.get('j1')!.samples;
    expect(samples).toEqual([
      { t: 0, done: 10, rate: 1010, loss: 4.5, alpha: null, epoch: null },
      { t: 1.5, done: 20, rate: 1020, loss: 3.9, alpha: null, epoch: null },
    ]);
  });

  test('thins a long history, keeping the first and newest samples', () => {
    let now = 0;
    const store = new JobsStore(createFakeLab().lab, () => now);
    for (let i = 1; i <= MAX_SAMPLES + 1; i++) {
      now = i * 100;
      store.apply(job({ progress: { ...progress(i), total: 10_000 } }));
    }
    const samples = store.get('j1')!.samples;
    expect(samples.length).toBeLessThanOrEqual(MAX_SAMPLES);
    expect(samples[0].done).toBe(1);
    expect(samples[samples.length - 1].done).toBe(MAX_SAMPLES + 1);
  });

  test('a stale snapshot does not undo newer events', async () => {
    const fake = createFakeLab({ listJobs: () => [job({ progress: progress(5) })] });
    const store = new JobsStore(fake.lab);
    store.apply(job({ status: 'cancelled', progress: progress(30) }));
    await store.refresh();
    expect(store.get('j1')?.info.status).toBe('cancelled');

    store.apply(job({ id: 'j2', progress: progress(50) }));
    fake.emit('job', { job: job({ id: 'j2', progress: progress(60) }) });
    await store.refresh();
    expect(store.get('j2')?.info.progress?.done).toBe(50);
  });

  test('reloads the list when something changed (e.g. after a reconnect)', async () => {
    let answer = [job({ status: 'running' })];
    const fake = createFakeLab({ listJobs: () => answer });
    const store = new JobsStore(fake.lab);
    store.start();
    await settle();
    answer = [job({ status: 'interrupted', error: 'the app was closed' })];
    fake.emit('changed', { what: 'runs' });
    await settle();
    expect(store.get('j1')?.info.status).toBe('interrupted');
    expect(store.get('j1')?.info.error).toBe('the app was closed');
  });

  test('cancel calls cancelJob; an error is kept verbatim', async () => {
    const fake = createFakeLab({
      cancelJob: ({ jobId }) => {
        if (jobId === 'bad') throw new Error('cancelJob: no job "bad"');
        return { cancelled: true };
      },
    });
    const store = new JobsStore(fake.lab);
    await store.cancel('j1');
    expect(fake.argsOf('cancelJob')).toEqual([{ jobId: 'j1' }]);
    expect(store.error).toBeNull();
    await store.cancel('bad');
    expect(store.error).toBe('cancelJob: no job "bad"');
  });

  test('listJobs failing shows the message', async () => {
    const fake = createFakeLab({
      listJobs: () => {
        throw new Error('database is locked');
      },
    });
    const store = new JobsStore(fake.lab);
    await store.refresh();
    expect(store.error).toBe('database is locked');
  });
});
