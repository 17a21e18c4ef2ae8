import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultGloveParams, trainGlove } from '../../../src-main/core/train/glove/glove.ts';
import { sharedData, tempDir } from '../../helpers/paths.ts';
import { textLines, writeCorpus } from './corpus.ts';

const text = sharedData('corpus-tiny.txt');

describe.skipIf(!existsSync(text))('GloVe on corpus-tiny', () => {
  const { dir, cleanup } = tempDir('glove-tiny-');
  afterAll(() => cleanup());

  it('counts, shuffles and trains at dim 50, window 10, and reports its speed', async () => {
    const tokenFile = join(dir, 'tokens.bin');
    const corpus = writeCorpus(textLines(text), tokenFile);
    const iter = 3;
    const result = await trainGlove({
      tokenFile,
      counts: corpus.counts,
      params: { ...defaultGloveParams, dim: 50, window: 10, iter, threads: 1 },
      tmpDir: dir,
    });
    const { seconds, nonZero } = result;
    console.log(
      `corpus-tiny: ${corpus.counts.reduce((s, c) => s + c, 0)} tokens, vocabulary ${result.vocabSize} ` +
        `(min-count ${defaultGloveParams.minCount}); ${nonZero} co-occurrence entries in ${seconds.cooccur.toFixed(2)} s ` +
        `(${Math.round(nonZero / seconds.cooccur)} entries/s); shuffle ${seconds.shuffle.toFixed(2)} s; ` +
        `train ${(seconds.train / iter).toFixed(2)} s per iteration ` +
        `(${Math.round((nonZero * iter) / seconds.train)} records/s); loss ${result.epochLoss.map((l) => l.toFixed(4)).join(' ')}`,
    );
    expect(nonZero).toBeGreaterThan(0);
    expect(result.vectors.every(Number.isFinite)).toBe(true);
    expect(result.epochLoss[iter - 1]).toBeLessThan(result.epochLoss[0]);
    expect(readdirSync(dir)).toEqual(['tokens.bin']);
  });
});
