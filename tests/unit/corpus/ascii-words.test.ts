import { describe, expect, it } from 'vitest';
import { forEachAsciiWord, isAsciiRange } from '../../../src-main/core/corpus/ascii-words.ts';
import { tokenizeLine } from '../../../src-main/core/corpus/tokenize.ts';

function asciiWords(line: string, lowercase: boolean): string[] {
  const bytes = Buffer.from(`##${line}##`, 'latin1');
  const word = Buffer.alloc(bytes.length);
  const words: string[] = [];
  forEachAsciiWord(bytes, 2, bytes.length - 2, lowercase, word, (length) =>
    words.push(word.toString('latin1', 0, length)),
  );
  return words;
}

describe('forEachAsciiWord', () => {
  it('finds the words tokenizeLine finds', () => {
    const line = "The cat's state-of-the-art COVID-19 --x-- 'tis dogs' a-'b a'-b 3.14 x_y";
    expect(asciiWords(line, false)).toEqual(tokenizeLine(line, { lowercase: false }));
    expect(asciiWords(line, true)).toEqual(tokenizeLine(line, { lowercase: true }));
  });

  it('agrees with tokenizeLine on random ASCII lines', () => {
    const alphabet = "aZ9'-'- .,\t_!A";
    let state = 1;
    for (let trial = 0; trial < 3000; trial++) {
      let line = '';
      for (let k = 0; k < trial % 20; k++) {
        state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
        line += alphabet[state % alphabet.length];
      }
      const lowercase = trial % 2 === 0;
      expect(asciiWords(line, lowercase)).toEqual(tokenizeLine(line, { lowercase }));
    }
  });

  it('stops at the end it is given', () => {
    const bytes = Buffer.from("ab'cd");
    const word = Buffer.alloc(8);
    const lengths: number[] = [];
    forEachAsciiWord(bytes, 0, 3, false, word, (length) => lengths.push(length));
    expect(lengths).toEqual([2]);
  });
});

describe('isAsciiRange', () => {
  it('looks only at the range', () => {
    const bytes = Buffer.from('abc\u00e9def');
    expect(isAsciiRange(bytes, 0, 3)).toBe(true);
    expect(isAsciiRange(bytes, 0, 4)).toBe(false);
    expect(isAsciiRange(bytes, 5, bytes.length)).toBe(true);
  });
});
