// model add, models, tokenize, encode, attention, providers: the CLI in-process
// against the real service (SQLite in a temp folder, onnxruntime on the CPU)
// with the fixture encoder, checked against its torch reference outputs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createService } from '../../../src-main/service/service.ts';
import { runCli } from '../../helpers/cli-in-process.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

const tmp = tempDir('embedlab-cli-enc-');
const db = join(tmp.dir, 'lab.sqlite');
afterAll(() => tmp.cleanup());
const fixture = sharedData('bert/fixture');
const ref = JSON.parse(readFileSync(join(fixture, 'reference.json'), 'utf8')) as {
  sentences: { text: string; tokens: string[]; input_ids: number[] }[];
  sentence_embeddings: number[][];
  first_sentence: { last_hidden_state: number[][]; attentions: number[][][][] };
};

function cli(...argv: string[]) {
  return runCli([...argv, '--db', db], { cwd: tmp.dir, createService });
}

function json<T = Record<string, unknown>>(r: { stdout: string; stderr: string; code: number }): T {
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout.trim().split('\n')).toHaveLength(1);
  return JSON.parse(r.stdout) as T;
}

/** the first stored text of the encoded run, as the corpus gives it (words joined by spaces) */
async function firstText(): Promise<string> {
  const p = json<{ points: { word: string }[] }>(
    await cli('project', 'tiny-sent', '--method', 'pca', '--dims', '2', '--words', '1', '--json'),
  );
  return p.points[0].word;
}

const maxDiff = (a: number[], b: number[]) => Math.max(...a.map((x, i) => Math.abs(x - b[i])));

describe('encoder commands', () => {
  it('registers a folder and lists it with what its files say', async () => {
    const added = json(await cli('model', 'add', fixture, '--name', 'tiny', '--json'));
    expect(added).toMatchObject({ name: 'tiny', hiddenSize: 32, layers: 2, heads: 2, maxLength: 512, pooling: 'mean' });
    const list = json<{ name: string }[]>(await cli('models', '--json'));
    expect(list.map((m) => m.name)).toEqual(['tiny']);
  });

  it('refuses a second model of the same name and a folder that is not an encoder', async () => {
    const again = await cli('model', 'add', fixture, '--name', 'tiny');
    expect(again.code).not.toBe(0);
    expect(again.stderr).toMatch(/an encoder named "tiny" already exists/);
    const bad = await cli('model', 'add', tmp.dir, '--name', 'empty');
    expect(bad.stderr).toMatch(/no model\.onnx/);
  });

  it('tokenize gives the reference ids, by name or by folder', async () => {
    for (const model of ['tiny', fixture]) {
      const out = json(await cli('tokenize', model, ref.sentences[1].text, '--json'));
      expect(out).toEqual({
        tokens: ref.sentences[1].tokens,
        ids: ref.sentences[1].input_ids,
        tokenTypeIds: ref.sentences[1].input_ids.map(() => 0),
        truncated: false,
      });
    }
  });

  it('tokenize a pair: token type ids 1 for the second text', async () => {
    const out = json<{ tokens: string[]; tokenTypeIds: number[] }>(
      await cli('tokenize', 'tiny', 'the cat', '--pair', 'a dog', '--json'),
    );
    expect(out.tokens).toEqual(['[CLS]', 'the', 'cat', '[SEP]', 'a', 'dog', '[SEP]']);
    expect(out.tokenTypeIds).toEqual([0, 0, 0, 0, 1, 1, 1]);
  });

  it('encode gives the reference sentence vectors (mean pooling, --normalize)', async () => {
    const texts = ref.sentences.map((s) => s.text);
    const out = json<{ vectors: number[][]; pooling: string; provider: string; truncated: boolean[] }>(
      await cli('encode', 'tiny', ...texts.flatMap((t) => ['--text', t]), '--normalize', '--json'),
    );
    expect(out.pooling).toBe('mean');
    expect(out.provider).toBe('cpu');
    expect(out.truncated).toEqual(texts.map(() => false));
    out.vectors.forEach((v, i) => expect(maxDiff(v, ref.sentence_embeddings[i])).toBeLessThan(1e-4));
  });

  it('encode --tokens adds each token’s last hidden state; --pooling cls takes the first', async () => {
    const out = json<{ vectors: number[][]; tokenVectors: number[][][] }>(
      await cli('encode', 'tiny', '--text', ref.sentences[0].text, '--tokens', '--pooling', 'cls', '--json'),
    );
    const rows = out.tokenVectors[0];
    rows.forEach((r, t) => expect(maxDiff(r, ref.first_sentence.last_hidden_state[t])).toBeLessThan(1e-4));
    expect(out.vectors[0]).toEqual(rows[0]);
  });

  it('encode marks a text cut to the model length', async () => {
    const out = json<{ truncated: boolean[] }>(await cli('encode', 'tiny', '--text', 'word '.repeat(600), '--json'));
    expect(out.truncated).toEqual([true]);
  });

  it('attention gives one layer and head as the reference', async () => {
    const out = json<{ tokens: string[]; weights: number[][] }>(
      await cli('attention', 'tiny', ref.sentences[0].text, '--layer', '1', '--head', '1', '--json'),
    );
    expect(out.tokens).toEqual(ref.sentences[0].tokens);
    expect(maxDiff(out.weights.flat(), ref.first_sentence.attentions[1][1].flat())).toBeLessThan(1e-4);
  });

  it('attention names the range when the layer does not exist', async () => {
    const r = await cli('attention', 'tiny', 'hi', '--layer', '7', '--head', '0');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/layer 7 is out of range: this model has layers 0 to 1/);
  });

  it('providers: the CPU here, every other provider skipped with a reason', async () => {
    const out = json<{ available: string[]; chosen: string; skipped: { name: string; reason: string }[] }>(
      await cli('providers', '--json'),
    );
    expect(out.chosen).toBe('cpu');
    expect(out.available).toEqual(['cpu']);
    for (const s of out.skipped) expect(s.reason.length).toBeGreaterThan(10);
    expect(out.skipped.map((s) => s.name)).toContain('cuda');
  });

  it('a forced provider that cannot run says why instead of falling back silently', async () => {
    const r = await cli('encode', 'tiny', '--text', 'hi', '--provider', 'cuda');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/execution provider cuda cannot be used here: /);
  });

  it('encode --corpus stores the sentences as a run that neighbors and project accept', async () => {
    expect((await cli('corpus', 'add', sharedData('corpus-tiny.txt'), '--name', 'tiny')).code).toBe(0);
    const out = json<{
      run: { name: string; method: string; vocabSize: number; dim: number; params: Record<string, unknown> };
    }>(await cli('encode', 'tiny', '--corpus', 'tiny', '--name', 'tiny-sent', '--limit', '200', '--json'));
    expect(out.run).toMatchObject({ name: 'tiny-sent', method: 'encoder', vocabSize: 200, dim: 32 });
    expect(out.run.params).toMatchObject({ model: 'tiny', unit: 'sentence', provider: 'cpu', pooling: 'mean' });
    const nb = json<{ results: { word: string }[] }>(
      await cli('neighbors', 'tiny-sent', out.run.name === 'tiny-sent' ? await firstText() : '', '-k', '3', '--json'),
    );
    expect(nb.results).toHaveLength(3);
    const proj = json<{ points: unknown[] }>(
      await cli('project', 'tiny-sent', '--method', 'pca', '--dims', '2', '--words', '50', '--json'),
    );
    expect(proj.points).toHaveLength(50);
  });

  it('the stored sentence vectors equal encoding the same text directly', async () => {
    const search = json<{ encoder: { word: string; score: number }[] }>(
      await cli('search', 'tiny-sent', 'bayesian', 'learning', 'is', 'a', 'model', '-k', '1', '--json'),
    );
    const best = search.encoder[0].word;
    const direct = json<{ vectors: number[][] }>(await cli('encode', 'tiny', '--text', best, '--json'));
    const again = json<{ encoder: { word: string; score: number }[] }>(
      await cli('search', 'tiny-sent', best, '-k', '1', '--json'),
    );
    expect(again.encoder[0].word).toBe(best);
    expect(again.encoder[0].score).toBeCloseTo(1, 5);
    expect(direct.vectors[0]).toHaveLength(32);
  });

  it('search --compare ranks the same texts by averaged word vectors', async () => {
    const trained = await cli(
      'train',
      '--corpus',
      'tiny',
      '--name',
      'w2v',
      '--min-count',
      '1',
      '--epochs',
      '1',
      '--dim',
      '20',
      '--json',
    );
    expect(trained.code).toBe(0);
    const out = json<{ encoder: unknown[]; averaged: { run: string; results: { word: string }[]; unknown: string[] } }>(
      await cli('search', 'tiny-sent', 'bayesian', 'learning', 'xyzzyq', '-k', '5', '--compare', 'w2v', '--json'),
    );
    expect(out.encoder).toHaveLength(5);
    expect(out.averaged.run).toBe('w2v');
    expect(out.averaged.results).toHaveLength(5);
    expect(out.averaged.unknown).toEqual(['xyzzyq']);
  });

  it('search on a word-vector run says what to do instead', async () => {
    const r = await cli('search', 'w2v', 'hello');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/holds word vectors, not encoded texts; encode a corpus first/);
  });

  it('contexts: a cloud of the word over its occurrences, beside its static neighbours', async () => {
    const out = json<{
      word: string;
      total: number;
      occurrences: { left: string[]; word: string; right: string[] }[];
      dims: number;
      coords: number[];
      explained: number[];
      static: { run: string; neighbors: { word: string }[] };
    }>(
      await cli(
        'contexts',
        'tiny',
        'State',
        '--corpus',
        'tiny',
        '--limit',
        '30',
        '--static',
        'w2v',
        '-k',
        '5',
        '--json',
      ),
    );
    expect(out.word).toBe('state');
    expect(out.total).toBeGreaterThan(30);
    expect(out.occurrences).toHaveLength(30);
    expect(out.occurrences.every((o) => o.word === 'state')).toBe(true);
    expect(out.coords).toHaveLength(60);
    expect(out.explained[0]).toBeGreaterThan(out.explained[1]);
    expect(out.static.neighbors).toHaveLength(5);
  });

  it('contexts of a word the corpus lacks names it', async () => {
    const r = await cli('contexts', 'tiny', 'xyzzyq', '--corpus', 'tiny');
    expect(r.stderr).toMatch(/unknown word: "xyzzyq"/);
  });
});
