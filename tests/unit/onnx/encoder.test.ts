// The encoder on the fixture model (onnxruntime CPU) against torch's outputs
// in reference.json: hidden states, attentions, pooled sentence vectors; and
// folders that do not fit, each refused with a message naming what is wrong.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Encoder } from '../../../src-main/core/onnx/encoder.ts';
import { inspectEncoderFolder } from '../../../src-main/core/onnx/folder.ts';
import { DataType, encodeModel } from '../../../src-main/core/onnx/proto.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';

const fixture = sharedData('bert/fixture');
const ref = JSON.parse(readFileSync(join(fixture, 'reference.json'), 'utf8')) as {
  sentences: { text: string }[];
  first_sentence: { last_hidden_state: number[][]; attentions: number[][][][] };
  sentence_embeddings: number[][];
  suggested_tolerance: number;
};
const tol = ref.suggested_tolerance;

function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  expect(a.length).toBe(b.length);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

describe('encoder on the fixture model', () => {
  let enc: Encoder;
  beforeAll(async () => {
    enc = await Encoder.open(fixture);
  });
  afterAll(() => enc.close());

  it('runs on the CPU provider here and reports it', () => {
    expect(enc.provider.chosen).toBe('cpu');
    expect(enc.provider.available).toContain('cpu');
  });

  it('gives the reference sentence vectors (mean pooling, L2-normalised) for a padded batch', async () => {
    const out = await enc.encode(
      ref.sentences.map((s) => s.text),
      { pooling: 'mean', normalize: true, batchSize: 32 },
    );
    out.vectors.forEach((v, i) => expect(maxDiff(v, ref.sentence_embeddings[i])).toBeLessThan(tol));
  });

  it('gives the same vectors batch by batch as all at once, in the caller’s order', async () => {
    const texts = ref.sentences.map((s) => s.text);
    const one = await enc.encode(texts, { batchSize: 1, normalize: true });
    const all = await enc.encode(texts, { batchSize: 4, normalize: true });
    one.vectors.forEach((v, i) => expect(maxDiff(v, all.vectors[i])).toBeLessThan(1e-5));
  });

  it('gives the first sentence’s last hidden state per token', async () => {
    const out = await enc.encode([ref.sentences[0].text, ref.sentences[5].text], { tokenVectors: true });
    const rows = out.tokenVectors![0];
    expect(rows).toHaveLength(ref.first_sentence.last_hidden_state.length);
    rows.forEach((r, t) => expect(maxDiff(r, ref.first_sentence.last_hidden_state[t])).toBeLessThan(tol));
  });

  it('pools CLS as the first token’s vector', async () => {
    const out = await enc.encode([ref.sentences[0].text], { pooling: 'cls', normalize: false, tokenVectors: true });
    expect(maxDiff(out.vectors[0], out.tokenVectors![0][0])).toBe(0);
  });

  it('gives each layer’s and head’s attention weights', async () => {
    expect(enc.hasAttentions).toBe(true);
    for (let layer = 0; layer < 2; layer++) {
      for (let head = 0; head < 2; head++) {
        const { tokens, weights } = await enc.attention(ref.sentences[0].text, null, layer, head);
        expect(tokens[0]).toBe('[CLS]');
        expect(maxDiff(weights.flat(), ref.first_sentence.attentions[layer][head].flat())).toBeLessThan(tol);
        weights.forEach((row) => expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 5));
      }
    }
  });

  it('refuses a layer or head the model does not have, naming the range', async () => {
    await expect(enc.attention('hi', null, 2, 0)).rejects.toThrow(
      'layer 2 is out of range: this model has layers 0 to 1',
    );
    await expect(enc.attention('hi', null, 0, 5)).rejects.toThrow(
      'head 5 is out of range: this model has heads 0 to 1',
    );
  });

  it('marks truncated texts and keeps them within the model length', async () => {
    const out = await enc.encode(['short', 'word '.repeat(700)]);
    expect(out.truncated).toEqual([false, true]);
    expect(out.tokens[1]).toHaveLength(512);
  });
});

describe('encoder folders that do not fit', () => {
  const tmp = tempDir('embedlab-enc-');
  afterAll(tmp.cleanup);
  let n = 0;
  function folder(files: Record<string, string | Uint8Array>, copy: string[] = []): string {
    const dir = join(tmp.dir, `f${n++}`);
    mkdirSync(dir, { recursive: true });
    for (const f of copy) copyFileSync(join(fixture, f), join(dir, f));
    for (const [name, body] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), body);
    }
    return dir;
  }

  it('names a missing model.onnx', () => {
    const dir = folder({}, ['config.json', 'vocab.txt']);
    expect(() => inspectEncoderFolder(dir)).toThrow(/no model\.onnx/);
  });

  it('names a missing config.json', () => {
    const dir = folder({}, ['model.onnx', 'vocab.txt']);
    expect(() => inspectEncoderFolder(dir)).toThrow('config.json is missing');
  });

  it('names a config without sizes', () => {
    const dir = folder({ 'config.json': '{"model_type":"bert"}' }, ['model.onnx', 'vocab.txt']);
    expect(() => inspectEncoderFolder(dir)).toThrow(/config\.json: no hidden size/);
  });

  it('reads CLS pooling, normalisation and max length from a sentence-transformers folder', () => {
    const dir = folder(
      {
        'modules.json': JSON.stringify([
          { idx: 0, name: '0', path: '', type: 'sentence_transformers.models.Transformer' },
          { idx: 1, name: '1', path: '1_Pooling', type: 'sentence_transformers.models.Pooling' },
          { idx: 2, name: '2', path: '2_Normalize', type: 'sentence_transformers.models.Normalize' },
        ]),
        '1_Pooling/config.json': JSON.stringify({ pooling_mode_cls_token: true, pooling_mode_mean_tokens: false }),
        'sentence_bert_config.json': JSON.stringify({ max_seq_length: 128, do_lower_case: false }),
      },
      ['model.onnx', 'vocab.txt', 'config.json', 'tokenizer.json', 'tokenizer_config.json'],
    );
    const f = inspectEncoderFolder(dir);
    expect([f.pooling, f.normalize, f.maxLength]).toEqual(['cls', true, 128]);
    expect(f.maxLengthFrom).toMatch(/sentence_bert_config/);
  });

  it('refuses pooling it cannot do', () => {
    const dir = folder({ '1_Pooling/config.json': '{"pooling_mode_max_tokens":true}' }, [
      'model.onnx',
      'vocab.txt',
      'config.json',
    ]);
    expect(() => inspectEncoderFolder(dir)).toThrow(/pooling pooling_mode_max_tokens is not supported/);
  });

  it('refuses a model whose inputs are not an encoder’s, naming them', async () => {
    const model = encodeModel({
      name: 'image',
      nodes: [{ op: 'Identity', inputs: ['pixel_values'], outputs: ['last_hidden_state'] }],
      inputs: [{ name: 'pixel_values', type: DataType.FLOAT, shape: ['b', 3] }],
      outputs: [{ name: 'last_hidden_state', type: DataType.FLOAT, shape: ['b', 3] }],
    });
    const dir = folder({ 'model.onnx': model }, ['vocab.txt', 'config.json']);
    await expect(Encoder.open(dir)).rejects.toThrow(/inputs pixel_values do not fit a BERT-family encoder/);
  });

  it('says when a file is not an ONNX model', async () => {
    const dir = folder({ 'model.onnx': 'not a model' }, ['vocab.txt', 'config.json']);
    await expect(Encoder.open(dir)).rejects.toThrow(/model\.onnx: onnxruntime cannot load it/);
  });
});
