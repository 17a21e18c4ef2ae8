import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../..', import.meta.url));

describe('sgns.wasm', () => {
  it('is what the AssemblyScript sources compile to (rebuild with node scripts/build-kernels.mjs)', () => {
    const out = execFileSync(process.execPath, ['scripts/build-kernels.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(out).toContain('up to date');
  });
});
