// The word-analogy benchmark (Mikolov et al. 2013, `questions-words.txt`), with
// the semantics of gensim 4's KeyedVectors.evaluate_word_analogies:
//
// - For `a b c d`, the answer is most_similar(positive=[b, c], negative=[a]):
//   argmax over the first `restrictVocab` words x of cos(x, b̂ − â + ĉ), the
//   rows of a, b and c left out (3CosAdd).
// - Words are compared in upper case (caseInsensitive); where several words
//   fold to one key, the first (most frequent) one stands for it, and an answer
//   that folds to a, b or c is passed over for the next of gensim's top 5.
// - A question counts only when all four words are in the restricted
//   vocabulary; the rest are skipped (dummy4unknown=False). accuracy =
//   correct / evaluated, 0 when nothing was evaluated, per section and overall
//   (gensim's last "Total accuracy" section is the overall figures here).
//
// Speed: an analogy set uses few distinct words (the Google set: 19,544
// questions over 919 distinct a, b, c words), so instead of one query vector per
// question, the cosines of every vocabulary row with every distinct a, b, c word
// are taken block by block (one small matrix product, kernel.ts), and each
// question's score is combined from three of those: cos(x,b) − cos(x,a) +
// cos(x,c), which ranks x as cos(x, b̂ − â + ĉ) does. Questions that share
// (a, b) share the difference. Work: V·W·dim multiply-adds plus about one add
// and one compare per row per question, where one query per question costs
// V·Q·dim (for the Google set, W = 919 against Q = 19,544). Nothing is
// allocated per question (but for `details`).
//
// Where the parser differs from gensim: a line that is not a section header and
// not four words is an error here (gensim logs it and skips it); blank lines
// are skipped anywhere; a header is any line starting with ':'.

import { CorpusInputError } from '../corpus/input-error.ts';
import { benchmarkVocab, type BenchmarkVocab, type EvalOptions, type EvalVectors } from './vocab.ts';
import { cosineBlock, insertBest } from './kernel.ts';

export interface AnalogyQuestion {
  a: string;
  b: string;
  c: string;
  /** the expected answer */
  d: string;
  /** 1-based line in the file */
  line: number;
}

export interface AnalogySection {
  name: string;
  /** 1-based line of the `: name` header */
  line: number;
  questions: AnalogyQuestion[];
}

export interface AnalogySet {
  fileName: string;
  sections: AnalogySection[];
  /** questions in all sections */
  questionCount: number;
}

/** a text of `: section` lines, each followed by `a b c d` lines; errors name the file and line */
export function parseAnalogies(text: string, fileName: string): AnalogySet {
  const sections: AnalogySection[] = [];
  let section: AnalogySection | undefined;
  let questionCount = 0;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (i === 0 ? lines[i].replace(/^\uFEFF/, '') : lines[i]).trim();
    if (line === '') continue;
    const at = `${fileName}:${i + 1}`;
    if (line.startsWith(':')) {
      // gensim: line.lstrip(': ').strip()
      section = { name: line.replace(/^[:\s]+/, ''), line: i + 1, questions: [] };
      sections.push(section);
      continue;
    }
    if (!section) {
      throw new CorpusInputError(fileName, `${at}: a question before the first section header (": name" line)`);
    }
    const words = line.split(/\s+/);
    if (words.length !== 4) {
      throw new CorpusInputError(fileName, `${at}: expected 4 words "a b c d", found ${words.length}: "${clip(line)}"`);
    }
    section.questions.push({ a: words[0], b: words[1], c: words[2], d: words[3], line: i + 1 });
    questionCount++;
  }
  return { fileName, sections, questionCount };
}

function clip(line: string): string {
  return line.length > 80 ? `${line.slice(0, 77)}...` : line;
}

export interface AnalogyOptions extends EvalOptions {
  /** also return one AnalogyQuestionResult per question in the file (slower: ranks are counted) */
  details?: boolean;
  /** how many of the best answers `details` lists, at least 5 (gensim looks at 5); default 5 */
  topN?: number;
  /** called after each block of vocabulary rows; throw from it to stop */
  onProgress?: (rowsDone: number, rowsTotal: number) => void;
  /** checked after each block of vocabulary rows */
  signal?: AbortSignal;
}

export interface AnalogySectionScore {
  name: string;
  /** questions answered correctly */
  correct: number;
  /** questions evaluated: all four words in the restricted vocabulary */
  total: number;
  /** correct / total, 0 when total is 0 */
  accuracy: number;
  /** questions in the section of the file, evaluated or not */
  questionCount: number;
}

export interface ScoredWord {
  word: string;
  /** cosine with b̂ − â + ĉ */
  similarity: number;
}

export interface AnalogyQuestionResult {
  section: string;
  line: number;
  a: string;
  b: string;
  c: string;
  expected: string;
  /** false when a word is outside the restricted vocabulary */
  evaluated: boolean;
  /** the answer gensim takes: the best word that does not fold to a, b or c, as the vocabulary spells it */
  predicted: string | null;
  correct: boolean;
  /** most_similar(positive=[b, c], negative=[a], topn) with the rows of a, b and c left out */
  top: ScoredWord[];
  /** 1-based rank of the expected word among all candidates (words that fold to a, b or c left out); null when not evaluated */
  rank: number | null;
}

export interface AnalogyResult {
  /** correct / total over all sections (gensim's "Total accuracy"), 0 when total is 0 */
  accuracy: number;
  correct: number;
  /** questions evaluated */
  total: number;
  /** questions in the file */
  questionCount: number;
  /** total / questionCount (0 for an empty file) */
  coverage: number;
  sections: AnalogySectionScore[];
  /** with `details`: every question of the file, in file order */
  questions?: AnalogyQuestionResult[];
}

/** how many candidates gensim's evaluate_word_analogies asks most_similar for */
const GENSIM_TOP = 5;
/** cosines held per block: units × rows float32s, about 4 MB */
const BLOCK_FLOATS = 1 << 20;
const MAX_BLOCK_ROWS = 4096;

export function evaluateAnalogies(
  set: EvalVectors,
  analogies: AnalogySet,
  options: AnalogyOptions = {},
): AnalogyResult {
  const vocab = benchmarkVocab(set, options);
  const details = options.details ?? false;
  const topN = Math.max(options.topN ?? GENSIM_TOP, GENSIM_TOP);
  if (!Number.isInteger(topN)) throw new RangeError(`topN must be a whole number, got ${options.topN}`);

  // 1. the questions whose four words are known, as rows; the distinct rows they use
  let all = 0;
  for (const section of analogies.sections) all += section.questions.length;
  const rowA = new Int32Array(all);
  const rowB = new Int32Array(all);
  const rowC = new Int32Array(all);
  const rowD = new Int32Array(all);
  const evaluated = new Int32Array(all); // indices into the file's questions
  const unitOf = new Map<number, number>(); // row -> index of its unit vector
  const unitRows: number[] = [];
  const useUnit = (row: number): void => {
    if (!unitOf.has(row)) {
      unitOf.set(row, unitRows.length);
      unitRows.push(row);
    }
  };
  let n = 0;
  let fileIndex = 0;
  for (const section of analogies.sections) {
    for (const q of section.questions) {
      const ra = vocab.row(q.a);
      const rb = vocab.row(q.b);
      const rc = vocab.row(q.c);
      const rd = vocab.row(q.d);
      if (ra >= 0 && rb >= 0 && rc >= 0 && rd >= 0) {
        rowA[n] = ra;
        rowB[n] = rb;
        rowC[n] = rc;
        rowD[n] = rd;
        evaluated[n++] = fileIndex;
        useUnit(ra);
        useUnit(rb);
        useUnit(rc);
      }
      fileIndex++;
    }
  }

  const dim = vocab.dim;
  const units = unitRows.length;
  const unitVectors = new Float32Array(units * dim);
  for (let u = 0; u < units; u++) vocab.unitInto(unitRows[u], unitVectors, u * dim);
  // each question's three unit vectors
  const unitA = new Int32Array(n);
  const unitB = new Int32Array(n);
  const unitC = new Int32Array(n);
  for (let q = 0; q < n; q++) {
    unitA[q] = unitOf.get(rowA[q])!;
    unitB[q] = unitOf.get(rowB[q])!;
    unitC[q] = unitOf.get(rowC[q])!;
  }
  // questions grouped by (a, b), so cos(x, b) − cos(x, a) is taken once per group and block
  const order = new Int32Array(n);
  for (let q = 0; q < n; q++) order[q] = q;
  order.sort((p, q) => unitA[p] - unitA[q] || unitB[p] - unitB[q] || p - q);
  const groupStarts: number[] = [];
  for (let t = 0; t < n; t++) {
    if (t === 0 || unitA[order[t]] !== unitA[order[t - 1]] || unitB[order[t]] !== unitB[order[t - 1]]) {
      groupStarts.push(t);
    }
  }
  groupStarts.push(n);

  // 2. each question's best GENSIM_TOP (or topN) rows, over blocks of the vocabulary
  const keep = details ? topN : GENSIM_TOP;
  const bestScore = new Float64Array(n * keep).fill(-Infinity);
  const bestRow = new Int32Array(n * keep).fill(-1);
  // with details: the expected word's score, and how many candidates beat it (less those that fold to an input)
  const baseline = details ? rankBaselines(vocab, n, rowA, rowB, rowC, rowD, unitVectors, unitOf) : undefined;
  const expected = baseline?.expected;
  const above = baseline?.above;

  const size = vocab.size;
  if (n > 0 && size > 0) {
    const stride = Math.max(4, Math.min(MAX_BLOCK_ROWS, Math.floor(BLOCK_FLOATS / units / 4) * 4));
    const cos = new Float32Array(units * stride);
    const diff = new Float64Array(stride);
    for (let row0 = 0; row0 < size; row0 += stride) {
      const rows = Math.min(stride, size - row0);
      cosineBlock(vocab, row0, rows, unitVectors, units, cos, stride);
      for (let g = 0; g + 1 < groupStarts.length; g++) {
        const first = order[groupStarts[g]];
        const oa = unitA[first] * stride;
        const ob = unitB[first] * stride;
        for (let i = 0; i < rows; i++) diff[i] = cos[ob + i] - cos[oa + i];
        for (let t = groupStarts[g]; t < groupStarts[g + 1]; t++) {
          const q = order[t];
          const oc = unitC[q] * stride;
          const beaten = scanBlock(
            diff,
            cos,
            oc,
            row0,
            rows,
            q * keep,
            keep,
            rowA[q],
            rowB[q],
            rowC[q],
            bestScore,
            bestRow,
            expected ? expected[q] : Infinity,
          );
          if (above) above[q] += beaten;
        }
      }
      options.signal?.throwIfAborted();
      options.onProgress?.(row0 + rows, size);
    }
  }

  // 3. gensim's verdict per question, then the sums
  const correctFlags = new Uint8Array(n);
  const predictedRow = new Int32Array(n);
  const keyRow = vocab.keyRow;
  for (let q = 0; q < n; q++) {
    const base = q * keep;
    // gensim walks most_similar(..., topn=5) and takes the first answer that does not fold to a, b or c;
    // when all five do, it keeps the fifth
    let answer = -1;
    for (let t = 0; t < GENSIM_TOP; t++) {
      const row = bestRow[base + t];
      if (row < 0) break;
      answer = row;
      const key = keyRow[row];
      if (key !== rowA[q] && key !== rowB[q] && key !== rowC[q]) break;
    }
    predictedRow[q] = answer;
    correctFlags[q] = answer >= 0 && keyRow[answer] === rowD[q] ? 1 : 0;
  }

  const sections: AnalogySectionScore[] = [];
  const sectionOf = new Int32Array(all);
  fileIndex = 0;
  for (let s = 0; s < analogies.sections.length; s++) {
    const section = analogies.sections[s];
    sectionOf.fill(s, fileIndex, fileIndex + section.questions.length);
    fileIndex += section.questions.length;
    sections.push({ name: section.name, correct: 0, total: 0, accuracy: 0, questionCount: section.questions.length });
  }
  let correct = 0;
  for (let q = 0; q < n; q++) {
    const score = sections[sectionOf[evaluated[q]]];
    score.total++;
    score.correct += correctFlags[q];
    correct += correctFlags[q];
  }
  for (const score of sections) score.accuracy = score.total > 0 ? score.correct / score.total : 0;

  const result: AnalogyResult = {
    accuracy: n > 0 ? correct / n : 0,
    correct,
    total: n,
    questionCount: all,
    coverage: all > 0 ? n / all : 0,
    sections,
  };
  if (details) {
    result.questions = questionDetails(vocab, analogies, {
      n,
      evaluated,
      keep,
      bestScore,
      bestRow,
      predictedRow,
      correctFlags,
      above: above!,
      expected: expected!,
      unitVectors,
      unitA,
      unitB,
      unitC,
    });
  }
  return result;
}

/**
 * Folds rows row0..row0+rows-1 into one question's best list (scores falling,
 * earlier rows first among equals), leaving out the rows of a, b and c as
 * gensim's most_similar does. A row's score is diff[i] + cos[oc + i], where
 * diff[i] = cos(x, b) − cos(x, a) and cos[oc + i] = cos(x, c). Returns how
 * many rows of the block score above `expected` (the expected answer's score,
 * for its rank; Infinity when no rank is wanted), counted in the same pass:
 * branch-free, since with random vectors half the rows do.
 */
function scanBlock(
  diff: Float64Array,
  cos: Float32Array,
  oc: number,
  row0: number,
  rows: number,
  base: number,
  keep: number,
  ra: number,
  rb: number,
  rc: number,
  bestScore: Float64Array,
  bestRow: Int32Array,
  expected: number,
): number {
  const last = base + keep - 1;
  let threshold = bestScore[last];
  let count = 0;
  for (let i = 0; i < rows; i++) {
    const s = diff[i] + cos[oc + i];
    count += +(s > expected);
    if (s > threshold) {
      const row = row0 + i;
      if (row === ra || row === rb || row === rc) continue;
      threshold = insertBest(bestScore, bestRow, base, last, s, row);
    }
  }
  return count;
}

/**
 * For ranks: the score of the expected word for each question, computed as
 * the block scan computes it (so equal to it bit for bit), the best over the
 * words that fold to d when several do; and, negated, how many of the words
 * that fold to a, b, c or d score above it, as the scan counts them but the
 * rank must not.
 */
function rankBaselines(
  vocab: BenchmarkVocab,
  n: number,
  rowA: Int32Array,
  rowB: Int32Array,
  rowC: Int32Array,
  rowD: Int32Array,
  unitVectors: Float32Array,
  unitOf: Map<number, number>,
): { expected: Float64Array; above: Int32Array } {
  const dim = vocab.dim;
  // the rows that fold to each question word's key
  const variants = new Map<number, number[]>();
  for (const rows of [rowA, rowB, rowC, rowD]) for (let q = 0; q < n; q++) variants.set(rows[q], []);
  for (let row = 0; row < vocab.size; row++) variants.get(vocab.keyRow[row])?.push(row);
  const expected = new Float64Array(n);
  const above = new Int32Array(n);
  for (let q = 0; q < n; q++) {
    const ua = unitOf.get(rowA[q])! * dim;
    const ub = unitOf.get(rowB[q])! * dim;
    const uc = unitOf.get(rowC[q])! * dim;
    const a = unitVectors.subarray(ua, ua + dim);
    const b = unitVectors.subarray(ub, ub + dim);
    const c = unitVectors.subarray(uc, uc + dim);
    // as the scan adds: (cos b − cos a) + cos c
    const score = (row: number): number => vocab.cosine(row, b) - vocab.cosine(row, a) + vocab.cosine(row, c);
    let best = -Infinity;
    for (const row of variants.get(rowD[q])!) {
      if (row === rowA[q] || row === rowB[q] || row === rowC[q]) continue;
      best = Math.max(best, score(row));
    }
    expected[q] = best;
    const keys = new Set([rowA[q], rowB[q], rowC[q], rowD[q]]);
    for (const key of keys) for (const row of variants.get(key)!) if (score(row) > best) above[q]--;
  }
  return { expected, above };
}

interface DetailInputs {
  n: number;
  evaluated: Int32Array;
  keep: number;
  bestScore: Float64Array;
  bestRow: Int32Array;
  predictedRow: Int32Array;
  correctFlags: Uint8Array;
  above: Int32Array;
  expected: Float64Array;
  unitVectors: Float32Array;
  unitA: Int32Array;
  unitB: Int32Array;
  unitC: Int32Array;
}

function questionDetails(vocab: BenchmarkVocab, analogies: AnalogySet, d: DetailInputs): AnalogyQuestionResult[] {
  const words = vocab.set.words;
  const dim = vocab.dim;
  const out: AnalogyQuestionResult[] = [];
  let q = 0;
  let fileIndex = 0;
  for (const section of analogies.sections) {
    for (const question of section.questions) {
      const base: AnalogyQuestionResult = {
        section: section.name,
        line: question.line,
        a: question.a,
        b: question.b,
        c: question.c,
        expected: question.d,
        evaluated: false,
        predicted: null,
        correct: false,
        top: [],
        rank: null,
      };
      if (q < d.n && d.evaluated[q] === fileIndex) {
        // ‖b̂ − â + ĉ‖ turns scores into cosines
        const pa = d.unitA[q] * dim;
        const pb = d.unitB[q] * dim;
        const pc = d.unitC[q] * dim;
        let norm = 0;
        for (let k = 0; k < dim; k++) {
          const v = d.unitVectors[pb + k] - d.unitVectors[pa + k] + d.unitVectors[pc + k];
          norm += v * v;
        }
        norm = Math.sqrt(norm);
        for (let t = q * d.keep; t < (q + 1) * d.keep && d.bestRow[t] >= 0; t++) {
          base.top.push({ word: words[d.bestRow[t]], similarity: norm > 0 ? d.bestScore[t] / norm : 0 });
        }
        base.evaluated = true;
        base.predicted = d.predictedRow[q] >= 0 ? words[d.predictedRow[q]] : null;
        base.correct = d.correctFlags[q] === 1;
        // null when every word that folds to the expected one is an input
        base.rank = d.expected[q] === -Infinity ? null : d.above[q] + 1;
        q++;
      }
      out.push(base);
      fileIndex++;
    }
  }
  return out;
}
