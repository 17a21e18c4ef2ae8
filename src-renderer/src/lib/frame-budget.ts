// How many points the map draws while the camera moves. A software renderer
// (SwiftShader) spends about a microsecond per point per frame, so 100,000
// points cost ~100 ms a frame; while the user orbits or zooms, the map draws
// only the most frequent words it can afford, and everything again once the
// camera stops. The count adapts to the frame times actually measured, so a
// real GPU draws every point while moving too.

export interface BudgetOptions {
  /** the frame time aimed at while moving, in ms */
  targetMs: number;
  /** never fewer points than this (when there are that many) */
  min: number;
  /** grow at most by this factor per adjustment: frame times lag a frame behind the count */
  maxGrow: number;
}

/** 30 frames a second: animation frames come in steps of 16.7 ms, so 33.3 ms is a level a frame can settle on */
export const MOVING_BUDGET: BudgetOptions = { targetMs: 33, min: 5000, maxGrow: 1.5 };

/** the count a first gesture starts from, before any frame was timed */
export const FIRST_GUESS = 25_000;

/** frames within this share of the target keep the count: quantised frame times would otherwise make it swing */
const BAND_LOW = 0.8;
const BAND_HIGH = 1.25;

/** the median of a few numbers (NaN for none) */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * The points to draw next frame, given the last frames' times (ms, each drawn
 * with `count` points or near it) and the points there are: shrink in
 * proportion when frames run over the target, grow (bounded) when under it,
 * keep the count inside the band. Always within [min(min, total), total].
 */
export function nextCount(
  frameMs: readonly number[],
  count: number,
  total: number,
  opts: BudgetOptions = MOVING_BUDGET,
): number {
  const floor = Math.min(opts.min, total);
  const clamp = (c: number) => Math.max(floor, Math.min(total, Math.round(c)));
  const m = median(frameMs.filter((x) => Number.isFinite(x) && x > 0));
  if (!(m > 0)) return clamp(count);
  const ratio = opts.targetMs / m;
  if (m > opts.targetMs * BAND_HIGH) return clamp(count * ratio);
  if (m < opts.targetMs * BAND_LOW) return clamp(count * Math.min(ratio, opts.maxGrow));
  return clamp(count);
}

/** the last few frame times of a gesture and the count they lead to; the count carries over to the next gesture */
export class FrameBudget {
  readonly #opts: BudgetOptions;
  readonly #times: number[] = [];
  #count: number;
  /** frames still to ignore after a change */
  #skip = 0;

  constructor(opts: BudgetOptions = MOVING_BUDGET, firstGuess = FIRST_GUESS) {
    this.#opts = opts;
    this.#count = firstGuess;
  }

  /** points to draw this frame out of `total` */
  count(total: number): number {
    return Math.max(Math.min(this.#opts.min, total), Math.min(total, this.#count));
  }

  /**
   * A moving frame took `ms` (from the frame before it, also moving). Two
   * frames at least decide a change; after one, the old times are dropped and
   * the next frame's too: a frame's time shows the count of the frame before it.
   */
  sample(ms: number, total: number): void {
    if (this.#skip > 0) {
      this.#skip--;
      return;
    }
    this.#times.push(ms);
    if (this.#times.length > 3) this.#times.shift();
    if (this.#times.length < 2) return;
    const now = this.count(total);
    const next = nextCount(this.#times, now, total, this.#opts);
    if (next === now) return;
    this.#count = next;
    this.#times.length = 0;
    this.#skip = 1;
  }

  /** the camera stopped: the next gesture times its own frames (the count stays) */
  rest(): void {
    this.#times.length = 0;
    this.#skip = 0;
  }
}
