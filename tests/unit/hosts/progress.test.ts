import { describe, expect, it } from 'vitest';
import type { JobInfo } from '../../../src-preload/contract.ts';
import { createProgress } from '../../../src-main/cli/progress.ts';

function job(done: number): JobInfo {
  return {
    id: 'j',
    kind: 'train',
    status: 'running',
    target: 'r',
    error: null,
    createdAt: '',
    progress: { done, total: 1000, rate: 250_000, unit: 'words', etaSeconds: 65, loss: 2.5, alpha: 0.0125, epoch: 1 },
  };
}

describe('progress', () => {
  it('without a terminal, prints a plain line at most every five seconds', () => {
    let now = 0;
    const lines: string[] = [];
    const p = createProgress({ write: (t: string) => lines.push(t), isTTY: false }, 'train r', () => now);
    for (now = 0; now <= 12_000; now += 500) p.update(job(now / 20));
    expect(lines).toEqual([
      'train r: 25% 250/1.0k words, 250k words/s, epoch 1, loss 2.5000, alpha 0.01250, ETA 1:05\n',
      'train r: 50% 500/1.0k words, 250k words/s, epoch 1, loss 2.5000, alpha 0.01250, ETA 1:05\n',
    ]);
  });

  it('on a terminal, redraws one line with a bar and clears it at the end', () => {
    const out: string[] = [];
    const p = createProgress({ write: (t: string) => out.push(t), isTTY: true, columns: 200 }, 'train r', () => 1000);
    p.update(job(500));
    p.finish();
    const clear = '\r\x1b[2K';
    expect(out[0].startsWith(clear)).toBe(true);
    expect(out[0].slice(clear.length)).toMatch(
      /^train r \[#{12}-{12}\] 50% 500\/1\.0k words {2}250k words\/s .*loss 2\.5000 {2}alpha 0\.01250 {2}ETA 1:05$/,
    );
    expect(out[1]).toBe(clear);
  });
});
