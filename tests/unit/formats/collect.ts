// A sink that keeps everything a reader hands it, for tests.
import { readVectorFile } from '../../../src-main/core/formats/read.ts';
import type { ReadSummary, VectorFormat, VectorSink } from '../../../src-main/core/formats/types.ts';
import { basename } from 'node:path';

export interface Collected extends ReadSummary {
  wordList: string[];
  data: Float32Array;
  ngrams: Float32Array;
}

export async function readAll(format: VectorFormat, path: string, metadata?: string): Promise<Collected> {
  const words: string[] = [];
  const parts: Float32Array[] = [];
  const ngrams: Float32Array[] = [];
  const sink: VectorSink = {
    vectors: (w, data) => {
      words.push(...w);
      parts.push(data.slice());
    },
    ngrams: (rows) => void ngrams.push(rows.slice()),
  };
  const summary = await readVectorFile(
    format,
    {
      file: { path, shown: basename(path) },
      metadata: metadata ? { path: metadata, shown: basename(metadata) } : undefined,
    },
    sink,
  );
  return { ...summary, wordList: words, data: concat(parts), ngrams: concat(ngrams) };
}

export function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** bit-for-bit equality, reporting the first difference */
export function firstDifference(a: Float32Array, b: Float32Array): string | null {
  if (a.length !== b.length) return `lengths ${a.length} and ${b.length}`;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return `index ${i}: ${a[i]} vs ${b[i]}`;
  return null;
}
