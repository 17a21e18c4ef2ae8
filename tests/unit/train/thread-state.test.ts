import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';
import { TokenSliceReader } from '../../../src-main/core/train/token-reader.ts';
import { fasttextLearningRate, learningRate } from '../../../src-main/core/train/word2vec-thread.ts';
import { tempDir } from '../../helpers/paths.ts';

const temp = tempDir('embedlab-state-');
afterAll(() => temp.cleanup());

describe('what a checkpoint saves of a thread', () => {
  it('restores the generator exactly from its state', () => {
    const a = new Xoshiro128(9, 2);
    for (let i = 0; i < 5; i++) a.nextUint32();
    const state = a.getState();
    expect(JSON.parse(JSON.stringify(state))).toEqual(state);
    const b = new Xoshiro128(1, 0);
    b.setState(state);
    for (let i = 0; i < 10; i++) expect(b.nextUint32()).toBe(a.nextUint32());
    expect(() => b.setState([0, 0, 0, 0])).toThrow(/all-zero/);
    expect(() => b.setState([1, 2, 3])).toThrow(/4 numbers/);
    expect(() => b.setState([1, 2, 3, 2 ** 32])).toThrow(/32-bit/);
  });

  it('reads a slice from a saved offset', () => {
    const file = join(temp.dir, 'ten.tok');
    writeFileSync(file, new Uint8Array(Uint32Array.from({ length: 10 }, (_, i) => i).buffer));
    const reader = new TokenSliceReader(file, 2, 8, 4);
    try {
      reader.rewind(5);
      expect(reader.offset).toBe(5);
      expect(reader.next()).toBe(3);
      expect(Array.from(reader.buffer.subarray(0, 3))).toEqual([5, 6, 7]);
      expect(reader.offset).toBe(8);
      expect(reader.next()).toBe(0);
      reader.rewind();
      expect(reader.offset).toBe(2);
      expect(() => reader.rewind(9)).toThrow(/outside the slice/);
    } finally {
      reader.close();
    }
  });
});

describe('learning-rate schedules', () => {
  it("decays linearly over all epochs: word2vec.c's floored at min-alpha, fastText's to 0", () => {
    expect(learningRate(0.025, 0.0001, 0, 1000)).toBe(0.025);
    expect(learningRate(0.025, 0.0001, 500, 999)).toBeCloseTo(0.0125, 12);
    expect(learningRate(0.025, 0.0001, 1000, 1000)).toBe(0.0001);
    expect(fasttextLearningRate(0.05, 0, 250, 1000)).toBeCloseTo(0.0375, 12);
    expect(fasttextLearningRate(0.05, 0, 1000, 1000)).toBe(0);
  });
});
