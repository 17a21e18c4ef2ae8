// The sparse side of co-occurrence counting: an open-addressing hash table
// from an unordered word pair (a <= b) to its summed weight. Counting is
// symmetric, so X[a][b] = X[b][a] and one entry serves both; the transpose is
// written out when the table is spilled. Keys are a * V + b in a float64:
// exact, and Math.floor(key / V) gives a back, for any V <= MAX_GLOVE_VOCAB.

/** bytes one slot costs: its key and value, plus the spill's share of sort keys at the load limit */
export const BYTES_PER_SLOT = 8 + 8 + 2 * 8 * 0.7;
const LOAD_LIMIT = 0.7;
const EMPTY = -1;

export class PairTable {
  /** a * vocabSize + b, or EMPTY */
  private keys: Float64Array;
  private values: Float64Array;
  private mask: number;
  /** entries held */
  size = 0;
  /** resize or spill at this many entries */
  private limit: number;
  /** the most slots the table may grow to */
  private readonly maxCapacity: number;
  /** scratch for sortedKeys(): every entry and its transpose */
  private sortBuffer = new Float64Array(0);

  /** starts small and doubles as entries come, up to `maxSlots` (rounded down to a power of 2, at least 64) */
  constructor(
    maxSlots: number,
    readonly vocabSize: number,
    initialSlots = 65536,
  ) {
    let max = 64;
    while (max * 2 <= maxSlots) max *= 2;
    this.maxCapacity = max;
    const capacity = Math.min(max, Math.max(64, initialSlots));
    this.keys = new Float64Array(capacity).fill(EMPTY);
    this.values = new Float64Array(capacity);
    this.mask = capacity - 1;
    this.limit = Math.floor(capacity * LOAD_LIMIT);
  }

  get capacity(): number {
    return this.keys.length;
  }

  /** true when the table is at its largest and its load limit: spill it before adding more */
  get full(): boolean {
    return this.size >= this.limit && this.keys.length === this.maxCapacity;
  }

  /** adds `weight` to the pair (a, b), a <= b */
  add(a: number, b: number, weight: number): void {
    const key = a * this.vocabSize + b;
    const { keys, mask } = this;
    let slot = hashPair(a, b) & mask;
    for (;;) {
      const k = keys[slot];
      if (k === key) {
        this.values[slot] += weight;
        return;
      }
      if (k === EMPTY) {
        keys[slot] = key;
        this.values[slot] = weight;
        if (++this.size >= this.limit && keys.length < this.maxCapacity) this.grow();
        return;
      }
      slot = (slot + 1) & mask;
    }
  }

  /** doubles the table, re-inserting every entry */
  private grow(): void {
    const oldKeys = this.keys;
    const oldValues = this.values;
    const capacity = 2 * oldKeys.length;
    const keys = new Float64Array(capacity).fill(EMPTY);
    const values = new Float64Array(capacity);
    const mask = capacity - 1;
    const v = this.vocabSize;
    for (let s = 0; s < oldKeys.length; s++) {
      const key = oldKeys[s];
      if (key === EMPTY) continue;
      const a = Math.floor(key / v);
      let slot = hashPair(a, key - a * v) & mask;
      while (keys[slot] !== EMPTY) slot = (slot + 1) & mask;
      keys[slot] = key;
      values[slot] = oldValues[s];
    }
    this.keys = keys;
    this.values = values;
    this.mask = mask;
    this.limit = Math.floor(capacity * LOAD_LIMIT);
  }

  /** the weight of (a, b), a <= b; 0 if absent */
  get(a: number, b: number): number {
    const key = a * this.vocabSize + b;
    const { keys, mask } = this;
    let slot = hashPair(a, b) & mask;
    for (;;) {
      const k = keys[slot];
      if (k === key) return this.values[slot];
      if (k === EMPTY) return 0;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * The keys i * vocabSize + j of every ordered pair the table stands for (each
   * entry and, off the diagonal, its transpose), ascending. The view is valid
   * until the next call or clear().
   */
  sortedKeys(): Float64Array {
    const { keys, vocabSize } = this;
    if (this.sortBuffer.length < 2 * this.size) this.sortBuffer = new Float64Array(2 * this.limit);
    const out = this.sortBuffer;
    let n = 0;
    for (let s = 0; s < keys.length; s++) {
      const key = keys[s];
      if (key === EMPTY) continue;
      out[n++] = key;
      const a = Math.floor(key / vocabSize);
      const b = key - a * vocabSize;
      if (a !== b) out[n++] = b * vocabSize + a;
    }
    return out.subarray(0, n).sort();
  }

  /** the weight of the ordered pair (i, j), either way round */
  valueAt(i: number, j: number): number {
    return i <= j ? this.get(i, j) : this.get(j, i);
  }

  /** empties the table, keeping its size */
  clear(): void {
    this.keys.fill(EMPTY);
    this.size = 0;
  }
}

function hashPair(a: number, b: number): number {
  let h = (Math.imul(a, 0x9e3779b1) + b) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return h ^ (h >>> 16);
}
