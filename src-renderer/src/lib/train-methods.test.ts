import { describe, expect, test } from 'vitest';
import {
  methodDefaults,
  methodParams,
  resolveTrainParams,
  trainMethods,
  type TrainMethod,
} from '../../../src-preload/contract.ts';
import {
  checkKnob,
  collectParams,
  defaultValue,
  formGroups,
  knobSpec,
  METHODS,
  type Knob,
  type KnobValue,
} from './train-methods.ts';

const defaultsOf = (method: TrainMethod) => (key: Knob) => defaultValue(method, key);
const keysOf = (method: TrainMethod) => formGroups(method).flatMap((g) => g.knobs.map((k) => k.key));

test('every method of the contract is offered and selectable', () => {
  expect(METHODS.map((m) => m.id)).toEqual([...trainMethods]);
});

describe.each(trainMethods)('%s', (method) => {
  test('the form shows exactly the knobs the contract lists for it, each once', () => {
    const keys = keysOf(method);
    expect([...keys].sort()).toEqual([...methodParams[method]].sort());
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('prefilled with its defaults, sent as they are: what the host would resolve anyway', () => {
    const collected = collectParams(method, defaultsOf(method));
    expect(collected).toEqual({ params: resolveTrainParams(method, {}) });
  });

  test('every help line names the tool default', () => {
    for (const group of formGroups(method))
      for (const knob of group.knobs) expect(knob.help).toMatch(/(gensim|fastText|GloVe) default: \S+$/);
  });
});

test('groups follow the form layout; GloVe alpha is its weighting exponent, not a learning rate', () => {
  expect(formGroups('sgns').map((g) => g.title)).toEqual(['Model', 'Vocabulary', 'Optimisation', 'Reliability']);
  expect(formGroups('fasttext').map((g) => g.title)).toEqual([
    'Model',
    'Subwords',
    'Vocabulary',
    'Optimisation',
    'Reliability',
  ]);
  expect(formGroups('glove').map((g) => g.title)).toEqual([
    'Model',
    'GloVe',
    'Vocabulary',
    'Optimisation',
    'Reliability',
  ]);
  expect(
    formGroups('glove')
      .find((g) => g.title === 'GloVe')!
      .knobs.map((k) => k.key),
  ).toEqual(['xMax', 'alpha', 'eta', 'model']);
  expect(knobSpec('glove', 'alpha')).toMatchObject({ label: 'Weighting exponent', group: 'GloVe' });
  expect(knobSpec('glove', 'alpha').help).toMatch(/GloVe default: 0\.75$/);
  expect(knobSpec('sgns', 'alpha')).toMatchObject({ label: 'Learning rate', group: 'Optimisation' });
  expect(knobSpec('sgns', 'alpha').help).toMatch(/gensim default: 0\.025$/);
  expect(knobSpec('fasttext', 'alpha').help).toMatch(/fastText default: 0\.05$/);
  expect(knobSpec('glove', 'epochs').label).toBe('Iterations');
  expect(knobSpec('fasttext', 'bucket').help).toMatch(/fastText default: 2,000,000$/);
});

test('kinds and ranges come from the contract schema', () => {
  expect(knobSpec('sgns', 'dim')).toMatchObject({ kind: 'number', integer: true, min: 1, max: 2000 });
  expect(knobSpec('sgns', 'hs')).toMatchObject({ kind: 'boolean' });
  expect(knobSpec('sgns', 'hs').help).toMatch(/gensim default: off$/);
  expect(knobSpec('glove', 'model')).toMatchObject({ kind: 'choice', options: ['sum', 'word'] });
  expect(knobSpec('sgns', 'maxVocab')).toMatchObject({ kind: 'number', nullable: true });
  expect(knobSpec('sgns', 'maxVocab').help).toMatch(/gensim default: none$/);
  expect(knobSpec('sgns', 'checkpointEvery')).toMatchObject({ min: 0, max: undefined, group: 'Reliability' });
});

test('obviously wrong numbers are caught with the field named; empty max vocabulary means no cap', () => {
  const values = (over: Partial<Record<Knob, KnobValue>>) => (key: Knob) =>
    key in over ? (over[key] as KnobValue) : defaultValue('sgns', key);
  expect(collectParams('sgns', values({ dim: null }))).toEqual({ error: 'Dimensions: enter a number.', key: 'dim' });
  expect(collectParams('sgns', values({ sample: NaN }))).toEqual({ error: 'Sample: enter a number.', key: 'sample' });
  expect(collectParams('sgns', values({ dim: 0 }))).toEqual({ error: 'Dimensions: must be at least 1.', key: 'dim' });
  expect(collectParams('sgns', values({ window: 2.5 }))).toEqual({
    error: 'Window: must be a whole number.',
    key: 'window',
  });
  expect(collectParams('sgns', values({ alpha: 0 }))).toEqual({
    error: 'Learning rate: must be more than 0.',
    key: 'alpha',
  });
  expect(collectParams('sgns', values({ sample: 2 }))).toEqual({ error: 'Sample: must be at most 1.', key: 'sample' });
  expect(collectParams('sgns', values({ negative: -1 }))).toEqual({
    error: 'Negative samples: must be at least 0.',
    key: 'negative',
  });
  const capped = collectParams('sgns', values({ maxVocab: 50_000 }));
  expect('params' in capped && capped.params.maxVocab).toBe(50_000);
  const uncapped = collectParams('sgns', values({ maxVocab: null }));
  expect('params' in uncapped && uncapped.params.maxVocab).toBeNull();
  // what only the host can judge (minn > maxn, min-count vs the corpus) goes through
  expect(
    collectParams('fasttext', (k) => (k === 'minn' ? 6 : k === 'maxn' ? 3 : defaultValue('fasttext', k))),
  ).toHaveProperty('params');
  expect(checkKnob(knobSpec('glove', 'model'), 'both')).toBe('Output vectors: choose one of sum, word.');
});

test('defaults are read from the contract, never restated', () => {
  for (const method of trainMethods)
    for (const key of methodParams[method]) expect(defaultValue(method, key)).toEqual(methodDefaults[method][key]);
});
