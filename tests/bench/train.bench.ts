// The training benchmark: ours against gensim and fastText on the same
// pre-tokenized corpus and settings, each tool a child process measured for
// wall time, CPU time and peak resident memory; then analogy and WordSim-353
// quality of both, with one evaluator. The entry is tests/bench/run.ts
// (`npm run bench`); see tests/bench/README.md for what each number means.
import { mkdirSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../helpers/paths.ts';
import { describeMachine } from './lib/machine.ts';
import { lastLine, measure, type Measured } from './lib/measure.ts';
import { benchDir, prepareCorpus, type CorpusName, type PreparedCorpus } from './lib/prepare.ts';
import { evaluateQuality, spread, type Quality, type Spread } from './lib/quality.ts';
import type { ImportResult, QualityPair, Report, Row, ToolResult } from './lib/report.ts';
import { mb, secs } from './lib/report.ts';
import { methodSpecs, oursImportArgs, type MethodName, type MethodSpec, type Settings } from './lib/tools.ts';
import { readRunVectors, readWord2VecText } from './lib/vectors.ts';

export interface BenchOptions {
  corpus: CorpusName;
  methods: MethodName[];
  scale: boolean;
  threads: number;
  epochs: number;
  dim: number;
  repeat: number;
  skipQuality: boolean;
  gensimCorpusFile: boolean;
  keep: boolean;
  verbose: boolean;
  /** kill a child after this many seconds */
  timeoutSeconds: number;
  /** run only ours or only the peers (the others' cells read "skipped") */
  only?: 'ours' | 'peers';
  /** --seeds: each method at 1x once per seed (times: the fastest; quality: mean and sd); absent: seed 1, as before */
  seeds?: number[];
}

type Log = (line: string) => void;

export async function runTrainBench(o: BenchOptions, log: Log): Promise<Report> {
  const started = performance.now();
  const machine = describeMachine();
  log(
    `machine: ${machine.cpu}, ${machine.cores} cores, load ${machine.loadAtStart}; measuring with ${machine.measure}`,
  );
  if (!machine.gensim) log('gensim is not importable by /usr/bin/python3: gensim rows will be n/a');
  if (!machine.fasttext) log('fasttext is not on PATH: fastText rows will be n/a');

  const factors = o.scale ? [1, 2, 4] : [1];
  const corpora: PreparedCorpus[] = [];
  for (const f of factors) corpora.push(await prepareCorpus(o.corpus, f, log));

  const work = join(benchDir(), `run-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`);
  mkdirSync(work, { recursive: true });
  const db = join(work, 'lab.sqlite');
  const settings: Settings = { dim: o.dim, threads: o.threads, epochs: o.epochs, gensimCorpusFile: o.gensimCorpusFile };
  const imports: ImportResult[] = [];
  const rows: Row[] = [];
  log(`work folder: ${work}`);

  try {
    for (const corpus of corpora) {
      const f = corpus.repeat;
      const name = `bench-${o.corpus}-${f}x`;
      log(`\n== ${f}x: ${corpus.file} (${corpus.tokens.toLocaleString('en')} tokens)`);
      const imported: ImportResult =
        o.only === 'peers'
          ? { factor: f, result: { status: 'n/a', note: 'skipped (--only peers)', command: '' } }
          : await oursImport(corpus, name, db, o, log);
      imports.push(imported);
      for (const method of o.methods) {
        const spec = methodSpecs[method];
        const row = await benchMethod(spec, corpus, imported, db, work, settings, o, log);
        rows.push(row);
      }
    }
  } finally {
    if (!o.keep) rmSync(work, { recursive: true, force: true });
    else log(`kept ${work}`);
  }
  machine.loadAtEnd = Math.round(loadavg()[0] * 100) / 100;
  return {
    machine,
    options: { ...o },
    corpora,
    imports,
    rows,
    benchSeconds: (performance.now() - started) / 1000,
  };
}

async function oursImport(
  corpus: PreparedCorpus,
  name: string,
  db: string,
  o: BenchOptions,
  log: Log,
): Promise<ImportResult> {
  const argv = oursImportArgs(corpus.file, name, db);
  log(`ours import: ${quote(argv)}`);
  const m = await measure(argv, { cwd: repoRoot, echo: o.verbose, timeoutSeconds: o.timeoutSeconds });
  const result = toolResult(m, m.wall);
  const json = lastJson(m.stdout);
  const c = (json?.corpus ?? null) as { name: string; tokens: number; vocabSize: number; sentences: number } | null;
  if (result.status === 'ok' && c) {
    result.wordsPerSec = c.tokens / m.wall;
    result.detail = { corpus: c };
    if (c.tokens !== corpus.tokens) {
      log(
        `note: our import counted ${c.tokens} tokens, the prepared file has ${corpus.tokens}: the tools do not see the same text`,
      );
    }
  }
  log(`  → ${describe(result)}`);
  return { factor: corpus.repeat, result, corpus: c ?? undefined };
}

/** one side of a row: the fastest run over its seeds and repeats, or the failure that stopped them */
interface Side {
  result: ToolResult;
  /** every run's seconds, seed by seed */
  times: number[];
}

/** all of --seeds at 1x, only the first at 2x and 4x (no quality there); without --seeds the tools' defaults */
function rowSeeds(o: BenchOptions, factor: number): (number | undefined)[] {
  if (!o.seeds) return [undefined];
  return factor === 1 ? o.seeds : o.seeds.slice(0, 1);
}

/** in run names and file names, so that each seed's vectors are kept apart */
function seedTag(s: Settings): string {
  return s.seed === undefined ? '' : `-s${s.seed}`;
}

async function benchMethod(
  spec: MethodSpec,
  corpus: PreparedCorpus,
  imported: ImportResult,
  db: string,
  work: string,
  settings: Settings,
  o: BenchOptions,
  log: Log,
): Promise<Row> {
  const f = corpus.repeat;
  log(`-- ${spec.name} (${spec.label}) at ${f}x`);

  let ours: Side | null = null;
  let peer: Side | null = null;
  if (o.only === 'peers') {
    ours = { result: { status: 'n/a', note: 'skipped (--only peers)', command: '' }, times: [] };
  } else if (imported.result.status !== 'ok') {
    const note = `the corpus import failed: ${imported.result.note ?? ''}`;
    ours = { result: { status: 'failed', note, command: '' }, times: [] };
  }
  if (spec.peerCommand && o.only === 'ours') {
    peer = { result: { status: 'n/a', note: 'skipped (--only ours)', command: '' }, times: [] };
  }

  const qualities: { seed: number; q: QualityPair }[] = [];
  for (const seed of rowSeeds(o, f)) {
    const s: Settings = { ...settings, seed };
    let oursRun: string | null = null;
    let peerVectors: string | null = null;
    // a side skipped or failed is not run again for the next seed
    if (!ours || ours.result.status === 'ok') {
      const r = await runOurs(spec, corpus, imported, db, s, o, log);
      ours = faster(ours, r);
      oursRun = r.run;
    }
    if (spec.peerCommand && (!peer || peer.result.status === 'ok')) {
      const r = await runPeer(spec.name, spec.peerCommand, corpus, work, s, o, log);
      peer = faster(peer, r);
      peerVectors = r.vectors;
    }
    if (!o.skipQuality && f === 1) {
      const q = await quality(db, oursRun, peerVectors, log);
      log(
        `  quality${seed === undefined ? '' : ` (seed ${seed})`}: analogy ${pctOf(q.ours)} / ${pctOf(q.peer)}, WS353 ${q.ours?.ws353.toFixed(3) ?? '—'} / ${q.peer?.ws353.toFixed(3) ?? '—'}`,
      );
      qualities.push({ seed: seed ?? 1, q });
    }
    if (peerVectors && !o.keep) rmSync(peerVectors, { force: true });
  }

  const oursResult = sideResult(ours)!;
  const peerResult = sideResult(peer);
  const row: Row = {
    method: spec.name,
    label: spec.label,
    peerName: spec.peer,
    factor: f,
    tokens: corpus.tokens,
    ours: oursResult,
    peer: peerResult,
    ratio: both(oursResult, peerResult, (a, b) => a.seconds! / b.seconds!),
    cpuRatio: both(oursResult, peerResult, (a, b) => (a.cpu && b.cpu ? a.cpu / b.cpu : null)),
    memRatio: both(oursResult, peerResult, (a, b) => (a.peakMB && b.peakMB ? a.peakMB / b.peakMB : null)),
  };
  if (spec.name === 'glove' && oursResult.status === 'ok') row.phases = glovePhases(oursResult.detail);
  if (qualities.length) row.quality = o.seeds ? overSeeds(qualities) : qualities[0].q;
  return row;
}

/** ours for one seed, run --repeat times: the fastest run, and its name for the quality check */
async function runOurs(
  spec: MethodSpec,
  corpus: PreparedCorpus,
  imported: ImportResult,
  db: string,
  s: Settings,
  o: BenchOptions,
  log: Log,
): Promise<Side & { run: string | null }> {
  const runs: { m: Measured; run: string }[] = [];
  for (let i = 1; i <= o.repeat; i++) {
    const run = `${spec.name}-${corpus.repeat}x${seedTag(s)}-${i}`;
    const argv = spec.oursTrainArgs(imported.corpus?.name ?? '', run, db, s);
    if (i === 1) log(`ours: ${quote(argv)}`);
    const m = await measure(argv, { cwd: repoRoot, echo: o.verbose, timeoutSeconds: o.timeoutSeconds });
    runs.push({ m, run });
    if (m.exitCode !== 0) break;
  }
  const best = pickBest(runs.map((r) => ({ ...r, seconds: r.m.wall })));
  const result = toolResult(best.m, best.m.wall);
  if (result.status === 'ok') {
    result.wordsPerSec = (corpus.tokens * s.epochs) / best.m.wall;
    result.detail = lastJson(best.m.stdout) ?? undefined;
    result.seed = s.seed;
  }
  log(`  ours → ${describe(result)}`);
  return { result, times: runs.map((r) => r.m.wall), run: result.status === 'ok' ? best.run : null };
}

/** the peer for one seed, run --repeat times: the fastest run, and its vectors for the quality check */
async function runPeer(
  name: MethodName,
  peerCommand: NonNullable<MethodSpec['peerCommand']>,
  corpus: PreparedCorpus,
  work: string,
  s: Settings,
  o: BenchOptions,
  log: Log,
): Promise<Side & { vectors: string | null }> {
  const cmd = peerCommand(corpus.file, join(work, `${name}-${corpus.repeat}x${seedTag(s)}`), s);
  log(`peer: ${quote(cmd.argv)}`);
  const runs: { m: Measured; seconds: number; detail?: Record<string, unknown> }[] = [];
  for (let i = 1; i <= o.repeat; i++) {
    const m = await measure(cmd.argv, {
      cwd: repoRoot,
      echo: o.verbose,
      keepLines: cmd.kind === 'fasttext' ? /Number of labels|Progress: 100\.0%/ : undefined,
      timeoutSeconds: o.timeoutSeconds,
    });
    const parsed = cmd.kind === 'gensim' ? gensimTimes(m) : fasttextTimes(m);
    runs.push({ m, ...parsed });
    for (const file of cmd.scratch) rmSync(file, { force: true });
    if (m.exitCode !== 0) break;
  }
  const best = pickBest(runs);
  let result = toolResult(best.m, best.seconds);
  let vectors: string | null = null;
  if (result.status === 'ok') {
    if (cmd.kind === 'gensim' && !best.detail) {
      result = { ...result, status: 'failed', note: `no timing JSON on stdout: ${lastLine(best.m.stdout)}` };
    } else {
      vectors = cmd.vectors;
      result.wordsPerSec = (corpus.tokens * s.epochs) / best.seconds;
      result.detail = best.detail;
      result.seed = s.seed;
      if (cmd.kind === 'gensim')
        result.cpu = (best.detail?.build_vocab_cpu_s as number) + (best.detail?.train_cpu_s as number);
    }
  }
  log(`  peer → ${describe(result)}`);
  return { result, times: runs.map((r) => r.seconds), vectors };
}

/** the faster of two seeds' results, or the new one when it failed; the times of both */
function faster(kept: Side | null, next: Side): Side {
  if (!kept) return next;
  const fastest =
    next.result.status !== 'ok' || next.result.seconds! < kept.result.seconds! ? next.result : kept.result;
  return { result: fastest, times: [...kept.times, ...next.times] };
}

function sideResult(side: Side | null): ToolResult | null {
  if (!side) return null;
  if (side.result.status === 'ok' && side.times.length > 1) side.result.repeats = side.times;
  return side.result;
}

function pctOf(q: Quality | null): string {
  return q ? `${(q.analogy * 100).toFixed(1)}%` : '—';
}

async function quality(db: string, oursRun: string | null, peerVectors: string | null, log: Log): Promise<QualityPair> {
  const notes: string[] = [];
  let ours: Quality | null = null;
  let peer: Quality | null = null;
  if (oursRun) {
    try {
      ours = evaluateQuality(await readRunVectors(db, oursRun));
    } catch (err) {
      notes.push(`quality of ours failed: ${(err as Error).message}`);
    }
  }
  if (peerVectors) {
    try {
      peer = evaluateQuality(await readWord2VecText(peerVectors));
    } catch (err) {
      notes.push(`quality of the peer failed: ${(err as Error).message}`);
    }
  }
  for (const n of notes) log(`  ${n}`);
  return {
    ours,
    peer,
    analogyDiffPoints: ours && peer ? (ours.analogy - peer.analogy) * 100 : null,
    ws353Diff: ours && peer ? ours.ws353 - peer.ws353 : null,
    notes,
  };
}

/** the seeds' qualities as one: the means and sds for the table, each seed's for the JSON */
function overSeeds(qualities: { seed: number; q: QualityPair }[]): QualityPair {
  const over = (side: 'ours' | 'peer', key: 'analogy' | 'ws353') =>
    spread(qualities.map(({ q }) => q[side]?.[key]).filter((v): v is number => v !== undefined && Number.isFinite(v)));
  const diff = (a: Spread | null, b: Spread | null) => (a && b ? a.mean - b.mean : null);
  const oursAnalogy = over('ours', 'analogy');
  const peerAnalogy = over('peer', 'analogy');
  const oursWs353 = over('ours', 'ws353');
  const peerWs353 = over('peer', 'ws353');
  const analogyDiff = diff(oursAnalogy, peerAnalogy);
  return {
    ours: null,
    peer: null,
    analogyDiffPoints: analogyDiff === null ? null : analogyDiff * 100,
    ws353Diff: diff(oursWs353, peerWs353),
    notes: qualities.flatMap(({ seed, q }) => q.notes.map((n) => `seed ${seed}: ${n}`)),
    seeds: qualities.map(({ seed, q }) => ({ seed, ours: q.ours, peer: q.peer })),
    spread: { oursAnalogy, peerAnalogy, oursWs353, peerWs353 },
  };
}

// ---------- reading what the tools report ----------

const NOT_THERE = /not (yet )?(available|implemented|supported)/i;

function toolResult(m: Measured, seconds: number): ToolResult {
  const command = quote(m.command);
  if (m.exitCode === 0) {
    return { status: 'ok', seconds, wall: m.wall, cpu: m.cpu, peakMB: m.peakMB, command };
  }
  const line =
    lastLine(m.stderr) || lastLine(m.stdout) || (m.signal ? `killed by ${m.signal}` : `exit code ${m.exitCode}`);
  // our CLI's exit 2 is a usage / contract error (an unknown method or option);
  // a job can also refuse a method the contract already names
  if (m.command[1]?.endsWith('embedlab.mjs') && (m.exitCode === 2 || NOT_THERE.test(line))) {
    return { status: 'n/a', note: `not implemented: ${line}`, command, wall: m.wall };
  }
  // 127: the command is not installed (as a shell, and GNU time, report it)
  if (m.exitCode === 127) return { status: 'n/a', note: `not installed: ${line}`, command, wall: m.wall };
  return {
    status: 'failed',
    note: `${m.signal ? `killed by ${m.signal}` : `exit code ${m.exitCode}`}: ${line}`,
    command,
    wall: m.wall,
  };
}

/** gensim: build_vocab + train from the script's JSON (not python's start-up, not saving) */
function gensimTimes(m: Measured): { seconds: number; detail?: Record<string, unknown> } {
  const json = lastJson(m.stdout);
  if (!json || typeof json.train_s !== 'number' || typeof json.build_vocab_s !== 'number') return { seconds: m.wall };
  return { seconds: json.build_vocab_s + json.train_s, detail: { ...json, process_wall_s: m.wall } };
}

/**
 * fastText: the whole command (reading, vocabulary, training, saving .bin and
 * .vec), as users time it; the phases from when its progress lines arrived:
 * "Number of labels" ends reading, the final "Progress: 100.0%" ends training.
 */
function fasttextTimes(m: Measured): { seconds: number; detail?: Record<string, unknown> } {
  const read = m.stderrLines.find((l) => l.line.includes('Number of labels'))?.t;
  const done = m.stderrLines.filter((l) => l.line.includes('Progress: 100.0%')).at(-1)?.t;
  const phases =
    read !== undefined && done !== undefined ? { read, train: done - read, save: m.wall - done } : undefined;
  const final = m.stderrLines.filter((l) => l.line.includes('Progress: 100.0%')).at(-1)?.line;
  return { seconds: m.wall, detail: { process_wall_s: m.wall, phases, final_progress: final?.trim() } };
}

/** GloVe's phase timings, if our train JSON has them anywhere: numbers under keys cooccur…, shuffle…, train… or iter…, nonZero… */
export function glovePhases(json: Record<string, unknown> | undefined): Row['phases'] {
  if (!json) return undefined;
  const found: NonNullable<Row['phases']> = {};
  const walk = (value: unknown, depth: number): void => {
    if (depth > 6 || value === null || typeof value !== 'object') return;
    const record = value as Record<string, unknown>;
    const hasCooccur = Object.keys(record).some((k) => /^cooccur/i.test(k) && typeof record[k] === 'number');
    for (const [k, v] of Object.entries(record)) {
      if (typeof v === 'number') {
        if (/^non_?zero/i.test(k)) found.nonZero ??= v;
        if (hasCooccur) {
          if (/^cooccur/i.test(k)) found.cooccur ??= v;
          else if (/^shuffle/i.test(k)) found.shuffle ??= v;
          else if (/^(train|iter)/i.test(k)) found.train ??= v;
        }
      } else walk(v, depth + 1);
    }
  };
  walk(json, 0);
  return Object.keys(found).length ? found : undefined;
}

function lastJson(stdout: string): Record<string, unknown> | null {
  const lines = stdout.trim().split('\n').reverse();
  for (const line of lines) {
    if (!line.startsWith('{')) continue;
    try {
      return JSON.parse(line) as Record<string, unknown>;
    } catch {
      // not JSON after all
    }
  }
  return null;
}

function pickBest<T extends { m: Measured; seconds: number }>(runs: T[]): T {
  const ok = runs.filter((r) => r.m.exitCode === 0);
  if (ok.length === 0) return runs[runs.length - 1];
  return ok.reduce((a, b) => (b.seconds < a.seconds ? b : a));
}

function both(
  ours: ToolResult,
  peer: ToolResult | null,
  f: (a: ToolResult, b: ToolResult) => number | null,
): number | null {
  if (!peer || ours.status !== 'ok' || peer.status !== 'ok') return null;
  const v = f(ours, peer);
  return v !== null && Number.isFinite(v) ? v : null;
}

function describe(r: ToolResult): string {
  if (r.status !== 'ok') return `${r.status}: ${r.note ?? ''}`;
  const cpu = r.cpu !== null && r.cpu !== undefined ? `, cpu ${secs(r.cpu)} s` : '';
  const wall = r.wall !== undefined && Math.abs(r.wall - (r.seconds ?? 0)) > 0.05 ? ` (process ${secs(r.wall)} s)` : '';
  return `${secs(r.seconds)} s${wall}${cpu}, peak ${mb(r.peakMB)} MB`;
}

export function quote(argv: string[]): string {
  return argv.map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`)).join(' ');
}
