// The Compare view's state: the runs picked and their scores table (evaluated as
// a job, then read back), and the four panels below it (analogy questions,
// neighbours across runs, stability, aligned map), each asking the host itself.
import { SvelteSet } from 'svelte/reactivity';
import type {
  AlignReport,
  AnalogyQuestionsPage,
  Args,
  CompareReport,
  LabApi,
  NeighborsAcross,
  RunStatus,
  StabilityReport,
} from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';
import { nextSort, scoreTable, type Sort, type SortKey } from './compare.ts';
import { DEFAULT_RESTRICT_VOCAB, EvalStore } from './evaluate.svelte.ts';

/** a whole number within bounds, or an error naming the field */
export function checkCount(label: string, value: number | null, min: number, max: number): string | null {
  if (value == null || !Number.isInteger(value) || value < min || value > max)
    return `${label}: enter a whole number from ${min} to ${max}.`;
  return null;
}

export class ScoresState {
  readonly #lab: LabApi;
  /** the built-in sets and which are checked (the Evaluate view's picker, its own choice) */
  readonly sets: EvalStore;
  /** picked runs, in the order they were picked */
  picked = $state<string[]>([]);
  restrictVocab = $state<number | null>(DEFAULT_RESTRICT_VOCAB);
  /** the evaluation job running now */
  jobId = $state<string | null>(null);
  /** the last job started, kept to show how it ended */
  shownJobId = $state<string | null>(null);
  /** asking the host (starting the job, or reading the scores) */
  busy = $state(false);
  report: CompareReport | null = $state.raw(null);
  error = $state<string | null>(null);
  sort = $state<Sort>({ key: { by: 'run' }, descending: false });
  readonly expanded = new SvelteSet<string>();
  #args: Args<'compare'> | null = null;

  readonly table = $derived(this.report ? scoreTable(this.report) : null);

  constructor(lab: LabApi) {
    this.#lab = lab;
    this.sets = new EvalStore(lab);
  }

  toggle(run: string, on: boolean): void {
    const has = this.picked.includes(run);
    if (on && !has) this.picked = [...this.picked, run];
    if (!on && has) this.picked = this.picked.filter((r) => r !== run);
  }

  /** forgets runs that are gone (deleted, or no longer done) */
  keepOnly(names: ReadonlySet<string>): void {
    if (this.picked.some((r) => !names.has(r))) this.picked = this.picked.filter((r) => names.has(r));
  }

  sortBy(key: SortKey): void {
    this.sort = nextSort(this.sort, key);
  }

  toggleSections(file: string): void {
    if (this.expanded.has(file)) this.expanded.delete(file);
    else this.expanded.add(file);
  }

  /** starts the evaluation of what is missing; the scores are read when the job ends (or at once) */
  async start(): Promise<void> {
    this.error = null;
    if (this.picked.length === 0) return void (this.error = 'Pick at least one run to compare.');
    const restrict = checkCount('Restrict vocabulary', this.restrictVocab, 1, 100_000_000);
    if (restrict) return void (this.error = restrict);
    if (this.sets.chosenCount === 0) return void (this.error = 'Check at least one evaluation set.');
    if (this.jobId || this.busy) return;
    const pick = (kind: 'analogies' | 'similarity') =>
      (this.sets.sets?.[kind] ?? []).filter((n) => this.sets.chosen[kind].has(n));
    const args: Args<'compare'> = {
      runs: [...this.picked],
      analogies: pick('analogies'),
      similarity: pick('similarity'),
      restrictVocab: this.restrictVocab as number,
    };
    this.#args = args;
    this.busy = true;
    try {
      const { jobId } = await this.#lab.startCompare(args);
      this.shownJobId = jobId;
      if (jobId) this.jobId = jobId;
      else await this.#read(args);
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.busy = false;
    }
  }

  /** the view calls this when the job it follows stops */
  async jobEnded(status: RunStatus, error: string | null): Promise<void> {
    this.jobId = null;
    const args = this.#args;
    if (status !== 'done' || !args) {
      this.error =
        status === 'cancelled' ? 'Cancelled: no new scores were stored.' : (error ?? `Evaluation ${status}.`);
      return;
    }
    this.busy = true;
    try {
      await this.#read(args);
    } catch (e) {
      this.error = errorMessage(e);
    } finally {
      this.busy = false;
    }
  }

  async #read(args: Args<'compare'>): Promise<void> {
    this.report = await this.#lab.compare(args);
  }
}

export class QuestionsState {
  readonly #lab: LabApi;
  #seq = 0;
  run = $state<string | null>(null);
  file = $state<string | null>(null);
  section = $state('');
  failuresOnly = $state(false);
  offset = $state(0);
  readonly limit: number;
  page: AnalogyQuestionsPage | null = $state.raw(null);
  loading = $state(false);
  error = $state<string | null>(null);

  constructor(lab: LabApi, limit = 25) {
    this.#lab = lab;
    this.limit = limit;
  }

  /** a new filter starts from the first page */
  async filter(change: Partial<Pick<QuestionsState, 'run' | 'file' | 'section' | 'failuresOnly'>>): Promise<void> {
    if (change.run !== undefined && change.run !== this.run) this.section = '';
    if (change.file !== undefined && change.file !== this.file) this.section = '';
    Object.assign(this, change);
    this.offset = 0;
    await this.load();
  }

  async goTo(offset: number): Promise<void> {
    this.offset = Math.max(0, offset);
    await this.load();
  }

  async load(): Promise<void> {
    const seq = ++this.#seq;
    const { run, file } = this;
    if (!run || !file) {
      this.page = null;
      return;
    }
    this.loading = true;
    this.error = null;
    try {
      const page = await this.#lab.analogyQuestions({
        run,
        file,
        section: this.section || undefined,
        failuresOnly: this.failuresOnly,
        offset: this.offset,
        limit: this.limit,
      });
      if (seq === this.#seq) this.page = page;
    } catch (e) {
      if (seq !== this.#seq) return;
      this.page = null;
      this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}

/** one request at a time, its answer or its error; an answer to an older request is dropped */
class Ask<A, R> {
  #seq = 0;
  result: R | null = $state.raw(null);
  loading = $state(false);
  error = $state<string | null>(null);
  readonly #call: (args: A) => Promise<R>;

  constructor(call: (args: A) => Promise<R>) {
    this.#call = call;
  }

  fail(message: string): void {
    ++this.#seq;
    this.loading = false;
    this.error = message;
  }

  async ask(args: A): Promise<void> {
    const seq = ++this.#seq;
    this.loading = true;
    this.error = null;
    try {
      const r = await this.#call(args);
      if (seq === this.#seq) this.result = r;
    } catch (e) {
      if (seq === this.#seq) this.error = errorMessage(e);
    } finally {
      if (seq === this.#seq) this.loading = false;
    }
  }
}

export class NeighborsState {
  word = $state('');
  k = $state<number | null>(10);
  /** the two runs whose whole neighbourhoods are compared */
  rboA = $state<string | null>(null);
  rboB = $state<string | null>(null);
  rboWords = $state<number | null>(1000);
  readonly across: Ask<Args<'neighborsAcross'>, NeighborsAcross>;
  readonly overlap: Ask<Args<'stability'>, StabilityReport>;

  constructor(lab: LabApi) {
    this.across = new Ask((a) => lab.neighborsAcross(a));
    this.overlap = new Ask((a) => lab.stability(a));
  }

  async search(runs: readonly string[]): Promise<void> {
    const word = this.word.trim();
    if (runs.length === 0) return this.across.fail('Pick the runs to compare first.');
    if (!word) return this.across.fail('Type a word.');
    const bad = checkCount('k', this.k, 1, 100);
    if (bad) return this.across.fail(bad);
    await this.across.ask({ runs: [...runs], word, k: this.k as number });
  }

  /** rank-biased overlap of the top-k of the two runs' most frequent shared words */
  async compareTwo(): Promise<void> {
    const { rboA: a, rboB: b } = this;
    if (!a || !b || a === b) return this.overlap.fail('Choose two different runs.');
    const bad = checkCount('k', this.k, 1, 100) ?? checkCount('Words', this.rboWords, 1, 100_000);
    if (bad) return this.overlap.fail(bad);
    await this.overlap.ask({ runs: [a, b], k: this.k as number, words: this.rboWords as number });
  }
}

export class StabilityState {
  k = $state<number | null>(10);
  words = $state<number | null>(1000);
  readonly report: Ask<Args<'stability'>, StabilityReport>;

  constructor(lab: LabApi) {
    this.report = new Ask((a) => lab.stability(a));
  }

  async measure(runs: readonly string[]): Promise<void> {
    if (runs.length < 2) return this.report.fail('Pick two runs or more (the same settings, other seeds).');
    if (runs.length > 10) return this.report.fail('Pick at most 10 runs.');
    const bad = checkCount('k', this.k, 1, 100) ?? checkCount('Words', this.words, 1, 100_000);
    if (bad) return this.report.fail(bad);
    await this.report.ask({ runs: [...runs], k: this.k as number, words: this.words as number });
  }
}

export class AlignState {
  a = $state<string | null>(null);
  b = $state<string | null>(null);
  fitWords = $state<number | null>(10_000);
  mapWords = $state<number | null>(200);
  /** the moved word picked in the list, highlighted on the map */
  focus = $state<string | null>(null);
  readonly report: Ask<Args<'align'>, AlignReport>;

  constructor(lab: LabApi) {
    this.report = new Ask((a) => lab.align(a));
  }

  async align(): Promise<void> {
    const { a, b } = this;
    if (!a || !b || a === b) return this.report.fail('Choose two different runs.');
    const bad =
      checkCount('Fit on', this.fitWords, 2, 1_000_000) ?? checkCount('Words on the map', this.mapWords, 1, 2000);
    if (bad) return this.report.fail(bad);
    this.focus = null;
    await this.report.ask({ a, b, words: this.fitWords as number, mapWords: this.mapWords as number, top: 50 });
  }
}

export class CompareState {
  readonly scores: ScoresState;
  readonly questions: QuestionsState;
  readonly neighbors: NeighborsState;
  readonly stability: StabilityState;
  readonly align: AlignState;

  constructor(lab: LabApi) {
    this.scores = new ScoresState(lab);
    this.questions = new QuestionsState(lab);
    this.neighbors = new NeighborsState(lab);
    this.stability = new StabilityState(lab);
    this.align = new AlignState(lab);
  }
}
