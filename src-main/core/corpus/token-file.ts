// The token-id file: what training reads, epoch after epoch, instead of the
// raw text. Little-endian uint32 ids into the corpus vocabulary (sorted by
// count, most frequent first), with SENTENCE_END after each line.
export const SENTENCE_END = 0xffffffff;
export const BYTES_PER_TOKEN = 4;
