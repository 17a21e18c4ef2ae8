import { expect, test } from 'vitest';
import { sgnsParamsSchema } from '../../../src-preload/contract.ts';
import { collectParams, defaults, methodSpec, METHODS } from './train-methods.ts';

const sgns = methodSpec('sgns')!;

test('the form defaults are the contract defaults', () => {
  expect(defaults(sgns)).toEqual(sgnsParamsSchema.parse({}));
});

test('only sgns is selectable for now, the others are listed', () => {
  expect(METHODS.filter((m) => m.available).map((m) => m.id)).toEqual(['sgns']);
  expect(METHODS.map((m) => m.id)).toEqual(['sgns', 'cbow', 'fasttext', 'glove']);
});

test('collectParams asks for empty fields and leaves ranges to the host', () => {
  const ok = collectParams(sgns, defaults(sgns));
  expect(ok).toEqual({ params: defaults(sgns) });
  expect(collectParams(sgns, { ...defaults(sgns), dim: null })).toEqual({ error: 'Dimensions: enter a number.' });
  expect(collectParams(sgns, { ...defaults(sgns), sample: NaN })).toEqual({ error: 'Sample: enter a number.' });
  expect(collectParams(sgns, { ...defaults(sgns), dim: 0 })).toEqual({ params: { ...defaults(sgns), dim: 0 } });
});
