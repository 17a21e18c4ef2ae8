import { expect, test } from 'vitest';
import { describePhase, progressLabels } from './train-progress.ts';

test("GloVe's phases read as steps with the unit they count", () => {
  expect(describePhase('cooccur: tokens')).toEqual({
    label: 'Counting co-occurrences',
    unit: 'tokens',
    step: 1,
    steps: 3,
  });
  expect(describePhase('shuffle: records')).toMatchObject({ label: 'Shuffling co-occurrences', step: 2 });
  expect(describePhase('train: records')).toMatchObject({ label: 'Training', unit: 'records', step: 3 });
});

test('any other message is shown verbatim; none is nothing', () => {
  expect(describePhase('building the Huffman tree')).toEqual({
    label: 'building the Huffman tree',
    unit: null,
    step: null,
    steps: null,
  });
  expect(describePhase('other: thing')).toMatchObject({ label: 'other: thing', step: null });
  expect(describePhase(undefined)).toBeNull();
  expect(describePhase('  ')).toBeNull();
});

test('GloVe counts iterations and its step size is eta', () => {
  expect(progressLabels('glove')).toEqual({ epoch: 'iteration', alpha: 'eta' });
  expect(progressLabels('sgns')).toEqual({ epoch: 'epoch', alpha: 'alpha' });
});
