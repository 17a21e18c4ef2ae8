// The texts a corpus is encoded as: its sentences, or chunks of about
// `chunkWords` words that run across sentence ends. The corpus keeps token ids,
// not its raw text, so a unit is its words joined by spaces (lowercased when the
// corpus was imported lowercased; a BERT "uncased" model lowercases anyway).
// Repeated texts become one unit with a count, as a vocabulary does.
import { readTokens, SENTENCE_END } from '../corpus/token-file.ts';

export type CorpusUnit = 'sentence' | 'chunk';

export interface UnitTexts {
  texts: string[];
  counts: number[];
  /** sentences or chunks read before de-duplication */
  read: number;
}

export interface UnitOptions {
  unit: CorpusUnit;
  /** stop after this many distinct texts */
  limit: number;
  /** words per chunk */
  chunkWords?: number;
  /** units shorter than this many words are left out (one-word lines are headings and noise) */
  minWords?: number;
}

export function corpusUnits(tokenFile: string, words: string[], opts: UnitOptions): UnitTexts {
  const chunkWords = opts.chunkWords ?? 100;
  const minWords = opts.minWords ?? 3;
  const index = new Map<string, number>();
  const texts: string[] = [];
  const counts: number[] = [];
  let read = 0;
  let current: string[] = [];
  const flush = () => {
    if (current.length >= minWords) {
      read++;
      const text = current.join(' ');
      const at = index.get(text);
      if (at !== undefined) counts[at]++;
      else if (texts.length < opts.limit) {
        index.set(text, texts.length);
        texts.push(text);
        counts.push(1);
      }
    }
    current = [];
  };
  const full = () => texts.length >= opts.limit;
  readTokens(tokenFile, 0, Number.MAX_SAFE_INTEGER, (tokens) => {
    if (full()) return;
    for (let i = 0; i < tokens.length && !full(); i++) {
      const id = tokens[i];
      if (id === SENTENCE_END) {
        if (opts.unit === 'sentence') flush();
        continue;
      }
      current.push(words[id]);
      if (opts.unit === 'chunk' && current.length >= chunkWords) flush();
    }
  });
  if (!full()) flush();
  return { texts, counts, read };
}
