// word2vec.c's generator: a 64-bit LCG, one state per thread. The caller keeps
// the state in a local and writes it back once per sentence.

export function nextRandom(state: u64): u64 {
  return state * 25214903917 + 11;
}

/**
 * A word from the unigram^0.75 distribution with Walker's alias table: entry i
 * is (u32 threshold, u32 alias). The top 32 bits of the state times the vocab
 * size pick the bucket (high half) and the accept test (low half), so one
 * draw costs one random number and one 8-byte read.
 */
export function drawWord(alias: usize, vocab: u32, state: u64): u32 {
  const scaled = (state >> 32) * <u64>vocab;
  const bucket = <u32>(scaled >> 32);
  const entry = alias + ((<usize>bucket) << 3);
  return <u32>scaled < load<u32>(entry) ? bucket : load<u32>(entry, 4);
}

/** draws `count` negatives into words[0..count); returns the advanced state */
export function drawWords(words: usize, count: i32, alias: usize, vocab: u32, state: u64): u64 {
  for (let k = 0; k < count; k++) {
    state = nextRandom(state);
    store<u32>(words + ((<usize>k) << 2), drawWord(alias, vocab, state));
  }
  return state;
}
