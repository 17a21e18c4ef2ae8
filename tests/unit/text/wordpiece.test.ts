// The Lessons view's WordPiece split: Hugging Face's BertTokenizer (through
// @huggingface/tokenizers) built from the shipped bert-base-uncased
// vocabulary, against the BERT fixture's reference tokenisation: same tokens,
// same ids; and the lecture's examples.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EncoderTokenizer } from '../../../src-main/core/onnx/tokenizer.ts';
import { repoRoot, sharedData } from '../../helpers/paths.ts';

interface Reference {
  sentences: { text: string; tokens: string[]; input_ids: number[] }[];
}

const shipped = join(repoRoot, 'resources', 'bert');
const tokenizer = EncoderTokenizer.fromFolder(shipped, 'vocab.txt', 512);
const pieces = (text: string) => tokenizer.pieces(text).tokens;

describe('WordPiece for the lessons (bert-base-uncased)', () => {
  it('ships the fixture vocabulary unchanged', () => {
    const vocab = readFileSync(join(shipped, 'vocab.txt'), 'utf8');
    expect(vocab).toBe(readFileSync(sharedData('bert/fixture/vocab.txt'), 'utf8'));
    expect(tokenizer.vocabSize).toBe(30522);
    expect(tokenizer.pieces('[UNK]').ids).toEqual([100]);
  });

  const reference = JSON.parse(readFileSync(sharedData('bert/fixture/reference.json'), 'utf8')) as Reference;
  it.each(reference.sentences.map((s) => [s.text, s] as const))('splits %j as the reference', (_text, s) => {
    const { tokens, ids } = tokenizer.pieces(s.text);
    expect(['[CLS]', ...tokens, '[SEP]']).toEqual(s.tokens);
    expect([101, ...ids, 102]).toEqual(s.input_ids);
  });

  it('splits the lecture word greedily, longest piece first', () => {
    expect(pieces('unhappiness')).toEqual(['un', '##ha', '##pp', '##iness']);
    expect(pieces('Unhappiness!')).toEqual(['un', '##ha', '##pp', '##iness', '!']);
    expect(pieces('happiness')).toEqual(['happiness']);
  });

  it('gives [UNK] for a word it cannot cut and for one over 100 characters', () => {
    expect(pieces('🤖')).toEqual(['[UNK]']);
    expect(pieces('a'.repeat(100))).not.toContain('[UNK]');
    expect(pieces('a'.repeat(101))).toEqual(['[UNK]']);
  });

  it('keeps special tokens whole, drops control characters, splits punctuation, strips accents', () => {
    expect(pieces('[CLS] a\u0000b\u200b c-d')).toEqual(['[CLS]', 'ab', 'c', '-', 'd']);
    // lowercased, the accent stripped, then cut: the pieces spell "tokenizacion"
    expect(pieces('  Tokenización  ').join('').replaceAll('##', '')).toBe('tokenizacion');
  });

  it('is empty for an empty or blank text', () => {
    expect(pieces('')).toEqual([]);
    expect(pieces(' \t\n ')).toEqual([]);
  });
});
