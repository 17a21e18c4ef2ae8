import { describe, expect, test } from 'vitest';
import * as THREE from 'three';
import { ScreenGrid } from './pick-grid.ts';

// identity view-projection: clip = (x, y, z, 1), so screen x = (x + 1) * w/2 and y = (1 - y) * h/2
const IDENTITY = new THREE.Matrix4().elements;

function grid(xyz: number[], width = 200, height = 100, cell = 10, e: ArrayLike<number> = IDENTITY): ScreenGrid {
  const g = new ScreenGrid();
  g.build(new Float32Array(xyz), xyz.length / 3, e, width, height, cell);
  return g;
}

/** the scan the grid replaces: every point, the same tie rule */
function bruteNearest(xyz: Float32Array, e: ArrayLike<number>, w: number, h: number, x: number, y: number, r: number) {
  let best = -1;
  let bestD = r * r;
  let bestW = Infinity;
  for (let i = 0; i < xyz.length / 3; i++) {
    const [px, py, pz] = [xyz[i * 3], xyz[i * 3 + 1], xyz[i * 3 + 2]];
    const cw = e[3] * px + e[7] * py + e[11] * pz + e[15];
    if (!(cw > 0)) continue;
    const sx = ((e[0] * px + e[4] * py + e[8] * pz + e[12]) / cw + 1) * (w / 2);
    const sy = (1 - (e[1] * px + e[5] * py + e[9] * pz + e[13]) / cw) * (h / 2);
    const d = (sx - x) ** 2 + (sy - y) ** 2;
    if (d > r * r) continue;
    if (d < bestD - 1 || (d <= bestD + 1 && (cw < bestW || (cw === bestW && i < best)))) {
      best = i;
      bestD = d;
      bestW = cw;
    }
  }
  return best;
}

describe('ScreenGrid', () => {
  test('picks the nearest point within the radius, none beyond it', () => {
    // screen positions (100, 50), (150, 50), (100, 75)
    const g = grid([0, 0, 0, 0.5, 0, 0, 0, -0.5, 0]);
    expect(g.size).toBe(3);
    expect(g.nearest(103, 52, 10)).toBe(0);
    expect(g.nearest(146, 49, 10)).toBe(1);
    expect(g.nearest(100, 70, 10)).toBe(2);
    expect(g.nearest(125, 50, 10)).toBe(-1);
    expect(g.nearest(125, 50, 30)).toBe(0);
  });

  test('nothing to pick in an empty grid, or before any build', () => {
    expect(grid([]).nearest(100, 50, 10)).toBe(-1);
    expect(grid([]).size).toBe(0);
    expect(new ScreenGrid().nearest(0, 0, 10)).toBe(-1);
  });

  test('two points at the same place: the one nearer the camera wins', () => {
    const camera = new THREE.PerspectiveCamera(45, 2, 0.1, 100);
    camera.position.set(0, 0, 5);
    camera.updateMatrixWorld();
    const vp = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements;
    // both on the view axis, the second nearer; a third behind the camera is never picked
    const g = grid([0, 0, -2, 0, 0, 1, 0, 0, 8], 200, 100, 10, vp);
    expect(g.size).toBe(2);
    expect(g.nearest(100, 50, 10)).toBe(1);
  });

  test('a point just off the canvas is still found from the edge; far off, it is left out', () => {
    // screen x = -4 and x = -500
    const g = grid([-1.04, 0, 0, -6, 0, 0]);
    expect(g.size).toBe(1);
    expect(g.nearest(2, 50, 10)).toBe(0);
  });

  test('agrees with scanning every point (random points, perspective camera, many pointer places)', () => {
    let s = 12345;
    const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32) * 2 - 1;
    const n = 5000;
    const xyz = new Float32Array(n * 3).map(() => rand() * 3);
    const camera = new THREE.PerspectiveCamera(45, 640 / 480, 0.01, 100);
    camera.position.set(2, 1.5, 6);
    camera.lookAt(0, 0, 0);
    camera.updateMatrixWorld();
    const e = new THREE.Matrix4().multiplyMatrices(camera.projectionMatrix, camera.matrixWorldInverse).elements;
    const g = new ScreenGrid();
    g.build(xyz, n, e, 640, 480, 10);
    let found = 0;
    for (let k = 0; k < 400; k++) {
      const x = (rand() + 1) * 320;
      const y = (rand() + 1) * 240;
      const want = bruteNearest(xyz, e, 640, 480, x, y, 10);
      expect(g.nearest(x, y, 10)).toBe(want);
      if (want >= 0) found++;
    }
    expect(found).toBeGreaterThan(100);
  });

  test('rebuilding with fewer points forgets the old ones', () => {
    const g = new ScreenGrid();
    g.build(new Float32Array([0, 0, 0, 0.5, 0, 0]), 2, IDENTITY, 200, 100, 10);
    g.build(new Float32Array([0.5, 0, 0]), 1, IDENTITY, 200, 100, 10);
    expect(g.nearest(100, 50, 10)).toBe(-1);
    expect(g.nearest(150, 50, 10)).toBe(0);
  });
});
