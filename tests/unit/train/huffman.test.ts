import { describe, expect, it } from 'vitest';
import { buildHuffmanTree, type HuffmanTree } from '../../../src-main/core/train/huffman.ts';

function paths(tree: HuffmanTree): { codes: string; points: number[] }[] {
  return Array.from({ length: tree.size }, (_, w) => ({
    codes: Array.from(tree.codes.subarray(tree.offsets[w], tree.offsets[w + 1])).join(''),
    points: Array.from(tree.points.subarray(tree.offsets[w], tree.offsets[w + 1])),
  }));
}

describe("Huffman tree as word2vec.c's CreateBinaryTree", () => {
  it('gives the hand-computed codes and points for counts [5, 4, 3, 2, 1]', () => {
    // joins: (4,3)->5 [count 3]; (5,2)->6 [6], the inner node winning the 3-3 tie;
    // (1,0)->7 [9]; (6,7)->8 [15], the root. The second of each pair gets bit 1;
    // points are inner nodes minus vocab size, root (3) first.
    const tree = buildHuffmanTree([5, 4, 3, 2, 1]);
    expect(paths(tree)).toEqual([
      { codes: '11', points: [3, 2] },
      { codes: '10', points: [3, 2] },
      { codes: '01', points: [3, 1] },
      { codes: '001', points: [3, 1, 0] },
      { codes: '000', points: [3, 1, 0] },
    ]);
    expect(tree.maxCodeLength).toBe(3);
  });

  it('breaks ties as word2vec.c (same output as the C code on counts [2, 2, 1, 1, 1, 1])', () => {
    expect(paths(buildHuffmanTree([2, 2, 1, 1, 1, 1]))).toEqual([
      { codes: '11', points: [4, 3] },
      { codes: '10', points: [4, 3] },
      { codes: '011', points: [4, 2, 1] },
      { codes: '010', points: [4, 2, 1] },
      { codes: '001', points: [4, 2, 0] },
      { codes: '000', points: [4, 2, 0] },
    ]);
  });

  it('is an optimal prefix code on a larger vocabulary', () => {
    const counts = Array.from({ length: 200 }, (_, i) => Math.floor(10000 / (i + 1)));
    const tree = buildHuffmanTree(counts);
    // Kraft equality: a full binary tree
    let kraft = 0;
    let cost = 0;
    for (let w = 0; w < 200; w++) {
      const length = tree.offsets[w + 1] - tree.offsets[w];
      kraft += 2 ** -length;
      cost += counts[w] * length;
      expect(tree.points[tree.offsets[w]]).toBe(198); // every path starts at the root
    }
    expect(kraft).toBeCloseTo(1, 12);
    // Huffman's cost is the sum of all merged weights; compute it with a plain sorted merge
    const weights = counts.slice();
    let expected = 0;
    while (weights.length > 1) {
      weights.sort((a, b) => a - b);
      const merged = weights.shift()! + weights.shift()!;
      expected += merged;
      weights.push(merged);
    }
    expect(cost).toBe(expected);
    // a code is never the prefix of another
    const all = paths(tree).map((p) => p.codes);
    const sorted = all.slice().sort();
    for (let i = 1; i < sorted.length; i++) expect(sorted[i].startsWith(sorted[i - 1])).toBe(false);
  });

  it('has empty paths for a one-word vocabulary and covers only the first `size` words', () => {
    expect(paths(buildHuffmanTree([7]))).toEqual([{ codes: '', points: [] }]);
    const tree = buildHuffmanTree([5, 4, 3, 2, 1], 2);
    expect(paths(tree)).toEqual([
      { codes: '1', points: [0] },
      { codes: '0', points: [0] },
    ]);
  });
});
