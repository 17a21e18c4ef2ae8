import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  countTokens,
  readTokens,
  SENTENCE_END,
  TokenReader,
  TokenWriter,
} from '../../../src-main/core/corpus/token-file.ts';
import { tempDir } from '../../helpers/paths.ts';

let cleanup = () => {};
afterEach(() => cleanup());

function scratch(): string {
  const temp = tempDir();
  cleanup = temp.cleanup;
  return temp.dir;
}

/** 0, 1, 2, ... with SENTENCE_END after every 7th */
function sampleTokens(n: number): Uint32Array {
  return Uint32Array.from({ length: n }, (_, i) => (i % 8 === 7 ? SENTENCE_END : i));
}

describe('token file', () => {
  it('writes little-endian uint32 ids', () => {
    const file = join(scratch(), 'a.tokens');
    const writer = new TokenWriter(file);
    writer.write(1);
    writer.write(0x01020304);
    writer.write(SENTENCE_END);
    writer.close();
    writer.close(); // twice is harmless
    expect(countTokens(file)).toBe(3);
    const reader = new TokenReader(file);
    const into = new Uint32Array(3);
    expect(reader.read(0, into)).toBe(3);
    reader.close();
    expect(Array.from(into)).toEqual([1, 0x01020304, SENTENCE_END]);
    expect(Array.from(readFileSync(file))).toEqual([1, 0, 0, 0, 4, 3, 2, 1, 255, 255, 255, 255]);
  });

  it('round-trips through a small buffer and reads any slice', () => {
    const file = join(scratch(), 'b.tokens');
    const tokens = sampleTokens(10_000);
    const writer = new TokenWriter(file, 333);
    for (let i = 0; i < 5000; i++) writer.write(tokens[i]);
    writer.writeAll(tokens.subarray(5000));
    expect(writer.count).toBe(10_000);
    writer.close();
    expect(countTokens(file)).toBe(10_000);

    const reader = new TokenReader(file);
    const into = new Uint32Array(100);
    expect(reader.read(1234, into)).toBe(100);
    expect(into).toEqual(tokens.subarray(1234, 1334));
    expect(reader.read(9950, into)).toBe(50);
    expect(into.subarray(0, 50)).toEqual(tokens.subarray(9950));
    expect(reader.read(10_000, into)).toBe(0);
    reader.close();
  });

  it('readTokens hands out bounded chunks of a range', () => {
    const file = join(scratch(), 'c.tokens');
    const tokens = sampleTokens(1000);
    const writer = new TokenWriter(file);
    writer.writeAll(tokens);
    writer.close();
    const seen: number[] = [];
    const sizes: number[] = [];
    readTokens(
      file,
      100,
      950,
      (chunk, position) => {
        expect(position).toBe(100 + seen.length);
        sizes.push(chunk.length);
        seen.push(...chunk);
      },
      64,
    );
    expect(seen).toEqual(Array.from(tokens.subarray(100, 950)));
    expect(Math.max(...sizes)).toBe(64);
    const all: number[] = [];
    readTokens(file, 0, Infinity, (chunk) => all.push(...chunk));
    expect(all.length).toBe(1000);
  });

  it('refuses a file whose size is not a multiple of 4', () => {
    const file = join(scratch(), 'bad.tokens');
    writeFileSync(file, Buffer.alloc(10));
    expect(() => countTokens(file)).toThrow(/not a token file/);
    expect(() => new TokenReader(file)).toThrow(/not a token file/);
  });
});
