// `embedlab train --graph-provider`: the real bin trains through the ONNX
// graph on the CPU provider (sgns and glove), stores the provider used and
// the skipped ones with their reasons in the run's params; a forced provider
// that cannot run here fails with its reason; auto without a GPU falls back
// to the CPU kernel and says so.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunInfo, Scored } from '../../../src-preload/contract.ts';
import { repoRoot, sharedData, tempDir } from '../../helpers/paths.ts';
import { runBin, type Ran } from '../../helpers/cli.ts';

const { dir, cleanup } = tempDir('embedlab-cli-graph-');
const db = join(dir, 'lab.sqlite');

function embedlab(...args: string[]): Promise<Ran> {
  return runBin([...args, '--db', db], { cwd: repoRoot });
}

const small = ['--corpus', 'tiny', '--dim', '16', '--threads', '1', '--min-count', '5', '--epochs', '2'];

interface GraphParams {
  requested: string;
  provider: string;
  skipped: { name: string; reason: string }[];
  batch?: number;
  weightsOnDevice?: boolean;
  note?: string;
}

function graphOf(stdout: string): { run: RunInfo; graph: GraphParams } {
  const { run } = JSON.parse(stdout) as { run: RunInfo };
  return { run, graph: run.params.graph as GraphParams };
}

describe('train --graph-provider', () => {
  beforeAll(async () => {
    const added = await embedlab('corpus', 'add', sharedData('corpus-tiny.txt'), '--name', 'tiny');
    expect(added.code, added.stderr).toBe(0);
  });
  afterAll(() => cleanup());

  it('cpu: skip-gram trains on the ONNX graph and the run records the provider and the skipped ones', async () => {
    const r = await embedlab('train', ...small, '--name', 'g', '--graph-provider', 'cpu', '--json');
    expect(r.code, r.stderr).toBe(0);
    const { run, graph } = graphOf(r.stdout);
    expect(run).toMatchObject({ status: 'done', method: 'sgns' });
    expect(run.params.graphProvider).toBe('cpu');
    expect(graph).toMatchObject({ requested: 'cpu', provider: 'cpu', weightsOnDevice: false });
    expect(graph.batch).toBeGreaterThan(0);
    expect(graph.note).toMatch(/slower than the CPU kernel/);
    // every provider this platform knows but CPU is listed with a reason
    for (const s of graph.skipped) expect(s.reason.length).toBeGreaterThan(10);
    expect(graph.skipped.map((s) => s.name)).toContain('cuda');
    // the vectors are there and answer queries
    const asked = await embedlab('neighbors', 'g', 'war', '-k', '3', '--json');
    expect(asked.code, asked.stderr).toBe(0);
    expect((JSON.parse(asked.stdout) as { results: Scored[] }).results).toHaveLength(3);
  });

  it('cpu: GloVe trains on the graph', async () => {
    const r = await embedlab(
      'train',
      ...small,
      '--method',
      'glove',
      '--name',
      'gg',
      '--graph-provider',
      'cpu',
      '--json',
    );
    expect(r.code, r.stderr).toBe(0);
    const { run, graph } = graphOf(r.stdout);
    expect(run).toMatchObject({ status: 'done', method: 'glove' });
    expect(graph).toMatchObject({ requested: 'cpu', provider: 'cpu' });
    expect(run.timings).toMatchObject({ nonZero: expect.any(Number) as number });
  });

  it('cuda, forced where it cannot run: refused with the reason before any run is made', async () => {
    const r = await embedlab('train', ...small, '--name', 'c', '--graph-provider', 'cuda');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/execution provider cuda cannot be used here: \S+/);
    const list = await embedlab('runs', '--json');
    const { runs } = JSON.parse(list.stdout) as { runs: { name: string }[] };
    expect(runs.map((x) => x.name)).not.toContain('c');
  });

  it('auto with no GPU provider trains with the CPU kernel and says why', async () => {
    const r = await embedlab('train', ...small, '--name', 'a', '--graph-provider', 'auto', '--json');
    expect(r.code, r.stderr).toBe(0);
    const { run, graph } = graphOf(r.stdout);
    expect(run.status).toBe('done');
    if (graph.provider === 'cpu-kernel') {
      expect(graph.note).toMatch(/no GPU execution provider/);
      expect(graph.skipped.map((s) => s.name)).toContain('cuda');
    } else expect(graph.provider).not.toBe('cpu');
  });

  it('the default stays the CPU kernel, and a bad value names the option', async () => {
    const r = await embedlab('train', ...small, '--name', 'd', '--json');
    expect(r.code, r.stderr).toBe(0);
    const { run, graph } = graphOf(r.stdout);
    expect(run.params.graphProvider).toBe('off');
    expect(graph).toBeUndefined();
    const bad = await embedlab('train', ...small, '--name', 'e', '--graph-provider', 'gpu');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--graph-provider/);
  });
});
