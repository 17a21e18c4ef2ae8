// A word in its contexts: occurrences of one word in a corpus, each a window of
// words around it, and the word's contextual vector in each (the mean of its
// WordPiece tokens' last hidden states). Occurrences are a seeded reservoir
// sample over the whole corpus, so a word's senses from every part of it show.
import { readTokens, SENTENCE_END } from '../corpus/token-file.ts';
import { Xoshiro128 } from '../train/random.ts';
import type { Encoder } from './encoder.ts';

export interface Occurrence {
  left: string[];
  word: string;
  right: string[];
}

/** words kept each side of the occurrence: the window fits a 128-token model with room to spare */
const SIDE_WORDS = 40;

/** up to `limit` occurrences of corpus word `id`, spread over the corpus (reservoir sampling, seeded) */
export function sampleOccurrences(
  tokenFile: string,
  words: string[],
  id: number,
  limit: number,
  seed = 1,
): { occurrences: Occurrence[]; total: number } {
  const rng = new Xoshiro128(seed);
  const kept: Occurrence[] = [];
  let total = 0;
  let sentence: number[] = [];
  const endSentence = () => {
    for (let i = 0; i < sentence.length; i++) {
      if (sentence[i] !== id) continue;
      total++;
      const slot = total <= limit ? total - 1 : Math.floor(rng.nextFloat() * total);
      if (slot < limit) kept[slot] = occurrenceAt(sentence, i, words);
    }
    sentence = [];
  };
  readTokens(tokenFile, 0, Number.MAX_SAFE_INTEGER, (tokens) => {
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i] === SENTENCE_END) endSentence();
      else sentence.push(tokens[i]);
    }
  });
  endSentence();
  return { occurrences: kept, total };
}

function occurrenceAt(sentence: number[], i: number, words: string[]): Occurrence {
  const text = (from: number, to: number) => sentence.slice(from, to).map((t) => words[t]);
  return {
    left: text(Math.max(0, i - SIDE_WORDS), i),
    word: words[sentence[i]],
    right: text(i + 1, Math.min(sentence.length, i + 1 + SIDE_WORDS)),
  };
}

/**
 * The word's vector in each context: the mean of its tokens' vectors. Its
 * tokens start after [CLS] and the left context's tokens (WordPiece splits
 * each space-separated word on its own, so counting the left side's tokens finds it).
 * null where the model's length cut the text before the word.
 */
export async function contextualVectors(
  enc: Encoder,
  occurrences: Occurrence[],
  signal?: AbortSignal,
): Promise<(Float32Array | null)[]> {
  const texts = occurrences.map((o) => [...o.left, o.word, ...o.right].join(' '));
  const out = await enc.encode(texts, { tokenVectors: true, pooling: 'mean', normalize: false, signal });
  const dim = enc.folder.hiddenSize;
  return occurrences.map((o, i) => {
    const start = o.left.length ? piecesOf(enc, o.left.join(' ')) + 1 : 1;
    const count = piecesOf(enc, o.word);
    const rows = out.tokenVectors![i];
    // the window was cut before the word: nothing of it to take
    if (start + count > rows.length - 1) return null;
    const v = new Float32Array(dim);
    for (let t = start; t < start + count; t++) for (let d = 0; d < dim; d++) v[d] += rows[t][d] / count;
    return v;
  });
}

/** WordPiece tokens of a text without the special tokens */
function piecesOf(enc: Encoder, text: string): number {
  const withSpecials = enc.tokenize(text).ids.length;
  return withSpecials - enc.tokenize('').ids.length;
}
