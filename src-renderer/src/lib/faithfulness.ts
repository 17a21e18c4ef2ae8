// When a map misleads: kNN recall@10 says how many of a word's true
// neighbours (in the original space) are also its neighbours on the map.

/** below this overall recall the whole picture is mostly not the space's neighbourhoods */
export const LOW_OVERALL_RECALL = 0.3;
/** below this, one word's neighbours on screen are mostly not its true neighbours */
export const LOW_WORD_RECALL = 0.2;

/** a short warning for the map as a whole, or null when it holds up */
export function overallWarning(recall: number | null | undefined): string | null {
  if (recall == null || !Number.isFinite(recall) || recall >= LOW_OVERALL_RECALL) return null;
  return 'Most words’ neighbours on this map are not their true neighbours: read clusters loosely, and check with the neighbour list.';
}

/** a short warning for the selected word, or null */
export function wordWarning(recall: number | null | undefined): string | null {
  if (recall == null || !Number.isFinite(recall) || recall >= LOW_WORD_RECALL) return null;
  return 'Its neighbours on screen are mostly not its true neighbours: trust the list, not the picture.';
}

/** a word's recall from the map's per-word array; null when it is not on the map */
export function recallOf(perWord: ArrayLike<number> | null | undefined, index: number): number | null {
  if (!perWord || index < 0 || index >= perWord.length) return null;
  const r = perWord[index];
  return Number.isFinite(r) ? r : null;
}

/** "7 of 10": recall as the count of true neighbours kept */
export function keptOf(recall: number, k: number): string {
  return `${Math.round(recall * k)} of ${k}`;
}
