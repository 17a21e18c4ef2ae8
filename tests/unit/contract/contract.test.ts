import { describe, expect, it } from 'vitest';
import { isMethod, methodNames, parseArgs } from '../../../src-preload/contract.ts';
import { decodeWire, encodeWire } from '../../../src-preload/wire.ts';

describe('the contract', () => {
  it('fills defaults for a valid call', () => {
    expect(parseArgs('neighbors', { run: 'r', word: 'king' })).toEqual({ run: 'r', word: 'king', k: 10 });
  });

  it('names the field of a malformed call', () => {
    expect(() => parseArgs('neighbors', { run: 'r', word: 'king', k: 0 })).toThrow(/neighbors: k: /);
    expect(() => parseArgs('train', { corpus: 'c', name: 'n', method: 'sgns', params: { dim: 0 } })).toThrow(
      /train: params\.dim: dim must be at least 1/,
    );
    expect(() => parseArgs('analogy', { run: 'r', a: 'x', b: 'y' })).toThrow(/analogy: c: /);
  });

  it('rejects unknown requests', () => {
    expect(isMethod('neighbors')).toBe(true);
    expect(isMethod('constructor')).toBe(false);
    expect(() => parseArgs('nope' as never, {})).toThrow(/unknown request "nope"/);
  });

  it('lists every request once', () => {
    expect(new Set(methodNames).size).toBe(methodNames.length);
    expect(methodNames).toContain('train');
  });
});

describe('the wire codec', () => {
  it('carries Float32Array through JSON bit for bit', () => {
    const coords = new Float32Array([1.5, -0, Number.MIN_VALUE, 3.4e38, NaN]);
    const back = decodeWire<{ coords: Float32Array; n: number }>(encodeWire({ coords, n: 2 }));
    expect(back.coords).toBeInstanceOf(Float32Array);
    expect(new Uint8Array(back.coords.buffer)).toEqual(new Uint8Array(coords.buffer));
    expect(back.n).toBe(2);
  });

  it('carries an empty array and a view into a larger buffer', () => {
    const big = new Float32Array([9, 1, 2, 9]);
    const back = decodeWire<Float32Array[]>(encodeWire([new Float32Array(0), big.subarray(1, 3)]));
    expect(Array.from(back[0])).toEqual([]);
    expect(Array.from(back[1])).toEqual([1, 2]);
  });
});
