// Watching a run train: at each refresh (an epoch's end, or every N words) the
// watcher copies the mapped words' vectors from the live weights (a few
// hundred KB, never the whole matrix) and hands them to a worker thread, which
// finds the watched words' neighbours over the whole current vocabulary and
// lays the map out; each result goes out as a `trainWatch` event and is kept
// as the job's latest frame, for a page that opens mid-run.
import type { Worker } from 'node:worker_threads';
import {
  suggestWatchWords,
  type LabHandlers,
  type TrainWatch,
  type TrainWatchFrame,
} from '../../src-preload/contract.ts';
import { ParamError } from '../core/errors.ts';
import { keptVocabSize } from '../core/train/sampling.ts';
import type { LiveWeights, TrainProgress } from '../core/train/types.ts';
import { copyWordRows, type WatchFrameOutput } from '../core/train/watch-frame.ts';
import type { WatchWorkerReply, WatchWorkerRequest } from '../core/train/watch-worker.ts';
import { startWorker } from '../core/workers.ts';
import type { TrainInput } from './train-job.ts';

/** a watch checked against the run's vocabulary */
export interface ResolvedWatch {
  watched: string[];
  /** the watched words' ids (rows of the run's vocabulary) */
  ids: number[];
  every: TrainWatch['every'];
  mapWords: number;
  k: number;
}

/** refreshes by word count keep the watcher's worker busy at most this fraction of the time */
const MAX_BUSY = 0.1;
/** finished jobs whose latest frame is still kept */
const KEEP_FINISHED = 16;

/** what a watcher needs of the training input (not its weights or checkpoint: those can be large) */
type WatchInput = Pick<TrainInput, 'method' | 'words' | 'counts' | 'params'>;

/** the words a run trains: the first `kept` of the corpus vocabulary */
function keptWords(input: WatchInput): number {
  const kept = keptVocabSize(input.counts, input.params.minCount);
  return input.params.maxVocab ? Math.min(kept, input.params.maxVocab) : kept;
}

/** checks the watched words against what the run trains; none given: a few frequent content words */
export function resolveWatch(input: WatchInput, watch: TrainWatch): ResolvedWatch {
  const kept = keptWords(input);
  const vocab = input.words.slice(0, kept);
  const asked = [...new Set(watch.words.map((w) => w.trim()).filter((w) => w))];
  const watched = asked.length > 0 ? asked : suggestWatchWords(vocab);
  const index = new Map<string, number>();
  vocab.forEach((w, i) => index.has(w) || index.set(w, i));
  const unknown = watched.filter((w) => !index.has(w));
  if (unknown.length > 0) {
    const list = unknown.map((w) => `"${w}"`).join(', ');
    throw new ParamError(
      `watch.words: ${list} ${unknown.length === 1 ? 'is' : 'are'} not among the ${kept} words this run trains (min-count ${input.params.minCount})`,
    );
  }
  return { watched, ids: watched.map((w) => index.get(w)!), every: watch.every, mapWords: watch.mapWords, k: watch.k };
}

interface Pending {
  request: WatchWorkerRequest;
  epoch: number;
  wordsDone: number;
  final: boolean;
  /** by word count: a newer one replaces it while it waits */
  replaceable: boolean;
  words: string[];
  watch: ResolvedWatch;
}

/** one training job's watcher; does nothing until it has a watch and the run's weights */
export class TrainWatcher {
  jobId = '';
  latest: TrainWatchFrame | null = null;
  ended = false;
  private watch: ResolvedWatch | null = null;
  private weights: LiveWeights | null = null;
  private worker: Worker | null = null;
  private readonly queue: Pending[] = [];
  private inFlight: Pending | null = null;
  private nextId = 0;
  private frames = 0;
  private lastWords = 0;
  private lastEpoch = 0;
  private nextAt = Infinity;
  private finalAsked = false;
  /** when the worker may take the next by-word-count refresh (ms, performance.now()) */
  private idleUntil = 0;
  private drained: (() => void) | null = null;
  private error: string | null = null;

  private readonly input: WatchInput;

  constructor(
    private readonly run: string,
    { method, words, counts, params }: TrainInput,
    private readonly emit: (frame: TrainWatchFrame) => void,
    /** called once when the job's training is over, whatever the outcome */
    private readonly onEnded: (watcher: TrainWatcher) => void = () => {},
  ) {
    this.input = { method, words, counts, params };
  }

  get epochs(): number {
    return this.input.params.epochs;
  }

  resolve(watch: TrainWatch): ResolvedWatch {
    return resolveWatch(this.input, watch);
  }

  /** starts or changes the watch; with the weights there, a frame of them now */
  configure(watch: ResolvedWatch): void {
    this.watch = watch;
    this.nextAt =
      typeof watch.every === 'number' ? (Math.floor(this.lastWords / watch.every) + 1) * watch.every : Infinity;
    if (this.weights && !this.ended) this.request(this.lastEpoch, this.lastWords, false, true);
  }

  // ---------- the trainer's hooks ----------

  readonly onWeights = (weights: LiveWeights): void => {
    this.weights = weights;
  };

  readonly onEpochEnd = (epoch: number, wordsDone: number): void => {
    this.lastEpoch = epoch;
    this.lastWords = wordsDone;
    if (this.watch && this.perEpoch()) this.request(epoch, wordsDone, epoch >= this.epochs, false);
  };

  readonly onProgress = (p: TrainProgress): void => {
    if (p.phase && p.phase !== 'train') return;
    this.lastWords = p.wordsDone;
    if (!this.watch || this.perEpoch() || p.wordsDone < this.nextAt || this.ended) return;
    if (performance.now() < this.idleUntil) return;
    const every = this.watch.every as number;
    this.nextAt = (Math.floor(p.wordsDone / every) + 1) * every;
    this.request(p.epoch, p.wordsDone, false, true);
  };

  /** after the trainer finished: a frame of the final weights unless the last epoch's was one; waits for all */
  async finish(): Promise<void> {
    if (this.watch && this.weights && !this.finalAsked) this.request(this.epochs, this.lastWords, true, false);
    this.ended = true;
    if (this.inFlight || this.queue.length > 0) await new Promise<void>((resolve) => (this.drained = resolve));
    this.stop();
  }

  /** the run stopped (cancelled, failed): no more frames */
  close(): void {
    this.ended = true;
    this.queue.length = 0;
    this.inFlight = null;
    this.stop();
  }

  // ---------- frames ----------

  /** GloVe counts records, not words: it refreshes per iteration whatever `every` says */
  private perEpoch(): boolean {
    return this.watch?.every === 'epoch' || this.input.method === 'glove';
  }

  private request(epoch: number, wordsDone: number, final: boolean, replaceable: boolean): void {
    const watch = this.watch;
    const weights = this.weights;
    if (!watch || !weights || this.error) return;
    if (final) this.finalAsked = true;
    const mapped = Math.min(watch.mapWords, weights.words);
    const ids: number[] = Array.from({ length: mapped }, (_, i) => i);
    const watchedRows = watch.ids.map((id) => {
      if (id < mapped) return id;
      ids.push(id);
      return ids.length - 1;
    });
    const pending: Pending = {
      request: {
        id: this.nextId++,
        rows: copyWordRows(weights, ids),
        alignRows: mapped,
        watchedRows,
        watchedIds: watch.ids,
        k: Math.min(watch.k, Math.max(1, weights.words - 1)),
      },
      epoch,
      wordsDone,
      final,
      replaceable,
      words: ids.map((id) => this.input.words[id]),
      watch,
    };
    const last = this.queue.at(-1);
    if (replaceable && last?.replaceable) this.queue[this.queue.length - 1] = pending;
    else this.queue.push(pending);
    this.pump();
  }

  private pump(): void {
    if (this.inFlight || this.error) return;
    const next = this.queue.shift();
    if (!next) {
      this.drained?.();
      return;
    }
    this.inFlight = next;
    try {
      this.ensureWorker().postMessage(next.request, [next.request.rows.buffer as ArrayBuffer]);
    } catch (err) {
      this.fail(err as Error);
    }
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = startWorker('train-watch', { weights: this.weights });
    worker.on('message', (reply: WatchWorkerReply) => this.onReply(reply));
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => {
      if (this.worker === worker && !this.ended) this.fail(new Error(`the watch worker stopped (exit ${code})`));
    });
    this.worker = worker;
    return worker;
  }

  private onReply(reply: WatchWorkerReply): void {
    const pending = this.inFlight;
    if (!pending || pending.request.id !== reply.id) return;
    this.inFlight = null;
    if (reply.type === 'error') {
      this.fail(new Error(reply.message));
      return;
    }
    const seconds = reply.frame.seconds.neighbours + reply.frame.seconds.layout;
    this.idleUntil = performance.now() + (seconds * 1000 * (1 - MAX_BUSY)) / MAX_BUSY;
    this.publish(pending, reply.frame, seconds);
    this.pump();
  }

  private publish(pending: Pending, out: WatchFrameOutput, seconds: number): void {
    const { watch, words } = pending;
    const frame: TrainWatchFrame = {
      jobId: this.jobId,
      run: this.run,
      index: this.frames++,
      epoch: pending.epoch,
      epochs: this.epochs,
      wordsDone: pending.wordsDone,
      final: pending.final,
      words,
      coords: out.coords,
      watched: watch.watched,
      neighbors: watch.watched.map((word, j) => ({
        word,
        neighbors: out.neighbours[j].ids.map((id, r) => ({
          word: this.input.words[id],
          score: out.neighbours[j].scores[r],
        })),
      })),
      seconds,
    };
    this.latest = frame;
    this.emit(frame);
  }

  /** a watch that breaks stops watching; the training goes on */
  private fail(err: Error): void {
    if (this.error) return;
    this.error = err.message;
    console.warn(`watching run ${this.run} stopped: ${err.message}`);
    this.queue.length = 0;
    this.inFlight = null;
    this.drained?.();
    this.stop();
  }

  private stop(): void {
    const worker = this.worker;
    this.worker = null;
    if (worker) void worker.terminate();
    // the run's weights (hundreds of MB for a big run) must not outlive it here
    this.weights = null;
    if (this.ended) this.onEnded(this);
  }
}

/** every training job's watcher, by job id; finished ones keep their latest frame a while */
export class TrainWatches {
  /** jobs that have not ended */
  private readonly watchers = new Map<string, TrainWatcher>();
  /** the last frame of jobs that ended, the oldest first */
  private readonly finished = new Map<string, TrainWatchFrame | null>();

  constructor(private readonly emit: (frame: TrainWatchFrame) => void) {}

  create(run: string, input: TrainInput, watch: ResolvedWatch | null): TrainWatcher {
    const watcher = new TrainWatcher(run, input, this.emit, (w) => this.retire(w));
    if (watch) watcher.configure(watch);
    return watcher;
  }

  attach(jobId: string, watcher: TrainWatcher): void {
    watcher.jobId = jobId;
    if (!watcher.ended) this.watchers.set(jobId, watcher);
  }

  /** keeps only an ended job's last frame (not its vocabulary), for a page that opens later */
  private retire(watcher: TrainWatcher): void {
    if (!this.watchers.delete(watcher.jobId)) return;
    this.finished.set(watcher.jobId, watcher.latest);
    for (const jobId of this.finished.keys()) {
      if (this.finished.size <= KEEP_FINISHED) break;
      this.finished.delete(jobId);
    }
  }

  handlers(): Pick<LabHandlers, 'watchTraining' | 'trainWatchLatest'> {
    return {
      watchTraining: async ({ jobId, watch }) => {
        const watcher = this.watchers.get(jobId);
        if (!watcher || watcher.ended) throw new ParamError(`job ${jobId} is not a training job that is running`);
        const resolved = watcher.resolve(watch);
        watcher.configure(resolved);
        return { watched: resolved.watched };
      },
      trainWatchLatest: async ({ jobId }) => this.watchers.get(jobId)?.latest ?? this.finished.get(jobId) ?? null,
    };
  }

  close(): void {
    for (const w of this.watchers.values()) w.close();
  }
}
