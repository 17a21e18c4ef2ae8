import { describe, expect, it } from 'vitest';
import {
  contextLine,
  cosineMatrix,
  cosineTint,
  HEAT_FLOOR,
  heatOpacity,
  matrixMax,
  placePoints,
  shorten,
  splitSentences,
} from './encoder-math.ts';

describe('cosineMatrix', () => {
  it('is 1 on the diagonal, symmetric, and the textbook value off it', () => {
    const m = cosineMatrix([Float32Array.of(1, 0), Float32Array.of(1, 1), Float32Array.of(-2, 0)]);
    expect(m[0][0]).toBeCloseTo(1, 6);
    expect(m[0][1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(m[1][0]).toBeCloseTo(m[0][1]!, 12);
    expect(m[0][2]).toBeCloseTo(-1, 6);
    expect(m[1][2]).toBeCloseTo(-Math.SQRT1_2, 6);
  });

  it('leaves a zero vector out as null, and refuses vectors of different lengths', () => {
    const m = cosineMatrix([Float32Array.of(0, 0), Float32Array.of(1, 0)]);
    expect(m).toEqual([
      [null, null],
      [null, 1],
    ]);
    expect(() => cosineMatrix([Float32Array.of(1), Float32Array.of(1, 2)])).toThrow(/differ in length/);
    expect(cosineMatrix([])).toEqual([]);
  });
});

describe('heat scale', () => {
  it('runs from the floor at 0 to 1 at the largest weight', () => {
    expect(heatOpacity(0, 0.8)).toBe(HEAT_FLOOR);
    expect(heatOpacity(0.8, 0.8)).toBe(1);
    expect(heatOpacity(0.4, 0.8)).toBeCloseTo(HEAT_FLOOR + (1 - HEAT_FLOOR) / 2, 12);
  });

  it('clamps outside the scale and survives NaN and an empty scale', () => {
    expect(heatOpacity(2, 1)).toBe(1);
    expect(heatOpacity(-1, 1)).toBe(HEAT_FLOOR);
    expect(heatOpacity(Number.NaN, 1)).toBe(HEAT_FLOOR);
    expect(heatOpacity(0.5, 0)).toBe(HEAT_FLOOR);
  });

  it('finds the top of a matrix', () => {
    expect(
      matrixMax([
        [0.1, 0.7],
        [0.2, 0.3],
      ]),
    ).toBe(0.7);
    expect(matrixMax([])).toBe(0);
  });

  it('tints cosines by strength and sign', () => {
    expect(cosineTint(-0.25)).toEqual({ strength: 0.25, negative: true });
    expect(cosineTint(1.2)).toEqual({ strength: 1, negative: false });
    expect(cosineTint(null)).toBeNull();
    expect(cosineTint(Number.NaN)).toBeNull();
  });
});

describe('placePoints', () => {
  it('fits the cloud in the box with one scale on both axes, y upwards', () => {
    // 2 units wide, 1 tall, into 220×120 with pad 10: scale 100 (width limits)
    const p = placePoints(Float32Array.of(-1, 0, 1, 0, 0, 1), 2, 220, 120, 10);
    expect(p[0]).toEqual({ x: 10, y: 110 });
    expect(p[1]).toEqual({ x: 210, y: 110 });
    expect(p[2]).toEqual({ x: 110, y: 10 });
  });

  it('reads only the first two of 3D coordinates and centres a single point', () => {
    const p = placePoints(Float32Array.of(5, 5, 9), 3, 100, 100, 10);
    expect(p).toEqual([{ x: 50, y: 50 }]);
    expect(placePoints(new Float32Array(0), 2, 100, 100, 10)).toEqual([]);
  });

  it('spreads points along a line without dividing by zero', () => {
    const p = placePoints(Float32Array.of(0, 3, 2, 3), 2, 100, 100, 10);
    expect(p.map((q) => q.x)).toEqual([10, 90]);
    expect(p.every((q) => q.y === 50)).toBe(true);
  });
});

describe('text helpers', () => {
  it('splits sentences by line and drops blank ones', () => {
    expect(splitSentences(' a bank \n\n  money in the bank\r\n')).toEqual(['a bank', 'money in the bank']);
  });

  it('shortens long labels and makes a KWIC line', () => {
    expect(shorten('abcdef', 4)).toBe('abc…');
    expect(shorten('abc', 4)).toBe('abc');
    expect(contextLine({ left: ['a', 'b', 'c'], word: 'w', right: ['d', 'e', 'f'] }, 2)).toEqual({
      left: 'b c',
      word: 'w',
      right: 'd e',
    });
  });
});
