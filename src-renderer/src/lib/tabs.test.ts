import { describe, expect, test } from 'vitest';
import { tabKeyTarget } from './tabs.ts';

describe('tabKeyTarget', () => {
  test.each([
    ['ArrowRight', 0, 4, 1],
    ['ArrowRight', 3, 4, 0],
    ['ArrowLeft', 0, 4, 3],
    ['ArrowLeft', 2, 4, 1],
    ['Home', 2, 4, 0],
    ['End', 1, 4, 3],
    ['ArrowRight', 0, 1, 0],
  ])('%s from tab %i of %i goes to %i', (key, from, count, to) => {
    expect(tabKeyTarget(key, from, count)).toBe(to);
  });

  test('other keys are not tab moves', () => {
    for (const key of ['ArrowUp', 'ArrowDown', 'Enter', ' ', 'Tab', 'a']) expect(tabKeyTarget(key, 1, 4)).toBeNull();
  });

  test('an unknown current tab counts as the first; an empty bar has nowhere to go', () => {
    expect(tabKeyTarget('ArrowRight', -1, 3)).toBe(1);
    expect(tabKeyTarget('ArrowLeft', 7, 3)).toBe(2);
    expect(tabKeyTarget('Home', 0, 0)).toBeNull();
  });
});
