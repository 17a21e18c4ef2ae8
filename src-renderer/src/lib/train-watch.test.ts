import { describe, expect, test } from 'vitest';
import type { TrainWatchFrame } from '../../../src-preload/contract.ts';
import { boundsOf, enteredNeighbors, parseWatchWords, startingPoints, tweenPoints } from './train-watch.ts';
import { TrainWatchState } from './train-watch.svelte.ts';
import { createFakeLab, settle } from './testing/fake-lab.ts';

function frame(index: number, lists: Record<string, string[]>, over: Partial<TrainWatchFrame> = {}): TrainWatchFrame {
  const words = over.words ?? ['the', 'of', ...Object.keys(lists)];
  return {
    jobId: 'j',
    run: 'r',
    index,
    epoch: index + 1,
    epochs: 3,
    wordsDone: (index + 1) * 1000,
    final: false,
    words,
    coords: new Float32Array(words.length * 2).map((_, i) => i + index),
    watched: Object.keys(lists),
    neighbors: Object.entries(lists).map(([word, ns]) => ({
      word,
      neighbors: ns.map((w, r) => ({ word: w, score: 1 - r / 10 })),
    })),
    seconds: 0.01,
    ...over,
  };
}

describe('watch panel arithmetic', () => {
  test('reads typed words: commas or spaces, repeats dropped, at most 12', () => {
    expect(parseWatchWords(' king, queen  war,,king ')).toEqual(['king', 'queen', 'war']);
    expect(parseWatchWords('')).toEqual([]);
    expect(parseWatchWords(Array.from({ length: 20 }, (_, i) => `w${i}`).join(' '))).toHaveLength(12);
  });

  test('marks the neighbours that entered a list since the previous frame; nothing on the first', () => {
    const a = frame(0, { war: ['peace', 'army', 'battle'], king: ['queen', 'prince'] });
    const b = frame(1, { war: ['army', 'treaty', 'peace'], king: ['queen', 'prince'] });
    expect(enteredNeighbors(a, null).get('war')).toEqual(new Set());
    const entered = enteredNeighbors(b, a);
    expect(entered.get('war')).toEqual(new Set(['treaty']));
    expect(entered.get('king')).toEqual(new Set());
    // a word watched only from this frame on: nothing to compare with, nothing marked
    const c = frame(2, { war: ['army'], city: ['town'] });
    expect(enteredNeighbors(c, b).get('city')).toEqual(new Set());
  });

  test('starts each point where its word is drawn, a new word at its place, and eases to the target', () => {
    const from = { words: ['a', 'b'], coords: Float32Array.of(0, 0, 10, 10) };
    const to = frame(1, {}, { words: ['b', 'c'], coords: Float32Array.of(20, 20, 5, 5), watched: [], neighbors: [] });
    const start = startingPoints(from, to);
    expect([...start]).toEqual([10, 10, 5, 5]);
    const out = new Float32Array(4);
    expect([...tweenPoints(start, to.coords, 0, out)]).toEqual([10, 10, 5, 5]);
    expect([...tweenPoints(start, to.coords, 1, out)]).toEqual([20, 20, 5, 5]);
    tweenPoints(start, to.coords, 0.5, out);
    expect(out[0]).toBeGreaterThan(15); // eased: past halfway at half time
    expect(out[0]).toBeLessThan(20);
  });

  test('bounds the points with a margin and survives a single point', () => {
    expect(boundsOf(Float32Array.of(0, 0, 10, 5), 0)).toEqual({ minX: 0, minY: 0, width: 10, height: 5 });
    const one = boundsOf(Float32Array.of(3, 3));
    expect(one.width).toBeGreaterThan(0);
    expect(boundsOf(new Float32Array(0))).toEqual({ minX: -1, minY: -1, width: 2, height: 2 });
  });
});

describe('TrainWatchState', () => {
  test('shows the latest frame at once, then the job’s events in order, keeping the one before', async () => {
    const fake = createFakeLab({ trainWatchLatest: () => frame(1, { war: ['army'] }) });
    const state = new TrainWatchState(fake.lab, 'j');
    const stop = state.start();
    await settle();
    expect(state.frame?.index).toBe(1);
    fake.emit('trainWatch', frame(2, { war: ['treaty'] }, { jobId: 'other' }));
    expect(state.frame?.index).toBe(1);
    fake.emit('trainWatch', frame(2, { war: ['treaty'] }));
    expect(state.frame?.index).toBe(2);
    expect(state.previous?.index).toBe(1);
    expect(state.entered.get('war')).toEqual(new Set(['treaty']));
    // a stale frame never replaces a newer one
    fake.emit('trainWatch', frame(1, { war: ['army'] }));
    expect(state.frame?.index).toBe(2);
    stop();
    expect(fake.listenerCount()).toBe(0);
  });

  test('asks the job to watch typed words and shows the host’s refusal', async () => {
    const fake = createFakeLab({
      trainWatchLatest: () => null,
      watchTraining: ({ watch }) => {
        if (watch.words?.includes('zzz'))
          throw new Error('watch.words: "zzz" is not among the 10 words this run trains');
        return { watched: watch.words ?? [] };
      },
    });
    const state = new TrainWatchState(fake.lab, 'j');
    await state.watch('king, war');
    expect(fake.argsOf('watchTraining')).toEqual([{ jobId: 'j', watch: { words: ['king', 'war'] } }]);
    expect(state.error).toBeNull();
    await state.watch('zzz');
    expect(state.error).toMatch(/"zzz" is not among/);
    expect(state.busy).toBe(false);
  });
});
