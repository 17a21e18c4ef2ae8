// The bench's results as data, and as the tables it prints.
import type { Machine } from './machine.ts';
import type { PreparedCorpus } from './prepare.ts';
import type { Quality, Spread } from './quality.ts';
import type { MethodName } from './tools.ts';

export interface ToolResult {
  /** ok; n/a: the method is not there (usage/contract error, exit 2) or the peer is missing; failed: it ran and broke */
  status: 'ok' | 'n/a' | 'failed';
  note?: string;
  /** the time the table compares (see the README: ours = the whole train command; gensim = build_vocab + train; fastText = the whole command) */
  seconds?: number;
  /** the process's wall time, spawn to exit */
  wall?: number;
  /** user + system CPU seconds (gensim: process_time over build_vocab + train) */
  cpu?: number | null;
  peakMB?: number | null;
  /** corpus tokens × epochs / seconds */
  wordsPerSec?: number;
  /** every repeat's `seconds`, when --repeat > 1 or several --seeds (seed by seed) */
  repeats?: number[];
  /** with --seeds: the seed of the run kept (the fastest) */
  seed?: number;
  /** the command line, shell-quoted */
  command: string;
  /** what the tool reported: ours' run JSON, gensim's timings, fastText's phases, GloVe's phases */
  detail?: Record<string, unknown>;
}

export interface QualityPair {
  /** with --seeds: null, each seed's is in `seeds` */
  ours: Quality | null;
  peer: Quality | null;
  /** (ours − peer) analogy accuracy, in points; with --seeds, of the means */
  analogyDiffPoints: number | null;
  /** ours − peer WordSim-353 Spearman; with --seeds, of the means */
  ws353Diff: number | null;
  notes: string[];
  /** with --seeds: each seed's quality, in the order given */
  seeds?: SeedQuality[];
  /** with --seeds: mean and sd over the seeds (analogy as a fraction, as Quality.analogy) */
  spread?: {
    oursAnalogy: Spread | null;
    peerAnalogy: Spread | null;
    oursWs353: Spread | null;
    peerWs353: Spread | null;
  };
}

export interface SeedQuality {
  seed: number;
  ours: Quality | null;
  peer: Quality | null;
}

export interface Row {
  method: MethodName;
  label: string;
  peerName: string | null;
  /** 1, 2 or 4: the corpus repeated */
  factor: number;
  tokens: number;
  ours: ToolResult;
  peer: ToolResult | null;
  /** ours.seconds / peer.seconds (goal ≤ 1.0) */
  ratio: number | null;
  cpuRatio: number | null;
  memRatio: number | null;
  quality?: QualityPair;
  /** GloVe: the phases, when our train JSON exposes them */
  phases?: { cooccur?: number; shuffle?: number; train?: number; nonZero?: number };
}

export interface ImportResult {
  factor: number;
  result: ToolResult;
  corpus?: { name: string; tokens: number; vocabSize: number; sentences: number };
}

export interface Report {
  machine: Machine;
  options: Record<string, unknown>;
  corpora: PreparedCorpus[];
  imports: ImportResult[];
  rows: Row[];
  /** wall seconds of the whole bench */
  benchSeconds: number;
}

// ---------- formatting ----------

export function secs(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  return x >= 100 ? x.toFixed(0) : x.toFixed(1);
}

export function mb(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(0);
}

export function ratio(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(2);
}

export function rate(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  if (x >= 1e6) return `${(x / 1e6).toFixed(2)}M`;
  if (x >= 1e3) return `${(x / 1e3).toFixed(0)}k`;
  return x.toFixed(0);
}

function pct(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : (x * 100).toFixed(1);
}

function rho(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '—' : x.toFixed(3);
}

/** mean ± sd over seeds; the mean alone for one seed */
function meanSd(x: Spread | null, f: (v: number) => string): string {
  if (!x) return '—';
  return x.n > 1 ? `${f(x.mean)}±${f(x.sd)}` : f(x.mean);
}

function signed(x: number | null, digits: number): string {
  if (x === null || !Number.isFinite(x)) return '';
  return ` (${x >= 0 ? '+' : ''}${x.toFixed(digits)})`;
}

function cell(result: ToolResult | null, value: (r: ToolResult) => string): string {
  if (!result) return '—';
  if (result.status !== 'ok') return result.status;
  return value(result);
}

export function table(headers: string[], rows: string[][], align: ('l' | 'r')[]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (align[i] === 'r' ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join(' | ')
      .trimEnd();
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)];
}

export function mainTable(report: Report): string[] {
  const rows = report.rows.filter((r) => r.factor === 1);
  const headers = [
    'method',
    'peer',
    'ours s',
    'peer s',
    'ratio',
    'cpu ratio',
    'ours MB',
    'peer MB',
    'mem ratio',
    'ours words/s',
    'analogy % ours/peer (diff)',
    'WS353 ours/peer (diff)',
  ];
  const out: string[] = [];
  const body = rows.map((r) => {
    const q = r.quality;
    return [
      r.method,
      r.peerName ?? '(none)',
      cell(r.ours, (x) => secs(x.seconds)),
      cell(r.peer, (x) => secs(x.seconds)),
      ratio(r.ratio),
      ratio(r.cpuRatio),
      cell(r.ours, (x) => mb(x.peakMB)),
      cell(r.peer, (x) => mb(x.peakMB)),
      ratio(r.memRatio),
      cell(r.ours, (x) => rate(x.wordsPerSec)),
      ...qualityCells(q),
    ];
  });
  const lines = table(headers, body, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']);
  out.push(lines[0], lines[1]);
  rows.forEach((r, i) => {
    out.push(lines[i + 2]);
    for (const note of rowNotes(r)) out.push(`    ↳ ${note}`);
  });
  return out;
}

function qualityCells(q: QualityPair | undefined): [string, string] {
  if (!q) return ['—', '—'];
  const s = q.spread;
  if (!s) {
    return [
      `${pct(q.ours?.analogy)}/${pct(q.peer?.analogy)}${signed(q.analogyDiffPoints, 1)}`,
      `${rho(q.ours?.ws353)}/${rho(q.peer?.ws353)}${signed(q.ws353Diff, 3)}`,
    ];
  }
  return [
    `${meanSd(s.oursAnalogy, pct)} / ${meanSd(s.peerAnalogy, pct)}${signed(q.analogyDiffPoints, 1)}`,
    `${meanSd(s.oursWs353, rho)} / ${meanSd(s.peerWs353, rho)}${signed(q.ws353Diff, 3)}`,
  ];
}

/** each seed's quality, as the table shows only mean ± sd */
function seedsNote(q: QualityPair | undefined): string | null {
  const seeds = q?.seeds;
  if (!seeds || seeds.length < 2) return null;
  const list = (side: 'ours' | 'peer', f: (q: Quality) => string) =>
    seeds.map((s) => (s[side] ? f(s[side]) : '—')).join(', ');
  const analogy = (q: Quality) => pct(q.analogy);
  const ws353 = (q: Quality) => rho(q.ws353);
  return `per seed (${seeds.map((s) => s.seed).join(', ')}): analogy % ours ${list('ours', analogy)} / peer ${list('peer', analogy)}; WS353 ours ${list('ours', ws353)} / peer ${list('peer', ws353)}`;
}

export function rowNotes(r: Row): string[] {
  const notes: string[] = [];
  if (r.ours.status !== 'ok') notes.push(`ours: ${r.ours.status} (${r.ours.note ?? 'no message'})`);
  if (r.peer && r.peer.status !== 'ok') notes.push(`peer: ${r.peer.status} (${r.peer.note ?? 'no message'})`);
  if (r.method === 'glove' && r.ours.status === 'ok') {
    const p = r.phases;
    if (p && p.cooccur !== undefined) {
      const parts = [`co-occurrence counting ${secs(p.cooccur)} s (${rate(r.tokens / p.cooccur)} words/s)`];
      if (p.shuffle !== undefined) parts.push(`shuffle ${secs(p.shuffle)} s`);
      if (p.train !== undefined) {
        const perSec =
          p.nonZero !== undefined && p.train > 0 ? `, ${rate(p.nonZero / p.train)} non-zero entries/s` : '';
        parts.push(`iterations ${secs(p.train)} s${perSec}`);
      }
      if (p.nonZero !== undefined) parts.push(`${p.nonZero.toLocaleString('en')} non-zero entries`);
      notes.push(`glove phases: ${parts.join('; ')}`);
    } else {
      notes.push('glove: our train JSON exposes no phase timings; total only (counting + shuffle + 1 iteration)');
    }
  }
  const peerPhases = r.peer?.detail?.phases as { read?: number; train?: number; save?: number } | undefined;
  if (r.peer?.status === 'ok' && peerPhases?.train !== undefined) {
    notes.push(
      `${r.peerName}: read + vocabulary ${secs(peerPhases.read)} s, training ${secs(peerPhases.train)} s, saving ${secs(peerPhases.save)} s (from its progress output)`,
    );
  }
  const perSeed = seedsNote(r.quality);
  if (perSeed) notes.push(perSeed);
  for (const note of r.quality?.notes ?? []) notes.push(note);
  return notes;
}

export function scaleTable(report: Report): string[] {
  const factors = [...new Set(report.rows.map((r) => r.factor))].sort((a, b) => a - b);
  if (factors.length < 2) return [];
  const series: { tool: string; at: Map<number, ToolResult | null> }[] = [];
  series.push({ tool: 'ours import', at: new Map(report.imports.map((i) => [i.factor, i.result])) });
  const methods = [...new Set(report.rows.map((r) => r.method))];
  for (const m of methods) {
    const rows = report.rows.filter((r) => r.method === m);
    series.push({ tool: `${m} ours`, at: new Map(rows.map((r) => [r.factor, r.ours])) });
    const peerName = rows[0]?.peerName;
    if (peerName) series.push({ tool: `${m} ${peerName}`, at: new Map(rows.map((r) => [r.factor, r.peer])) });
  }
  const last = factors[factors.length - 1];
  const headers = [
    'tool',
    ...factors.map((f) => `${f}x s`),
    ...factors.slice(1).map((f) => `time ×${f}x/1x`),
    ...factors.map((f) => `${f}x MB`),
    `mem ×${last}x/1x`,
  ];
  const body = series.map(({ tool, at }) => {
    const s = (f: number) => {
      const r = at.get(f);
      return r && r.status === 'ok' ? (r.seconds ?? null) : null;
    };
    const m = (f: number) => {
      const r = at.get(f);
      return r && r.status === 'ok' ? (r.peakMB ?? null) : null;
    };
    const grow = (a: number | null, b: number | null) => (a !== null && b !== null && a > 0 ? b / a : null);
    return [
      tool,
      ...factors.map((f) => secs(s(f))),
      ...factors.slice(1).map((f) => ratio(grow(s(1), s(f)))),
      ...factors.map((f) => mb(m(f))),
      ratio(grow(m(1), m(last))),
    ];
  });
  return table(
    headers,
    body,
    headers.map((_, i) => (i === 0 ? 'l' : 'r')),
  );
}

export function machineLines(report: Report): string[] {
  const m = report.machine;
  const lines = [
    `machine: ${m.cpu}, ${m.cores} cores, ${m.ramGB} GB RAM, Linux ${m.kernel}; node ${m.node}; gensim ${m.gensim ?? 'missing'} (FAST_VERSION ${m.gensimFastVersion ?? '?'}); fastText ${m.fasttext ?? 'missing'}`,
    `date: ${m.date}; load average (1 min) ${m.loadAtStart} at start, ${m.loadAtEnd ?? '?'} at end; peak memory by ${m.measure === 'gnu-time' ? 'GNU time (ru_maxrss)' : 'polling /proc (VmRSS of the process tree, VmHWM)'}; code ${m.git ?? 'unknown'}`,
  ];
  if (m.loadAtStart > m.cores || (m.loadAtEnd ?? 0) > m.cores) {
    lines.push(
      `warning: the load average exceeded the ${m.cores} cores: other work shared the CPU, wall times are inflated (compare the cpu ratio)`,
    );
  }
  return lines;
}
