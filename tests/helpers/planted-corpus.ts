// The planted corpus and its token file, without vitest, so child processes
// (tests/integration/webgpu/child.ts, run alone on a GPU machine too) can build it.
import { writeFileSync } from 'node:fs';
import { SENTENCE_END } from '../../src-main/core/corpus/token-file.ts';
import { Xoshiro128 } from '../../src-main/core/train/random.ts';

export interface Encoded {
  words: string[];
  counts: number[];
  file: string;
}

export function encode(lines: string[][], file: string): Encoded {
  const freq = new Map<string, number>();
  for (const line of lines) for (const w of line) freq.set(w, (freq.get(w) ?? 0) + 1);
  const words = [...freq.keys()].sort((a, b) => freq.get(b)! - freq.get(a)! || (a < b ? -1 : 1));
  const id = new Map(words.map((w, i) => [w, i]));
  const tokens: number[] = [];
  for (const line of lines) {
    for (const w of line) tokens.push(id.get(w)!);
    tokens.push(SENTENCE_END);
  }
  writeFileSync(file, new Uint8Array(Uint32Array.from(tokens).buffer));
  return { words, counts: words.map((w) => freq.get(w)!), file };
}

export const colors = ['red', 'blue', 'green'];
export const animals = ['dog', 'cat', 'horse'];

/** two topics among shared filler words; each topic's planted words share its context words */
export function plantedCorpus(sentences: number): string[][] {
  const random = new Xoshiro128(42);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random.nextFloat() * xs.length)];
  const topics = [
    { planted: colors, context: ['paint', 'bright', 'shade', 'dye', 'hue', 'canvas'] },
    { planted: animals, context: ['barn', 'feed', 'tail', 'fur', 'pet', 'vet'] },
  ];
  const fillers = Array.from({ length: 40 }, (_, i) => `w${i}`);
  const lines: string[][] = [];
  for (let s = 0; s < sentences; s++) {
    const topic = topics[s % 2];
    const line: string[] = [];
    for (let i = 0; i < 12; i++) {
      const r = random.nextFloat();
      line.push(r < 0.25 ? pick(topic.planted) : r < 0.5 ? pick(topic.context) : pick(fillers));
    }
    lines.push(line);
  }
  return lines;
}
