// The question boxes of the Explore view's side panel: arithmetic expressions
// (with the exact numbers behind an analogy), similarity of words, sentences
// and lists, odd one out, and a word's concordance. Each keeps only the answer
// to its latest question.
import type {
  Concordance,
  ExpressionResult,
  LabApi,
  OddOneOut,
  Scored,
  SentenceSimilarity,
  SimilarityMatrix,
} from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';
import { analogyOf, errorColumns, offsetCosine, offsetLength, type AnalogyWords } from './arithmetic.ts';
import { parseWordList } from './map-colors.ts';

export const CLASSIC_EXPRESSION = 'king - man + woman';
export const EXPRESSION_K = 10;
export const KWIC_LINES = 20;

/** one question at a time: its answer, whether it is on its way, and its error */
export class Answer<R> {
  #seq = 0;
  result: R | null = $state.raw(null);
  loading = $state(false);
  error = $state<string | null>(null);

  reset(): void {
    this.#seq++;
    this.result = null;
    this.error = null;
    this.loading = false;
  }

  /** shows a message instead of asking */
  refuse(message: string): void {
    this.reset();
    this.error = message;
  }

  /** asks; an older question's answer that comes later is dropped. True when this answer was kept. */
  async ask(question: () => Promise<R>): Promise<boolean> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    try {
      const r = await question();
      if (seq !== this.#seq) return false;
      this.result = r;
      return true;
    } catch (e) {
      if (seq !== this.#seq) return false;
      this.result = null;
      this.error = errorMessage(e);
      return false;
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}

/** the exact numbers of an a − b + c analogy, in the original space */
export interface AnalogyFacts extends AnalogyWords {
  answer: string;
  /** the answer's score in the ranking (cosine to the sum) */
  score: number;
  /** cos(a − b, answer − c): 1 when the two offsets are parallel */
  offsetCosine: number;
  /** ‖a − b‖ and ‖answer − c‖ */
  lengths: [number, number];
  /** on unit vectors (3CosAdd) or the stored ones */
  normalized: boolean;
}

export class ExpressionQuery {
  readonly #lab: LabApi;
  #seq = 0;
  text = $state('');
  /** sum unit vectors (gensim's 3CosAdd) instead of the stored ones */
  normalize = $state(true);
  readonly answer = new Answer<ExpressionResult>();
  /** the expression and mode the answer belongs to */
  asked = $state<{ text: string; normalize: boolean } | null>(null);
  /** the same expression the other way (stored vectors when normalising, unit ones when not), ranked */
  other: Scored[] | null = $state.raw(null);
  facts: AnalogyFacts | null = $state.raw(null);

  /** the columns the error names, for marking them under the expression */
  readonly errorColumns = $derived(errorColumns(this.answer.error));
  readonly analogy = $derived(this.answer.result ? analogyOf(this.answer.result.terms) : null);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  /** for a new run: clears the answer and, if the run knows king, man and woman, fills in king - man + woman */
  async prefill(run: string): Promise<void> {
    const seq = ++this.#seq;
    this.clear();
    this.text = '';
    try {
      const known = await this.#lab.vectors({ run, words: ['king', 'man', 'woman'] });
      if (seq !== this.#seq || known.unknown.length > 0) return;
      this.text = CLASSIC_EXPRESSION;
    } catch {
      // a run without those words simply starts empty
    }
  }

  clear(): void {
    this.answer.reset();
    this.asked = null;
    this.other = null;
    this.facts = null;
  }

  async submit(run: string, k = EXPRESSION_K): Promise<void> {
    const expr = this.text.trim();
    const normalize = this.normalize;
    const seq = ++this.#seq;
    this.other = null;
    this.facts = null;
    this.asked = { text: expr, normalize };
    if (!expr) {
      this.answer.refuse('Type an expression, e.g. king - man + woman.');
      return;
    }
    const kept = await this.answer.ask(() => this.#lab.expression({ run, expr, k, normalize }));
    const result = this.answer.result;
    if (!kept || seq !== this.#seq || !result) return;
    const form = analogyOf(result.terms);
    const top = result.results[0];
    await Promise.all([
      // the other ranking, for "why two answers"; a failure just leaves it out
      this.#lab.expression({ run, expr, k: 3, normalize: !normalize }).then(
        (r) => {
          if (seq === this.#seq) this.other = r.results;
        },
        () => {},
      ),
      form && top ? this.#facts(run, seq, form, top, normalize) : Promise.resolve(),
    ]);
  }

  async #facts(run: string, seq: number, form: AnalogyWords, top: Scored, normalize: boolean): Promise<void> {
    try {
      const words = [form.a, form.b, form.c, top.word];
      const v = await this.#lab.vectors({ run, words });
      if (seq !== this.#seq || v.unknown.length > 0) return;
      const row = (i: number) => v.vectors.subarray(i * v.dim, (i + 1) * v.dim);
      const [a, b, c, d] = [0, 1, 2, 3].map(row);
      this.facts = {
        ...form,
        answer: top.word,
        score: top.score,
        offsetCosine: offsetCosine(a, b, c, d, normalize),
        lengths: [offsetLength(a, b, normalize), offsetLength(d, c, normalize)],
        normalized: normalize,
      };
    } catch {
      // the numbers are a bonus; the answer stands without them
    }
  }
}

export class SimilarityQuery {
  readonly #lab: LabApi;
  a = $state('');
  b = $state('');
  readonly answer = new Answer<{ score: number; pair: [string, string] }>();

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  get score(): number | null {
    return this.answer.result?.score ?? null;
  }
  get pair(): [string, string] | null {
    return this.answer.result?.pair ?? null;
  }
  get error(): string | null {
    return this.answer.error;
  }
  get loading(): boolean {
    return this.answer.loading;
  }

  reset(): void {
    this.answer.reset();
  }

  async submit(run: string): Promise<void> {
    const a = this.a.trim();
    const b = this.b.trim();
    if (!a || !b) return this.answer.refuse('Fill in both words.');
    await this.answer.ask(async () => ({ score: (await this.#lab.similarity({ run, a, b })).score, pair: [a, b] }));
  }
}

export class SentenceQuery {
  readonly #lab: LabApi;
  a = $state('');
  b = $state('');
  readonly answer = new Answer<SentenceSimilarity>();

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  async submit(run: string): Promise<void> {
    const a = this.a.trim();
    const b = this.b.trim();
    if (!a || !b) return this.answer.refuse('Write both sentences.');
    await this.answer.ask(() => this.#lab.sentenceSimilarity({ run, a, b }));
  }
}

/** a list of words typed into one box: the cosine matrix, or the odd one out */
export class ListQuery<R> {
  text = $state('');
  readonly answer = new Answer<R>();
  readonly #ask: (run: string, words: string[]) => Promise<R>;
  readonly #min: number;

  constructor(ask: (run: string, words: string[]) => Promise<R>, min: number) {
    this.#ask = ask;
    this.#min = min;
  }

  readonly words = $derived(parseWordList(this.text));

  async submit(run: string): Promise<void> {
    const words = this.words;
    if (words.length < this.#min) return this.answer.refuse(`Give at least ${this.#min} words.`);
    if (words.length > 100) return this.answer.refuse('At most 100 words.');
    await this.answer.ask(() => this.#ask(run, words));
  }
}

export function matrixQuery(lab: LabApi): ListQuery<SimilarityMatrix> {
  return new ListQuery((run, words) => lab.similarityMatrix({ run, words }), 2);
}

export function oddQuery(lab: LabApi): ListQuery<OddOneOut> {
  return new ListQuery((run, words) => lab.oddOneOut({ run, words }), 3);
}

/** a word's frequency, keep probability and keyword-in-context lines */
export class ConcordanceQuery {
  readonly #lab: LabApi;
  readonly answer = new Answer<Concordance>();
  /** the run and word the answer (or error) is for */
  for = $state<{ run: string; word: string } | null>(null);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  async load(run: string, word: string, n = KWIC_LINES): Promise<void> {
    if (this.for?.run === run && this.for.word === word && (this.answer.result || this.answer.loading)) return;
    this.for = { run, word };
    await this.answer.ask(() => this.#lab.kwic({ run, word, n }));
  }

  reset(): void {
    this.for = null;
    this.answer.reset();
  }
}
