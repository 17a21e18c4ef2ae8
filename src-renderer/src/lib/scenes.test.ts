import { describe, expect, test } from 'vitest';
import { DEFAULT_PARAMS, NEIGHBOR_K } from './explore.svelte.ts';
import { fileStem, readScene, suggestName, SCENE_VERSION } from './scenes.ts';

describe('readScene', () => {
  const full = {
    version: 1,
    run: 'tiny',
    params: {
      method: 'umap',
      dims: 2,
      words: 6000,
      neighbors: 30,
      minDist: 0.25,
      metric: 'euclidean',
      seed: 7,
      axes: ['a -> b', '', ''],
    },
    camera: { position: [1, 2, 3], target: [0, 0, 0], up: [0, 1, 0], zoom: 1.5, dims: 2 },
    selected: 'king',
    search: 'kin',
    isolate: true,
    isolateK: 25,
    colorBy: 'lists',
    listText: 'royalty: king queen',
    expression: 'king - man + woman',
    normalize: false,
  };

  test('a scene as this version saves it reads back unchanged', () => {
    expect(readScene(structuredClone(full))).toEqual(full);
  });

  test('an empty or foreign value gives the defaults', () => {
    for (const raw of [undefined, null, 'scene', [1, 2], {}]) {
      const s = readScene(raw);
      expect(s).toMatchObject({ version: SCENE_VERSION, run: null, camera: null, selected: null, isolate: false });
      expect(s.params).toEqual(DEFAULT_PARAMS);
      expect(s.isolateK).toBe(NEIGHBOR_K);
    }
  });

  test('an older scene: missing and mis-shaped fields fall back one by one, unknown fields are dropped', () => {
    const s = readScene({
      run: 'tiny',
      params: { method: 'tsne', dims: 4, words: 500, seed: -3 },
      camera: { position: [1, 2, 3], target: [0, 0, 0] },
      selected: 42,
      isolateK: 5000,
      colorBy: 'rainbow',
      legacy: { anything: true },
    });
    expect(s.run).toBe('tiny');
    expect(s.params).toEqual({ ...DEFAULT_PARAMS, words: 500 });
    expect(s.camera).toEqual({ position: [1, 2, 3], target: [0, 0, 0], up: [0, 1, 0], zoom: 1, dims: 3 });
    expect(s.selected).toBeNull();
    expect(s.isolateK).toBe(NEIGHBOR_K);
    expect(s.colorBy).toBe('frequency');
    expect('legacy' in s).toBe(false);
  });

  test('a camera with a broken position is dropped whole, not half applied', () => {
    expect(readScene({ camera: { position: [1, 'x', 3], target: [0, 0, 0] } }).camera).toBeNull();
    expect(readScene({ camera: { position: [1, 2], target: [0, 0, 0] } }).camera).toBeNull();
  });
});

describe('names', () => {
  test('the selected word first, then numbered', () => {
    expect(suggestName([], 'king')).toBe('king');
    expect(suggestName(['king'], 'king')).toBe('king 1');
    expect(suggestName(['Scene 1', 'Scene 2'], null)).toBe('Scene 3');
  });

  test('file stems keep letters, digits and dashes', () => {
    expect(fileStem('royalty: king/queen')).toBe('royalty-king-queen');
    expect(fileStem('///')).toBe('scene');
  });
});
