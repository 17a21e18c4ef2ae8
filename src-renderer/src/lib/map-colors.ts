// How the map colours its words: by frequency (a shade per word from its
// corpus count) or by the user's word lists (one colour per list). Plain
// functions over typed arrays, kept apart from three.js so they are tested alone.

/** the most lists the map colours apart; words of further lists are ignored, and the panel says so */
export const MAX_GROUPS = 6;

export interface WordGroup {
  name: string;
  words: string[];
}

/**
 * A shade per word, 0 for the most frequent and 1 for the rarest, on a log
 * scale of the counts (Zipf: a linear one paints everything "rare"). Without
 * usable counts (a built-in set has none, or all are equal) the rank order
 * stands in: maps list the most frequent words first.
 */
export function frequencyShades(counts: ArrayLike<number>, n: number): Float32Array {
  const out = new Float32Array(n);
  if (n <= 1) return out;
  let lo = Infinity;
  let hi = -Infinity;
  let usable = counts.length >= n;
  for (let i = 0; usable && i < n; i++) {
    const c = counts[i];
    if (!(c > 0)) usable = false;
    else {
      lo = Math.min(lo, c);
      hi = Math.max(hi, c);
    }
  }
  if (usable && hi > lo) {
    const top = Math.log(hi);
    const span = top - Math.log(lo);
    for (let i = 0; i < n; i++) out[i] = (top - Math.log(counts[i])) / span;
    return out;
  }
  const last = Math.log1p(n - 1);
  for (let i = 0; i < n; i++) out[i] = Math.log1p(i) / last;
  return out;
}

/**
 * Word lists typed by the user, one per line: "animals: cat dog mouse" or just
 * "cat, dog, mouse" (named "list 1", "list 2"…). Words split on spaces and
 * commas; a word already in an earlier list stays there. Empty lines are skipped.
 */
export function parseWordGroups(text: string): WordGroup[] {
  const groups: WordGroup[] = [];
  const seen = new Set<string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    const named = colon > 0 && !/\s/.test(line.slice(0, colon).trim()) ? line.slice(0, colon).trim() : '';
    const words = parseWordList(named ? line.slice(colon + 1) : line).filter((w) => {
      if (seen.has(w)) return false;
      seen.add(w);
      return true;
    });
    if (words.length === 0) continue;
    groups.push({ name: named || `list ${groups.length + 1}`, words });
  }
  return groups;
}

/** words separated by spaces or commas, each once, in order */
export function parseWordList(text: string): string[] {
  return [...new Set(text.split(/[\s,;]+/u).filter((w) => w.length > 0))];
}

/** for each map word, the index of the (first MAX_GROUPS) group holding it, or -1 */
export function groupOf(words: readonly string[], groups: readonly WordGroup[]): Int8Array {
  const out = new Int8Array(words.length).fill(-1);
  const where = new Map<string, number>();
  groups.slice(0, MAX_GROUPS).forEach((g, gi) => g.words.forEach((w) => where.set(w, gi)));
  for (let i = 0; i < words.length; i++) out[i] = where.get(words[i]) ?? -1;
  return out;
}

/** how many of each group's words are on the map */
export function groupCounts(group: Int8Array, groups: number): number[] {
  const counts = Array.from({ length: groups }, () => 0);
  for (const g of group) if (g >= 0 && g < groups) counts[g]++;
  return counts;
}

/** each map word's cluster as a group index; words beyond the clustered ones get -1 */
export function clusterGroups(words: number, labels: readonly number[]): Int8Array {
  const out = new Int8Array(words).fill(-1);
  for (let i = 0; i < Math.min(words, labels.length); i++) out[i] = labels[i];
  return out;
}

/** a cluster's legend name: its number and the words nearest its centre */
export function clusterName(index: number, exemplars: readonly string[]): string {
  return `${index + 1}: ${exemplars.slice(0, 3).join(', ')}`;
}
