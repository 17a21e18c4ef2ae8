// Queries on a run's vectors: neighbours, analogies, similarity, projection.
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import { readVectors } from '../core/store/vectors.ts';
import { VectorSet } from '../core/vectors/vector-set.ts';
import { analogy, neighbors, similarity } from '../core/vectors/queries.ts';
import { pca } from '../core/project/pca.ts';
import { ParamError } from '../core/errors.ts';
import type { LabHandlers } from '../../src-preload/contract.ts';

const CACHED_RUNS = 4;

/** the few most recently used runs' vectors, kept in memory */
export class VectorCache {
  private readonly sets = new Map<string, VectorSet>();

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

  forget(name: string): void {
    this.sets.delete(name);
  }
}

type QueryHandlers = Pick<LabHandlers, 'neighbors' | 'analogy' | 'similarity' | 'completeWord' | 'project' | 'vectors'>;

export function queryHandlers(_db: Db, cache: VectorCache): QueryHandlers {
  return {
    neighbors: async ({ run, word, k }) => ({ results: neighbors(cache.get(run), word, k) }),
    analogy: async ({ run, a, b, c, k }) => analogy(cache.get(run), a, b, c, k),
    similarity: async ({ run, a, b }) => ({ score: similarity(cache.get(run), a, b) }),
    completeWord: async ({ run, prefix, limit }) => ({ words: complete(cache.get(run), prefix, limit) }),
    project: async ({ run, method, dims, words }) => {
      const set = cache.get(run);
      const n = Math.min(words, set.words.length);
      const { coords, explained } = pca(set.data.subarray(0, n * set.dim), n, set.dim, dims);
      return {
        run,
        method,
        dims,
        words: set.words.slice(0, n),
        counts: (set.counts ?? []).slice(0, n),
        coords,
        explained,
      };
    },
    vectors: async ({ run, words }) => {
      const set = cache.get(run);
      const known = words.filter((w) => set.has(w));
      const out = new Float32Array(known.length * set.dim);
      known.forEach((w, i) => out.set(set.vectorOf(w), i * set.dim));
      return { run, words: known, dim: set.dim, vectors: out, unknown: words.filter((w) => !set.has(w)) };
    },
  };
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
