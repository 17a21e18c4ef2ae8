// Pure helpers of the Encoder view: cosine matrices of returned vectors, the
// heatmap's colour scale, and the context cloud's placement on screen.

/** cosine of every pair of vectors, row-major n×n; a zero vector's row and column are null */
export function cosineMatrix(vectors: readonly Float32Array[]): (number | null)[][] {
  const norms = vectors.map((v) => Math.sqrt(dot(v, v)));
  return vectors.map((a, i) =>
    vectors.map((b, j) => {
      if (a.length !== b.length) throw new Error(`vectors ${i} and ${j} differ in length (${a.length}, ${b.length})`);
      const d = norms[i] * norms[j];
      return d === 0 ? null : clamp(dot(a, b) / d, -1, 1);
    }),
  );
}

function dot(a: Float32Array, b: Float32Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

/** the floor of the heat scale: a weight of 0 is still a visible cell */
export const HEAT_FLOOR = 0.04;

/**
 * A cell's opacity for weight w on a scale whose top is `max` (the largest
 * weight shown): linear from HEAT_FLOOR at 0 to 1 at max; NaN or a max of 0
 * gives the floor, so an empty scale draws faint cells, not none.
 */
export function heatOpacity(w: number, max: number): number {
  if (!(max > 0) || !Number.isFinite(w)) return HEAT_FLOOR;
  return HEAT_FLOOR + (1 - HEAT_FLOOR) * clamp(w / max, 0, 1);
}

/** the largest entry of a matrix; 0 for an empty one */
export function matrixMax(rows: readonly (readonly number[])[]): number {
  let max = 0;
  for (const row of rows) for (const x of row) if (x > max) max = x;
  return max;
}

/** a cosine's tint: its strength 0..1 and its sign (positive and negative draw in different colours) */
export function cosineTint(x: number | null): { strength: number; negative: boolean } | null {
  if (x === null || !Number.isFinite(x)) return null;
  return { strength: clamp(Math.abs(x), 0, 1), negative: x < 0 };
}

export interface Placed {
  x: number;
  y: number;
}

/**
 * The first two coordinates of each point (stride `dims`) fitted into a
 * width×height box with `pad` on every side, the same scale on both axes so
 * the cloud's shape is kept; y grows upwards as on a plot. One point, or all
 * points equal, sit in the middle.
 */
export function placePoints(coords: Float32Array, dims: number, width: number, height: number, pad: number): Placed[] {
  const n = Math.floor(coords.length / dims);
  if (n === 0) return [];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    const x = coords[i * dims];
    const y = coords[i * dims + 1];
    minX = Math.min(minX, x);
    maxX = Math.max(maxX, x);
    minY = Math.min(minY, y);
    maxY = Math.max(maxY, y);
  }
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const span = Math.max(spanX, spanY);
  const scale = span > 0 ? Math.min((width - 2 * pad) / (spanX || span), (height - 2 * pad) / (spanY || span)) : 0;
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  const out: Placed[] = [];
  for (let i = 0; i < n; i++) {
    out.push({
      x: width / 2 + (coords[i * dims] - cx) * scale,
      y: height / 2 - (coords[i * dims + 1] - cy) * scale,
    });
  }
  return out;
}

/** the sentences of a text box: one per non-blank line, trimmed */
export function splitSentences(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** a long text cut to `max` characters with an ellipsis, for labels */
export function shorten(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, Math.max(1, max - 1))}…` : text;
}

/** a keyword-in-context line from an occurrence: the last `width` words before, the first `width` after */
export function contextLine(
  o: { left: readonly string[]; word: string; right: readonly string[] },
  width = 8,
): { left: string; word: string; right: string } {
  return { left: o.left.slice(-width).join(' '), word: o.word, right: o.right.slice(0, width).join(' ') };
}
