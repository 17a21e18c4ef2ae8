// The Evaluate view: a run, the built-in sets to score it on, and the report
// (the stored one when a run is picked, a fresh one after "Evaluate").
import { SvelteSet } from 'svelte/reactivity';
import { requests, type EvalReport, type EvalSets, type LabApi } from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';

/** gensim's restrict_vocab default, as the contract fills it in */
export const DEFAULT_RESTRICT_VOCAB: number = requests.evaluate.args.shape.restrictVocab.parse(undefined);

export type EvalKind = keyof EvalSets;

const TITLES: Record<string, string> = {
  'questions-words.txt': 'Google analogies',
  'wordsim353.tsv': 'WordSim-353',
  'wordsim353-sim.tsv': 'WordSim-353 similarity',
  'wordsim353-rel.tsv': 'WordSim-353 relatedness',
  'mc30.tsv': 'Miller–Charles 30',
  'rg65.tsv': 'Rubenstein–Goodenough 65',
  'mturk287.tsv': 'MTurk-287',
  'mturk771.tsv': 'MTurk-771',
  'rw-stanford.tsv': 'Stanford Rare Words',
  'verb143.tsv': 'Verb-143',
  'yp130.tsv': 'YP-130 verbs',
};

/** a set's common name, when it is one of the well-known files; else null */
export function evalSetTitle(file: string): string | null {
  return TITLES[file] ?? null;
}

export function isEmptyReport(r: EvalReport | null): boolean {
  return !r || (r.analogies.length === 0 && r.similarity.length === 0);
}

export class EvalStore {
  readonly #lab: LabApi;
  /** bumps whenever the run changes: answers for an older run are dropped */
  #runSeq = 0;
  #setsLoad: Promise<void> | null = null;

  sets: EvalSets | null = $state.raw(null);
  setsError = $state<string | null>(null);
  readonly chosen = { analogies: new SvelteSet<string>(), similarity: new SvelteSet<string>() };

  run = $state<string | null>(null);
  restrictVocab = $state<number | null>(DEFAULT_RESTRICT_VOCAB);
  report: EvalReport | null = $state.raw(null);
  /** 'stored': the latest saved score per file; 'fresh': what "Evaluate" just returned */
  source = $state<'stored' | 'fresh' | null>(null);
  /** loading the stored report */
  loading = $state(false);
  /** the run being evaluated now (it may no longer be the one shown) */
  evaluating = $state<string | null>(null);
  /** when the current evaluation started (ms since epoch), for an elapsed clock */
  startedAt = $state<number | null>(null);
  error = $state<string | null>(null);

  readonly busy = $derived(this.evaluating !== null && this.evaluating === this.run);
  readonly chosenCount = $derived(this.chosen.analogies.size + this.chosen.similarity.size);

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  /** the built-in sets, once; all of them start checked */
  loadSets(): Promise<void> {
    this.#setsLoad ??= (async () => {
      try {
        const sets = await this.#lab.evalSets({});
        this.sets = sets;
        this.setsError = null;
        for (const kind of ['analogies', 'similarity'] as const) {
          this.chosen[kind].clear();
          for (const name of sets[kind]) this.chosen[kind].add(name);
        }
      } catch (e) {
        this.setsError = errorMessage(e);
        this.#setsLoad = null;
      }
    })();
    return this.#setsLoad;
  }

  toggle(kind: EvalKind, name: string, on: boolean): void {
    if (on) this.chosen[kind].add(name);
    else this.chosen[kind].delete(name);
  }

  /** checks every set of a kind, or none */
  setAll(kind: EvalKind, on: boolean): void {
    this.chosen[kind].clear();
    if (on) for (const name of this.sets?.[kind] ?? []) this.chosen[kind].add(name);
  }

  /** picks a run and shows its stored scores */
  async select(run: string | null): Promise<void> {
    if (run === this.run && (this.report || this.loading)) return;
    const seq = ++this.#runSeq;
    this.run = run;
    this.report = null;
    this.source = null;
    this.error = null;
    if (!run) {
      this.loading = false;
      return;
    }
    this.loading = true;
    try {
      const stored = await this.#lab.evaluations({ run });
      if (seq !== this.#runSeq) return;
      this.report = isEmptyReport(stored) ? null : stored;
      this.source = this.report ? 'stored' : null;
    } catch (e) {
      if (seq !== this.#runSeq) return;
      this.error = errorMessage(e);
    } finally {
      if (seq === this.#runSeq) this.loading = false;
    }
  }

  /** scores the run on the checked sets; the host stores the scores too */
  async evaluate(now: () => number = Date.now): Promise<void> {
    const run = this.run;
    this.error = null;
    if (!run) {
      this.error = 'Pick a run to evaluate.';
      return;
    }
    const restrictVocab = this.restrictVocab;
    if (restrictVocab == null || !Number.isInteger(restrictVocab) || restrictVocab < 1) {
      this.error = 'Restrict vocabulary: enter a whole number of at least 1.';
      return;
    }
    if (this.chosenCount === 0) {
      this.error = 'Check at least one evaluation set.';
      return;
    }
    if (this.evaluating) return;
    // in the order the host lists them
    const pick = (kind: EvalKind) =>
      (this.sets?.[kind] ?? [...this.chosen[kind]]).filter((n) => this.chosen[kind].has(n));
    this.evaluating = run;
    this.startedAt = now();
    try {
      const report = await this.#lab.evaluate({
        run,
        analogies: pick('analogies'),
        similarity: pick('similarity'),
        restrictVocab,
      });
      // shown if its run is still (or again) the one picked; a stored load still on its way is dropped
      if (this.run !== run) return;
      this.#runSeq++;
      this.loading = false;
      this.report = report;
      this.source = 'fresh';
    } catch (e) {
      if (this.run !== run) return;
      this.error = errorMessage(e);
    } finally {
      this.evaluating = null;
      this.startedAt = null;
    }
  }
}
