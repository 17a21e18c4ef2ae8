// Runs one command as a child process and measures it: wall time, CPU time
// (user + system) and peak resident memory.
//
// One method for every tool, chosen once per bench run:
// - 'gnu-time' (preferred): the command runs under `/usr/bin/time -v -o FILE`;
//   the kernel's accounting gives CPU seconds and the peak resident set
//   (ru_maxrss: the largest single process of the tree; our trainers, gensim
//   and fastText are each one process with threads).
// - 'proc-poll' (when GNU time is missing, or BENCH_MEASURE=poll): the child
//   tree's VmRSS is summed from /proc every 50 ms; the peak is the larger of
//   that sum's maximum and the root's VmHWM; CPU from /proc/PID/stat at the
//   last poll (the last <50 ms are missed).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type MeasureMethod = 'gnu-time' | 'proc-poll';

export interface Measured {
  command: string[];
  /** seconds from spawn to exit, measured here */
  wall: number;
  /** user + system CPU seconds of the command and its descendants, null when unknown */
  cpu: number | null;
  /** peak resident memory in MiB, null when unknown */
  peakMB: number | null;
  exitCode: number | null;
  signal: string | null;
  stdout: string;
  /** the last 64 KiB of stderr */
  stderr: string;
  /** stderr lines ("\r" and "\n" both end one) with the seconds since spawn at which each arrived */
  stderrLines: { t: number; line: string }[];
  method: MeasureMethod;
}

export interface MeasureOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** copy the child's stderr to ours as it comes */
  echo?: boolean;
  /** keep timestamped stderr lines matching this (all kept lines are bounded to 10,000) */
  keepLines?: RegExp;
  /** kill the child after this many seconds */
  timeoutSeconds?: number;
}

const GNU_TIME = '/usr/bin/time';
const STDERR_KEEP = 64 * 1024;

let chosen: MeasureMethod | null = null;

/** the method this bench run uses for every command */
export function measureMethod(): MeasureMethod {
  if (chosen) return chosen;
  if (process.env.BENCH_MEASURE === 'poll') return (chosen = 'proc-poll');
  if (process.env.BENCH_MEASURE === 'gnu-time' || existsSync(GNU_TIME)) {
    // Busybox `time` has no -v/-o: try it once
    const ok = spawnSyncOk(GNU_TIME, ['-v', '-o', '/dev/null', 'true']);
    if (ok) return (chosen = 'gnu-time');
  }
  return (chosen = 'proc-poll');
}

function spawnSyncOk(cmd: string, args: string[]): boolean {
  try {
    return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
  } catch {
    return false;
  }
}

let counter = 0;

export async function measure(command: string[], options: MeasureOptions = {}): Promise<Measured> {
  const method = measureMethod();
  const timeFile = join(tmpdir(), `embedlab-bench-time-${process.pid}-${++counter}.txt`);
  const argv = method === 'gnu-time' ? [GNU_TIME, '-v', '-o', timeFile, ...command] : command;
  const started = performance.now();
  const child = spawn(argv[0], argv.slice(1), {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const stdout: Buffer[] = [];
  let stderr = '';
  let partial = '';
  const lines: { t: number; line: string }[] = [];
  child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (chunk: string) => {
    if (options.echo) process.stderr.write(chunk);
    stderr = (stderr + chunk).slice(-STDERR_KEEP);
    const t = (performance.now() - started) / 1000;
    const parts = (partial + chunk).split(/[\r\n]/);
    partial = parts.pop() ?? '';
    for (const line of parts) {
      if (line && options.keepLines?.test(line) && lines.length < 10_000) lines.push({ t, line });
    }
  });
  const poller = method === 'proc-poll' && child.pid !== undefined ? new TreePoller(child.pid) : null;
  let timer: NodeJS.Timeout | undefined;
  if (options.timeoutSeconds) {
    timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutSeconds * 1000);
  }
  const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve) => {
    // a command that cannot start (not installed) is a result, exit 127 as a shell gives
    child.on('error', (err) => {
      stderr += `\ncannot run ${argv[0]}: ${err.message}\n`;
      resolve({ code: 127, signal: null });
    });
    child.on('close', (c, s) => resolve({ code: c, signal: s }));
  });
  const wall = (performance.now() - started) / 1000;
  clearTimeout(timer);
  poller?.stop();
  if (partial && options.keepLines?.test(partial)) lines.push({ t: wall, line: partial });

  let cpu: number | null = null;
  let peakMB: number | null = null;
  let exitCode = code;
  let sig = signal;
  if (method === 'gnu-time') {
    const report = existsSync(timeFile) ? readFileSync(timeFile, 'utf8') : '';
    rmSync(timeFile, { force: true });
    const field = (name: string): number | null => {
      const m = new RegExp(`${name}[^:]*:\\s*([0-9.]+)`).exec(report);
      return m ? Number(m[1]) : null;
    };
    const user = field('User time');
    const system = field('System time');
    cpu = user !== null && system !== null ? user + system : null;
    const rss = field('Maximum resident set size');
    peakMB = rss !== null ? rss / 1024 : null;
    const killed = /Command terminated by signal (\d+)/.exec(report);
    if (killed) {
      sig = `signal ${killed[1]}`;
      exitCode = null;
    }
  } else if (poller) {
    cpu = poller.cpuSeconds;
    peakMB = poller.peakKB / 1024;
  }
  return {
    command,
    wall,
    cpu,
    peakMB,
    exitCode,
    signal: sig,
    stdout: Buffer.concat(stdout).toString('utf8'),
    stderr,
    stderrLines: lines,
    method,
  };
}

/** polls /proc for a process tree's resident memory and CPU time */
class TreePoller {
  peakKB = 0;
  cpuSeconds: number | null = null;
  private readonly timer: NodeJS.Timeout;
  private readonly ticks = 100; // USER_HZ on Linux

  constructor(private readonly root: number) {
    this.timer = setInterval(() => this.poll(), 50);
    this.poll();
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private poll(): void {
    try {
      const tree = this.tree();
      let sum = 0;
      let cpuTicks = 0;
      for (const pid of tree) {
        const status = read(`/proc/${pid}/status`);
        if (!status) continue;
        sum += kb(status, 'VmRSS');
        if (pid === this.root) this.peakKB = Math.max(this.peakKB, kb(status, 'VmHWM'));
        const stat = read(`/proc/${pid}/stat`);
        if (stat) {
          // fields after the ")" of comm: state is field 3; utime 14, stime 15, cutime 16, cstime 17
          const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
          cpuTicks += Number(f[11]) + Number(f[12]) + (pid === this.root ? Number(f[13]) + Number(f[14]) : 0);
        }
      }
      this.peakKB = Math.max(this.peakKB, sum);
      if (tree.length) this.cpuSeconds = cpuTicks / this.ticks;
    } catch {
      // the process ended between two reads
    }
  }

  /** the root and its live descendants */
  private tree(): number[] {
    const parent = new Map<number, number[]>();
    for (const name of readdirSync('/proc')) {
      if (!/^\d+$/.test(name)) continue;
      const stat = read(`/proc/${name}/stat`);
      if (!stat) continue;
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = parent.get(ppid) ?? [];
      list.push(Number(name));
      parent.set(ppid, list);
    }
    const out: number[] = [];
    const stack = [this.root];
    while (stack.length) {
      const pid = stack.pop() as number;
      out.push(pid);
      stack.push(...(parent.get(pid) ?? []));
    }
    return out;
  }
}

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

function kb(status: string, field: string): number {
  const m = new RegExp(`^${field}:\\s*(\\d+)`, 'm').exec(status);
  return m ? Number(m[1]) : 0;
}

/** the last non-empty line of a text, for one-line error notes */
export function lastLine(text: string): string {
  const lines = text.split(/[\r\n]+/).filter((l) => l.trim() !== '');
  return (lines.at(-1) ?? '').trim();
}
