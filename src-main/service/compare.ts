// Runs side by side: one table of benchmark scores (stored evaluations reused,
// missing ones evaluated and stored, optionally as a job), the agreement of
// neighbourhoods across runs (stability), one word's neighbours across runs,
// run B rotated onto run A, and one analogy evaluation's questions page by page.
import { availableParallelism } from 'node:os';
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import {
  findEvaluation,
  latestEvaluations,
  latestQuestionsEval,
  pageOfQuestions,
  readQuestions,
  saveAnalogyEval,
  saveSimilarityEval,
  type StoredAnalogy,
  type StoredSimilarity,
} from '../core/store/evaluations.ts';
import { NotFoundError, ParamError } from '../core/errors.ts';
import { mostMoved, sharedRows } from '../core/vectors/align.ts';
import type { AlignInput, AlignOutput } from '../core/vectors/align-worker.ts';
import { commonToAll, pairwiseOverlap, planStability, scoreStability } from '../core/vectors/stability.ts';
import { runWorker } from '../core/workers.ts';
import { scoreInWorker, type FileScore } from '../core/eval/score.ts';
import type { VectorSet } from '../core/vectors/vector-set.ts';
import { neighbors } from '../core/vectors/queries.ts';
import { UnknownWordError } from '../core/vectors/vector-set.ts';
import type {
  AlignReport,
  AnalogyQuestionRow,
  AnalogyQuestionsPage,
  CompareReport,
  CompareScore,
  EvalSets,
  LabHandlers,
  NeighborsAcross,
  ParsedArgs,
  RunInfo,
  ScoreSpread,
  StabilityReport,
} from '../../src-preload/contract.ts';
import type { JobContext, JobManager } from './jobs.ts';
import type { VectorCache } from './queries.ts';
import { RateMeter } from './rate.ts';
import {
  builtinEvalSets,
  builtinPath,
  fileToScore,
  readEvalFile,
  sourceOf,
  type EvalFiles,
  type EvalText,
} from './evaluate.ts';

type CompareHandlers = Pick<
  LabHandlers,
  'compare' | 'startCompare' | 'stability' | 'align' | 'neighborsAcross' | 'analogyQuestions'
>;

/** one run's score on one file: stored, or still to be computed */
interface Task {
  run: RunInfo;
  kind: 'analogy' | 'similarity';
  text: EvalText;
  restrictVocab: number;
}

/** decoded question lists kept, by evaluation id: paging must not parse megabytes of JSON per page */
const CACHED_QUESTION_LISTS = 2;

export class Comparer {
  private readonly questionLists = new Map<number, { sections: string[]; rows: AnalogyQuestionRow[] }>();

  constructor(
    private readonly db: Db,
    private readonly jobs: JobManager,
    private readonly vectors: VectorCache,
    private readonly resourcesDir: string,
  ) {}

  handlers(): CompareHandlers {
    return {
      compare: async (args) => this.compareFiles(args.runs, this.builtinFiles(args)),
      startCompare: async (args) => ({ jobId: this.startCompare(args.runs, this.builtinFiles(args)) }),
      stability: (args) => this.stability(args),
      align: (args) => this.align(args),
      neighborsAcross: async (args) => this.neighborsAcross(args),
      analogyQuestions: async (args) => this.analogyQuestions(args),
    };
  }

  /** the scores of every run on every file (by path): stored ones reused, the rest evaluated (in a worker) and stored */
  async compareFiles(runNames: string[], files: EvalFiles): Promise<CompareReport> {
    const { tasks, missing } = this.plan(runNames, files);
    await this.evaluateTasks(missing);
    return this.report(runNames, files.restrictVocab, tasks);
  }

  /** evaluates what `compareFiles` would, as a job; null when every score is stored */
  startCompare(runNames: string[], files: EvalFiles): string | null {
    const { missing } = this.plan(runNames, files);
    if (missing.length === 0) return null;
    return this.jobs.start('evaluate', runNames.join(', '), null, (ctx) => this.evaluateAll(ctx, missing));
  }

  /** progress in files, fractions of a file included; cancel terminates the worker, finished files stay stored */
  private async evaluateAll(ctx: JobContext, missing: Task[]): Promise<void> {
    const meter = new RateMeter();
    const report = (done: number, task: Task, detail = '') => {
      const { rate, etaSeconds } = meter.update(done, missing.length);
      ctx.progress({
        done,
        total: missing.length,
        rate,
        unit: 'files',
        etaSeconds,
        message: `${task.run.name}: ${task.text.file}${detail}`,
      });
    };
    report(0, missing[0]);
    await this.evaluateTasks(missing, ctx.signal, (done, task, within) => {
      const detail = within ? ` (${within.items} questions, ${Math.floor(within.fraction * 100)}%)` : '';
      report(done, task, detail);
    });
    report(missing.length, missing[missing.length - 1]);
  }

  /**
   * Scores the tasks run by run, one worker per run (its vectors copied into
   * it once for all its files), and stores each score as it comes back.
   * `onProgress` gets the tasks done, fractions included; within an analogy
   * file, also that file's fraction and question count.
   */
  private async evaluateTasks(
    tasks: Task[],
    signal?: AbortSignal,
    onProgress?: (done: number, task: Task, within?: { fraction: number; items: number }) => void,
  ): Promise<void> {
    let finished = 0;
    for (const group of byRun(tasks)) {
      signal?.throwIfAborted();
      const set = this.vectors.get(group[0].run.name);
      const files = group.map((t) => fileToScore(t.kind, t.text));
      await scoreInWorker(set, files, group[0].restrictVocab, {
        signal,
        onProgress: (i, fraction, items) => onProgress?.(finished + i + fraction, group[i], { fraction, items }),
        onScored: (i, score) => {
          this.store(group[i], score);
          onProgress?.(finished + i + 1, group[i]);
        },
      });
      finished += group.length;
    }
  }

  private builtinFiles(args: ParsedArgs<'compare'>): EvalFiles {
    const sets = builtinEvalSets(this.resourcesDir);
    const pick = (kind: keyof EvalSets, names: string[] | undefined) =>
      (names ?? sets[kind]).map((n) => builtinPath(this.resourcesDir, kind, n));
    return {
      analogies: pick('analogies', args.analogies),
      similarity: pick('similarity', args.similarity),
      restrictVocab: args.restrictVocab,
    };
  }

  /** every (run, file) pair, in report order, and those with no usable stored score */
  private plan(runNames: string[], files: EvalFiles): { tasks: Task[]; missing: Task[] } {
    const texts = {
      analogy: unique(files.analogies).map(readEvalFile),
      similarity: unique(files.similarity).map(readEvalFile),
    };
    const tasks: Task[] = [];
    for (const name of unique(runNames)) {
      const run = runs.getRun(this.db, name);
      if (run.status !== 'done') throw new ParamError(`run "${name}" has no vectors yet (status: ${run.status})`);
      for (const kind of ['analogy', 'similarity'] as const) {
        for (const text of texts[kind]) tasks.push({ run, kind, text, restrictVocab: files.restrictVocab });
      }
    }
    return { tasks, missing: tasks.filter((t) => !this.stored(t)) };
  }

  private stored(task: Task): StoredAnalogy | StoredSimilarity | null {
    const source = sourceOf(task.text, task.restrictVocab);
    return task.kind === 'analogy'
      ? findEvaluation(this.db, task.run.id, 'analogy', task.text.file, source, task.run.finishedAt)
      : findEvaluation(this.db, task.run.id, 'similarity', task.text.file, source, task.run.finishedAt);
  }

  /** stores one score as `evaluate` does */
  private store(task: Task, score: FileScore): void {
    const source = sourceOf(task.text, task.restrictVocab);
    if (score.kind === 'analogy') saveAnalogyEval(this.db, task.run.id, score.score, source, score.questions);
    else saveSimilarityEval(this.db, task.run.id, score.score, source);
  }

  private report(runNames: string[], restrictVocab: number, tasks: Task[]): CompareReport {
    const scores = tasks.map((task): CompareScore => {
      const s = this.stored(task);
      if (!s) throw new Error(`the score of ${task.run.name} on ${task.text.file} was not stored`);
      return scoreOf(task, s);
    });
    return { runs: unique(runNames), restrictVocab, scores };
  }

  /** each run's neighbour search in a worker thread, as many at once as there are cores */
  private async stability({ runs: names, k, words }: ParsedArgs<'stability'>): Promise<StabilityReport> {
    const started = performance.now();
    const sets = names.map((name) => this.vectors.get(name));
    const plan = planStability(sets, { k, words });
    // a run named twice is searched once
    const searches = new Map<VectorSet, Promise<Int32Array>>();
    const pool = new WorkerPool(availableParallelism());
    sets.forEach((set, r) => {
      if (searches.has(set)) return;
      const input = { data: set.data, dim: set.dim, k, ...plan.searches[r] };
      searches.set(
        set,
        pool.run(() => runWorker<number, Int32Array>('neighbours', input)),
      );
    });
    const neighbours = await Promise.all(sets.map((set) => searches.get(set)!));
    const r = scoreStability(plan, neighbours, k);
    return {
      runs: names,
      k,
      shared: r.shared,
      words: r.words.length,
      jaccard: r.jaccard,
      rbo: r.rbo,
      pairs: r.pairs.map((p) => ({ a: names[p.a], b: names[p.b], jaccard: p.jaccard, rbo: p.rbo })),
      perWord: r.words.map((word, i) => ({ word, jaccard: r.perWordJaccard[i], rbo: r.perWordRbo[i] })),
      scores: this.scoreSpread(names),
      seconds: (performance.now() - started) / 1000,
    };
  }

  /** the spread over the runs of each stored score that every run has (the newest per file) */
  private scoreSpread(names: string[]): ScoreSpread[] {
    const perRun = names.map((name) => {
      const stored = latestEvaluations(this.db, runs.getRun(this.db, name).id);
      const values = new Map<string, { metric: 'accuracy' | 'spearman'; value: number | null }>();
      for (const a of stored.analogies) values.set(`analogy:${a.file}`, { metric: 'accuracy', value: a.accuracy });
      for (const s of stored.similarity) values.set(`similarity:${s.file}`, { metric: 'spearman', value: s.spearman });
      return values;
    });
    const out: ScoreSpread[] = [];
    for (const [key, { metric }] of perRun[0]) {
      const values = perRun.map((m) => m.get(key)?.value);
      if (values.some((v) => v === undefined || v === null)) continue;
      out.push({ file: key.slice(key.indexOf(':') + 1), metric, ...spread(values as number[]) });
    }
    return out;
  }

  /** the fit, the distances and the map in a worker thread; the words stay here */
  private async align({ a, b, words, mapWords, top }: ParsedArgs<'align'>): Promise<AlignReport> {
    const started = performance.now();
    const setA = this.vectors.get(a);
    const setB = this.vectors.get(b);
    if (setA.dim !== setB.dim) {
      throw new ParamError(
        `cannot align vectors of different sizes: the first has ${setA.dim} dimensions, the second ${setB.dim}`,
      );
    }
    const shared = sharedRows(setA, setB);
    if (shared.words.length < 2) {
      throw new ParamError(`the two runs share ${shared.words.length} word(s); alignment needs at least 2`);
    }
    const input: AlignInput = {
      a: setA.data,
      b: setB.data,
      dim: setA.dim,
      rowsA: shared.rowsA,
      rowsB: shared.rowsB,
      fitWords: words,
      mapWords,
    };
    const r = await runWorker<never, AlignOutput>('align', input);
    return {
      a,
      b,
      shared: shared.words.length,
      fitted: r.fitted,
      residual: r.residual,
      fitResidual: r.fitResidual,
      moved: mostMoved(shared.words, r.distances, top),
      map: { words: shared.words.slice(0, r.map.a.length / 3), ...r.map },
      seconds: (performance.now() - started) / 1000,
    };
  }

  private neighborsAcross({ runs: names, word, k }: ParsedArgs<'neighborsAcross'>): NeighborsAcross {
    const columns = names.map((run) => {
      const set = this.vectors.get(run);
      return set.has(word)
        ? { run, known: true, neighbors: neighbors(set, word, k) }
        : { run, known: false, neighbors: [] };
    });
    if (!columns.some((c) => c.known)) throw new UnknownWordError([word]);
    const lists = columns.map((c) => ({ neighbours: c.known ? c.neighbors.map((s) => s.word) : null }));
    return {
      word,
      k,
      columns,
      pairs: pairwiseOverlap(lists).map((p) => ({ a: names[p.a], b: names[p.b], jaccard: p.jaccard, rbo: p.rbo })),
      common: commonToAll(lists),
    };
  }

  private analogyQuestions(args: ParsedArgs<'analogyQuestions'>): AnalogyQuestionsPage {
    const run = runs.getRun(this.db, args.run);
    const found = latestQuestionsEval(this.db, run.id, args.file);
    if (!found) {
      throw new NotFoundError(`run "${args.run}" has no stored answers for "${args.file}": evaluate it first`);
    }
    let list = this.questionLists.get(found.id);
    if (!list) {
      list = readQuestions(this.db, found.id);
      this.questionLists.set(found.id, list);
      if (this.questionLists.size > CACHED_QUESTION_LISTS) {
        this.questionLists.delete(this.questionLists.keys().next().value!);
      }
    }
    if (args.section !== undefined && !list.sections.includes(args.section)) {
      throw new NotFoundError(`"${args.file}" has no section "${args.section}"`);
    }
    return {
      run: args.run,
      file: args.file,
      sections: list.sections,
      evaluatedAt: found.evaluatedAt,
      ...pageOfQuestions(list.rows, args),
    };
  }
}

function scoreOf(task: Task, s: StoredAnalogy | StoredSimilarity): CompareScore {
  const base = { run: task.run.name, file: task.text.file, coverage: s.coverage, evaluatedAt: s.evaluatedAt };
  if (task.kind === 'analogy') {
    const a = s as StoredAnalogy;
    return {
      ...base,
      kind: 'analogy',
      metric: 'accuracy',
      value: a.accuracy,
      evaluated: a.total,
      sections: a.sections,
    };
  }
  const m = s as StoredSimilarity;
  return { ...base, kind: 'similarity', metric: 'spearman', value: m.spearman, evaluated: m.pairs, pearson: m.pearson };
}

function spread(values: number[]): Omit<ScoreSpread, 'file' | 'metric'> {
  const n = values.length;
  const mean = values.reduce((s, v) => s + v, 0) / n;
  const sq = values.reduce((s, v) => s + (v - mean) ** 2, 0);
  return { runs: n, mean, sd: n > 1 ? Math.sqrt(sq / (n - 1)) : 0, min: Math.min(...values), max: Math.max(...values) };
}

/** runs at most `size` tasks at a time, in the order given */
class WorkerPool {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly size: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    try {
      return await task();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

function unique<T>(items: T[]): T[] {
  return [...new Set(items)];
}

/** the tasks in runs of one run each, in order */
function byRun(tasks: Task[]): Task[][] {
  const groups: Task[][] = [];
  for (const task of tasks) {
    const last = groups.at(-1);
    if (last && last[0].run.id === task.run.id) last.push(task);
    else groups.push([task]);
  }
  return groups;
}
