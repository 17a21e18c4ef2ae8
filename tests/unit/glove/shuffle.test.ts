import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RecordWriter } from '../../../src-main/core/train/glove/records.ts';
import { shuffleRecords } from '../../../src-main/core/train/glove/shuffle.ts';
import { tempDir } from '../../helpers/paths.ts';

function recordsOf(file: string): string[] {
  const bytes = readFileSync(file);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  for (let o = 0; o < bytes.length; o += 16) {
    out.push(`${view.getUint32(o, true)},${view.getUint32(o + 4, true)},${view.getFloat64(o + 8, true)}`);
  }
  return out;
}

describe('shuffling co-occurrence records', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir('glove-shuf-')));
  afterEach(() => cleanup());

  const N = 20000;
  function input(): string {
    const file = join(dir, 'in.bin');
    const w = new RecordWriter(file);
    for (let r = 0; r < N; r++) w.add(Math.floor(r / 100), r % 100, r + 0.5);
    w.close();
    return file;
  }

  function shuffled(memoryBytes: number, seed: number, name: string) {
    const outFile = join(dir, name);
    const result = shuffleRecords({ inFile: input(), outFile, workDir: dir, memoryBytes, seed });
    return { result, records: recordsOf(outFile) };
  }

  it('permutes the records in memory and in chunks, reproducibly by seed', () => {
    const original = recordsOf(input());
    const inMemory = shuffled(64 << 20, 1, 'a.bin');
    // 1024-record chunks: 20 temporary files, merged back a share of each at a time
    const chunked = shuffled(1, 1, 'b.bin');
    expect(inMemory.result).toEqual({ records: N, chunks: 0 });
    expect(chunked.result).toEqual({ records: N, chunks: 20 });
    for (const { records } of [inMemory, chunked]) {
      expect(records).not.toEqual(original);
      expect([...records].sort()).toEqual([...original].sort());
      // well mixed: few records stay where they were
      expect(records.filter((r, k) => r === original[k]).length).toBeLessThan(20);
    }
    expect(shuffled(64 << 20, 1, 'c.bin').records).toEqual(inMemory.records);
    expect(shuffled(1, 1, 'd.bin').records).toEqual(chunked.records);
    expect(shuffled(64 << 20, 2, 'e.bin').records).not.toEqual(inMemory.records);
    expect(readdirSync(dir).sort()).toEqual(['a.bin', 'b.bin', 'c.bin', 'd.bin', 'e.bin', 'in.bin']);
  });
});
