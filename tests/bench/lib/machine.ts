// What the numbers came from: the machine, the tools and their versions.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { cpus, loadavg, totalmem, release } from 'node:os';
import { repoRoot } from '../../helpers/paths.ts';
import { measureMethod, type MeasureMethod } from './measure.ts';

export const PYTHON = '/usr/bin/python3';
export const FASTTEXT = 'fasttext';

export interface Machine {
  date: string;
  cpu: string;
  cores: number;
  ramGB: number;
  kernel: string;
  node: string;
  /** null when gensim cannot be imported by /usr/bin/python3 */
  gensim: string | null;
  /** gensim's FAST_VERSION (-1 means the slow pure-Python path) */
  gensimFastVersion: number | null;
  /** the Debian package version, or null when fasttext is missing */
  fasttext: string | null;
  /** 1-minute load average when the bench started: above the core count, timings are inflated */
  loadAtStart: number;
  loadAtEnd?: number;
  measure: MeasureMethod;
  git: string | null;
}

export function describeMachine(): Machine {
  const cpuinfo = read('/proc/cpuinfo');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  const gensim = run(PYTHON, [
    '-c',
    'import gensim; from gensim.models.word2vec_inner import FAST_VERSION; print(gensim.__version__, FAST_VERSION)',
  ]);
  const [gensimVersion, fast] = gensim ? gensim.split(/\s+/) : [null, null];
  const fasttextPath = run('sh', ['-c', `command -v ${FASTTEXT}`]);
  const fasttextVersion = fasttextPath
    ? (run('dpkg-query', ['-W', '-f', '${Version}', 'fasttext']) ?? 'installed (version unknown)')
    : null;
  const head = run('git', ['-C', repoRoot, 'rev-parse', '--short', 'HEAD']);
  const dirty = run('git', ['-C', repoRoot, 'status', '--porcelain', '--untracked-files=no']);
  return {
    date: new Date().toISOString(),
    cpu: model,
    cores: cpus().length,
    ramGB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: release(),
    node: process.version,
    gensim: gensimVersion ?? null,
    gensimFastVersion: fast !== null && fast !== undefined ? Number(fast) : null,
    fasttext: fasttextVersion,
    loadAtStart: Math.round(loadavg()[0] * 100) / 100,
    measure: measureMethod(),
    git: head ? `${head}${dirty ? ' (with uncommitted changes)' : ''}` : null,
  };
}

function read(path: string): string {
  return existsSync(path) ? readFileSync(path, 'utf8') : '';
}

/** a command's trimmed stdout, or null when it fails */
function run(cmd: string, args: string[]): string | null {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 60_000 });
  return r.status === 0 ? r.stdout.trim() : null;
}
