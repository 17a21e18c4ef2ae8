// The browser host: the contract over HTTP + WebSocket, and the built renderer.
// Binds loopback by default and wants the printed token on every /api/ request.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Duplex } from 'node:stream';
import { routes } from '../../src-preload/wire.ts';
import { dataDirFor } from '../service/paths.ts';
import type { LabService } from '../service/types.ts';
import { handleCall, handleUpload, type UploadOptions } from './api.ts';
import { EventSockets, refuseUpgrade } from './events.ts';
import { Guard, urlHost } from './guard.ts';
import { HttpError, securityHeaders, sendError, statusOf } from './respond.ts';
import { serveStatic } from './static.ts';

export interface ServerOptions {
  service: LabService;
  host?: string;
  /** 0 picks any free port */
  port?: number;
  /** the built renderer; without it only the API is served */
  rendererDir?: string;
  token?: string;
  /** bytes; larger uploads get 413 */
  uploadLimit?: number;
  log?: (line: string) => void;
}

export interface RunningServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const callPrefix = routes.call('');

export async function startServer(opts: ServerOptions): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = opts.token ?? randomBytes(32).toString('hex');
  const server = createServer();
  const port = await listen(server, host, opts.port ?? 0);
  const app = new App(opts, host, port, token);
  server.on('request', (req: IncomingMessage, res: ServerResponse) => void app.request(req, res));
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => app.upgrade(req, socket, head));
  return {
    url: `http://${urlHost(host)}:${port}/?token=${token}`,
    port,
    token,
    close: () => closeServer(server, app),
  };
}

class App {
  private readonly guard: Guard;
  private readonly events: EventSockets;
  private readonly headers: Record<string, string>;
  private readonly upload: UploadOptions;
  private readonly log: (line: string) => void;

  constructor(
    private readonly opts: ServerOptions,
    host: string,
    port: number,
    token: string,
  ) {
    this.guard = new Guard(token, host, port);
    this.events = new EventSockets(opts.service);
    this.headers = securityHeaders(csp(`${urlHost(host)}:${port}`));
    this.upload = { dir: join(dataDirFor(opts.service.dbPath), 'uploads'), limit: opts.uploadLimit ?? 2 ** 31 };
    this.log = opts.log ?? ((line) => console.error(`embedlab serve: ${line}`));
  }

  async request(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      // security headers on every answer, errors included
      for (const [k, v] of Object.entries(this.headers)) res.setHeader(k, v);
      if (url.pathname.startsWith('/api/')) await this.api(req, res, url);
      else await serveStatic(req, res, url, this.opts.rendererDir);
    } catch (err) {
      sendError(res, err, this.log);
    }
  }

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', 'http://localhost');
    try {
      if (url.pathname !== routes.events) throw new HttpError(404, 'Not Found');
      this.guard.check(req, url);
      this.events.accept(req, socket, head);
    } catch (err) {
      const status = statusOf(err as Error);
      refuseUpgrade(socket, status, status === 401 ? 'Unauthorized' : status === 403 ? 'Forbidden' : 'Not Found');
    }
  }

  close(): void {
    this.events.close();
  }

  private async api(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    this.guard.check(req, url);
    if (url.pathname.startsWith(callPrefix)) {
      await handleCall(req, res, this.opts.service, url.pathname.slice(callPrefix.length));
    } else if (url.pathname === routes.upload) {
      await handleUpload(req, res, this.opts.service, url, this.upload);
    } else {
      throw new HttpError(404, `no API route ${url.pathname}`);
    }
  }
}

function csp(hostPort: string): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    `connect-src 'self' ws://${hostPort}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function listen(server: Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function closeServer(server: Server, app: App): Promise<void> {
  app.close();
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // keep-alive connections would hold close() open until they time out
    server.closeAllConnections();
  });
}
