// Word-similarity benchmarks (WordSim-353, RG-65, SimLex, ...), with the
// semantics of gensim 4's KeyedVectors.evaluate_word_pairs: the model's score
// for a pair is the cosine of the two words' vectors (a float32, as gensim's
// is), words compared in upper case when caseInsensitive (the first,
// most frequent, of several words that fold together stands for them), only the
// first `restrictVocab` words known, pairs with an unknown word skipped
// (dummy4unknown=False), then Spearman's rho and Pearson's r against the human
// scores (scipy's spearmanr and pearsonr, see rank.ts).
//
// Where this differs from gensim: a malformed line is an error here (gensim
// logs and skips it); fields may be separated by tabs or, on a line without a
// tab, by spaces (gensim: tabs only); when no pair can be scored the
// correlations are NaN (gensim raises).

import { CorpusInputError } from '../corpus/input-error.ts';
import { pearson, spearman } from './rank.ts';
import { benchmarkVocab, type EvalOptions, type EvalVectors } from './vocab.ts';

export interface SimilarityPair {
  a: string;
  b: string;
  /** the human score, on the set's own scale */
  score: number;
  /** 1-based line in the file */
  line: number;
}

export interface SimilaritySet {
  fileName: string;
  pairs: SimilarityPair[];
}

const NUMBER = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;

/** `#` comment lines, then `word1<TAB>word2<TAB>score` (or space-separated) lines; errors name the file and line */
export function parseSimilarity(text: string, fileName: string): SimilaritySet {
  const pairs: SimilarityPair[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (i === 0 ? lines[i].replace(/^\uFEFF/, '') : lines[i]).trim();
    if (line === '' || line.startsWith('#')) continue;
    const at = `${fileName}:${i + 1}`;
    const fields = line.includes('\t') ? line.split('\t').map((f) => f.trim()) : line.split(/\s+/);
    if (fields.length !== 3 || fields[0] === '' || fields[1] === '') {
      throw new CorpusInputError(
        fileName,
        `${at}: expected "word1<TAB>word2<TAB>score", found ${fields.length} field${fields.length === 1 ? '' : 's'}: "${clip(line)}"`,
      );
    }
    if (!NUMBER.test(fields[2])) {
      throw new CorpusInputError(fileName, `${at}: the score "${clip(fields[2])}" is not a number`);
    }
    pairs.push({ a: fields[0], b: fields[1], score: Number(fields[2]), line: i + 1 });
  }
  return { fileName, pairs };
}

function clip(text: string): string {
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

export interface SimilarityOptions extends EvalOptions {
  /** also return one SimilarityItem per pair of the file */
  details?: boolean;
}

export interface SimilarityItem {
  a: string;
  b: string;
  line: number;
  /** the human score */
  gold: number;
  /** the cosine, or null when a word is unknown */
  model: number | null;
}

export interface SimilarityResult {
  /** Spearman's rho over the pairs evaluated; NaN when fewer than 2 or a side is constant */
  spearman: number;
  /** Pearson's r over the pairs evaluated; NaN as spearman */
  pearson: number;
  /** pairs evaluated: both words in the restricted vocabulary */
  pairs: number;
  /** pairs in the file */
  total: number;
  /** pairs / total (0 for an empty file) */
  coverage: number;
  /** the distinct unknown words, as the file spells them, in order of first use */
  oov: string[];
  /** with `details`: every pair of the file, in file order */
  items?: SimilarityItem[];
}

export function evaluateSimilarity(
  set: EvalVectors,
  pairs: SimilaritySet,
  options: SimilarityOptions = {},
): SimilarityResult {
  const vocab = benchmarkVocab(set, options);
  const { data } = set;
  const dim = vocab.dim;
  const total = pairs.pairs.length;
  const gold = new Float64Array(total);
  const model = new Float64Array(total);
  const oov: string[] = [];
  const seenOov = new Set<string>();
  const items: SimilarityItem[] | undefined = options.details ? [] : undefined;
  let n = 0;
  for (const pair of pairs.pairs) {
    const ra = vocab.row(pair.a);
    const rb = vocab.row(pair.b);
    let cosine: number | null = null;
    if (ra >= 0 && rb >= 0) {
      let dot = 0;
      for (let k = 0, oa = ra * dim, ob = rb * dim; k < dim; k++) dot += data[oa + k] * data[ob + k];
      // symmetric in a and b, and a float32 as gensim's
      cosine = Math.fround(dot * (vocab.invNorm[ra] * vocab.invNorm[rb]));
      gold[n] = pair.score;
      model[n++] = cosine;
    } else {
      for (const [word, row] of [
        [pair.a, ra],
        [pair.b, rb],
      ] as const) {
        if (row < 0 && !seenOov.has(word)) {
          seenOov.add(word);
          oov.push(word);
        }
      }
    }
    items?.push({ a: pair.a, b: pair.b, line: pair.line, gold: pair.score, model: cosine });
  }
  const result: SimilarityResult = {
    spearman: spearman(gold.subarray(0, n), model.subarray(0, n)),
    pearson: pearson(gold.subarray(0, n), model.subarray(0, n)),
    pairs: n,
    total,
    coverage: total > 0 ? n / total : 0,
    oov,
  };
  if (items) result.items = items;
  return result;
}
