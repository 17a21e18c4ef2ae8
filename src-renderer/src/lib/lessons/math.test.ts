import { describe, expect, it } from 'vitest';
import { lectureCoordinates } from '../../../../src-preload/lecture.ts';
import {
  analogyVector,
  cosine,
  cosineMatrix,
  groupNgrams,
  layoutFromCosines,
  nearestRows,
  oneHot,
  previewVector,
  subtract,
  symmetricEigen,
} from './math.ts';

describe('one-hot vectors', () => {
  it("are the lecture's cat, dog, mouse vectors, all at cosine 0 from each other", () => {
    expect(oneHot(3)).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    expect(cosineMatrix(oneHot(3))).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
  });
});

describe('cosine', () => {
  it('is dot / (|a| |b|), 0 for a zero vector, and refuses mismatched sizes', () => {
    expect(cosine([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 12);
    expect(cosine([1, 0], [-1, 0])).toBe(-1);
    expect(cosine([0, 0], [1, 1])).toBe(0);
    expect(() => cosine([1], [1, 2])).toThrow(/1 and 2 dimensions/);
  });
});

describe("the lecture's coordinates", () => {
  const { words, values } = lectureCoordinates;
  const row = (w: string) => values[words.indexOf(w)];

  it('king − man + woman = [9, 8, 8], nearest queen [9, 7, 8] at distance 1', () => {
    const v = analogyVector(row('king'), row('man'), row('woman'));
    expect(v).toEqual([9, 8, 8]);
    const [first, second] = nearestRows(words, values, v, ['king', 'man', 'woman']);
    expect(first).toMatchObject({ word: 'queen', distance: 1 });
    expect(first.cosine).toBeCloseTo(0.998, 3);
    expect(second.word).toBe('princess');
  });

  it('king − man is close to queen − woman', () => {
    expect(subtract(row('king'), row('man'))).toEqual([0, 1, 7]);
    expect(subtract(row('queen'), row('woman'))).toEqual([0, 0, 7]);
  });

  it('leaves nothing out unless asked', () => {
    const v = row('boy');
    expect(nearestRows(words, values, v)[0]).toMatchObject({ word: 'boy', distance: 0 });
  });
});

describe('a 3D layout from cosines', () => {
  it('finds the eigenpairs of a symmetric matrix', () => {
    const m = [
      [4, 1, 2],
      [1, 3, 0],
      [2, 0, 5],
    ];
    const { values, vectors } = symmetricEigen(m);
    for (let k = 0; k < 3; k++) {
      const v = vectors.map((r) => r[k]);
      const mv = m.map((r) => r.reduce((s, x, j) => s + x * v[j], 0));
      mv.forEach((x, i) => expect(x).toBeCloseTo(values[k] * v[i], 9));
    }
    expect(values.reduce((s, x) => s + x, 0)).toBeCloseTo(12, 9);
  });

  it('keeps the distances between unit vectors that span three dimensions', () => {
    const raw = [
      [1, 0, 0, 0],
      [0.6, 0.8, 0, 0],
      [0, 0.6, 0.8, 0],
      [0.2, 0.2, 0.2, 0.3],
      [-0.5, 0.1, 0.4, 0],
    ];
    const unit = raw.map((v) => {
      const n = Math.hypot(...v);
      return v.map((x) => x / n);
    });
    // projected to 3 of 4 dimensions the distances shrink a little, but never grow
    const { coords, explained } = layoutFromCosines(cosineMatrix(unit));
    const d3 = (i: number, j: number) =>
      Math.hypot(
        coords[i * 3] - coords[j * 3],
        coords[i * 3 + 1] - coords[j * 3 + 1],
        coords[i * 3 + 2] - coords[j * 3 + 2],
      );
    for (let i = 0; i < unit.length; i++)
      for (let j = 0; j < unit.length; j++) {
        const full = Math.hypot(...unit[i].map((x, k) => x - unit[j][k]));
        expect(d3(i, j)).toBeLessThanOrEqual(full + 1e-6);
      }
    expect(explained[0]).toBeGreaterThanOrEqual(explained[1]);
    expect(explained[1]).toBeGreaterThanOrEqual(explained[2]);
    expect(explained.reduce((s, x) => s + x, 0)).toBeLessThanOrEqual(1 + 1e-9);
  });

  it('is exact for vectors in three dimensions', () => {
    const unit = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [Math.SQRT1_2, Math.SQRT1_2, 0],
    ];
    const { coords } = layoutFromCosines(cosineMatrix(unit));
    for (let i = 0; i < 4; i++)
      for (let j = 0; j < 4; j++) {
        const want = Math.hypot(...unit[i].map((x, k) => x - unit[j][k]));
        const got = Math.hypot(
          coords[i * 3] - coords[j * 3],
          coords[i * 3 + 1] - coords[j * 3 + 1],
          coords[i * 3 + 2] - coords[j * 3 + 2],
        );
        expect(got).toBeCloseTo(want, 5);
      }
  });

  it('places one or two words without failing', () => {
    expect(Array.from(layoutFromCosines([[1]]).coords)).toEqual([0, 0, 0]);
    const two = layoutFromCosines([
      [1, 0],
      [0, 1],
    ]);
    expect(Math.abs(two.coords[0] - two.coords[3])).toBeCloseTo(Math.SQRT2, 5);
  });
});

describe('n-gram groups', () => {
  it('groups by length in characters, keeping buckets', () => {
    const groups = groupNgrams(['<añ', 'año', 'año>', 'ño>'], [1, 2, 3, 4]);
    expect(groups).toEqual([
      {
        n: 3,
        items: [
          { gram: '<añ', bucket: 1 },
          { gram: 'año', bucket: 2 },
          { gram: 'ño>', bucket: 4 },
        ],
      },
      { n: 4, items: [{ gram: 'año>', bucket: 3 }] },
    ]);
    expect(groupNgrams(['ab'])[0].items[0].bucket).toBeNull();
  });
});

describe('previewVector', () => {
  it('writes a long vector as the lecture does, a short one whole', () => {
    expect(previewVector([0.231, -0.19, 0.874, 0.1, 0.2, -0.559])).toBe('[0.23, -0.19, 0.87, 0.10, …, -0.56]');
    expect(previewVector([1, -0.001, 3], 4, 2)).toBe('[1.00, 0.00, 3.00]');
    expect(previewVector([])).toBe('[]');
  });
});
