import { describe, expect, test } from 'vitest';
import type { Projection } from '../../../src-preload/contract.ts';
import { ExploreStore, NEIGHBOR_K } from './explore.svelte.ts';
import { createFakeLab, deferred } from './testing/fake-lab.ts';

function projection(words: string[]): Projection {
  return {
    run: 'r',
    method: 'pca',
    dims: 3,
    words,
    counts: words.map((_, i) => 100 - i),
    coords: new Float32Array(words.length * 3).map((_, i) => i),
    explained: [0.5, 0.3, 0.2],
    metric: 'cosine',
    umap: null,
    faithfulness: { knnRecall10: 1, perWord: new Float32Array(words.length).fill(1), k: 10, exact: true },
    seconds: 0,
    computeSeconds: 0,
    cached: false,
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
    const second = store.setTopN(500);
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
