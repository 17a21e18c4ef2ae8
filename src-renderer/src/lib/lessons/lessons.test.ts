import { describe, expect, test } from 'vitest';
import type { Args, JobInfo, RunInfo, SubwordSplit } from '../../../../src-preload/contract.ts';
import { createFakeLab, deferred, settle } from '../testing/fake-lab.ts';
import { CoordinatesLesson } from './coordinates.svelte.ts';
import { denseWords } from './dense.ts';
import { DEMO_PARAMS, DEMO_RUN, DemoTrainer, preferredRun, waitForJob } from './demo-run.svelte.ts';
import { OneHotLesson } from './onehot.svelte.ts';
import { SubwordsLesson } from './subwords.svelte.ts';

// a tiny "run": known words have rows; "dog" is unseen but has n-grams (fastText); "xyz" has nothing
const rows: Record<string, number[]> = { cat: [1, 0], mouse: [0.6, 0.8], king: [0, 1], man: [1, 1], woman: [-1, 1] };
function unknownWord(w: string): Error {
  const e = new Error(`"${w}" is not in the vocabulary`);
  e.name = 'UnknownWordError';
  return e;
}

function runLab() {
  return createFakeLab({
    vectors: ({ run, words }) => {
      const known = words.filter((w) => rows[w]);
      return {
        run,
        words: known,
        dim: 2,
        vectors: new Float32Array(known.flatMap((w) => rows[w])),
        unknown: words.filter((w) => !rows[w]),
      };
    },
    subwords: ({ word }) => {
      const vector = word === 'dog' ? new Float32Array([0.8, 0.6]) : null;
      return { vector, vectorFrom: vector ? 'ngrams' : null } as SubwordSplit;
    },
    analogy: ({ a }) => {
      if (a === 'queen') throw unknownWord(a);
      return { results: [{ word: 'queen', score: 0.9 }], raw: [], rawVector: [] };
    },
  });
}

describe('denseWords', () => {
  test('tells known, n-gram-built and unknown words apart, with the cosines it can give', async () => {
    const fake = runLab();
    const d = await denseWords(fake.lab, 'r', ['cat', 'dog', 'xyz']);
    expect(d.status).toEqual(['known', 'subword', 'unknown']);
    expect(Array.from(d.vectors[0]!)).toEqual([1, 0]);
    expect(Array.from(d.vectors[1]!)).toEqual([0.8, 0.6].map(Math.fround));
    expect(d.vectors[2]).toBeNull();
    expect(fake.argsOf('subwords')).toEqual([
      { word: 'dog', run: 'r' },
      { word: 'xyz', run: 'r' },
    ]);
    expect(d.cosines[0][1]).toBeCloseTo(0.8, 6);
    expect(d.cosines[1][0]).toBeCloseTo(0.8, 6);
    expect(d.cosines[0][0]).toBe(1);
    expect(d.cosines[0][2]).toBeNull();
    expect(d.cosines[2][2]).toBeNull();
  });

  test('asks nothing for no words', async () => {
    const fake = runLab();
    expect((await denseWords(fake.lab, 'r', [])).words).toEqual([]);
    expect(fake.calls).toEqual([]);
  });
});

describe('OneHotLesson', () => {
  test("starts on the lecture's words with all one-hot cosines 0", () => {
    const lesson = new OneHotLesson(runLab().lab);
    expect(lesson.words).toEqual(['cat', 'dog', 'mouse']);
    expect(lesson.vectors).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
    ]);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) expect(lesson.cosines[i][j]).toBe(i === j ? 1 : 0);
  });

  test('loads dense vectors for a run, and nothing without one', async () => {
    const fake = runLab();
    const lesson = new OneHotLesson(fake.lab);
    await lesson.select('r');
    expect(lesson.dense?.status).toEqual(['known', 'subword', 'known']);
    expect(lesson.dense?.cosines[0][2]).toBeCloseTo(0.6, 6);
    await lesson.select(null);
    expect(lesson.dense).toBeNull();
  });

  test('applies typed words: trimmed, blanks and repeats dropped', async () => {
    const lesson = new OneHotLesson(runLab().lab);
    lesson.draft = [' king ', '', 'man', 'king'];
    await lesson.apply();
    expect(lesson.words).toEqual(['king', 'man']);
    expect(lesson.vectors).toEqual([
      [1, 0],
      [0, 1],
    ]);
    lesson.draft = ['  '];
    await lesson.apply();
    expect(lesson.words).toEqual(['king', 'man']);
  });

  test('shows the host error and keeps only the latest answer', async () => {
    const slow = deferred<{ run: string; words: string[]; dim: number; vectors: Float32Array; unknown: string[] }>();
    const fake = createFakeLab({
      vectors: ({ run }) => {
        if (run === 'slow') return slow.promise;
        throw new Error('no run named "gone"');
      },
    });
    const lesson = new OneHotLesson(fake.lab);
    const first = lesson.select('slow');
    await lesson.select('gone');
    expect(lesson.error).toBe('no run named "gone"');
    slow.resolve({ run: 'slow', words: [], dim: 2, vectors: new Float32Array(0), unknown: [] });
    await first;
    expect(lesson.dense).toBeNull();
    expect(lesson.error).toBe('no run named "gone"');
  });
});

describe('CoordinatesLesson', () => {
  test("works out king − man + woman on the lecture's table: [9, 8, 8], nearest queen", () => {
    const lesson = new CoordinatesLesson(runLab().lab);
    expect(lesson.result).toEqual([9, 8, 8]);
    expect(lesson.nearest[0]).toMatchObject({ word: 'queen', distance: 1 });
    expect(lesson.difference).toEqual([0, 1, 7]);
    expect(lesson.nearestDifference).toEqual([0, 0, 7]);
    expect(lesson.edited).toBe(false);
  });

  test('follows edits to the table, ignores what is not a number, and resets', () => {
    const lesson = new CoordinatesLesson(runLab().lab);
    const queen = lesson.words.indexOf('queen');
    lesson.setValue(queen, 1, 8); // the queen as old as the king
    expect(lesson.nearest[0]).toMatchObject({ word: 'queen', distance: 0 });
    expect(lesson.edited).toBe(true);
    lesson.setValue(queen, 1, Number.NaN);
    expect(lesson.rows[queen][1]).toBe(8);
    lesson.reset();
    expect(lesson.rows[queen]).toEqual([9, 7, 8]);
    expect(lesson.edited).toBe(false);
  });

  test('places the words a run has, from their cosines, and asks it the same analogy', async () => {
    const fake = runLab();
    const lesson = new CoordinatesLesson(fake.lab);
    await lesson.select('r');
    const learned = lesson.learned!;
    expect(learned.words).toEqual(['man', 'woman', 'king']);
    expect(learned.missing).toEqual(['boy', 'girl', 'queen', 'prince', 'princess']);
    expect(learned.coords).toHaveLength(9);
    // man and woman are orthogonal unit vectors: √2 apart in the layout
    const d = Math.hypot(...[0, 1, 2].map((k) => learned.coords[k] - learned.coords[3 + k]));
    expect(d).toBeCloseTo(Math.SQRT2, 4);
    expect(lesson.learnedAnalogy).toEqual([{ word: 'queen', score: 0.9 }]);
    expect(fake.argsOf('analogy')[0]).toMatchObject({ run: 'r', a: 'king', b: 'man', c: 'woman' });

    await lesson.setWords('queen', 'woman', 'man');
    expect(lesson.learnedAnalogy).toBeNull();
    expect(lesson.learnedAnalogyError).toMatch(/not in the vocabulary/);
  });
});

describe('SubwordsLesson', () => {
  const split = (args: Args<'subwords'>): SubwordSplit => ({
    word: args.word,
    minn: args.minn ?? 3,
    maxn: args.maxn ?? 6,
    bucket: 2_000_000,
    ngrams: ['<wh', 'whe', '<whe'],
    buckets: [1, 2, 3],
    wordpiece: ['where'],
    wordpieceIds: [2073],
    vocabulary: 'bert-base-uncased',
    vocabularySize: 30522,
    vector: null,
    vectorFrom: null,
  });

  test("starts on the lecture's word and groups the n-grams by length", async () => {
    const fake = createFakeLab({ subwords: split });
    const lesson = new SubwordsLesson(fake.lab);
    expect(lesson.word).toBe('unhappiness');
    lesson.word = ' where ';
    lesson.minn = 2;
    await lesson.load();
    expect(fake.argsOf('subwords')).toEqual([{ word: 'where', minn: 2, maxn: 6 }]);
    expect(lesson.groups.map((g) => [g.n, g.items.map((i) => i.gram)])).toEqual([
      [3, ['<wh', 'whe']],
      [4, ['<whe']],
    ]);
  });

  test('clears on an empty word, shows the host error', async () => {
    const fake = createFakeLab({
      subwords: (args) => {
        if (args.word.includes(' ')) throw new Error('subwords: word: one word, without spaces');
        return split(args);
      },
    });
    const lesson = new SubwordsLesson(fake.lab);
    await lesson.load();
    expect(lesson.result).not.toBeNull();
    lesson.word = 'two words';
    await lesson.load();
    expect(lesson.result).toBeNull();
    expect(lesson.error).toMatch(/one word/);
    lesson.word = '   ';
    await lesson.load();
    expect(lesson.error).toBeNull();
    expect(fake.argsOf('subwords')).toHaveLength(2);
  });
});

function job(id: string, status: JobInfo['status'], kind: JobInfo['kind'] = 'train'): JobInfo {
  return { id, kind, status, target: 'x', progress: null, error: status === 'failed' ? 'boom' : null, createdAt: '' };
}

function run(name: string, method: string, createdAt: string, status: RunInfo['status'] = 'done'): RunInfo {
  return { name, method, createdAt, status } as RunInfo;
}

describe('the demo run', () => {
  test('prefers the newest finished run trained here', () => {
    expect(
      preferredRun([
        run('lecture-coordinates', 'builtin', '2025-01-03'),
        run('old', 'sgns', '2025-01-01'),
        run('new', 'fasttext', '2025-01-02'),
        run('newest', 'sgns', '2025-01-04', 'failed'),
      ]),
    ).toBe('new');
    expect(preferredRun([run('lecture-coordinates', 'builtin', '')])).toBeNull();
  });

  test('waits for a job by its events', async () => {
    const fake = createFakeLab({ listJobs: () => [job('j', 'running')] });
    const done = waitForJob(fake.lab, 'j', 10_000);
    await settle();
    fake.emit('job', { job: job('other', 'done') });
    fake.emit('job', { job: job('j', 'done') });
    expect((await done).status).toBe('done');
    expect(fake.listenerCount()).toBe(0);
  });

  test('imports the demo corpus when missing, then trains fastText on it', async () => {
    const fake = createFakeLab({
      listRuns: () => [run(DEMO_RUN, 'fasttext', '', 'failed')],
      listCorpora: () => [],
      importCorpus: () => ({ jobId: 'imp' }),
      train: ({ name }) => ({ jobId: 'tr', run: name }),
      listJobs: () => [job('imp', 'done', 'import'), job('tr', 'done')],
    });
    const demo = new DemoTrainer(fake.lab);
    expect(await demo.prepare()).toBe(`${DEMO_RUN}-2`);
    expect(fake.argsOf('importCorpus')).toEqual([{ name: 'demo', source: { kind: 'demo' }, lowercase: true }]);
    expect(fake.argsOf('train')).toEqual([
      { corpus: 'demo', name: `${DEMO_RUN}-2`, method: 'fasttext', params: DEMO_PARAMS },
    ]);
    expect(demo.phase).toBe('idle');
    expect(demo.error).toBeNull();
  });

  test('reuses a finished demo run, and reports a failed training', async () => {
    const ready = createFakeLab({ listRuns: () => [run(DEMO_RUN, 'fasttext', '')] });
    expect(await new DemoTrainer(ready.lab).prepare()).toBe(DEMO_RUN);
    expect(ready.argsOf('train')).toEqual([]);

    const failing = createFakeLab({
      listRuns: () => [],
      listCorpora: () => [{ name: 'demo' } as never],
      train: ({ name }) => ({ jobId: 'tr', run: name }),
      listJobs: () => [job('tr', 'failed')],
    });
    const demo = new DemoTrainer(failing.lab);
    expect(await demo.prepare()).toBeNull();
    expect(demo.error).toBe('boom');
    expect(failing.argsOf('importCorpus')).toEqual([]);
  });
});
