// Test data lives beside the repository in ../shared/data (a copy is laid there in CI).
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';

export const repoRoot = resolve(fileURLToPath(new URL('../..', import.meta.url)));

export function sharedData(file: string): string {
  return resolve(repoRoot, '..', 'shared', 'data', file);
}

/** a fresh temporary folder; call the returned cleanup in afterEach/afterAll */
export function tempDir(prefix = 'embedlab-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(resolve(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
