import { expect, test } from 'vitest';
import { LOW_OVERALL_RECALL, LOW_WORD_RECALL, keptOf, overallWarning, recallOf, wordWarning } from './faithfulness.ts';

test('the map as a whole: a warning below recall 0.3, none at or above it, none without a number', () => {
  expect(overallWarning(0.29)).toMatch(/not their true neighbours/);
  expect(overallWarning(LOW_OVERALL_RECALL)).toBeNull();
  expect(overallWarning(0.9)).toBeNull();
  expect(overallWarning(null)).toBeNull();
  expect(overallWarning(NaN)).toBeNull();
});

test('one word: a warning below recall 0.2', () => {
  expect(wordWarning(0.1)).toMatch(/neighbours on screen are mostly not its true neighbours/i);
  expect(wordWarning(LOW_WORD_RECALL)).toBeNull();
  expect(wordWarning(undefined)).toBeNull();
});

test('a word recall from the per-word array; null off the map', () => {
  const per = new Float32Array([0.5, 0.1]);
  expect(recallOf(per, 1)).toBeCloseTo(0.1);
  expect(recallOf(per, -1)).toBeNull();
  expect(recallOf(per, 2)).toBeNull();
  expect(recallOf(null, 0)).toBeNull();
  expect(recallOf(new Float32Array([NaN]), 0)).toBeNull();
  expect(keptOf(0.7, 10)).toBe('7 of 10');
});
