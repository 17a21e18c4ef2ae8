// Small fixed vector sets for the export tests: every writer's bytes for them
// were recorded (export-job.test.ts) from the writers before exports became
// jobs, so a change to what a file holds shows as a different digest.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';
import { plainArgs, type FasttextModel } from '../../../src-main/core/formats/fasttext-bin-write.ts';
import type { VectorsToWrite } from '../../../src-main/core/formats/write.ts';

/** values a writer must keep to the bit: signed zero, a subnormal, the largest float32, thirds */
const SPECIAL = [-0, 1e-45, 3.4028234663852886e38, -1 / 3, 1 / 3, 0.1, -123456.789];

/** `words` words (some not ASCII) × `dim` values, seeded; the first row holds the special values */
export function smallSet(words = 300, dim = 7, seed = 5): VectorsToWrite {
  const random = new Xoshiro128(seed);
  const names = Array.from({ length: words }, (_, i) => (i % 50 === 7 ? `naïve-東京-${i}` : `w${i}`));
  const data = Float32Array.from({ length: words * dim }, () => (random.nextFloat() - 0.5) * 4);
  data.set(SPECIAL.slice(0, dim));
  const counts = Array.from({ length: words }, (_, i) => 10 * (words - i));
  return { words: names, dim, data, counts };
}

/** a fastText model with n-gram rows over two write chunks, and an output layer */
export function smallModel(): FasttextModel {
  const v = smallSet(120, 6, 9);
  const bucket = 5000;
  return {
    words: v.words,
    counts: v.counts as number[],
    args: { ...plainArgs(v.dim), minn: 3, maxn: 5, bucket },
    wordRows: v.data,
    ngramRows: (first, into) => {
      for (let i = 0; i < into.length; i++) into[i] = (((first * v.dim + i) * 37) % 1001) / 997 - 0.5;
    },
    output: Float32Array.from(v.data, (x) => -x / 2),
  };
}

export function digest(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}
