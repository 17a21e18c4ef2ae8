// The built renderer, served read-only from one folder.
import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { HttpError } from './respond.ts';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
};

export async function serveStatic(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  rootDir: string | undefined,
): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, `${req.method} is not allowed here`);
  if (!rootDir) throw new HttpError(404, 'the app page is not built: run npm run build:renderer');
  const file = await locate(rootDir, url.pathname);
  const info = await stat(file);
  res.writeHead(200, {
    'Content-Type': contentTypes[extname(file).toLowerCase()] ?? 'application/octet-stream',
    'Content-Length': info.size,
  });
  if (req.method === 'HEAD') res.end();
  else await pipeline(createReadStream(file), res);
}

/** the real path of a file inside root, or 404: no way out through `..`, encodings or links */
async function locate(rootDir: string, pathname: string): Promise<string> {
  const notFound = new HttpError(404, 'not found');
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    throw notFound;
  }
  if (decoded.includes('\0')) throw notFound;
  const root = await realpath(rootDir).catch(() => {
    throw notFound;
  });
  const real = await realpath(resolve(root, `.${decoded}`)).catch(() => {
    throw notFound;
  });
  if (!real.startsWith(root + sep)) throw notFound;
  if (!(await stat(real)).isFile()) throw notFound;
  return real;
}
