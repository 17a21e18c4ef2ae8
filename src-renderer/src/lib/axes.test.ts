import { describe, expect, test } from 'vitest';
import { axesKey, completeAxis, lastWord, overlaps, parseAxes } from './axes.ts';
import { axisText, parseAxis } from '../../../src-preload/axis-text.ts';

describe('parseAxis', () => {
  test('reads an arrow, a unicode arrow or the CLI colon, with lists split at commas or spaces', () => {
    expect(parseAxis('man -> woman')).toEqual({ from: ['man'], to: ['woman'] });
    expect(parseAxis('man→woman')).toEqual({ from: ['man'], to: ['woman'] });
    expect(parseAxis('man:woman')).toEqual({ from: ['man'], to: ['woman'] });
    expect(parseAxis(' he,man, boy -> she woman,girl ')).toEqual({
      from: ['he', 'man', 'boy'],
      to: ['she', 'woman', 'girl'],
    });
    expect(parseAxis('king')).toEqual({ from: [], to: ['king'] });
    expect(parseAxis('good, great')).toEqual({ from: [], to: ['good', 'great'] });
  });

  test('an arrow wins over a colon: "a:b -> c" keeps the colon in the word', () => {
    expect(parseAxis('a:b -> c')).toEqual({ from: ['a:b'], to: ['c'] });
  });

  test('says what is wrong', () => {
    expect(() => parseAxis('   ')).toThrow('type a word, or two: "man -> woman"');
    expect(() => parseAxis('man ->')).toThrow('no word after "->"');
    expect(() => parseAxis('-> woman')).toThrow('no word before "->"');
    expect(() => parseAxis(':woman')).toThrow('no word before ":"');
    expect(() => parseAxis('a -> b -> c')).toThrow('use one "->" between the two sides, not 2');
    expect(() => parseAxis('a:b:c')).toThrow('use one ":" between the two sides, not 2');
  });

  test('axisText reads back as the same axis', () => {
    for (const text of ['man -> woman', 'he,man:she,woman', 'king', 'a b → c']) {
      const axis = parseAxis(text);
      expect(parseAxis(axisText(axis))).toEqual(axis);
    }
    expect(axisText({ from: ['he', 'man'], to: ['she'] })).toBe('he, man -> she');
  });
});

describe('parseAxes', () => {
  test('parses as many axes as dimensions, and names the bad ones', () => {
    expect(parseAxes(['man -> woman', 'boy -> king', 'junk ->'], 2)).toEqual({
      axes: [
        { from: ['man'], to: ['woman'] },
        { from: ['boy'], to: ['king'] },
      ],
      errors: [null, null],
    });
    expect(parseAxes(['man -> woman', '', 'a -> b -> c'], 3)).toEqual({
      axes: null,
      errors: [null, 'type a word, or two: "man -> woman"', 'use one "->" between the two sides, not 2'],
    });
    expect(parseAxes(['man -> woman'], 2).errors[1]).toMatch(/type a word/);
  });

  test('axesKey is the same for spellings of the same axes', () => {
    expect(axesKey(['man->woman', 'boy : king'], 2)).toBe(axesKey(['man -> woman', 'boy → king'], 2));
    expect(axesKey(['man -> woman', 'boy -> king'], 2)).not.toBe(axesKey(['man -> woman', 'king -> boy'], 2));
    expect(axesKey(['man -> woman', ''], 2)).toBeNull();
  });
});

describe('completion of an axis text', () => {
  test('lastWord splits off the word being typed', () => {
    expect(lastWord('man -> wo')).toEqual({ head: 'man -> ', prefix: 'wo' });
    expect(lastWord('man->wo')).toEqual({ head: 'man->', prefix: 'wo' });
    expect(lastWord('he,ma')).toEqual({ head: 'he,', prefix: 'ma' });
    expect(lastWord('man:wo')).toEqual({ head: 'man:', prefix: 'wo' });
    expect(lastWord('kin')).toEqual({ head: '', prefix: 'kin' });
    expect(lastWord('man -> ')).toEqual({ head: 'man -> ', prefix: '' });
  });

  test('completes the last word only, keeping the text before it', async () => {
    const asked: string[] = [];
    const complete = async (prefix: string) => {
      asked.push(prefix);
      return ['woman', 'women'];
    };
    expect(await completeAxis('man -> wo', complete)).toEqual(['man -> woman', 'man -> women']);
    expect(await completeAxis('man -> ', complete)).toEqual([]);
    expect(asked).toEqual(['wo']);
  });
});

describe('overlaps', () => {
  test('lists the pairs of axes with |cosine| above 0.5', () => {
    expect(
      overlaps([
        [1, 0.75, 0.1],
        [0.75, 1, -0.6],
        [0.1, -0.6, 1],
      ]),
    ).toEqual([
      { a: 0, b: 1, cosine: 0.75 },
      { a: 1, b: 2, cosine: -0.6 },
    ]);
    expect(
      overlaps([
        [1, 0.5],
        [0.5, 1],
      ]),
    ).toEqual([]);
  });
});
