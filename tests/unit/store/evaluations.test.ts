import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src-main/core/store/db.ts';
import * as runs from '../../../src-main/core/store/runs.ts';
import {
  findEvaluation,
  latestEvaluations,
  latestQuestionsEval,
  pageOfQuestions,
  readQuestions,
  saveAnalogyEval,
  saveSimilarityEval,
} from '../../../src-main/core/store/evaluations.ts';
import type { AnalogyQuestionResult } from '../../../src-main/core/eval/analogies.ts';
import type { AnalogyEval, SimilarityEval } from '../../../src-preload/contract.ts';
import { tempDir } from '../../helpers/paths.ts';

const analogy: AnalogyEval = {
  file: 'q.txt',
  accuracy: 0.5,
  correct: 1,
  total: 2,
  coverage: 2 / 3,
  sections: [{ name: 's', correct: 1, total: 2, accuracy: 0.5, questionCount: 3 }],
};

const question = (over: Partial<AnalogyQuestionResult>): AnalogyQuestionResult => ({
  section: 's',
  line: 2,
  a: 'man',
  b: 'woman',
  c: 'king',
  expected: 'queen',
  evaluated: true,
  predicted: 'queen',
  correct: true,
  top: [
    { word: 'queen', similarity: 0.912345678 },
    { word: 'princess', similarity: 0.8 },
  ],
  rank: 1,
  ...over,
});

describe('stored evaluations', () => {
  let tmp: ReturnType<typeof tempDir>;
  let db: Db;
  let runId: number;

  beforeEach(() => {
    tmp = tempDir();
    db = openDatabase(join(tmp.dir, 'lab.sqlite'));
    runId = runs.insertRun(db, {
      name: 'r',
      method: 'sgns',
      corpusId: null,
      corpusName: null,
      status: 'done',
      params: {},
      codeVersion: 't',
    }).id;
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('finds a score only for the same file text, restrictVocab and vectors', () => {
    saveAnalogyEval(db, runId, analogy, { restrictVocab: 100, fileHash: 'h1' });
    const similarity: SimilarityEval = {
      file: 'p.tsv',
      spearman: null,
      pearson: null,
      pairs: 1,
      coverage: 0.5,
      oov: ['x'],
    };
    saveSimilarityEval(db, runId, similarity, { restrictVocab: 100, fileHash: 'h2' });
    const hit = findEvaluation(db, runId, 'analogy', 'q.txt', { restrictVocab: 100, fileHash: 'h1' }, null);
    expect(hit).toMatchObject({ ...analogy, restrictVocab: 100, fileHash: 'h1', evaluatedAt: expect.any(String) });
    expect(findEvaluation(db, runId, 'analogy', 'q.txt', { restrictVocab: 100, fileHash: 'other' }, null)).toBeNull();
    expect(findEvaluation(db, runId, 'analogy', 'q.txt', { restrictVocab: 50, fileHash: 'h1' }, null)).toBeNull();
    expect(findEvaluation(db, runId, 'similarity', 'q.txt', { restrictVocab: 100, fileHash: 'h1' }, null)).toBeNull();
    // made before the run last finished: of vectors since replaced
    expect(
      findEvaluation(db, runId, 'analogy', 'q.txt', { restrictVocab: 100, fileHash: 'h1' }, '9999-01-01T00:00:00.000Z'),
    ).toBeNull();
    expect(
      findEvaluation(db, runId, 'similarity', 'p.tsv', { restrictVocab: 100, fileHash: 'h2' }, null),
    ).toMatchObject({ spearman: null, oov: ['x'] });
  });

  it('keeps every question compactly, leaves them out of score listings, and pages through them', () => {
    const questions = [
      question({}),
      question({ line: 3, c: 'boy', expected: 'girl', predicted: 'prince', correct: false, rank: 4 }),
      question({
        section: 't',
        line: 5,
        c: 'xyzzy',
        evaluated: false,
        predicted: null,
        correct: false,
        top: [],
        rank: null,
      }),
    ];
    saveAnalogyEval(db, runId, analogy, { restrictVocab: 100, fileHash: 'h1' }, questions);
    const listed = latestEvaluations(db, runId).analogies[0];
    expect(listed).not.toHaveProperty('questions');
    expect(listed.correct).toBe(1);
    const found = latestQuestionsEval(db, runId, 'q.txt')!;
    const { sections, rows } = readQuestions(db, found.id);
    expect(sections).toEqual(['s', 't']);
    expect(rows[0]).toEqual({
      index: 0,
      section: 's',
      line: 2,
      a: 'man',
      b: 'woman',
      c: 'king',
      expected: 'queen',
      evaluated: true,
      correct: true,
      predicted: 'queen',
      rank: 1,
      top: [
        { word: 'queen', score: 0.91235 },
        { word: 'princess', score: 0.8 },
      ],
    });
    expect(rows[2]).toMatchObject({ index: 2, section: 't', evaluated: false, rank: null, top: [] });
    expect(pageOfQuestions(rows, { failuresOnly: true, offset: 0, limit: 10 }).questions.map((q) => q.index)).toEqual([
      1,
    ]);
    expect(pageOfQuestions(rows, { section: 't', failuresOnly: false, offset: 0, limit: 10 }).total).toBe(1);
    expect(pageOfQuestions(rows, { failuresOnly: false, offset: 1, limit: 1 })).toMatchObject({
      total: 3,
      offset: 1,
      questions: [rows[1]],
    });
    // an evaluation without questions is passed over for the one with them
    saveAnalogyEval(db, runId, analogy, { restrictVocab: 100, fileHash: 'h1' });
    expect(latestQuestionsEval(db, runId, 'q.txt')!.id).toBe(found.id);
    expect(latestQuestionsEval(db, runId, 'other.txt')).toBeNull();
  });
});
