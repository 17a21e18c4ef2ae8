// The Explore store with custom axes, the API stubbed: what it asks the
// service for, when, and what it shows.
import { describe, expect, test } from 'vitest';
import type { Args, Projection } from '../../../src-preload/contract.ts';
import { DEFAULT_PARAMS, ExploreStore, projectArgs, sameLayout } from './explore.svelte.ts';
import { createFakeLab } from './testing/fake-lab.ts';

const WORDS = ['man', 'woman', 'boy', 'king'];

function answer(args: Args<'project'>): Projection {
  const dims = args.dims ?? 3;
  const axes = args.axes?.map((a) => ({ from: a.from ?? [], to: a.to ?? [], label: 'l' }));
  return {
    run: args.run,
    method: args.method ?? 'pca',
    dims,
    words: WORDS,
    counts: WORDS.map(() => 1),
    coords: new Float32Array(WORDS.length * dims),
    explained: [],
    metric: 'cosine',
    umap: null,
    ...(axes && {
      axes: { axes, cosines: axes.map((_, i) => axes.map((_, j) => (i === j ? 1 : 0.8))), maxOverlap: 0.8 },
    }),
    faithfulness: { knnRecall10: 1, perWord: new Float32Array(WORDS.length).fill(1), k: 3, exact: true },
    seconds: 0,
    computeSeconds: 0,
    cached: false,
  };
}

describe('custom axes in the Explore store', () => {
  test('nothing is asked until every axis parses; then the map comes on the axes', async () => {
    const fake = createFakeLab({ project: answer });
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    await store.setDims(2);
    await store.setMethod('axes');
    expect(fake.argsOf('project').map((a) => a.method)).toEqual(['pca', 'pca']);
    expect(store.axesParsed.axes).toBeNull();

    store.params.axes[0] = 'man -> woman';
    store.params.axes[1] = 'boy,man -> king';
    expect(store.axesParsed.errors).toEqual([null, null]);
    expect(store.stale).toBe(true);
    await store.showAxes();
    expect(fake.argsOf('project').at(-1)).toEqual({
      run: 'r',
      method: 'axes',
      dims: 2,
      words: DEFAULT_PARAMS.words,
      axes: [
        { from: ['man'], to: ['woman'] },
        { from: ['boy', 'man'], to: ['king'] },
      ],
    });
    expect(store.projection?.method).toBe('axes');
    expect(store.stale).toBe(false);

    // another spelling of the same axes is the same map; another axis is not
    store.params.axes[0] = 'man→woman';
    expect(store.stale).toBe(false);
    store.params.axes[1] = 'king -> boy';
    expect(store.stale).toBe(true);
  });

  test('dims and words reload at once while the axes are valid; a third axis is needed for 3D', async () => {
    const fake = createFakeLab({ project: answer });
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    store.params.axes = ['man -> woman', 'boy -> king', ''];
    await store.setMethod('axes');
    // 3D by default: z is empty, so nothing is asked and the form says why
    expect(fake.argsOf('project')).toHaveLength(1);
    expect(store.axesParsed.errors[2]).toMatch(/type a word/);
    await store.setDims(2);
    expect(fake.argsOf('project').at(-1)?.dims).toBe(2);
    await store.setWords(50);
    expect(fake.argsOf('project').at(-1)).toMatchObject({ method: 'axes', words: 50 });
    expect(fake.argsOf('project')).toHaveLength(3);
  });

  test('the service’s error (an unknown word) is shown, and the old map is dropped', async () => {
    const fake = createFakeLab({
      project: (args) => {
        if (args.method === 'axes') throw new Error('unknown word: "dog" (in the axes)');
        return answer(args);
      },
    });
    const store = new ExploreStore(fake.lab);
    await store.setRun('r');
    store.params.axes = ['man -> dog', 'boy -> king', ''];
    await store.setDims(2);
    await store.setMethod('axes');
    expect(store.projectionError).toBe('unknown word: "dog" (in the axes)');
    expect(store.projecting).toBe(false);
  });

  test('projectArgs sends parsed axes only for axes; sameLayout compares them', () => {
    const params = { ...DEFAULT_PARAMS, method: 'axes' as const, dims: 2 as const, axes: ['a:b', 'c', ''] };
    expect(projectArgs('r', params).axes).toEqual([
      { from: ['a'], to: ['b'] },
      { from: [], to: ['c'] },
    ]);
    expect(projectArgs('r', { ...params, method: 'pca' }).axes).toBeUndefined();
    expect(() => projectArgs('r', { ...params, axes: ['a:b', 'c ->', ''] })).toThrow('axis y: no word after "->"');
    expect(sameLayout(params, { ...params, axes: ['a -> b', 'c', 'ignored'] })).toBe(true);
    expect(sameLayout(params, { ...params, axes: ['b -> a', 'c', ''] })).toBe(false);
  });
});
