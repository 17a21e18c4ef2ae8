// The watch panel's arithmetic, kept apart from Svelte so it can be tested:
// reading the words typed, which neighbours are new since the last frame,
// and the points between two frames as the map animates.
import type { TrainWatchFrame } from '../../../src-preload/contract.ts';

export const MAX_WATCHED = 12;

/** "king, queen  war" → ['king', 'queen', 'war']: commas or spaces, repeats dropped, at most 12 */
export function parseWatchWords(text: string): string[] {
  const words = text
    .split(/[\s,]+/u)
    .map((w) => w.trim())
    .filter(Boolean);
  return [...new Set(words)].slice(0, MAX_WATCHED);
}

/** per watched word, the neighbours that were not in its list in the previous frame (none for the first frame) */
export function enteredNeighbors(
  frame: TrainWatchFrame | null,
  previous: TrainWatchFrame | null,
): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  if (!frame) return out;
  for (const { word, neighbors } of frame.neighbors) {
    const before = previous?.neighbors.find((n) => n.word === word);
    const had = new Set(before?.neighbors.map((s) => s.word) ?? neighbors.map((s) => s.word));
    out.set(word, new Set(neighbors.map((s) => s.word).filter((w) => !had.has(w))));
  }
  return out;
}

/**
 * Where each of `to`'s words starts its move: its place in `from` (matched by
 * word, since the watched words may change between frames), or its new place
 * when `from` does not have it.
 */
export function startingPoints(
  from: { words: string[]; coords: Float32Array } | null,
  to: TrainWatchFrame,
): Float32Array {
  const out = to.coords.slice();
  if (!from) return out;
  const at = new Map(from.words.map((w, i) => [w, i]));
  to.words.forEach((w, i) => {
    const j = at.get(w);
    if (j === undefined) return;
    out[i * 2] = from.coords[j * 2];
    out[i * 2 + 1] = from.coords[j * 2 + 1];
  });
  return out;
}

/** from + (to - from) * eased t, into out (no allocation per animation frame) */
export function tweenPoints(from: Float32Array, to: Float32Array, t: number, out: Float32Array): Float32Array {
  const e = t >= 1 ? 1 : t <= 0 ? 0 : 1 - (1 - t) ** 3;
  for (let i = 0; i < out.length; i++) out[i] = from[i] + (to[i] - from[i]) * e;
  return out;
}

export interface Box {
  minX: number;
  minY: number;
  width: number;
  height: number;
}

/** the points' bounds with a margin; a degenerate box gets a unit size */
export function boundsOf(coords: Float32Array, margin = 0.06): Box {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < coords.length; i += 2) {
    const x = coords[i];
    const y = coords[i + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) return { minX: -1, minY: -1, width: 2, height: 2 };
  const w = Math.max(maxX - minX, 1e-9);
  const h = Math.max(maxY - minY, 1e-9);
  return {
    minX: minX - w * margin,
    minY: minY - h * margin,
    width: w * (1 + 2 * margin),
    height: h * (1 + 2 * margin),
  };
}
