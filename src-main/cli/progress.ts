// Job progress on stderr: a redrawn bar on a terminal, otherwise a plain line
// every few seconds, so logs of a long run stay readable.
import type { JobInfo, JobProgress } from '../../src-preload/contract.ts';
import { compact, duration } from './output.ts';

export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface Progress {
  update(job: JobInfo): void;
  finish(): void;
}

const redrawMs = 100;
const plainMs = 5000;
const barWidth = 24;

export function createProgress(stream: ProgressStream, label: string, now: () => number = Date.now): Progress {
  return stream.isTTY ? new Bar(stream, label, now) : new PlainLines(stream, label, now);
}

class Bar implements Progress {
  private last = 0;
  private drawn = false;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly now: () => number,
  ) {}

  update(job: JobInfo): void {
    const t = this.now();
    if (t - this.last < redrawMs || !job.progress) return;
    this.last = t;
    const p = job.progress;
    const line = `${this.label} ${bar(p)} ${describe(p).join('  ')}`;
    this.stream.write(`\r\x1b[2K${line.slice(0, (this.stream.columns ?? 100) - 1)}`);
    this.drawn = true;
  }

  finish(): void {
    if (this.drawn) this.stream.write('\r\x1b[2K');
  }
}

class PlainLines implements Progress {
  private last: number;

  constructor(
    private readonly stream: ProgressStream,
    private readonly label: string,
    private readonly now: () => number,
  ) {
    this.last = now();
  }

  update(job: JobInfo): void {
    const t = this.now();
    if (t - this.last < plainMs || !job.progress) return;
    this.last = t;
    this.stream.write(`${this.label}: ${percent(job.progress)} ${describe(job.progress).join(', ')}\n`);
  }

  finish(): void {}
}

function bar(p: JobProgress): string {
  const filled = p.total > 0 ? Math.round((Math.min(p.done, p.total) / p.total) * barWidth) : 0;
  return `[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}] ${percent(p)}`;
}

function percent(p: JobProgress): string {
  return p.total > 0 ? `${Math.floor((100 * p.done) / p.total)}%` : '';
}

function describe(p: JobProgress): string[] {
  const parts = [`${compact(p.done)}/${compact(p.total)} ${p.unit}`, `${compact(p.rate)} ${p.unit}/s`];
  if (p.epoch !== undefined) parts.push(`epoch ${p.epoch}`);
  if (p.loss !== undefined) parts.push(`loss ${p.loss.toFixed(4)}`);
  if (p.alpha !== undefined) parts.push(`alpha ${p.alpha.toFixed(5)}`);
  parts.push(`ETA ${duration(p.etaSeconds)}`);
  if (p.message) parts.push(p.message);
  return parts;
}
