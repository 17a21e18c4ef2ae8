import { describe, expect, it } from 'vitest';
import { compareCodePoints, keptVocabSize, VocabCounter } from '../../../src-main/core/corpus/vocab.ts';

describe('VocabCounter', () => {
  it('gives provisional ids in order of first sight', () => {
    const vocab = new VocabCounter();
    expect(['b', 'a', 'b', 'c'].map((word) => vocab.add(word))).toEqual([0, 1, 0, 2]);
    expect(vocab.size).toBe(3);
    expect(vocab.count('b')).toBe(2);
    expect(vocab.count('zzz')).toBe(0);
  });

  it('sorts by count descending, ties in code-point order, and remaps ids', () => {
    const vocab = new VocabCounter();
    // provisional ids: pear 0, apple 1, fig 2, Zebra 3, kiwi 4
    const text = 'pear apple fig Zebra apple kiwi fig apple pear kiwi';
    for (const word of text.split(' ')) vocab.add(word);
    const final = vocab.finalize();
    // apple 3; fig, kiwi, pear 2 each (by code point); Zebra 1
    expect(final.words).toEqual(['apple', 'fig', 'kiwi', 'pear', 'Zebra']);
    expect(final.counts).toEqual([3, 2, 2, 2, 1]);
    expect(Array.from(final.remap)).toEqual([3, 0, 1, 4, 2]);
  });

  it('breaks ties by code point, uppercase before lowercase, astral after BMP', () => {
    const vocab = new VocabCounter();
    for (const word of ['é', 'e', '😀', '\uFFFD', 'E', 'ee']) vocab.add(word);
    expect(vocab.finalize().words).toEqual(['E', 'e', 'ee', 'é', '\uFFFD', '😀']);
  });

  it('grows past its first allocations (ids, hash table, byte pool)', () => {
    const vocab = new VocabCounter();
    for (let i = 0; i < 150_000; i++) vocab.add(`word${i % 100_000}`);
    expect(vocab.size).toBe(100_000);
    expect(vocab.count('word0')).toBe(2);
    expect(vocab.count('word99999')).toBe(1);
    const final = vocab.finalize();
    expect(final.words.length).toBe(100_000);
    expect(final.counts.slice(0, 50_000).every((count) => count === 2)).toBe(true);
    expect(final.counts.slice(50_000).every((count) => count === 1)).toBe(true);
    expect(final.words.slice(0, 3)).toEqual(['word0', 'word1', 'word10']);
    expect(new Set(final.words).size).toBe(100_000);
  });

  it('is one vocabulary whether words come as strings or as UTF-8 bytes', () => {
    const vocab = new VocabCounter();
    const bytes = (word: string) => {
      const buffer = Buffer.alloc(64, 0xff); // bytes past the length must not matter
      return { buffer, length: buffer.write(word) };
    };
    const add = (word: string) => {
      const { buffer, length } = bytes(word);
      return vocab.addBytes(buffer, length);
    };
    expect(vocab.add('the')).toBe(0);
    expect(add('the')).toBe(0);
    expect(add('café')).toBe(1);
    expect(vocab.add('café')).toBe(1);
    expect(add('')).toBe(2);
    expect(vocab.count('the')).toBe(2);
    expect(vocab.count('café')).toBe(2);
    expect(vocab.finalize().words).toEqual(['café', 'the', '']);
  });
});

describe('compareCodePoints', () => {
  it('orders surrogate pairs above U+E000..U+FFFF, unlike plain string comparison', () => {
    expect('\uFFFD' < '😀').toBe(false); // UTF-16 unit order gets this wrong
    expect(compareCodePoints('\uFFFD', '😀')).toBeLessThan(0);
    expect(compareCodePoints('a', 'ab')).toBeLessThan(0);
    expect(compareCodePoints('b', 'ab')).toBeGreaterThan(0);
    expect(compareCodePoints('same', 'same')).toBe(0);
  });
});

describe('keptVocabSize', () => {
  const counts = [9, 5, 5, 3, 2, 2, 1];
  it('counts the words at or above minCount', () => {
    expect(keptVocabSize(counts, 1)).toBe(7);
    expect(keptVocabSize(counts, 2)).toBe(6);
    expect(keptVocabSize(counts, 3)).toBe(4);
    expect(keptVocabSize(counts, 5)).toBe(3);
    expect(keptVocabSize(counts, 10)).toBe(0);
    expect(keptVocabSize([], 1)).toBe(0);
  });

  it('caps at maxVocab', () => {
    expect(keptVocabSize(counts, 2, 3)).toBe(3);
    expect(keptVocabSize(counts, 5, 100)).toBe(3);
    expect(keptVocabSize(counts, 1, 0)).toBe(0);
  });
});
