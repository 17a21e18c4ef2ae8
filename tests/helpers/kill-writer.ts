// Child process for the store kill test: commits one run, then starts a large
// transaction, says so, and keeps writing until it is killed.
import { openDatabase } from '../../src-main/core/store/db.ts';
import * as runs from '../../src-main/core/store/runs.ts';
import { writeVectors } from '../../src-main/core/store/vectors.ts';

const db = openDatabase(process.argv[2]);
const base = { method: 'sgns', corpusId: null, corpusName: null, params: {}, codeVersion: 'test' };
const committed = runs.insertRun(db, { ...base, name: 'committed', status: 'done' });
const words = Array.from({ length: 1000 }, (_, i) => `w${i}`);
db.transaction(() =>
  writeVectors(db, committed.id, { words, counts: words.map(() => 1), dim: 8, data: new Float32Array(8000).fill(0.5) }),
)();

db.exec('BEGIN');
const doomed = runs.insertRun(db, { ...base, name: 'doomed', status: 'running' });
let announced = false;
for (let round = 0; ; round++) {
  const many = Array.from({ length: 5000 }, (_, i) => `r${round}-${i}`);
  writeVectors(db, doomed.id, { words: many, counts: many.map(() => 1), dim: 64, data: new Float32Array(5000 * 64) });
  if (!announced) {
    console.log('in-transaction');
    announced = true;
  }
}
