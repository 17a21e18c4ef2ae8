// What the Explore view shows: a run's 3D projection, the selected word and
// its neighbours. Answers that arrive after the question changed are dropped.
import type { LabApi, Projection, Scored } from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';

export const DEFAULT_TOP_N = 2000;
export const NEIGHBOR_K = 10;

export class ExploreStore {
  readonly #lab: LabApi;
  #projectSeq = 0;
  #selectSeq = 0;

  run = $state<string | null>(null);
  topN = $state(DEFAULT_TOP_N);

  projection: Projection | null = $state.raw(null);
  projecting = $state(false);
  projectionError = $state<string | null>(null);

  selected = $state<string | null>(null);
  neighbors: Scored[] = $state.raw([]);
  neighborsLoading = $state(false);
  neighborsError = $state<string | null>(null);
  /** bumped when the camera should fly to the selected word (search, neighbour click) */
  focusSeq = $state(0);

  /** word → index in the projection */
  readonly index: ReadonlyMap<string, number> = $derived(
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt by $derived, never mutated
    new Map((this.projection?.words ?? []).map((w, i) => [w, i] as const)),
  );
  readonly selectedIndex = $derived(this.selected === null ? -1 : (this.index.get(this.selected) ?? -1));
  readonly neighborIndices = $derived(this.neighbors.map((n) => this.index.get(n.word) ?? -1).filter((i) => i >= 0));

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  /** switches run: clears the selection and loads the projection */
  async setRun(run: string | null): Promise<void> {
    if (run === this.run && (this.projection || this.projecting)) return;
    this.run = run;
    this.clearSelection();
    this.projection = null;
    await this.loadProjection();
  }

  async setTopN(n: number): Promise<void> {
    const clamped = Math.max(1, Math.min(200_000, Math.round(n)));
    if (!Number.isFinite(clamped) || clamped === this.topN) return;
    this.topN = clamped;
    await this.loadProjection();
  }

  async loadProjection(): Promise<void> {
    const run = this.run;
    const seq = ++this.#projectSeq;
    if (!run) {
      this.projecting = false;
      this.projection = null;
      this.projectionError = null;
      return;
    }
    this.projecting = true;
    this.projectionError = null;
    try {
      const p = await this.#lab.project({ run, method: 'pca', dims: 3, words: this.topN });
      if (seq !== this.#projectSeq) return;
      if (p.coords.length !== p.words.length * p.dims)
        throw new Error(`project: expected ${p.words.length * p.dims} coordinates, got ${p.coords.length}`);
      this.projection = p;
    } catch (e) {
      if (seq !== this.#projectSeq) return;
      this.projection = null;
      this.projectionError = errorMessage(e);
    } finally {
      if (seq === this.#projectSeq) this.projecting = false;
    }
  }

  /** selects a word and loads its neighbours; `focus` also moves the camera to it */
  async select(word: string, focus = false): Promise<void> {
    const run = this.run;
    const w = word.trim();
    if (!run || !w) return;
    const seq = ++this.#selectSeq;
    this.selected = w;
    if (focus) this.focusSeq++;
    this.neighborsLoading = true;
    this.neighborsError = null;
    try {
      const { results } = await this.#lab.neighbors({ run, word: w, k: NEIGHBOR_K });
      if (seq !== this.#selectSeq) return;
      this.neighbors = results;
    } catch (e) {
      if (seq !== this.#selectSeq) return;
      this.neighbors = [];
      this.neighborsError = errorMessage(e);
    } finally {
      if (seq === this.#selectSeq) this.neighborsLoading = false;
    }
  }

  clearSelection(): void {
    this.#selectSeq++;
    this.selected = null;
    this.neighbors = [];
    this.neighborsError = null;
    this.neighborsLoading = false;
  }

  /** completions for a prefix; [] on any error (the box just shows nothing) */
  async complete(prefix: string, limit = 8): Promise<string[]> {
    const run = this.run;
    if (!run || !prefix.trim()) return [];
    try {
      return (await this.#lab.completeWord({ run, prefix: prefix.trim(), limit })).words;
    } catch {
      return [];
    }
  }
}
