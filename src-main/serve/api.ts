// The API routes: one POST per contract request, and file uploads.
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { basename, extname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { isMethod, parseArgs, type Method } from '../../src-preload/contract.ts';
import type { LabService } from '../service/types.ts';
import { HttpError, readJson, sendJson } from './respond.ts';

export async function handleCall(
  req: IncomingMessage,
  res: ServerResponse,
  service: LabService,
  name: string,
): Promise<void> {
  if (!isMethod(name)) throw new HttpError(404, `unknown request "${name}"`);
  if (req.method !== 'POST') throw new HttpError(405, `use POST for ${name}`);
  const result = await call(service, name, await readJson(req));
  sendJson(res, 200, { result });
}

function call<M extends Method>(service: LabService, method: M, raw: unknown) {
  return service.handlers[method](parseArgs(method, raw));
}

export interface UploadOptions {
  dir: string;
  limit: number;
}

export async function handleUpload(
  req: IncomingMessage,
  res: ServerResponse,
  service: LabService,
  url: URL,
  opts: UploadOptions,
): Promise<void> {
  if (req.method !== 'POST') throw new HttpError(405, 'use POST to upload');
  const name = uploadName(url.searchParams.get('name'));
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > opts.limit) throw new HttpError(413, `file larger than ${opts.limit} bytes`);
  const path = await saveBody(req, opts, extname(name));
  sendJson(res, 200, { result: { uploadId: service.registerUpload(path, name) } });
}

function uploadName(raw: string | null): string {
  // keep only the last path part, whichever separator the browser used
  const name = basename((raw ?? '').replaceAll('\\', '/')).trim();
  if (!name || name === '.' || name === '..')
    throw new HttpError(400, 'name: give the file name as ?name=FILE', 'ContractError');
  if (name.length > 255) throw new HttpError(400, 'name: longer than 255 characters', 'ContractError');
  return name;
}

async function saveBody(req: IncomingMessage, opts: UploadOptions, ext: string): Promise<string> {
  await mkdir(opts.dir, { recursive: true });
  const safeExt = /^\.[a-z0-9]{1,8}$/i.test(ext) ? ext : '';
  const path = join(opts.dir, `${randomBytes(16).toString('hex')}${safeExt}`);
  try {
    await pipeline(limited(req, opts.limit), createWriteStream(path, { flags: 'wx', mode: 0o600 }));
    return path;
  } catch (err) {
    await rm(path, { force: true });
    throw err;
  }
}

async function* limited(req: IncomingMessage, limit: number): AsyncGenerator<Buffer> {
  let size = 0;
  // destroyOnReturn: false keeps the socket open so a 413 can still be answered
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `file larger than ${limit} bytes`);
    yield chunk;
  }
}
