import { expect, test } from 'vitest';
import { methodDefaults, methodParams } from '../../../src-preload/contract.ts';
import { TrainFormState } from './train-form.svelte.ts';

test('starts on skip-gram with gensim defaults', () => {
  const form = new TrainFormState();
  expect(form.method).toBe('sgns');
  expect(form.get('dim')).toBe(100);
  expect(form.get('window')).toBe(5);
  expect(form.get('maxVocab')).toBeNull();
});

test('switching method moves untouched knobs to the new defaults and keeps edited ones', () => {
  const form = new TrainFormState();
  form.set('dim', 20);
  form.set('epochs', 2);
  form.setMethod('glove');
  expect(form.get('dim')).toBe(20);
  expect(form.get('epochs')).toBe(2);
  expect(form.get('window')).toBe(methodDefaults.glove.window);
  expect(form.get('xMax')).toBe(10);
  expect(form.get('eta')).toBe(0.05);
  form.setMethod('fasttext');
  expect(form.get('dim')).toBe(20);
  expect(form.get('window')).toBe(5);
  expect(form.get('alpha')).toBe(0.05);
  expect(form.get('sample')).toBe(1e-4);
  expect(form.get('bucket')).toBe(2_000_000);
});

test("a learning rate typed for skip-gram is not GloVe's weighting exponent, and comes back", () => {
  const form = new TrainFormState();
  form.set('alpha', 0.03);
  form.setMethod('glove');
  expect(form.get('alpha')).toBe(0.75);
  form.set('alpha', 0.5);
  form.setMethod('cbow');
  expect(form.get('alpha')).toBe(0.03);
  form.setMethod('glove');
  expect(form.get('alpha')).toBe(0.5);
});

test('the params sent are exactly the method’s knobs', () => {
  const form = new TrainFormState();
  form.set('minn', 2); // not a skip-gram knob: kept in the form, not sent
  form.set('dim', 20);
  for (const method of ['sgns', 'cbow', 'fasttext', 'glove'] as const) {
    form.setMethod(method);
    const collected = form.collect();
    if (!('params' in collected)) throw new Error(collected.error);
    expect(Object.keys(collected.params).sort()).toEqual([...methodParams[method]].sort());
    expect(collected.params.dim).toBe(20);
  }
  form.setMethod('fasttext');
  const ft = form.collect();
  expect('params' in ft && ft.params.minn).toBe(2);
});

test('Reset defaults puts back every knob of the current method and forgets edits', () => {
  const form = new TrainFormState();
  form.set('dim', 20);
  form.set('hs', true);
  form.setMethod('cbow');
  form.reset();
  expect(form.get('dim')).toBe(100);
  expect(form.get('hs')).toBe(false);
  expect(form.touched('dim')).toBe(false);
  form.setMethod('glove');
  expect(form.get('dim')).toBe(50);
});

test('an invalid field is reported by name, with its key', () => {
  const form = new TrainFormState('glove');
  form.set('xMax', 0);
  expect(form.collect()).toEqual({ error: 'x_max: must be more than 0.', key: 'xMax' });
  form.set('xMax', null);
  expect(form.collect()).toEqual({ error: 'x_max: enter a number.', key: 'xMax' });
});
