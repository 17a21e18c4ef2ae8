// The real bin as a child process: `node bin/embedlab.mjs ... --db <temp> --json`.
import { spawn } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CorpusInfo, RunInfo, Scored } from '../../../src-preload/contract.ts';
import { repoRoot, tempDir } from '../../helpers/paths.ts';
import { bin, runBin, type Ran } from '../../helpers/cli.ts';

let dir: string;
let cleanup: () => void;
let db: string;

beforeAll(() => {
  ({ dir, cleanup } = tempDir('embedlab-cli-'));
  db = join(dir, 'lab.sqlite');
});
afterAll(() => cleanup());

function embedlab(...args: string[]): Promise<Ran> {
  return embedlabIn(dir, ...args);
}

function embedlabIn(cwd: string, ...args: string[]): Promise<Ran> {
  return runBin(args, { cwd, env: { ...process.env, EMBEDDING_LAB_DB: join(dir, 'env.sqlite') } });
}

/** --json stdout must be exactly one JSON document */
function json<T>(r: Ran): T {
  expect(r.stdout.endsWith('\n')).toBe(true);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as T;
}

describe('usage', () => {
  it('help lists every command', async () => {
    const r = await embedlab('--help');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/embedlab corpus add PATH\.\.\. --name N \[--no-lowercase\]/);
    expect(r.stdout).toMatch(/embedlab serve \[--port 0\] \[--host 127\.0\.0\.1\]/);
  });

  it('an unknown option exits 2 with one line naming it', async () => {
    const r = await embedlab('runs', '--db', db, '--json', '--bogus');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('embedlab: unknown option --bogus (see: embedlab help runs)\n');
    expect(json(r)).toEqual({ error: { message: expect.stringContaining('--bogus') } });
  });

  it('an unknown command exits 2', async () => {
    const r = await embedlab('frobnicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^embedlab: unknown command "frobnicate"/);
  });
});

describe('commands on the real service', () => {
  it('runs: the built-in run with every RunInfo field', async () => {
    const r = await embedlab('runs', '--db', db, '--json');
    expect(r.code).toBe(0);
    const { runs } = json<{ runs: RunInfo[] }>(r);
    const lecture = runs.find((x) => x.name === 'lecture-coordinates');
    expect(lecture).toMatchObject({ status: 'done', error: null });
    for (const key of [
      'id',
      'name',
      'method',
      'corpus',
      'status',
      'params',
      'vocabSize',
      'dim',
      'createdAt',
      'startedAt',
      'finishedAt',
      'seconds',
      'error',
    ]) {
      expect(lecture).toHaveProperty(key);
    }
  });

  it('neighbors, analogy (3CosAdd and --raw), similarity', async () => {
    const near = json<{ results: Scored[] }>(
      await embedlab('neighbors', 'lecture-coordinates', 'king', '-k', '3', '--db', db, '--json'),
    );
    expect(near.results).toHaveLength(3);
    expect(near.results.map((s) => s.word)).not.toContain('king');
    const analogy = json<{ results: Scored[] }>(
      await embedlab('analogy', 'lecture-coordinates', 'king', 'man', 'woman', '--db', db, '--json'),
    );
    expect(analogy.results[0].word).toBe('princess');
    expect(analogy.results[0].score).toBeCloseTo(0.986, 2);
    const raw = json<{ results: Scored[] }>(
      await embedlab('analogy', 'lecture-coordinates', 'king', 'man', 'woman', '--raw', '--db', db, '--json'),
    );
    expect(raw.results[0].word).toBe('queen');
    expect(raw.results[0].score).toBeCloseTo(0.998, 2);
    const sim = json<{ score: number }>(
      await embedlab('similarity', 'lecture-coordinates', 'king', 'queen', '--db', db, '--json'),
    );
    expect(sim).toEqual({ score: expect.any(Number) });
  });

  it('prints tables without --json', async () => {
    const r = await embedlab('neighbors', 'lecture-coordinates', 'king', '-k', '2', '--db', db);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^#\s+word\s+score\n\s*1 {2}\S+\s+-?\d\.\d{3}\n\s*2 {2}\S+\s+-?\d\.\d{3}\n$/);
  });

  it('a service error exits 1: one line on stderr, a JSON error on stdout', async () => {
    const r = await embedlab('neighbors', 'lecture-coordinates', 'xyzzy', '--db', db, '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^embedlab: [^\n]*xyzzy[^\n]*\n$/);
    expect(json(r)).toEqual({ error: { message: expect.stringContaining('xyzzy') } });
  });

  it('corpus add, corpora, train', async () => {
    const file = join(dir, 'royal.txt');
    writeFileSync(file, 'the king and the queen rule the land\nthe prince and the princess ride out\n'.repeat(50));
    const added = await embedlabIn(repoRoot, 'corpus', 'add', file, '--name', 'royal', '--db', db, '--json');
    expect(added.code, added.stderr).toBe(0);
    expect(json<{ corpus: CorpusInfo }>(added).corpus).toMatchObject({
      name: 'royal',
      tokens: 750,
      files: 1,
      lowercase: true,
    });

    const { corpora } = json<{ corpora: CorpusInfo[] }>(await embedlab('corpora', '--db', db, '--json'));
    const royal = corpora.find((c) => c.name === 'royal');
    for (const key of ['id', 'name', 'source', 'files', 'tokens', 'sentences', 'vocabSize', 'lowercase', 'createdAt'])
      expect(royal).toHaveProperty(key);

    const trained = await embedlabIn(
      repoRoot,
      'train',
      '--corpus',
      'royal',
      '--method',
      'sgns',
      '--dim',
      '8',
      '--window',
      '2',
      '--negative',
      '2',
      '--min-count',
      '1',
      '--sample',
      '0',
      '--epochs',
      '1',
      '--threads',
      '1',
      '--seed',
      '1',
      '--name',
      'r1',
      '--db',
      db,
      '--json',
    );
    expect(trained.code, trained.stderr).toBe(0);
    expect(json<{ run: RunInfo }>(trained).run).toMatchObject({
      name: 'r1',
      method: 'sgns',
      status: 'done',
      corpus: 'royal',
      dim: 8,
    });
  });

  it('imports from a folder outside the checkout (workers must not resolve packages from the cwd)', async () => {
    const file = join(dir, 'elsewhere.txt');
    writeFileSync(file, 'a b c\n');
    const r = await embedlab('corpus', 'add', 'elsewhere.txt', '--name', 'elsewhere', '--db', db, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(json<{ corpus: CorpusInfo }>(r).corpus).toMatchObject({ name: 'elsewhere', tokens: 3 });
  });

  it('serve prints one URL line, guards the API, serves the page, and ends on SIGTERM', async () => {
    const child = spawn(process.execPath, [bin, 'serve', '--port', '0', '--db', db], { cwd: dir });
    let stdout = '';
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('\n')) resolve(stdout.split('\n')[0]);
      });
      child.on('exit', () => reject(new Error(`serve exited: ${stderr}`)));
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    try {
      expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
      const { origin, searchParams } = new URL(url);
      expect((await fetch(`${origin}/api/call/appInfo`, { method: 'POST' })).status).toBe(401);
      const info = await fetch(`${origin}/api/call/appInfo`, {
        method: 'POST',
        headers: { authorization: `Bearer ${searchParams.get('token')}` },
      });
      expect(await info.json()).toMatchObject({ result: { host: 'browser' } });
      const page = await fetch(url);
      if (existsSync(join(repoRoot, 'out', 'renderer', 'index.html'))) {
        expect(page.status).toBe(200);
        expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      } else {
        expect(page.status).toBe(404);
        expect(stderr).toMatch(/npm run build:renderer/);
      }
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(stdout).toBe(`${url}\n`);
  });
});
