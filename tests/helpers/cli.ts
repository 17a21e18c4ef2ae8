// Running the real `bin/embedlab.mjs` as scripts do: a child process, its exit
// code and both streams; and the one-JSON-document rule of --json.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { expect } from 'vitest';
import { repoRoot } from './paths.ts';

export const bin = join(repoRoot, 'bin', 'embedlab.mjs');

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function runBin(args: string[], opts: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: opts.cwd, env: opts.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** --json: exactly one JSON document on stdout */
export function oneJson<T>(r: { stdout: string }): T {
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as T;
}
