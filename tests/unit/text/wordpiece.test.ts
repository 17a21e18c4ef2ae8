// WordPiece against the BERT fixture's reference tokenisation (transformers.js,
// cross-checked with a Python port of BERT's tokenizer): same tokens, same ids.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseVocab, WordPiece } from '../../../src-main/core/text/wordpiece.ts';
import { repoRoot, sharedData } from '../../helpers/paths.ts';

interface Reference {
  sentences: { text: string; tokens: string[]; input_ids: number[] }[];
}

const vocabText = readFileSync(join(repoRoot, 'resources', 'bert', 'vocab.txt'), 'utf8');
const tokenizer = new WordPiece(parseVocab(vocabText));

describe('WordPiece (bert-base-uncased)', () => {
  it('ships the fixture vocabulary unchanged', () => {
    expect(vocabText).toBe(readFileSync(sharedData('bert/fixture/vocab.txt'), 'utf8'));
    expect(tokenizer.size).toBe(30522);
    expect(tokenizer.vocab.get('[UNK]')).toBe(100);
  });

  const reference = JSON.parse(readFileSync(sharedData('bert/fixture/reference.json'), 'utf8')) as Reference;
  it.each(reference.sentences.map((s) => [s.text, s] as const))('tokenizes %j as the reference', (_text, s) => {
    expect(['[CLS]', ...tokenizer.tokenize(s.text), '[SEP]']).toEqual(s.tokens);
    expect(tokenizer.encode(s.text)).toEqual(s.input_ids);
  });

  it('splits the lecture word greedily, longest piece first', () => {
    expect(tokenizer.tokenize('unhappiness')).toEqual(['un', '##ha', '##pp', '##iness']);
    expect(tokenizer.tokenize('Unhappiness!')).toEqual(['un', '##ha', '##pp', '##iness', '!']);
    expect(tokenizer.tokenize('happiness')).toEqual(['happiness']);
  });

  it('gives [UNK] for a word it cannot cut and for one over 100 characters', () => {
    expect(tokenizer.tokenize('🤖')).toEqual(['[UNK]']);
    expect(tokenizer.tokenize('a'.repeat(100))).not.toContain('[UNK]');
    expect(tokenizer.tokenize('a'.repeat(101))).toEqual(['[UNK]']);
  });

  it('keeps special tokens whole, drops control characters, splits punctuation', () => {
    expect(tokenizer.tokenize('[CLS] a\u0000b\u200b c-d')).toEqual(['[CLS]', 'ab', 'c', '-', 'd']);
    expect(tokenizer.basicTokens('  Tokenización  ')).toEqual(['tokenizacion']);
  });

  it('is empty for an empty or blank text', () => {
    expect(tokenizer.tokenize('')).toEqual([]);
    expect(tokenizer.tokenize(' \t\n ')).toEqual([]);
  });

  it('refuses a vocabulary without the unknown token', () => {
    expect(() => new WordPiece(new Map([['a', 0]]))).toThrow(/unknown token/);
  });

  it('can keep case and accents for a cased vocabulary', () => {
    const cased = new WordPiece(
      new Map([
        ['[UNK]', 0],
        ['Café', 1],
      ]),
      { lowercase: false },
    );
    expect(cased.tokenize('Café')).toEqual(['Café']);
    expect(cased.tokenize('café')).toEqual(['[UNK]']);
  });
});
