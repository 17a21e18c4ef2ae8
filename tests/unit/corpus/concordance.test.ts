import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { concordance } from '../../../src-main/core/corpus/concordance.ts';
import { SENTENCE_END, TokenWriter } from '../../../src-main/core/corpus/token-file.ts';
import { tempDir } from '../../helpers/paths.ts';

const temp = tempDir();
afterAll(() => temp.cleanup());

const END = SENTENCE_END;
let files = 0;

function tokenFile(tokens: number[]): string {
  const file = join(temp.dir, `${files++}.tokens`);
  const writer = new TokenWriter(file, 4);
  for (const t of tokens) writer.write(t);
  writer.close();
  return file;
}

// word 7 is the keyword; sentences end with END
const tokens = [1, 2, 3, 7, 4, 5, END, 7, 6, END, 8, 9, 10, 11, 7, END, 12, 7, 7, 13, END];

describe('concordance', () => {
  it('gives each occurrence its context, cut at the sentence ends', () => {
    const hits = concordance(tokenFile(tokens), 7, { limit: 10, width: 2 });
    expect(hits).toEqual([
      { position: 3, left: [2, 3], right: [4, 5] },
      { position: 7, left: [], right: [6] },
      { position: 14, left: [10, 11], right: [] },
      { position: 17, left: [12], right: [7, 13] },
      { position: 18, left: [12, 7], right: [13] },
    ]);
  });

  it('reads the same across chunk boundaries of any size', () => {
    const file = tokenFile(tokens);
    const whole = concordance(file, 7, { limit: 10, width: 3 });
    for (const chunkTokens of [1, 2, 3, 5, 64]) {
      expect(concordance(file, 7, { limit: 10, width: 3, chunkTokens })).toEqual(whole);
    }
  });

  it('stops after `limit` occurrences, each with its full right context', () => {
    const hits = concordance(tokenFile(tokens), 7, { limit: 1, width: 5, chunkTokens: 2 });
    expect(hits).toEqual([{ position: 3, left: [1, 2, 3], right: [4, 5] }]);
  });

  it('gives the bare word with width 0, and nothing for a word not there', () => {
    const file = tokenFile(tokens);
    expect(concordance(file, 7, { limit: 2, width: 0 })).toEqual([
      { position: 3, left: [], right: [] },
      { position: 7, left: [], right: [] },
    ]);
    expect(concordance(file, 99, { limit: 5, width: 2 })).toEqual([]);
    expect(concordance(tokenFile([]), 7, { limit: 5, width: 2 })).toEqual([]);
  });
});
