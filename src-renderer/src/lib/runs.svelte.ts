// Training runs: the list (kept fresh by `changed` and `job` events), starting
// a run, and each run's metrics over time.
import { SvelteMap } from 'svelte/reactivity';
import type { Args, LabApi, MetricPoint, RunInfo, Unsubscribe } from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';
import { Refresher } from './refresher.ts';

const RESUMABLE: ReadonlySet<RunInfo['status']> = new Set(['interrupted', 'cancelled', 'failed']);

/** a run cut off (crash, cancel, error) that can go on from its last checkpoint */
export function canResume(run: RunInfo): boolean {
  return run.method !== 'builtin' && run.corpus !== null && RESUMABLE.has(run.status);
}

/** a finished run trained here, which can train more epochs */
export function canContinue(run: RunInfo): boolean {
  return run.method !== 'builtin' && run.corpus !== null && run.status === 'done';
}

export type MetricsState = { loading: true } | { points: MetricPoint[] } | { error: string };

export class RunsStore {
  readonly #lab: LabApi;
  readonly #refresher: Refresher;
  runs: RunInfo[] = $state.raw([]);
  loaded = $state(false);
  error = $state<string | null>(null);
  readonly metrics = new SvelteMap<string, MetricsState>();

  /** runs whose vectors can be explored: finished ones, the built-in sets included */
  readonly explorable = $derived(this.runs.filter((r) => r.status === 'done'));

  constructor(lab: LabApi) {
    this.#lab = lab;
    this.#refresher = new Refresher(() => this.#load());
  }

  start(): Unsubscribe {
    const offChanged = this.#lab.on('changed', ({ what }) => {
      if (what === 'runs') void this.refresh();
    });
    // a job's status change is a run's status change: reload once per change
    const offJob = this.#lab.on('job', ({ job }) => {
      if (job.kind !== 'train') return;
      const run = this.byName(job.target);
      if (!run || run.status !== job.status) void this.refresh();
    });
    void this.refresh();
    return () => {
      offChanged();
      offJob();
    };
  }

  refresh(): Promise<void> {
    return this.#refresher.run();
  }

  async #load(): Promise<void> {
    try {
      const runs = await this.#lab.listRuns({});
      // metrics of a run that changed (or is still going) are stale
      for (const run of runs) {
        const before = this.byName(run.name);
        if (!before || before.status !== run.status || run.status === 'running') this.metrics.delete(run.name);
      }
      this.runs = runs;
      this.loaded = true;
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  byName(name: string | null | undefined): RunInfo | undefined {
    return name ? this.runs.find((r) => r.name === name) : undefined;
  }

  /** starts training; throws with the host's message (e.g. a parameter out of range) */
  async train(args: Args<'train'>): Promise<{ jobId: string; run: string }> {
    const started = await this.#lab.train(args);
    void this.refresh();
    return started;
  }

  /** goes on with an interrupted, cancelled or failed run from its last checkpoint */
  async resume(run: string): Promise<{ jobId: string; run: string }> {
    const started = await this.#lab.resumeRun({ run });
    this.metrics.delete(run);
    void this.refresh();
    return started;
  }

  /** trains a finished run `epochs` more epochs, in place */
  async continueRun(run: string, epochs: number): Promise<{ jobId: string; run: string }> {
    const started = await this.#lab.continueRun({ run, epochs });
    this.metrics.delete(run);
    void this.refresh();
    return started;
  }

  /** loads a run's metrics once (again when its status changed); read them from `metrics` */
  async loadMetrics(run: string, force = false): Promise<void> {
    const known = this.metrics.get(run);
    if (known && !force && !('error' in known)) return;
    this.metrics.set(run, { loading: true });
    try {
      const points = await this.#lab.runMetrics({ run });
      this.metrics.set(run, { points });
    } catch (e) {
      this.metrics.set(run, { error: errorMessage(e) });
    }
  }

  async deleteRun(run: string): Promise<void> {
    await this.#lab.deleteRun({ run });
    this.metrics.delete(run);
    await this.refresh();
  }

  /** a name not yet taken: "base", else "base-2", "base-3", … */
  uniqueName(base: string): string {
    const taken = (name: string) => this.runs.some((r) => r.name === name);
    if (!taken(base)) return base;
    for (let i = 2; ; i++) if (!taken(`${base}-${i}`)) return `${base}-${i}`;
  }
}
