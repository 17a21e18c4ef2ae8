import { describe, expect, it } from 'vitest';
import type { EncoderModelInfo } from '../../../src-preload/contract.ts';
import {
  AttentionPanel,
  EncoderModels,
  SimilarityPanel,
  ContextsPanel,
  CorpusEncodePanel,
  SearchPanel,
  TokenizerPanel,
} from './encoder.svelte.ts';
import { createFakeLab, deferred } from './testing/fake-lab.ts';

const model: EncoderModelInfo = {
  name: 'tiny',
  dir: '/m/tiny',
  modelType: 'bert',
  hiddenSize: 2,
  layers: 2,
  heads: 4,
  maxLength: 16,
  maxLengthFrom: 'config.json',
  pooling: 'mean',
  poolingFrom: 'default',
  normalize: false,
  tokenizerFile: 'vocab.txt',
  hasAttentions: true,
  createdAt: '2026-01-01T00:00:00.000Z',
};

const encodeOf = (texts: string[]) => ({
  vectors: texts.map((t) => (t.includes('river') ? Float32Array.of(1, 0) : Float32Array.of(1, 1))),
  pooling: 'mean' as const,
  normalized: false,
  provider: 'cpu' as const,
  truncated: texts.map(() => false),
  tokens: texts.map((t) => t.split(' ')),
});

describe('EncoderModels', () => {
  it('loads the models, selects the first, and checks the provider the setting gets', async () => {
    const fake = createFakeLab({ encoders: () => [model], encode: ({ texts }) => encodeOf(texts) });
    const models = new EncoderModels(fake.lab);
    await models.load();
    expect(models.current?.name).toBe('tiny');
    await models.checkProvider();
    expect(models.check.result).toBe('cpu');
    expect(fake.argsOf('encode')[0]).toMatchObject({ model: 'tiny', provider: 'auto' });
  });

  it('shows the host’s error when a forced provider cannot run', async () => {
    const fake = createFakeLab({
      encoders: () => [model],
      encode: ({ provider }) => {
        if (provider === 'cuda') throw new Error('cuda: its libraries were not installed');
        return encodeOf(['x']);
      },
    });
    const models = new EncoderModels(fake.lab);
    await models.load();
    await models.setProvider('cuda');
    expect(models.check.result).toBeNull();
    expect(models.check.error).toBe('cuda: its libraries were not installed');
    await models.setProvider('auto');
    expect(models.check).toMatchObject({ result: 'cpu', error: null });
  });

  it('adds a picked folder and selects it; a cancelled dialog adds nothing', async () => {
    let list = [model];
    let dialog: { pickId: string; dir: string } | null = { pickId: 'a'.repeat(32), dir: '/m/mini' };
    const fake = createFakeLab({
      encoders: () => list,
      encode: ({ texts }) => encodeOf(texts),
      pickEncoderFolder: () => dialog,
      addEncoder: ({ name }) => {
        const added = { ...model, name, dir: '/m/mini' };
        list = [...list, added];
        return added;
      },
    });
    const models = new EncoderModels(fake.lab);
    await models.load();
    expect(await models.pickAndAdd('  mini ')).toMatchObject({ name: 'mini' });
    expect(fake.argsOf('addEncoder')).toEqual([{ pickId: 'a'.repeat(32), name: 'mini' }]);
    expect(models.selected).toBe('mini');
    dialog = null;
    expect(await models.pickAndAdd('other')).toBeNull();
    expect(fake.argsOf('addEncoder')).toHaveLength(1);
    expect(await models.pickAndAdd(' ')).toBeNull();
    expect(models.adding.error).toMatch(/name/);
  });

  it('passes a folder error on verbatim', async () => {
    const fake = createFakeLab({
      encoders: () => [],
      pickEncoderFolder: () => ({ pickId: 'b'.repeat(32), dir: '/x' }),
      addEncoder: () => {
        throw new Error("Error invoking remote method 'lab:addEncoder': EncoderFolderError: /x: no model.onnx");
      },
    });
    const models = new EncoderModels(fake.lab);
    expect(await models.pickAndAdd('x')).toBeNull();
    expect(models.adding.error).toBe('/x: no model.onnx');
  });
});

describe('panels', () => {
  it('tokenizes with the pair only when one is given', async () => {
    const fake = createFakeLab({ tokenize: () => ({ tokens: [], ids: [], tokenTypeIds: [], truncated: false }) });
    const p = new TokenizerPanel(fake.lab);
    p.text = 'a b';
    await p.tokenize('tiny');
    p.pair = ' c ';
    await p.tokenize('tiny');
    expect(fake.argsOf('tokenize')).toEqual([
      { model: 'tiny', text: 'a b' },
      { model: 'tiny', text: 'a b', pair: 'c' },
    ]);
  });

  it('compares sentences by the encoder and by averaged word vectors', async () => {
    const fake = createFakeLab({
      encode: ({ texts }) => encodeOf(texts),
      sentenceSimilarity: ({ a, b }) => {
        if (a.startsWith('zzz') || b.startsWith('zzz')) throw new Error('no known word');
        return { score: 0.5, unknown: ['cheque'], words: { a: [], b: [] } };
      },
    });
    const p = new SimilarityPanel(fake.lab);
    p.text = 'the river\nthe bank\nzzz';
    p.wordRun = 'demo-sgns';
    await p.compare('tiny', 'cpu');
    const r = p.asked.result!;
    expect(r.encoder[0][1]).toBeCloseTo(Math.SQRT1_2, 6);
    expect(r.averaged!.matrix).toEqual([
      [1, 0.5, null],
      [0.5, 1, null],
      [null, null, 1],
    ]);
    expect(r.averaged!.unknown).toEqual(['cheque']);
    expect(fake.argsOf('sentenceSimilarity')).toHaveLength(3);
    expect(fake.argsOf('encode')[0]).toMatchObject({ provider: 'cpu', texts: ['the river', 'the bank', 'zzz'] });
  });

  it('asks for two to eight sentences before calling the host', async () => {
    const fake = createFakeLab({});
    const p = new SimilarityPanel(fake.lab);
    p.text = 'only one';
    await p.compare('tiny', 'auto');
    expect(p.asked.error).toMatch(/at least two/);
    p.text = Array.from({ length: 9 }, (_, i) => `s${i}`).join('\n');
    await p.compare('tiny', 'auto');
    expect(p.asked.error).toMatch(/At most 8/);
    expect(fake.calls).toEqual([]);
  });

  it('bounds layer and head by the model, and says when the export has no attentions', async () => {
    const fake = createFakeLab({
      attention: ({ layer, head }) => ({ tokens: ['a'], weights: [[1]], layer, head }),
    });
    const p = new AttentionPanel(fake.lab);
    p.layer = 7;
    p.head = -3;
    await p.show(model);
    expect(fake.argsOf('attention')[0]).toMatchObject({ layer: 1, head: 0 });
    await p.show({ ...model, hasAttentions: false });
    expect(p.asked.error).toMatch(/without attention outputs/);
    expect(fake.argsOf('attention')).toHaveLength(1);
  });

  it('keeps only the latest answer when an older one arrives late', async () => {
    const slow = deferred<{ tokens: string[]; ids: number[]; tokenTypeIds: number[]; truncated: boolean }>();
    let n = 0;
    const fake = createFakeLab({
      tokenize: () => (n++ === 0 ? slow.promise : { tokens: ['new'], ids: [1], tokenTypeIds: [0], truncated: false }),
    });
    const p = new TokenizerPanel(fake.lab);
    const first = p.tokenize('tiny');
    await p.tokenize('tiny');
    slow.resolve({ tokens: ['old'], ids: [0], tokenTypeIds: [0], truncated: false });
    await first;
    expect(p.asked.result?.tokens).toEqual(['new']);
  });

  it('asks for a contexts cloud with the static run, and a search with its comparison', async () => {
    const fake = createFakeLab({
      contexts: ({ word }) => ({
        word,
        total: 1,
        occurrences: [],
        dims: 2,
        coords: new Float32Array(0),
        explained: [],
        lost: 0,
        static: null,
      }),
      semanticSearch: () => ({ encoder: [], truncated: false }),
    });
    const c = new ContextsPanel(fake.lab);
    c.corpus = 'demo';
    c.word = ' gold ';
    c.staticRun = 'sg';
    await c.show('tiny');
    expect(fake.argsOf('contexts')[0]).toEqual({
      model: 'tiny',
      corpus: 'demo',
      word: 'gold',
      limit: 200,
      dims: 2,
      staticRun: 'sg',
    });
    const s = new SearchPanel(fake.lab);
    s.run = 'enc';
    s.query = 'gold standard';
    await s.search();
    expect(fake.argsOf('semanticSearch')[0]).toEqual({
      run: 'enc',
      query: 'gold standard',
      k: 10,
      compareWith: undefined,
    });
  });

  it('starts a corpus encoding and suggests a free run name', async () => {
    const fake = createFakeLab({ encodeCorpus: ({ name }) => ({ jobId: 'j1', run: name }) });
    const p = new CorpusEncodePanel(fake.lab);
    p.corpus = 'demo';
    expect(p.suggestName('tiny', ['demo-tiny-sentences'])).toBe('demo-tiny-sentences-2');
    p.name = 'enc';
    await p.start('tiny', 'auto');
    expect(p).toMatchObject({ jobId: 'j1', run: 'enc', error: null });
    expect(fake.argsOf('encodeCorpus')[0]).toMatchObject({ model: 'tiny', corpus: 'demo', unit: 'sentence' });
  });
});
