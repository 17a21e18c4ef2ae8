import { describe, expect, test } from 'vitest';
import type { JobInfo, RunInfo } from '../../../src-preload/contract.ts';
import { canContinue, canResume, RunsStore } from './runs.svelte.ts';
import { createFakeLab, deferred, settle } from './testing/fake-lab.ts';

function run(over: Partial<RunInfo> = {}): RunInfo {
  return {
    id: 1,
    name: 'demo-sgns',
    method: 'sgns',
    corpus: 'demo',
    status: 'done',
    params: { dim: 100 },
    vocabSize: 500,
    dim: 100,
    createdAt: '2025-11-25T10:00:00Z',
    startedAt: '2025-11-25T10:00:01Z',
    finishedAt: '2025-11-25T10:01:00Z',
    seconds: 59,
    error: null,
    timings: null,
    ...over,
  };
}

function trainJob(over: Partial<JobInfo> = {}): JobInfo {
  return {
    id: 'j',
    kind: 'train',
    status: 'running',
    target: 'demo-sgns',
    progress: null,
    error: null,
    createdAt: '2025-11-25T10:00:00Z',
    ...over,
  };
}

describe('RunsStore', () => {
  test('loads runs; explorable are the finished ones, built-in sets included', async () => {
    const fake = createFakeLab({
      listRuns: () => [
        run({ name: 'lecture-coordinates', method: 'builtin', corpus: null, dim: 3 }),
        run({ name: 'a', status: 'running' }),
        run({ name: 'b', status: 'failed', error: 'train: params.dim: dim must be at least 1' }),
        run({ name: 'c' }),
      ],
    });
    const store = new RunsStore(fake.lab);
    store.start();
    await settle();
    expect(store.loaded).toBe(true);
    expect(store.explorable.map((r) => r.name)).toEqual(['lecture-coordinates', 'c']);
    expect(store.byName('b')?.error).toBe('train: params.dim: dim must be at least 1');
  });

  test('reloads on changed(runs) and when a train job changes status, not on every progress event', async () => {
    let status: RunInfo['status'] = 'running';
    const fake = createFakeLab({ listRuns: () => [run({ status })] });
    const store = new RunsStore(fake.lab);
    store.start();
    await settle();
    const loads = () => fake.argsOf('listRuns').length;
    expect(loads()).toBe(1);

    fake.emit('job', { job: trainJob({ status: 'running' }) });
    fake.emit('job', { job: { ...trainJob(), kind: 'import' } });
    await settle();
    expect(loads()).toBe(1);

    status = 'done';
    fake.emit('job', { job: trainJob({ status: 'done' }) });
    await settle();
    expect(loads()).toBe(2);
    expect(store.byName('demo-sgns')?.status).toBe('done');

    fake.emit('changed', { what: 'corpora' });
    await settle();
    expect(loads()).toBe(2);
    fake.emit('changed', { what: 'runs' });
    await settle();
    expect(loads()).toBe(3);
  });

  test('overlapping refreshes: the last answer wins', async () => {
    const answers = [deferred<RunInfo[]>(), deferred<RunInfo[]>()];
    let i = 0;
    const fake = createFakeLab({ listRuns: () => answers[i++].promise });
    const store = new RunsStore(fake.lab);
    const first = store.refresh();
    void store.refresh(); // queued behind the first
    answers[0].resolve([run({ name: 'old' })]);
    await settle();
    answers[1].resolve([run({ name: 'new' })]);
    await first;
    await settle();
    expect(store.runs.map((r) => r.name)).toEqual(['new']);
  });

  test('train passes the form through and surfaces the host error verbatim', async () => {
    const fake = createFakeLab({
      listRuns: () => [],
      train: (args) => {
        if ((args.params?.dim ?? 100) < 1) throw new Error('train: params.dim: dim must be at least 1');
        return { jobId: 'j9', run: args.name };
      },
    });
    const store = new RunsStore(fake.lab);
    const started = await store.train({ corpus: 'demo', name: 'r1', method: 'sgns', params: { dim: 50 } });
    expect(started).toEqual({ jobId: 'j9', run: 'r1' });
    expect(fake.argsOf('train')[0]).toEqual({ corpus: 'demo', name: 'r1', method: 'sgns', params: { dim: 50 } });
    await expect(store.train({ corpus: 'demo', name: 'r2', method: 'sgns', params: { dim: 0 } })).rejects.toThrow(
      'train: params.dim: dim must be at least 1',
    );
  });

  test('metrics load once per status, errors kept', async () => {
    let runs = [run({ status: 'running' })];
    const fake = createFakeLab({
      listRuns: () => runs,
      runMetrics: ({ run: name }) => {
        if (name === 'missing') throw new Error('runMetrics: no run "missing"');
        return [{ t: 1, words: 100, loss: 3, wordsPerSec: 1000, alpha: 0.02, epoch: 1 }];
      },
    });
    const store = new RunsStore(fake.lab);
    await store.refresh();
    await store.loadMetrics('demo-sgns');
    await store.loadMetrics('demo-sgns');
    expect(fake.argsOf('runMetrics')).toHaveLength(1);
    expect(store.metrics.get('demo-sgns')).toEqual({
      points: [{ t: 1, words: 100, loss: 3, wordsPerSec: 1000, alpha: 0.02, epoch: 1 }],
    });

    runs = [run({ status: 'done' })];
    await store.refresh();
    expect(store.metrics.has('demo-sgns')).toBe(false);

    await store.loadMetrics('missing');
    expect(store.metrics.get('missing')).toEqual({ error: 'runMetrics: no run "missing"' });
  });

  test('resume calls resumeRun, continue calls continueRun with the epochs; both reload the list', async () => {
    const fake = createFakeLab({
      listRuns: () => [run({ name: 'cut', status: 'interrupted' }), run({ name: 'fin' })],
      resumeRun: ({ run: name }) => ({ jobId: 'j1', run: name }),
      continueRun: ({ run: name }) => ({ jobId: 'j2', run: name }),
      runMetrics: () => [],
    });
    const store = new RunsStore(fake.lab);
    await store.refresh();
    await store.loadMetrics('fin');
    expect(await store.resume('cut')).toEqual({ jobId: 'j1', run: 'cut' });
    expect(fake.argsOf('resumeRun')).toEqual([{ run: 'cut' }]);
    expect(fake.argsOf('continueRun')).toEqual([]);

    expect(await store.continueRun('fin', 3)).toEqual({ jobId: 'j2', run: 'fin' });
    expect(fake.argsOf('continueRun')).toEqual([{ run: 'fin', epochs: 3 }]);
    expect(fake.argsOf('resumeRun')).toHaveLength(1);
    // the metrics grow again: loaded afresh
    expect(store.metrics.has('fin')).toBe(false);
    await settle();
    expect(fake.argsOf('listRuns').length).toBeGreaterThanOrEqual(2);
  });

  test('resume and continue surface the host error verbatim', async () => {
    const fake = createFakeLab({
      listRuns: () => [],
      resumeRun: () => {
        throw new Error('run "x" is done: only an interrupted, cancelled or failed run can be resumed');
      },
      continueRun: () => {
        throw new Error('method cbow is not available in this version yet');
      },
    });
    const store = new RunsStore(fake.lab);
    await expect(store.resume('x')).rejects.toThrow('only an interrupted, cancelled or failed run can be resumed');
    await expect(store.continueRun('y', 2)).rejects.toThrow('method cbow is not available in this version yet');
  });

  test('which runs offer Resume and which Train more', () => {
    for (const status of ['interrupted', 'cancelled', 'failed'] as const) {
      expect(canResume(run({ status }))).toBe(true);
      expect(canContinue(run({ status }))).toBe(false);
    }
    for (const status of ['queued', 'running', 'done'] as const) expect(canResume(run({ status }))).toBe(false);
    expect(canContinue(run({ status: 'done' }))).toBe(true);
    const builtin = run({ name: 'lecture-coordinates', method: 'builtin', corpus: null });
    expect(canContinue(builtin)).toBe(false);
    expect(canResume({ ...builtin, status: 'failed' })).toBe(false);
  });

  test('uniqueName', async () => {
    const fake = createFakeLab({ listRuns: () => [run({ name: 'x' }), run({ name: 'x-2' })] });
    const store = new RunsStore(fake.lab);
    await store.refresh();
    expect(store.uniqueName('y')).toBe('y');
    expect(store.uniqueName('x')).toBe('x-3');
  });

  test('a failing list keeps the message', async () => {
    const fake = createFakeLab({
      listRuns: () => {
        throw new Error('cannot reach the lab host');
      },
    });
    const store = new RunsStore(fake.lab);
    await store.refresh();
    expect(store.error).toBe('cannot reach the lab host');
    expect(store.loaded).toBe(false);
  });
});
