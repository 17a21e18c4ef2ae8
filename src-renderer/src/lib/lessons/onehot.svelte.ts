// The one-hot page: the lecture's cat / dog / mouse as one-hot vectors (cosine 0
// between any two), next to the same words' dense vectors from a trained run.
import type { LabApi } from '../../../../src-preload/contract.ts';
import { lectureOneHotWords } from '../../../../src-preload/lecture.ts';
import { errorMessage } from '../api.ts';
import { denseWords, type DenseWords } from './dense.ts';
import { cosineMatrix, oneHot } from './math.ts';

export const MAX_WORDS = 6;

export class OneHotLesson {
  readonly #lab: LabApi;
  #seq = 0;
  /** the words shown, the lecture's by default */
  words = $state<string[]>([...lectureOneHotWords]);
  /** the inputs' text, applied by `apply()` */
  draft = $state<string[]>([...lectureOneHotWords]);
  run = $state<string | null>(null);
  dense: DenseWords | null = $state.raw(null);
  loading = $state(false);
  error = $state<string | null>(null);

  readonly vectors = $derived(oneHot(this.words.length));
  readonly cosines = $derived(cosineMatrix(this.vectors));

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  /** takes the inputs' words (blank ones dropped, repeats once) and reloads the dense side */
  apply(): Promise<void> {
    const typed = this.draft.map((w) => w.trim()).filter(Boolean);
    const words = typed.filter((w, i) => typed.indexOf(w) === i).slice(0, MAX_WORDS);
    if (words.length === 0) return Promise.resolve();
    this.words = words;
    this.draft = [...words];
    return this.load();
  }

  select(run: string | null): Promise<void> {
    this.run = run;
    return this.load();
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    const run = this.run;
    this.error = null;
    if (!run) {
      this.dense = null;
      this.loading = false;
      return;
    }
    this.loading = true;
    try {
      const dense = await denseWords(this.#lab, run, this.words);
      if (seq !== this.#seq) return;
      this.dense = dense;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.dense = null;
      this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
