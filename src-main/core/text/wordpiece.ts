// BERT's WordPiece tokenizer, as google-research/bert's tokenization.py
// (BasicTokenizer + WordpieceTokenizer) and Hugging Face's BertTokenizer:
// clean the text (drop NUL, U+FFFD and control characters, whitespace to
// spaces), put spaces around CJK ideographs, split on whitespace, lowercase
// and strip accents (uncased vocabularies), split off every punctuation
// character, then cut each word greedily into the longest pieces the
// vocabulary holds, `##` marking a piece that continues a word. A word that
// cannot be cut, or is longer than `maxCharsPerWord` characters, is `[UNK]`.

export interface WordPieceOptions {
  /** lowercase the text (uncased vocabularies such as bert-base-uncased) */
  lowercase?: boolean;
  /** strip accents (NFD, then drop combining marks); undefined follows `lowercase`, as BERT does */
  stripAccents?: boolean;
  /** put spaces around CJK ideographs, so each is a word */
  splitCjk?: boolean;
  unknown?: string;
  /** the prefix of a piece that continues a word */
  continuation?: string;
  /** longer words (in characters) become `unknown`; BERT uses 100 */
  maxCharsPerWord?: number;
  /** tokens kept whole when they appear in the text, e.g. [CLS] */
  neverSplit?: readonly string[];
}

export const BERT_SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] as const;

const CONTROL = /^\p{C}$/u;
const WHITESPACE = /^[ \t\n\r\p{Zs}]$/u;
const PUNCTUATION = /^\p{P}$/u;
const COMBINING_MARK = /\p{Mn}/gu;

function isWhitespace(ch: string): boolean {
  return WHITESPACE.test(ch);
}

function isControl(ch: string): boolean {
  if (ch === '\t' || ch === '\n' || ch === '\r') return false;
  return CONTROL.test(ch);
}

/** BERT counts every non-alphanumeric ASCII character as punctuation ($, ^, `), and Unicode's P* categories */
function isPunctuation(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  if ((cp >= 33 && cp <= 47) || (cp >= 58 && cp <= 64) || (cp >= 91 && cp <= 96) || (cp >= 123 && cp <= 126))
    return true;
  return PUNCTUATION.test(ch);
}

/** the CJK Unified Ideographs blocks BERT splits per character (not Hangul, Hiragana or Katakana) */
function isCjk(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x2a6df) ||
    (cp >= 0x2a700 && cp <= 0x2b73f) ||
    (cp >= 0x2b740 && cp <= 0x2b81f) ||
    (cp >= 0x2b820 && cp <= 0x2ceaf) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2f800 && cp <= 0x2fa1f)
  );
}

/** a vocab.txt: one token per line, the line number (from 0) is its id */
export function parseVocab(text: string): Map<string, number> {
  const vocab = new Map<string, number>();
  const lines = text.split('\n');
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  lines.forEach((line, id) => {
    const token = line.endsWith('\r') ? line.slice(0, -1) : line;
    if (!vocab.has(token)) vocab.set(token, id);
  });
  return vocab;
}

export class WordPiece {
  readonly vocab: ReadonlyMap<string, number>;
  readonly unknown: string;
  readonly unknownId: number;
  readonly #lowercase: boolean;
  readonly #stripAccents: boolean;
  readonly #splitCjk: boolean;
  readonly #continuation: string;
  readonly #maxChars: number;
  readonly #neverSplit: ReadonlySet<string>;

  constructor(vocab: ReadonlyMap<string, number>, opts: WordPieceOptions = {}) {
    this.vocab = vocab;
    this.unknown = opts.unknown ?? '[UNK]';
    const unknownId = vocab.get(this.unknown);
    if (unknownId === undefined) throw new Error(`the vocabulary has no unknown token ${this.unknown}`);
    this.unknownId = unknownId;
    this.#lowercase = opts.lowercase ?? true;
    this.#stripAccents = opts.stripAccents ?? this.#lowercase;
    this.#splitCjk = opts.splitCjk ?? true;
    this.#continuation = opts.continuation ?? '##';
    this.#maxChars = opts.maxCharsPerWord ?? 100;
    this.#neverSplit = new Set(opts.neverSplit ?? BERT_SPECIAL_TOKENS);
  }

  get size(): number {
    return this.vocab.size;
  }

  /** BasicTokenizer: the words and punctuation marks of `text`, normalised, before WordPiece */
  basicTokens(text: string): string[] {
    let cleaned = '';
    for (const ch of text) {
      const cp = ch.codePointAt(0)!;
      if (cp === 0 || cp === 0xfffd || isControl(ch)) continue;
      if (isWhitespace(ch)) cleaned += ' ';
      else if (this.#splitCjk && isCjk(cp)) cleaned += ` ${ch} `;
      else cleaned += ch;
    }
    const out: string[] = [];
    for (const raw of cleaned.split(/\s+/u)) {
      if (!raw) continue;
      if (this.#neverSplit.has(raw)) {
        out.push(raw);
        continue;
      }
      let token = this.#lowercase ? raw.toLowerCase() : raw;
      if (this.#stripAccents) token = token.normalize('NFD').replace(COMBINING_MARK, '');
      let current = '';
      for (const ch of token) {
        if (isPunctuation(ch)) {
          if (current) out.push(current);
          current = '';
          out.push(ch);
        } else {
          current += ch;
        }
      }
      if (current) out.push(current);
    }
    return out;
  }

  /** WordpieceTokenizer on one basic token: greedy longest match first */
  pieces(word: string): string[] {
    if (this.#neverSplit.has(word) && this.vocab.has(word)) return [word];
    const chars = Array.from(word);
    if (chars.length > this.#maxChars) return [this.unknown];
    const out: string[] = [];
    let start = 0;
    while (start < chars.length) {
      let end = chars.length;
      let found: string | null = null;
      while (start < end) {
        const sub = chars.slice(start, end).join('');
        const candidate = start > 0 ? this.#continuation + sub : sub;
        if (this.vocab.has(candidate)) {
          found = candidate;
          break;
        }
        end--;
      }
      if (found === null) return [this.unknown];
      out.push(found);
      start = end;
    }
    return out;
  }

  /** the WordPiece tokens of a text, without [CLS] and [SEP] */
  tokenize(text: string): string[] {
    return this.basicTokens(text).flatMap((w) => this.pieces(w));
  }

  /** each token's id in the vocabulary */
  ids(tokens: readonly string[]): number[] {
    return tokens.map((t) => this.vocab.get(t) ?? this.unknownId);
  }

  /** the ids BERT's encoder takes: [CLS] tokens [SEP] */
  encode(text: string): number[] {
    return this.ids(['[CLS]', ...this.tokenize(text), '[SEP]']);
  }
}
