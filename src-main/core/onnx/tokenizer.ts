// The encoder's tokenizer: @huggingface/tokenizers does normalisation, WordPiece
// and the special-token template; truncation is ours because the library has
// none, and it follows the Hugging Face Rust tokenizers (`longest_first`,
// special tokens kept, so a truncated text still ends in [SEP]).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Tokenizer } from '@huggingface/tokenizers';
import { EncoderFolderError, readJson } from './folder.ts';

export interface Tokenized {
  tokens: string[];
  ids: number[];
  tokenTypeIds: number[];
  truncated: boolean;
}

export class EncoderTokenizer {
  private readonly specials: { single: number; pair: number };

  private constructor(
    private readonly tok: Tokenizer,
    readonly maxLength: number,
  ) {
    this.specials = { single: this.template([], null).tokens.length, pair: this.template([], []).tokens.length };
  }

  /** the folder's tokenizer.json, or one built from vocab.txt and tokenizer_config.json */
  static fromFolder(dir: string, file: 'tokenizer.json' | 'vocab.txt', maxLength: number): EncoderTokenizer {
    const config = readJson(dir, 'tokenizer_config.json') ?? {};
    const json = file === 'tokenizer.json' ? readJson(dir, file, true)! : bertTokenizerJson(dir, config);
    let tok: Tokenizer;
    try {
      tok = new Tokenizer(json, config);
    } catch (err) {
      throw new EncoderFolderError(`${join(dir, file)}: the tokenizer cannot be built (${(err as Error).message})`);
    }
    if (!tok.post_processor)
      throw new EncoderFolderError(`${join(dir, file)}: no post_processor (the special-token template)`);
    return new EncoderTokenizer(tok, maxLength);
  }

  /** one text or a pair, with special tokens, truncated to `maxLength` (default: the model's) */
  encode(text: string, pair: string | null = null, maxLength = this.maxLength): Tokenized {
    const a = this.tok.tokenize(text, { add_special_tokens: false });
    const b = pair === null ? null : this.tok.tokenize(pair, { add_special_tokens: false });
    const budget = maxLength - (b ? this.specials.pair : this.specials.single);
    if (budget < (b ? 2 : 1)) throw new EncoderFolderError(`maximum length ${maxLength} leaves no room for text`);
    const [ta, tb] = b ? truncatePair(a, b, budget) : [a.slice(0, budget), null];
    const out = this.template(ta, tb);
    const tokens = out.tokens;
    return {
      tokens,
      ids: tokens.map((t) => this.idOf(t)),
      tokenTypeIds: out.typeIds,
      truncated: ta.length < a.length || (b !== null && tb!.length < b.length),
    };
  }

  /** the text's word pieces and their ids, no special tokens, not truncated (the Lessons view's split) */
  pieces(text: string): { tokens: string[]; ids: number[] } {
    const tokens = this.tok.tokenize(text, { add_special_tokens: false });
    return { tokens, ids: tokens.map((t) => this.idOf(t)) };
  }

  get vocabSize(): number {
    return this.tok.get_vocab(true).size;
  }

  get padId(): number {
    return this.tok.token_to_id('[PAD]') ?? this.tok.token_to_id('<pad>') ?? 0;
  }

  private idOf(token: string): number {
    const id = this.tok.token_to_id(token);
    if (id === undefined) throw new EncoderFolderError(`token "${token}" has no id in the vocabulary`);
    return id;
  }

  private template(a: string[], b: string[] | null): { tokens: string[]; typeIds: number[] } {
    const out = this.tok.post_processor!.post_process(a, b, true);
    const tokens = out.tokens_pair ? [...out.tokens, ...out.tokens_pair] : out.tokens;
    return { tokens, typeIds: out.token_type_ids ?? tokens.map(() => 0) };
  }
}

/**
 * Hugging Face tokenizers' `longest_first` for a pair: the shorter text keeps
 * what it can (at most half), the longer one gets the rest of the budget.
 */
export function truncatePair<T>(a: T[], b: T[], budget: number): [T[], T[]] {
  if (a.length + b.length <= budget) return [a, b];
  const swap = a.length > b.length;
  let n1 = Math.min(a.length, b.length);
  let n2 = n1 > budget ? n1 : Math.max(n1, budget - n1);
  if (n1 + n2 > budget) {
    n1 = Math.floor(budget / 2);
    n2 = n1 + (budget % 2);
  }
  if (swap) [n1, n2] = [n2, n1];
  return [a.slice(0, n1), b.slice(0, n2)];
}

/** the tokenizer.json a BertTokenizer(Fast) would write for this vocabulary and config */
function bertTokenizerJson(dir: string, config: Record<string, unknown>): Record<string, unknown> {
  const words = readFileSync(join(dir, 'vocab.txt'), 'utf8').split(/\r?\n/);
  if (words.at(-1) === '') words.pop();
  const vocab = Object.fromEntries(words.map((w, i) => [w, i]));
  const special = (key: string, fallback: string): string =>
    typeof config[key] === 'string' ? (config[key] as string) : fallback;
  const [cls, sep, unk] = [special('cls_token', '[CLS]'), special('sep_token', '[SEP]'), special('unk_token', '[UNK]')];
  for (const t of [cls, sep, unk]) {
    if (!(t in vocab)) throw new EncoderFolderError(`${join(dir, 'vocab.txt')}: the special token ${t} is not in it`);
  }
  const specials = [special('pad_token', '[PAD]'), unk, cls, sep, special('mask_token', '[MASK]')].filter(
    (t) => t in vocab,
  );
  const seq = (id: string, type: number) => ({ Sequence: { id, type_id: type } });
  const tok = (id: string, type: number) => ({ SpecialToken: { id, type_id: type } });
  return {
    added_tokens: specials.map((t) => ({
      id: vocab[t],
      content: t,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: {
      type: 'BertNormalizer',
      clean_text: true,
      handle_chinese_chars: config.tokenize_chinese_chars !== false,
      strip_accents: typeof config.strip_accents === 'boolean' ? config.strip_accents : null,
      lowercase: config.do_lower_case !== false,
    },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [tok(cls, 0), seq('A', 0), tok(sep, 0)],
      pair: [tok(cls, 0), seq('A', 0), tok(sep, 0), seq('B', 1), tok(sep, 1)],
      special_tokens: {
        [cls]: { id: cls, ids: [vocab[cls]], tokens: [cls] },
        [sep]: { id: sep, ids: [vocab[sep]], tokens: [sep] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: { type: 'WordPiece', unk_token: unk, continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab },
  };
}
