// The map: PCA and custom axes at once, UMAP as a job in the 'project' worker whose frames
// stream as `projection` events, finished UMAP layouts cached in SQLite per run
// and parameters. `project` is awaitable whatever the method (the CLI uses it);
// `startProjection` lets a page start the job and animate its frames.
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import { deleteStaleProjections, getProjection, saveProjection } from '../core/store/projections.ts';
import { runWorker } from '../core/workers.ts';
import {
  computeProjection,
  type ProjectInput,
  type ProjectOutput,
  type ProjectProgress,
} from '../core/project/project.ts';
import { axisDirections, axisLabel } from '../core/project/axes.ts';
import type { LabHandlers, ParsedArgs, Projection, ProjectionFrame } from '../../src-preload/contract.ts';
import type { JobManager } from './jobs.ts';
import type { VectorCache } from './queries.ts';
import { RateMeter } from './rate.ts';

type ProjectArgs = ParsedArgs<'project'>;

/** multiply-adds of an exact neighbour search small enough to run on the main thread (~0.2 s) */
const IN_PROCESS_BUDGET = 2e8;
/** at most this often a frame of a running layout, ms: 10 a second, fewer for big maps (50k words: 2) */
const frameMs = (words: number): number => Math.max(100, words / 100);

/** what the cache row keeps beyond coordinates and recall */
interface Extra {
  explained: number[];
  epochs: number;
  k: number;
  exact: boolean;
  computeSeconds: number;
  timings: ProjectOutput['timings'];
}

export class Projector {
  /** cache key -> the job computing it */
  private readonly running = new Map<string, string>();

  constructor(
    private readonly db: Db,
    private readonly jobs: JobManager,
    private readonly vectors: VectorCache,
    private readonly emitFrame: (frame: ProjectionFrame) => void,
  ) {}

  handlers(): Pick<LabHandlers, 'project' | 'startProjection'> {
    return {
      project: (args) => this.project(args),
      startProjection: async (args) => ({ jobId: args.method === 'umap' ? this.start(args) : null }),
    };
  }

  async project(args: ProjectArgs): Promise<Projection> {
    const started = performance.now();
    if (args.method !== 'umap') return this.linear(args, started);
    const hit = this.cached(args, started);
    if (hit) return hit;
    const jobId = this.start(args)!;
    const job = await this.jobs.wait(jobId);
    if (job.status === 'cancelled')
      throw Object.assign(new Error('the projection was cancelled'), { name: 'AbortError' });
    if (job.status !== 'done') throw new Error(job.error ?? `the projection job ended ${job.status}`);
    const computed = this.cached(args, started);
    if (!computed) throw new Error('the projection finished but its layout was not stored');
    return { ...computed, cached: false };
  }

  /** the job computing this layout: a new one, or one already running; null when the layout is cached */
  private start(args: ProjectArgs): string | null {
    const { set, n, run } = this.input(args);
    const key = cacheKey(args, n);
    if (getProjection(this.db, run.id, key, run.finishedAt)) return null;
    const running = this.running.get(key);
    if (running) return running;
    const data = set.data.slice(0, n * set.dim);
    const vectorsAt = run.finishedAt;
    const jobId = this.jobs.start('project', args.run, null, async (ctx) => {
      const meter = new RateMeter();
      const input: ProjectInput & { frameMs: number } = {
        frameMs: frameMs(n),
        data,
        rows: n,
        dim: set.dim,
        method: 'umap',
        dims: args.dims,
        metric: args.metric,
        neighbors: args.neighbors,
        minDist: args.minDist,
        seed: args.seed,
      };
      const t0 = performance.now();
      const out = await runWorker<ProjectProgress, ProjectOutput>('project', input, {
        signal: ctx.signal,
        onProgress: (p) => {
          if (p.phase === 'neighbours') {
            const done = Math.round(p.fraction * 100);
            ctx.progress({ done, total: 100, rate: 0, unit: '%', etaSeconds: null, message: 'nearest neighbours' });
            return;
          }
          const { rate, etaSeconds } = meter.update(p.epoch, p.epochs);
          ctx.progress({
            done: p.epoch,
            total: p.epochs,
            rate,
            unit: 'epochs',
            etaSeconds,
            epoch: p.epoch,
            message: 'layout',
          });
          if (p.coords) {
            this.emitFrame({
              jobId,
              run: args.run,
              dims: args.dims,
              epoch: p.epoch,
              epochs: p.epochs,
              coords: p.coords,
            });
          }
        },
      });
      const extra: Extra = {
        explained: out.explained,
        epochs: out.epochs,
        k: out.recall.k,
        exact: out.recall.exact,
        computeSeconds: (performance.now() - t0) / 1000,
        timings: out.timings,
      };
      this.db.transaction(() => {
        deleteStaleProjections(this.db, run.id, vectorsAt);
        saveProjection(this.db, run.id, key, vectorsAt, {
          dims: args.dims,
          words: set.words.slice(0, n),
          coords: out.coords,
          recall: out.recall.mean,
          recallWords: out.recall.perRow,
          result: { ...extra },
        });
      })();
    });
    this.running.set(key, jobId);
    void this.jobs.wait(jobId).finally(() => this.running.delete(key));
    return jobId;
  }

  private cached(args: ProjectArgs, started: number): Projection | null {
    const { set, n, run } = this.input(args);
    const hit = getProjection(this.db, run.id, cacheKey(args, n), run.finishedAt);
    if (!hit) return null;
    const extra = hit.result as unknown as Extra;
    return {
      run: args.run,
      method: 'umap',
      dims: args.dims,
      words: hit.words,
      counts: (set.counts ?? []).slice(0, n),
      coords: hit.coords,
      explained: extra.explained,
      metric: args.metric,
      umap: { neighbors: args.neighbors, minDist: args.minDist, seed: args.seed, epochs: extra.epochs },
      faithfulness: { knnRecall10: hit.recall, perWord: hit.recallWords, k: extra.k, exact: extra.exact },
      seconds: (performance.now() - started) / 1000,
      computeSeconds: extra.computeSeconds,
      cached: true,
    };
  }

  /** PCA or custom axes: computed on every request, never cached (cheap next to UMAP) */
  private async linear(args: ProjectArgs, started: number): Promise<Projection> {
    const { set, n } = this.input(args);
    const axes = args.method === 'axes' ? this.axes(args) : null;
    const input: ProjectInput = {
      data: set.data.subarray(0, n * set.dim),
      rows: n,
      dim: set.dim,
      method: args.method,
      dims: args.dims,
      directions: axes?.directions,
      metric: args.metric,
      neighbors: args.neighbors,
      minDist: args.minDist,
      seed: args.seed,
    };
    // small: here and now; large: a worker, so the main thread stays free
    const out =
      (n * n * set.dim) / 2 <= IN_PROCESS_BUDGET
        ? computeProjection(input)
        : await runWorker<ProjectProgress, ProjectOutput>('project', { ...input, data: input.data.slice() });
    const seconds = (performance.now() - started) / 1000;
    return {
      run: args.run,
      method: args.method,
      dims: args.dims,
      words: set.words.slice(0, n),
      counts: (set.counts ?? []).slice(0, n),
      coords: out.coords,
      explained: out.explained,
      metric: args.metric,
      umap: null,
      ...(axes && { axes: axes.info }),
      faithfulness: {
        knnRecall10: out.recall.mean,
        perWord: out.recall.perRow,
        k: out.recall.k,
        exact: out.recall.exact,
      },
      seconds,
      computeSeconds: seconds,
      cached: false,
    };
  }

  /** the unit directions of the asked axes (a fastText run also finds words it never saw, by their n-grams) */
  private axes(args: ProjectArgs) {
    const set = this.vectors.get(args.run);
    const asked = args.axes ?? [];
    const lookup = (w: string) => (set.has(w) ? set.vectorOf(w) : this.vectors.oov(args.run, w));
    const { directions, cosines, maxOverlap } = axisDirections(asked, set.dim, lookup);
    const axes = asked.map((a) => ({ from: a.from, to: a.to, label: axisLabel(a) }));
    return { directions, info: { axes, cosines, maxOverlap } };
  }

  private input(args: ProjectArgs) {
    const set = this.vectors.get(args.run);
    const run = runs.getRun(this.db, args.run);
    return { set, run, n: Math.min(args.words, set.words.length) };
  }
}

/** the parameters a layout depends on, in a fixed order; words is the count actually mapped */
function cacheKey(args: ProjectArgs, words: number): string {
  const { dims, neighbors, minDist, metric, seed } = args;
  return JSON.stringify({ method: 'umap', dims, words, neighbors, minDist, metric, seed });
}
