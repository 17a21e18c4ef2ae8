import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { openDatabase, type Db } from '../../../src-main/core/store/db.ts';
import * as runs from '../../../src-main/core/store/runs.ts';
import {
  deleteCheckpoint,
  matrixNames,
  readCheckpoint,
  readMatrix,
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
