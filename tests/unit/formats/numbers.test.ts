import { describe, expect, it } from 'vitest';
import { formatFloat32, parseDecimal } from '../../../src-main/core/formats/numbers.ts';

const bytes = (s: string) => Buffer.from(s, 'latin1');
const parse = (s: string) => parseDecimal(bytes(s), 0, s.length);

describe('parseDecimal', () => {
  it('reads what Number reads, to the bit', () => {
    const cases = [
      '0',
      '-0',
      '1',
      '-1.5',
      '0.418',
      '-0.00066023',
      '4.0071',
      '1e-7',
      '1.5E+10',
      '.5',
      '5.',
      '+3.25',
      '123456789012345',
      '0.000000000000000000000001234',
      '1e22',
      '1e23',
      '1234567890123456789',
      '3.4028235e38',
      '1.401298464324817e-45',
      '0.1000000000000000055511151231257827',
    ];
    for (const c of cases) expect(Object.is(parse(c), Number(c)), c).toBe(true);
  });

  it('agrees with Number on random float32 text, through float32', () => {
    let seed = 12345;
    const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    for (let i = 0; i < 20000; i++) {
      const x = Math.fround((rand() - 0.5) * 10 ** Math.floor(rand() * 12 - 8));
      for (const text of [String(x), x.toPrecision(6), x.toExponential(4)]) {
        expect(Math.fround(parse(text))).toBe(Math.fround(Number(text)));
      }
    }
  });

  it('refuses what is not a number', () => {
    for (const c of ['', '-', 'abc', '1.2.3', '1e', '1e+', 'nan', 'inf', '0x10', '1,5', '12a']) {
      expect(parse(c), c).toBeNaN();
    }
  });
});

describe('formatFloat32', () => {
  it('is the shortest text that reads back to the same float32', () => {
    expect(formatFloat32(Math.fround(0.1))).toBe('0.1');
    expect(formatFloat32(Math.fround(0.418))).toBe('0.418');
    expect(formatFloat32(Math.fround(1 / 3))).toBe('0.33333334');
    expect(formatFloat32(-0)).toBe('-0');
    expect(formatFloat32(10)).toBe('10');
    expect(formatFloat32(Math.fround(1e-45))).toBe('1e-45');
  });

  it('round-trips every float32 pattern tried', () => {
    const u = new Uint32Array(1);
    const f = new Float32Array(u.buffer);
    let seed = 99;
    for (let i = 0; i < 50000; i++) {
      seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
      u[0] = seed;
      if (!Number.isFinite(f[0])) continue;
      const text = formatFloat32(f[0]);
      expect(Object.is(Math.fround(Number(text)), f[0]), `${f[0]} -> ${text}`).toBe(true);
      expect(Object.is(Math.fround(parse(text)), f[0])).toBe(true);
    }
  });
});
