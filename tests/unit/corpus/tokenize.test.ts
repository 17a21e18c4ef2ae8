import { describe, expect, it } from 'vitest';
import { tokenizeLine } from '../../../src-main/core/corpus/tokenize.ts';

const keepCase = (line: string) => tokenizeLine(line, { lowercase: false });
const lower = (line: string) => tokenizeLine(line, { lowercase: true });

describe('tokenizeLine', () => {
  it('splits on spaces and punctuation', () => {
    expect(keepCase('Hello, world! (It works.)')).toEqual(['Hello', 'world', 'It', 'works']);
    expect(keepCase('  \t ')).toEqual([]);
    expect(keepCase('')).toEqual([]);
    expect(keepCase('snake_case a/b x+y "quoted"')).toEqual(['snake', 'case', 'a', 'b', 'x', 'y', 'quoted']);
  });

  it('lowercases only when asked', () => {
    expect(keepCase('The BBC')).toEqual(['The', 'BBC']);
    expect(lower('The BBC')).toEqual(['the', 'bbc']);
    expect(lower('Ñandú ÉCOLE Straße')).toEqual(['ñandú', 'école', 'straße']);
  });

  it('keeps inner apostrophes and hyphens, drops outer ones', () => {
    expect(keepCase("don't rock'n'roll state-of-the-art")).toEqual(["don't", "rock'n'roll", 'state-of-the-art']);
    expect(keepCase("'tis the dogs' --dash-- a - b x--y")).toEqual(['tis', 'the', 'dogs', 'dash', 'a', 'b', 'x', 'y']);
  });

  it('treats the typographic apostrophe and Unicode hyphens as their ASCII forms', () => {
    expect(keepCase('don’t e\u2010mail non\u2011stop')).toEqual(["don't", 'e-mail', 'non-stop']);
    expect(keepCase('‘quoted’')).toEqual(['quoted']);
  });

  it('keeps digits as words, split at dots and commas', () => {
    expect(keepCase('COVID-19 in 2020: 3.14 and 1,000')).toEqual([
      'COVID-19',
      'in',
      '2020',
      '3',
      '14',
      'and',
      '1',
      '000',
    ]);
    expect(keepCase('٣ apples')).toEqual(['٣', 'apples']);
  });

  it('keeps accented letters and combining marks inside words', () => {
    expect(keepCase('café naïve Ñandú façade')).toEqual(['café', 'naïve', 'Ñandú', 'façade']);
    expect(keepCase('हिन्दी भाषा')).toEqual(['हिन्दी', 'भाषा']);
  });

  it('normalises to NFC', () => {
    const [word] = keepCase('cafe\u0301');
    expect(word).toBe('caf\u00e9');
    expect(lower('A\u030Angstr\u00F6m')).toEqual(['\u00e5ngstr\u00f6m']);
  });

  it('keeps a run of CJK characters as one word (no segmentation)', () => {
    expect(keepCase('東京、大阪。')).toEqual(['東京', '大阪']);
    expect(keepCase('Tokyo 東京 2020')).toEqual(['Tokyo', '東京', '2020']);
  });

  it('drops emoji, including their variation selectors and modifiers', () => {
    expect(keepCase('I ❤️ NY 🍕! 👍🏽 ok 👩‍💻')).toEqual(['I', 'NY', 'ok']);
  });

  it('lowercases without a locale', () => {
    // the Turkish dotted capital I lowercases to i + combining dot above everywhere
    expect(lower('İstanbul')).toEqual(['i\u0307stanbul']);
  });
});
