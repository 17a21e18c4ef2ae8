// Reading any supported vector file into a sink, and guessing a file's format.
import { readFasttextBinary, FASTTEXT_MAGIC } from './fasttext-bin.ts';
import { readMetadataLabels, readTextVectors } from './text.ts';
import { readWord2vecBinary } from './word2vec-bin.ts';
import type { ReadOptions, ReadSummary, VectorFormat, VectorSink } from './types.ts';

export async function readVectorFile(format: VectorFormat, opts: ReadOptions, sink: VectorSink): Promise<ReadSummary> {
  switch (format) {
    case 'word2vec':
    case 'fasttext-vec':
      return readTextVectors('header', opts, sink);
    case 'glove':
      return readTextVectors('glove', opts, sink);
    case 'tsv': {
      const labels = opts.metadata ? await readMetadataLabels(opts.metadata, opts) : null;
      return readTextVectors('tsv', opts, sink, labels);
    }
    case 'word2vec-bin':
      return readWord2vecBinary(opts, sink);
    case 'fasttext-bin':
      return readFasttextBinary(opts, sink);
  }
}

/**
 * A likely format from the file name and its first bytes (the UI pre-selects
 * it; the CLI asks for --format). Null when nothing fits.
 */
export function sniffFormat(name: string, head: Uint8Array): VectorFormat | null {
  const lower = name.toLowerCase();
  if (head.length >= 4 && new DataView(head.buffer, head.byteOffset).getInt32(0, true) === FASTTEXT_MAGIC) {
    return 'fasttext-bin';
  }
  const firstLineEnd = head.indexOf(0x0a);
  const firstLine = Buffer.from(head.subarray(0, firstLineEnd >= 0 ? firstLineEnd : head.length)).toString('latin1');
  const header = /^\s*\d+[ \t]+\d+\s*$/.test(firstLine);
  if (header) {
    const rest = head.subarray(firstLineEnd + 1, Math.min(head.length, firstLineEnd + 4097));
    if (rest.includes(0)) return 'word2vec-bin';
    const lineEnd = rest.indexOf(0x0a);
    const secondLine = rest.subarray(0, lineEnd >= 0 ? lineEnd : rest.length);
    if (!isText(secondLine)) return 'word2vec-bin';
    return lower.endsWith('.vec') ? 'fasttext-vec' : 'word2vec';
  }
  if (lower.endsWith('.tsv') || /^[-+.\deE]+(\t[-+.\deE]+)+\s*$/.test(firstLine)) return 'tsv';
  if (/^\S+( [-+]?[\d.]+(e[-+]?\d+)?)+\s*$/i.test(firstLine)) return 'glove';
  if (lower.endsWith('.bin')) return 'word2vec-bin';
  return null;
}

/** no control bytes but tab, CR, LF: float32 bytes almost always have some */
function isText(bytes: Uint8Array): boolean {
  for (const b of bytes) if (b < 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) return false;
  return true;
}
