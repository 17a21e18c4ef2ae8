import { expect, test } from 'vitest';
import { analogyOf, errorColumns, offsetCosine, offsetLength } from './arithmetic.ts';

test('a − b + c in any order; anything else is no analogy', () => {
  const t = (...pairs: [string, number][]) => pairs.map(([word, weight]) => ({ word, weight }));
  expect(analogyOf(t(['king', 1], ['man', -1], ['woman', 1]))).toEqual({ a: 'king', b: 'man', c: 'woman' });
  expect(analogyOf(t(['man', -1], ['king', 1], ['woman', 1]))).toEqual({ a: 'king', b: 'man', c: 'woman' });
  expect(analogyOf(t(['king', 1], ['man', -1]))).toBeNull();
  expect(analogyOf(t(['a', 0.5], ['b', 0.5], ['c', -1]))).toBeNull();
  expect(analogyOf(t(['a', 1], ['b', 1], ['c', 1]))).toBeNull();
});

test('the columns an error names', () => {
  expect(errorColumns('unknown words: "kingg" (column 1), "wman" (column 15)')).toEqual([1, 15]);
  expect(errorColumns('the expression adds up to the zero vector: its terms cancel out')).toEqual([]);
  expect(errorColumns(null)).toEqual([]);
});

test('cos(a − b, d − c): 1 for a true parallelogram, on stored or unit vectors as asked', () => {
  const king = [-1, 0.8, 1];
  const man = [-1, 0.7, 0];
  const woman = [1, 0.7, 0];
  const queen = [1, 0.8, 1];
  expect(offsetCosine(king, man, woman, queen, false)).toBeCloseTo(1, 12);
  expect(offsetLength(king, man, false)).toBeCloseTo(Math.hypot(0.1, 1), 12);
  // on unit vectors the lecture's sides are no longer parallel (the axes have unequal scales)
  expect(offsetCosine(king, man, woman, queen, true)).toBeCloseTo(0.8055, 4);
  // and where only the lengths differ, scaling to unit length makes them parallel
  expect(offsetCosine([2, 0], [0, 1], [0, 1], [1, 0], false)).toBeCloseTo(3 / Math.sqrt(10), 12);
  expect(offsetCosine([2, 0], [0, 1], [0, 1], [1, 0], true)).toBeCloseTo(1, 12);
  // an answer off the parallelogram
  expect(offsetCosine([1, 0], [0, 0], [0, 1], [0, 2], false)).toBeCloseTo(0, 12);
  expect(offsetCosine([1, 0], [0, 0], [0, 1], [-1, 1], false)).toBeCloseTo(-1, 12);
});
