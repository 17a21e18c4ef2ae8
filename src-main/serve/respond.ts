// Writing answers: JSON bodies, error statuses by error name, and the headers
// every response carries. No CORS header is ever set: the API is same-origin only.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { encodeWire } from '../../src-preload/wire.ts';
import { userErrorNames } from '../core/errors.ts';

/** an error that already knows its HTTP status */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    override readonly name = 'HttpError',
  ) {
    super(message);
  }
}

const statusByName: Record<string, number> = {
  NotFoundError: 404,
  UnknownWordError: 404,
  ConflictError: 409,
  StoreError: 409,
  AbortError: 409,
};

export function statusOf(err: Error): number {
  if (err instanceof HttpError) return err.status;
  if (userErrorNames.has(err.name)) return statusByName[err.name] ?? 400;
  return 500;
}

export function securityHeaders(csp: string): Record<string, string> {
  return {
    'Content-Security-Policy': csp,
    'X-Content-Type-Options': 'nosniff',
    // the page URL carries the token: never send it on as a Referer
    'Referrer-Policy': 'no-referrer',
    'Cache-Control': 'no-store',
  };
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const text = encodeWire(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
  });
  res.end(text);
}

export function sendError(res: ServerResponse, err: unknown, log: (line: string) => void): void {
  const e = err instanceof Error ? err : new Error(String(err));
  const status = statusOf(e);
  if (status === 500) log(`internal error: ${e.stack ?? e.message}`);
  if (res.headersSent) {
    res.destroy();
    return;
  }
  // a body the client is still sending is not read: close the connection after answering
  const close: Record<string, string> = status === 413 ? { Connection: 'close' } : {};
  const name = status === 500 ? 'Error' : e.name;
  sendJson(res, status, { error: { name, message: e.message } }, close);
}

const bodyLimit = 16 * 1024 * 1024;

/** reads a JSON request body; an empty body is `{}` */
export async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > bodyLimit) throw new HttpError(413, `request body larger than ${bodyLimit} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (!text) return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not valid JSON', 'ContractError');
  }
}
