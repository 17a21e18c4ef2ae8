// The browser host: token and Host/Origin checks, static files, uploads and
// events. The contract round trips are in contract.test.ts.
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { CorpusInfo, JobInfo } from '../../../src-preload/contract.ts';
import { decodeWire } from '../../../src-preload/wire.ts';
import { startServer, type RunningServer } from '../../../src-main/serve/server.ts';
import { createFakeService } from '../../helpers/fake-service.ts';
import { tempDir } from '../../helpers/paths.ts';
import { openTestService, type TestService } from './service.ts';

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** a raw request: the path goes out exactly as written, unlike fetch */
function raw(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: string | Buffer,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString() }),
      );
    });
    req.on('error', reject);
    req.end(body);
  });
}

function refusedSocket(url: string, options: WebSocket.ClientOptions = {}): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, options);
    ws.on('open', () => reject(new Error('the socket opened')));
    ws.on('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      ws.terminate();
    });
    ws.on('error', () => {});
  });
}

let opened: TestService;
let server: RunningServer;
let rendererDir: string;
let port: number;
let token: string;
let cleanupDir: () => void;
const auth = () => ({ authorization: `Bearer ${token}` });

beforeAll(async () => {
  opened = await openTestService('browser');
  const tmp = tempDir('embedlab-serve-');
  cleanupDir = tmp.cleanup;
  rendererDir = join(tmp.dir, 'renderer');
  mkdirSync(join(rendererDir, 'assets'), { recursive: true });
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Embedding Lab</title>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log(1)');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'TOP SECRET');
  server = await startServer({ service: opened.service, rendererDir, log: () => {} });
  ({ port, token } = server);
});

afterAll(async () => {
  await server.close();
  await opened.close();
  cleanupDir();
});

describe('the token', () => {
  it('is 32 random bytes in hex, and in the printed URL', () => {
    expect(token).toMatch(/^[0-9a-f]{64}$/);
    expect(server.url).toBe(`http://127.0.0.1:${port}/?token=${token}`);
  });

  it.each([
    ['GET', '/api/call/appInfo'],
    ['POST', '/api/call/appInfo'],
    ['POST', '/api/call/noSuchMethod'],
    ['POST', '/api/upload?name=a.txt'],
    ['GET', '/api/events'],
    ['GET', '/api/anything/else'],
  ])('%s %s without it: 401', async (method, path) => {
    const r = await raw(port, method, path);
    expect(r.status).toBe(401);
    expect(JSON.parse(r.body)).toEqual({ error: { name: 'HttpError', message: expect.stringMatching(/token/) } });
  });

  it.each([
    { authorization: 'Bearer wrong' },
    { authorization: `Bearer ${'0'.repeat(64)}` },
    { authorization: `Basic ${token}` },
  ])('a wrong one is refused: %j', async (headers) => {
    expect((await raw(port, 'POST', '/api/call/appInfo', headers)).status).toBe(401);
  });

  it('a wrong one in the query is refused', async () => {
    expect((await raw(port, 'POST', '/api/call/appInfo?token=abc')).status).toBe(401);
  });

  it('is accepted as a Bearer header or in the query', async () => {
    expect((await raw(port, 'POST', '/api/call/appInfo', auth())).status).toBe(200);
    expect((await raw(port, 'POST', `/api/call/appInfo?token=${token}`)).status).toBe(200);
  });

  it('guards the WebSocket too', async () => {
    expect(await refusedSocket(`ws://127.0.0.1:${port}/api/events`)).toBe(401);
    expect(await refusedSocket(`ws://127.0.0.1:${port}/api/events?token=nope`)).toBe(401);
  });
});

describe('DNS rebinding and cross-origin requests', () => {
  it('refuses a foreign Host even with the token', async () => {
    const r = await raw(port, 'POST', '/api/call/appInfo', { ...auth(), host: `evil.example:${port}` });
    expect(r.status).toBe(403);
  });

  it('accepts localhost:PORT', async () => {
    expect((await raw(port, 'POST', '/api/call/appInfo', { ...auth(), host: `localhost:${port}` })).status).toBe(200);
  });

  it('refuses a foreign Origin, on requests and sockets', async () => {
    const r = await raw(port, 'POST', '/api/call/appInfo', { ...auth(), origin: 'http://evil.example' });
    expect(r.status).toBe(403);
    const socket = refusedSocket(`ws://127.0.0.1:${port}/api/events?token=${token}`, { origin: 'http://evil.example' });
    expect(await socket).toBe(403);
  });

  it('accepts its own origin', async () => {
    const r = await raw(port, 'POST', '/api/call/appInfo', { ...auth(), origin: `http://127.0.0.1:${port}` });
    expect(r.status).toBe(200);
  });

  it('never sends CORS headers, even when asked', async () => {
    const r = await raw(port, 'OPTIONS', '/api/call/appInfo', {
      origin: 'http://evil.example',
      'access-control-request-method': 'POST',
    });
    expect(r.status).not.toBe(204);
    const ok = await raw(port, 'POST', '/api/call/appInfo', auth());
    for (const answer of [r, ok])
      expect(Object.keys(answer.headers).filter((h) => h.startsWith('access-control-'))).toEqual([]);
  });
});

describe('static files', () => {
  it('serves the page at /?token= with a strict CSP', async () => {
    const r = await raw(port, 'GET', `/?token=${token}`);
    expect(r.status).toBe(200);
    expect(r.body).toContain('<title>Embedding Lab</title>');
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    const csp = String(r.headers['content-security-policy']);
    expect(csp).toContain(
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:",
    );
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${port}`);
    expect(r.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets with their content type', async () => {
    const r = await raw(port, 'GET', '/assets/app.js');
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/javascript; charset=utf-8');
  });

  it.each([
    '/../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/assets/..%2f..%2fsecret.txt',
    '/assets/%2e%2e%2f%2e%2e%2fsecret.txt',
    '/%00',
    '/%E0%A4%A',
    '/assets',
    '/missing.js',
  ])('%s: 404, and nothing from outside', async (path) => {
    const r = await raw(port, 'GET', path);
    expect(r.status).toBe(404);
    expect(r.body).not.toContain('SECRET');
  });

  it('refuses writes', async () => {
    expect((await raw(port, 'POST', '/index.html')).status).toBe(405);
  });
});

describe('the API', () => {
  it('unknown request: 404; wrong verb: 405; bad JSON and bad args: 400', async () => {
    expect((await raw(port, 'POST', '/api/call/dropTables', auth())).status).toBe(404);
    expect((await raw(port, 'POST', '/api/call/__proto__', auth())).status).toBe(404);
    expect((await raw(port, 'GET', '/api/call/appInfo', auth())).status).toBe(405);
    const badJson = await raw(port, 'POST', '/api/call/listRuns', auth(), '{nope');
    expect(badJson.status).toBe(400);
    const badArgs = await raw(
      port,
      'POST',
      '/api/call/neighbors',
      auth(),
      JSON.stringify({ run: 'lecture-coordinates', word: 42 }),
    );
    expect(badArgs.status).toBe(400);
    expect(JSON.parse(badArgs.body)).toEqual({
      error: { name: 'ContractError', message: expect.stringMatching(/^neighbors: word: /) },
    });
  });

  it('an empty body means no arguments', async () => {
    const r = await raw(port, 'POST', '/api/call/listRuns', auth());
    expect(r.status).toBe(200);
    expect(Array.isArray(JSON.parse(r.body).result)).toBe(true);
  });

  it('internal errors are 500 with the message', async () => {
    const fake = createFakeService();
    fake.handlers.listRuns = async () => {
      throw new RangeError('disk on fire');
    };
    const lines: string[] = [];
    const s = await startServer({ service: fake, log: (l) => lines.push(l) });
    try {
      const r = await raw(s.port, 'POST', '/api/call/listRuns', { authorization: `Bearer ${s.token}` });
      expect(r.status).toBe(500);
      expect(JSON.parse(r.body)).toEqual({ error: { name: 'Error', message: 'disk on fire' } });
      expect(lines.join('\n')).toMatch(/RangeError: disk on fire/);
      // no renderer folder given: the page says how to build it
      expect((await raw(s.port, 'GET', '/')).body).toMatch(/build:renderer/);
    } finally {
      await s.close();
    }
  });
});

describe('uploads and events', () => {
  function events(): {
    socket: WebSocket;
    until(pred: (e: { event: string; payload: { job?: JobInfo } }) => boolean): Promise<void>;
    opened: Promise<void>;
  } {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/api/events?token=${token}`);
    const seen: { event: string; payload: { job?: JobInfo } }[] = [];
    const waiters: (() => void)[] = [];
    socket.on('message', (data) => {
      seen.push(decodeWire(String(data)));
      waiters.forEach((w) => w());
    });
    return {
      socket,
      opened: new Promise((resolve, reject) => socket.once('open', () => resolve()).once('error', reject)),
      until: (pred) =>
        new Promise((resolve) => {
          const check = () => seen.some(pred) && resolve();
          waiters.push(check);
          check();
        }),
    };
  }

  it('uploads a file, imports it, and reports the job over the WebSocket', async () => {
    const feed = events();
    await feed.opened;
    const text = 'the king and the queen\nthe prince and the princess\n'.repeat(20);
    const up = await raw(port, 'POST', `/api/upload?name=${encodeURIComponent('../../royal.txt')}`, auth(), text);
    expect(up.status).toBe(200);
    const { uploadId } = JSON.parse(up.body).result as { uploadId: string };
    expect(uploadId).toMatch(/^[0-9a-f]{32}$/);

    const body = JSON.stringify({ name: 'royal', source: { kind: 'upload', uploadId } });
    const started = await raw(port, 'POST', '/api/call/importCorpus', auth(), body);
    expect(started.status).toBe(200);
    const { jobId } = JSON.parse(started.body).result as { jobId: string };
    await feed.until((e) => e.event === 'job' && e.payload.job?.id === jobId && e.payload.job.status === 'done');
    await feed.until((e) => e.event === 'changed');
    feed.socket.close();

    const list = await raw(port, 'POST', '/api/call/listCorpora', auth());
    const corpus = (JSON.parse(list.body).result as CorpusInfo[]).find((c) => c.name === 'royal');
    expect(corpus?.tokens).toBeGreaterThan(100);
    // importing it again under the same name is a conflict
    expect((await raw(port, 'POST', '/api/call/importCorpus', auth(), body)).status).toBe(409);
  });

  it('wants a file name', async () => {
    expect((await raw(port, 'POST', '/api/upload', auth(), 'x')).status).toBe(400);
    expect((await raw(port, 'POST', '/api/upload?name=..', auth(), 'x')).status).toBe(400);
  });

  it('refuses a file over the limit, declared or streamed, and keeps nothing', async () => {
    const fake = createFakeService({ dbPath: join(opened.dir, 'small.sqlite') });
    const s = await startServer({ service: fake, uploadLimit: 10, log: () => {} });
    const headers = { authorization: `Bearer ${s.token}` };
    try {
      const declared = await raw(s.port, 'POST', '/api/upload?name=a.txt', headers, 'x'.repeat(11));
      expect(declared.status).toBe(413);
      const streamed = await raw(
        s.port,
        'POST',
        '/api/upload?name=a.txt',
        { ...headers, 'transfer-encoding': 'chunked' },
        'x'.repeat(11),
      );
      expect(streamed.status).toBe(413);
      const fits = await raw(s.port, 'POST', '/api/upload?name=a.txt', headers, 'x'.repeat(10));
      expect(fits.status).toBe(200);
      expect(readdirSync(join(opened.dir, 'small.sqlite-data', 'uploads'))).toHaveLength(1);
    } finally {
      await s.close();
    }
  });
});

describe('close', () => {
  it('stops listening and drops sockets', async () => {
    const fake = createFakeService();
    const s = await startServer({ service: fake, log: () => {} });
    const socket = new WebSocket(`ws://127.0.0.1:${s.port}/api/events?token=${s.token}`);
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise((resolve) => socket.once('close', resolve));
    await s.close();
    await closed;
    await expect(raw(s.port, 'GET', '/')).rejects.toThrow(/ECONNREFUSED/);
  });
});
