import { describe, expect, test } from 'vitest';
import type { Args, JobInfo, Projection, ProjectionFrame } from '../../../src-preload/contract.ts';
import { ExploreStore, NEIGHBOR_K, projectArgs, sameLayout, DEFAULT_PARAMS } from './explore.svelte.ts';
import { createFakeLab, deferred, settle } from './testing/fake-lab.ts';

function projection(words: string[], over: Partial<Projection> = {}): Projection {
  const dims = over.dims ?? 3;
  return {
    run: 'r',
    method: 'pca',
    dims,
    words,
    counts: words.map((_, i) => 100 - i),
    coords: new Float32Array(words.length * dims).map((_, i) => i),
    explained: [0.5, 0.3, 0.2],
    metric: 'cosine',
    umap: null,
    faithfulness: { knnRecall10: 1, perWord: new Float32Array(words.length).fill(1), k: 10, exact: true },
    seconds: 0,
    computeSeconds: 0,
    cached: false,
    ...over,
  };
}

describe('ExploreStore', () => {
  test('loads the projection for a run and indexes its words', async () => {
    const fake = createFakeLab({ project: () => projection(['king', 'queen', 'man']) });
    const store = new ExploreStore(fake.lab);
    await store.setRun('lecture-coordinates');
    expect(fake.argsOf('project')).toEqual([{ run: 'lecture-coordinates', method: 'pca', dims: 3, words: 2000 }]);
    expect(store.projection?.coords).toBeInstanceOf(Float32Array);
    expect(store.index.get('queen')).toBe(1);
    expect(store.projecting).toBe(false);
  });

  test('changing N reloads; a slower older answer is dropped', async () => {
    const answers = [deferred<Projection>(), deferred<Projection>()];
    let i = 0;
    const fake = createFakeLab({ project: () => answers[i++].promise });
    const store = new ExploreStore(fake.lab);
    const first = store.setRun('r');
    const second = store.setWords(500);
    answers[1].resolve(projection(['new']));
    await second;
    answers[0].resolve(projection(['old']));
    await first;
    expect(store.projection?.words).toEqual(['new']);
    expect(fake.argsOf('project').map((a) => a.words)).toEqual([2000, 500]);
  });

  test('a projection error is shown; a malformed answer is an error too', async () => {
    let bad = false;
    const fake = createFakeLab({
      project: () => {
        if (bad) return { ...projection(['a', 'b']), coords: new Float32Array(5) };
        throw new Error('project: no run "nope"');
      },
    });
    const store = new ExploreStore(fake.lab);
    await store.setRun('nope');
    expect(store.projectionError).toBe('project: no run "nope"');
    bad = true;
    await store.setRun('other');
    expect(store.projectionError).toBe('project: expected 6 coordinates, got 5');
  });

  test('select loads neighbours, maps them to indices, and drops stale answers', async () => {
    const answers = new Map([
      ['king', deferred<{ results: { word: string; score: number }[] }>()],
      ['queen', deferred<{ results: { word: string; score: number }[] }>()],
    ]);
    const fake = createFakeLab({
      project: () => projection(['king', 'queen', 'man', 'woman']),
      neighbors: ({ word }) => answers.get(word)!.promise,
    });
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    const a = store.select('king');
    const b = store.select('queen', true);
    expect(store.focusSeq).toBe(1);
    answers.get('queen')!.resolve({
      results: [
        { word: 'woman', score: 0.9 },
        { word: 'outside', score: 0.5 },
      ],
    });
    await b;
    answers.get('king')!.resolve({ results: [{ word: 'man', score: 0.9 }] });
    await a;
    expect(store.selected).toBe('queen');
    expect(store.selectedIndex).toBe(1);
    expect(store.neighbors.map((n) => n.word)).toEqual(['woman', 'outside']);
    expect(store.neighborIndices).toEqual([3]);
    expect(fake.argsOf('neighbors')[1]).toEqual({ run: 'r', word: 'queen', k: NEIGHBOR_K });
  });

  test('an unknown word shows the message; switching run clears the selection', async () => {
    const fake = createFakeLab({
      project: () => projection(['a']),
      neighbors: ({ word }) => {
        throw new Error(`"${word}" is not in the vocabulary of run "r"`);
      },
    });
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    await store.select('zzz');
    expect(store.neighborsError).toBe('"zzz" is not in the vocabulary of run "r"');
    expect(store.neighbors).toEqual([]);
    await store.setRun('s');
    expect(store.selected).toBeNull();
    expect(store.neighborsError).toBeNull();
  });

  test('complete asks for the prefix and swallows errors', async () => {
    const fake = createFakeLab({
      project: () => projection(['a']),
      completeWord: ({ prefix }) => {
        if (prefix === 'x') throw new Error('boom');
        return { words: ['queen', 'quick'] };
      },
    });
    const store = new ExploreStore(fake.lab);
    expect(await store.complete('qu')).toEqual([]); // no run yet
    await store.setRun('r');
    expect(await store.complete(' qu ')).toEqual(['queen', 'quick']);
    expect(fake.argsOf('completeWord')).toEqual([{ run: 'r', prefix: 'qu', limit: 8 }]);
    expect(await store.complete('x')).toEqual([]);
  });
});

const WORDS = ['king', 'queen', 'man', 'woman'];

function umapResult(args: Args<'project'>, cached = true): Projection {
  return projection(WORDS.slice(0, args.words), {
    method: 'umap',
    dims: args.dims ?? 3,
    explained: [],
    umap: { neighbors: args.neighbors ?? 15, minDist: args.minDist ?? 0.1, seed: args.seed ?? 1, epochs: 200 },
    faithfulness: { knnRecall10: 0.25, perWord: new Float32Array([0.1, 0.5, 0.3, 0.2]), k: 3, exact: true },
    computeSeconds: 4.5,
    cached,
  });
}

function job(
  id: string,
  progress: Partial<NonNullable<JobInfo['progress']>> | null,
  status: JobInfo['status'] = 'running',
): JobInfo {
  return {
    id,
    kind: 'project',
    status,
    target: 'r',
    progress: progress && { done: 0, total: 0, rate: 0, unit: 'epochs', etaSeconds: null, ...progress },
    error: null,
    createdAt: '2026-01-01T00:00:00Z',
  };
}

function frame(jobId: string, epoch: number, dims: 2 | 3 = 2, fill = epoch): ProjectionFrame {
  return { jobId, run: 'r', dims, epoch, epochs: 200, coords: new Float32Array(WORDS.length * dims).fill(fill) };
}

/** a lab whose PCA answers at once and whose UMAP `project` waits for the test */
function umapLab(jobId: string | null = 'j1') {
  const finished = deferred<Projection>();
  const fake = createFakeLab({
    project: (args) => (args.method === 'umap' ? finished.promise : projection(WORDS.slice(0, args.words))),
    startProjection: () => ({ jobId }),
    cancelJob: () => ({ cancelled: true }),
  });
  return { fake, finished };
}

describe('ExploreStore: UMAP on demand', () => {
  test('projectArgs sends UMAP knobs only for UMAP; sameLayout ignores them for PCA', () => {
    expect(projectArgs('r', { ...DEFAULT_PARAMS, neighbors: 30 })).toEqual({
      run: 'r',
      method: 'pca',
      dims: 3,
      words: 2000,
    });
    expect(projectArgs('r', { ...DEFAULT_PARAMS, method: 'umap', dims: 2 })).toEqual({
      run: 'r',
      method: 'umap',
      dims: 2,
      words: 2000,
      neighbors: 15,
      minDist: 0.1,
      metric: 'cosine',
      seed: 1,
    });
    expect(sameLayout(DEFAULT_PARAMS, { ...DEFAULT_PARAMS, seed: 9 })).toBe(true);
    const umap = { ...DEFAULT_PARAMS, method: 'umap' as const };
    expect(sameLayout(umap, { ...umap, seed: 9 })).toBe(false);
    expect(sameLayout(umap, null)).toBe(false);
  });

  test('frames move the map, job events give the epoch, then the stored layout replaces them', async () => {
    const { fake, finished } = umapLab();
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    store.params.words = 4; // typed, not applied: runUmap reloads the PCA base for these words
    store.params.dims = 2;
    const running = store.runUmap();
    await settle();
    expect(fake.argsOf('project')[1]).toEqual({ run: 'r', method: 'pca', dims: 2, words: 4 });
    expect(fake.argsOf('startProjection')).toEqual([
      { run: 'r', method: 'umap', dims: 2, words: 4, neighbors: 15, minDist: 0.1, metric: 'cosine', seed: 1 },
    ]);
    expect(store.live?.jobId).toBe('j1');
    expect(store.live?.phase).toBe('neighbours');
    expect(store.layout?.live).toBe(false);

    fake.emit('job', { job: job('j1', { done: 40, total: 100, unit: '%', message: 'nearest neighbours' }) });
    expect(store.live).toMatchObject({ phase: 'neighbours', done: 40, total: 100 });
    fake.emit('projection', frame('j1', 10));
    fake.emit('job', { job: job('j1', { done: 10, total: 200 }) });
    expect(store.live).toMatchObject({ phase: 'layout', epoch: 10, epochs: 200 });
    expect(store.layout).toMatchObject({ live: true, dims: 2 });
    expect(store.layout?.coords[0]).toBe(10);

    // another job's frames and another run's are not ours
    fake.emit('projection', frame('other', 99));
    fake.emit('projection', { ...frame('j1', 98), run: 's' });
    expect(store.layout?.coords[0]).toBe(10);
    fake.emit('projection', frame('j1', 20));
    expect(store.layout?.coords[0]).toBe(20);

    fake.emit('job', { job: job('j1', { done: 200, total: 200 }, 'done') });
    expect(store.live?.phase).toBe('finishing');
    finished.resolve(umapResult(fake.argsOf('project')[2], false));
    await running;
    expect(store.live).toBeNull();
    expect(store.projection?.method).toBe('umap');
    expect(store.layout?.live).toBe(false);
    expect(store.fromCache).toBe(false);
    expect(store.projecting).toBe(false);
    expect(store.stale).toBe(false);
    expect(fake.listenerCount()).toBe(0);
  });

  test('events that come before startProjection answers are not lost', async () => {
    const started = deferred<{ jobId: string | null }>();
    const finished = deferred<Projection>();
    const fake = createFakeLab({
      project: (args) => (args.method === 'umap' ? finished.promise : projection(WORDS)),
      startProjection: () => started.promise,
    });
    const store = new ExploreStore(fake.lab);
    store.params.words = 4;
    await store.setRun('r');
    const running = store.runUmap();
    await settle();
    fake.emit('job', { job: job('j7', { done: 5, total: 200 }) });
    fake.emit('projection', frame('j7', 5, 3));
    started.resolve({ jobId: 'j7' });
    await settle();
    expect(store.live).toMatchObject({ jobId: 'j7', phase: 'layout', epoch: 5 });
    expect(store.layout).toMatchObject({ live: true, dims: 3 });
    finished.resolve(umapResult({ run: 'r', method: 'umap', words: 4 }));
    await running;
  });

  test('a cached layout is shown at once and says so', async () => {
    const fake = createFakeLab({
      project: (args) => (args.method === 'umap' ? umapResult(args) : projection(WORDS)),
      startProjection: () => ({ jobId: null }),
    });
    const store = new ExploreStore(fake.lab);
    store.params.words = 4;
    await store.setRun('r');
    await store.runUmap();
    expect(fake.argsOf('project').map((a) => a.method)).toEqual(['pca', 'umap']);
    expect(store.projection?.method).toBe('umap');
    expect(store.fromCache).toBe(true);
    expect(store.live).toBeNull();
    expect(fake.listenerCount()).toBe(0);
  });

  test('cancel stops the job and keeps the earlier map', async () => {
    const { fake, finished } = umapLab();
    const store = new ExploreStore(fake.lab);
    store.params.words = 4;
    await store.setRun('r');
    const before = store.projection;
    const running = store.runUmap();
    await settle();
    fake.emit('projection', frame('j1', 3, 3));
    expect(store.layout?.live).toBe(true);
    await store.cancelUmap();
    expect(fake.argsOf('cancelJob')).toEqual([{ jobId: 'j1' }]);
    expect(store.live?.cancelling).toBe(true);
    finished.reject(new Error('the projection was cancelled'));
    await running;
    expect(store.live).toBeNull();
    expect(store.projection).toBe(before);
    expect(store.layout).toMatchObject({ live: false, coords: before!.coords });
    expect(store.notice).toMatch(/cancelled/);
    expect(store.projectionError).toBeNull();
    expect(fake.listenerCount()).toBe(0);
  });

  test('a failed job is an error; switching run stops following the job', async () => {
    const { fake, finished } = umapLab();
    const store = new ExploreStore(fake.lab);
    store.params.words = 4;
    await store.setRun('r');
    const running = store.runUmap();
    await settle();
    finished.reject(new Error('out of memory'));
    await running;
    expect(store.projectionError).toBe('out of memory');

    const again = umapLab();
    const s2 = new ExploreStore(again.fake.lab);
    s2.params.words = 4;
    await s2.setRun('r');
    const r2 = s2.runUmap();
    await settle();
    expect(again.fake.listenerCount()).toBe(2);
    await s2.setRun('s');
    expect(again.fake.listenerCount()).toBe(0);
    expect(s2.live).toBeNull();
    again.finished.resolve(umapResult({ run: 'r', method: 'umap', words: 4 }));
    await r2;
    expect(s2.projection?.method).toBe('pca');
    expect(s2.params.method).toBe('pca');
  });

  test('PCA settings apply at once; UMAP settings wait for Run and mark the map stale', async () => {
    const fake = createFakeLab({ project: (args) => projection(WORDS.slice(0, args.words)) });
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    await store.setDims(2);
    expect(fake.argsOf('project').at(-1)).toEqual({ run: 'r', method: 'pca', dims: 2, words: 2000 });
    await store.setMethod('umap');
    expect(store.stale).toBe(true);
    const calls = fake.calls.length;
    await store.setWords(3);
    await store.setDims(3);
    expect(fake.calls.length).toBe(calls); // nothing asked until Run UMAP
    await store.setMethod('pca');
    expect(fake.argsOf('project').at(-1)).toEqual({ run: 'r', method: 'pca', dims: 3, words: 3 });
    expect(store.stale).toBe(false);
  });

  test('emptied number boxes fall back to defaults, within the contract', async () => {
    const fake = createFakeLab({
      project: (args) => (args.method === 'umap' ? umapResult(args) : projection(WORDS.slice(0, args.words))),
      startProjection: () => ({ jobId: null }),
    });
    const store = new ExploreStore(fake.lab);
    store.params.words = 4;
    await store.setRun('r');
    Object.assign(store.params, { neighbors: null as unknown as number, minDist: 3, seed: -4 });
    await store.runUmap();
    expect(fake.argsOf('startProjection')[0]).toMatchObject({ neighbors: 15, minDist: 1, seed: 0 });
  });

  test('says when the run has fewer words than asked, and the selected word recall', async () => {
    const fake = createFakeLab({
      project: (args) => (args.method === 'umap' ? umapResult(args) : projection(WORDS)),
      startProjection: () => ({ jobId: null }),
      neighbors: () => ({ results: [{ word: 'queen', score: 0.9 }] }),
    });
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    expect(store.capped).toEqual({ shown: 4, asked: 2000 });
    await store.select('king');
    expect(store.selectedRecall).toBe(1);
    store.params.words = 4;
    await store.runUmap();
    expect(store.capped).toBeNull();
    expect(store.selectedRecall).toBeCloseTo(0.1);
    await store.select('nowhere');
    expect(store.selectedRecall).toBeNull();
  });

  test('isolate k: neighbours come from the service with that k, and reload for the selected word', async () => {
    const fake = createFakeLab({
      project: () => projection(WORDS),
      neighbors: ({ k }) => ({ results: WORDS.slice(1, 1 + (k ?? 10)).map((word) => ({ word, score: 0.5 })) }),
    });
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    await store.select('king');
    await store.setIsolateK(2);
    expect(fake.argsOf('neighbors').map((a) => a.k)).toEqual([NEIGHBOR_K, 2]);
    expect(store.neighborIndices).toEqual([1, 2]);
    await store.setIsolateK(5000);
    expect(store.isolateK).toBe(999);
    store.isolate = true;
    store.clearSelection();
    expect(store.isolate).toBe(false);
  });

  test('colouring by word lists maps each map word to its list', async () => {
    const fake = createFakeLab({ project: () => projection(WORDS) });
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    expect(store.groupIndex).toBeNull();
    store.colorBy = 'lists';
    store.listText = 'royal: king queen\nman woman';
    expect([...store.groupIndex!]).toEqual([0, 0, 1, 1]);
    expect(store.groups.map((g) => g.name)).toEqual(['royal', 'list 2']);
  });
});
