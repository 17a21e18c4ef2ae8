// The encoder tokenizer against ids recorded from the reference tokenizer:
// the fixture's sentences (Hugging Face), and tricky strings, pairs and
// truncation (tests/fixtures/bert/make-token-refs.py). Both a tokenizer.json
// folder and a vocab.txt-only folder must give the same ids.
import { copyFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EncoderTokenizer, truncatePair } from '../../../src-main/core/onnx/tokenizer.ts';
import { inspectEncoderFolder } from '../../../src-main/core/onnx/folder.ts';
import { repoRoot, sharedData, tempDir } from '../../helpers/paths.ts';

interface Case {
  text: string;
  pair: string | null;
  maxLength: number;
  tokens: string[];
  ids: number[];
  tokenTypeIds: number[];
  truncated: boolean;
}

const fixture = sharedData('bert/fixture');
const reference = JSON.parse(readFileSync(join(fixture, 'reference.json'), 'utf8')) as {
  sentences: { text: string; tokens: string[]; input_ids: number[]; token_type_ids: number[] }[];
};
const cases = (
  JSON.parse(readFileSync(join(repoRoot, 'tests/fixtures/bert/token-refs.json'), 'utf8')) as { cases: Case[] }
).cases;

const vocabOnly = tempDir('embedlab-vocab-');
for (const f of ['vocab.txt', 'tokenizer_config.json', 'config.json', 'model.onnx']) {
  copyFileSync(join(fixture, f), join(vocabOnly.dir, f));
}
afterAll(vocabOnly.cleanup);

const label = (c: Case) => `${c.text.slice(0, 30)}${c.pair ? ` | ${c.pair.slice(0, 15)}` : ''} (max ${c.maxLength})`;

describe.each([
  ['tokenizer.json', fixture],
  ['vocab.txt only', vocabOnly.dir],
])('encoder tokenizer from %s', (_name, dir) => {
  const folder = inspectEncoderFolder(dir);
  const tok = EncoderTokenizer.fromFolder(dir, folder.tokenizerFile, folder.maxLength);

  it('reads the maximum length from the folder', () => {
    expect(tok.maxLength).toBe(512);
  });

  it.each(reference.sentences.map((s) => [s.text, s] as const))('tokenizes %j as Hugging Face does', (_t, s) => {
    const out = tok.encode(s.text);
    expect(out.tokens).toEqual(s.tokens);
    expect(out.ids).toEqual(s.input_ids);
    expect(out.tokenTypeIds).toEqual(s.token_type_ids);
    expect(out.truncated).toBe(false);
  });

  it.each(cases.map((c) => [label(c), c] as const))('%s', (_l, c) => {
    const out = tok.encode(c.text, c.pair, c.maxLength);
    expect(out.tokens).toEqual(c.tokens);
    expect(out.ids).toEqual(c.ids);
    expect(out.tokenTypeIds).toEqual(c.tokenTypeIds);
    expect(out.truncated).toBe(c.truncated);
  });

  it('keeps the final [SEP] of a truncated text', () => {
    const out = tok.encode('word '.repeat(600));
    expect(out.ids).toHaveLength(512);
    expect(out.tokens.at(-1)).toBe('[SEP]');
    expect(out.truncated).toBe(true);
  });
});

describe('longest_first truncation of a pair', () => {
  const seq = (n: number) => Array.from({ length: n }, (_, i) => i);
  it('cuts only the longer text when the shorter fits in half', () => {
    const [a, b] = truncatePair(seq(3), seq(20), 10);
    expect([a.length, b.length]).toEqual([3, 7]);
  });
  it('splits the budget when both are long, the odd token to the longer', () => {
    expect(truncatePair(seq(30), seq(20), 9).map((x) => x.length)).toEqual([5, 4]);
    expect(truncatePair(seq(20), seq(30), 9).map((x) => x.length)).toEqual([4, 5]);
  });
  it('leaves texts that fit alone', () => {
    expect(truncatePair(seq(2), seq(3), 5).map((x) => x.length)).toEqual([2, 3]);
  });
});
