// What the Explore view shows: a run's map (PCA at once, custom axes when
// asked, UMAP on demand with its epochs streamed as frames), the selected word and its neighbours, and how
// the map is coloured. Answers that arrive after the question changed are dropped.
import type {
  WordClusters,
  Args,
  JobEvent,
  JobInfo,
  LabApi,
  Projection,
  ProjectionFrame,
  ProjectionMethod,
  ProjectionMetric,
  Scored,
  Unsubscribe,
} from '../../../src-preload/contract.ts';
import { errorMessage } from './api.ts';
import { recallOf } from './faithfulness.ts';
import { axesKey, parseAxes, type ParsedAxes } from './axes.ts';
import { clusterGroups, clusterName, groupOf, MAX_GROUPS, parseWordGroups, type WordGroup } from './map-colors.ts';

export const DEFAULT_TOP_N = 2000;
export const NEIGHBOR_K = 10;
/** the most neighbours "isolate" asks for (the service's k goes to 1000, the word itself is left out) */
export const MAX_ISOLATE_K = 999;
export const MAX_WORDS = 200_000;

export interface ProjectionParams {
  method: ProjectionMethod;
  dims: 2 | 3;
  words: number;
  neighbors: number;
  minDist: number;
  metric: ProjectionMetric;
  seed: number;
  /** custom axes as typed, x, y, z ("man -> woman"); the first `dims` are used */
  axes: string[];
}

export const DEFAULT_PARAMS: Readonly<ProjectionParams> = {
  method: 'pca',
  dims: 3,
  words: DEFAULT_TOP_N,
  neighbors: 15,
  minDist: 0.1,
  metric: 'cosine',
  seed: 1,
  axes: ['', '', ''],
};

/** a UMAP layout being computed: the job's progress and its latest frame */
export interface LiveLayout {
  jobId: string | null;
  params: ProjectionParams;
  /** starting: no job id yet; neighbours: the kNN graph; layout: the epochs; finishing: fetching the stored layout */
  phase: 'starting' | 'neighbours' | 'layout' | 'finishing';
  /** done / total of the phase (percent while finding neighbours, epochs while laying out) */
  done: number;
  total: number;
  epoch: number;
  epochs: number;
  /** the latest frame: words * dims floats, or null before the first */
  coords: Float32Array | null;
  dims: 2 | 3;
  /** cancel was asked for */
  cancelling: boolean;
}

/** what the map draws now: the shown projection's coordinates, or a live frame of the same words */
export interface MapLayout {
  coords: Float32Array;
  dims: 2 | 3;
  live: boolean;
}

export type ColorBy = 'frequency' | 'lists' | 'clusters';

/** the arguments of `project` / `startProjection` for a run and the form's parameters */
export function projectArgs(run: string, p: ProjectionParams): Args<'project'> {
  const args: Args<'project'> = { run, method: p.method, dims: p.dims, words: p.words };
  if (p.method === 'umap')
    Object.assign(args, { neighbors: p.neighbors, minDist: p.minDist, metric: p.metric, seed: p.seed });
  if (p.method === 'axes') {
    const { axes, errors } = parseAxes(p.axes, p.dims);
    if (!axes) throw new Error(`axis ${'xyz'[errors.findIndex((e) => e)]}: ${errors.find((e) => e)}`);
    args.axes = axes;
  }
  return args;
}

/** the same layout: PCA depends on dims and words; UMAP on all its parameters */
export function sameLayout(a: ProjectionParams | null, b: ProjectionParams | null): boolean {
  if (!a || !b) return false;
  if (a.method !== b.method || a.dims !== b.dims || a.words !== b.words) return false;
  if (a.method === 'pca') return true;
  if (a.method === 'axes') return axesKey(a.axes, a.dims) === axesKey(b.axes, b.dims);
  return a.neighbors === b.neighbors && a.minDist === b.minDist && a.metric === b.metric && a.seed === b.seed;
}

function clampInt(n: number, lo: number, hi: number, fallback: number): number {
  return Number.isFinite(n) ? Math.max(lo, Math.min(hi, Math.round(n))) : fallback;
}

export class ExploreStore {
  readonly #lab: LabApi;
  #projectSeq = 0;
  #selectSeq = 0;
  #stopTracking: Unsubscribe | null = null;
  #cancelAsked = false;

  run = $state<string | null>(null);
  /** the projection form; changes apply at once for PCA, on "Run UMAP" for UMAP */
  params = $state<ProjectionParams>({ ...DEFAULT_PARAMS, axes: [...DEFAULT_PARAMS.axes] });

  projection: Projection | null = $state.raw(null);
  /** the parameters of the projection shown */
  shownParams: ProjectionParams | null = $state.raw(null);
  projecting = $state(false);
  projectionError = $state<string | null>(null);
  /** a calm note about the map (a cancelled UMAP) */
  notice = $state<string | null>(null);
  /** the UMAP shown came from the cache without computing */
  fromCache = $state(false);
  live: LiveLayout | null = $state.raw(null);

  selected = $state<string | null>(null);
  neighbors: Scored[] = $state.raw([]);
  neighborsLoading = $state(false);
  neighborsError = $state<string | null>(null);
  /** bumped when the camera should fly to the selected word (search, neighbour click) */
  focusSeq = $state(0);
  /** how many neighbours to list and, with `isolate`, to keep on the map */
  isolateK = $state(NEIGHBOR_K);
  isolate = $state(false);

  colorBy = $state<ColorBy>('frequency');
  /** clusters asked for when colouring by cluster (k-means in the original space) */
  clusterK = $state(MAX_GROUPS);
  clusters: WordClusters | null = $state.raw(null);
  clustersLoading = $state(false);
  clustersError = $state<string | null>(null);
  #clustersKey = '';
  /** the user's word lists, one per line */
  listText = $state('');

  get topN(): number {
    return this.params.words;
  }

  /** word → index in the projection */
  readonly index: ReadonlyMap<string, number> = $derived(
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- rebuilt by $derived, never mutated
    new Map((this.projection?.words ?? []).map((w, i) => [w, i] as const)),
  );
  readonly selectedIndex = $derived(this.selected === null ? -1 : (this.index.get(this.selected) ?? -1));
  readonly neighborIndices = $derived(this.neighbors.map((n) => this.index.get(n.word) ?? -1).filter((i) => i >= 0));

  readonly layout: MapLayout | null = $derived.by(() => {
    const p = this.projection;
    if (!p) return null;
    const live = this.live;
    if (live?.coords && live.coords.length === p.words.length * live.dims)
      return { coords: live.coords, dims: live.dims, live: true };
    return { coords: p.coords, dims: p.dims, live: false };
  });

  /** the run has fewer words than asked for: the map shows all it has */
  readonly capped = $derived(
    this.projection && this.shownParams && this.projection.words.length < this.shownParams.words
      ? { shown: this.projection.words.length, asked: this.shownParams.words }
      : null,
  );

  /** the form asks for another layout than the one shown */
  readonly stale = $derived(!!this.projection && !sameLayout(this.params, this.shownParams));

  /** kNN recall@10 of the selected word on the shown map; null while a layout settles or off the map */
  readonly selectedRecall = $derived(
    this.layout?.live ? null : recallOf(this.projection?.faithfulness.perWord, this.selectedIndex),
  );

  /** the form's custom axes, parsed: what is wrong with each */
  readonly axesParsed: ParsedAxes = $derived(parseAxes(this.params.axes, this.params.dims));

  readonly groups: WordGroup[] = $derived(parseWordGroups(this.listText));
  /** each map word's list, or -1; null when colouring by frequency */
  readonly groupIndex: Int8Array | null = $derived.by(() => {
    const p = this.projection;
    if (!p) return null;
    if (this.colorBy === 'lists') return groupOf(p.words, this.groups);
    const c = this.clusters;
    if (this.colorBy === 'clusters' && c && c.words === p.words.length) return clusterGroups(p.words.length, c.labels);
    return null;
  });
  /** the legend's name of each coloured group: the lists' names, or each cluster's nearest words */
  readonly groupNames: string[] = $derived(
    this.colorBy === 'clusters'
      ? (this.clusters?.exemplars ?? []).map((ex, i) => clusterName(i, ex))
      : this.groups.slice(0, MAX_GROUPS).map((g) => g.name),
  );

  /** clusters for the shown map's words (k-means in the original space), fetched once per run, size and k */
  async loadClusters(): Promise<void> {
    const run = this.run;
    const words = this.projection?.words.length ?? 0;
    const key = `${run}\u0000${words}\u0000${this.clusterK}`;
    if (!run || words < 2 || key === this.#clustersKey) return;
    this.#clustersKey = key;
    this.clustersLoading = true;
    this.clustersError = null;
    try {
      const c = await this.#lab.clusters({ run, words, k: this.clusterK });
      if (key === this.#clustersKey) this.clusters = c;
    } catch (err) {
      if (key === this.#clustersKey) {
        this.clustersError = (err as Error).message;
        this.#clustersKey = '';
      }
    } finally {
      if (key === this.#clustersKey || this.#clustersKey === '') this.clustersLoading = false;
    }
  }

  constructor(lab: LabApi) {
    this.#lab = lab;
  }

  /** switches run: clears the selection and shows the run's PCA map at once */
  async setRun(run: string | null): Promise<void> {
    if (run === this.run && (this.projection || this.projecting)) return;
    this.run = run;
    this.clearSelection();
    this.projection = null;
    this.shownParams = null;
    this.params.method = 'pca';
    await this.loadProjection();
  }

  async setMethod(method: ProjectionMethod): Promise<void> {
    this.params.method = method;
    // UMAP waits for "Run UMAP"; PCA is at once; custom axes as soon as they are typed
    if (method !== 'umap' && !sameLayout(this.params, this.shownParams)) await this.#reload();
  }

  async setDims(dims: 2 | 3): Promise<void> {
    if (dims === this.params.dims) return;
    this.params.dims = dims;
    await this.#reload();
  }

  async setWords(n: number): Promise<void> {
    const words = clampInt(n, 1, MAX_WORDS, this.params.words);
    if (words === this.params.words) return;
    this.params.words = words;
    await this.#reload();
  }

  /** the map for changed parameters, where that is immediate: PCA, or custom axes that parse */
  async #reload(): Promise<void> {
    if (this.params.method === 'pca') await this.loadProjection();
    else if (this.params.method === 'axes' && this.axesParsed.axes) await this.showAxes();
  }

  /** @deprecated the old name of setWords */
  setTopN(n: number): Promise<void> {
    return this.setWords(n);
  }

  /** the PCA map for the form's dims and words; stops following any UMAP job */
  async loadProjection(): Promise<void> {
    const seq = this.#begin();
    const run = this.run;
    if (!run) {
      this.projecting = false;
      this.projection = null;
      this.shownParams = null;
      return;
    }
    await this.#fetch(run, { ...this.params, method: 'pca' }, seq);
  }

  /**
   * The map on the form's custom axes: each word at the cosine between its
   * vector and each axis direction. Nothing is asked while an axis does not
   * parse (the form shows why).
   */
  async showAxes(): Promise<void> {
    const run = this.run;
    if (!run || !this.axesParsed.axes) return;
    this.params.method = 'axes';
    const params: ProjectionParams = { ...this.params, axes: [...this.params.axes] };
    const seq = this.#begin();
    await this.#fetch(run, params, seq);
  }

  /**
   * Computes (or fetches from the cache) the UMAP layout for the form's
   * parameters. The map first shows the same words by PCA, then moves them
   * with every frame the job streams; `project` then answers with the stored layout.
   */
  async runUmap(): Promise<void> {
    const run = this.run;
    if (!run) return;
    this.params.method = 'umap';
    const params = this.#sanitized();
    Object.assign(this.params, params);
    const seq = this.#begin();
    const live = (patch: Partial<LiveLayout>) => {
      if (seq === this.#projectSeq && this.live) this.live = { ...this.live, ...patch };
    };
    this.live = {
      jobId: null,
      params,
      phase: 'starting',
      done: 0,
      total: 0,
      epoch: 0,
      epochs: 0,
      coords: null,
      dims: params.dims,
      cancelling: false,
    };

    // the frames move the run's first `words` words: the map must list exactly those
    if (this.projection?.run !== run || this.shownParams?.words !== params.words) {
      const ok = await this.#fetch(run, { ...params, method: 'pca' }, seq, false);
      if (!ok) {
        if (seq === this.#projectSeq) this.live = null;
        return;
      }
    }
    if (seq !== this.#projectSeq) return;

    let jobId: string | null = null;
    // events that come before startProjection answers, kept by job id
    // eslint-disable-next-line svelte/prefer-svelte-reactivity -- local bookkeeping, never rendered
    const early = new Map<string, { frame?: ProjectionFrame; job?: JobInfo }>();
    const onFrame = (f: ProjectionFrame) => {
      if (f.run !== run) return;
      if (jobId === null) early.set(f.jobId, { ...early.get(f.jobId), frame: f });
      else if (f.jobId === jobId)
        live({ coords: f.coords, dims: f.dims, epoch: f.epoch, epochs: f.epochs, phase: 'layout' });
    };
    const onJob = ({ job }: JobEvent) => {
      if (job.kind !== 'project' || job.target !== run) return;
      if (jobId === null) early.set(job.id, { ...early.get(job.id), job });
      else if (job.id === jobId) live(progressOf(job));
    };
    const offs = [this.#lab.on('projection', onFrame), this.#lab.on('job', onJob)];
    this.#stopTracking = () => offs.forEach((off) => off());

    this.projecting = true;
    try {
      jobId = (await this.#lab.startProjection(projectArgs(run, params))).jobId;
      if (seq !== this.#projectSeq) return;
      if (jobId !== null) {
        live({ jobId, phase: 'neighbours' });
        const seen = early.get(jobId);
        if (seen?.job) onJob({ job: seen.job });
        if (seen?.frame) onFrame(seen.frame);
        if (this.#cancelAsked) void this.cancelUmap();
      } else {
        live({ phase: 'finishing' });
      }
      early.clear();
      // awaits the job when it runs; answers from the cache when it is done
      const p = await this.#lab.project(projectArgs(run, params));
      if (seq !== this.#projectSeq) return;
      checkCoords(p);
      this.projection = p;
      this.shownParams = params;
      this.fromCache = jobId === null;
      this.projectionError = null;
    } catch (e) {
      if (seq !== this.#projectSeq) return;
      const message = errorMessage(e);
      if (this.#cancelAsked || /cancelled/i.test(message)) {
        this.notice = 'UMAP cancelled. The map shows the layout it had before.';
      } else {
        this.projectionError = message;
      }
    } finally {
      if (seq === this.#projectSeq) {
        this.#stopTracking?.();
        this.#stopTracking = null;
        this.live = null;
        this.projecting = false;
        this.#cancelAsked = false;
      }
    }
  }

  /** the form's numbers within the contract's bounds (an emptied box falls back to the default) */
  #sanitized(): ProjectionParams {
    const p = this.params;
    const minDist = Number.isFinite(p.minDist) ? Math.max(0, Math.min(1, p.minDist)) : DEFAULT_PARAMS.minDist;
    return {
      method: p.method,
      dims: p.dims,
      words: clampInt(p.words, 1, MAX_WORDS, DEFAULT_PARAMS.words),
      neighbors: clampInt(p.neighbors, 2, 200, DEFAULT_PARAMS.neighbors),
      minDist,
      metric: p.metric,
      seed: clampInt(p.seed, 0, 2_147_483_647, DEFAULT_PARAMS.seed),
      axes: [...p.axes],
    };
  }

  /** stops the UMAP job; the map goes back to the layout it showed before */
  async cancelUmap(): Promise<void> {
    const live = this.live;
    if (!live) return;
    this.#cancelAsked = true;
    this.live = { ...live, cancelling: true };
    if (!live.jobId) return; // asked again once the job has an id
    try {
      await this.#lab.cancelJob({ jobId: live.jobId });
    } catch (e) {
      this.projectionError = errorMessage(e);
    }
  }

  /** a new question about the map: later answers to older ones are dropped, and a UMAP job is no longer followed */
  #begin(): number {
    const seq = ++this.#projectSeq;
    this.#stopTracking?.();
    this.#stopTracking = null;
    this.#cancelAsked = false;
    this.live = null;
    this.projectionError = null;
    this.notice = null;
    return seq;
  }

  /** fetches and shows a projection; false when it failed or a newer question came */
  async #fetch(run: string, params: ProjectionParams, seq: number, done = true): Promise<boolean> {
    this.projecting = true;
    try {
      const p = await this.#lab.project(projectArgs(run, params));
      if (seq !== this.#projectSeq) return false;
      checkCoords(p);
      this.projection = p;
      this.shownParams = params;
      this.fromCache = false;
      return true;
    } catch (e) {
      if (seq !== this.#projectSeq) return false;
      this.projection = null;
      this.shownParams = null;
      this.projectionError = errorMessage(e);
      return false;
    } finally {
      if (seq === this.#projectSeq && (done || this.projectionError)) this.projecting = false;
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
      // neighbours in the original space, never on the map
      const { results } = await this.#lab.neighbors({ run, word: w, k: this.isolateK });
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

  /** how many neighbours to list and isolate; reloads them for the selected word */
  async setIsolateK(k: number): Promise<void> {
    const next = clampInt(k, 1, MAX_ISOLATE_K, this.isolateK);
    if (next === this.isolateK) return;
    this.isolateK = next;
    if (this.selected) await this.select(this.selected);
  }

  clearSelection(): void {
    this.#selectSeq++;
    this.selected = null;
    this.neighbors = [];
    this.neighborsError = null;
    this.neighborsLoading = false;
    this.isolate = false;
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

function checkCoords(p: Projection): void {
  if (p.coords.length !== p.words.length * p.dims)
    throw new Error(`project: expected ${p.words.length * p.dims} coordinates, got ${p.coords.length}`);
}

/** a project job's progress as the live layout shows it */
function progressOf(job: JobInfo): Partial<LiveLayout> {
  const p = job.progress;
  if (job.status === 'done') return { phase: 'finishing' };
  if (!p) return {};
  if (p.unit === 'epochs') return { phase: 'layout', done: p.done, total: p.total, epoch: p.done, epochs: p.total };
  return { phase: 'neighbours', done: p.done, total: p.total };
}
