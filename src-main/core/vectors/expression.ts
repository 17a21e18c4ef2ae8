// Vector arithmetic typed as text: "king - man + woman", "0.5*paris + 0.5*rome",
// "(a + b) / 2". The parser reduces an expression to words with weights; the
// evaluator ranks the vocabulary by cosine to the weighted sum and, for the
// analogy form a - b + c, by 3CosMul beside it.
//
// The rules, as the expression box's help shows them:
// - Terms are joined by `+` and `-`; `*` and `/` bind tighter; parentheses group;
//   a leading `-` negates ("-man + woman"). `−` (U+2212) is a minus, `×` a times.
// - A weight multiplies a word: `0.5*king`, `king*0.5`, `2*(a - b)`, `(a + b)/2`.
//   Juxtaposition is not multiplication: "0.5 king" is an error that says so.
// - Words are what the corpus tokenizer makes words of: letters of any script,
//   marks and digits, with an apostrophe or hyphen *inside* ("don't",
//   "state-of-the-art"). So `a-b` is one word; subtraction needs a space on at
//   least one side of the minus: `a - b`, `a -b`, `a- b`. An unknown "a-b" whose
//   parts are known gets a hint saying so.
// - A number standing alone as a term is a word ("1990 - 1980 + 2000" are
//   years); a number is a weight only where it multiplies or divides. Double
//   quotes make anything a word: `2*"1990"`, `"c++"`.
// - A word given twice adds up: "king + king" is 2*king.
import type { Scored } from '../../../src-preload/contract.ts';
import { ParamError } from '../errors.ts';
import { nearest, topK } from './queries.ts';
import { UnknownWordError, type VectorSet } from './vector-set.ts';

/** Levy and Goldberg's (2014) ε for 3CosMul; gensim's most_similar_cosmul uses 1e-6 */
export const COSMUL_EPSILON = 0.001;

/** one word of an expression and its total weight; `at` is the 1-based column of its first occurrence */
export interface Term {
  word: string;
  weight: number;
  at: number;
}

/** a malformed expression; a ParamError to the hosts, with the column it found the problem at */
export class ExpressionError extends ParamError {
  constructor(
    message: string,
    /** 1-based column */
    readonly at: number,
  ) {
    super(`${message} (column ${at})`);
  }
}

// ---------- lexer ----------

type TokenKind = 'word' | 'number' | '+' | '-' | '*' | '/' | '(' | ')' | 'end';

interface Token {
  kind: TokenKind;
  /** the word (NFC) or the number's text */
  text: string;
  /** 1-based column */
  at: number;
}

// the corpus tokenizer's word (src-main/core/corpus/tokenize.ts), anchored
const WORD = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*(?:['-][\p{L}\p{N}][\p{L}\p{M}\p{N}]*)*/uy;
const NUMBER = /(?:\d+(?:\.\d+)?|\.\d+)(?:[eE][+-]?\d+)?/y;
// what may follow a number's digits and make it a word instead ("1990s", "3-d")
const WORD_GOES_ON = /[\p{L}\p{M}\p{N}]|['-][\p{L}\p{N}]/uy;
const SPACE = /\s/u;
const OPERATORS: Record<string, TokenKind> = {
  '+': '+',
  '-': '-',
  '\u2212': '-',
  '*': '*',
  '\u00d7': '*',
  '/': '/',
  '(': '(',
  ')': ')',
};
// as the tokenizer: the typographic apostrophe and the Unicode hyphens are their ASCII forms
const TYPOGRAPHIC = /[\u2019\u2010\u2011]/g;

function lex(input: string): Token[] {
  const text = input.replace(TYPOGRAPHIC, (c) => (c === '\u2019' ? "'" : '-'));
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    const at = i + 1;
    if (SPACE.test(c)) {
      i++;
      continue;
    }
    if (c in OPERATORS) {
      tokens.push({ kind: OPERATORS[c], text: c, at });
      i++;
      continue;
    }
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close < 0) throw new ExpressionError('a quote is not closed', at);
      const word = text.slice(i + 1, close).normalize('NFC');
      if (word.trim() === '') throw new ExpressionError('an empty quoted word', at);
      tokens.push({ kind: 'word', text: word, at });
      i = close + 1;
      continue;
    }
    NUMBER.lastIndex = i;
    const number = NUMBER.exec(text);
    if (number) {
      WORD_GOES_ON.lastIndex = i + number[0].length;
      if (!WORD_GOES_ON.test(text)) {
        tokens.push({ kind: 'number', text: number[0], at });
        i += number[0].length;
        continue;
      }
    }
    WORD.lastIndex = i;
    const word = WORD.exec(text);
    if (word) {
      tokens.push({ kind: 'word', text: word[0].normalize('NFC'), at });
      i += word[0].length;
      continue;
    }
    throw new ExpressionError(`unexpected ${JSON.stringify(c)}`, at);
  }
  tokens.push({ kind: 'end', text: '', at: text.length + 1 });
  return tokens;
}

// ---------- parser ----------

/** what a part of an expression is worth: a plain number, or words with weights */
type Value =
  | {
      kind: 'number';
      value: number;
      at: number;
      /** the token, while it is a bare number that may be a word */
      literal?: Token;
    }
  | { kind: 'words'; terms: Map<string, Term>; at: number };

/**
 * The words of an expression with their weights, in order of first
 * appearance. Throws ExpressionError naming the column of a mistake.
 *
 *   sum     := ('+' | '-')* product (('+' | '-') product)*
 *   product := factor (('*' | '/') factor)*
 *   factor  := ('-' | '+') factor | NUMBER | WORD | '(' sum ')'
 */
export function parseExpression(text: string): Term[] {
  const tokens = lex(text);
  let next = 0;
  const peek = (): Token => tokens[next];
  const take = (): Token => tokens[next++];

  function sum(top: boolean): Value {
    const parts: { sign: number; value: Value }[] = [];
    let sign = 1;
    while (peek().kind === '+' || peek().kind === '-') if (take().kind === '-') sign = -sign;
    parts.push({ sign, value: product() });
    while (peek().kind === '+' || peek().kind === '-') {
      const op = take();
      parts.push({ sign: op.kind === '-' ? -1 : 1, value: product() });
    }
    const first = parts[0].value;
    // "(2)" stays a number for the product around it; a term of a sum is words
    if (!top && parts.length === 1 && first.kind === 'number') {
      return parts[0].sign === 1 ? first : { kind: 'number', value: -first.value, at: first.at };
    }
    const terms = new Map<string, Term>();
    for (const part of parts) {
      for (const t of asWords(part.value).terms.values()) add(terms, t.word, part.sign * t.weight, t.at);
    }
    return { kind: 'words', terms, at: first.at };
  }

  function product(): Value {
    let value = factor();
    while (peek().kind === '*' || peek().kind === '/') {
      const op = take();
      const right = factor();
      value = op.kind === '*' ? multiply(value, right, op) : divide(value, right, op);
    }
    return value;
  }

  function factor(): Value {
    const token = take();
    switch (token.kind) {
      case '-':
      case '+': {
        const value = factor();
        const sign = token.kind === '-' ? -1 : 1;
        return value.kind === 'number'
          ? { kind: 'number', value: sign * value.value, at: token.at }
          : scale(asWords(value), sign, token.at);
      }
      case 'number':
        return { kind: 'number', value: Number(token.text), at: token.at, literal: token };
      case 'word':
        return {
          kind: 'words',
          terms: new Map([[token.text, { word: token.text, weight: 1, at: token.at }]]),
          at: token.at,
        };
      case '(': {
        const value = sum(false);
        if (peek().kind === 'end') throw new ExpressionError('"(" is not closed', token.at);
        if (peek().kind !== ')') throw unexpected();
        take();
        return value.kind === 'number' ? { kind: 'number', value: value.value, at: token.at } : value;
      }
      case 'end':
        throw new ExpressionError(tokens.length === 1 ? 'an empty expression' : 'the expression ends early', token.at);
      default:
        throw new ExpressionError(`unexpected "${token.text}"`, token.at);
    }
  }

  /** what to say about a token where an operator or the end should be */
  function unexpected(): ExpressionError {
    const rest = peek();
    const before = tokens[next - 1];
    if (rest.kind === ')') return new ExpressionError('")" without its "("', rest.at);
    if (before.kind === 'number') {
      return new ExpressionError(
        `a weight needs "*": write ${before.text}*${rest.text}, not ${before.text} ${rest.text}`,
        rest.at,
      );
    }
    return new ExpressionError(`an operator is missing before "${rest.text}"`, rest.at);
  }

  const result = asWords(sum(true));
  if (peek().kind !== 'end') throw unexpected();
  return [...result.terms.values()];
}

function asWords(value: Value): Extract<Value, { kind: 'words' }> {
  if (value.kind === 'words') return value;
  if (value.literal) {
    const { text, at } = value.literal;
    return { kind: 'words', terms: new Map([[text, { word: text, weight: 1, at }]]), at };
  }
  throw new ExpressionError('a number on its own: a weight multiplies a word, as 0.5*king', value.at);
}

function multiply(left: Value, right: Value, op: Token): Value {
  if (left.kind === 'number' && right.kind === 'number')
    return { kind: 'number', value: left.value * right.value, at: left.at };
  if (left.kind === 'number') return scale(right as Extract<Value, { kind: 'words' }>, left.value, left.at);
  if (right.kind === 'number') return scale(left, right.value, left.at);
  throw new ExpressionError('cannot multiply two words', op.at);
}

function divide(left: Value, right: Value, op: Token): Value {
  if (right.kind !== 'number') throw new ExpressionError('cannot divide by a word', op.at);
  if (right.value === 0) throw new ExpressionError('division by zero', op.at);
  if (left.kind === 'number') return { kind: 'number', value: left.value / right.value, at: left.at };
  return scale(left, 1 / right.value, left.at);
}

function scale(value: Extract<Value, { kind: 'words' }>, by: number, at: number): Extract<Value, { kind: 'words' }> {
  const terms = new Map<string, Term>();
  for (const t of value.terms.values()) terms.set(t.word, { ...t, weight: t.weight * by });
  return { kind: 'words', terms, at };
}

function add(terms: Map<string, Term>, word: string, weight: number, at: number): void {
  const had = terms.get(word);
  if (had) had.weight += weight;
  else terms.set(word, { word, weight, at });
}

/** a - b + c: two words of weight +1 and one of weight -1, in any order; null for anything else */
export function analogyForm(terms: Term[]): { a: string; b: string; c: string } | null {
  if (terms.length !== 3) return null;
  const positive = terms.filter((t) => t.weight === 1);
  const negative = terms.filter((t) => t.weight === -1);
  if (positive.length !== 2 || negative.length !== 1) return null;
  return { a: positive[0].word, b: negative[0].word, c: positive[1].word };
}

// ---------- evaluation ----------

export interface ExpressionOptions {
  k: number;
  /** sum unit vectors (gensim's most_similar) instead of the stored ones */
  normalize: boolean;
  /** a vector for a word the set lacks (a fastText run's n-gram vector), or null */
  oov?: (word: string) => Float32Array | null;
}

export interface ExpressionAnswer {
  /** the vocabulary ranked by cosine to the weighted sum, the input words left out */
  results: Scored[];
  /** 3CosMul when the expression is a - b + c; [] otherwise */
  mul: Scored[];
  terms: Term[];
  /** the weighted sum itself */
  vector: Float64Array;
}

/**
 * Evaluates an expression (text, or terms from parseExpression) on `set`.
 * Every unknown word is named at once, with its column.
 */
export function evaluateExpression(
  set: VectorSet,
  expression: string | Term[],
  opts: ExpressionOptions,
): ExpressionAnswer {
  const terms = typeof expression === 'string' ? parseExpression(expression) : expression;
  const vectors = vectorsOf(set, terms, opts.oov);
  const vector = new Float64Array(set.dim);
  terms.forEach((t, i) => {
    const v = opts.normalize ? unitVector(vectors[i]) : vectors[i];
    for (let d = 0; d < set.dim; d++) vector[d] += t.weight * v[d];
  });
  if (vector.every((x) => x === 0))
    throw new ParamError('the expression adds up to the zero vector: its terms cancel out');
  const exclude = inputRows(set, terms);
  const form = analogyForm(terms);
  const at = (word: string): Float32Array => vectors[terms.findIndex((t) => t.word === word)];
  return {
    results: nearest(set, vector, opts.k, exclude),
    mul: form ? cosMul(set, [at(form.a), at(form.c)], [at(form.b)], opts.k, exclude) : [],
    terms,
    vector,
  };
}

/** the stored (or n-gram) vector of every term's word; one UnknownWordError for all the unknown ones */
function vectorsOf(set: VectorSet, terms: Term[], oov?: (word: string) => Float32Array | null): Float32Array[] {
  const unknown: Term[] = [];
  const vectors = terms.map((t) => {
    const v = set.has(t.word) ? set.vectorOf(t.word) : (oov?.(t.word) ?? null);
    if (!v) unknown.push(t);
    return v!;
  });
  if (unknown.length) throw unknownWords(set, unknown);
  return vectors;
}

function unknownWords(set: VectorSet, unknown: Term[]): UnknownWordError {
  const err = new UnknownWordError(unknown.map((t) => t.word));
  const where = unknown.map((t) => `${JSON.stringify(t.word)} (column ${t.at})`).join(', ');
  err.message = `${unknown.length === 1 ? 'unknown word' : 'unknown words'}: ${where}`;
  const hyphenated = unknown.find((t) => t.word.includes('-') && t.word.split('-').every((part) => set.has(part)));
  if (hyphenated) {
    const spaced = hyphenated.word.split('-').join(' - ');
    err.message += `; to subtract, put spaces around the minus: ${spaced}`;
  }
  return err;
}

function inputRows(set: VectorSet, terms: Term[]): Set<number> {
  const rows = new Set<number>();
  for (const t of terms) {
    const row = set.index.get(t.word);
    if (row !== undefined) rows.add(row);
  }
  return rows;
}

// scores of every row, reused across calls
let scratch = new Float64Array(0);

/**
 * 3CosMul (Levy and Goldberg 2014, eq. 4), as gensim's most_similar_cosmul:
 * each row's cosines to the positive and negative words, shifted to [0, 1] as
 * (cos + 1) / 2, scored prod(positive) / (prod(negative) + epsilon). The k best
 * rows, `exclude` left out.
 */
export function cosMul(
  set: VectorSet,
  positive: ArrayLike<number>[],
  negative: ArrayLike<number>[],
  k: number,
  exclude: ReadonlySet<number> = new Set(),
  epsilon = COSMUL_EPSILON,
): Scored[] {
  const { dim, size } = set;
  const pos = positive.map(unitVector);
  const neg = negative.map(unitVector);
  if (scratch.length < size) scratch = new Float64Array(size);
  const scores = scratch;
  const unit = set.unit();
  for (let i = 0, row = 0; i < size; i++, row += dim) {
    let top = 1;
    for (const q of pos) top *= (1 + dot(unit, row, q, dim)) / 2;
    let bottom = 1;
    for (const q of neg) bottom *= (1 + dot(unit, row, q, dim)) / 2;
    scores[i] = top / (bottom + epsilon);
  }
  for (const i of exclude) if (i >= 0 && i < size) scores[i] = NaN;
  return topK(scores, size, k).map((i) => ({ word: set.words[i], score: scores[i] }));
}

function dot(data: Float32Array, row: number, q: Float64Array, dim: number): number {
  let s = 0;
  for (let c = 0; c < dim; c++) s += data[row + c] * q[c];
  return s;
}

/** v scaled to length 1, in float64; a zero vector stays zero */
export function unitVector(v: ArrayLike<number>): Float64Array {
  let sq = 0;
  for (let i = 0; i < v.length; i++) sq += v[i] * v[i];
  const inv = sq > 0 ? 1 / Math.sqrt(sq) : 0;
  const out = new Float64Array(v.length);
  for (let i = 0; i < v.length; i++) out[i] = v[i] * inv;
  return out;
}
