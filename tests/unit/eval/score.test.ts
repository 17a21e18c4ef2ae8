// scoreInWorker: the benchmarks run in a worker thread give the very numbers
// (and per-question answers) that the same code gives in this thread, which
// golden.test.ts holds to gensim's; files come back in order as each is done;
// a malformed file fails before any is scored; abort stops at once.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAnalogies } from '../../../src-main/core/eval/analogies.ts';
import { parseSimilarity } from '../../../src-main/core/eval/similarity.ts';
import {
  scoreAnalogies,
  scoreInWorker,
  scoreSimilarity,
  type EvalFileText,
  type FileScore,
} from '../../../src-main/core/eval/score.ts';
import { sharedData } from '../../helpers/paths.ts';
import { evalFixture, readWord2VecText } from './fixtures.ts';

const glove = readWord2VecText(sharedData('vectors/glove-6B-50d-top2445.w2v.txt'));
const file = (kind: EvalFileText['kind'], name: string): EvalFileText => ({
  kind,
  file: name,
  text: readFileSync(sharedData(name), 'utf8'),
});
const files = [
  file('analogy', 'questions-words.txt'),
  file('similarity', 'wordsim353.tsv'),
  file('similarity', 'rg65.tsv'),
];

/** the same scoring in this thread */
function inThread(f: EvalFileText, restrictVocab: number): FileScore {
  return f.kind === 'analogy'
    ? scoreAnalogies(glove, f.file, parseAnalogies(f.text, f.file), restrictVocab)
    : scoreSimilarity(glove, f.file, parseSimilarity(f.text, f.file), restrictVocab);
}

describe('scoreInWorker', () => {
  it.each([300_000, 1000])('gives what this thread gives, file by file (restrictVocab %i)', async (restrict) => {
    const progress: [number, number, number][] = [];
    const scored: number[] = [];
    const scores = await scoreInWorker(glove, files, restrict, {
      onProgress: (index, fraction, items) => progress.push([index, fraction, items]),
      onScored: (index) => {
        // every progress report of a file comes before its score
        expect(progress.every(([i]) => i <= index)).toBe(true);
        scored.push(index);
      },
    });
    expect(scored).toEqual([0, 1, 2]);
    expect(scores).toEqual(files.map((f) => inThread(f, restrict)));
    // gensim's accuracy on the GloVe sample (golden-glove.json)
    const golden = JSON.parse(readFileSync(evalFixture('golden-glove.json'), 'utf8')) as {
      analogies: { options: { restrict_vocab?: number }; score: number }[];
    };
    const want = golden.analogies.find((g) => (g.options.restrict_vocab ?? 300_000) === restrict)!;
    expect(scores[0].score).toMatchObject({ file: 'questions-words.txt', accuracy: want.score });
    // within the analogy file: rising fractions of its 19,544 questions' work, from 0 to 1
    const fractions = progress.map(([, f]) => f);
    expect(progress.every(([i, , items]) => i === 0 && items === 19_544)).toBe(true);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f >= fractions[i - 1])).toBe(true);
  });

  it('parses every file before scoring any: a malformed one names its file and line, nothing is scored', async () => {
    const bad: EvalFileText = { kind: 'similarity', file: 'bad.tsv', text: '# header\nking queen 8.5\nking\n' };
    const scored: number[] = [];
    const failure = scoreInWorker(glove, [files[0], bad], 300_000, { onScored: (i) => scored.push(i) });
    await expect(failure).rejects.toMatchObject({
      name: 'CorpusInputError',
      file: 'bad.tsv',
      message: expect.stringMatching(/^bad\.tsv:3: expected "word1<TAB>word2<TAB>score", found 1 field/),
    });
    expect(scored).toEqual([]);
  });

  it('abort in the middle of a file rejects at once, and nothing of that file comes back after', async () => {
    const controller = new AbortController();
    const after: string[] = [];
    const run = scoreInWorker(glove, files, 300_000, {
      signal: controller.signal,
      onProgress: (_, fraction) => {
        if (controller.signal.aborted) after.push(`progress ${fraction}`);
        else if (fraction > 0) controller.abort();
      },
      onScored: (i) => after.push(`scored ${i}`),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    // no progress and no score after the abort, even a while later
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(after).toEqual([]);
  });

  it('a callback that throws (a score that cannot be stored) fails the call and stops the worker', async () => {
    const calls: number[] = [];
    const run = scoreInWorker(glove, [files[1], files[2], files[0]], 300_000, {
      onProgress: (i) => calls.push(i),
      onScored: (i) => {
        calls.push(i);
        throw new Error(`cannot store file ${i}`);
      },
    });
    await expect(run).rejects.toThrow('cannot store file 0');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(calls).toEqual([0]);
  });
});
