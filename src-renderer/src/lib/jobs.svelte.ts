// Jobs as the renderer sees them: a snapshot from listJobs, then kept current
// by `job` events. Each job keeps a short history of its progress for charts.
import { SvelteMap } from 'svelte/reactivity';
import type { JobInfo, JobKind, LabApi, RunStatus, Unsubscribe } from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';

export interface JobSample {
  /** seconds since the job's first sample */
  t: number;
  done: number;
  rate: number;
  loss: number | null;
  alpha: number | null;
  epoch: number | null;
}

const TERMINAL: ReadonlySet<RunStatus> = new Set(['done', 'failed', 'cancelled', 'interrupted']);

export function isTerminal(status: RunStatus): boolean {
  return TERMINAL.has(status);
}

/** the most samples a job keeps; older ones are thinned, the first and last kept */
export const MAX_SAMPLES = 600;

export class TrackedJob {
  info: JobInfo = $state.raw(undefined as unknown as JobInfo);
  samples: JobSample[] = $state.raw([]);
  readonly active = $derived(!isTerminal(this.info.status));
  /** 0..1, or null while the total is unknown */
  readonly fraction = $derived.by(() => {
    const p = this.info.progress;
    if (this.info.status === 'done') return 1;
    if (!p || !(p.total > 0)) return null;
    return Math.min(1, Math.max(0, p.done / p.total));
  });
  #t0: number | null = null;

  constructor(info: JobInfo) {
    this.info = info;
  }

  /** @internal: the store calls this with every update */
  update(info: JobInfo, nowMs: number): void {
    const prev = this.info.progress;
    this.info = info;
    const p = info.progress;
    if (!p) return;
    if (prev && prev.done === p.done && this.samples.length > 0 && prev.loss === p.loss) return;
    if (this.#t0 === null) this.#t0 = nowMs;
    const sample: JobSample = {
      t: (nowMs - this.#t0) / 1000,
      done: p.done,
      rate: p.rate,
      loss: p.loss ?? null,
      alpha: p.alpha ?? null,
      epoch: p.epoch ?? null,
    };
    let next = [...this.samples, sample];
    if (next.length > MAX_SAMPLES) next = thin(next);
    this.samples = next;
  }
}

/** keeps every other sample, and always the last */
function thin<T>(a: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < a.length - 1; i += 2) out.push(a[i]);
  out.push(a[a.length - 1]);
  return out;
}

export class JobsStore {
  readonly #lab: LabApi;
  readonly #now: () => number;
  readonly #byId = new SvelteMap<string, TrackedJob>();
  error = $state<string | null>(null);

  /** newest first */
  readonly list = $derived([...this.#byId.values()].sort((a, b) => compareNewest(a.info, b.info)));

  constructor(lab: LabApi, now: () => number = () => Date.now()) {
    this.#lab = lab;
    this.#now = now;
  }

  /** listens for job events and loads the current list; call the result to stop */
  start(): Unsubscribe {
    const offJob = this.#lab.on('job', ({ job }) => this.apply(job));
    // after a reconnect the host may have finished jobs we never heard about
    const offChanged = this.#lab.on('changed', () => void this.refresh());
    void this.refresh();
    return () => {
      offJob();
      offChanged();
    };
  }

  async refresh(): Promise<void> {
    try {
      const jobs = await this.#lab.listJobs({});
      for (const job of jobs) this.apply(job, true);
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }

  /** an update from an event, or (snapshot) from listJobs, which may be older than events already seen */
  apply(info: JobInfo, snapshot = false): void {
    const known = this.#byId.get(info.id);
    if (!known) {
      const job = new TrackedJob(info);
      job.update(info, this.#now());
      this.#byId.set(info.id, job);
      return;
    }
    // a finished job never goes back to running because of a stale snapshot
    if (snapshot && isTerminal(known.info.status) && !isTerminal(info.status)) return;
    if (snapshot && !isTerminal(info.status) && (known.info.progress?.done ?? 0) > (info.progress?.done ?? 0)) return;
    known.update(info, this.#now());
  }

  get(id: string | null | undefined): TrackedJob | undefined {
    return id ? this.#byId.get(id) : undefined;
  }

  /** the newest job of a kind, optionally for one target (a corpus or run name) */
  latest(kind: JobKind, target?: string): TrackedJob | undefined {
    return this.list.find((j) => j.info.kind === kind && (target === undefined || j.info.target === target));
  }

  /** jobs of a kind still queued or running, newest first */
  active(kind: JobKind): TrackedJob[] {
    return this.list.filter((j) => j.info.kind === kind && j.active);
  }

  async cancel(id: string): Promise<void> {
    try {
      await this.#lab.cancelJob({ jobId: id });
      this.error = null;
    } catch (e) {
      this.error = errorMessage(e);
    }
  }
}

function compareNewest(a: JobInfo, b: JobInfo): number {
  if (a.createdAt !== b.createdAt) return a.createdAt < b.createdAt ? 1 : -1;
  return a.id < b.id ? 1 : a.id > b.id ? -1 : 0;
}
