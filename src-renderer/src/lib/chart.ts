// Scales and ticks for the small SVG charts.

export interface Point {
  x: number;
  y: number | null;
}

/** "nice" tick values (1, 2, 2.5, 5 × 10^k) covering [min, max] with about `count` steps */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max < min) [min, max] = [max, min];
  if (max === min) {
    const pad = Math.abs(min) > 0 ? Math.abs(min) * 0.1 : 1;
    min -= pad;
    max += pad;
  }
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const start = Math.floor(min / step + 1e-9) * step;
  const ticks: number[] = [];
  for (let v = start; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toPrecision(12)));
  if (ticks[ticks.length - 1] < max) ticks.push(Number((ticks[ticks.length - 1] + step).toPrecision(12)));
  return ticks;
}

/** the y range of the non-null points; `zero` includes 0 */
export function extent(points: readonly Point[], zero = false): [number, number] | null {
  let lo = zero ? 0 : Infinity;
  let hi = zero ? 0 : -Infinity;
  let any = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) continue;
    any = true;
    if (p.y < lo) lo = p.y;
    if (p.y > hi) hi = p.y;
  }
  return any ? [lo, hi] : null;
}

/** an SVG path through the points, broken where y is null */
export function linePath(points: readonly Point[], sx: (x: number) => number, sy: (y: number) => number): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (p.y === null || !Number.isFinite(p.y)) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx(p.x).toFixed(1)},${sy(p.y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/** index of the point whose x is nearest, points sorted by x; -1 when empty */
export function nearestByX(points: readonly Point[], x: number): number {
  if (points.length === 0) return -1;
  let lo = 0;
  let hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid].x < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[lo].x - x) <= Math.abs(points[hi].x - x) ? lo : hi;
}
