import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  countCooccurrences,
  denseLayout,
  MAX_MERGE_FAN_IN,
  maxProductFor,
  type CooccurInput,
} from '../../../src-main/core/train/glove/cooccur.ts';
import { tempDir } from '../../helpers/paths.ts';
import { randomLines, writeIds } from './corpus.ts';

interface Rec {
  i: number;
  j: number;
  x: number;
}

function readRecords(file: string): Rec[] {
  const bytes = readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Rec[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    out.push({ i: view.getUint32(o, true), j: view.getUint32(o + 4, true), x: view.getFloat64(o + 8, true) });
  }
  return out;
}

/** cooccur.c's counting, written plainly: per line, kept words only, both directions, weight 1/d */
function bruteForce(lines: number[][], vocabSize: number, window: number): Rec[] {
  const cells = new Map<string, Rec>();
  const add = (i: number, j: number, x: number): void => {
    const key = `${i},${j}`;
    const cell = cells.get(key);
    if (cell) cell.x += x;
    else cells.set(key, { i, j, x });
  };
  for (const line of lines) {
    const kept = line.filter((id) => id < vocabSize);
    for (let p = 0; p < kept.length; p++) {
      for (let d = 1; d <= window && p - d >= 0; d++) {
        add(kept[p - d], kept[p], 1 / d);
        add(kept[p], kept[p - d], 1 / d);
      }
    }
  }
  return [...cells.values()].sort((a, b) => a.i - b.i || a.j - b.j);
}

function maxRelativeError(actual: Rec[], expected: Rec[]): number {
  return actual.reduce((worst, r, k) => Math.max(worst, Math.abs(r.x - expected[k].x) / expected[k].x), 0);
}

describe('co-occurrence counting', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('glove-cooc-')));
  afterEach(() => cleanup());

  function count(lines: number[][], options: Partial<CooccurInput> & { vocabSize: number; window: number }) {
    const tokenFile = join(dir, 'tokens.bin');
    writeIds(lines, tokenFile);
    const outFile = join(dir, 'out.bin');
    const result = countCooccurrences({ tokenFile, workDir: dir, outFile, memoryBytes: 64 << 20, ...options });
    return { result, records: readRecords(outFile) };
  }

  it('matches a brute-force count on a tiny hand-made corpus, exactly', () => {
    // ids 0..4 kept, 5 and 6 dropped before windowing; 2 next to 2 fills the diagonal
    const lines = [[0, 1, 2, 2, 3], [4, 0, 5, 1, 6, 6, 0], [3], [], [2, 1, 0, 4, 3, 2, 1, 0]];
    const expected = bruteForce(lines, 5, 3);
    // hand-checked: (2, 2) is 1 + 1 from the 2 next to a 2; (0, 1) is 1 (line 1), 1 + 1 (line 2,
    // once 5 and 6 are dropped: 4 0 1 0) and 1 + 1 (line 5); (0, 4) is 1 + 1/3 (line 2) + 1 (line 5)
    const cell = (i: number, j: number) => expected.find((r) => r.i === i && r.j === j)?.x;
    expect(cell(2, 2)).toBe(2);
    expect(cell(0, 1)).toBe(5);
    expect(cell(4, 0)).toBe(1 + 1 / 3 + 1);
    for (const maxProduct of [undefined, 0, 1e9, 6]) {
      const { result, records } = count(lines, { vocabSize: 5, window: 3, maxProduct });
      expect(records).toEqual(expected);
      expect(result.nonZero).toBe(expected.length);
      expect(result.runs).toBe(0);
    }
  });

  it('never lets a window cross a line end', () => {
    const { records } = count(
      [
        [0, 1],
        [2, 3],
      ],
      { vocabSize: 4, window: 10 },
    );
    expect(records.map((r) => [r.i, r.j])).toEqual([
      [0, 1],
      [1, 0],
      [2, 3],
      [3, 2],
    ]);
    expect(records.every((r) => r.x === 1)).toBe(true);
  });

  it('writes unique records sorted by (i, j), and the matrix is symmetric', () => {
    const lines = randomLines(3, 300, 40, 20);
    const { records } = count(lines, { vocabSize: 35, window: 5 });
    for (let r = 1; r < records.length; r++) {
      const a = records[r - 1];
      const b = records[r];
      expect(a.i < b.i || (a.i === b.i && a.j < b.j)).toBe(true);
    }
    const byKey = new Map(records.map((r) => [`${r.i},${r.j}`, r.x]));
    for (const r of records) expect(byKey.get(`${r.j},${r.i}`)).toBe(r.x);
    expect(records.every((r) => r.i < 35 && r.j < 35)).toBe(true);
  });

  it('spills to many sorted runs under a tiny memory budget and merges to the same records', () => {
    const lines = randomLines(7, 250, 300, 25);
    for (const window of [2, 6]) {
      const inMemory = count(lines, { vocabSize: 280, window });
      expect(inMemory.result.runs).toBe(0);
      expect(inMemory.records).toEqual(bruteForce(lines, 280, window));
      // a 64-slot hash table and no dense table: a run every ~44 pairs, merged in passes
      const spilled = count(lines, { vocabSize: 280, window, memoryBytes: 1, maxProduct: 0 });
      expect(spilled.result.runs).toBeGreaterThan(MAX_MERGE_FAN_IN);
      expect(spilled.records.map((r) => [r.i, r.j])).toEqual(inMemory.records.map((r) => [r.i, r.j]));
      if (window <= 2) {
        // weights 1 and 1/2 add exactly, whatever the order
        expect(spilled.records).toEqual(inMemory.records);
      } else {
        // partial sums add in another order: equal to rounding
        expect(maxRelativeError(spilled.records, inMemory.records)).toBeLessThan(1e-12);
      }
      // the dense table and the runs together
      const mixed = count(lines, { vocabSize: 280, window, memoryBytes: 1, maxProduct: 400 });
      expect(mixed.result.runs).toBeGreaterThan(0);
      expect(mixed.records.map((r) => [r.i, r.j])).toEqual(inMemory.records.map((r) => [r.i, r.j]));
      expect(maxRelativeError(mixed.records, inMemory.records)).toBeLessThan(1e-12);
      // every run is deleted once merged
      expect(readdirSync(dir).sort()).toEqual(['out.bin', 'tokens.bin']);
    }
  });

  it('sizes the dense table to the budget', () => {
    for (const vocab of [1, 10, 1000, 100000]) {
      for (const cells of [0, 1, 100, 12345, 1 << 20]) {
        const p = maxProductFor(cells, vocab);
        expect(denseLayout(p, vocab).cells).toBeLessThanOrEqual(cells);
        if (p < vocab * vocab) expect(denseLayout(p + 1, vocab).cells).toBeGreaterThan(cells);
      }
    }
    // the full upper triangle of a 10-word vocabulary
    expect(denseLayout(100, 10).cells).toBe(55);
  });
});
