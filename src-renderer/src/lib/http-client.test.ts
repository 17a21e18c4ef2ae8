import { afterEach, describe, expect, test, vi } from 'vitest';
import { methodNames } from '../../../src-preload/contract.ts';
import { decodeWire, encodeWire } from '../../../src-preload/wire.ts';
import { createHttpClient, takeToken, type SocketLike } from './http-client.ts';

interface Seen {
  url: string;
  init: RequestInit;
}

function fakeFetch(answer: (url: string, init: RequestInit) => { status?: number; body: string }) {
  const seen: Seen[] = [];
  const fetch = (async (url: string, init: RequestInit) => {
    seen.push({ url, init });
    const { status = 200, body } = answer(url, init);
    return new Response(body, { status });
  }) as unknown as typeof globalThis.fetch;
  return { fetch, seen };
}

class FakeSocket implements SocketLike {
  static all: FakeSocket[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  closed = false;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  close() {
    this.closed = true;
  }
  open() {
    this.onopen?.({});
  }
  drop() {
    this.onclose?.({});
  }
  send(event: string, payload: unknown) {
    this.onmessage?.({ data: encodeWire({ event, payload }) });
  }
}

afterEach(() => {
  FakeSocket.all = [];
  vi.useRealTimers();
});

describe('requests', () => {
  test('every contract method is there, posting JSON with the bearer token', async () => {
    const { fetch, seen } = fakeFetch(() => ({ body: JSON.stringify({ result: [] }) }));
    const lab = createHttpClient({ origin: 'http://127.0.0.1:7860/', token: 'tok', fetch });
    for (const m of methodNames) expect(typeof lab[m]).toBe('function');

    await expect(lab.listRuns({})).resolves.toEqual([]);
    await lab.neighbors({ run: 'r', word: 'king', k: 5 });
    expect(seen[0].url).toBe('http://127.0.0.1:7860/api/call/listRuns');
    expect(seen[0].init.method).toBe('POST');
    expect((seen[0].init.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(seen[1].url).toBe('http://127.0.0.1:7860/api/call/neighbors');
    expect(JSON.parse(seen[1].init.body as string)).toEqual({ run: 'r', word: 'king', k: 5 });
  });

  test('Float32Array survives the trip', async () => {
    const coords = new Float32Array([1.5, -2, 3.25]);
    const { fetch } = fakeFetch(() => ({ body: encodeWire({ result: { words: ['a'], coords } }) }));
    const lab = createHttpClient({ origin: 'http://h', token: null, fetch });
    const p = await lab.project({ run: 'r', words: 1 });
    expect(p.coords).toBeInstanceOf(Float32Array);
    expect([...p.coords]).toEqual([1.5, -2, 3.25]);
  });

  test("errors carry the host's message verbatim", async () => {
    const { fetch } = fakeFetch(() => ({
      status: 400,
      body: JSON.stringify({ error: { message: 'train: params.dim: dim must be at least 1' } }),
    }));
    const lab = createHttpClient({ origin: 'http://h', token: 't', fetch });
    await expect(lab.train({ corpus: 'c', name: 'n', method: 'sgns', params: { dim: 0 } })).rejects.toThrow(
      /^train: params\.dim: dim must be at least 1$/,
    );
  });

  test('a refused token, a bare HTTP error, and no host at all', async () => {
    let status = 401;
    const { fetch } = fakeFetch(() => ({ status, body: 'nope' }));
    const lab = createHttpClient({ origin: 'http://h', token: 'bad', fetch });
    await expect(lab.listRuns({})).rejects.toThrow(/refused this page's token \(HTTP 401\)/);
    status = 502;
    await expect(lab.listRuns({})).rejects.toThrow('listRuns: HTTP 502');

    const down = createHttpClient({
      origin: 'http://h',
      token: null,
      fetch: (() => Promise.reject(new TypeError('Failed to fetch'))) as unknown as typeof globalThis.fetch,
    });
    await expect(down.listRuns({})).rejects.toThrow('listRuns: cannot reach the lab host (Failed to fetch)');
  });

  test('upload sends the raw body with the file name and returns the id', async () => {
    const { fetch, seen } = fakeFetch(() => ({ body: JSON.stringify({ result: { uploadId: 'f'.repeat(32) } }) }));
    const lab = createHttpClient({ origin: 'http://h', token: 't', fetch });
    const file = new Blob(['some text']);
    expect(await lab.upload(file, 'my notes.txt')).toBe('f'.repeat(32));
    expect(seen[0].url).toBe('http://h/api/upload?name=my%20notes.txt');
    expect(seen[0].init.body).toBe(file);
    expect((seen[0].init.headers as Record<string, string>).Authorization).toBe('Bearer t');
  });
});

describe('events', () => {
  function client() {
    return createHttpClient({
      origin: 'https://h:1',
      token: 'a b',
      fetch: fakeFetch(() => ({ body: '{}' })).fetch,
      openSocket: (url) => new FakeSocket(url),
      backoff: { initialMs: 100, maxMs: 1000 },
      random: () => 0,
    });
  }

  test('one socket with the token; messages are decoded and dispatched by name', () => {
    const lab = client();
    const jobs: unknown[] = [];
    const changes: unknown[] = [];
    lab.on('job', (p) => jobs.push(p));
    lab.on('changed', (p) => changes.push(p));
    expect(FakeSocket.all).toHaveLength(1);
    const s = FakeSocket.all[0];
    expect(s.url).toBe('wss://h:1/api/events?token=a%20b');
    s.open();
    s.send('job', { job: { id: 'j' } });
    s.send('changed', { what: 'runs' });
    s.send('unknown', {});
    s.onmessage?.({ data: 'not json' });
    expect(jobs).toEqual([{ job: { id: 'j' } }]);
    expect(changes).toEqual([{ what: 'runs' }]);
  });

  test('projection frames arrive too, coordinates as a Float32Array', () => {
    const lab = client();
    const frames: { epoch: number; coords: Float32Array }[] = [];
    lab.on('projection', (p) => frames.push(p));
    const coords = new Float32Array([1, 2, 3, 4]);
    FakeSocket.all[0].send('projection', { jobId: 'j', run: 'r', dims: 2, epoch: 1, epochs: 2, coords });
    expect(frames).toHaveLength(1);
    expect(frames[0].coords).toBeInstanceOf(Float32Array);
    expect([...frames[0].coords]).toEqual([1, 2, 3, 4]);
  });

  test('payload typed arrays are decoded', () => {
    const lab = client();
    let got: unknown;
    lab.on('job', (p) => (got = p));
    FakeSocket.all[0].onmessage?.({ data: encodeWire({ event: 'job', payload: { v: new Float32Array([1, 2]) } }) });
    expect((got as { v: Float32Array }).v).toBeInstanceOf(Float32Array);
  });

  test('reconnects with growing delays, then tells listeners to reload', () => {
    vi.useFakeTimers();
    const lab = client();
    const states: string[] = [];
    lab.onConnection((s) => states.push(s));
    const changes: unknown[] = [];
    lab.on('changed', (p) => changes.push(p));
    FakeSocket.all[0].open();
    expect(states).toEqual(['closed', 'connecting', 'open']);

    FakeSocket.all[0].drop();
    expect(states.at(-1)).toBe('connecting');
    vi.advanceTimersByTime(99);
    expect(FakeSocket.all).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(2);
    FakeSocket.all[1].drop(); // fails again: waits twice as long
    vi.advanceTimersByTime(199);
    expect(FakeSocket.all).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(FakeSocket.all).toHaveLength(3);

    FakeSocket.all[2].open();
    expect(changes).toEqual([{ what: 'corpora' }, { what: 'runs' }]);
    expect(states.at(-1)).toBe('open');

    // after a successful open the delay starts small again
    FakeSocket.all[2].drop();
    vi.advanceTimersByTime(100);
    expect(FakeSocket.all).toHaveLength(4);
  });

  test('the delay is capped', () => {
    vi.useFakeTimers();
    const lab = client();
    lab.on('job', () => {});
    for (let i = 0; i < 8; i++) {
      FakeSocket.all.at(-1)!.drop();
      vi.advanceTimersByTime(1000);
    }
    expect(FakeSocket.all).toHaveLength(9);
  });

  test('the last unsubscribe closes the socket; close() stops reconnecting', () => {
    vi.useFakeTimers();
    const lab = client();
    const off1 = lab.on('job', () => {});
    const off2 = lab.on('changed', () => {});
    const s = FakeSocket.all[0];
    off1();
    expect(s.closed).toBe(false);
    off2();
    expect(s.closed).toBe(true);

    lab.on('job', () => {});
    expect(FakeSocket.all).toHaveLength(2);
    lab.close();
    expect(FakeSocket.all[1].closed).toBe(true);
    vi.advanceTimersByTime(10_000);
    expect(FakeSocket.all).toHaveLength(2);
  });
});

describe('takeToken', () => {
  function storage(initial: Record<string, string> = {}) {
    const data = new Map(Object.entries(initial));
    return {
      data,
      getItem: (k: string) => data.get(k) ?? null,
      setItem: (k: string, v: string) => void data.set(k, v),
    };
  }

  test('reads ?token=, keeps it for the tab, removes it from the address bar', () => {
    const replaced: string[] = [];
    const hist = {
      state: null,
      replaceState: (_s: unknown, _t: string, url?: string | URL | null) => void replaced.push(String(url)),
    };
    const store = storage();
    const token = takeToken({ search: '?token=abc123&x=1', pathname: '/', hash: '#explore' }, hist, store);
    expect(token).toBe('abc123');
    expect(replaced).toEqual(['/?x=1#explore']);
    expect(store.data.get('embedlab.token')).toBe('abc123');
  });

  test('falls back to the session (a reload), or null', () => {
    const hist = { state: null, replaceState: vi.fn() };
    expect(takeToken({ search: '', pathname: '/', hash: '' }, hist, storage({ 'embedlab.token': 'kept' }))).toBe(
      'kept',
    );
    expect(takeToken({ search: '', pathname: '/', hash: '' }, hist, null)).toBeNull();
    expect(hist.replaceState).not.toHaveBeenCalled();
  });
});

test('decodeWire is what the client uses (sanity)', () => {
  expect(decodeWire<{ result: number }>(JSON.stringify({ result: 1 })).result).toBe(1);
});
