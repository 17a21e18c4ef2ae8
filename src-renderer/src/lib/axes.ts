// Custom map axes as the Explore form holds them: one text per axis
// ("he, man -> she, woman"), parsed with the CLI's parser, completed word by
// word, and the warning when two axes lean on each other.
import { axisText, parseAxis, type AxisWords } from '../../../src-preload/axis-text.ts';

export type { AxisWords };

export const AXIS_NAMES = ['x', 'y', 'z'] as const;
/** above this |cosine| between two axes, distances on the map are skewed enough to say so */
export const OVERLAP_WARNING = 0.5;

export interface ParsedAxes {
  /** every axis asked for, or null when one of them is not valid */
  axes: AxisWords[] | null;
  /** per axis, what is wrong with its text, or null */
  errors: (string | null)[];
}

/** the first `dims` axis texts, parsed */
export function parseAxes(texts: readonly string[], dims: 2 | 3): ParsedAxes {
  const axes: AxisWords[] = [];
  const errors: (string | null)[] = [];
  for (let i = 0; i < dims; i++) {
    try {
      axes.push(parseAxis(texts[i] ?? ''));
      errors.push(null);
    } catch (e) {
      errors.push((e as Error).message);
    }
  }
  return { axes: errors.every((e) => e === null) ? axes : null, errors };
}

/** the axes in a canonical spelling, so "man->woman" and "man -> woman" are one layout; null when not valid */
export function axesKey(texts: readonly string[], dims: 2 | 3): string | null {
  const { axes } = parseAxes(texts, dims);
  return axes ? axes.map(axisText).join(' | ') : null;
}

/** the word being typed at the end of an axis text, and the text before it */
export function lastWord(text: string): { head: string; prefix: string } {
  const m = /^(.*[\s,:>→])?([^\s,:>→]*)$/su.exec(text);
  return { head: m?.[1] ?? '', prefix: m?.[2] ?? text };
}

/** completions of the word being typed, each as the whole text the box would then hold */
export async function completeAxis(text: string, complete: (prefix: string) => Promise<string[]>): Promise<string[]> {
  const { head, prefix } = lastWord(text);
  if (!prefix) return [];
  return (await complete(prefix)).map((word) => head + word);
}

export interface Overlap {
  a: number;
  b: number;
  cosine: number;
}

/** pairs of axes whose directions have |cosine| above OVERLAP_WARNING */
export function overlaps(cosines: readonly (readonly number[])[]): Overlap[] {
  const out: Overlap[] = [];
  for (let a = 0; a < cosines.length; a++)
    for (let b = a + 1; b < cosines.length; b++)
      if (Math.abs(cosines[a][b]) > OVERLAP_WARNING) out.push({ a, b, cosine: cosines[a][b] });
  return out;
}
