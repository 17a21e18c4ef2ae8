// Importing a vector file from the page: which format a file likely is (from
// its name and first bytes, so the form can pre-select it) and a run name.
import type { VectorFormat } from '../../../src-preload/contract.ts';

export const formatChoices: { value: VectorFormat; label: string }[] = [
  { value: 'glove', label: 'GloVe text (no header)' },
  { value: 'word2vec', label: 'word2vec text' },
  { value: 'word2vec-bin', label: 'word2vec binary' },
  { value: 'fasttext-vec', label: 'fastText .vec' },
  { value: 'fasttext-bin', label: 'fastText .bin (with subwords)' },
  { value: 'tsv', label: 'Projector vectors.tsv (+ metadata)' },
];

const FASTTEXT_MAGIC = [0xba, 0x16, 0x4f, 0x2f]; // 793712314, little-endian

/** the likely format of a file, from its name and its first few kilobytes; null when unsure */
export function guessFormat(name: string, head: Uint8Array): VectorFormat | null {
  const lower = name.toLowerCase();
  if (FASTTEXT_MAGIC.every((b, i) => head[i] === b)) return 'fasttext-bin';
  const newline = head.indexOf(0x0a);
  const first = new TextDecoder('latin1').decode(head.subarray(0, newline >= 0 ? newline : head.length));
  if (/^\s*\d+[ \t]+\d+\s*$/.test(first)) {
    const next = head.subarray(newline + 1, newline + 1 + 2048);
    if (next.some((b) => b === 0 || (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d))) return 'word2vec-bin';
    return lower.endsWith('.vec') ? 'fasttext-vec' : 'word2vec';
  }
  if (lower.endsWith('.tsv')) return 'tsv';
  if (/^\S+( [-+]?[\d.]+(e[-+]?\d+)?)+\s*$/i.test(first)) return 'glove';
  if (lower.endsWith('.bin')) return 'word2vec-bin';
  return null;
}

/** "glove.6B.50d.txt" → "glove.6B.50d"; made unique against the names taken */
export function suggestRunName(fileName: string, taken: ReadonlySet<string>): string {
  const stem = fileName.replace(/\.(txt|vec|bin|tsv|gz)$/i, '').slice(0, 180) || 'vectors';
  let name = stem;
  for (let i = 2; taken.has(name); i++) name = `${stem}-${i}`;
  return name;
}
