// The CLI in-process against the fake service: parsing, output, exit codes.
// tests/integration/hosts/cli.test.ts runs the real bin against the real service.
import { EventEmitter } from 'node:events';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ServiceOptions } from '../../../src-main/service/types.ts';
import { createFakeService, lectureRun, type FakeService } from '../../helpers/fake-service.ts';
import { runCli, startCli } from '../../helpers/cli-in-process.ts';
import { tempDir } from '../../helpers/paths.ts';

let dir: string;
let cleanup: () => void;
let service: FakeService;
let opened: ServiceOptions[];
let signals: EventEmitter;

beforeEach(() => {
  ({ dir, cleanup } = tempDir());
  service = createFakeService({ stepMs: 2 });
  opened = [];
  signals = new EventEmitter();
});
afterEach(() => cleanup());

function cli(...argv: string[]) {
  return runCli(argv, {
    env: { EMBEDDING_LAB_DB: join(dir, 'env.sqlite') },
    cwd: dir,
    signals,
    createService: async (opts) => (opened.push(opts), service),
  });
}

describe('help', () => {
  it.each([[], ['help'], ['--help'], ['-h']])('%j prints every command', async (...argv) => {
    const r = await cli(...argv);
    expect(r.code).toBe(0);
    for (const name of ['corpus add', 'corpora', 'train', 'runs', 'neighbors', 'analogy', 'similarity', 'serve']) {
      expect(r.stdout).toContain(`embedlab ${name}`);
    }
    expect(opened).toEqual([]);
  });

  it('prints one command with --help', async () => {
    const r = await cli('train', '--help');
    expect(r.stdout).toMatch(/^embedlab train --corpus N --name RUN/);
  });
});

describe('queries', () => {
  it('lists runs as JSON and closes the service', async () => {
    const r = await cli('runs', '--json');
    expect(r.code).toBe(0);
    const runs = r.json().runs as { name: string; status: string }[];
    expect(runs.map((x) => x.name)).toContain(lectureRun);
    expect(Object.keys(runs[0]).sort()).toEqual(
      [
        'corpus',
        'createdAt',
        'dim',
        'error',
        'finishedAt',
        'id',
        'method',
        'name',
        'params',
        'seconds',
        'startedAt',
        'status',
        'timings',
        'vocabSize',
      ].sort(),
    );
    expect(service.closed).toBe(true);
    expect(opened).toEqual([{ dbPath: join(dir, 'env.sqlite'), host: 'cli' }]);
  });

  it('prints runs as an aligned table', async () => {
    const r = await cli('runs');
    const [header, row] = r.stdout.split('\n');
    expect(header).toMatch(/^name\s+method\s+status\s+corpus\s+vocab\s+dim\s+time\s+created$/);
    expect(row.slice(header.indexOf('method'))).toMatch(/^coordinates +done /);
  });

  it('resolves --db against the working folder', async () => {
    await cli('corpora', '--db', 'here.sqlite', '--json');
    expect(opened[0].dbPath).toBe(join(dir, 'here.sqlite'));
  });

  it('neighbors: -k, JSON and a table with scores to 3 decimals', async () => {
    const r = await cli('neighbors', lectureRun, 'king', '-k', '2', '--json');
    const results = r.json().results as { word: string }[];
    expect(results).toHaveLength(2);
    expect(results.map((x) => x.word)).not.toContain('king');
    const human = await cli('neighbors', lectureRun, 'king', '-k', '2');
    expect(human.stdout.trim().split('\n')).toHaveLength(3);
    expect(human.stdout).toMatch(/1 {2}\w+\s+\d\.\d{3}\n/);
  });

  it('analogy: results, or the raw sum with --raw', async () => {
    const r = await cli('analogy', lectureRun, 'king', 'man', 'woman', '--json');
    expect((r.json().results as { word: string }[])[0].word).toBe('princess');
    const raw = await cli('analogy', lectureRun, 'king', 'man', 'woman', '--raw', '--json');
    expect((raw.json().results as { word: string }[])[0].word).toBe('queen');
    expect(service.calls.at(-1)).toEqual({
      method: 'analogy',
      args: { run: lectureRun, a: 'king', b: 'man', c: 'woman', k: 10 },
    });
  });

  it('similarity', async () => {
    const r = await cli('similarity', lectureRun, 'king', 'queen', '--json');
    expect(r.json()).toEqual({ score: expect.any(Number) });
    expect((await cli('similarity', lectureRun, 'king', 'queen')).stdout).toMatch(/= \d\.\d{3}\n$/);
  });
});

describe('errors', () => {
  it('an unknown option is a usage error naming it', async () => {
    const r = await cli('runs', '--frobnicate', '--json');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('embedlab: unknown option --frobnicate (see: embedlab help runs)\n');
    expect(r.json()).toEqual({ error: { message: expect.stringContaining('--frobnicate') } });
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['corpus', 'remove'], /unknown subcommand "remove"/],
    [['neighbors', lectureRun], /missing WORD/],
    [['similarity', lectureRun, 'a', 'b', 'c'], /unexpected argument "c"/],
    [['neighbors', lectureRun, 'king', '-k', 'ten'], /-k expects a number|--k expects a number/],
    [['neighbors', lectureRun, 'king', '-k', '0'], /neighbors: k: /],
    [['neighbors', lectureRun, 'king', '-k'], /needs a value/],
    [['runs', '--json=yes'], /takes no value/],
    // a negative number is the option's value, not another option
    [['project', lectureRun, '--method', 'umap', '--min-dist', '-1'], /--min-dist: min-dist must be 0 or more/],
    [['train', '--name', 'r'], /--corpus is required/],
  ])('%j → exit 2', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(r.stdout).toBe('');
  });

  it('a service error exits 1 with one line, and a JSON error with --json', async () => {
    const r = await cli('neighbors', lectureRun, 'xyzzy', '--json');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^embedlab: "xyzzy" is not in the vocabulary[^\n]*\n$/);
    expect(r.json()).toEqual({ error: { message: expect.stringContaining('xyzzy') } });
    expect(service.closed).toBe(true);
  });
});

describe('corpus add and train', () => {
  function corpusFile(): string {
    const file = join(dir, 'a.txt');
    writeFileSync(file, 'the cat sat\non the mat\n');
    return file;
  }

  it('imports files by path and prints the corpus', async () => {
    corpusFile();
    const r = await cli('corpus', 'add', 'a.txt', '--name', 'cats', '--json');
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ corpus: expect.objectContaining({ name: 'cats', tokens: 6, files: 1 }) });
    expect(service.calls[0]).toEqual({
      method: 'importPaths',
      args: { name: 'cats', paths: [join(dir, 'a.txt')], lowercase: true },
    });
    const corpora = await cli('corpora', '--json');
    expect((corpora.json().corpora as { name: string }[]).map((c) => c.name)).toEqual(['cats']);
  });

  it('--no-lowercase', async () => {
    await cli('corpus', 'add', corpusFile(), '--name', 'cats', '--no-lowercase');
    expect(service.calls[0].args).toMatchObject({ lowercase: false });
  });

  it('trains, passing only the given parameters, and prints the run', async () => {
    await cli('corpus', 'add', corpusFile(), '--name', 'cats');
    const r = await cli(
      'train',
      '--corpus',
      'cats',
      '--name',
      'r1',
      '--dim',
      '8',
      '--min-count',
      '1',
      '--sample',
      '1e-4',
      '--epochs',
      '2',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(r.json()).toEqual({ run: expect.objectContaining({ name: 'r1', status: 'done', corpus: 'cats' }) });
    const call = service.calls.find((c) => c.method === 'train');
    expect(call?.args).toMatchObject({
      corpus: 'cats',
      name: 'r1',
      method: 'sgns',
      params: { dim: 8, minCount: 1, sample: 1e-4, epochs: 2 },
    });
  });

  it('names the option in a bad parameter', async () => {
    const r = await cli('train', '--corpus', 'cats', '--name', 'r1', '--min-count', '0');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^embedlab: train: --min-count: /);
  });

  it('a failed run exits 1 and still reports the run', async () => {
    const r = await cli('train', '--corpus', 'broken', '--name', 'r2', '--json');
    expect(r.code).toBe(1);
    expect(r.json()).toEqual({
      run: expect.objectContaining({ name: 'r2', status: 'failed' }),
      error: { message: expect.stringMatching(/^run r2 failed: /) },
    });
    expect(r.stderr).toMatch(/^embedlab: run r2 failed: .*\n$/);
  });

  it('Ctrl-C cancels the job, waits for it, and exits 130', async () => {
    await cli('corpus', 'add', corpusFile(), '--name', 'cats');
    const off = service.on('job', ({ job }) => {
      if (job.kind === 'train' && job.progress?.done === 2) {
        off();
        signals.emit('SIGINT');
      }
    });
    const r = await cli('train', '--corpus', 'cats', '--name', 'long', '--epochs', '1000', '--json');
    expect(r.code).toBe(130);
    expect(service.calls.map((c) => c.method)).toContain('cancelJob');
    expect(r.json()).toMatchObject({ run: { name: 'long', status: 'cancelled' } });
    expect(r.stderr).toMatch(/cancelling train long/);
    expect(signals.listenerCount('SIGINT')).toBe(0);
  });
});

describe('serve', () => {
  it('prints one URL line, serves until SIGTERM, then closes', async () => {
    const { stdout, done, started } = startCli(['serve', '--port', '0'], {
      cwd: dir,
      signals,
      createService: async (opts) => (opened.push(opts), service),
    });
    await started;
    const url = stdout.text.trim();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[0-9a-f]{64}$/);
    expect(opened[0].host).toBe('browser');
    const { origin } = new URL(url);
    expect((await fetch(`${origin}/api/call/appInfo`, { method: 'POST' })).status).toBe(401);
    expect(
      (await fetch(`${origin}/api/call/appInfo?token=${new URL(url).searchParams.get('token')}`, { method: 'POST' }))
        .status,
    ).toBe(200);
    signals.emit('SIGTERM');
    expect(await done).toBe(0);
    expect(stdout.text).toBe(`${url}\n`);
    expect(service.closed).toBe(true);
    expect(signals.listenerCount('SIGTERM')).toBe(0);
  });

  it('refuses a bad port', async () => {
    const r = await cli('serve', '--port', '70000');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--port must be 0\.\.65535/);
  });
});
