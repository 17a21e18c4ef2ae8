import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src-main/core/store/db.ts';
import * as runs from '../../../src-main/core/store/runs.ts';
import {
  deleteCheckpoint,
  matrixNames,
  readCheckpoint,
  readMatrix,
  readMatrixRows,
  writeCheckpoint,
  writeMatrix,
} from '../../../src-main/core/store/matrices.ts';
import { readVectors, writeVectors } from '../../../src-main/core/store/vectors.ts';
import { tempDir } from '../../helpers/paths.ts';

describe('run matrices and checkpoints', () => {
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
      status: 'running',
      params: {},
      codeVersion: 't',
    }).id;
  });
  afterEach(() => {
    db.close();
    tmp.cleanup();
  });

  it('reads single rows from small blocks, including the last short block', () => {
    const cols = 7;
    const data = Float32Array.from({ length: 1000 * cols }, (_, i) => i * 0.5);
    writeMatrix(db, runId, 'ngrams', data, cols, 64 * cols * 4 + 3); // 64 rows per block
    const blocks = db.prepare("SELECT COUNT(*) AS n FROM run_matrices WHERE name = 'ngrams'").get() as { n: number };
    expect(blocks.n).toBe(Math.ceil(1000 / 64));
    const got = readMatrixRows(db, runId, 'ngrams', [999, 0, 64, 63, 999, 500])!;
    expect(got.cols).toBe(cols);
    expect(got.rows.map((r) => r[0] / 0.5 / cols)).toEqual([999, 0, 64, 63, 999, 500]);
    expect(Array.from(got.rows[5])).toEqual(Array.from(data.subarray(500 * cols, 501 * cols)));
    expect(() => readMatrixRows(db, runId, 'ngrams', [1000])).toThrow(/no row 1000/);
    expect(readMatrixRows(db, runId, 'missing', [0])).toBeNull();
    // the whole matrix still reads back in order
    expect(Buffer.from(readMatrix(db, runId, 'ngrams')!.data.buffer).equals(Buffer.from(data.buffer))).toBe(true);
  });

  it('round-trips a matrix larger than one block bit for bit', () => {
    const cols = 300;
    const data = new Float32Array(15_000 * cols); // just over one 16 MiB block
    for (let i = 0; i < data.length; i++) data[i] = (i % 977) * 1e-3 - 0.4;
    writeMatrix(db, runId, 'syn1neg', data, cols);
    const blocks = db.prepare('SELECT COUNT(*) AS n FROM run_matrices WHERE run_id = ?').get(runId) as { n: number };
    expect(blocks.n).toBeGreaterThan(1);
    const back = readMatrix(db, runId, 'syn1neg')!;
    expect(back.cols).toBe(cols);
    expect(Buffer.from(back.data.buffer).equals(Buffer.from(data.buffer))).toBe(true);
    expect(readMatrix(db, runId, 'nope')).toBeNull();
  });

  it('keeps one checkpoint per run, replaced each time, hidden from the matrix list', () => {
    writeMatrix(db, runId, 'syn1neg', new Float32Array(4), 2);
    writeCheckpoint(db, runId, {
      wordsDone: 10,
      epoch: 1,
      state: { threads: [1] },
      matrices: { syn0: new Float32Array([1, 2]) },
    });
    writeCheckpoint(db, runId, {
      wordsDone: 20,
      epoch: 2,
      state: { threads: [2] },
      matrices: { syn0: new Float32Array([3, 4]) },
    });
    const c = readCheckpoint(db, runId)!;
    expect(c).toMatchObject({ wordsDone: 20, epoch: 2, state: { threads: [2] } });
    expect(Array.from(c.matrices.syn0)).toEqual([3, 4]);
    expect(matrixNames(db, runId)).toEqual(['syn1neg']);
    deleteCheckpoint(db, runId);
    expect(readCheckpoint(db, runId)).toBeNull();
    expect(matrixNames(db, runId)).toEqual(['syn1neg']);
  });

  it('deleting a run removes its vectors, matrices and checkpoint', () => {
    writeVectors(db, runId, { words: ['a'], counts: [1], dim: 2, data: new Float32Array([1, 2]) });
    writeMatrix(db, runId, 'syn1neg', new Float32Array(2), 2);
    writeCheckpoint(db, runId, { wordsDone: 1, epoch: 1, state: {}, matrices: { syn0: new Float32Array(2) } });
    runs.deleteRun(db, 'r');
    for (const table of ['run_vocab', 'vector_blocks', 'run_matrices', 'checkpoints']) {
      expect(db.prepare(`SELECT COUNT(*) AS n FROM ${table}`).get()).toEqual({ n: 0 });
    }
    expect(readVectors(db, runId, 2).words).toEqual([]);
  });
});
