// The byte-level twin of tokenizeLine for lines that are pure ASCII, the bulk
// of most corpora. It finds the same words without decoding the line into a
// string, so a word already in the vocabulary costs no allocation at all.

const WORD_BYTE = new Uint8Array(256);
const LOWERCASE = new Uint8Array(256);
const SAME_CASE = new Uint8Array(256);
for (let byte = 0; byte < 256; byte++) {
  const upper = byte >= 0x41 && byte <= 0x5a;
  WORD_BYTE[byte] = upper || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x30 && byte <= 0x39) ? 1 : 0;
  LOWERCASE[byte] = upper ? byte + 0x20 : byte;
  SAME_CASE[byte] = byte;
}
const APOSTROPHE = 0x27;
const HYPHEN = 0x2d;

/** true when bytes[start, end) are all below 0x80 */
export function isAsciiRange(bytes: Uint8Array, start: number, end: number): boolean {
  let seen = 0;
  for (let i = start; i < end; i++) seen |= bytes[i];
  return seen < 0x80;
}

/**
 * Calls onWord(length) for each word of the ASCII bytes[start, end), after
 * copying the word, lowercased if asked, to word[0, length). `word` must be at
 * least end - start long; it is overwritten for every word.
 */
export function forEachAsciiWord(
  bytes: Uint8Array,
  start: number,
  end: number,
  lowercase: boolean,
  word: Uint8Array,
  onWord: (length: number) => void,
): void {
  const casing = lowercase ? LOWERCASE : SAME_CASE;
  let i = start;
  while (i < end) {
    if (WORD_BYTE[bytes[i]] === 0) {
      i++;
      continue;
    }
    let length = 0;
    for (;;) {
      while (i < end && WORD_BYTE[bytes[i]] === 1) word[length++] = casing[bytes[i++]];
      // an apostrophe or hyphen joins only when a letter or digit follows
      const byte = bytes[i];
      if (i + 1 >= end || (byte !== APOSTROPHE && byte !== HYPHEN) || WORD_BYTE[bytes[i + 1]] === 0) break;
      word[length++] = byte;
      i++;
    }
    onWord(length);
  }
}
