// The Huffman tree hierarchical softmax walks, built exactly as word2vec.c's
// CreateBinaryTree: two cursors over the counts (sorted most frequent first)
// and the inner nodes made so far, always joining the two smallest, with ties
// going to the inner node. Word w's path runs root first: at inner node
// points[k] (a row of syn1) it branches to codes[k].

export interface HuffmanTree {
  /** words in the tree (leaves); inner nodes are 0 .. size-2, the root is size-2 */
  size: number;
  /** word w's codes and points are at [offsets[w], offsets[w + 1]) */
  offsets: Uint32Array;
  /** branch bits along each path, root first: word2vec.c's vocab[w].code */
  codes: Uint8Array;
  /** inner nodes along each path, root first: word2vec.c's vocab[w].point */
  points: Uint32Array;
  /** the longest path */
  maxCodeLength: number;
}

/** the tree over words [0, size) with these counts (most frequent first, as word2vec.c sorts them) */
export function buildHuffmanTree(counts: ArrayLike<number>, size = counts.length): HuffmanTree {
  if (!Number.isInteger(size) || size < 0 || size > counts.length) {
    throw new RangeError(`tree size must be a whole number in [0, ${counts.length}], got ${size}`);
  }
  if (size < 2) {
    // one word needs no decision: no inner nodes, an empty path (word2vec.c reads garbage here)
    return {
      size,
      offsets: new Uint32Array(size + 1),
      codes: new Uint8Array(0),
      points: new Uint32Array(0),
      maxCodeLength: 0,
    };
  }
  const nodes = 2 * size - 1;
  const count = new Float64Array(nodes);
  for (let a = 0; a < size; a++) count[a] = counts[a];
  count.fill(1e15, size);
  const parent = new Int32Array(nodes);
  const binary = new Uint8Array(nodes);
  let pos1 = size - 1;
  let pos2 = size;
  for (let a = 0; a < size - 1; a++) {
    let min1: number;
    let min2: number;
    if (pos1 >= 0 && count[pos1] < count[pos2]) min1 = pos1--;
    else min1 = pos2++;
    if (pos1 >= 0 && count[pos1] < count[pos2]) min2 = pos1--;
    else min2 = pos2++;
    count[size + a] = count[min1] + count[min2];
    parent[min1] = size + a;
    parent[min2] = size + a;
    binary[min2] = 1;
  }
  const root = nodes - 1;
  // every parent has a larger index than its children, so depths fill from the root down
  const depth = new Uint32Array(nodes);
  for (let n = root - 1; n >= 0; n--) depth[n] = depth[parent[n]] + 1;
  const offsets = new Uint32Array(size + 1);
  let maxCodeLength = 0;
  for (let w = 0; w < size; w++) {
    offsets[w + 1] = offsets[w] + depth[w];
    if (depth[w] > maxCodeLength) maxCodeLength = depth[w];
  }
  const codes = new Uint8Array(offsets[size]);
  const points = new Uint32Array(offsets[size]);
  for (let w = 0; w < size; w++) {
    // walk up from the leaf, filling the path from its end
    let k = offsets[w + 1];
    for (let n = w; n !== root; n = parent[n]) {
      k--;
      codes[k] = binary[n];
      points[k] = parent[n] - size;
    }
  }
  return { size, offsets, codes, points, maxCodeLength };
}
