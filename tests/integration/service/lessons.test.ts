// The Lessons view's `subwords` request on the real service: fastText's
// n-grams and buckets, and BERT's WordPiece split from the shipped vocabulary.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { parseArgs } from '../../../src-preload/contract.ts';
import { createService } from '../../../src-main/service/service.ts';
import type { LabService } from '../../../src-main/service/types.ts';
import { fasttextHash } from '../../../src-main/core/train/fasttext/ngrams.ts';
import { tempDir } from '../../helpers/paths.ts';

describe('the subwords request', () => {
  const tmp = tempDir();
  let lab: LabService;

  beforeAll(async () => {
    lab = await createService({ dbPath: join(tmp.dir, 'lab.sqlite'), host: 'cli' });
  });
  afterAll(async () => {
    await lab.close();
    tmp.cleanup();
  });

  const call = (raw: unknown) => lab.handlers.subwords(parseArgs('subwords', raw));

  it("lists fastText's n-grams of <where> (3 to 6 characters) with their buckets", async () => {
    const r = await call({ word: 'where' });
    expect(r).toMatchObject({ word: 'where', minn: 3, maxn: 6, bucket: 2_000_000 });
    // fastText's order: by start, then by length; the whole <where> (7 characters) is longer than maxn
    expect(r.ngrams).toEqual([
      '<wh',
      '<whe',
      '<wher',
      '<where',
      'whe',
      'wher',
      'where',
      'where>',
      'her',
      'here',
      'here>',
      'ere',
      'ere>',
      're>',
    ]);
    expect(r.buckets).toEqual(r.ngrams.map((g) => fasttextHash(g) % 2_000_000));
  });

  it('splits unhappiness as bert-base-uncased does', async () => {
    const r = await call({ word: 'Unhappiness' });
    expect(r.wordpiece).toEqual(['un', '##ha', '##pp', '##iness']);
    expect(r.wordpieceIds).toEqual([4895, 3270, 9397, 9961]);
    expect(r.vocabulary).toBe('bert-base-uncased');
    expect(r.vocabularySize).toBe(30522);
  });

  it('takes minn, maxn and bucket', async () => {
    const r = await call({ word: 'cat', minn: 1, maxn: 2, bucket: 10 });
    expect(r.ngrams).toEqual(['<c', 'c', 'ca', 'a', 'at', 't', 't>']);
    expect(r.buckets.every((b) => b >= 0 && b < 10)).toBe(true);
  });

  it('counts characters, not bytes, and strips accents for WordPiece', async () => {
    const r = await call({ word: 'año', minn: 3, maxn: 3 });
    expect(r.ngrams).toEqual(['<añ', 'año', 'ño>']);
    expect(r.wordpiece.join(' ')).not.toMatch(/ñ/);
  });

  it('gives no vector without a run; a run’s own row for a word it has', async () => {
    expect(await call({ word: 'king' })).toMatchObject({ vector: null, vectorFrom: null });
    const r = await call({ word: 'king', run: 'lecture-coordinates' });
    expect(Array.from(r.vector!)).toEqual([1, 8, 8]);
    expect(r.vectorFrom).toBe('vocabulary');
    expect(await call({ word: 'dog', run: 'lecture-coordinates' })).toMatchObject({ vector: null, vectorFrom: null });
    await expect(call({ word: 'dog', run: 'nope' })).rejects.toThrow(/nope/);
  });

  it('builds an unseen word’s vector from a fastText run’s n-grams, as similarity does', async () => {
    const imported = await lab.handlers.importCorpus({ name: 'demo', source: { kind: 'demo' }, lowercase: true });
    await lab.waitForJob(imported.jobId);
    const trained = await lab.handlers.train(
      parseArgs('train', {
        corpus: 'demo',
        name: 'ft',
        method: 'fasttext',
        params: { dim: 10, epochs: 1, minCount: 2, threads: 1, bucket: 50_000 },
      }),
    );
    expect((await lab.waitForJob(trained.jobId)).status).toBe('done');
    const dog = await call({ word: 'dog', run: 'ft' });
    const man = await call({ word: 'man', run: 'ft' });
    expect(dog.vectorFrom).toBe('ngrams');
    expect(man.vectorFrom).toBe('vocabulary');
    expect(dog.vector).toBeInstanceOf(Float32Array);
    expect(dog.vector).toHaveLength(10);
    const cos = (a: Float32Array, b: Float32Array) => {
      let dot = 0;
      let na = 0;
      let nb = 0;
      for (let i = 0; i < a.length; i++) {
        dot += a[i] * b[i];
        na += a[i] * a[i];
        nb += b[i] * b[i];
      }
      return dot / Math.sqrt(na * nb);
    };
    const { score } = await lab.handlers.similarity({ run: 'ft', a: 'dog', b: 'man' });
    expect(cos(dog.vector!, man.vector!)).toBeCloseTo(score, 5);
  });

  it('refuses spaces, an empty word and minn above maxn', () => {
    expect(() => parseArgs('subwords', { word: 'two words' })).toThrow(/subwords: word: one word/);
    expect(() => parseArgs('subwords', { word: '  ' })).toThrow(/subwords: word: must not be empty/);
    expect(() => parseArgs('subwords', { word: 'x', minn: 5, maxn: 3 })).toThrow(/subwords: maxn: minn must not/);
  });
});
