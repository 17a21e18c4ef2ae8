import { describe, expect, it } from 'vitest';
import { bomLength, hasUtf16Bom, Utf8Validator } from '../../../src-main/core/corpus/utf8.ts';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((part) => (typeof part === 'string' ? Buffer.from(part, 'utf8') : Buffer.from(part))));

/** the offset reported for `data` pushed in pieces split at `cuts` */
function firstInvalid(data: Uint8Array, cuts: number[] = []): number {
  const validator = new Utf8Validator();
  let from = 0;
  for (const cut of [...cuts, data.length]) {
    const bad = validator.push(data, from, cut);
    if (bad >= 0) return bad;
    from = cut;
  }
  return validator.end();
}

/** a small seeded generator, so a failing case can be replayed */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('Utf8Validator', () => {
  it('accepts valid text of every sequence length', () => {
    const text = bytes('ascii é ü ß € 東京 𝄞 😀 \u{10FFFF} \uD7FF \uE000 \uFFFD');
    expect(firstInvalid(text)).toBe(-1);
    expect(
      firstInvalid(
        text,
        Array.from({ length: text.length }, (_, i) => i),
      ),
    ).toBe(-1);
  });

  it('reports the offset of a stray byte', () => {
    expect(firstInvalid(bytes('abc', [0xff], 'def'))).toBe(3);
    expect(firstInvalid(bytes([0x80], 'x'))).toBe(0);
    expect(firstInvalid(bytes('héllo', [0xfe]))).toBe(6);
  });

  it('reports where a broken sequence starts', () => {
    expect(firstInvalid(bytes('ab', [0xc3], 'x'))).toBe(2);
    expect(firstInvalid(bytes('ab', [0xe2, 0x82], 'x'))).toBe(2);
    expect(firstInvalid(bytes('a', [0xf0, 0x9f, 0x98], 'x'))).toBe(1);
  });

  it('reports a sequence cut off by the end of input', () => {
    expect(firstInvalid(bytes('abc', [0xe2, 0x82]))).toBe(3);
    expect(firstInvalid(bytes('abc', [0xf0]))).toBe(3);
  });

  it('rejects overlong forms', () => {
    expect(firstInvalid(bytes('x', [0xc0, 0xaf]))).toBe(1);
    expect(firstInvalid(bytes('x', [0xc1, 0xbf]))).toBe(1);
    expect(firstInvalid(bytes('x', [0xe0, 0x80, 0xaf]))).toBe(1);
    expect(firstInvalid(bytes('x', [0xe0, 0x9f, 0xbf]))).toBe(1);
    expect(firstInvalid(bytes('x', [0xf0, 0x80, 0x80, 0xaf]))).toBe(1);
    expect(firstInvalid(bytes('x', [0xf0, 0x8f, 0xbf, 0xbf]))).toBe(1);
  });

  it('rejects surrogates and code points above U+10FFFF', () => {
    expect(firstInvalid(bytes('xy', [0xed, 0xa0, 0x80]))).toBe(2);
    expect(firstInvalid(bytes('xy', [0xed, 0xbf, 0xbf]))).toBe(2);
    expect(firstInvalid(bytes('xy', [0xf4, 0x90, 0x80, 0x80]))).toBe(2);
    expect(firstInvalid(bytes('xy', [0xf5, 0x80, 0x80, 0x80]))).toBe(2);
    expect(firstInvalid(bytes('xy', [0xf4, 0x8f, 0xbf, 0xbf]))).toBe(-1);
  });

  it('follows sequences across chunk boundaries', () => {
    const emoji = bytes('ab😀cd');
    for (let cut = 0; cut <= emoji.length; cut++) expect(firstInvalid(emoji, [cut])).toBe(-1);
    const broken = bytes('ab', [0xf0, 0x9f, 0x98], 'cd');
    for (let cut = 0; cut <= broken.length; cut++) expect(firstInvalid(broken, [cut])).toBe(2);
    const surrogate = bytes('ab', [0xed, 0xa0, 0x80]);
    for (let cut = 0; cut <= surrogate.length; cut++) expect(firstInvalid(surrogate, [cut])).toBe(2);
  });

  it('counts offsets from the first byte ever pushed', () => {
    const validator = new Utf8Validator();
    expect(validator.push(Buffer.alloc(1000, 0x61))).toBe(-1);
    const chunk = bytes('12345', [0xff]);
    expect(validator.push(chunk, 2, chunk.length)).toBe(1003);
    expect(validator.push(bytes('more'))).toBe(1003); // the first error sticks
  });

  it('agrees with the platform decoder on random bytes', () => {
    const next = random(42);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let trial = 0; trial < 2000; trial++) {
      const length = 1 + Math.floor(next() * 24);
      // mostly lead and continuation bytes, so that near-valid sequences are common
      const pool = [0x41, 0x80, 0x9f, 0xa0, 0xbf, 0xc2, 0xdf, 0xe0, 0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xc0];
      const data = Uint8Array.from({ length }, () => pool[Math.floor(next() * pool.length)]);
      const cut = Math.floor(next() * (length + 1));
      const bad = firstInvalid(data, [cut]);
      expect(bad).toBe(firstInvalid(data));
      if (bad < 0) {
        expect(() => decoder.decode(data)).not.toThrow();
      } else {
        expect(() => decoder.decode(data)).toThrow();
        expect(() => decoder.decode(data.subarray(0, bad))).not.toThrow();
      }
    }
  });
});

describe('byte order marks', () => {
  it('finds the UTF-8 BOM', () => {
    expect(bomLength(bytes([0xef, 0xbb, 0xbf], 'text'))).toBe(3);
    expect(bomLength(bytes('text'))).toBe(0);
    expect(bomLength(bytes([0xef, 0xbb]))).toBe(0);
  });

  it('finds UTF-16 BOMs', () => {
    expect(hasUtf16Bom(bytes([0xff, 0xfe, 0x41, 0]))).toBe(true);
    expect(hasUtf16Bom(bytes([0xfe, 0xff, 0, 0x41]))).toBe(true);
    expect(hasUtf16Bom(bytes('ab'))).toBe(false);
  });
});
