import { describe, expect, it } from 'vitest';
import { RateMeter } from '../../../src-main/service/rate.ts';
import { defaultDbPath } from '../../../src-main/service/paths.ts';

describe('RateMeter', () => {
  it('measures rate over the recent window and estimates the time left', () => {
    const m = new RateMeter();
    m.update(0, 1000, 0);
    expect(m.update(100, 1000, 1000)).toEqual({ rate: 100, etaSeconds: 9 });
    // a burst long ago falls out of the 5 s window
    m.update(200, 1000, 2000);
    const late = m.update(900, 1000, 9000);
    expect(late.rate).toBeCloseTo(100, 5);
    expect(late.etaSeconds).toBeCloseTo(1, 5);
  });

  it('has no ETA before anything moved', () => {
    expect(new RateMeter().update(0, 10, 5).etaSeconds).toBeNull();
  });
});

describe('defaultDbPath', () => {
  it('honours EMBEDDING_LAB_DB, else the platform app-data folder', () => {
    expect(defaultDbPath({ EMBEDDING_LAB_DB: '/x/y.sqlite' }, 'linux')).toBe('/x/y.sqlite');
    expect(defaultDbPath({ XDG_DATA_HOME: '/data' }, 'linux')).toBe('/data/Embedding Lab/lab.sqlite');
    expect(defaultDbPath({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32')).toMatch(
      /Roaming.Embedding Lab.lab\.sqlite$/,
    );
  });
});
