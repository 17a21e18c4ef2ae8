// Built-in vector sets a first launch shows at once.
import type { Db } from '../core/store/db.ts';
import * as runs from '../core/store/runs.ts';
import { writeVectors } from '../core/store/vectors.ts';
import { lectureCoordinates } from '../core/vectors/lecture.ts';
import { readVersion } from './resources.ts';

export const LECTURE_RUN = 'lecture-coordinates';

export function ensureBuiltins(db: Db): void {
  if (runs.findRun(db, LECTURE_RUN)) return;
  const { words, dims, values } = lectureCoordinates;
  db.transaction(() => {
    const run = runs.insertRun(db, {
      name: LECTURE_RUN,
      method: 'builtin',
      corpusId: null,
      corpusName: null,
      status: 'done',
      params: { description: 'the lecture notes’ hand-made coordinates', dims },
      codeVersion: readVersion(),
    });
    const data = Float32Array.from(values.flat());
    writeVectors(db, run.id, { words, counts: words.map(() => null), dim: dims.length, data });
    runs.finishRun(db, run.id, 'done', { seconds: 0, vocabSize: words.length, dim: dims.length });
  })();
}
