// Dense vectors for the lessons, offline, in one click: import the built-in demo
// corpus (unless it is there) and train a small fastText run on it. fastText,
// so words the demo text lacks (dog, mouse, queen) still get vectors from their
// n-grams; one thread and a fixed seed, so a class sees the same numbers each time.
import type { JobInfo, LabApi, RunInfo, TrainParams } from '../../../../src-preload/contract.ts';
import { errorMessage } from '../api.ts';
import { isTerminal } from '../jobs.svelte.ts';

export const DEMO_CORPUS = 'demo';
export const DEMO_RUN = 'demo-fasttext';
/** every word kept (the demo text says "cat" once), and epochs enough for a small text to set words apart */
export const DEMO_PARAMS: Partial<TrainParams> = {
  dim: 50,
  epochs: 40,
  minCount: 1,
  sample: 1e-3,
  threads: 1,
  seed: 1,
};

/** the run a lesson starts on: the newest finished run trained here, else none */
export function preferredRun(runs: readonly RunInfo[]): string | null {
  const trained = runs.filter((r) => r.status === 'done' && r.method !== 'builtin');
  trained.sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0));
  return trained[0]?.name ?? null;
}

/** resolves with the job once it leaves queued/running: from `job` events, checked against listJobs every second */
export function waitForJob(lab: LabApi, jobId: string, pollMs = 1000): Promise<JobInfo> {
  return new Promise((resolve, reject) => {
    const stop = () => {
      off();
      clearInterval(timer);
    };
    const off = lab.on('job', ({ job }) => {
      if (job.id === jobId && isTerminal(job.status)) {
        stop();
        resolve(job);
      }
    });
    const poll = () =>
      lab.listJobs({}).then(
        (jobs) => {
          const job = jobs.find((j) => j.id === jobId);
          if (job && isTerminal(job.status)) {
            stop();
            resolve(job);
          }
        },
        (e: unknown) => {
          stop();
          reject(e instanceof Error ? e : new Error(errorMessage(e)));
        },
      );
    const timer = setInterval(() => void poll(), pollMs);
    void poll();
  });
}

export type DemoPhase = 'idle' | 'importing' | 'training';

export class DemoTrainer {
  readonly #lab: LabApi;
  phase = $state<DemoPhase>('idle');
  error = $state<string | null>(null);
  readonly busy = $derived(this.phase !== 'idle');

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  /** the demo run's name once it is trained (or was already), null on failure */
  async prepare(): Promise<string | null> {
    if (this.busy) return null;
    this.error = null;
    try {
      const runs = await this.#lab.listRuns({});
      if (runs.some((r) => r.name === DEMO_RUN && r.status === 'done')) return DEMO_RUN;
      const corpora = await this.#lab.listCorpora({});
      if (!corpora.some((c) => c.name === DEMO_CORPUS)) {
        this.phase = 'importing';
        const { jobId } = await this.#lab.importCorpus({
          name: DEMO_CORPUS,
          source: { kind: 'demo' },
          lowercase: true,
        });
        const job = await waitForJob(this.#lab, jobId);
        if (job.status !== 'done') throw new Error(job.error ?? `importing the demo corpus ended ${job.status}`);
      }
      this.phase = 'training';
      const name = freeName(
        DEMO_RUN,
        runs.map((r) => r.name),
      );
      const { jobId, run } = await this.#lab.train({
        corpus: DEMO_CORPUS,
        name,
        method: 'fasttext',
        params: DEMO_PARAMS,
      });
      const job = await waitForJob(this.#lab, jobId);
      if (job.status !== 'done') throw new Error(job.error ?? `training ended ${job.status}`);
      return run;
    } catch (e) {
      this.error = errorMessage(e);
      return null;
    } finally {
      this.phase = 'idle';
    }
  }
}

/** base, else base-2, base-3 … : the first name not taken */
function freeName(base: string, taken: readonly string[]): string {
  if (!taken.includes(base)) return base;
  for (let i = 2; ; i++) if (!taken.includes(`${base}-${i}`)) return `${base}-${i}`;
}
