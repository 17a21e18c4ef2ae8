// Test helpers for the benchmark tests: a minimal word2vec text reader (the
// real importer lives in core/formats) and a tiny in-memory vector set.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { repoRoot } from '../../helpers/paths.ts';
import type { EvalVectors } from '../../../src-main/core/eval/vocab.ts';

export const evalFixture = (file: string): string => resolve(repoRoot, 'tests', 'fixtures', 'eval', file);

/** word2vec text format: a `count dim` header, then `word v1 ... vdim` per line (values parsed as gensim does: to float32) */
export function readWord2VecText(path: string): EvalVectors {
  const lines = readFileSync(path, 'utf8').split('\n');
  const [count, dim] = lines[0].trim().split(' ').map(Number);
  const words: string[] = [];
  const data = new Float32Array(count * dim);
  for (let i = 0; i < count; i++) {
    const parts = lines[i + 1].replace(/[ \r]+$/, '').split(' ');
    if (parts.length !== dim + 1) throw new Error(`${path}:${i + 2}: expected ${dim + 1} fields, got ${parts.length}`);
    words.push(parts[0]);
    for (let k = 0; k < dim; k++) data[i * dim + k] = Number(parts[k + 1]);
  }
  return { words, dim, data };
}

/** a vector set from [word, vector] rows, in vocabulary order */
export function vectorSet(rows: [string, number[]][]): EvalVectors {
  const dim = rows[0][1].length;
  const data = new Float32Array(rows.length * dim);
  rows.forEach(([, v], i) => data.set(v, i * dim));
  return { words: rows.map(([w]) => w), dim, data };
}
