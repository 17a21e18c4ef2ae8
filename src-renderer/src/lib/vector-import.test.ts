import { describe, expect, it } from 'vitest';
import { guessFormat, suggestRunName } from './vector-import.ts';

const bytes = (s: string) => new TextEncoder().encode(s);

describe('guessFormat', () => {
  it('reads the format off the name and the first line', () => {
    expect(guessFormat('glove.6B.50d.txt', bytes('the 0.418 0.24968 -0.41242\n'))).toBe('glove');
    expect(guessFormat('model.txt', bytes('2 3\nthe 0.1 0.2 0.3\n'))).toBe('word2vec');
    expect(guessFormat('wiki.vec', bytes('2 3\nthe 0.1 0.2 0.3 \n'))).toBe('fasttext-vec');
    expect(guessFormat('v.bin', new Uint8Array([0x32, 0x20, 0x33, 0x0a, 0x61, 0x20, 0, 0, 0x80, 0x3f]))).toBe(
      'word2vec-bin',
    );
    expect(guessFormat('m.bin', new Uint8Array([0xba, 0x16, 0x4f, 0x2f, 12, 0, 0, 0]))).toBe('fasttext-bin');
    expect(guessFormat('vectors.tsv', bytes('0.1\t0.2\n'))).toBe('tsv');
    expect(guessFormat('notes.txt', bytes('Dear diary,\n'))).toBeNull();
  });
});

describe('suggestRunName', () => {
  it('drops the extension and avoids names taken', () => {
    expect(suggestRunName('glove.6B.50d.txt', new Set())).toBe('glove.6B.50d');
    expect(suggestRunName('wiki.vec', new Set(['wiki', 'wiki-2']))).toBe('wiki-3');
  });
});
