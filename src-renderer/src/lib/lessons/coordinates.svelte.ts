// The coordinates page: the lecture's gender / age / royalty table, editable,
// with a − b + c worked out on it; then the same words placed by a trained run.
import type { LabApi, Scored } from '../../../../src-preload/contract.ts';
import { lectureAnalogy, lectureCoordinates } from '../../../../src-preload/lecture.ts';
import { errorMessage } from '../api.ts';
import { denseWords } from './dense.ts';
import { analogyVector, layoutFromCosines, nearestRows, subtract, type Layout3d } from './math.ts';

export interface LearnedSpace extends Layout3d {
  run: string;
  dim: number;
  /** the words placed (those the run has a vector for), in table order */
  words: string[];
  missing: string[];
}

/** the lecture's values, fresh (the table is edited in place) */
function lectureRows(): number[][] {
  return lectureCoordinates.values.map((row) => [...row]);
}

export class CoordinatesLesson {
  readonly #lab: LabApi;
  #seq = 0;
  readonly words: readonly string[] = lectureCoordinates.words;
  readonly axes: readonly string[] = lectureCoordinates.dims;
  rows = $state<number[][]>(lectureRows());
  a = $state<string>(lectureAnalogy.a);
  b = $state<string>(lectureAnalogy.b);
  c = $state<string>(lectureAnalogy.c);

  /** a − b + c on the table */
  readonly result = $derived(analogyVector(this.#row(this.a), this.#row(this.b), this.#row(this.c)));
  /** the table's words by distance to the result, the three inputs left out */
  readonly nearest = $derived(nearestRows(this.words, this.rows, this.result, [this.a, this.b, this.c]));
  /** a − b, and (nearest − c): the two sides of the parallelogram the lecture compares */
  readonly difference = $derived(subtract(this.#row(this.a), this.#row(this.b)));
  readonly nearestDifference = $derived(
    this.nearest.length ? subtract(this.rows[this.nearest[0].index], this.#row(this.c)) : null,
  );
  readonly edited = $derived(this.rows.some((row, i) => row.some((x, j) => x !== lectureCoordinates.values[i][j])));

  run = $state<string | null>(null);
  learned: LearnedSpace | null = $state.raw(null);
  learnedAnalogy: Scored[] | null = $state.raw(null);
  learnedAnalogyError = $state<string | null>(null);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  #row(word: string): number[] {
    return this.rows[this.words.indexOf(word)] ?? [0, 0, 0];
  }

  /** a typed value; anything that is not a finite number leaves the cell as it was */
  setValue(row: number, axis: number, value: number): void {
    if (!Number.isFinite(value) || !this.rows[row]) return;
    this.rows[row][axis] = value;
  }

  reset(): void {
    this.rows = lectureRows();
  }

  select(run: string | null): Promise<void> {
    this.run = run;
    return this.load();
  }

  /** the arithmetic changed: ask the learned run the same question */
  async setWords(a: string, b: string, c: string): Promise<void> {
    this.a = a;
    this.b = b;
    this.c = c;
    await this.load();
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    const run = this.run;
    this.error = null;
    if (!run) {
      this.learned = null;
      this.learnedAnalogy = null;
      this.learnedAnalogyError = null;
      this.loading = false;
      return;
    }
    this.loading = true;
    const { a, b, c } = this;
    try {
      const [dense, analogy] = await Promise.all([
        denseWords(this.#lab, run, this.words),
        this.#lab.analogy({ run, a, b, c, k: 3 }).then(
          (r) => ({ results: r.results, error: null }),
          (e: unknown) => ({ results: null, error: errorMessage(e) }),
        ),
      ]);
      if (seq !== this.#seq) return;
      const keep = dense.words.map((_, i) => i).filter((i) => dense.status[i] !== 'unknown');
      const cos = keep.map((i) => keep.map((j) => dense.cosines[i][j] ?? 0));
      this.learned = {
        run,
        dim: dense.dim,
        words: keep.map((i) => dense.words[i]),
        missing: dense.words.filter((_, i) => dense.status[i] === 'unknown'),
        ...(keep.length > 0 ? layoutFromCosines(cos) : { coords: new Float32Array(0), explained: [0, 0, 0] }),
      };
      this.learnedAnalogy = analogy.results;
      this.learnedAnalogyError = analogy.error;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.learned = null;
      this.learnedAnalogy = null;
      this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}
