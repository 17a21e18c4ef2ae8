// Queries on a run's vectors: neighbours, analogies, similarity (the map: projections.ts).
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import { readVectors } from '../core/store/vectors.ts';
import { VectorSet } from '../core/vectors/vector-set.ts';
import { analogy, nearest, neighbors, similarity } from '../core/vectors/queries.ts';
import { readMatrix, readMatrixRows } from '../core/store/matrices.ts';
import { bucketsFromMatrix, compactRowOf, oovVector, subwordIds } from '../core/train/fasttext/ngrams.ts';
import { ParamError } from '../core/errors.ts';
import { cosineOf } from '../core/vectors/compare.ts';
import type { LabHandlers } from '../../src-preload/contract.ts';

const CACHED_RUNS = 4;

/** what a fasttext run needs to build vectors for words it never saw (its n-gram rows stay on disk) */
interface Subwords {
  runId: number;
  /** the buckets of the stored n-gram rows, ascending; null when it kept all `bucket` rows (runs before compaction) */
  buckets: Uint32Array | null;
  minn: number;
  maxn: number;
  bucket: number;
}

/** the few most recently used runs' vectors, kept in memory */
export class VectorCache {
  private readonly sets = new Map<string, VectorSet>();
  private readonly subwords = new Map<string, Subwords | null>();

  constructor(private readonly db: Db) {}

  get(name: string): VectorSet {
    const hit = this.sets.get(name);
    if (hit) {
      this.sets.delete(name);
      this.sets.set(name, hit);
      return hit;
    }
    const run = runs.getRun(this.db, name);
    if (run.status !== 'done') throw new ParamError(`run "${name}" has no vectors yet (status: ${run.status})`);
    const v = readVectors(this.db, run.id, run.dim);
    const set = new VectorSet(
      v.words,
      v.dim,
      v.data,
      v.counts.map((c) => c ?? 0),
    );
    this.sets.set(name, set);
    if (this.sets.size > CACHED_RUNS) this.sets.delete(this.sets.keys().next().value!);
    return set;
  }

  /** the vector of a word the run knows, or for a fasttext run one built from its n-grams; null otherwise */
  oov(name: string, word: string): Float32Array | null {
    if (!this.subwords.has(name)) this.subwords.set(name, this.loadSubwords(name));
    const sw = this.subwords.get(name);
    if (!sw) return null;
    const rowOf = (b: number): number => (sw.buckets ? compactRowOf(sw.buckets, b) : b);
    const wanted = [...new Set(subwordIds(word, sw.minn, sw.maxn, sw.bucket))].map(rowOf).filter((r) => r >= 0);
    const read = readMatrixRows(this.db, sw.runId, 'ngrams', wanted);
    if (!read) return null;
    const rows = new Map(wanted.map((r, i) => [r, read.rows[i]]));
    const vector = oovVector(word, (b) => rows.get(rowOf(b)) ?? null, read.cols, sw.minn, sw.maxn, sw.bucket);
    return vector.some((x) => x !== 0) ? vector : null;
  }

  private loadSubwords(name: string): Subwords | null {
    const run = runs.getRun(this.db, name);
    const p = run.params as { minn?: number; maxn?: number; bucket?: number };
    // a trained fasttext run, or an imported fastText .bin (all `bucket` n-gram rows, no bucket list)
    if ((run.method !== 'fasttext' && run.method !== 'imported') || !p.maxn || !p.bucket) return null;
    const buckets = readMatrix(this.db, run.id, 'ngram-buckets');
    return {
      runId: run.id,
      buckets: buckets ? bucketsFromMatrix(buckets.data) : null,
      minn: p.minn ?? 0,
      maxn: p.maxn,
      bucket: p.bucket,
    };
  }

  forget(name: string): void {
    this.subwords.delete(name);
    this.sets.delete(name);
  }
}

type QueryHandlers = Pick<LabHandlers, 'neighbors' | 'analogy' | 'similarity' | 'completeWord' | 'vectors'>;

export function queryHandlers(_db: Db, cache: VectorCache): QueryHandlers {
  return {
    neighbors: async ({ run, word, k }) => {
      const set = cache.get(run);
      if (set.has(word)) return { results: neighbors(set, word, k) };
      return { results: nearest(set, knownOrOov(cache, run, word), k) };
    },
    analogy: async ({ run, a, b, c, k }) => analogy(cache.get(run), a, b, c, k),
    similarity: async ({ run, a, b }) => {
      const set = cache.get(run);
      if (set.has(a) && set.has(b)) return { score: similarity(set, a, b) };
      return { score: cosineOf(knownOrOov(cache, run, a), knownOrOov(cache, run, b)) };
    },
    completeWord: async ({ run, prefix, limit }) => ({ words: complete(cache.get(run), prefix, limit) }),
    vectors: async ({ run, words }) => {
      const set = cache.get(run);
      const known = words.filter((w) => set.has(w));
      const out = new Float32Array(known.length * set.dim);
      known.forEach((w, i) => out.set(set.vectorOf(w), i * set.dim));
      return { run, words: known, dim: set.dim, vectors: out, unknown: words.filter((w) => !set.has(w)) };
    },
  };
}

/** a known word's vector, or a fasttext run's n-gram vector for an unseen one; else UnknownWordError */
function knownOrOov(cache: VectorCache, run: string, word: string): Float32Array {
  const set = cache.get(run);
  if (set.has(word)) return set.vectorOf(word);
  const oov = cache.oov(run, word);
  if (!oov) set.indicesOf([word]); // throws the usual unknown-word error
  return oov!;
}

/** words starting with the prefix, most frequent first (the vocabulary is in frequency order) */
function complete(set: VectorSet, prefix: string, limit: number): string[] {
  const p = prefix.toLowerCase();
  const out: string[] = [];
  for (const w of set.words) {
    if (w.toLowerCase().startsWith(p)) out.push(w);
    if (out.length >= limit) break;
  }
  return out;
}
