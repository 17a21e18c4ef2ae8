// A few words' dense vectors and cosines from a run, as the lesson pages show
// them. A fastText run also has vectors for words it never saw, built from
// their character n-grams: `subwords` with the run gives those.
import type { LabApi } from '../../../../src-preload/contract.ts';
import { cosine } from './math.ts';

/** known: the run has a row; subword: a fastText run builds it from n-grams; unknown: no vector */
export type WordStatus = 'known' | 'subword' | 'unknown';

export interface DenseWords {
  run: string;
  dim: number;
  words: string[];
  status: WordStatus[];
  /** each word's vector; null for unknown words */
  vectors: (Float32Array | null)[];
  /** n × n cosines; null where either word has no vector */
  cosines: (number | null)[][];
}

export async function denseWords(lab: LabApi, run: string, words: readonly string[]): Promise<DenseWords> {
  if (words.length === 0) return { run, dim: 0, words: [], status: [], vectors: [], cosines: [] };
  const got = await lab.vectors({ run, words: [...words] });
  const rows = await Promise.all(
    words.map(async (w): Promise<[WordStatus, Float32Array | null]> => {
      const i = got.words.indexOf(w);
      if (i >= 0) return ['known', got.vectors.slice(i * got.dim, (i + 1) * got.dim)];
      try {
        const { vector } = await lab.subwords({ word: w, run });
        return vector ? ['subword', vector] : ['unknown', null];
      } catch {
        return ['unknown', null]; // e.g. two words in one box: no vector, said so beside it
      }
    }),
  );
  const vectors = rows.map(([, v]) => v);
  const cosines = vectors.map((a) => vectors.map((b) => (a && b ? cosine(a, b) : null)));
  return { run, dim: got.dim, words: [...words], status: rows.map(([s]) => s), vectors, cosines };
}
