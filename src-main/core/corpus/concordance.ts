// Keyword in context: the first occurrences of one word in a corpus's token
// file, each with the words around it. Reads the file in fixed chunks and stops
// once it has enough; memory is one chunk plus the lines it returns.
// `concordanceOffThread` runs the same scan in the 'kwic' worker, so a rare
// word in a huge corpus never blocks the caller, and can be cancelled.
import { abortError, runWorker } from '../workers.ts';
import { countTokens, SENTENCE_END, TokenReader } from './token-file.ts';

/** one occurrence: token ids before and after it, cut at sentence ends */
export interface ConcordanceHit {
  /** token index of the word in the file */
  position: number;
  /** up to `width` ids before the word, in reading order */
  left: number[];
  /** up to `width` ids after the word */
  right: number[];
}

export interface ConcordanceOptions {
  /** stop after this many occurrences */
  limit: number;
  /** words of context on each side */
  width: number;
  /** tokens per read */
  chunkTokens?: number;
}

const CHUNK_TOKENS = 64 * 1024;

/** what the 'kwic' worker is started with */
export interface KwicWorkerData extends ConcordanceOptions {
  file: string;
  wordId: number;
}

/**
 * Token files up to this size (8 MB) are scanned in the caller: a whole scan
 * takes about 8.5 ms per million tokens, a bundled worker ~65 ms to start
 * (both measured on a 2-core box; ~400 ms from a checkout, through tsx).
 */
export const IN_PROCESS_TOKENS = 2 << 20;

/**
 * `concordance` in the 'kwic' worker (or at once, for a file of at most
 * `inProcessTokens` tokens): the same hits. Rejects with an AbortError when
 * the signal aborts; the worker is terminated at once.
 */
export async function concordanceOffThread(
  file: string,
  wordId: number,
  opts: ConcordanceOptions & { signal?: AbortSignal; inProcessTokens?: number },
): Promise<ConcordanceHit[]> {
  const { signal, inProcessTokens = IN_PROCESS_TOKENS, ...scan } = opts;
  if (signal?.aborted) throw abortError();
  if (countTokens(file) <= inProcessTokens) return concordance(file, wordId, scan);
  const data: KwicWorkerData = { file, wordId, ...scan };
  return runWorker<never, ConcordanceHit[]>('kwic', data, { signal });
}

/** the first `limit` occurrences of `wordId` in the token file, with context that never crosses a sentence end */
export function concordance(file: string, wordId: number, opts: ConcordanceOptions): ConcordanceHit[] {
  const { limit, width } = opts;
  if (!Number.isInteger(width) || width < 0) throw new RangeError(`width must be a whole number, got ${width}`);
  const hits: ConcordanceHit[] = [];
  if (limit < 1) return hits;
  // the last `width` tokens of the current sentence
  const ring = new Uint32Array(Math.max(1, width));
  let ringStart = 0;
  let ringLength = 0;
  // hits still collecting their right context
  let open: ConcordanceHit[] = [];
  const reader = new TokenReader(file);
  try {
    const buffer = new Uint32Array(opts.chunkTokens ?? CHUNK_TOKENS);
    for (let position = 0; position < reader.count;) {
      const n = reader.read(position, buffer);
      for (let j = 0; j < n; j++) {
        const token = buffer[j];
        if (token === SENTENCE_END) {
          open = [];
          ringLength = 0;
        } else {
          if (open.length) {
            for (const hit of open) hit.right.push(token);
            if (open[0].right.length >= width) open = open.filter((h) => h.right.length < width);
          }
          if (token === wordId && hits.length < limit) {
            const left: number[] = [];
            for (let r = 0; r < ringLength; r++) left.push(ring[(ringStart + r) % ring.length]);
            const hit = { position: position + j, left, right: [] };
            hits.push(hit);
            if (width > 0) open.push(hit);
          }
          if (width > 0) {
            if (ringLength < width) ring[(ringStart + ringLength++) % width] = token;
            else {
              ring[ringStart] = token;
              ringStart = (ringStart + 1) % width;
            }
          }
        }
        if (hits.length >= limit && open.length === 0) return hits;
      }
      position += n;
    }
    return hits;
  } finally {
    reader.close();
  }
}
