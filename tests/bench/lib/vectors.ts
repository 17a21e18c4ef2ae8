// Reading vectors for the quality check: a peer's word2vec text / fastText .vec
// file (streamed), or one of our runs straight from the lab database.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { EvalVectors } from '../../../src-main/core/eval/vocab.ts';

export interface LoadedVectors extends EvalVectors {
  words: string[];
  dim: number;
  data: Float32Array;
}

/**
 * A word2vec text file (gensim's save_word2vec_format, binary=False) or a
 * fastText .vec: a header line "COUNT DIM", then "word v1 … vDIM" per line
 * (fastText ends each line with a space). Rows keep the file's order, which
 * both tools write by falling frequency, as restrict_vocab expects.
 */
export async function readWord2VecText(path: string): Promise<LoadedVectors> {
  const reader = createInterface({
    input: createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }),
    crlfDelay: Infinity,
  });
  let count = -1;
  let dim = 0;
  let data = new Float32Array(0);
  const words: string[] = [];
  let lineNo = 0;
  for await (const raw of reader) {
    lineNo++;
    const line = raw.trimEnd();
    if (count < 0) {
      const header = /^(\d+)\s+(\d+)$/.exec(line.trim());
      if (!header) throw new Error(`${path}:1: expected a "COUNT DIM" header, found "${line.slice(0, 60)}"`);
      count = Number(header[1]);
      dim = Number(header[2]);
      data = new Float32Array(count * dim);
      continue;
    }
    if (line === '') continue;
    const fields = line.split(' ');
    if (fields.length !== dim + 1) {
      throw new Error(`${path}:${lineNo}: expected a word and ${dim} numbers, found ${fields.length} fields`);
    }
    if (words.length >= count) throw new Error(`${path}: more rows than the header's ${count}`);
    const offset = words.length * dim;
    for (let k = 0; k < dim; k++) data[offset + k] = Number(fields[k + 1]);
    words.push(fields[0]);
  }
  if (count < 0) throw new Error(`${path}: empty file`);
  if (words.length !== count) throw new Error(`${path}: ${words.length} rows, the header says ${count}`);
  return { words, dim, data };
}

/**
 * A finished run's vectors from the lab database, in the run's vocabulary order.
 * The store is imported when needed, not at start-up, so a bench that runs for
 * an hour reads the database with the same code (and schema) as the CLI that
 * wrote it.
 */
export async function readRunVectors(dbPath: string, runName: string): Promise<LoadedVectors> {
  const { openDatabase } = await import('../../../src-main/core/store/db.ts');
  const { getRun } = await import('../../../src-main/core/store/runs.ts');
  const { readVectors } = await import('../../../src-main/core/store/vectors.ts');
  const db = openDatabase(dbPath);
  try {
    const run = getRun(db, runName);
    const stored = readVectors(db, run.id, run.dim);
    return { words: stored.words, dim: stored.dim, data: stored.data };
  } finally {
    db.close();
  }
}
