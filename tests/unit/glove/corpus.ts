// Test corpora for GloVe: token files built from words, with the vocabulary
// sorted by count (most frequent first) as the corpus importer does.
import { readFileSync } from 'node:fs';
import { SENTENCE_END, TokenWriter } from '../../../src-main/core/corpus/token-file.ts';
import { Xoshiro128 } from '../../../src-main/core/train/random.ts';

export interface BuiltCorpus {
  words: string[];
  counts: number[];
  /** lines as ids */
  lines: number[][];
}

/** writes `lines` of words as a token file; ids by count desc, ties by first appearance */
export function writeCorpus(lines: string[][], file: string): BuiltCorpus {
  const count = new Map<string, number>();
  for (const line of lines) for (const w of line) count.set(w, (count.get(w) ?? 0) + 1);
  const words = [...count.keys()].sort((a, b) => (count.get(b) ?? 0) - (count.get(a) ?? 0));
  const id = new Map(words.map((w, i) => [w, i]));
  const ids = lines.map((line) => line.map((w) => id.get(w) ?? 0));
  writeIds(ids, file);
  return { words, counts: words.map((w) => count.get(w) ?? 0), lines: ids };
}

/** writes lines of ids as a token file, SENTENCE_END after each line */
export function writeIds(lines: number[][], file: string): void {
  const writer = new TokenWriter(file);
  try {
    for (const line of lines) {
      for (const t of line) writer.write(t);
      writer.write(SENTENCE_END);
    }
  } finally {
    writer.close();
  }
}

/** a text file as lines of words: lowercased, split on anything that is not a letter */
export function textLines(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .map((line) =>
      line
        .toLowerCase()
        .split(/[^\p{L}]+/u)
        .filter(Boolean),
    )
    .filter((line) => line.length > 0);
}

/** random lines of ids in [0, vocab), Zipf-ish, seeded */
export function randomLines(seed: number, lineCount: number, vocab: number, maxLength: number): number[][] {
  const random = new Xoshiro128(seed);
  const lines: number[][] = [];
  for (let l = 0; l < lineCount; l++) {
    const length = 1 + Math.floor(random.nextFloat() * maxLength);
    const line: number[] = [];
    for (let t = 0; t < length; t++) line.push(Math.floor(vocab * random.nextFloat() ** 2));
    lines.push(line);
  }
  return lines;
}

/**
 * Two topic groups planted among filler: each line mixes filler words with a
 * few words of one group, so words of a group share contexts.
 */
export function plantedLines(seed: number, lineCount: number): string[][] {
  const groups = [
    ['red', 'blue', 'green'],
    ['dog', 'cat', 'horse'],
  ];
  const filler = Array.from({ length: 30 }, (_, i) => `w${i}`);
  const random = new Xoshiro128(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random.nextFloat() * items.length)];
  const lines: string[][] = [];
  for (let l = 0; l < lineCount; l++) {
    const group = pick(groups);
    const line: string[] = [];
    const length = 8 + Math.floor(random.nextFloat() * 8);
    for (let t = 0; t < length; t++) line.push(random.nextFloat() < 0.3 ? pick(group) : pick(filler));
    lines.push(line);
  }
  return lines;
}
