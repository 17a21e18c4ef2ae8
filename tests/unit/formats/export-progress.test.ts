// The writers as an export job drives them: the same bytes as before exports
// were jobs, progress in rows up to done === total, and a cancel that leaves
// neither the file nor its partial file (nor touches a file already there).
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ExportFormat } from '../../../src-preload/contract.ts';
import { metadataPathFor, writeFasttextFile, writeVectorFile } from '../../../src-main/core/formats/write.ts';
import { tempDir } from '../../helpers/paths.ts';
import { digest, smallModel, smallSet } from './export-sets.ts';

/** sha-256 of each file as the writers wrote it before exports became jobs (HEAD 70af9ce) */
const BEFORE: Record<string, string> = {
  word2vec: '3cec3cd612d5a8d81e791f9626fa5d2de4e51bc66d9d4e97e0cd3989e66c27d1',
  'word2vec-bin': 'eacdd329c70b65501bcad9e5ecd0a5cea75287405e15b35c7b952ca49241cc9a',
  glove: 'a1117364fc4195248e71948313c4960cc9f18133cc1ac39352810516975e8871',
  'fasttext-vec': '3cec3cd612d5a8d81e791f9626fa5d2de4e51bc66d9d4e97e0cd3989e66c27d1',
  'fasttext-bin': '59cfb2f2e184dd0a2182faa68bc7426fa42b461dcb1224cdba8fcee5424e3a8a',
  tsv: '5de3b7aa207b441ced081d565e59cbe6de6e84d7116087f5817c810e314b5043',
  'tsv-metadata': '65f57d41d850d5767a11a08a16ab9c62803b8cba029f53d2765a679c884c7fe6',
  'fasttext-bin-ngrams': '2b528b982a6e4346567497f44cd2a5875153a2d7659861f1d4bbdd80857a3d22',
};

const formats: ExportFormat[] = ['word2vec', 'word2vec-bin', 'glove', 'fasttext-vec', 'fasttext-bin', 'tsv'];

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir('embedlab-export-')));
afterEach(() => cleanup());

/** every progress call, in order */
function recorder() {
  const calls: [number, number][] = [];
  return { calls, onProgress: (done: number, total: number) => void calls.push([done, total]) };
}

function expectRisingToTotal(calls: [number, number][], total: number): void {
  expect(calls.length).toBeGreaterThan(0);
  expect(calls.every(([, t]) => t === total)).toBe(true);
  for (let i = 1; i < calls.length; i++) expect(calls[i][0]).toBeGreaterThanOrEqual(calls[i - 1][0]);
  expect(calls.at(-1)).toEqual([total, total]);
}

describe('export writers with progress and cancel', () => {
  for (const format of formats) {
    it(`${format}: the same bytes as before, progress ending at every word`, async () => {
      const out = join(dir, format === 'tsv' ? 'set.tsv' : `set.${format}`);
      const { calls, onProgress } = recorder();
      const set = smallSet();
      const { files } = await writeVectorFile(format, out, set, { signal: new AbortController().signal, onProgress });
      expect(digest(out)).toBe(BEFORE[format]);
      if (format === 'tsv') {
        expect(files).toEqual([out, metadataPathFor(out)]);
        expect(digest(metadataPathFor(out))).toBe(BEFORE['tsv-metadata']);
      }
      // a plain fastText model counts each word's input row and its (zero) output row
      expectRisingToTotal(calls, format === 'fasttext-bin' ? 2 * set.words.length : set.words.length);
      expect(readdirSync(dir).filter((f) => f.endsWith('.partial'))).toEqual([]);
    });
  }

  it('a fastText model with n-grams: the same bytes, and its rows counted (input, n-gram, output)', async () => {
    const out = join(dir, 'model.bin');
    const { calls, onProgress } = recorder();
    const model = smallModel();
    await writeFasttextFile(out, model, { onProgress });
    expect(digest(out)).toBe(BEFORE['fasttext-bin-ngrams']);
    expectRisingToTotal(calls, 120 + 5000 + 120);
    // the n-gram rows go out a chunk of 4096 at a time
    expect(calls.map(([done]) => done)).toEqual(expect.arrayContaining([120, 120 + 4096, 120 + 5000]));
  });

  it('a file of several megabytes reports as it goes, not only at the end', async () => {
    const set = smallSet(20_000, 40, 3); // ~8 MB of text, ~3 MB binary
    for (const format of ['word2vec', 'word2vec-bin'] as const) {
      const { calls, onProgress } = recorder();
      await writeVectorFile(format, join(dir, `big.${format}`), set, { onProgress });
      expectRisingToTotal(calls, 20_000);
      expect(calls.length, format).toBeGreaterThanOrEqual(3);
      expect(calls[0][0]).toBeLessThan(20_000);
    }
  });

  for (const format of formats) {
    it(`${format}: a cancel while writing leaves neither the file nor a partial one`, async () => {
      const set = smallSet(20_000, 40, 4);
      const out = join(dir, format === 'tsv' ? 'cut.tsv' : 'cut.out');
      const controller = new AbortController();
      const seen: number[] = [];
      const onProgress = (done: number) => {
        seen.push(done);
        controller.abort();
      };
      await expect(writeVectorFile(format, out, set, { signal: controller.signal, onProgress })).rejects.toThrow(
        expect.objectContaining({ name: 'AbortError', message: 'the export was cancelled' }),
      );
      // it was cut off part way, and stopped at the next buffer
      expect(seen).toHaveLength(1);
      expect(seen[0]).toBeLessThan(format === 'fasttext-bin' ? 40_000 : 20_000);
      expect(readdirSync(dir)).toEqual([]);
    });
  }

  it('a cancelled export leaves a file already at its path as it was', async () => {
    const out = join(dir, 'vectors.txt');
    writeFileSync(out, 'the earlier export\n');
    const controller = new AbortController();
    const onProgress = () => controller.abort();
    await expect(
      writeVectorFile('glove', out, smallSet(20_000, 40, 4), { signal: controller.signal, onProgress }),
    ).rejects.toThrow(/cancelled/);
    expect(readFileSync(out, 'utf8')).toBe('the earlier export\n');
    expect(readdirSync(dir)).toEqual(['vectors.txt']);
  });

  it('a cancel before the first byte writes nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(writeFasttextFile(join(dir, 'm.bin'), smallModel(), { signal: controller.signal })).rejects.toThrow(
      /cancelled/,
    );
    expect(readdirSync(dir)).toEqual([]);
  });
});
