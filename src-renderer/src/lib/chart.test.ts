import { expect, test } from 'vitest';
import { extent, linePath, nearestByX, niceTicks } from './chart.ts';

test('niceTicks covers the range with round steps', () => {
  expect(niceTicks(0, 10, 5)).toEqual([0, 2, 4, 6, 8, 10]);
  expect(niceTicks(2.13, 4.87, 4)).toEqual([2, 3, 4, 5]);
  expect(niceTicks(2.13, 4.87, 8)).toEqual([2, 2.5, 3, 3.5, 4, 4.5, 5]);
  expect(niceTicks(0, 1234, 4)).toEqual([0, 500, 1000, 1500]);
  expect(niceTicks(5, 5, 4)).toEqual([4.5, 4.75, 5, 5.25, 5.5]);
  expect(niceTicks(NaN, 1)).toEqual([]);
});

test('extent skips nulls; zero includes 0', () => {
  const pts = [
    { x: 0, y: 3 },
    { x: 1, y: null },
    { x: 2, y: 5 },
  ];
  expect(extent(pts)).toEqual([3, 5]);
  expect(extent(pts, true)).toEqual([0, 5]);
  expect(extent([{ x: 0, y: null }])).toBeNull();
});

test('linePath breaks at nulls', () => {
  const pts = [
    { x: 0, y: 1 },
    { x: 1, y: 2 },
    { x: 2, y: null },
    { x: 3, y: 4 },
  ];
  expect(
    linePath(
      pts,
      (x) => x * 10,
      (y) => y,
    ),
  ).toBe('M0.0,1.0L10.0,2.0M30.0,4.0');
});

test('nearestByX', () => {
  const pts = [0, 1, 2, 5].map((x) => ({ x, y: x }));
  expect(nearestByX(pts, -3)).toBe(0);
  expect(nearestByX(pts, 1.4)).toBe(1);
  expect(nearestByX(pts, 3.6)).toBe(3);
  expect(nearestByX(pts, 99)).toBe(3);
  expect(nearestByX([], 1)).toBe(-1);
});
