// Word tokenizer for one line of text. A word is a run of letters, marks and
// digits; an apostrophe or hyphen between two such runs stays inside the word
// ("don't", "state-of-the-art"). Everything else separates words.
// ascii-words.ts finds the same words in ASCII bytes; keep the two in step.

export interface TokenizeOptions {
  lowercase: boolean;
}

// Most lines of most corpora are ASCII, and the plain pattern is faster there.
const ASCII_WORD = /[A-Za-z0-9]+(?:['-][A-Za-z0-9]+)*/g;
// A word starts with a letter or digit, so a mark left over from an emoji
// (U+FE0F after a heart) is not a word. The ASCII alternatives first double
// the speed on mixed text (V8 12).
const START = String.raw`(?:[A-Za-z0-9]|[\p{L}\p{N}])`;
const PART = String.raw`(?:[A-Za-z0-9]|[\p{L}\p{M}\p{N}])`;
const WORD = new RegExp(`${START}${PART}*(?:['-]${START}${PART}*)*`, 'gu');
const NON_ASCII = /[^\0-\x7f]/;
// A string with nothing from U+0300 up is already NFC: composing needs a combining mark.
const MAY_NEED_NFC = /[^\0-\u02ff]/;
// The typographic apostrophe and the Unicode hyphens become their ASCII forms,
// so "don’t" and "don't" are one word.
const TYPOGRAPHIC = /[\u2019\u2010\u2011]/g;

/** the words of one line, NFC-normalised, optionally lowercased (locale-independent) */
export function tokenizeLine(line: string, options: TokenizeOptions): string[] {
  let text = options.lowercase ? line.toLowerCase() : line;
  if (!NON_ASCII.test(text)) return text.match(ASCII_WORD) ?? [];
  if (MAY_NEED_NFC.test(text)) text = text.normalize('NFC');
  text = text.replace(TYPOGRAPHIC, asciiForm);
  return text.match(WORD) ?? [];
}

function asciiForm(char: string): string {
  return char === '\u2019' ? "'" : '-';
}
