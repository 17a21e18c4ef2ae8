import { describe, expect, test } from 'vitest';
import type { CompareReport, CompareScore } from '../../../src-preload/contract.ts';
import {
  barChart,
  csvField,
  downloadName,
  leastStable,
  nextSort,
  placeMap,
  scoresCsv,
  scoreTable,
  sharedNeighbours,
  sortRows,
  visibleColumns,
  type Sort,
} from './compare.ts';
import { AlignState, ScoresState } from './compare.svelte.ts';
import { createFakeLab, settle } from './testing/fake-lab.ts';

const AT = '2025-01-01T00:00:00.000Z';

function analogy(run: string, value: number, sections: [string, number, number, number][]): CompareScore {
  return {
    run,
    file: 'questions-words.txt',
    kind: 'analogy',
    metric: 'accuracy',
    value,
    coverage: 0.25,
    evaluated: 100,
    sections: sections.map(([name, correct, total, questionCount]) => ({
      name,
      correct,
      total,
      accuracy: total ? correct / total : 0,
      questionCount,
    })),
    evaluatedAt: AT,
  };
}

function similarity(run: string, value: number | null, coverage = 0.5): CompareScore {
  return {
    run,
    file: 'mc30.tsv',
    kind: 'similarity',
    metric: 'spearman',
    value,
    coverage,
    evaluated: 15,
    pearson: null,
    evaluatedAt: AT,
  };
}

const REPORT: CompareReport = {
  runs: ['glove', 'sg', 'tiny'],
  restrictVocab: 300000,
  scores: [
    analogy('glove', 0.6, [
      ['capital', 6, 10, 20],
      ['family', 0, 0, 8],
    ]),
    similarity('glove', 0.7),
    analogy('sg', 0.1, [['capital', 1, 10, 20]]),
    similarity('sg', -0.2, 0.9),
    similarity('tiny', null, 0),
  ],
};

describe('scores table', () => {
  test('rows per run, a column per file, sections per analogy file', () => {
    const t = scoreTable(REPORT);
    expect(t.files.map((c) => [c.key, c.metric])).toEqual([
      ['questions-words.txt', 'accuracy'],
      ['mc30.tsv', 'spearman'],
    ]);
    expect(t.sections['questions-words.txt'].map((c) => c.key)).toEqual([
      'questions-words.txt#capital',
      'questions-words.txt#family',
    ]);
    expect(t.rows.map((r) => r.run)).toEqual(['glove', 'sg', 'tiny']);
    const glove = t.rows[0].cells;
    expect(glove['questions-words.txt#capital']).toEqual({ value: 0.6, coverage: 0.5, evaluated: 10 });
    // a section with no question asked has no accuracy, not 0%
    expect(glove['questions-words.txt#family']).toEqual({ value: null, coverage: 0, evaluated: 0 });
    expect(t.rows[2].cells['questions-words.txt']).toBeUndefined();
    expect(visibleColumns(t, new Set()).map((c) => c.key)).toEqual(['questions-words.txt', 'mc30.tsv']);
    expect(visibleColumns(t, new Set(['questions-words.txt'])).map((c) => c.key)).toEqual([
      'questions-words.txt',
      'questions-words.txt#capital',
      'questions-words.txt#family',
      'mc30.tsv',
    ]);
  });

  test('sorting puts runs without a number last in both directions, ties by name', () => {
    const rows = scoreTable(REPORT).rows;
    const order = (sort: Sort) => sortRows(rows, sort).map((r) => r.run);
    expect(order({ key: { by: 'value', column: 'mc30.tsv' }, descending: true })).toEqual(['glove', 'sg', 'tiny']);
    expect(order({ key: { by: 'value', column: 'mc30.tsv' }, descending: false })).toEqual(['sg', 'glove', 'tiny']);
    expect(order({ key: { by: 'value', column: 'questions-words.txt' }, descending: false })).toEqual([
      'sg',
      'glove',
      'tiny',
    ]);
    expect(order({ key: { by: 'coverage', column: 'mc30.tsv' }, descending: true })).toEqual(['sg', 'glove', 'tiny']);
    expect(order({ key: { by: 'run' }, descending: true })).toEqual(['tiny', 'sg', 'glove']);
  });

  test('a new column sorts descending first, the same column flips', () => {
    const start: Sort = { key: { by: 'run' }, descending: false };
    const a = nextSort(start, { by: 'value', column: 'mc30.tsv' });
    expect(a.descending).toBe(true);
    expect(nextSort(a, { by: 'value', column: 'mc30.tsv' }).descending).toBe(false);
    expect(nextSort(a, { by: 'coverage', column: 'mc30.tsv' }).descending).toBe(true);
    expect(nextSort(start, { by: 'run' }).descending).toBe(true);
  });
});

describe('CSV', () => {
  test('fields are quoted only when they must be, formulas defused', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(' edge')).toBe('" edge"');
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField(-0.25)).toBe('-0.25');
    expect(csvField(Number.NaN)).toBe('');
    expect(csvField(null)).toBe('');
  });

  test('every file and section with metric, coverage and count; rows in the order given', () => {
    const t = scoreTable(REPORT);
    const csv = scoresCsv(t, sortRows(t.rows, { key: { by: 'run' }, descending: true }));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(
      'run,questions-words.txt accuracy,questions-words.txt coverage,questions-words.txt evaluated,' +
        'questions-words.txt capital accuracy,questions-words.txt capital coverage,questions-words.txt capital evaluated,' +
        'questions-words.txt family accuracy,questions-words.txt family coverage,questions-words.txt family evaluated,' +
        'mc30.tsv spearman,mc30.tsv coverage,mc30.tsv evaluated',
    );
    expect(lines[1]).toBe('tiny,,,,,,,,,,,0,15');
    expect(lines[2]).toBe('sg,0.1,0.25,100,0.1,0.5,10,,,,-0.2,0.9,15');
    expect(lines[3]).toBe('glove,0.6,0.25,100,0.6,0.5,10,,0,0,0.7,0.5,15');
    expect(lines).toHaveLength(5);
    expect(lines[4]).toBe('');
  });

  test('download names keep safe characters only', () => {
    expect(downloadName(['compare', 'glove 6B', 'a/b'], 'csv')).toBe('compare-glove-6B-a-b.csv');
    expect(downloadName(['///'], 'csv')).toBe('compare.csv');
  });
});

describe('bar chart', () => {
  test('bars grow up from zero, a negative rho hangs below it, null gets no bar', () => {
    const t = scoreTable(REPORT);
    const box = { width: 240, height: 140, left: 40, bottom: 20, top: 20 };
    const c = barChart(t.rows, t.files, box);
    // the scale runs from -0.25 (the floor of -0.2 in quarters) to 1
    expect(c.lo).toBe(-0.25);
    expect(c.hi).toBe(1);
    const plot = box.height - box.top - box.bottom;
    expect(c.zeroY).toBeCloseTo(box.top + (1 / 1.25) * plot);
    expect(c.bars).toHaveLength(4);
    const glove = c.bars.find((b) => b.run === 'glove' && b.column === 'mc30.tsv')!;
    expect(glove.y + glove.height).toBeCloseTo(c.zeroY);
    expect(glove.height).toBeCloseTo((0.7 / 1.25) * plot);
    const sg = c.bars.find((b) => b.run === 'sg' && b.column === 'mc30.tsv')!;
    expect(sg.y).toBeCloseTo(c.zeroY);
    expect(sg.height).toBeCloseTo((0.2 / 1.25) * plot);
    // two groups of 100 px; three runs share 80% of each
    expect(c.groups.map((g) => g.x)).toEqual([90, 190]);
    expect(glove.width).toBeCloseTo(80 / 3);
    expect(c.ticks.map((k) => k.value)).toEqual([-0.25, 0, 0.25, 0.5, 0.75, 1]);
  });
});

describe('neighbours across runs', () => {
  const col = (known: boolean, words: string[]) => ({ known, neighbors: words.map((word) => ({ word })) });

  test('all: in every column that knows the word; most: in more than half', () => {
    const m = sharedNeighbours([
      col(true, ['queen', 'prince', 'throne']),
      col(true, ['queen', 'prince', 'castle']),
      col(true, ['queen', 'duke', 'castle']),
      col(false, []),
    ]);
    expect(m.get('queen')).toBe('all');
    expect(m.get('prince')).toBe('most');
    expect(m.get('castle')).toBe('most');
    expect(m.get('throne')).toBe(null);
    expect(m.get('duke')).toBe(null);
  });

  test('one column alone highlights nothing', () => {
    const m = sharedNeighbours([col(true, ['queen']), col(false, [])]);
    expect(m.get('queen')).toBe(null);
  });

  test('stability words: least stable first', () => {
    const rows = leastStable([
      { word: 'the', jaccard: 0.9, rbo: 0.9 },
      { word: 'king', jaccard: 0.2, rbo: 0.5 },
      { word: 'queen', jaccard: 0.2, rbo: 0.3 },
    ]);
    expect(rows.map((r) => r.word)).toEqual(['queen', 'king', 'the']);
  });
});

describe('aligned map placement', () => {
  test('one scale on both axes, the cloud centred, y pointing up', () => {
    const map = {
      words: ['a', 'b'],
      a: new Float32Array([0, 0, 5, 2, 1, 5]),
      b: new Float32Array([4, 0, 5, 2, 1, 5]),
      explained: [0.5, 0.3, 0.2],
    };
    const pts = placeMap(map, [0, 1], { width: 100, height: 100, pad: 10 });
    // x spans 0..4, y spans 0..1: the x span sets the scale, 80 px / 4
    expect(pts[0]).toEqual({ word: 'a', ax: 10, ay: 60, bx: 90, by: 60 });
    expect(pts[1]).toEqual({ word: 'b', ax: 50, ay: 40, bx: 50, by: 40 });
    const other = placeMap(map, [1, 2], { width: 100, height: 100, pad: 10 });
    expect(other[0].ay).toBeCloseTo(90);
  });
});

describe('ScoresState', () => {
  const report: CompareReport = { runs: ['a'], restrictVocab: 1000, scores: [similarity('a', 0.5)] };

  async function loaded(jobId: string | null) {
    const fake = createFakeLab({
      evalSets: () => ({ analogies: ['questions-words.txt'], similarity: ['mc30.tsv', 'rg65.tsv'] }),
      startCompare: () => ({ jobId }),
      compare: () => report,
    });
    const s = new ScoresState(fake.lab);
    await s.sets.loadSets();
    return { fake, s };
  }

  test('with a job: follows it, then reads the same comparison back', async () => {
    const { fake, s } = await loaded('j1');
    s.toggle('a', true);
    s.toggle('b', true);
    s.toggle('a', false);
    s.toggle('a', true);
    expect(s.picked).toEqual(['b', 'a']);
    s.sets.toggle('similarity', 'rg65.tsv', false);
    s.restrictVocab = 1000;
    await s.start();
    expect(s.jobId).toBe('j1');
    expect(fake.argsOf('startCompare')).toEqual([
      { runs: ['b', 'a'], analogies: ['questions-words.txt'], similarity: ['mc30.tsv'], restrictVocab: 1000 },
    ]);
    expect(fake.argsOf('compare')).toHaveLength(0);
    await s.jobEnded('done', null);
    expect(s.jobId).toBe(null);
    expect(fake.argsOf('compare')).toEqual(fake.argsOf('startCompare'));
    expect(s.report).toBe(report);
    expect(s.table?.rows.map((r) => r.run)).toEqual(['a']);
  });

  test('nothing to evaluate: reads at once; a cancelled job says so and reads nothing', async () => {
    const { fake, s } = await loaded(null);
    s.toggle('a', true);
    await s.start();
    expect(s.report).toBe(report);
    const other = await loaded('j2');
    other.s.toggle('a', true);
    await other.s.start();
    await other.s.jobEnded('cancelled', null);
    expect(other.s.error).toMatch(/Cancelled/);
    expect(other.fake.argsOf('compare')).toHaveLength(0);
    expect(fake.argsOf('compare')).toHaveLength(1);
  });

  test('bad input is refused before the host is asked', async () => {
    const { fake, s } = await loaded('j');
    await s.start();
    expect(s.error).toBe('Pick at least one run to compare.');
    s.toggle('a', true);
    s.restrictVocab = 0;
    await s.start();
    expect(s.error).toBe('Restrict vocabulary: enter a whole number from 1 to 100000000.');
    s.restrictVocab = 10;
    s.sets.setAll('analogies', false);
    s.sets.setAll('similarity', false);
    await s.start();
    expect(s.error).toBe('Check at least one evaluation set.');
    expect(fake.argsOf('startCompare')).toHaveLength(0);
  });

  test('runs that are gone leave the choice', async () => {
    const { s } = await loaded(null);
    s.toggle('a', true);
    s.toggle('b', true);
    s.keepOnly(new Set(['b']));
    expect(s.picked).toEqual(['b']);
  });
});

describe('AlignState', () => {
  test('two different runs are needed; the map words are sent', async () => {
    const fake = createFakeLab({ align: () => Promise.reject(new Error('no')) });
    const al = new AlignState(fake.lab);
    al.a = 'x';
    al.b = 'x';
    await al.align();
    expect(al.report.error).toBe('Choose two different runs.');
    al.b = 'y';
    al.mapWords = 50;
    al.focus = 'king';
    await al.align();
    await settle();
    expect(fake.argsOf('align')).toEqual([{ a: 'x', b: 'y', words: 10000, mapWords: 50, top: 50 }]);
    expect(al.focus).toBe(null);
    expect(al.report.error).toBe('no');
  });
});
