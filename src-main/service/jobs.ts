// The job manager: long work (import, train) with an id, progress events,
// cancel, and its state in SQLite. One job of each kind runs at a time; the
// rest wait as queued.
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { Db } from '../core/store/db.ts';
import { OwnerLock } from '../core/store/owner-lock.ts';
import * as store from '../core/store/jobs.ts';
import type { JobInfo, JobKind, JobProgress } from '../../src-preload/contract.ts';

export interface JobContext {
  readonly signal: AbortSignal;
  progress(p: JobProgress): void;
}

export type JobWork = (ctx: JobContext) => Promise<void>;

const EVENT_EVERY_MS = 200;
const STORE_EVERY_MS = 1000;

interface Active {
  controller: AbortController;
  done: Promise<JobInfo>;
}

export class JobManager {
  private owner: OwnerLock | null = null;
  private readonly active = new Map<string, Active>();
  private readonly tails = new Map<JobKind, Promise<unknown>>();

  constructor(
    private readonly db: Db,
    private readonly lockDir: string,
    private readonly emit: (job: JobInfo) => void,
  ) {}

  /** marks jobs of dead processes interrupted; call at start */
  reap(): number {
    return store.reapDeadOwners(this.db, this.owner?.id ?? null);
  }

  start(kind: JobKind, target: string, runId: number | null, work: JobWork): string {
    const ownerId = this.ensureOwner();
    const id = randomUUID();
    store.insertJob(this.db, { id, kind, target, ownerId, runId });
    this.publish(id);
    const controller = new AbortController();
    const previous = this.tails.get(kind) ?? Promise.resolve();
    const done = previous.then(() => this.run(id, controller, work));
    this.tails.set(
      kind,
      done.catch(() => undefined),
    );
    this.active.set(id, { controller, done });
    void done.finally(() => this.active.delete(id));
    return id;
  }

  cancel(id: string): boolean {
    const job = this.active.get(id);
    if (!job) return false;
    job.controller.abort();
    return true;
  }

  async wait(id: string): Promise<JobInfo> {
    const job = this.active.get(id);
    if (job) return job.done;
    const stored = store.getJob(this.db, id);
    if (!stored) throw new Error(`no job with id ${id}`);
    return stored;
  }

  list(): JobInfo[] {
    return store.listJobs(this.db);
  }

  get(id: string): JobInfo | undefined {
    return store.getJob(this.db, id);
  }

  /** cancels what runs, waits for it to settle, releases the owner lock */
  async close(): Promise<void> {
    const pending = [...this.active.values()];
    for (const job of pending) job.controller.abort();
    await Promise.allSettled(pending.map((j) => j.done));
    if (this.owner) {
      store.removeOwner(this.db, this.owner.id);
      this.owner.release();
      this.owner = null;
    }
  }

  private async run(id: string, controller: AbortController, work: JobWork): Promise<JobInfo> {
    if (controller.signal.aborted) return this.settle(id, 'cancelled', null);
    store.updateJob(this.db, id, { status: 'running' });
    this.publish(id);
    const reporter = new ProgressReporter(
      (p) => {
        store.updateJob(this.db, id, { progress: p });
      },
      () => this.publish(id, reporter.latest),
    );
    try {
      await work({ signal: controller.signal, progress: (p) => reporter.report(p) });
      reporter.flush();
      return this.settle(id, 'done', null);
    } catch (err) {
      reporter.flush();
      if (controller.signal.aborted || (err as Error).name === 'AbortError') return this.settle(id, 'cancelled', null);
      return this.settle(id, 'failed', (err as Error).message ?? String(err));
    }
  }

  private settle(id: string, status: 'done' | 'failed' | 'cancelled', error: string | null): JobInfo {
    store.updateJob(this.db, id, { status, error });
    return this.publish(id);
  }

  private publish(id: string, progress?: JobProgress | null): JobInfo {
    const job = store.getJob(this.db, id)!;
    const info = progress ? { ...job, progress } : job;
    this.emit(info);
    return info;
  }

  private ensureOwner(): string {
    if (!this.owner) {
      this.owner = OwnerLock.acquire(this.lockDir);
      store.registerOwner(this.db, this.owner.id, this.owner.path);
    }
    return this.owner.id;
  }
}

/** throttles progress: events a few times a second, SQLite writes once a second */
class ProgressReporter {
  latest: JobProgress | null = null;
  private lastEvent = 0;
  private lastStore = 0;

  constructor(
    private readonly storeFn: (p: JobProgress) => void,
    private readonly eventFn: () => void,
  ) {}

  report(p: JobProgress): void {
    this.latest = p;
    const now = Date.now();
    if (now - this.lastStore >= STORE_EVERY_MS) {
      this.lastStore = now;
      this.storeFn(p);
    }
    if (now - this.lastEvent >= EVENT_EVERY_MS) {
      this.lastEvent = now;
      this.eventFn();
    }
  }

  flush(): void {
    if (this.latest) this.storeFn(this.latest);
  }
}

export function lockDirFor(dataDir: string): string {
  return join(dataDir, 'locks');
}
