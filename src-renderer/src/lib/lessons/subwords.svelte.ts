// The subword page: a word's fastText character n-grams and its BERT WordPiece
// split, asked of the host as the teacher types.
import type { LabApi, SubwordSplit } from '../../../../src-preload/contract.ts';
import { lectureSubwords } from '../../../../src-preload/lecture.ts';
import { errorMessage } from '../api.ts';
import { groupNgrams } from './math.ts';

export const SUBWORD_EXAMPLES = ['unhappiness', 'where', 'embeddings', 'tokenización', 'desafortunadamente'] as const;

export class SubwordsLesson {
  readonly #lab: LabApi;
  #seq = 0;
  word = $state<string>(lectureSubwords.word);
  minn = $state(3);
  maxn = $state(6);
  result: SubwordSplit | null = $state.raw(null);
  loading = $state(false);
  error = $state<string | null>(null);

  readonly groups = $derived(this.result ? groupNgrams(this.result.ngrams, this.result.buckets) : []);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    const word = this.word.trim();
    if (!word) {
      this.result = null;
      this.error = null;
      this.loading = false;
      return;
    }
    this.loading = true;
    try {
      const result = await this.#lab.subwords({ word, minn: this.minn, maxn: this.maxn });
      if (seq !== this.#seq) return;
      this.result = result;
      this.error = null;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.result = null;
      this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
