// The analogy and similarity boxes of the Explore view.
import type { AnalogyResult, LabApi } from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';

export const CLASSIC_ANALOGY = { a: 'king', b: 'man', c: 'woman' } as const;

export class AnalogyQuery {
  readonly #lab: LabApi;
  #seq = 0;
  a = $state('');
  b = $state('');
  c = $state('');
  result: AnalogyResult | null = $state.raw(null);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  /** for a new run: clears the answer and, if the run knows king, man and woman, fills them in */
  async prefill(run: string): Promise<void> {
    const seq = ++this.#seq;
    this.result = null;
    this.error = null;
    this.a = this.b = this.c = '';
    const { a, b, c } = CLASSIC_ANALOGY;
    try {
      const known = await this.#lab.vectors({ run, words: [a, b, c] });
      if (seq !== this.#seq || known.unknown.length > 0) return;
      this.a = a;
      this.b = b;
      this.c = c;
    } catch {
      // a run without those words simply starts empty
    }
  }

  async submit(run: string, k = 10): Promise<void> {
    const a = this.a.trim();
    const b = this.b.trim();
    const c = this.c.trim();
    const seq = ++this.#seq;
    if (!a || !b || !c) {
      this.error = 'Fill in all three words.';
      this.result = null;
      return;
    }
    this.loading = true;
    this.error = null;
    try {
      const result = await this.#lab.analogy({ run, a, b, c, k });
      if (seq !== this.#seq) return;
      this.result = result;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.result = null;
      this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}

export class SimilarityQuery {
  readonly #lab: LabApi;
  #seq = 0;
  a = $state('');
  b = $state('');
  score = $state<number | null>(null);
  /** the pair the score belongs to */
  pair = $state<[string, string] | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  reset(): void {
    this.#seq++;
    this.score = null;
    this.pair = null;
    this.error = null;
    this.loading = false;
  }

  async submit(run: string): Promise<void> {
    const a = this.a.trim();
    const b = this.b.trim();
    const seq = ++this.#seq;
    if (!a || !b) {
      this.error = 'Fill in both words.';
      this.score = null;
      return;
    }
    this.loading = true;
    this.error = null;
    try {
      const { score } = await this.#lab.similarity({ run, a, b });
      if (seq !== this.#seq) return;
      this.score = score;
      this.pair = [a, b];
    } catch (e) {
      if (seq !== this.#seq) return;
      this.score = null;
      this.pair = null;
      this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
