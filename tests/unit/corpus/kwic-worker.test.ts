// The concordance scan in the 'kwic' worker: the same hits as the scan in
// the caller on corpus-tiny's real token file, errors that keep their
// message, and a cancelled call that rejects with an AbortError.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { concordance, concordanceOffThread } from '../../../src-main/core/corpus/concordance.ts';
import { importCorpusFiles, type ImportResult } from '../../../src-main/core/corpus/import.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

const temp = tempDir();
const file = join(temp.dir, 'tiny.tokens');
let corpus: ImportResult;
afterAll(() => temp.cleanup());

beforeAll(async () => {
  corpus = await importCorpusFiles({ paths: [sharedData('corpus-tiny.txt')], lowercase: true, outFile: file });
});

/** always through the worker, whatever the file's size */
const inWorker = { inProcessTokens: 0 };

describe('concordance in the kwic worker', () => {
  it('returns the same lines as the scan in the caller, for frequent, rare and absent words', async () => {
    expect(corpus.tokens).toBeGreaterThan(90_000);
    const ids = [0, corpus.words.indexOf('bayesian'), corpus.words.length - 1, corpus.words.length + 5];
    expect(ids[1]).toBeGreaterThan(0);
    const opts = { limit: 20, width: 8 };
    const answers = await Promise.all(ids.map((id) => concordanceOffThread(file, id, { ...opts, ...inWorker })));
    ids.forEach((id, i) => expect(answers[i]).toEqual(concordance(file, id, opts)));
    // the most frequent word fills the limit, each hit with its context
    const the = answers[0];
    expect(the).toHaveLength(20);
    expect(the.some((h) => h.left.length === 8 && h.right.length === 8)).toBe(true);
    // the last word of the vocabulary occurs exactly as often as its count says
    const last = corpus.words.length - 1;
    const all = await concordanceOffThread(file, last, { limit: 1000, width: 2, ...inWorker });
    expect(all).toHaveLength(corpus.counts[last]);
  });

  it('scans a small file in the caller with the same answer', async () => {
    const opts = { limit: 50, width: 4 };
    const id = corpus.words.indexOf('bayesian');
    expect(await concordanceOffThread(file, id, opts)).toEqual(concordance(file, id, opts));
  });

  it('rejects with an AbortError when cancelled, before or during the scan', async () => {
    const before = new AbortController();
    before.abort();
    await expect(concordanceOffThread(file, 0, { limit: 5, width: 2, signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });

    const during = new AbortController();
    const pending = concordanceOffThread(file, corpus.words.length + 5, {
      limit: 5,
      width: 2,
      signal: during.signal,
      ...inWorker,
    });
    during.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError', message: 'cancelled' });
  });

  it('names a missing token file', async () => {
    const missing = join(temp.dir, 'missing.tokens');
    await expect(concordanceOffThread(missing, 0, { limit: 5, width: 2, ...inWorker })).rejects.toThrow(
      /missing\.tokens/,
    );
  });
});
