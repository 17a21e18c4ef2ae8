// Custom axes on the lecture's hand-made coordinates (gender, age, royalty):
// every number below is worked out by hand from that table.
import { describe, expect, it } from 'vitest';
import { axisCoordinates, axisDirections, axisLabel, type AxisSpec } from '../../../src-main/core/project/axes.ts';
import { computeProjection } from '../../../src-main/core/project/project.ts';
import { lectureVectorSet } from '../../../src-main/core/vectors/lecture.ts';

const set = lectureVectorSet();
const lookup = (w: string) => (set.has(w) ? set.vectorOf(w) : null);
const words = set.words;
const males = ['man', 'boy', 'king', 'prince'];

function coordsOf(axes: AxisSpec[]): Map<string, number[]> {
  const { directions } = axisDirections(axes, set.dim, lookup);
  const coords = axisCoordinates(set.data, set.size, set.dim, directions, axes.length);
  return new Map(words.map((w, i) => [w, Array.from(coords.subarray(i * axes.length, (i + 1) * axes.length))]));
}

describe('axisDirections and axisCoordinates', () => {
  it('man → woman is the gender axis: each word at gender / |v|, every man left of every woman', () => {
    const { directions, cosines, maxOverlap } = axisDirections(
      [
        { from: ['man'], to: ['woman'] },
        { from: ['boy'], to: ['king'] },
      ],
      3,
      lookup,
    );
    // woman - man = [8, 0, 0]; king - boy = [0, 6, 7] / √85
    expect(Array.from(directions.subarray(0, 3))).toEqual([1, 0, 0]);
    expect(directions[4]).toBeCloseTo(6 / Math.sqrt(85), 6);
    expect(directions[5]).toBeCloseTo(7 / Math.sqrt(85), 6);
    expect(cosines).toEqual([
      [1, 0],
      [0, 1],
    ]);
    expect(maxOverlap).toBe(0);

    const at = coordsOf([
      { from: ['man'], to: ['woman'] },
      { from: ['boy'], to: ['king'] },
    ]);
    const x = (w: string) => at.get(w)![0];
    expect(x('man')).toBeCloseTo(1 / Math.sqrt(51), 6); // [1, 7, 1]
    expect(x('woman')).toBeCloseTo(9 / Math.sqrt(131), 6); // [9, 7, 1]
    expect(x('boy')).toBeCloseTo(1 / Math.sqrt(6), 6);
    expect(x('girl')).toBeCloseTo(9 / Math.sqrt(86), 6);
    expect(x('queen')).toBeCloseTo(9 / Math.sqrt(194), 6);
    const maleMax = Math.max(...males.map(x));
    const femaleMin = Math.min(...words.filter((w) => !males.includes(w)).map(x));
    expect(maleMax).toBeCloseTo(0.408248, 5); // boy
    expect(femaleMin).toBeCloseTo(0.646162, 5); // queen
    // y of man: (7*6 + 1*7) / (√51 √85)
    expect(at.get('man')![1]).toBeCloseTo(49 / Math.sqrt(51 * 85), 6);
  });

  it('averages word lists: man, boy → woman, girl is the same gender axis', () => {
    const lists = coordsOf([
      { from: ['man', 'boy'], to: ['woman', 'girl'] },
      { from: ['boy'], to: ['king'] },
    ]);
    const pair = coordsOf([
      { from: ['man'], to: ['woman'] },
      { from: ['boy'], to: ['king'] },
    ]);
    for (const w of words) expect(lists.get(w)![0]).toBeCloseTo(pair.get(w)![0], 6);
  });

  it('one word is the direction toward it (its cosine); a lone "from" side points away', () => {
    const at = coordsOf([
      { from: [], to: ['king'] },
      { from: ['king'], to: [] },
    ]);
    expect(at.get('king')![0]).toBeCloseTo(1, 6);
    expect(at.get('king')![1]).toBeCloseTo(-1, 6);
    // cos(queen, king) = (9 + 56 + 64) / (√194 √129)
    expect(at.get('queen')![0]).toBeCloseTo(129 / Math.sqrt(194 * 129), 6);
  });

  it('reports the cosine between non-orthogonal axes: man → queen leans on man → woman by 8/√113', () => {
    const { cosines, maxOverlap } = axisDirections(
      [
        { from: ['man'], to: ['woman'] },
        { from: ['man'], to: ['queen'] },
        { from: ['boy'], to: ['man'] },
      ],
      3,
      lookup,
    );
    expect(cosines[0][1]).toBeCloseTo(8 / Math.sqrt(113), 6);
    expect(cosines[1][0]).toBeCloseTo(cosines[0][1], 12);
    // man - boy = [0, 5, 0]: orthogonal to gender, 0 / √113 against [8, 0, 7]
    expect(cosines[0][2]).toBeCloseTo(0, 6);
    expect(cosines[1][2]).toBeCloseTo(0, 6);
    expect(maxOverlap).toBeCloseTo(0.752577, 5);
  });

  it('names every unknown word, and an axis with no direction', () => {
    const axes = [
      { from: ['man'], to: ['dog'] },
      { from: ['cat'], to: ['king', 'dog'] },
    ];
    expect(() => axisDirections(axes, 3, lookup)).toThrow('unknown words: "dog", "cat" (in the axes)');
    expect(() => axisDirections(axes, 3, lookup)).toThrow(expect.objectContaining({ name: 'UnknownWordError' }));
    expect(() =>
      axisDirections(
        [
          { from: ['man'], to: ['woman'] },
          { from: ['king'], to: ['king'] },
        ],
        3,
        lookup,
      ),
    ).toThrow('axis y (king → king) has no direction: both sides have the same vector');
    expect(() => axisDirections([{ from: [], to: [] }], 3, lookup)).toThrow('axis x has no words');
  });

  it('puts a zero row at the origin and checks shapes', () => {
    const dirs = new Float32Array([1, 0, 0, 0, 1, 0]);
    expect(axisCoordinates(new Float32Array([0, 0, 0, 3, 4, 0]), 2, 3, dirs, 2)).toEqual(
      new Float32Array([0, 0, 0.6, 0.8]),
    );
    expect(() => axisCoordinates(new Float32Array(5), 2, 3, dirs, 2)).toThrow(/needs 6 floats/);
    expect(() => axisCoordinates(new Float32Array(6), 2, 3, dirs, 3)).toThrow(/need 9 floats, got 6/);
  });

  it('labels an axis as typed', () => {
    expect(axisLabel({ from: ['he', 'man'], to: ['she', 'woman'] })).toBe('he, man → she, woman');
    expect(axisLabel({ from: [], to: ['king'] })).toBe('king');
    expect(axisLabel({ from: ['king'], to: [] })).toBe('−king');
  });
});

describe('computeProjection with custom axes', () => {
  it('gives the axis coordinates and the same kind of faithfulness as PCA', () => {
    const { directions } = axisDirections(
      [
        { from: ['man'], to: ['woman'] },
        { from: ['boy'], to: ['king'] },
      ],
      3,
      lookup,
    );
    const base = {
      data: set.data,
      rows: 8,
      dim: 3,
      dims: 2,
      metric: 'cosine',
      neighbors: 15,
      minDist: 0.1,
      seed: 1,
    } as const;
    const out = computeProjection({ ...base, method: 'axes', directions });
    expect(out.coords).toEqual(axisCoordinates(set.data, 8, 3, directions, 2));
    expect(out.explained).toEqual([]);
    expect(out.recall.k).toBe(7);
    expect(out.recall.exact).toBe(true);
    expect(out.recall.perRow).toHaveLength(8);
    expect(out.recall.mean).toBeGreaterThan(0);
    expect(out.recall.mean).toBeLessThanOrEqual(1);
    expect(() => computeProjection({ ...base, method: 'axes' })).toThrow('project: method axes needs directions');
  });
});
