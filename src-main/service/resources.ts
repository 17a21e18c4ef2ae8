// Where shipped resources live, and the code version recorded with each run.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';

/** the repository's (or the packaged app's) resources/ folder */
export function defaultResourcesDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'resources');
    if (existsSync(join(candidate, 'demo'))) return candidate;
    dir = resolve(dir, '..');
  }
  return join(process.cwd(), 'resources');
}

let version: string | undefined;

export function readVersion(): string {
  if (version) return version;
  try {
    const pkg = join(defaultResourcesDir(), '..', 'package.json');
    version = (JSON.parse(readFileSync(pkg, 'utf8')) as { version: string }).version;
  } catch {
    version = 'unknown';
  }
  return version;
}
