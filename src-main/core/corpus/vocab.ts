// Word counts gathered while a corpus streams by. Words get provisional ids in
// order of first sight; finalize() sorts them (count descending, ties by word
// in code-point order, so every import of the same text gives the same ids) and
// says where each provisional id went.
//
// Words are kept as UTF-8 bytes in one pool, found through an open-addressing
// hash table: the importer hands over bytes straight from its read buffer, so
// counting a known word allocates nothing (a Map<string> costs a fresh string
// and its hash for every occurrence, about half the import time).

export interface FinalVocab {
  words: string[];
  counts: number[];
  /** provisional id -> final id */
  remap: Uint32Array;
}

const EMPTY = -1;

export class VocabCounter {
  /** hash table of ids; EMPTY where free; its size is a power of two, at most half full */
  private slots = new Int32Array(1 << 16).fill(EMPTY);
  private hashes = new Int32Array(1 << 12);
  private starts = new Int32Array(1 << 12);
  private lengths = new Int32Array(1 << 12);
  // Float64: exact past 2^32 occurrences of one word
  private counts = new Float64Array(1 << 12);
  private pool: Buffer = Buffer.allocUnsafe(1 << 16);
  private poolUsed = 0;
  private scratch: Buffer = Buffer.allocUnsafe(1024);
  private words = 0;

  get size(): number {
    return this.words;
  }

  /** counts one occurrence of the word in bytes[0, length) (UTF-8); returns its provisional id */
  addBytes(bytes: Uint8Array, length: number): number {
    const hash = hashBytes(bytes, length);
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot];
      if (id === EMPTY) return this.insert(bytes, length, hash, slot);
      if (this.hashes[id] === hash && this.lengths[id] === length && this.sameBytes(id, bytes, length)) {
        this.counts[id]++;
        return id;
      }
    }
  }

  /** counts one occurrence of `word`; returns its provisional id */
  add(word: string): number {
    // a UTF-16 unit is at most 3 UTF-8 bytes
    if (word.length * 3 > this.scratch.length) this.scratch = Buffer.allocUnsafe(word.length * 3);
    return this.addBytes(this.scratch, this.scratch.write(word));
  }

  count(word: string): number {
    const bytes = Buffer.from(word);
    const mask = this.slots.length - 1;
    for (let slot = hashBytes(bytes, bytes.length) & mask; this.slots[slot] !== EMPTY; slot = (slot + 1) & mask) {
      const id = this.slots[slot];
      if (this.lengths[id] === bytes.length && this.sameBytes(id, bytes, bytes.length)) return this.counts[id];
    }
    return 0;
  }

  finalize(): FinalVocab {
    const n = this.words;
    const words = Array.from({ length: n }, (_, id) => this.wordOf(id));
    const counts = this.counts;
    const order = Array.from(words.keys());
    order.sort((a, b) => counts[b] - counts[a] || compareCodePoints(words[a], words[b]));
    const remap = new Uint32Array(n);
    order.forEach((provisional, final) => (remap[provisional] = final));
    return {
      words: order.map((id) => words[id]),
      counts: order.map((id) => counts[id]),
      remap,
    };
  }

  private wordOf(id: number): string {
    return this.pool.toString('utf8', this.starts[id], this.starts[id] + this.lengths[id]);
  }

  private sameBytes(id: number, bytes: Uint8Array, length: number): boolean {
    const pool = this.pool;
    const start = this.starts[id];
    for (let i = 0; i < length; i++) if (pool[start + i] !== bytes[i]) return false;
    return true;
  }

  private insert(bytes: Uint8Array, length: number, hash: number, slot: number): number {
    const id = this.words++;
    if (id === this.counts.length) this.growIds();
    if (this.poolUsed + length > this.pool.length) this.growPool(length);
    this.pool.set(bytes.subarray(0, length), this.poolUsed);
    this.starts[id] = this.poolUsed;
    this.lengths[id] = length;
    this.hashes[id] = hash;
    this.counts[id] = 1;
    this.poolUsed += length;
    this.slots[slot] = id;
    if (this.words * 2 > this.slots.length) this.growSlots();
    return id;
  }

  private growIds(): void {
    const size = this.counts.length * 2;
    this.hashes = grown(this.hashes, new Int32Array(size));
    this.starts = grown(this.starts, new Int32Array(size));
    this.lengths = grown(this.lengths, new Int32Array(size));
    this.counts = grown(this.counts, new Float64Array(size));
  }

  private growPool(atLeast: number): void {
    const pool = Buffer.allocUnsafe(Math.max(this.pool.length * 2, this.poolUsed + atLeast));
    this.pool.copy(pool, 0, 0, this.poolUsed);
    this.pool = pool;
  }

  private growSlots(): void {
    const slots = new Int32Array(this.slots.length * 2).fill(EMPTY);
    const mask = slots.length - 1;
    for (let id = 0; id < this.words; id++) {
      let slot = this.hashes[id] & mask;
      while (slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      slots[slot] = id;
    }
    this.slots = slots;
  }
}

function grown<T extends Int32Array | Float64Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

/** FNV-1a, 32 bits */
function hashBytes(bytes: Uint8Array, length: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < length; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
  return hash;
}

/** orders strings by Unicode code point (plain `<` orders UTF-16 units, which differs above U+FFFF) */
export function compareCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

// Surrogates (U+D800..DFFF) encode code points above U+FFFF, so they must rank
// above U+E000..FFFF; shifting both ranges does that.
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

/** how many of `counts` (sorted descending) are at least minCount, capped at maxVocab */
export function keptVocabSize(counts: ArrayLike<number>, minCount: number, maxVocab = Infinity): number {
  let low = 0;
  let high = counts.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (counts[mid] >= minCount) low = mid + 1;
    else high = mid;
  }
  return Math.min(low, Math.max(0, Math.floor(maxVocab)));
}
