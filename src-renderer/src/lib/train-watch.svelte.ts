// A training job's watch as the Training view shows it: the latest frame
// (asked for when the panel opens, so a view opened mid-run has it at once)
// and the one before it, kept current by `trainWatch` events.
import type { LabApi, TrainWatchFrame, Unsubscribe } from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';
import { enteredNeighbors, parseWatchWords } from './train-watch.ts';

export class TrainWatchState {
  frame: TrainWatchFrame | null = $state.raw(null);
  previous: TrainWatchFrame | null = $state.raw(null);
  error: string | null = $state(null);
  busy = $state(false);
  readonly entered = $derived(enteredNeighbors(this.frame, this.previous));

  constructor(
    private readonly lab: LabApi,
    readonly jobId: string,
  ) {}

  /** listens for the job's frames and fetches the latest; the returned function stops listening */
  start(): Unsubscribe {
    const off = this.lab.on('trainWatch', (frame) => {
      if (frame.jobId === this.jobId) this.show(frame);
    });
    this.lab
      .trainWatchLatest({ jobId: this.jobId })
      .then((latest) => {
        if (latest && (!this.frame || latest.index > this.frame.index)) this.show(latest);
      })
      .catch((err: unknown) => (this.error = errorMessage(err)));
    return off;
  }

  /** starts watching these words (typed text) on the running job */
  async watch(text: string): Promise<void> {
    this.busy = true;
    this.error = null;
    try {
      await this.lab.watchTraining({ jobId: this.jobId, watch: { words: parseWatchWords(text) } });
    } catch (err) {
      this.error = errorMessage(err);
    } finally {
      this.busy = false;
    }
  }

  private show(frame: TrainWatchFrame): void {
    if (this.frame && frame.index <= this.frame.index) return;
    this.previous = this.frame;
    this.frame = frame;
  }
}
