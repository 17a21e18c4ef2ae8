import { describe, expect, it } from 'vitest';
import { alignLayout } from '../../../src-main/core/project/layout-align.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

function layout(rows: number, seed: number): Float32Array {
  const random = new Xoshiro128(seed, 0);
  // spread more along x than y, as a PCA layout is
  return Float32Array.from({ length: rows * 2 }, (_, i) => (random.nextFloat() - 0.5) * (i % 2 ? 1 : 3));
}

function transform(coords: Float32Array, r: [number, number, number, number]): Float32Array {
  const out = new Float32Array(coords.length);
  for (let i = 0; i < coords.length; i += 2) {
    out[i] = coords[i] * r[0] + coords[i + 1] * r[2];
    out[i + 1] = coords[i] * r[1] + coords[i + 1] * r[3];
  }
  return out;
}

describe('alignLayout', () => {
  const previous = layout(200, 1);

  it.each([
    ['x flipped', [-1, 0, 0, 1]],
    ['y flipped', [1, 0, 0, -1]],
    ['both flipped', [-1, 0, 0, -1]],
    ['axes swapped', [0, 1, 1, 0]],
    ['turned 37 degrees', [Math.cos(0.65), Math.sin(0.65), -Math.sin(0.65), Math.cos(0.65)]],
  ] as [string, [number, number, number, number]][])('turns a layout with its %s back', (_, r) => {
    const moved = transform(previous, r);
    alignLayout(moved, previous, 200);
    for (let i = 0; i < moved.length; i++) expect(moved[i]).toBeCloseTo(previous[i], 5);
  });

  it('aligns on the shared first rows only and moves the rest with them', () => {
    const flipped = transform(previous, [-1, 0, 0, 1]);
    // the last 50 points of the new layout are elsewhere entirely: they must not steer the turn
    const noisy = flipped.slice();
    noisy.set(
      layout(50, 9).map((v) => v * 10),
      300,
    );
    const r = alignLayout(noisy, previous, 150);
    expect(r.map((v) => Math.round(v * 1e6) / 1e6)).toEqual([-1, 0, 0, 1]);
    expect(noisy[300]).toBeCloseTo(-layout(50, 9)[0] * 10, 4);
  });

  it('leaves an already aligned layout as it is, with a little noise added', () => {
    const random = new Xoshiro128(3, 0);
    const noisy = previous.map((v) => v + (random.nextFloat() - 0.5) * 0.01);
    const before = noisy.slice();
    alignLayout(noisy, previous, 200);
    for (let i = 0; i < noisy.length; i++) expect(noisy[i]).toBeCloseTo(before[i], 2);
  });

  it('refuses more rows than the layouts have', () => {
    expect(() => alignLayout(new Float32Array(4), new Float32Array(6), 3)).toThrow(RangeError);
  });
});
