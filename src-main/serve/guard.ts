// Who may use the API: the holder of the token, talking to the address we
// bound (a DNS-rebinding page arrives with its own Host name and is refused).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { HttpError } from './respond.ts';

export class Guard {
  private readonly digest: Buffer;
  private readonly hosts: Set<string> | null;

  constructor(token: string, bindHost: string, port: number) {
    this.digest = sha256(token);
    this.hosts = allowedHosts(bindHost, port);
  }

  /** throws 403 for a foreign Host/Origin, 401 without the right token */
  check(req: IncomingMessage, url: URL): void {
    this.checkHost(req);
    if (!this.hasToken(req, url))
      throw new HttpError(401, 'missing or wrong token: open the URL that embedlab serve printed');
  }

  private checkHost(req: IncomingMessage): void {
    const host = (req.headers.host ?? '').toLowerCase();
    if (this.hosts && !this.hosts.has(host)) throw new HttpError(403, `unexpected Host header "${host}"`);
    const origin = req.headers.origin;
    if (origin !== undefined && origin.toLowerCase() !== `http://${host}`) {
      throw new HttpError(403, `cross-origin request from ${origin} refused`);
    }
  }

  private hasToken(req: IncomingMessage, url: URL): boolean {
    const header = req.headers.authorization;
    const bearer = header?.startsWith('Bearer ') ? header.slice(7).trim() : undefined;
    const given = bearer ?? url.searchParams.get('token');
    // compare digests: equal lengths, and timing says nothing about the token
    return given !== null && given !== undefined && timingSafeEqual(sha256(given), this.digest);
  }
}

// a wildcard bind is reached by names we cannot know; the token still guards it
function allowedHosts(bindHost: string, port: number): Set<string> | null {
  if (bindHost === '0.0.0.0' || bindHost === '::') return null;
  return new Set([`${urlHost(bindHost)}:${port}`, `localhost:${port}`].map((h) => h.toLowerCase()));
}

export function urlHost(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

function sha256(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
