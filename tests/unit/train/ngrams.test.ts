import { describe, expect, it } from 'vitest';
import {
  bucketsAsMatrix,
  bucketsFromMatrix,
  buildSubwordTable,
  compactNgramRows,
  compactRowOf,
  composeWordVectors,
  fasttextHash,
  ngramStrings,
  oovVector,
  subwordIds,
} from '../../../src-main/core/train/fasttext/ngrams.ts';

describe("fastText's character n-grams", () => {
  it('splits "where" (minn 3, maxn 6) exactly as fastText: by start, then length, `<where>` too long', () => {
    expect(ngramStrings('where', 3, 6)).toEqual([
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
  });

  it('includes the whole `<word>` when it is short enough, as fastText does', () => {
    expect(ngramStrings('the', 3, 6)).toEqual(['<th', '<the', '<the>', 'the', 'the>', 'he>']);
    expect(ngramStrings('a', 3, 6)).toEqual(['<a>']);
    expect(ngramStrings('a', 4, 6)).toEqual([]);
  });

  it('counts whole characters (code points), never splitting a UTF-8 sequence', () => {
    expect(ngramStrings('naïve', 3, 4)).toEqual(['<na', '<naï', 'naï', 'naïv', 'aïv', 'aïve', 'ïve', 'ïve>', 've>']);
    expect(ngramStrings('日本', 1, 6)).toEqual(['<日', '<日本', '<日本>', '日', '日本', '日本>', '本', '本>']);
    // a character outside the BMP (4 UTF-8 bytes, 2 UTF-16 units) is one character
    expect(ngramStrings('😀a', 2, 2)).toEqual(['<😀', '😀a', 'a>']);
  });

  it('makes none when maxn is 0', () => {
    expect(ngramStrings('where', 0, 0)).toEqual([]);
    expect(subwordIds('where', 0, 0, 100).length).toBe(0);
  });
});

describe("fastText's hash", () => {
  // reference values: fastText's Dictionary::hash (FNV-1a, each byte cast to
  // int8_t before the xor), computed in Python and with gensim's ft_hash_bytes
  it.each([
    ['', 2166136261],
    ['a', 3826002220],
    ['where', 90969176],
    ['<wh', 1048167652],
    ['<where>', 2319392596],
  ])('hashes the ASCII string %j to %d', (s, h) => {
    expect(fasttextHash(s)).toBe(h);
  });

  it.each([
    // plain FNV-1a would give 2577008683, 2670128721, 513665217 and 278778551
    ['naïve', 3440832043],
    ['日本', 4164387409],
    ['é', 1023043777],
    ['ÿ', 788157111],
  ])('sign-extends bytes >= 0x80 in %j as fastText (%d)', (s, h) => {
    expect(fasttextHash(s)).toBe(h);
    expect(fasttextHash(new TextEncoder().encode(s))).toBe(h);
  });

  it('gives each n-gram the bucket hash % bucket, repeats kept', () => {
    const grams = ngramStrings('naïve', 3, 6);
    const ids = subwordIds('naïve', 3, 6, 1000);
    expect(Array.from(ids)).toEqual(grams.map((g) => fasttextHash(g) % 1000));
    // gensim's ft_ngram_hashes('naïve', 3, 6, 1000) lists the same buckets in another order
    expect(Array.from(ids).sort((a, b) => a - b)).toEqual(
      [890, 692, 190, 201, 546, 404, 43, 687, 832, 7, 331, 570, 548, 654].sort((a, b) => a - b),
    );
    expect(Array.from(subwordIds('aaaa', 3, 3, 1000))).toEqual([
      fasttextHash('<aa') % 1000,
      fasttextHash('aaa') % 1000,
      fasttextHash('aaa') % 1000,
      fasttextHash('aa>') % 1000,
    ]);
  });
});

describe('word and OOV vectors', () => {
  // Rows of a fastText model's n-gram matrix (`fasttext skipgram -minn 3 -maxn 6
  // -bucket 1000 -dim 2 -thread 12`), only those the two words below use, and the
  // vectors `fasttext print-word-vectors` printed for them, both unseen in training.
  const rows: Record<number, [number, number]> = {
    7: [-0.3487272, 0.4488625],
    43: [0.1987614, 0.347351],
    75: [-0.100594, -0.4929144],
    78: [0.1260345, 0.08956652],
    143: [-0.02857201, -0.2442717],
    190: [0.3521017, -0.1940026],
    197: [0.06073352, -0.1373136],
    201: [-0.3475636, -0.1509523],
    293: [0.07396202, 0.3820784],
    336: [-0.2808915, 0.3571389],
    404: [-0.1951272, 0.1980955],
    472: [0.3476921, 0.3620132],
    514: [-0.3372185, 0.256364],
    517: [-0.3873023, 0.3574211],
    535: [0.1754327, 0.2680838],
    546: [-0.4472542, 0.482519],
    570: [-0.1212459, 0.4209409],
    587: [-0.4226824, -0.1586],
    612: [-0.4640844, 0.02623533],
    658: [-0.4064294, -0.1336434],
    692: [0.2252922, 0.09522714],
    801: [-0.1477908, -0.1828434],
    832: [0.3606308, 0.2156425],
    848: [0.1254547, -0.3434461],
    890: [-0.4917242, 0.2165322],
    891: [0.232043, 0.4237082],
    905: [0.3426692, 0.3903357],
    918: [-0.162591, -0.05451966],
  };
  // every other row is far off, so a wrong bucket shows
  const ngrams = new Float32Array(1000 * 2).fill(100);
  for (const [id, [x, y]] of Object.entries(rows)) ngrams.set([x, y], Number(id) * 2);
  const row = (b: number): Float32Array => ngrams.subarray(b * 2, b * 2 + 2);

  it.each([
    ['naïveté', [-0.076153, 0.15993]],
    ['日本人', [-0.065606, -0.045474]],
  ])('gives %s the vector fastText printed', (word, expected) => {
    const v = oovVector(word, row, 2, 3, 6, 1000);
    expect(v[0]).toBeCloseTo(expected[0], 5);
    expect(v[1]).toBeCloseTo(expected[1], 5);
  });

  it('is the zero vector for a word without n-grams', () => {
    expect(Array.from(oovVector('a', row, 2, 4, 6, 1000))).toEqual([0, 0]);
  });

  it('counts a bucket no training word used as a zero row in the mean', () => {
    const all = Array.from(subwordIds('naïveté', 3, 6, 1000));
    const kept = all[0];
    const onlyOne = (b: number): Float32Array | null => (b === kept ? row(kept) : null);
    const v = oovVector('naïveté', onlyOne, 2, 3, 6, 1000);
    const times = all.filter((b) => b === kept).length;
    expect(v[0]).toBeCloseTo((row(kept)[0] * times) / all.length, 6);
  });

  it('keeps only the buckets the words use, ascending, and renumbers the table to them', () => {
    const words = ['where', 'there', 'here'];
    const bucket = 1000;
    const table = buildSubwordTable(words, 3, 3, 6, bucket);
    const before = Array.from(table.ids);
    const buckets = compactNgramRows(table, 3, bucket);
    const distinct = [...new Set(before.filter((id) => id >= 3).map((id) => id - 3))].sort((a, b) => a - b);
    expect(Array.from(buckets)).toEqual(distinct);
    table.ids.forEach((id, k) => {
      if (before[k] < 3) expect(id).toBe(before[k]);
      else expect(buckets[id - 3]).toBe(before[k] - 3);
    });
    expect(compactRowOf(buckets, distinct[2])).toBe(2);
    expect(compactRowOf(buckets, 1001)).toBe(-1);
    // stored as float32 bytes, the numbers come back exact, even past 2^24
    const big = Uint32Array.of(5, 16_777_217, 4_000_000_000);
    expect(Array.from(bucketsFromMatrix(new Float32Array(bucketsAsMatrix(big))))).toEqual(Array.from(big));
  });

  it("composes a kept word's vector from its own row and its n-gram rows", () => {
    const words = ['ab', 'b'];
    const bucket = 5;
    const table = buildSubwordTable(words, 2, 2, 3, bucket);
    const abIds = subwordIds('ab', 2, 3, bucket);
    expect(Array.from(table.ids.subarray(table.offsets[0], table.offsets[1]))).toEqual([
      0,
      ...Array.from(abIds, (i) => 2 + i),
    ]);
    expect(table.offsets[2] - table.offsets[1]).toBe(1 + subwordIds('b', 2, 3, bucket).length);
    const dim = 2;
    const input = Float32Array.from({ length: (2 + bucket) * dim }, (_, i) => i);
    const vectors = composeWordVectors(input, table, 2, dim);
    const expected = [0, 0];
    for (const r of [0, ...Array.from(abIds, (i) => 2 + i)]) {
      expected[0] += input[r * dim];
      expected[1] += input[r * dim + 1];
    }
    const n = 1 + abIds.length;
    expect(vectors[0]).toBeCloseTo(expected[0] / n, 5);
    expect(vectors[1]).toBeCloseTo(expected[1] / n, 5);
  });
});
