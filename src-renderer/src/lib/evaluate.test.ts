import { describe, expect, test } from 'vitest';
import type { EvalReport } from '../../../src-preload/contract.ts';
import { DEFAULT_RESTRICT_VOCAB, EvalStore, evalSetTitle } from './evaluate.svelte.ts';
import { createFakeLab, deferred, settle } from './testing/fake-lab.ts';

const SETS = { analogies: ['questions-words.txt'], similarity: ['mc30.tsv', 'wordsim353.tsv'] };

function report(run: string, over: Partial<EvalReport> = {}): EvalReport {
  return {
    run,
    restrictVocab: 300000,
    analogies: [
      {
        file: 'questions-words.txt',
        accuracy: 0.5,
        correct: 10,
        total: 20,
        coverage: 0.001,
        sections: [{ name: 'capital-common-countries', correct: 10, total: 20, accuracy: 0.5, questionCount: 506 }],
      },
    ],
    similarity: [{ file: 'mc30.tsv', spearman: 0.61, pearson: 0.58, pairs: 20, coverage: 0.67, oov: ['rooster'] }],
    ...over,
  };
}

const empty = (run: string): EvalReport => ({ run, restrictVocab: 0, analogies: [], similarity: [] });

describe('EvalStore', () => {
  test('restrict vocabulary starts at the contract default', () => {
    expect(DEFAULT_RESTRICT_VOCAB).toBe(300000);
    expect(new EvalStore(createFakeLab().lab).restrictVocab).toBe(300000);
  });

  test('loads the built-in sets once, all checked', async () => {
    const fake = createFakeLab({ evalSets: () => SETS });
    const store = new EvalStore(fake.lab);
    await Promise.all([store.loadSets(), store.loadSets()]);
    await store.loadSets();
    expect(fake.argsOf('evalSets')).toHaveLength(1);
    expect([...store.chosen.analogies]).toEqual(['questions-words.txt']);
    expect([...store.chosen.similarity]).toEqual(['mc30.tsv', 'wordsim353.tsv']);
    expect(store.chosenCount).toBe(3);
  });

  test('picking a run shows its stored scores; a run never scored shows none', async () => {
    const fake = createFakeLab({
      evaluations: ({ run }) => (run === 'scored' ? report('scored', { restrictVocab: 0 }) : empty(run)),
    });
    const store = new EvalStore(fake.lab);
    await store.select('scored');
    expect(store.report?.analogies[0].accuracy).toBe(0.5);
    expect(store.source).toBe('stored');
    await store.select('fresh-run');
    expect(store.report).toBeNull();
    expect(store.source).toBeNull();
    expect(fake.argsOf('evaluations')).toEqual([{ run: 'scored' }, { run: 'fresh-run' }]);
  });

  test('a slow stored answer for the previous run is dropped', async () => {
    const answers = [deferred<EvalReport>(), deferred<EvalReport>()];
    let i = 0;
    const fake = createFakeLab({ evaluations: () => answers[i++].promise });
    const store = new EvalStore(fake.lab);
    const first = store.select('a');
    const second = store.select('b');
    answers[1].resolve(report('b'));
    await second;
    answers[0].resolve(report('a'));
    await first;
    expect(store.run).toBe('b');
    expect(store.report?.run).toBe('b');
  });

  test('Evaluate sends the checked sets in the host’s order and restrictVocab; busy meanwhile', async () => {
    const answer = deferred<EvalReport>();
    const fake = createFakeLab({
      evalSets: () => SETS,
      evaluations: ({ run }) => empty(run),
      evaluate: () => answer.promise,
    });
    const store = new EvalStore(fake.lab);
    await store.loadSets();
    await store.select('r');
    store.toggle('similarity', 'mc30.tsv', false);
    store.toggle('similarity', 'mc30.tsv', true); // re-checked: order still the host's
    store.toggle('analogies', 'questions-words.txt', false);
    store.restrictVocab = 30000;
    const done = store.evaluate(() => 1000);
    expect(store.busy).toBe(true);
    expect(store.startedAt).toBe(1000);
    expect(fake.argsOf('evaluate')).toEqual([
      { run: 'r', analogies: [], similarity: ['mc30.tsv', 'wordsim353.tsv'], restrictVocab: 30000 },
    ]);
    answer.resolve(report('r', { restrictVocab: 30000 }));
    await done;
    expect(store.busy).toBe(false);
    expect(store.source).toBe('fresh');
    expect(store.report?.restrictVocab).toBe(30000);
  });

  test('all checked: every built-in set is named', async () => {
    const fake = createFakeLab({
      evalSets: () => SETS,
      evaluations: ({ run }) => empty(run),
      evaluate: ({ run }) => report(run),
    });
    const store = new EvalStore(fake.lab);
    await store.loadSets();
    await store.select('r');
    await store.evaluate();
    expect(fake.argsOf('evaluate')[0]).toEqual({
      run: 'r',
      analogies: ['questions-words.txt'],
      similarity: ['mc30.tsv', 'wordsim353.tsv'],
      restrictVocab: 300000,
    });
  });

  test('nothing is sent without a run, a set or a valid restrictVocab', async () => {
    const fake = createFakeLab({ evalSets: () => SETS, evaluations: ({ run }) => empty(run) });
    const store = new EvalStore(fake.lab);
    await store.loadSets();
    await store.evaluate();
    expect(store.error).toBe('Pick a run to evaluate.');
    await store.select('r');
    store.restrictVocab = 0;
    await store.evaluate();
    expect(store.error).toBe('Restrict vocabulary: enter a whole number of at least 1.');
    store.restrictVocab = null;
    await store.evaluate();
    expect(store.error).toBe('Restrict vocabulary: enter a whole number of at least 1.');
    store.restrictVocab = 1000;
    store.setAll('analogies', false);
    store.setAll('similarity', false);
    await store.evaluate();
    expect(store.error).toBe('Check at least one evaluation set.');
    expect(fake.argsOf('evaluate')).toHaveLength(0);
    store.setAll('similarity', true);
    expect(store.chosenCount).toBe(2);
  });

  test('the host error shows verbatim; the stored report stays', async () => {
    const fake = createFakeLab({
      evalSets: () => SETS,
      evaluations: ({ run }) => report(run),
      evaluate: () => {
        throw new Error('evaluate: no run "r"');
      },
    });
    const store = new EvalStore(fake.lab);
    await store.loadSets();
    await store.select('r');
    await store.evaluate();
    expect(store.error).toBe('evaluate: no run "r"');
    expect(store.source).toBe('stored');
    expect(store.busy).toBe(false);
  });

  test('an evaluation that ends after the user moved on is not shown on the other run', async () => {
    const answer = deferred<EvalReport>();
    const fake = createFakeLab({
      evalSets: () => SETS,
      evaluations: ({ run }) => empty(run),
      evaluate: () => answer.promise,
    });
    const store = new EvalStore(fake.lab);
    await store.loadSets();
    await store.select('a');
    const done = store.evaluate();
    await store.select('b');
    expect(store.busy).toBe(false); // busy belongs to run a
    expect(store.evaluating).toBe('a');
    answer.resolve(report('a'));
    await done;
    await settle();
    expect(store.run).toBe('b');
    expect(store.report).toBeNull();
    expect(store.evaluating).toBeNull();
  });

  test('well-known files get their common names', () => {
    expect(evalSetTitle('questions-words.txt')).toBe('Google analogies');
    expect(evalSetTitle('my-own.tsv')).toBeNull();
  });
});
