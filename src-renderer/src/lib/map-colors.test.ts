import { describe, expect, test } from 'vitest';
import { MAX_GROUPS, frequencyShades, groupCounts, groupOf, parseWordGroups, parseWordList } from './map-colors.ts';
import { MAP_THEMES, toXYZ } from './map-style.ts';

describe('frequencyShades', () => {
  test('log scale of the counts: most frequent 0, rarest 1, a geometric middle at 0.5', () => {
    const t = frequencyShades([1000, 100, 10, 10], 4);
    expect([...t].map((x) => +x.toFixed(4))).toEqual([0, 0.5, 1, 1]);
  });

  test('without usable counts (none, zeros, all equal) the rank order stands in', () => {
    const byRank = [...frequencyShades([], 3)].map((x) => +x.toFixed(4));
    expect(byRank).toEqual([0, +(Math.log(2) / Math.log(3)).toFixed(4), 1]);
    expect([...frequencyShades([5, 0, 1], 3)]).toEqual([...frequencyShades([], 3)]);
    expect([...frequencyShades([7, 7, 7], 3)]).toEqual([...frequencyShades([], 3)]);
    expect([...frequencyShades([9], 1)]).toEqual([0]);
    expect(frequencyShades([], 0)).toHaveLength(0);
  });
});

describe('word lists', () => {
  test('one list per line, named or numbered; words split on spaces and commas; a word stays in its first list', () => {
    const groups = parseWordGroups('royalty: king, queen prince\n\n  man woman king \nno name: here\n');
    expect(groups).toEqual([
      { name: 'royalty', words: ['king', 'queen', 'prince'] },
      { name: 'list 2', words: ['man', 'woman'] },
      // "no name" has a space: not a name, the whole line is words
      { name: 'list 3', words: ['no', 'name:', 'here'] },
    ]);
    expect(parseWordList(' a,b ;c  a ')).toEqual(['a', 'b', 'c']);
  });

  test('each map word gets its list (the first six), or -1; counts per list', () => {
    const groups = parseWordGroups('a b\nc\nd\ne\nf\ng\nh');
    expect(groups).toHaveLength(7);
    const g = groupOf(['a', 'x', 'c', 'b', 'h', 'g'], groups);
    expect([...g]).toEqual([0, -1, 1, 0, -1, 5]);
    expect(groupCounts(g, MAX_GROUPS)).toEqual([2, 1, 0, 0, 0, 1]);
  });

  test('every theme has a colour per list', () => {
    for (const theme of Object.values(MAP_THEMES)) expect(theme.groups).toHaveLength(MAX_GROUPS);
  });
});

test('toXYZ puts a 2D layout on the z = 0 plane and copies a 3D one', () => {
  const out = new Float32Array(6);
  expect([...toXYZ(new Float32Array([1, 2, 3, 4]), 2, 2, out)]).toEqual([1, 2, 0, 3, 4, 0]);
  expect([...toXYZ(new Float32Array([1, 2, 3, 4, 5, 6]), 3, 2, out)]).toEqual([1, 2, 3, 4, 5, 6]);
});
