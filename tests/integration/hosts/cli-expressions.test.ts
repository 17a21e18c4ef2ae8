// expr, odd-one-out and kwic: the CLI in-process against the real service
// (SQLite in a temp folder, the demo corpus imported and trained on).
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService } from '../../../src-main/service/service.ts';
import { oneJson } from '../../helpers/cli.ts';
import { runCli } from '../../helpers/cli-in-process.ts';
import { repoRoot, tempDir } from '../../helpers/paths.ts';

const tmp = tempDir('embedlab-cli-expr-');
const db = join(tmp.dir, 'lab.sqlite');
afterAll(() => tmp.cleanup());

function cli(...argv: string[]) {
  // --db before a `--`: everything after it is positional
  const end = argv.includes('--') ? argv.indexOf('--') : argv.length;
  return runCli([...argv.slice(0, end), '--db', db, ...argv.slice(end)], { cwd: tmp.dir, createService });
}

interface Scored {
  word: string;
  score: number;
}

describe('embedlab expr', () => {
  it('--json: results as written, mul by 3CosMul, the terms; queen and princess on the lecture run', async () => {
    const r = await cli('expr', 'lecture-coordinates', 'king - man + woman', '-k', '3', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = oneJson<{ results: Scored[]; mul: Scored[]; terms: unknown[] }>(r);
    expect(Object.keys(doc)).toEqual(['results', 'mul', 'terms']);
    expect(doc.results).toHaveLength(3);
    expect(doc.results[0]).toEqual({ word: 'queen', score: expect.closeTo(0.998, 3) });
    expect(doc.mul[0]).toEqual({ word: 'princess', score: expect.any(Number) });
    expect(doc.terms).toEqual([
      { word: 'king', weight: 1 },
      { word: 'man', weight: -1 },
      { word: 'woman', weight: 1 },
    ]);
  });

  it('--normalize sums unit vectors, as gensim: princess first', async () => {
    const r = await cli('expr', 'lecture-coordinates', 'king - man + woman', '--normalize', '--json');
    expect(oneJson<{ results: Scored[] }>(r).results[0].word).toBe('princess');
  });

  it('takes the expression unquoted, or after -- when it starts with a minus; mul is [] for other forms', async () => {
    const bare = oneJson<{ results: Scored[] }>(
      await cli('expr', 'lecture-coordinates', 'king', '-', 'man', '+', 'woman', '--json'),
    );
    expect(bare.results[0].word).toBe('queen');
    const r = await cli('expr', 'lecture-coordinates', '--json', '-k', '2', '--', '-man + 0.5*woman');
    expect(r.code, r.stderr).toBe(0);
    const doc = oneJson<{ results: Scored[]; mul: Scored[]; terms: unknown[] }>(r);
    expect(doc.terms).toEqual([
      { word: 'man', weight: -1 },
      { word: 'woman', weight: 0.5 },
    ]);
    expect(doc.results).toHaveLength(2);
    expect(doc.mul).toEqual([]);
  });

  it('prints both rankings side by side', async () => {
    const r = await cli('expr', 'lecture-coordinates', 'king - man + woman', '-k', '2');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^king − man \+ woman\n#\s+word\s+cosine\s+3CosMul\s+score\n1\s+queen\s+0\.998\s+princess\s+1\.051\n2 /,
    );
  });

  it('an unknown word or a malformed expression: exit 1, one line naming it', async () => {
    const unknown = await cli('expr', 'lecture-coordinates', 'king-man + woman', '--json');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toBe(
      'embedlab: unknown word: "king-man" (column 1); to subtract, put spaces around the minus: king - man\n',
    );
    expect(oneJson(unknown)).toEqual({ error: { message: expect.stringContaining('"king-man"') } });
    const bad = await cli('expr', 'lecture-coordinates', '0.5 king');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('embedlab: a weight needs "*": write 0.5*king, not 0.5 king (column 5)\n');
  });
});

describe('embedlab odd-one-out', () => {
  it('--json: the word and every word’s cosine to the mean', async () => {
    const r = await cli('odd-one-out', 'lecture-coordinates', 'king', 'queen', 'prince', 'girl', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = oneJson<{ word: string; scores: Scored[] }>(r);
    expect(Object.keys(doc)).toEqual(['word', 'scores']);
    expect(doc.scores.map((s) => s.word)).toEqual(['king', 'queen', 'prince', 'girl']);
    expect(doc.scores.map((s) => s.word)).toContain(doc.word);
  });

  it('needs three words', async () => {
    const r = await cli('odd-one-out', 'lecture-coordinates', 'king', 'queen');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('embedlab: oddOneOut: words: give at least 3 words\n');
  });
});

describe('embedlab kwic on the demo corpus', () => {
  beforeAll(async () => {
    const added = await cli('corpus', 'add', join(repoRoot, 'resources', 'demo', 'corpus.txt'), '--name', 'demo');
    expect(added.code, added.stderr).toBe(0);
    const trained = await cli(
      ...'train --corpus demo --name d --dim 8 --epochs 1 --threads 1 --min-count 5'.split(' '),
    );
    expect(trained.code, trained.stderr).toBe(0);
  });

  it('--json: {word, corpus, count, keepProbability, sample, lines: [{left, word, right}]}', async () => {
    const r = await cli('kwic', 'd', 'Government', '-n', '3', '--width', '4', '--json');
    expect(r.code, r.stderr).toBe(0);
    const doc = oneJson<{ lines: { left: string; word: string; right: string }[]; keepProbability: number }>(r);
    expect(Object.keys(doc)).toEqual(['word', 'corpus', 'count', 'keepProbability', 'sample', 'lines']);
    expect(doc).toMatchObject({ word: 'government', corpus: 'demo', count: expect.any(Number), sample: 0.001 });
    expect(doc.keepProbability).toBeGreaterThan(0);
    expect(doc.keepProbability).toBeLessThanOrEqual(1);
    expect(doc.lines).toHaveLength(3);
    for (const line of doc.lines) {
      expect(Object.keys(line)).toEqual(['left', 'word', 'right']);
      expect(line.word).toBe('government');
      expect(line.left.split(' ').length).toBeLessThanOrEqual(4);
      expect(line.right.split(' ').length).toBeLessThanOrEqual(4);
    }
  });

  it('prints the lines aligned on the word, after its count', async () => {
    const r = await cli('kwic', 'd', 'government', '-n', '2');
    expect(r.code, r.stderr).toBe(0);
    const [heading, ...lines] = r.stdout.trimEnd().split('\n');
    expect(heading).toMatch(/^"government": \d+ in corpus demo, kept with probability 0\.\d{3} \(sample 0\.001\)$/);
    expect(lines).toHaveLength(2);
    expect(new Set(lines.map((l) => l.indexOf('  government  '))).size).toBe(1);
  });

  it('a run without a corpus: exit 1, one line', async () => {
    const r = await cli('kwic', 'lecture-coordinates', 'king');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^embedlab: run "lecture-coordinates" was not trained on a corpus here[^\n]*\n$/);
  });
});

describe('help', () => {
  it('lists the commands with their options', async () => {
    const r = await cli('help');
    expect(r.stdout).toContain('embedlab expr RUN EXPR... [-k 10] [--normalize]');
    expect(r.stdout).toContain('embedlab odd-one-out RUN WORD...');
    expect(r.stdout).toContain('embedlab kwic RUN WORD [-n 20] [--width 8]');
    expect(r.stdout).toMatch(
      /kwic[^\n]*\n[^\n]*--json: \{word, corpus, count, keepProbability, sample, lines: \[\{left, word, right\}\]\}/,
    );
  });
});
